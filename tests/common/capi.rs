//! The C API as the tests call it: the very `nlrs_*` functions, constants and `repr(C)` types
//! that C programs call through `libnlrs.h`, taken from the crate's C ABI module rather than
//! declared a second time. Every test reaches the C API through this one import, so a move of
//! the C library changes one line here. Below it, the helpers several C API tests share,
//! written as a careful C program would write them.

// Each test uses a part.
#[allow(unused_imports)]
pub use nlrs::ffi::{
    batch::*, consts::*, dump::*, error::*, events::*, extack::*, family::*, genl::*, mirror::*,
    mirror_lookup::*, msg::*, request::*, rmsg::*, rtnl::*, rtnl_addr::*, rtnl_link::*,
    rtnl_neigh::*, rtnl_route::*, socket::*, version::*,
};

use std::ffi::{c_char, CStr};
use std::ptr;

use nlrs::wire::consts::proto;
use nlrs::wire::IfInfoMsg;

/// A pointer value no call may write: out-parameters must stay untouched on failure.
pub fn sentinel<T>() -> *mut T {
    0x5a5a_5a50usize as *mut T
}

/// A new routing socket.
pub fn route_socket() -> *mut nlrs_socket {
    let mut s = ptr::null_mut();
    assert_eq!(nlrs_socket_open(proto::ROUTE, 0, &mut s), 0);
    assert!(!s.is_null());
    s
}

/// A new message of type `ty` with `flags`.
pub fn new_msg(ty: u16, flags: u16) -> *mut nlrs_msg {
    let mut m = ptr::null_mut();
    assert_eq!(nlrs_msg_new(ty, flags, &mut m), 0);
    m
}

/// A link message with an `ifinfomsg` for `index`.
pub fn link_msg(ty: u16, flags: u16, index: i32) -> *mut nlrs_msg {
    let m = new_msg(ty, flags);
    let hdr = IfInfoMsg {
        index,
        ..Default::default()
    };
    let rc = nlrs_msg_put_header(
        m,
        (&hdr as *const IfInfoMsg).cast(),
        std::mem::size_of::<IfInfoMsg>(),
    );
    assert_eq!(rc, 0);
    m
}

/// The text of a C string the library returned, `None` for NULL.
pub fn c_string(p: *const c_char) -> Option<String> {
    // SAFETY: non-NULL strings from nlrs are NUL-terminated.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned())
}

/// An attribute to be filled in.
pub fn empty_attr() -> nlrs_attr {
    nlrs_attr {
        r#type: 0,
        raw_type: 0,
        data: ptr::null(),
        len: 0,
    }
}
