//! Addresses for C: the reusable `nlrs_addr` object, address dumps, and the `nlrs_addr_spec`
//! of an address to add, replace or delete. Each function translates to one call of
//! [`crate::rtnl::addr`].

use std::ffi::c_char;
use std::os::raw::c_int;

use super::dump::{self, nlrs_dump};
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_str, arg_struct, call, call_mut, ffi_handle, free, get, guard,
    into_raw, FfiResult, Handle,
};
use super::rmsg::nlrs_rmsg;
use super::rtnl::{mode, nlrs_ipaddr, opt_out, parse_into, request, CText, Decoded, RawMsg};
use super::socket::nlrs_socket;
use crate::rtnl::addr::{self, flags, Addr, AddrSpec};
use crate::rtnl::{Name, Spec};
use crate::wire::consts::{RTM_DELADDR, RTM_NEWADDR};
use crate::wire::ParseError;
use std::net::IpAddr;

/// An IPv4 or IPv6 address of an interface, decoded from an `NLRS_RTM_NEWADDR` or
/// `NLRS_RTM_DELADDR` message: reusable, so a whole dump decodes into one object with no
/// allocation per address.
///
/// Made with `nlrs_addr_new()`, freed with `nlrs_addr_free()`, filled by `nlrs_addr_parse()`
/// (from a message of `nlrs_addr_dump()` or a notification). Read with `nlrs_addr_family()`,
/// `nlrs_addr_index()`, `nlrs_addr_prefixlen()`, `nlrs_addr_flags()`, `nlrs_addr_scope()`,
/// `nlrs_addr_ip()`, `nlrs_addr_local()`, `nlrs_addr_address()`, `nlrs_addr_broadcast()`,
/// `nlrs_addr_label()`, `nlrs_addr_lifetimes()`; every other attribute through the copy of the
/// message, `nlrs_addr_msg()`.
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

/// `IFA_F_SECONDARY`: a secondary address (IPv4), or a temporary one (IPv6).
pub const NLRS_IFA_F_SECONDARY: u32 = 0x01_u32;
/// `IFA_F_TEMPORARY`: a temporary (privacy) address (IPv6); the bit of `NLRS_IFA_F_SECONDARY`.
pub const NLRS_IFA_F_TEMPORARY: u32 = 0x01_u32;
/// `IFA_F_NODAD`: no duplicate address detection (IPv6).
pub const NLRS_IFA_F_NODAD: u32 = 0x02_u32;
/// `IFA_F_OPTIMISTIC`: optimistic duplicate address detection (IPv6).
pub const NLRS_IFA_F_OPTIMISTIC: u32 = 0x04_u32;
/// `IFA_F_DADFAILED`: duplicate address detection failed (IPv6).
pub const NLRS_IFA_F_DADFAILED: u32 = 0x08_u32;
/// `IFA_F_HOMEADDRESS`: a mobile IPv6 home address.
pub const NLRS_IFA_F_HOMEADDRESS: u32 = 0x10_u32;
/// `IFA_F_DEPRECATED`: the preferred lifetime is over.
pub const NLRS_IFA_F_DEPRECATED: u32 = 0x20_u32;
/// `IFA_F_TENTATIVE`: duplicate address detection is still running (IPv6).
pub const NLRS_IFA_F_TENTATIVE: u32 = 0x40_u32;
/// `IFA_F_PERMANENT`: no lifetime.
pub const NLRS_IFA_F_PERMANENT: u32 = 0x80_u32;
/// `IFA_F_MANAGETEMPADDR`: make temporary addresses from this prefix (IPv6).
pub const NLRS_IFA_F_MANAGETEMPADDR: u32 = 0x100_u32;
/// `IFA_F_NOPREFIXROUTE`: add no prefix route.
pub const NLRS_IFA_F_NOPREFIXROUTE: u32 = 0x200_u32;
/// `IFA_F_MCAUTOJOIN`: join the multicast group automatically.
pub const NLRS_IFA_F_MCAUTOJOIN: u32 = 0x400_u32;
/// `IFA_F_STABLE_PRIVACY`: a stable privacy address (IPv6).
pub const NLRS_IFA_F_STABLE_PRIVACY: u32 = 0x800_u32;
/// The lifetime meaning "forever" (`INFINITY_LIFE_TIME`), in `nlrs_addr_lifetimes()` and
/// `nlrs_addr_spec_set_lifetimes()`.
pub const NLRS_ADDR_LIFETIME_FOREVER: u32 = 0xffff_ffff_u32;

const _: () = {
    assert!(NLRS_IFA_F_SECONDARY == flags::SECONDARY);
    assert!(NLRS_IFA_F_TEMPORARY == flags::TEMPORARY);
    assert!(NLRS_IFA_F_NODAD == flags::NODAD);
    assert!(NLRS_IFA_F_OPTIMISTIC == flags::OPTIMISTIC);
    assert!(NLRS_IFA_F_DADFAILED == flags::DADFAILED);
    assert!(NLRS_IFA_F_HOMEADDRESS == flags::HOMEADDRESS);
    assert!(NLRS_IFA_F_DEPRECATED == flags::DEPRECATED);
    assert!(NLRS_IFA_F_TENTATIVE == flags::TENTATIVE);
    assert!(NLRS_IFA_F_PERMANENT == flags::PERMANENT);
    assert!(NLRS_IFA_F_MANAGETEMPADDR == flags::MANAGETEMPADDR);
    assert!(NLRS_IFA_F_NOPREFIXROUTE == flags::NOPREFIXROUTE);
    assert!(NLRS_IFA_F_MCAUTOJOIN == flags::MCAUTOJOIN);
    assert!(NLRS_IFA_F_STABLE_PRIVACY == flags::STABLE_PRIVACY);
    assert!(NLRS_ADDR_LIFETIME_FOREVER == addr::INFINITY_LIFE_TIME);
};

impl Decoded for AddrObj {
    fn raw(&mut self) -> &mut RawMsg {
        &mut self.raw
    }

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

/// Makes an empty address object, to be filled by `nlrs_addr_parse()`.
///
/// On success returns 0 and writes the new object to `*out`, which the caller owns and frees
/// with `nlrs_addr_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_addr_new(out: *mut *mut nlrs_addr) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(AddrObj::default()));
        Ok(0)
    })
}

/// Frees the object and everything borrowed from it. NULL is a no-op; freeing twice is
/// undefined.
#[no_mangle]
pub extern "C" fn nlrs_addr_free(addr: *mut nlrs_addr) {
    // SAFETY: `addr` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(addr) }
}

/// Decodes `msg`, an `NLRS_RTM_NEWADDR` or `NLRS_RTM_DELADDR` message, into `addr`, replacing
/// what it held. The object keeps a copy of the message (`nlrs_addr_msg()`), so `msg` itself
/// may go away afterwards. It may
/// also be that very copy: `nlrs_addr_parse(addr, nlrs_addr_msg(addr))` decodes it again.
///
/// Returns 0 on success. Errors: `-EINVAL` (NULL `addr`, a NULL `msg.ptr` with a length, a
/// message of another type), `-EBADMSG` (malformed message; the object then holds what was
/// decoded before the fault, and its message copy).
#[no_mangle]
pub extern "C" fn nlrs_addr_parse(addr: *mut nlrs_addr, msg: nlrs_rmsg) -> c_int {
    // SAFETY: `addr` is NULL or live; `msg` came from nlrs and is still valid (the contract).
    unsafe { parse_into(arg_mut(addr), msg, &[RTM_NEWADDR, RTM_DELADDR]) }
}

/// Returns the object's copy of the message it was last decoded from, for attributes nlrs has
/// no getter for: read them with `nlrs_rmsg_attrs(msg, sizeof(nlrs_ifaddrmsg), &it)`. Valid
/// until the next call that changes, or frees, `addr`. `{NULL, 0}` before the first decode or
/// for a NULL `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_msg(addr: *const nlrs_addr) -> nlrs_rmsg {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, RawMsg::default().rmsg(), |a| Ok(a.raw.rmsg()))
}

/// Returns the address family, `NLRS_AF_INET` or `NLRS_AF_INET6` (`ifa_family`); 0 for a NULL
/// `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_family(addr: *const nlrs_addr) -> u8 {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, 0, |a| Ok(a.addr.family))
}

/// Returns the index of the interface the address is on (`ifa_index`); 0 for a NULL `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_index(addr: *const nlrs_addr) -> u32 {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, 0, |a| Ok(a.addr.index))
}

/// Returns the prefix length (`ifa_prefixlen`); 0 for a NULL `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_prefixlen(addr: *const nlrs_addr) -> u8 {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, 0, |a| Ok(a.addr.prefixlen))
}

/// Returns the `NLRS_IFA_F_*` flags, all 32 bits (`IFA_FLAGS` when sent, else the header's 8);
/// 0 for a NULL `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_flags(addr: *const nlrs_addr) -> u32 {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, 0, |a| Ok(a.addr.flags))
}

/// Returns the scope (`ifa_scope`, `NLRS_RT_SCOPE_*`; `nlrs_route_scope_name()` names it); 0
/// for a NULL `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_scope(addr: *const nlrs_addr) -> u8 {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, 0, |a| Ok(a.addr.scope))
}

/// The body of the address getters.
fn opt_ip(
    addr: *const nlrs_addr,
    out: *mut nlrs_ipaddr,
    field: impl FnOnce(&Addr) -> Option<IpAddr>,
) -> c_int {
    // SAFETY: `addr` is NULL or live, `out` is NULL or writable (the API contract).
    let (addr, out) = unsafe { (arg_ref(addr), arg_out(out)) };
    call(addr, |a| {
        opt_out(out, field(&a.addr).as_ref().map(nlrs_ipaddr::new))
    })
}

/// Writes the interface's own address to `*out`: `IFA_LOCAL` when sent, else `IFA_ADDRESS` (as
/// IPv6 sends only that). This is what `ip -j addr` calls `local`. Returns 1 when present, 0
/// when neither was sent (then `*out` is untouched), `-EINVAL` for a NULL `addr` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_addr_ip(addr: *const nlrs_addr, out: *mut nlrs_ipaddr) -> c_int {
    opt_ip(addr, out, Addr::ip)
}

/// Writes `IFA_LOCAL` (the local address, sent for IPv4) to `*out`. Returns 1 when sent, 0 when
/// not (then `*out` is untouched), `-EINVAL` for a NULL `addr` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_addr_local(addr: *const nlrs_addr, out: *mut nlrs_ipaddr) -> c_int {
    opt_ip(addr, out, |a| a.local)
}

/// Writes `IFA_ADDRESS` to `*out`: the peer on point-to-point links, else the same as the local
/// address. Returns 1 when sent, 0 when not (then `*out` is untouched), `-EINVAL` for a NULL
/// `addr` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_addr_address(addr: *const nlrs_addr, out: *mut nlrs_ipaddr) -> c_int {
    opt_ip(addr, out, |a| a.address)
}

/// Writes the broadcast address (`IFA_BROADCAST`, IPv4) to `*out`. Returns 1 when sent, 0 when
/// not (then `*out` is untouched), `-EINVAL` for a NULL `addr` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_addr_broadcast(addr: *const nlrs_addr, out: *mut nlrs_ipaddr) -> c_int {
    opt_ip(addr, out, |a| a.broadcast)
}

/// Returns the label (`IFA_LABEL`, IPv4: the interface's name, or e.g. `"eth0:1"`),
/// NUL-terminated, its bytes as the kernel sent them (UTF-8 or not, like the interface's
/// name), or NULL when the kernel sent none (IPv6) or `addr` is NULL. Borrowed from
/// `addr`: valid until the next call that changes, or frees, `addr`.
#[no_mangle]
pub extern "C" fn nlrs_addr_label(addr: *const nlrs_addr) -> *const c_char {
    // SAFETY: `addr` is NULL or live (the API contract).
    let addr = unsafe { arg_ref(addr) };
    get(addr, std::ptr::null(), |a| Ok(a.label.ptr()))
}

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
/// `NLRS_SOCKET_NO_DEFAULTS` it filters by family only, so check `nlrs_addr_index()`.
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
    let sock_ptr = sock;
    // SAFETY: `sock` is NULL or live, `out` is NULL or writable (the API contract).
    let (sock, out) = unsafe { (arg_mut(sock), arg_out(out)) };
    call_mut(sock, |st| {
        dump::start(sock_ptr, st, &addr::dump_request(family, ifindex), out?)
    })
}

// ---------------------------------------------------------------------------------------------
// Changes.

/// An address to add, replace or delete on one interface: `nlrs_addr_add()`,
/// `nlrs_addr_delete()`.
///
/// Made with `nlrs_addr_spec_new()` (interface, address, prefix length), freed with
/// `nlrs_addr_spec_free()`. Optional settings: `nlrs_addr_spec_set_peer()`, `_set_broadcast()`,
/// `_set_label()`, `_set_scope()`, `_set_flags()`, `_set_lifetimes()`. Sending never changes
/// it.
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
        let ip = address?.ip()?;
        out?.set(into_raw(AddrSpec::new(ifindex, ip, prefixlen)));
        Ok(0)
    })
}

/// Frees the spec. NULL is a no-op; freeing twice is undefined.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_free(spec: *mut nlrs_addr_spec) {
    // SAFETY: `spec` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(spec) }
}

/// The body of the setters.
fn set(spec: *mut nlrs_addr_spec, f: impl FnOnce(&mut AddrSpec) -> FfiResult<()>) -> c_int {
    // SAFETY: `spec` is NULL or live (the API contract).
    let spec = unsafe { arg_mut(spec) };
    call_mut(spec, |s| {
        f(s)?;
        Ok(0)
    })
}

/// Sets the peer address of a point-to-point link (`IFA_ADDRESS`; by default the address
/// itself); `NLRS_AF_UNSPEC` unsets it. Returns 0, `-EINVAL` for a NULL `spec` or `peer`,
/// `-EAFNOSUPPORT` for another family.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_peer(
    spec: *mut nlrs_addr_spec,
    peer: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `peer` is NULL or readable (the API contract).
    let peer = unsafe { arg_struct(peer) };
    set(spec, |s| {
        s.peer = peer?.ip_opt()?;
        Ok(())
    })
}

/// Sets the broadcast address (`IFA_BROADCAST`, IPv4); `NLRS_AF_UNSPEC` unsets it. Returns 0,
/// `-EINVAL` for a NULL `spec` or `broadcast`, `-EAFNOSUPPORT` for another family.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_broadcast(
    spec: *mut nlrs_addr_spec,
    broadcast: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `broadcast` is NULL or readable (the API contract).
    let broadcast = unsafe { arg_struct(broadcast) };
    set(spec, |s| {
        s.broadcast = broadcast?.ip_opt()?;
        Ok(())
    })
}

/// Sets the label (`IFA_LABEL`, IPv4; copied). The kernel wants it to start with the
/// interface's name (`"eth0:web"`). Returns 0, or `-EINVAL` for a NULL `spec` or `label`, or a
/// label that is not UTF-8.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_label(
    spec: *mut nlrs_addr_spec,
    label: *const c_char,
) -> c_int {
    // SAFETY: `label` is NULL or NUL-terminated (the API contract).
    let label = unsafe { arg_str(label) };
    set(spec, |s| {
        s.label = Some(label?.to_owned());
        Ok(())
    })
}

/// Sets the scope (`NLRS_RT_SCOPE_*`; global by default). Returns 0, or `-EINVAL` for a NULL
/// `spec`.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_scope(spec: *mut nlrs_addr_spec, scope: u8) -> c_int {
    set(spec, |s| {
        s.scope = scope;
        Ok(())
    })
}

/// Sets the `NLRS_IFA_F_*` flags, e.g. `NLRS_IFA_F_NODAD` (none by default). Returns 0, or
/// `-EINVAL` for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_flags(spec: *mut nlrs_addr_spec, flags: u32) -> c_int {
    set(spec, |s| {
        s.flags = flags;
        Ok(())
    })
}

/// Sets the valid and preferred lifetimes in seconds (`NLRS_ADDR_LIFETIME_FOREVER` for
/// forever, the default); `preferred` must not exceed `valid` (the kernel says so otherwise).
/// Returns 0, or `-EINVAL` for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_addr_spec_set_lifetimes(
    spec: *mut nlrs_addr_spec,
    valid: u32,
    preferred: u32,
) -> c_int {
    set(spec, |s| {
        s.lifetimes = Some((valid, preferred));
        Ok(())
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
    // SAFETY: `sock` and `spec` are NULL or live (the API contract).
    let (sock, spec) = unsafe { (arg_mut(sock), arg_ref(spec)) };
    call_mut(sock, |st| {
        let (s, mode) = (spec?.live()?, self::mode(mode)?);
        request(st, s.add_request(mode), None)
    })
}

/// Deletes the address `spec` describes (`NLRS_RTM_DELADDR`; the address and prefix length
/// identify it).
///
/// Returns 0 on success. Errors: `-EADDRNOTAVAIL` when there is no such address, any other
/// negative errno the kernel answers with (kept on `sock` with its extended ACK),
/// `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`).
#[no_mangle]
pub extern "C" fn nlrs_addr_delete(sock: *mut nlrs_socket, spec: *const nlrs_addr_spec) -> c_int {
    // SAFETY: `sock` and `spec` are NULL or live (the API contract).
    let (sock, spec) = unsafe { (arg_mut(sock), arg_ref(spec)) };
    call_mut(sock, |st| {
        let s = spec?.live()?;
        request(st, s.delete_request(), None)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::consts::NLRS_PROTO_ROUTE;
    use crate::ffi::rtnl::NLRS_MODE_CREATE;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = nlrs_rmsg {
            ptr: null(),
            len: 0,
        };
        let mut ip = nlrs_ipaddr::default();
        let (mut v, mut p) = (0u32, 0u32);
        assert_eq!(nlrs_addr_new(null_mut()), EINVAL);
        nlrs_addr_free(null_mut());
        assert_eq!(nlrs_addr_parse(null_mut(), no_msg), EINVAL);
        assert_eq!(nlrs_addr_index(null()), 0);
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
