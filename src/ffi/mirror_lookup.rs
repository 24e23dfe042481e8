//! Asking an `nlrs_mirror` for one object: a link by index or name, an address, a neighbour entry
//! or a route by what names it, and the route a lookup of an address gives (the longest-prefix
//! match). Each answer is an object the mirror owns, borrowed like those of `nlrs_mirror_first()`:
//! valid until the next call on the mirror that lends an object or changes the mirror.

use std::os::raw::c_char;

use super::macros::{arg_cstr, arg_struct};
use super::mirror::{lookup, nlrs_mirror, nlrs_object};
use super::rtnl::nlrs_ipaddr;
use crate::rtnl::mirror::RouteId;
use crate::rtnl::IpPrefix;

/// Returns the mirrored link with interface index `ifindex`, or NULL (no such link, links not
/// mirrored, NULL `mirror`). The object is valid until the next call on the mirror that lends an
/// object or changes the mirror. O(log n).
#[no_mangle]
pub extern "C" fn nlrs_mirror_link(mirror: *const nlrs_mirror, ifindex: u32) -> *const nlrs_object {
    lookup(mirror, |m| Ok(m.link_place(ifindex.into())))
}

/// Returns the mirrored link named `name` (a NUL-terminated string, compared byte by byte, with its
/// name and its alternative names, as the kernel finds a link), or NULL (no such link, NULL
/// `mirror` or `name`). The object is valid until the next call on the mirror
/// that lends an object or changes the mirror. O(1).
#[no_mangle]
pub extern "C" fn nlrs_mirror_link_by_name(
    mirror: *const nlrs_mirror,
    name: *const c_char,
) -> *const nlrs_object {
    // SAFETY: `name` is NULL or a C string (the API contract).
    let name = unsafe { arg_cstr(name) };
    lookup(mirror, |m| Ok(m.link_by_name_place(name?.to_bytes())))
}

/// Returns the mirrored address `*addr` on interface `ifindex` (when IPv4 has it there with several
/// prefix lengths, the shortest), or NULL (none, NULL `mirror` or `addr`, a family other than
/// `NLRS_AF_INET` / `NLRS_AF_INET6`). The object is valid until the next call on the mirror that
/// lends an object or changes the mirror. O(log n).
#[no_mangle]
pub extern "C" fn nlrs_mirror_addr(
    mirror: *const nlrs_mirror,
    ifindex: u32,
    addr: *const nlrs_ipaddr,
) -> *const nlrs_object {
    // SAFETY: `addr` is NULL or readable (the API contract).
    let addr = unsafe { arg_struct(addr) };
    lookup(mirror, |m| Ok(m.addr_place(ifindex.into(), addr?.ip()?)))
}

/// Returns the mirrored ARP or NDP entry (not a proxy entry) for `*dst` on interface `ifindex`, or
/// NULL (none, NULL `mirror` or `dst`, a family other than `NLRS_AF_INET` / `NLRS_AF_INET6`). The
/// object is valid until the next call on the mirror that lends an object or changes the mirror.
/// O(log n).
#[no_mangle]
pub extern "C" fn nlrs_mirror_neigh(
    mirror: *const nlrs_mirror,
    ifindex: u32,
    dst: *const nlrs_ipaddr,
) -> *const nlrs_object {
    // SAFETY: `dst` is NULL or readable (the API contract).
    let dst = unsafe { arg_struct(dst) };
    lookup(mirror, |m| Ok(m.neigh_place(ifindex.into(), dst?.ip()?)))
}

/// Returns the mirrored route of table `table` to `*dst`/`dst_len` (the bits of `*dst` past
/// `dst_len` do not count; any address of the family for a default route) with TOS `tos` (0 for
/// IPv6) and priority (metric) `priority` (0 when the kernel sent none), and without a source
/// prefix. When several IPv4 routes were appended to that prefix, the one whose gateway (or first
/// path's gateway) is `*gateway`, or the one the kernel lists first when `gateway` is NULL. NULL
/// when there is none, for a NULL `mirror` or `dst`, and for a family other than `NLRS_AF_INET` /
/// `NLRS_AF_INET6`. The object is valid until the next call on the mirror that lends an object or
/// changes the mirror. One hash probe (the routes of a prefix are hashed together).
#[no_mangle]
pub extern "C" fn nlrs_mirror_route(
    mirror: *const nlrs_mirror,
    table: u32,
    dst: *const nlrs_ipaddr,
    dst_len: u8,
    tos: u8,
    priority: u32,
    gateway: *const nlrs_ipaddr,
) -> *const nlrs_object {
    // SAFETY: `dst` and `gateway` are NULL or readable (the API contract).
    let (dst, gateway) = unsafe { (arg_struct(dst), arg_struct(gateway)) };
    lookup(mirror, |m| {
        let gateway = match gateway {
            Ok(g) => Some(g.ip()?),
            Err(_) => None,
        };
        // A length longer than the address names no route.
        let Ok(dst) = IpPrefix::new(dst?.ip()?, dst_len) else {
            return Ok(None);
        };
        let id = RouteId::new(table, dst).tos(tos).priority(priority);
        Ok(m.route_place(&id, gateway))
    })
}

/// Returns the route a lookup of `*addr` in table `table` alone gives, as the kernel picks it for a
/// table without rules and a flow with TOS 0: the longest prefix holding the address, and of its
/// routes without a source prefix and with TOS 0 the one with the lowest priority (metric). Of
/// several IPv4 routes of one prefix and priority (`ip route append`, `prepend`) the one the kernel
/// lists first, as its lookup takes it; the route's type is not looked at (an `unreachable` route is an
/// answer) nor are its next hops' states. NULL when no prefix holds the address, for a NULL
/// `mirror` or `addr`, and for a family other than `NLRS_AF_INET` / `NLRS_AF_INET6`. The object is
/// valid until the next call on the mirror that lends an object or changes the mirror. Costs one
/// hash probe per prefix length the table has among the routes that share the address's first 16
/// bits (and its default route), longest first, until one holds the address.
#[no_mangle]
pub extern "C" fn nlrs_mirror_route_lookup(
    mirror: *const nlrs_mirror,
    table: u32,
    addr: *const nlrs_ipaddr,
) -> *const nlrs_object {
    // SAFETY: `addr` is NULL or readable (the API contract).
    let addr = unsafe { arg_struct(addr) };
    lookup(mirror, |m| Ok(m.route_lookup_place(table, addr?.ip()?)))
}
