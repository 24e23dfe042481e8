//! Routes for C: the reusable `nlrs_route` object, filtered route dumps, route lookups, the
//! `nlrs_route_spec` of a route to add, replace or delete, and iproute2's names for route
//! types, origins, scopes and tables. Each function translates to one call of
//! [`crate::rtnl::route`].

use std::os::raw::{c_int, c_void};

// The getters, setters, `_new`, `_free`, `_parse` and `_msg`, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::dump::{self, nlrs_dump};
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_slice, arg_struct, call, call_mut, ffi_handle, guard, into_raw,
    FfiResult, Handle,
};
use super::rmsg::nlrs_rmsg;
use super::rtnl::{
    mode, nlrs_ipaddr, optional, raw_field, request, send_spec, start_dump, CText, Decoded, RawMsg,
};
use super::socket::nlrs_socket;
use crate::rtnl::route::{self, Nexthop, Route, RouteFilter, RouteInfo, RouteSpec};
use crate::rtnl::{IfIndex, IpBytes, IpPrefix, Spec};
use crate::wire::consts::{AF_INET, AF_INET6, RTM_DELROUTE, RTM_NEWROUTE};
use crate::wire::{Msg, ParseError};

/// A route decoded from an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message: reusable, so a
/// whole dump decodes into one object with no allocation per route (multipath routes
/// included, once the path list has grown).
///
/// Made with `nlrs_route_new()`, freed with `nlrs_route_free()`, filled by `nlrs_route_parse()`
/// (from a message of `nlrs_route_dump()` or a notification) or `nlrs_route_get()`. Read with the
/// getters `nlrs_route_<field>()`, `nlrs_route_nexthop_at()` and `nlrs_route_metric()`; every other
/// attribute (expiry, encapsulation, ...) through the copy of the message, `nlrs_route_msg()`.
///
/// Everything borrowed from the object is valid until the next call that changes, or frees,
/// the object. An object may be used from any thread, one thread at a time.
pub struct nlrs_route(Handle<RouteObj>);
ffi_handle!(nlrs_route => RouteObj);

/// The decoded route and its message copy.
#[derive(Default)]
pub(crate) struct RouteObj {
    route: Route,
    raw: RawMsg,
    /// The C view of the congestion control algorithm metric.
    congctl: CText,
}

impl Decoded for RouteObj {
    raw_field!();

    fn decode(&mut self) -> Result<(), ParseError> {
        let r = self.route.parse_into(&self.raw.msg()?);
        self.set_congctl();
        r
    }
}

impl RouteObj {
    /// Shows a route of a mirror: `fill` writes it into the object (reusing its buffers);
    /// the object then holds no message copy.
    pub(crate) fn show(&mut self, fill: impl FnOnce(&mut Route)) {
        fill(&mut self.route);
        self.raw = RawMsg::default();
        self.set_congctl();
    }

    /// Makes the C view of the congestion control algorithm metric the route's.
    fn set_congctl(&mut self) {
        let cc_algo = self
            .route
            .metrics
            .as_ref()
            .and_then(|m| m.cc_algo.as_deref());
        self.congctl.set(cc_algo.map(str::as_bytes));
    }
}

/// One path of a multipath route (`RTA_MULTIPATH`), passed by value: read with
/// `nlrs_route_nexthop_at()`, added with `nlrs_route_spec_add_nexthop()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct nlrs_route_nexthop {
    /// Output interface index.
    pub ifindex: u32,
    /// The path's weight minus one (`rtnh_hops`): 0 for weight 1.
    pub hops: u8,
    /// `NLRS_RTNH_F_*` flags.
    pub flags: u8,
    /// Gateway; `NLRS_AF_UNSPEC` for none.
    pub gateway: nlrs_ipaddr,
}

/// What `nlrs_route_dump()` asks the kernel for, passed by pointer. Zero it for "every IPv4
/// and IPv6 route of every table", then narrow it: every field that is not 0 must match.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_route_filter {
    /// `NLRS_AF_INET`, `NLRS_AF_INET6`, or `NLRS_AF_UNSPEC` for both.
    pub family: u8,
    /// Only routes of this origin (`NLRS_RTPROT_*`), or 0 for any.
    pub protocol: u8,
    /// Only routes of this type (`NLRS_RTN_*`), or 0 for any.
    pub r#type: u8,
    /// Only routes of this table (any 32-bit id, e.g. `NLRS_RT_TABLE_MAIN`), or 0 for all.
    pub table: u32,
    /// Only routes through the interface with this index, or 0 for any.
    pub oif: u32,
}

/// A route decoded into a plain struct by `nlrs_route_decode()`: the fields of an
/// `nlrs_route` object without the object, for code that decodes many routes and wants one
/// call per route (a large dump). Optional fields are valid when their `NLRS_ROUTE_HAS_*` bit
/// is set in `has`. Multipath paths are counted in `nexthops`; read them with an `nlrs_route`
/// object, and any other attribute through the message's attribute cursor.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct nlrs_route_info {
    /// `NLRS_AF_INET` or `NLRS_AF_INET6`.
    pub family: u8,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix length.
    pub src_len: u8,
    /// Type of service.
    pub tos: u8,
    /// Origin (`NLRS_RTPROT_*`).
    pub protocol: u8,
    /// Scope (`NLRS_RT_SCOPE_*`).
    pub scope: u8,
    /// Type (`NLRS_RTN_*`).
    pub r#type: u8,
    /// Which optional fields are present: `NLRS_ROUTE_HAS_*` bits.
    pub has: u8,
    /// Table id, all 32 bits.
    pub table: u32,
    /// `NLRS_RTM_F_*` flags.
    pub flags: u32,
    /// Output interface index (`NLRS_ROUTE_HAS_OIF`).
    pub oif: u32,
    /// Input interface index (`NLRS_ROUTE_HAS_IIF`).
    pub iif: u32,
    /// Priority (`RTA_PRIORITY`, `ip`'s `metric`; `NLRS_ROUTE_HAS_PRIORITY`).
    pub priority: u32,
    /// Number of multipath paths (0 for a single-path route).
    pub nexthops: u32,
    /// Destination (`NLRS_ROUTE_HAS_DST`; absent for a default route).
    pub dst: nlrs_ipaddr,
    /// Source prefix (`NLRS_ROUTE_HAS_SRC`).
    pub src: nlrs_ipaddr,
    /// Gateway (`NLRS_ROUTE_HAS_GATEWAY`).
    pub gateway: nlrs_ipaddr,
    /// Preferred source address (`NLRS_ROUTE_HAS_PREFSRC`).
    pub prefsrc: nlrs_ipaddr,
}

/// Decodes `m` into `info`: `-EINVAL` for a message that is not a route.
#[inline]
fn decode_into(info: &mut RouteInfo, m: &Msg<'_>) -> FfiResult<()> {
    if m.ty() != RTM_NEWROUTE && m.ty() != RTM_DELROUTE {
        return Err(-libc::EINVAL);
    }
    Ok(info.parse_into(m)?)
}

/// `r` as C sees it. `nlrs_route_info` is `RouteInfo` field for field (checked below), so a
/// decoded route is handed to C without a copy: this is the per-route cost of a large dump.
fn as_c(r: &RouteInfo) -> &nlrs_route_info {
    // SAFETY: both are repr(C) with the same fields at the same offsets (asserted at compile
    // time below), every bit pattern of one is valid for the other, and the lifetime is kept.
    unsafe { &*(r as *const RouteInfo).cast::<nlrs_route_info>() }
}

macro_rules! same_layout {
    ($a:ty, $b:ty: $($fa:ident = $fb:ident),* $(,)?) => {
        const _: () = {
            assert!(std::mem::size_of::<$a>() == std::mem::size_of::<$b>());
            assert!(std::mem::align_of::<$a>() == std::mem::align_of::<$b>());
            $(assert!(std::mem::offset_of!($a, $fa) == std::mem::offset_of!($b, $fb));)*
        };
    };
}
same_layout!(IpBytes, nlrs_ipaddr: family = family, addr = addr);
same_layout!(RouteInfo, nlrs_route_info:
    family = family, dst_len = dst_len, src_len = src_len, tos = tos, protocol = protocol,
    scope = scope, rtype = r#type, has = has, table = table, flags = flags, oif = oif,
    iif = iif, priority = priority, nexthops = nexthops, dst = dst, src = src,
    gateway = gateway, prefsrc = prefsrc,
);

/// Called by `nlrs_route_dump_foreach()` with each route: `userdata` as given, and the route,
/// valid only during the call. Return 0 to continue, a positive value to stop early, a negative
/// value to abort with that code. Must not call functions on the dump or its socket: they return
/// `-EBUSY` (getters 0 or NULL) and change nothing. `nlrs_dump_free()` of the dump, or
/// `nlrs_socket_free()` of its socket, is safe here: it takes effect when
/// `nlrs_route_dump_foreach()` returns, and calls until then return `-NLRS_E_CONSUMED`.
pub type nlrs_route_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, route: *const nlrs_route_info) -> c_int>;

// The C side checks the same sizes (c-examples/nlip.c).
const _: () = {
    assert!(std::mem::size_of::<nlrs_route_nexthop>() == 24);
    assert!(std::mem::offset_of!(nlrs_route_nexthop, gateway) == 6);
    assert!(std::mem::size_of::<nlrs_route_filter>() == 12);
    assert!(std::mem::size_of::<nlrs_route_info>() == 100);
    assert!(std::mem::offset_of!(nlrs_route_info, dst) == 32);
    assert!(std::mem::offset_of!(nlrs_route_filter, table) == 4);
};

impl nlrs_route_nexthop {
    fn new(n: &Nexthop) -> Self {
        nlrs_route_nexthop {
            ifindex: n.ifindex.get(),
            hops: n.hops,
            flags: n.flags,
            gateway: n.gateway.as_ref().map(nlrs_ipaddr::new).unwrap_or_default(),
        }
    }

    /// The path for the Rust layer; `-EAFNOSUPPORT` for a gateway of another family.
    fn to_rust(self) -> FfiResult<Nexthop> {
        let mut n = Nexthop::new(self.ifindex.into())
            .hops(self.hops)
            .flags(self.flags);
        n.gateway = self.gateway.ip_opt()?;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------------
// The object.

/// Decodes the route in `msg` (an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message, e.g. a
/// notification, or a message of `nlrs_dump_next()`) into `*out` in one call, without an
/// object and without allocating.
///
/// Returns 0 and fills `*out`; `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`,
/// a NULL `msg.ptr` with a length, a message of another type), `-EBADMSG` (malformed message).
#[no_mangle]
pub extern "C" fn nlrs_route_decode(msg: nlrs_rmsg, out: *mut nlrs_route_info) -> c_int {
    // SAFETY: `msg` came from nlrs and is still valid; `out` is NULL or writable (the contract).
    let (bytes, out) = unsafe { (arg_slice(msg.ptr, msg.len), arg_out(out)) };
    guard(|| {
        let (bytes, out) = (bytes?, out?);
        let mut info = RouteInfo::default();
        decode_into(&mut info, &Msg::parse(bytes)?)?;
        out.set(*as_c(&info));
        Ok(0)
    })
}

/// The next route of a route dump (`nlrs_route_dump()`), decoded into `*out`: the fast way
/// through a large table, one call per route, no allocation. The message itself is not
/// returned; read routes with `nlrs_dump_next()` and an `nlrs_route` object when their raw
/// attributes or multipath paths are needed.
///
/// Returns what `nlrs_dump_next()` returns: 1 with `*out` filled, 0 at the dump's successful
/// end, or a negative code (`-NLRS_E_DUMP_INTR` after the last route of an inconsistent dump,
/// the kernel's errno, `-EAGAIN` on a non-blocking socket, ...). Also `-EINVAL` for a NULL
/// `dump` or `out`, or a message that is not a route (the dump is then past it), and
/// `-EBADMSG` for a malformed route. `*out` is written only when 1 is returned.
#[no_mangle]
pub extern "C" fn nlrs_route_dump_next(dump: *mut nlrs_dump, out: *mut nlrs_route_info) -> c_int {
    // SAFETY: `dump` is NULL or live, `out` is NULL or writable (the API contract).
    let (dump, out) = unsafe { (arg_mut(dump), arg_out(out)) };
    call_mut(dump, |d| {
        let out = out?;
        let decode = |m: &Msg<'_>| {
            let mut info = RouteInfo::default();
            decode_into(&mut info, m).map(|()| *as_c(&info))
        };
        match dump::next_map(d, decode)? {
            Some(info) => {
                out.set(info);
                Ok(1)
            }
            None => Ok(0),
        }
    })
}

/// Reads a route dump (`nlrs_route_dump()`) to its end, calling `cb(userdata, route)` with
/// each route decoded as `nlrs_route_dump_next()` decodes it, on the calling thread. Built on
/// the same pull iterator, in one call: the fastest way through a large table.
///
/// Returns 0 at the dump's successful end; the callback's positive value when it stopped early
/// (another call goes on with the next route); the callback's negative value when it aborted;
/// otherwise the negative code `nlrs_route_dump_next()` would have returned. `-EINVAL` for a
/// NULL `dump` or `cb`, or a message that is not a route.
#[no_mangle]
pub extern "C" fn nlrs_route_dump_foreach(
    dump: *mut nlrs_dump,
    cb: nlrs_route_cb,
    userdata: *mut c_void,
) -> c_int {
    // SAFETY: `dump` is NULL or live (the API contract).
    let dump = unsafe { arg_mut(dump) };
    call_mut(dump, |d| {
        let cb = cb.ok_or(-libc::EINVAL)?;
        let mut info = RouteInfo::default();
        dump::each(d, |m| match decode_into(&mut info, m) {
            // SAFETY: the caller's callback, called as its type says (the API contract).
            Ok(()) => unsafe { cb(userdata, as_c(&info)) },
            Err(rc) => rc,
        })
    })
}

/// Writes the route's metric `rtax` (`NLRS_RTAX_MTU`, `NLRS_RTAX_ADVMSS`, ..., nested in
/// `RTA_METRICS`; `NLRS_RTAX_LOCK` gives the locked metrics, bit `1 << NLRS_RTAX_*` each) to
/// `*out`. Returns 1 when sent, 0 when not (the kernel sends only metrics that were set; also
/// for `NLRS_RTAX_CC_ALGO`, a string read with `nlrs_route_congctl()`, and for a number nlrs
/// does not know; then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_metric(route: *const nlrs_route, rtax: u16, out: *mut u32) -> c_int {
    optional(route, out, |o| o.route.metrics.as_ref()?.get(rtax))
}

/// Writes path `i` (counted from 0, in the kernel's order) of a multipath route to `*out`.
/// Returns 0, or `-EINVAL` for a NULL `route` or `out` or an `i` out of range (then `*out` is
/// untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_nexthop_at(
    route: *const nlrs_route,
    i: usize,
    out: *mut nlrs_route_nexthop,
) -> c_int {
    // SAFETY: `route` is NULL or live, `out` is NULL or writable (the API contract).
    let (route, out) = unsafe { (arg_ref(route), arg_out(out)) };
    call(route, |r| {
        let out = out?;
        let nh = r.route.multipath.get(i).ok_or(-libc::EINVAL)?;
        out.set(nlrs_route_nexthop::new(nh));
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------------
// Conversations.

/// Starts a dump of the routes `*filter` selects (NULL: every IPv4 and IPv6 route of every
/// table), in the kernel's order. With strict checking (the socket's default) the kernel
/// itself filters by table, protocol, type and output interface, so only matching routes
/// travel; on a socket opened with `NLRS_SOCKET_NO_DEFAULTS` it filters by family only, so
/// check the fields. `*filter` is read during the call only. Cached clones are not dumped.
///
/// Read the dump with `nlrs_dump_next()` and decode each message with `nlrs_route_parse()`;
/// the message stays available for raw attributes until the next `nlrs_dump_next()`.
///
/// On success returns 0 and writes a new `nlrs_dump` to `*out`, which the caller owns and frees
/// with `nlrs_dump_free()` (it borrows `sock`, see `nlrs_dump`). `*out` is untouched on failure.
/// Errors: as `nlrs_socket_dump()`: `-EINVAL` (NULL `sock` or `out`), a negative errno of
/// sendto(); a refusal by the kernel comes from the first `nlrs_dump_next()` and is kept on
/// `sock` with its extended ACK.
#[no_mangle]
pub extern "C" fn nlrs_route_dump(
    sock: *mut nlrs_socket,
    filter: *const nlrs_route_filter,
    out: *mut *mut nlrs_dump,
) -> c_int {
    // SAFETY: `filter` is NULL or readable (the API contract).
    let f = unsafe { filter.as_ref() }.copied().unwrap_or_default();
    start_dump(sock, out, || {
        let nonzero = |v: u32| (v != 0).then_some(v);
        let filter = RouteFilter {
            family: f.family,
            table: nonzero(f.table),
            protocol: (f.protocol != 0).then_some(f.protocol.into()),
            rtype: (f.r#type != 0).then_some(f.r#type.into()),
            oif: nonzero(f.oif).map(IfIndex::from),
        };
        Ok(filter.dump_request()?)
    })
}

/// Asks the kernel which route it would use to reach `*to` (`NLRS_RTM_GETROUTE`, `ip route
/// get`) and decodes its answer into `route`, replacing what it held. For IPv4 the answer is a
/// cached clone (`NLRS_RTM_F_CLONED`) with the chosen gateway, interface and source.
///
/// Returns 0 on success. Errors: `-ENETUNREACH`, `-EHOSTUNREACH` and any other negative errno
/// the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`,
/// `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock`, `to` or `route`),
/// `-EAFNOSUPPORT` (`to` neither IPv4 nor IPv6). On failure `route`'s content is unspecified
/// until the next successful fill.
#[no_mangle]
pub extern "C" fn nlrs_route_get(
    sock: *mut nlrs_socket,
    to: *const nlrs_ipaddr,
    route: *mut nlrs_route,
) -> c_int {
    // SAFETY: `sock` and `route` are NULL or live, `to` is NULL or readable.
    let (sock, to, route) = unsafe { (arg_mut(sock), arg_struct(to), arg_mut(route)) };
    call_mut(sock, |st| {
        let (to, mut r) = (to?.ip()?, route?.live_mut()?);
        request(st, route::get_request(&to), Some(&mut |m| r.parse(m)))
    })
}

// ---------------------------------------------------------------------------------------------
// Changes.

/// A route to add, replace or delete: `nlrs_route_add()`, `nlrs_route_delete()`.
///
/// Made with `nlrs_route_spec_new()` (a unicast default route of one family in the main table,
/// origin `boot`, as `ip route` makes them), freed with `nlrs_route_spec_free()`. Set with the
/// setters `nlrs_route_spec_set_<field>()` and `nlrs_route_spec_add_nexthop()`. Sending never
/// changes it.
///
/// Unless set, the scope is chosen as `ip route` chooses it: host for local routes, link for
/// unicast routes without a gateway, global otherwise, and "any" in a delete. A delete matches
/// on what is set: the destination and table always, the type unless it is
/// `NLRS_RTN_UNSPEC`, the gateway, interface and priority when set.
///
/// A spec may be used from any thread, one thread at a time.
pub struct nlrs_route_spec(Handle<RouteSpec>);
ffi_handle!(nlrs_route_spec => RouteSpec);

/// Makes the spec of the default route of `family` (`NLRS_AF_INET` or `NLRS_AF_INET6`):
/// unicast, main table, origin boot; `nlrs_route_spec_set_dst()` makes it a route to a prefix.
///
/// On success returns 0 and writes the new spec to `*out`, which the caller owns and frees with
/// `nlrs_route_spec_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`),
/// `-EAFNOSUPPORT` (another family).
#[no_mangle]
pub extern "C" fn nlrs_route_spec_new(family: u8, out: *mut *mut nlrs_route_spec) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        let out = out?;
        let dst = match family {
            AF_INET => IpPrefix::DEFAULT_V4,
            AF_INET6 => IpPrefix::DEFAULT_V6,
            _ => return Err(-libc::EAFNOSUPPORT),
        };
        out.set(into_raw(RouteSpec::new(dst)));
        Ok(0)
    })
}

/// The body of `nlrs_route_spec_set_dst()`: destination `d` with prefix length `len`, or
/// none for `NLRS_AF_UNSPEC`; `-EINVAL` for a `len` longer than the address.
fn set_dst(s: &mut RouteSpec, d: &nlrs_ipaddr, len: u8) -> FfiResult<()> {
    s.dst = match d.ip_opt()? {
        Some(ip) => IpPrefix::new(ip, len).map_err(|_| -libc::EINVAL)?,
        None if s.dst.family() == AF_INET6 => IpPrefix::DEFAULT_V6,
        None => IpPrefix::DEFAULT_V4,
    };
    Ok(())
}

/// Adds the route `spec` describes (`NLRS_RTM_NEWROUTE`), with `mode` (`NLRS_MODE_*`) deciding
/// what happens when one with the same destination, table, type of service and priority exists:
/// `NLRS_MODE_CREATE` fails with `-EEXIST`, `NLRS_MODE_REPLACE` replaces it (`ip route
/// replace` is `NLRS_MODE_UPSERT`), `NLRS_MODE_APPEND` adds another.
///
/// Returns 0 on success. Errors: the kernel's negative errno (`-EEXIST`, `-ENETUNREACH` for an
/// unreachable gateway, `-ENODEV`, `-EINVAL` ...), kept on `sock` with its extended ACK
/// (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`; `-EINVAL` (NULL `sock` or `spec`, an unknown
/// `mode`).
#[no_mangle]
pub extern "C" fn nlrs_route_add(
    sock: *mut nlrs_socket,
    spec: *const nlrs_route_spec,
    mode: c_int,
) -> c_int {
    send_spec(sock, spec, |s| Ok(s.add_request(self::mode(mode)?)))
}

/// Deletes the route `spec` describes (`NLRS_RTM_DELROUTE`; see `nlrs_route_spec` for what it
/// matches on).
///
/// Returns 0 on success. Errors: `-ESRCH` (IPv4) or `-ENOENT` (IPv6) when no route matches,
/// any other negative errno the kernel answers with (kept on `sock` with its extended ACK),
/// `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`).
#[no_mangle]
pub extern "C" fn nlrs_route_delete(sock: *mut nlrs_socket, spec: *const nlrs_route_spec) -> c_int {
    send_spec(sock, spec, |s| Ok(s.delete_request()))
}

// ---------------------------------------------------------------------------------------------
// Names.

#[cfg(test)]
mod tests {
    use super::generated::*;
    use super::*;
    use crate::ffi::consts::{NLRS_PROTO_ROUTE, NLRS_RTN_BLACKHOLE, NLRS_RTN_PROHIBIT};

    use crate::ffi::rtnl::NLRS_MODE_CREATE;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = RawMsg::default().rmsg();
        let mut ip = nlrs_ipaddr::default();
        let mut v = 0u32;
        let mut nh = nlrs_route_nexthop::default();
        assert_eq!(nlrs_route_table(null()), 0);
        assert_eq!(nlrs_route_nexthop_count(null()), 0);
        assert_eq!(nlrs_route_dst(null(), &mut ip), EINVAL);
        assert_eq!(nlrs_route_oif(null(), &mut v), EINVAL);

        let mut r = null_mut();
        assert_eq!(nlrs_route_new(&mut r), 0);
        assert_eq!(nlrs_route_dst(r, &mut ip), 0);
        assert_eq!(nlrs_route_gateway(r, null_mut()), EINVAL);
        assert_eq!(nlrs_route_nexthop_at(r, 0, &mut nh), EINVAL);
        assert_eq!(nlrs_route_nexthop_at(r, 0, null_mut()), EINVAL);
        assert_eq!(nlrs_route_parse(r, no_msg), -libc::EBADMSG);

        let mut s = null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_route_dump(null_mut(), null(), &mut d), EINVAL);
        assert_eq!(nlrs_route_dump(s, null(), null_mut()), EINVAL);
        assert_eq!(nlrs_route_get(s, null(), r), EINVAL);
        assert_eq!(nlrs_route_get(s, &ip, r), -libc::EAFNOSUPPORT);
        ip.family = AF_INET;
        assert_eq!(nlrs_route_get(s, &ip, null_mut()), EINVAL);
        assert_eq!(nlrs_route_get(null_mut(), &ip, r), EINVAL);

        let mut spec = null_mut();
        assert_eq!(nlrs_route_spec_new(AF_INET, null_mut()), EINVAL);
        assert_eq!(nlrs_route_spec_new(7, &mut spec), -libc::EAFNOSUPPORT);
        assert_eq!(nlrs_route_spec_new(AF_INET, &mut spec), 0);
        assert_eq!(nlrs_route_spec_set_dst(spec, null(), 24), EINVAL);
        assert_eq!(nlrs_route_spec_set_dst(spec, &ip, 33), EINVAL);
        assert_eq!(nlrs_route_spec_set_gateway(spec, null()), EINVAL);
        assert_eq!(nlrs_route_spec_set_prefsrc(null_mut(), &ip), EINVAL);
        assert_eq!(nlrs_route_spec_add_nexthop(spec, null()), EINVAL);
        assert_eq!(nlrs_route_spec_set_table(null_mut(), 1), EINVAL);
        assert_eq!(nlrs_route_add(s, spec, 9), EINVAL);
        assert_eq!(nlrs_route_add(s, null(), NLRS_MODE_CREATE), EINVAL);
        assert_eq!(nlrs_route_delete(null_mut(), spec), EINVAL);
        nlrs_route_spec_free(spec);
        nlrs_route_spec_free(null_mut());

        let mut t = 0u32;
        let mut b = 0u8;
        assert_eq!(nlrs_route_table_parse(null(), &mut t), EINVAL);
        assert_eq!(nlrs_route_table_parse(c"main".as_ptr(), null_mut()), EINVAL);
        assert_eq!(nlrs_route_table_parse(c"nope".as_ptr(), &mut t), EINVAL);
        assert_eq!(nlrs_route_table_parse(c"100000".as_ptr(), &mut t), 0);
        assert_eq!(t, 100_000);
        assert_eq!(nlrs_route_type_parse(c"blackhole".as_ptr(), &mut b), 0);
        assert_eq!(b, NLRS_RTN_BLACKHOLE);
        assert_eq!(nlrs_route_type_name(NLRS_RTN_PROHIBIT, null_mut(), 0), 8);
        assert_eq!(nlrs_route_table_name(100_000, null_mut(), 0), 6);
        assert_eq!(nlrs_route_scope_name(0, null_mut(), 1), EINVAL);
        nlrs_route_free(r);
        nlrs_socket_free(s);
    }
}
