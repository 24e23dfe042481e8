//! Addresses for C: the reusable `nlrs_addr` object, address dumps, and the `nlrs_addr_spec`
//! of an address to add, replace or delete. Each function translates to one call of
//! [`crate::rtnl::addr`].

use std::os::raw::c_int;

// The handles, their accessors, the dump and the requests, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::macros::{arg_out, arg_ref, call};
use crate::rtnl::addr::{self, Addr, AddrSpec};
use crate::rtnl::IpPrefix;
use crate::rtnl::{Name, Spec};

/// Writes the remaining valid and preferred lifetimes in seconds (`IFA_CACHEINFO`;
/// `NLRS_ADDR_LIFETIME_FOREVER` for forever) to `*valid` and `*preferred`. Returns 1 when the
/// kernel sent them, 0 when not (then both are untouched), `-EINVAL` for a NULL `addr`, `valid`
/// or `preferred`.
#[no_mangle]
pub extern "C" fn nlrs_addr_lifetimes(
    addr: *const nlrs_addr,
    valid: *mut u32,
    preferred: *mut u32,
) -> c_int {
    // SAFETY: `addr` is NULL or live, `valid` and `preferred` are NULL or writable.
    let (addr, valid, preferred) = unsafe { (arg_ref(addr), arg_out(valid), arg_out(preferred)) };
    call(addr, |a| {
        let (valid, preferred) = (valid?, preferred?);
        match (a.addr.valid_lft, a.addr.preferred_lft) {
            (Some(v), Some(p)) => {
                valid.set(v);
                preferred.set(p);
                Ok(1)
            }
            _ => Ok(0),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::rtnl::nlrs_ipaddr;
    use crate::ffi::rtnl::testing::*;

    /// What the generated test (`generated.rs`) cannot know: the special functions, and the
    /// arguments refused on a live socket and spec.
    #[test]
    fn bad_arguments_are_refused() {
        let (mut v, mut p) = (0u32, 0u32);
        assert_eq!(nlrs_addr_lifetimes(null(), &mut v, &mut p), EINVAL);
        let mut a = null_mut();
        assert_eq!(nlrs_addr_new(&mut a), 0);
        assert_eq!(nlrs_addr_lifetimes(a, &mut v, null_mut()), EINVAL);
        assert_eq!(nlrs_addr_lifetimes(a, &mut v, &mut p), 0);
        nlrs_addr_free(a);

        let s = route_socket();
        assert_eq!(nlrs_addr_dump(s, 0, 0, null_mut()), EINVAL);
        let mut ip = nlrs_ipaddr::default();
        let mut spec = null_mut();
        assert_eq!(nlrs_addr_spec_new(1, null(), 24, &mut spec), EINVAL);
        assert_eq!(
            nlrs_addr_spec_new(1, &ip, 24, &mut spec),
            -libc::EAFNOSUPPORT
        );
        ip.family = crate::wire::consts::AF_INET;
        assert_eq!(nlrs_addr_spec_new(1, &ip, 24, &mut spec), 0);
        assert_eq!(nlrs_addr_spec_set_label(spec, null()), EINVAL);
        assert_eq!(nlrs_addr_spec_set_peer(spec, null()), EINVAL);
        assert_eq!(nlrs_addr_add(s, null(), NLRS_MODE_CREATE), EINVAL);
        assert_eq!(nlrs_addr_add(s, spec, 17), EINVAL);
        assert_eq!(nlrs_addr_delete(s, null()), EINVAL);
        nlrs_addr_spec_free(spec);
        nlrs_socket_free(s);
    }
}
