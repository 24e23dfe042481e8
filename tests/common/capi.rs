//! The C API as the tests call it: the very `nlrs_*` functions, constants and `repr(C)` types
//! that C programs call through `libnlrs.h`, taken from the crate's C ABI module rather than
//! declared a second time. Every test reaches the C API through this one import, so a move of
//! the C library changes one line here.

// Each test uses a part.
#[allow(unused_imports)]
pub use nlrs::ffi::{
    batch::*, consts::*, dump::*, error::*, events::*, extack::*, family::*, genl::*, mirror::*,
    mirror_lookup::*, msg::*, request::*, rmsg::*, rtnl::*, rtnl_addr::*, rtnl_link::*,
    rtnl_neigh::*, rtnl_route::*, socket::*, version::*,
};
