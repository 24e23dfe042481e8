//! What the typed rtnetlink handles share (`rtnl_link.rs`, `rtnl_addr.rs`, `rtnl_route.rs`,
//! `rtnl_neigh.rs`): IP addresses passed by value, the NEW-request modes, and the plumbing that
//! keeps a decoded object's strings and raw message in reusable buffers.
//!
//! The objects (`nlrs_link`, `nlrs_addr`, `nlrs_route`, `nlrs_neigh`) are reusable: make one,
//! then parse every message of a dump into it with `nlrs_<object>_parse()`; once its buffers
//! have grown, decoding allocates nothing. Each keeps a copy of the message it last decoded
//! (`nlrs_<object>_msg()`), so the attributes nlrs has no getter for stay reachable with
//! `nlrs_rmsg_attrs()` and `nlrs_attr_next()`.

use std::ffi::c_char;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::raw::c_int;

// The modes are reachable here, next to `mode()`, which reads them.
pub(super) use super::consts::{
    NLRS_MODE_APPEND, NLRS_MODE_CREATE, NLRS_MODE_REPLACE, NLRS_MODE_UPSERT,
};
use super::dump::{self, nlrs_dump};
use super::input::Input;
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_slice_mut, arg_str, arg_struct, call_mut, guard, into_raw,
    FfiHandle, FfiResult, HandleMut,
};
use super::rmsg::nlrs_rmsg;
use super::socket::{nlrs_socket, SocketState};
use crate::rtnl::Mode;
use crate::rtnl::{IfIndex, IpBytes};
use crate::wire::consts::{AF_INET, AF_INET6, AF_UNSPEC};
use crate::wire::{BuildError, Msg, MsgBuilder, ParseError};

/// An IPv4 or IPv6 address, passed by value.
///
/// `family` is `NLRS_AF_INET` (the address is `addr[0..4]`, network byte order, the rest
/// ignored), `NLRS_AF_INET6` (all 16 bytes), or, where a function says so, `NLRS_AF_UNSPEC`
/// for "no address". The bytes are those of `struct in_addr` / `struct in6_addr`, so
/// `inet_ntop(a.family, a.addr, ...)` prints it and `inet_pton(AF_INET, text, a.addr)` fills it.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct nlrs_ipaddr {
    /// `NLRS_AF_INET`, `NLRS_AF_INET6` or `NLRS_AF_UNSPEC`.
    pub family: u8,
    /// The address, network byte order: 4 bytes for IPv4, 16 for IPv6.
    pub addr: [u8; 16],
}

// The C side checks the same size (c-examples/nlip.c).
const _: () = assert!(std::mem::size_of::<nlrs_ipaddr>() == 17);

impl From<IpBytes> for nlrs_ipaddr {
    fn from(b: IpBytes) -> Self {
        nlrs_ipaddr {
            family: b.family,
            addr: b.addr,
        }
    }
}

impl nlrs_ipaddr {
    /// `ip` for C.
    pub(crate) fn new(ip: &IpAddr) -> Self {
        IpBytes::new(ip).into()
    }

    /// The address; `-EAFNOSUPPORT` for a family other than IPv4 and IPv6.
    pub(crate) fn ip(&self) -> FfiResult<IpAddr> {
        match self.family {
            AF_INET => {
                let mut v4 = [0u8; 4];
                v4.copy_from_slice(&self.addr[..4]);
                Ok(IpAddr::V4(Ipv4Addr::from(v4)))
            }
            AF_INET6 => Ok(IpAddr::V6(Ipv6Addr::from(self.addr))),
            _ => Err(-libc::EAFNOSUPPORT),
        }
    }

    /// The address, or `None` for `NLRS_AF_UNSPEC`.
    pub(crate) fn ip_opt(&self) -> FfiResult<Option<IpAddr>> {
        if self.family == AF_UNSPEC {
            return Ok(None);
        }
        self.ip().map(Some)
    }
}

/// The [`Mode`] an `NLRS_MODE_*` value stands for; `-EINVAL` for any other value.
pub(crate) fn mode_arg(m: c_int) -> FfiResult<Mode> {
    match m {
        NLRS_MODE_CREATE => Ok(Mode::Create),
        NLRS_MODE_REPLACE => Ok(Mode::Replace),
        NLRS_MODE_UPSERT => Ok(Mode::Upsert),
        NLRS_MODE_APPEND => Ok(Mode::Append),
        _ => Err(-libc::EINVAL),
    }
}

/// An interface index from C for a request: one above `INT_MAX` (which the kernel's `int`
/// fields cannot carry) names no interface, `-ENODEV`.
pub(crate) fn ifindex_arg(index: u32) -> FfiResult<IfIndex> {
    i32::try_from(index)
        .map(|_| IfIndex::new(index))
        .map_err(|_| -libc::ENODEV)
}

/// A NUL-terminated copy of an optional string, for getters returning `const char *`: bytes
/// as the kernel sent them (an interface name need not be UTF-8). Its buffer is reused, so
/// refreshing it allocates nothing once it has grown.
#[derive(Default)]
pub(crate) struct CText {
    buf: Vec<u8>,
    present: bool,
}

impl CText {
    /// Holds `s` (or nothing) from now on.
    pub(crate) fn set(&mut self, s: Option<&[u8]>) {
        self.buf.clear();
        self.present = s.is_some();
        if let Some(s) = s {
            // A string attribute ends at its first NUL, so `s` holds none.
            self.buf.extend_from_slice(s);
            self.buf.push(0);
        }
    }

    /// The string for C, or NULL when there is none. Valid until the next `set` or drop.
    pub(crate) fn ptr(&self) -> *const c_char {
        if self.present {
            self.buf.as_ptr().cast()
        } else {
            std::ptr::null()
        }
    }
}

/// A copy of the message an object was last decoded from, in a reused buffer.
#[derive(Default)]
pub(crate) struct RawMsg(Vec<u8>);

impl RawMsg {
    /// Keeps a copy of `m`.
    pub(crate) fn set(&mut self, m: &Msg<'_>) {
        self.0.clear();
        self.0.extend_from_slice(m.bytes());
    }

    /// Keeps a copy of the message `m` from C, which may be this very copy (as in
    /// `nlrs_link_parse(l, nlrs_link_msg(l))`): it is read before the copy is overwritten.
    /// `-EINVAL` (a NULL `m.ptr` with a length, a message type not among `types`) and
    /// `-EBADMSG` (not one whole message) leave the copy unchanged.
    ///
    /// # Safety
    /// `m` points at `m.len` readable bytes (or is NULL with `len == 0`).
    pub(crate) unsafe fn set_from(&mut self, m: nlrs_rmsg, types: &[u16]) -> FfiResult<()> {
        // SAFETY: per the contract.
        let bytes = unsafe { Input::new(m.ptr, m.len).read(&self.0) }?;
        let len = typed(&bytes, types)?.bytes().len();
        self.0.clear();
        self.0.extend_from_slice(&bytes[..len]);
        Ok(())
    }

    /// Holds no message any more (C sees `{NULL, 0}`); the buffer is kept for the next.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// The message copied, for the object to decode.
    pub(crate) fn msg(&self) -> Result<Msg<'_>, ParseError> {
        Msg::parse(&self.0)
    }

    /// The copy for C (`{NULL, 0}` before the first decode). Valid until the next `set`.
    pub(crate) fn rmsg(&self) -> nlrs_rmsg {
        if self.0.is_empty() {
            nlrs_rmsg {
                ptr: std::ptr::null(),
                len: 0,
            }
        } else {
            nlrs_rmsg {
                ptr: self.0.as_ptr(),
                len: self.0.len(),
            }
        }
    }
}

/// The message at the start of `bytes`, for an object's `_parse`: `-EINVAL` for a message
/// type not among `types`, `-EBADMSG` for bytes that are not one whole message.
fn typed<'a>(bytes: &'a [u8], types: &[u16]) -> FfiResult<Msg<'a>> {
    let msg = Msg::parse(bytes)?;
    if !types.contains(&msg.ty()) {
        return Err(-libc::EINVAL);
    }
    Ok(msg)
}

/// A reusable object decoded from a copy of its message: `nlrs_link`, `nlrs_addr`,
/// `nlrs_route`, `nlrs_neigh` (implemented in their `generated.rs`).
pub(crate) trait Decoded {
    /// The object's copy of the message it was last filled from.
    fn raw(&self) -> &RawMsg;

    /// The copy, to replace it.
    fn raw_mut(&mut self) -> &mut RawMsg;

    /// Decodes the copy into the object's fields.
    fn decode(&mut self) -> Result<(), ParseError>;

    /// Keeps a copy of `m` (a received message) and decodes it.
    fn parse(&mut self, m: &Msg<'_>) -> Result<(), ParseError> {
        self.raw_mut().set(m);
        // The unit tests' panic halfway through a decode (see `fault`); not in the library.
        #[cfg(test)]
        super::macros::fault::point();
        self.decode()
    }
}

/// The body of `nlrs_<object>_parse()`: copies `msg`, a message of one of `types`, into the
/// object and decodes it. `msg` may be the object's own copy (`nlrs_<object>_msg()`).
///
/// # Safety
/// `msg` points at `msg.len` readable bytes (or is NULL with `len == 0`).
pub(crate) unsafe fn parse_into<H: FfiHandle>(
    obj: FfiResult<HandleMut<'_, H>>,
    msg: nlrs_rmsg,
    types: &[u16],
) -> c_int
where
    H::Inner: Decoded,
{
    call_mut(obj, |o| {
        // SAFETY: per the contract.
        unsafe { o.raw_mut().set_from(msg, types) }?;
        o.decode()?;
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------------
// The bodies of the generated accessors (`src/ffi/rtnl_*/generated.rs`), one per kind.

/// `nlrs_x_new()`: writes a new handle holding what `make` makes to `*out`.
pub(crate) fn new_handle<H: FfiHandle>(
    out: *mut *mut H,
    make: impl FnOnce() -> FfiResult<H::Inner>,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        let out = out?;
        out.set(into_raw(make()?));
        Ok(0)
    })
}

/// An optional `const T *` argument: `None` for NULL, else as [`arg_struct`] reads it.
///
/// # Safety
/// As [`arg_struct`].
pub(crate) unsafe fn arg_opt_struct<'a, T>(ptr: *const T) -> FfiResult<Option<&'a T>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: per the contract.
    unsafe { arg_struct(ptr) }.map(Some)
}

/// The C view of an optional address.
pub(crate) fn ip_out(a: Option<IpAddr>) -> Option<nlrs_ipaddr> {
    a.as_ref().map(nlrs_ipaddr::new)
}

/// The body of the name functions: writes `text` into `(buf, len)` like `snprintf`
/// (truncated to `len - 1` bytes, always NUL-terminated when `len > 0`) without allocating, and
/// returns the full text's length. The names are ASCII, so truncation never splits a
/// character.
///
/// # Safety
/// `(buf, len)` is NULL/0 or writable for `len` bytes.
pub(crate) unsafe fn name_into(
    buf: *mut c_char,
    len: usize,
    text: impl std::fmt::Display,
) -> c_int {
    // SAFETY: per the contract.
    let buf = unsafe { arg_slice_mut(buf.cast::<u8>(), len) };
    guard(|| {
        let buf = buf?;
        let mut w = Snprintf {
            room: buf.len().saturating_sub(1),
            buf,
            written: 0,
            total: 0,
        };
        std::fmt::write(&mut w, format_args!("{text}")).map_err(|_| -libc::EINVAL)?;
        let end = w.written;
        if let Some(b) = w.buf.get_mut(end) {
            *b = 0;
        }
        c_int::try_from(w.total).map_err(|_| -libc::EOVERFLOW)
    })
}

/// A `fmt::Write` into a fixed buffer that counts what did not fit.
struct Snprintf<'a> {
    buf: &'a mut [u8],
    room: usize,
    written: usize,
    total: usize,
}

impl std::fmt::Write for Snprintf<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let n = s.len().min(self.room - self.written);
        self.buf[self.written..self.written + n].copy_from_slice(&s.as_bytes()[..n]);
        self.written += n;
        self.total += s.len();
        Ok(())
    }
}

/// The body of the name parsers: reads `text` with `parse` into `out`; `-EINVAL` when NULL,
/// not UTF-8 or not a known name or number.
///
/// # Safety
/// `text` is NULL or NUL-terminated; `out` is NULL or writable.
pub(crate) unsafe fn parse_name<T>(
    text: *const c_char,
    out: *mut T,
    parse: impl FnOnce(&str) -> Option<T>,
) -> c_int {
    // SAFETY: per the contract.
    let (text, out) = unsafe { (arg_str(text), super::macros::arg_out(out)) };
    guard(|| {
        let (text, out) = (text?, out?);
        out.set(parse(text).ok_or(-libc::EINVAL)?);
        Ok(0)
    })
}

/// The body of the typed dumps: starts the dump `req` builds on `sock` and writes its handle
/// to `*out`, as `nlrs_socket_dump()` does.
pub(crate) fn start_dump(
    sock: *mut nlrs_socket,
    out: *mut *mut nlrs_dump,
    req: impl FnOnce() -> FfiResult<MsgBuilder>,
) -> c_int {
    let sock_ptr = sock;
    // SAFETY: `sock` is NULL or live, `out` is NULL or writable (the API contract).
    let (sock, out) = unsafe { (arg_mut(sock), arg_out(out)) };
    call_mut(sock, |st| {
        let req = req()?;
        dump::start(sock_ptr, st, &req, out?)
    })
}

/// The body of the typed gets: sends what `req` builds on `sock` and decodes the answer into
/// `obj`, replacing what it held.
pub(crate) fn get_into<H: FfiHandle>(
    sock: *mut nlrs_socket,
    obj: *mut H,
    req: impl FnOnce() -> FfiResult<Result<MsgBuilder, BuildError>>,
) -> c_int
where
    H::Inner: Decoded,
{
    // SAFETY: `sock` and `obj` are NULL or live (the API contract).
    let (sock, obj) = unsafe { (arg_mut(sock), arg_mut(obj)) };
    call_mut(sock, |st| {
        let mut o = obj?.live_mut()?;
        let req = req()?;
        request(st, req, Some(&mut |m| o.parse(m)))
    })
}

/// The body of the typed requests that change something: sends what `req` builds on `sock`.
pub(crate) fn send(
    sock: *mut nlrs_socket,
    req: impl FnOnce() -> FfiResult<Result<MsgBuilder, BuildError>>,
) -> c_int {
    // SAFETY: `sock` is NULL or live (the API contract).
    let sock = unsafe { arg_mut(sock) };
    call_mut(sock, |st| {
        let req = req()?;
        request(st, req, None)
    })
}

/// The body of the requests built from a spec or change handle (`nlrs_addr_add()`,
/// `nlrs_route_delete()`, ...): sends what `req` builds from `*spec` on `sock`.
pub(crate) fn send_spec<H: FfiHandle>(
    sock: *mut nlrs_socket,
    spec: *const H,
    req: impl FnOnce(&H::Inner) -> FfiResult<Result<MsgBuilder, BuildError>>,
) -> c_int {
    // SAFETY: `spec` is NULL or live (the API contract).
    let spec = unsafe { arg_ref(spec) };
    send(sock, || req(&*spec?.live()?))
}

/// Decodes the answer of a get into an object.
pub(crate) type Decode<'a> = &'a mut dyn FnMut(&Msg<'_>) -> Result<(), ParseError>;

/// Sends a request built by the Rust layer as a conversation of the socket: the body of
/// every typed request. A build failure gives `-NLRS_E_BUILD` before any conversation, as a
/// dump's does; the kernel's error is kept on the socket with its extended ACK.
pub(crate) fn request(
    st: &mut SocketState,
    req: Result<MsgBuilder, BuildError>,
    answer: Option<Decode<'_>>,
) -> FfiResult {
    let req = req?;
    st.converse(|sock| {
        let replies = sock.request(&req)?;
        if let Some(f) = answer {
            f(&replies.first()?)?;
        }
        Ok(0)
    })
}

/// A name, or the number when there is none, as iproute2 prints them.
pub(crate) struct NameOr(pub(crate) Option<&'static str>, pub(crate) u32);

impl std::fmt::Display for NameOr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(name) => f.write_str(name),
            None => write!(f, "{}", self.1),
        }
    }
}

/// What the typed objects' unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    pub(crate) use crate::ffi::consts::NLRS_MODE_CREATE;
    pub(crate) use crate::ffi::socket::{nlrs_socket, nlrs_socket_free};
    pub(crate) use std::ptr::{null, null_mut};

    /// What a NULL argument gets.
    pub(crate) const EINVAL: std::os::raw::c_int = -libc::EINVAL;

    /// A new `NETLINK_ROUTE` socket, for `nlrs_socket_free()`.
    pub(crate) fn route_socket() -> *mut nlrs_socket {
        let mut s = null_mut();
        let proto = crate::ffi::consts::NLRS_PROTO_ROUTE;
        assert_eq!(crate::ffi::socket::nlrs_socket_open(proto, 0, &mut s), 0);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipaddr_round_trip_and_bad_family() {
        for text in ["192.0.2.1", "2001:db8::1"] {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(nlrs_ipaddr::new(&ip).ip(), Ok(ip));
        }
        let none = nlrs_ipaddr::default();
        assert_eq!(none.ip_opt(), Ok(None));
        assert_eq!(none.ip(), Err(-libc::EAFNOSUPPORT));
        let bad = nlrs_ipaddr {
            family: 99,
            ..Default::default()
        };
        assert_eq!(bad.ip_opt(), Err(-libc::EAFNOSUPPORT));
    }

    #[test]
    fn modes() {
        assert_eq!(mode_arg(NLRS_MODE_UPSERT), Ok(Mode::Upsert));
        assert_eq!(mode_arg(4), Err(-libc::EINVAL));
        assert_eq!(mode_arg(-1), Err(-libc::EINVAL));
    }

    #[test]
    fn ctext() {
        let mut t = CText::default();
        assert!(t.ptr().is_null());
        t.set(Some(b"eth0"));
        // SAFETY: non-NULL, NUL-terminated by `set`.
        let s = unsafe { std::ffi::CStr::from_ptr(t.ptr()) };
        assert_eq!(s.to_bytes(), b"eth0");
        t.set(None);
        assert!(t.ptr().is_null());
    }

    #[test]
    fn names_like_snprintf() {
        let mut buf = [0x55u8; 8];
        // SAFETY: `buf` is writable for its length.
        let n = unsafe { name_into(buf.as_mut_ptr().cast(), 5, "unreachable") };
        assert_eq!(n, 11);
        assert_eq!(&buf[..6], b"unre\0\x55");
        // SAFETY: NULL with length 0 asks for the size.
        assert_eq!(unsafe { name_into(std::ptr::null_mut(), 0, 42) }, 2);
        // SAFETY: as above; NULL with a length is refused.
        assert_eq!(
            unsafe { name_into(std::ptr::null_mut(), 3, 42) },
            -libc::EINVAL
        );
        // SAFETY: `buf` is writable for its length.
        assert_eq!(unsafe { name_into(buf.as_mut_ptr().cast(), 8, "main") }, 4);
        assert_eq!(&buf[..5], b"main\0");
    }
}
