//! Addresses for C: the reusable `nlrs_addr` object, address dumps, and the `nlrs_addr_spec`
//! of an address to add, replace or delete. Each function translates to one call of
//! [`crate::rtnl::addr`].

use std::os::raw::c_int;

// The getters, setters, `_new`, `_free`, `_parse` and `_msg`, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::dump::nlrs_dump;
use super::macros::{arg_out, arg_ref, arg_struct, call, ffi_handle, guard, into_raw, Handle};
use super::rtnl::{mode, nlrs_ipaddr, raw_field, send_spec, start_dump, CText, Decoded, RawMsg};
use super::socket::nlrs_socket;
use crate::rtnl::addr::{self, Addr, AddrSpec};
use crate::rtnl::IpPrefix;
use crate::rtnl::{Name, Spec};
use crate::wire::ParseError;

/// An IPv4 or IPv6 address of an interface, decoded from an `NLRS_RTM_NEWADDR` or
/// `NLRS_RTM_DELADDR` message: reusable, so a whole dump decodes into one object with no
/// allocation per address.
///
/// Made with `nlrs_addr_new()`, freed with `nlrs_addr_free()`, filled by `nlrs_addr_parse()` (from
/// a message of `nlrs_addr_dump()` or a notification). Read with the getters `nlrs_addr_<field>()`;
/// every other attribute through the copy of the message, `nlrs_addr_msg()`.
///
/// Everything borrowed from the object (the label, the message) is valid until the next call
/// that changes, or frees, the object. An object may be used from any thread, one thread at a
/// time.
pub struct nlrs_addr(Handle<AddrObj>);
ffi_handle!(nlrs_addr => AddrObj);

/// The decoded address, its buffers, and the C view of its label.
#[derive(Default)]
pub(crate) struct AddrObj {
    addr: Addr,
    spare: Name,
    raw: RawMsg,
    label: CText,
}

impl Decoded for AddrObj {
    raw_field!();

    fn decode(&mut self) -> Result<(), ParseError> {
        let m = self.raw.msg()?;
        let r = self.addr.parse_into_spare(&m, &mut self.spare);
        self.label.set(self.addr.label.as_ref().map(Name::as_bytes));
        r
    }
}

impl AddrObj {
    /// Shows an address of a mirror: `fill` writes it into the object; the object then holds
    /// no message copy.
    pub(crate) fn show(&mut self, fill: impl FnOnce(&mut Addr)) {
        fill(&mut self.addr);
        self.raw = RawMsg::default();
        self.label.set(self.addr.label.as_ref().map(Name::as_bytes));
    }
}

// ---------------------------------------------------------------------------------------------
// The object.

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

// ---------------------------------------------------------------------------------------------
// Dumps.

/// Starts a dump of the addresses of family `family` (`NLRS_AF_INET`, `NLRS_AF_INET6`, or
/// `NLRS_AF_UNSPEC` for both) on the interface with index `ifindex` (0 for all interfaces), in
/// the kernel's order (IPv4 before IPv6). With strict checking (the socket's default) the
/// kernel itself filters by family and interface; on a socket opened with
/// `NLRS_SOCKET_NO_DEFAULTS` it filters by family only, so check `nlrs_addr_ifindex()`.
///
/// Read the dump with `nlrs_dump_next()` and decode each message with `nlrs_addr_parse()`; the
/// message stays available for raw attributes until the next `nlrs_dump_next()`.
///
/// On success returns 0 and writes a new `nlrs_dump` to `*out`, which the caller owns and frees
/// with `nlrs_dump_free()` (it borrows `sock`, see `nlrs_dump`). `*out` is untouched on failure.
/// Errors: as `nlrs_socket_dump()`: `-EINVAL` (NULL `sock` or `out`), a negative errno of
/// sendto(); a refusal by the kernel comes from the first `nlrs_dump_next()` and is kept on
/// `sock` with its extended ACK.
#[no_mangle]
pub extern "C" fn nlrs_addr_dump(
    sock: *mut nlrs_socket,
    family: u8,
    ifindex: u32,
    out: *mut *mut nlrs_dump,
) -> c_int {
    start_dump(sock, out, || {
        let filter = addr::AddrFilter {
            family,
            index: (ifindex != 0).then_some(ifindex.into()),
        };
        Ok(filter.dump_request()?)
    })
}

// ---------------------------------------------------------------------------------------------
// Changes.

/// An address to add, replace or delete on one interface: `nlrs_addr_add()`,
/// `nlrs_addr_delete()`.
///
/// Made with `nlrs_addr_spec_new()` (interface, address, prefix length), freed with
/// `nlrs_addr_spec_free()`. Optional settings: the setters `nlrs_addr_spec_set_<field>()`. Sending
/// never changes it.
///
/// A spec may be used from any thread, one thread at a time.
pub struct nlrs_addr_spec(Handle<AddrSpec>);
ffi_handle!(nlrs_addr_spec => AddrSpec);

/// Makes the spec of address `*address` with prefix length `prefixlen` on the interface with
/// index `ifindex`: scope global, no flags, forever.
///
/// On success returns 0 and writes the new spec to `*out`, which the caller owns and frees with
/// `nlrs_addr_spec_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `address`
/// or `out`), `-EAFNOSUPPORT` (`address` neither IPv4 nor IPv6).
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_new(
    ifindex: u32,
    address: *const nlrs_ipaddr,
    prefixlen: u8,
    out: *mut *mut nlrs_addr_spec,
) -> c_int {
    // SAFETY: `address` is NULL or readable, `out` is NULL or writable (the API contract).
    let (address, out) = unsafe { (arg_struct(address), arg_out(out)) };
    guard(|| {
        // A prefix length longer than the address is refused here rather than by the kernel.
        let prefix = IpPrefix::new(address?.ip()?, prefixlen).map_err(|_| -libc::EINVAL)?;
        out?.set(into_raw(AddrSpec::new(ifindex.into(), prefix)));
        Ok(0)
    })
}

/// Adds the address `spec` describes (`NLRS_RTM_NEWADDR`), with `mode` (`NLRS_MODE_*`)
/// deciding what happens when it exists: `NLRS_MODE_CREATE` fails with `-EEXIST`,
/// `NLRS_MODE_REPLACE` and `NLRS_MODE_UPSERT` update it (`ip addr replace`).
///
/// Returns 0 on success. Errors: the kernel's negative errno (`-EEXIST`, `-ENODEV`, `-EINVAL`
/// ...), kept on `sock` with its extended ACK (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`;
/// `-EINVAL` (NULL `sock` or `spec`, an unknown `mode`).
#[no_mangle]
pub extern "C" fn nlrs_addr_add(
    sock: *mut nlrs_socket,
    spec: *const nlrs_addr_spec,
    mode: c_int,
) -> c_int {
    send_spec(sock, spec, |s| Ok(s.add_request(self::mode(mode)?)))
}

/// Deletes the address `spec` describes (`NLRS_RTM_DELADDR`; the address and prefix length
/// identify it).
///
/// Returns 0 on success. Errors: `-EADDRNOTAVAIL` when there is no such address, any other
/// negative errno the kernel answers with (kept on `sock` with its extended ACK),
/// `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`).
#[no_mangle]
pub extern "C" fn nlrs_addr_delete(sock: *mut nlrs_socket, spec: *const nlrs_addr_spec) -> c_int {
    send_spec(sock, spec, |s| Ok(s.delete_request()))
}

#[cfg(test)]
mod tests {
    use super::generated::*;
    use super::*;
    use crate::ffi::consts::NLRS_PROTO_ROUTE;

    use crate::ffi::rtnl::NLRS_MODE_CREATE;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = RawMsg::default().rmsg();
        let mut ip = nlrs_ipaddr::default();
        let (mut v, mut p) = (0u32, 0u32);
        assert_eq!(nlrs_addr_ifindex(null()), 0);
        assert_eq!(nlrs_addr_family(null()), 0);
        assert!(nlrs_addr_label(null()).is_null());
        assert_eq!(nlrs_addr_ip(null(), &mut ip), EINVAL);
        assert_eq!(nlrs_addr_lifetimes(null(), &mut v, &mut p), EINVAL);

        let mut a = null_mut();
        assert_eq!(nlrs_addr_new(&mut a), 0);
        assert_eq!(nlrs_addr_ip(a, &mut ip), 0);
        assert_eq!(nlrs_addr_local(a, null_mut()), EINVAL);
        assert_eq!(nlrs_addr_lifetimes(a, &mut v, null_mut()), EINVAL);
        assert_eq!(nlrs_addr_lifetimes(a, &mut v, &mut p), 0);
        assert_eq!(nlrs_addr_parse(a, no_msg), -libc::EBADMSG);
        assert!(nlrs_addr_label(a).is_null());
        nlrs_addr_free(a);

        let mut s = null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_addr_dump(null_mut(), 0, 0, &mut d), EINVAL);
        assert_eq!(nlrs_addr_dump(s, 0, 0, null_mut()), EINVAL);

        let mut spec = null_mut();
        assert_eq!(nlrs_addr_spec_new(1, null(), 24, &mut spec), EINVAL);
        assert_eq!(
            nlrs_addr_spec_new(1, &ip, 24, &mut spec),
            -libc::EAFNOSUPPORT
        );
        ip.family = crate::wire::consts::AF_INET;
        assert_eq!(nlrs_addr_spec_new(1, &ip, 24, null_mut()), EINVAL);
        assert_eq!(nlrs_addr_spec_new(1, &ip, 24, &mut spec), 0);
        assert_eq!(nlrs_addr_spec_set_label(spec, null()), EINVAL);
        assert_eq!(nlrs_addr_spec_set_peer(spec, null()), EINVAL);
        assert_eq!(nlrs_addr_spec_set_broadcast(null_mut(), &ip), EINVAL);
        assert_eq!(nlrs_addr_spec_set_flags(null_mut(), 0), EINVAL);
        assert_eq!(nlrs_addr_add(null_mut(), spec, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(nlrs_addr_add(s, null(), NLRS_MODE_CREATE), EINVAL);
        assert_eq!(nlrs_addr_add(s, spec, 17), EINVAL);
        assert_eq!(nlrs_addr_delete(s, null()), EINVAL);
        nlrs_addr_spec_free(spec);
        nlrs_addr_spec_free(null_mut());
        nlrs_socket_free(s);
    }
}
