//! Routes for C: the reusable `nlrs_route` object, filtered route dumps, route lookups, the
//! `nlrs_route_spec` of a route to add, replace or delete, and iproute2's names for route
//! types, origins, scopes and tables. Each function translates to one call of
//! [`crate::rtnl::route`].

use std::os::raw::{c_int, c_void};

// The handles, their accessors, the dump and the requests, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::dump::{self, nlrs_dump};
use super::macros::{arg_mut, arg_out, arg_ref, arg_slice, call, call_mut, guard, FfiResult};
use super::rmsg::nlrs_rmsg;
use super::rtnl::nlrs_ipaddr;
use crate::rtnl::route::{self, Nexthop, Route, RouteFilter, RouteInfo, RouteMetrics, RouteSpec};
use crate::rtnl::{IfIndex, IpBytes, IpPrefix, Spec};
use crate::wire::consts::{AF_INET, AF_INET6, RTM_DELROUTE, RTM_NEWROUTE};
use crate::wire::Msg;

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
    /// Gateway; `NLRS_AF_UNSPEC` for none. An IPv4 route's may be IPv6 (`RTA_VIA`).
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
/// call per route (a large dump). Addresses are as the message carries them (an `nlrs_route`
/// object's `nlrs_route_dst()` is the prefix they name: bits past `dst_len` cleared, which the
/// kernel never sends). Optional fields are valid when their `NLRS_ROUTE_HAS_*` bit
/// is set in `has`. Multipath paths are counted in `nexthops`; they, metrics and realms are
/// flagged (`NLRS_ROUTE_HAS_MULTIPATH`, `_METRICS`, `_FLOW`); read them with an `nlrs_route` object
/// (for a dump's route, from `nlrs_dump_msg()`), and any other attribute through the message's
/// attribute cursor.
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
    /// Preference of an IPv6 route (`RTA_PREF`, `ip`'s `pref`: `NLRS_ICMPV6_ROUTER_PREF_*`;
    /// `NLRS_ROUTE_HAS_PREF`). The kernel sends it with every IPv6 route.
    pub pref: u8,
    /// Which optional fields are present: `NLRS_ROUTE_HAS_*` bits.
    pub has: u32,
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
    /// The nexthop object the route goes through (`RTA_NH_ID`, `ip`'s `nhid`;
    /// `NLRS_ROUTE_HAS_NH_ID`). With `net.ipv4.nexthop_compat_mode` set, the default, the
    /// kernel also sends that object's gateway and interface, or paths.
    pub nh_id: u32,
    /// Remaining lifetime in seconds of a route that expires (`RTA_CACHEINFO`'s
    /// `rta_expires`, `ip`'s `expires`, cut to whole seconds as `ip` prints it; 0 for less
    /// than a second left; `NLRS_ROUTE_HAS_EXPIRES`, clear for a route that does not expire).
    pub expires: u32,
    /// Destination (`NLRS_ROUTE_HAS_DST`; absent for a default route).
    pub dst: nlrs_ipaddr,
    /// Source prefix (`NLRS_ROUTE_HAS_SRC`).
    pub src: nlrs_ipaddr,
    /// Gateway (`NLRS_ROUTE_HAS_GATEWAY`; an IPv4 route's may be IPv6, from `RTA_VIA`).
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
    scope = scope, rtype = r#type, pref = pref, has = has, table = table, flags = flags,
    oif = oif, iif = iif, priority = priority, nexthops = nexthops, nh_id = nh_id,
    expires = expires, dst = dst, src = src, gateway = gateway, prefsrc = prefsrc,
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
    assert!(std::mem::size_of::<nlrs_route_info>() == 112);
    assert!(std::mem::offset_of!(nlrs_route_info, has) == 8);
    assert!(std::mem::offset_of!(nlrs_route_info, dst) == 44);
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

/// Writes the fields of `route` into `*out` in one call, as `nlrs_route_decode()` decodes them
/// from a message (the destination and source as the prefixes `nlrs_route_dst()` and
/// `nlrs_route_src()` give): the one-call read of a route without a message, a mirror's.
///
/// Returns 0, or `-EINVAL` for a NULL `route` or `out` (then `*out` is untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_to_info(route: *const nlrs_route, out: *mut nlrs_route_info) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(route, |o| {
        out?.set(*as_c(&RouteInfo::of(&o.route)));
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
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(route, |o| {
        out?.set_some(o.route.metrics.as_ref().and_then(|m| m.get(rtax)))
    })
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

impl nlrs_route_filter {
    /// The filter `f` stands for (NULL: every route).
    fn to_rust(f: Option<&Self>) -> RouteFilter {
        let f = f.copied().unwrap_or_default();
        let nonzero = |v: u32| (v != 0).then_some(v);
        RouteFilter {
            family: f.family,
            table: nonzero(f.table),
            protocol: (f.protocol != 0).then_some(f.protocol.into()),
            rtype: (f.r#type != 0).then_some(f.r#type.into()),
            oif: nonzero(f.oif).map(IfIndex::from),
        }
    }
}

/// The body of `nlrs_route_spec_new()`: the default route of `family`; `-EAFNOSUPPORT` for a
/// family other than IPv4 and IPv6.
fn default_route(family: u8) -> FfiResult<RouteSpec> {
    match family {
        AF_INET => Ok(RouteSpec::new(IpPrefix::DEFAULT_V4)),
        AF_INET6 => Ok(RouteSpec::new(IpPrefix::DEFAULT_V6)),
        _ => Err(-libc::EAFNOSUPPORT),
    }
}

/// The prefix of address `a` and length `len`, or none for `NLRS_AF_UNSPEC`; `-EINVAL` for a
/// `len` longer than the address.
fn prefix_arg(a: &nlrs_ipaddr, len: u8) -> FfiResult<Option<IpPrefix>> {
    a.ip_opt()?
        .map(|ip| IpPrefix::new(ip, len).map_err(|_| -libc::EINVAL))
        .transpose()
}

/// The body of `nlrs_route_spec_set_dst()`: destination `d` with prefix length `len`, or
/// the default route of the spec's family for `NLRS_AF_UNSPEC`.
fn set_dst(s: &mut RouteSpec, d: &nlrs_ipaddr, len: u8) -> FfiResult<()> {
    s.dst = match prefix_arg(d, len)? {
        Some(p) => p,
        None if s.dst.family() == AF_INET6 => IpPrefix::DEFAULT_V6,
        None => IpPrefix::DEFAULT_V4,
    };
    Ok(())
}

/// The body of `nlrs_route_spec_set_metric()`: `-EINVAL`, and the spec unchanged, for a
/// metric that is not a known `u32` one.
fn set_metric(s: &mut RouteSpec, rtax: u16, value: u32) -> FfiResult<()> {
    let mut m = s.metrics.take().unwrap_or_default();
    let known = m.set(rtax, value);
    s.metrics = (m != RouteMetrics::default()).then_some(m);
    if known {
        Ok(())
    } else {
        Err(-libc::EINVAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::consts::{NLRS_RTAX_CC_ALGO, NLRS_RTN_BLACKHOLE, NLRS_RTN_PROHIBIT};
    use crate::ffi::rtnl::testing::*;

    /// What the generated test (`generated.rs`) cannot know: the special functions, the
    /// arguments refused on a live socket and spec, and the names.
    #[test]
    fn bad_arguments_are_refused() {
        let mut nh = nlrs_route_nexthop::default();
        let mut r = null_mut();
        assert_eq!(nlrs_route_new(&mut r), 0);
        assert_eq!(nlrs_route_nexthop_at(r, 0, &mut nh), EINVAL);
        assert_eq!(nlrs_route_nexthop_at(r, 0, null_mut()), EINVAL);
        assert_eq!(nlrs_route_nexthop_count(r), 0);

        let s = route_socket();
        assert_eq!(nlrs_route_dump(s, null(), null_mut()), EINVAL);
        let mut ip = nlrs_ipaddr::default();
        assert_eq!(nlrs_route_get(s, null(), r), EINVAL);
        assert_eq!(nlrs_route_get(s, &ip, r), -libc::EAFNOSUPPORT);
        ip.family = AF_INET;
        assert_eq!(nlrs_route_get(s, &ip, null_mut()), EINVAL);

        let mut spec = null_mut();
        assert_eq!(nlrs_route_spec_new(7, &mut spec), -libc::EAFNOSUPPORT);
        assert_eq!(nlrs_route_spec_new(AF_INET, &mut spec), 0);
        assert_eq!(nlrs_route_spec_set_dst(spec, null(), 24), EINVAL);
        assert_eq!(nlrs_route_spec_set_dst(spec, &ip, 33), EINVAL);
        assert_eq!(nlrs_route_spec_set_gateway(spec, null()), EINVAL);
        assert_eq!(nlrs_route_spec_add_nexthop(spec, null()), EINVAL);
        assert_eq!(nlrs_route_spec_set_src(spec, null(), 24), EINVAL);
        assert_eq!(nlrs_route_spec_set_src(spec, &ip, 33), EINVAL);
        assert_eq!(nlrs_route_spec_set_congctl(spec, null()), EINVAL);
        assert_eq!(nlrs_route_spec_set_congctl(spec, c"\xff".as_ptr()), EINVAL);
        for bad in [NLRS_RTAX_CC_ALGO, 0, 200] {
            assert_eq!(nlrs_route_spec_set_metric(spec, bad, 1), EINVAL, "{bad}");
        }
        assert_eq!(nlrs_route_add(s, spec, 9), EINVAL);
        assert_eq!(nlrs_route_add(s, null(), NLRS_MODE_CREATE), EINVAL);
        nlrs_route_spec_free(spec);

        let mut t = 0u32;
        let mut b = 0u8;
        assert_eq!(nlrs_route_table_parse(c"nope".as_ptr(), &mut t), EINVAL);
        assert_eq!(nlrs_route_table_parse(c"100000".as_ptr(), &mut t), 0);
        assert_eq!(t, 100_000);
        assert_eq!(nlrs_route_type_parse(c"blackhole".as_ptr(), &mut b), 0);
        assert_eq!(b, NLRS_RTN_BLACKHOLE);
        assert_eq!(nlrs_route_type_name(NLRS_RTN_PROHIBIT, null_mut(), 0), 8);
        assert_eq!(nlrs_route_table_name(100_000, null_mut(), 0), 6);
        nlrs_route_free(r);
        nlrs_socket_free(s);
    }
}
