//! Routes for C: the reusable `nlrs_route` object, filtered route dumps, route lookups, the
//! `nlrs_route_spec` of a route to add, replace or delete, and iproute2's names for route
//! types, origins, scopes and tables. Each function translates to one call of
//! [`crate::rtnl::route`].

use std::ffi::c_char;
use std::net::IpAddr;
use std::os::raw::{c_int, c_void};

use super::dump::{self, nlrs_dump};
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_slice, arg_struct, call, call_mut, ffi_handle, free, get, guard,
    into_raw, FfiResult, Handle,
};
use super::rmsg::nlrs_rmsg;
use super::rtnl::{
    mode, name_into, nlrs_ipaddr, opt_out, parse_into, parse_name, request, CText, Decoded, NameOr,
    RawMsg,
};
use super::socket::nlrs_socket;
use crate::rtnl::route::{
    self, has, rtn, rtprot, scope, table, Nexthop, Route, RouteDecoder, RouteFilter, RouteInfo,
    RouteSpec,
};
use crate::rtnl::{IpBytes, Spec};
use crate::wire::consts::{AF_INET, AF_INET6, RTM_DELROUTE, RTM_NEWROUTE};
use crate::wire::{Msg, ParseError};

/// A route decoded from an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message: reusable, so a
/// whole dump decodes into one object with no allocation per route (multipath routes
/// included, once the path list has grown).
///
/// Made with `nlrs_route_new()`, freed with `nlrs_route_free()`, filled by `nlrs_route_parse()`
/// (from a message of `nlrs_route_dump()` or a notification) or `nlrs_route_get()`. Read with
/// `nlrs_route_family()`, `nlrs_route_dst_len()`, `nlrs_route_src_len()`, `nlrs_route_tos()`,
/// `nlrs_route_table()`, `nlrs_route_protocol()`, `nlrs_route_scope()`, `nlrs_route_type()`,
/// `nlrs_route_flags()`, `nlrs_route_dst()`, `nlrs_route_src()`, `nlrs_route_gateway()`,
/// `nlrs_route_prefsrc()`, `nlrs_route_oif()`, `nlrs_route_iif()`, `nlrs_route_priority()`,
/// `nlrs_route_nexthop_count()`, `nlrs_route_nexthop_at()`, `nlrs_route_rtm_table()`,
/// `nlrs_route_flow()`, `nlrs_route_metric()`, `nlrs_route_congctl()`; every other attribute
/// (expiry, encapsulation, ...) through the copy of the message, `nlrs_route_msg()`.
///
/// Everything borrowed from the object is valid until the next call that changes, or frees,
/// the object. An object may be used from any thread, one thread at a time.
pub struct nlrs_route(Handle<RouteObj>);
ffi_handle!(nlrs_route => RouteObj);

/// The decoded route, its message copy, and the layout of the last route (an object is
/// typically filled with every route of a dump in turn).
#[derive(Default)]
pub(crate) struct RouteObj {
    route: Route,
    raw: RawMsg,
    decoder: RouteDecoder,
    /// The C view of the congestion control algorithm metric.
    congctl: CText,
}

impl Decoded for RouteObj {
    fn raw(&mut self) -> &mut RawMsg {
        &mut self.raw
    }

    fn decode(&mut self) -> Result<(), ParseError> {
        let r = self.route.parse_with(&mut self.decoder, &self.raw.msg()?);
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
#[derive(Debug, Clone, Copy, Default)]
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
#[derive(Debug, Clone, Copy, Default)]
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
    /// Priority, the metric (`NLRS_ROUTE_HAS_PRIORITY`).
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

/// `nlrs_route_info.has`: `dst` is present.
pub const NLRS_ROUTE_HAS_DST: u8 = 0x01;
const _: () = assert!(NLRS_ROUTE_HAS_DST == has::DST);
/// `nlrs_route_info.has`: `src` is present.
pub const NLRS_ROUTE_HAS_SRC: u8 = 0x02;
const _: () = assert!(NLRS_ROUTE_HAS_SRC == has::SRC);
/// `nlrs_route_info.has`: `gateway` is present.
pub const NLRS_ROUTE_HAS_GATEWAY: u8 = 0x04;
const _: () = assert!(NLRS_ROUTE_HAS_GATEWAY == has::GATEWAY);
/// `nlrs_route_info.has`: `prefsrc` is present.
pub const NLRS_ROUTE_HAS_PREFSRC: u8 = 0x08;
const _: () = assert!(NLRS_ROUTE_HAS_PREFSRC == has::PREFSRC);
/// `nlrs_route_info.has`: `oif` is present.
pub const NLRS_ROUTE_HAS_OIF: u8 = 0x10;
const _: () = assert!(NLRS_ROUTE_HAS_OIF == has::OIF);
/// `nlrs_route_info.has`: `iif` is present.
pub const NLRS_ROUTE_HAS_IIF: u8 = 0x20;
const _: () = assert!(NLRS_ROUTE_HAS_IIF == has::IIF);
/// `nlrs_route_info.has`: `priority` is present.
pub const NLRS_ROUTE_HAS_PRIORITY: u8 = 0x40;
const _: () = assert!(NLRS_ROUTE_HAS_PRIORITY == has::PRIORITY);

impl nlrs_route_info {
    /// Decodes a route message through `decoder`; `-EINVAL` for a message of another type.
    fn decode(decoder: &mut RouteDecoder, m: &Msg<'_>) -> FfiResult<Self> {
        if m.ty() != RTM_NEWROUTE && m.ty() != RTM_DELROUTE {
            return Err(-libc::EINVAL);
        }
        Ok(*as_c(decoder.decode(m)?))
    }
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
            ifindex: n.ifindex,
            hops: n.hops,
            flags: n.flags,
            gateway: n.gateway.as_ref().map(nlrs_ipaddr::new).unwrap_or_default(),
        }
    }
}

/// Route type `RTN_UNSPEC`: in a filter or a delete, any type.
#[allow(dead_code)] // read by C only
pub const NLRS_RTN_UNSPEC: u8 = 0;
/// Route type `RTN_UNICAST`: a gateway or direct route.
pub const NLRS_RTN_UNICAST: u8 = 1;
/// Route type `RTN_LOCAL`: a local interface address.
pub const NLRS_RTN_LOCAL: u8 = 2;
/// Route type `RTN_BROADCAST`: accept locally as broadcast, send as broadcast.
pub const NLRS_RTN_BROADCAST: u8 = 3;
/// Route type `RTN_ANYCAST`: accept locally as broadcast, send as unicast.
pub const NLRS_RTN_ANYCAST: u8 = 4;
/// Route type `RTN_MULTICAST`: a multicast route.
pub const NLRS_RTN_MULTICAST: u8 = 5;
/// Route type `RTN_BLACKHOLE`: drop silently.
pub const NLRS_RTN_BLACKHOLE: u8 = 6;
/// Route type `RTN_UNREACHABLE`: the destination is unreachable.
pub const NLRS_RTN_UNREACHABLE: u8 = 7;
/// Route type `RTN_PROHIBIT`: administratively prohibited.
pub const NLRS_RTN_PROHIBIT: u8 = 8;
/// Route type `RTN_THROW`: go on with the lookup in another table.
pub const NLRS_RTN_THROW: u8 = 9;
/// Route type `RTN_NAT`: translate the address (no longer used by the kernel).
pub const NLRS_RTN_NAT: u8 = 10;
/// Route type `RTN_XRESOLVE`: use an external resolver (no longer used by the kernel).
pub const NLRS_RTN_XRESOLVE: u8 = 11;

/// Route origin `RTPROT_UNSPEC`: unknown; in a filter, any.
pub const NLRS_RTPROT_UNSPEC: u8 = 0;
/// Route origin `RTPROT_REDIRECT`: installed by an ICMP redirect (no longer used).
pub const NLRS_RTPROT_REDIRECT: u8 = 1;
/// Route origin `RTPROT_KERNEL`: installed by the kernel.
pub const NLRS_RTPROT_KERNEL: u8 = 2;
/// Route origin `RTPROT_BOOT`: installed during boot; iproute2's and nlrs's default.
pub const NLRS_RTPROT_BOOT: u8 = 3;
/// Route origin `RTPROT_STATIC`: installed by the administrator.
pub const NLRS_RTPROT_STATIC: u8 = 4;
/// Route origin `RTPROT_GATED`: GateD.
pub const NLRS_RTPROT_GATED: u8 = 8;
/// Route origin `RTPROT_RA`: router advertisements (RDISC, ND).
pub const NLRS_RTPROT_RA: u8 = 9;
/// Route origin `RTPROT_MRT`: Merit MRT.
pub const NLRS_RTPROT_MRT: u8 = 10;
/// Route origin `RTPROT_ZEBRA`: Zebra.
pub const NLRS_RTPROT_ZEBRA: u8 = 11;
/// Route origin `RTPROT_BIRD`: BIRD.
pub const NLRS_RTPROT_BIRD: u8 = 12;
/// Route origin `RTPROT_DNROUTED`: the DECnet routing daemon.
pub const NLRS_RTPROT_DNROUTED: u8 = 13;
/// Route origin `RTPROT_XORP`: XORP.
pub const NLRS_RTPROT_XORP: u8 = 14;
/// Route origin `RTPROT_NTK`: Netsukuku.
pub const NLRS_RTPROT_NTK: u8 = 15;
/// Route origin `RTPROT_DHCP`: a DHCP client.
pub const NLRS_RTPROT_DHCP: u8 = 16;
/// Route origin `RTPROT_MROUTED`: the multicast daemon.
pub const NLRS_RTPROT_MROUTED: u8 = 17;
/// Route origin `RTPROT_KEEPALIVED`: Keepalived.
pub const NLRS_RTPROT_KEEPALIVED: u8 = 18;
/// Route origin `RTPROT_BABEL`: Babel.
pub const NLRS_RTPROT_BABEL: u8 = 42;
/// Route origin `RTPROT_OPENR`: Open/R.
pub const NLRS_RTPROT_OPENR: u8 = 99;
/// Route origin `RTPROT_BGP`: BGP.
pub const NLRS_RTPROT_BGP: u8 = 186;
/// Route origin `RTPROT_ISIS`: IS-IS.
pub const NLRS_RTPROT_ISIS: u8 = 187;
/// Route origin `RTPROT_OSPF`: OSPF.
pub const NLRS_RTPROT_OSPF: u8 = 188;
/// Route origin `RTPROT_RIP`: RIP.
pub const NLRS_RTPROT_RIP: u8 = 189;
/// Route origin `RTPROT_EIGRP`: EIGRP.
pub const NLRS_RTPROT_EIGRP: u8 = 192;

/// Scope `RT_SCOPE_UNIVERSE` ("global"): everywhere.
pub const NLRS_RT_SCOPE_UNIVERSE: u8 = 0;
/// Scope `RT_SCOPE_SITE`: interior.
pub const NLRS_RT_SCOPE_SITE: u8 = 200;
/// Scope `RT_SCOPE_LINK`: on this link.
pub const NLRS_RT_SCOPE_LINK: u8 = 253;
/// Scope `RT_SCOPE_HOST`: on this host.
pub const NLRS_RT_SCOPE_HOST: u8 = 254;
/// Scope `RT_SCOPE_NOWHERE`: nowhere; in a delete, any scope.
pub const NLRS_RT_SCOPE_NOWHERE: u8 = 255;

/// Table `RT_TABLE_UNSPEC`: in a filter, all tables.
pub const NLRS_RT_TABLE_UNSPEC: u32 = 0_u32;
/// Table `RT_TABLE_COMPAT`: what `nlrs_route_rtm_table()` (the 8-bit `rtm_table`) reads for a
/// table id above 255.
pub const NLRS_RT_TABLE_COMPAT: u32 = 252_u32;
/// Table `RT_TABLE_DEFAULT` ("default").
pub const NLRS_RT_TABLE_DEFAULT: u32 = 253_u32;
/// Table `RT_TABLE_MAIN` ("main"): where routes go by default.
pub const NLRS_RT_TABLE_MAIN: u32 = 254_u32;
/// Table `RT_TABLE_LOCAL` ("local"): local and broadcast addresses.
pub const NLRS_RT_TABLE_LOCAL: u32 = 255_u32;

/// Route flag `RTM_F_NOTIFY`: notify the user of route changes.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_NOTIFY: u32 = 0x100_u32;
/// Route flag `RTM_F_CLONED`: a cached clone (an answer of `nlrs_route_get()` for IPv4);
/// iproute2 prints no `protocol` and `scope` for it.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_CLONED: u32 = 0x200_u32;
/// Route flag `RTM_F_LOOKUP_TABLE`: the answer of a lookup names the table it came from.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_LOOKUP_TABLE: u32 = 0x1000_u32;
/// Route flag `RTM_F_FIB_MATCH`: the answer of a lookup is the matching route itself.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_FIB_MATCH: u32 = 0x2000_u32;
/// Route flag `RTM_F_EQUALIZE`: multipath equalizer (not implemented by the kernel).
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_EQUALIZE: u32 = 0x400_u32;
/// Route flag `RTM_F_PREFIX`: a prefix route of an address (IPv6).
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_PREFIX: u32 = 0x800_u32;
/// Route flag `RTM_F_OFFLOAD`: the route is offloaded to hardware.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_OFFLOAD: u32 = 0x4000_u32;
/// Route flag `RTM_F_TRAP`: the route traps packets to the CPU.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_TRAP: u32 = 0x8000_u32;
/// Route flag `RTM_F_OFFLOAD_FAILED`: offloading the route failed.
#[allow(dead_code)] // read by C only
pub const NLRS_RTM_F_OFFLOAD_FAILED: u32 = 0x2000_0000_u32;

/// Next-hop flag `RTNH_F_DEAD`: the path is dead.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_DEAD: u8 = 1;
/// Next-hop flag `RTNH_F_PERVASIVE`: recursive gateway lookup.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_PERVASIVE: u8 = 2;
/// Next-hop flag `RTNH_F_ONLINK`: the gateway is on the link even without a matching prefix.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_ONLINK: u8 = 4;
/// Next-hop flag `RTNH_F_OFFLOAD`: offloaded to hardware.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_OFFLOAD: u8 = 8;
/// Next-hop flag `RTNH_F_LINKDOWN`: the carrier of the output interface is down.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_LINKDOWN: u8 = 16;
/// Next-hop flag `RTNH_F_UNRESOLVED`: the gateway is unresolved.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_UNRESOLVED: u8 = 32;
/// Next-hop flag `RTNH_F_TRAP`: the path traps packets to the CPU.
#[allow(dead_code)] // read by C only
pub const NLRS_RTNH_F_TRAP: u8 = 64;

const _: () = {
    assert!(NLRS_RTN_UNICAST == rtn::UNICAST && NLRS_RTN_LOCAL == rtn::LOCAL);
    assert!(NLRS_RTN_BROADCAST == rtn::BROADCAST && NLRS_RTN_ANYCAST == rtn::ANYCAST);
    assert!(NLRS_RTN_MULTICAST == rtn::MULTICAST && NLRS_RTN_BLACKHOLE == rtn::BLACKHOLE);
    assert!(NLRS_RTN_UNREACHABLE == rtn::UNREACHABLE && NLRS_RTN_PROHIBIT == rtn::PROHIBIT);
    assert!(NLRS_RTN_THROW == rtn::THROW);
    assert!(NLRS_RTN_NAT == rtn::NAT && NLRS_RTN_XRESOLVE == rtn::XRESOLVE);
    assert!(NLRS_RTPROT_REDIRECT == rtprot::REDIRECT);
    assert!(NLRS_RTPROT_GATED == rtprot::GATED);
    assert!(NLRS_RTPROT_RA == rtprot::RA);
    assert!(NLRS_RTPROT_MRT == rtprot::MRT);
    assert!(NLRS_RTPROT_ZEBRA == rtprot::ZEBRA);
    assert!(NLRS_RTPROT_BIRD == rtprot::BIRD);
    assert!(NLRS_RTPROT_DNROUTED == rtprot::DNROUTED);
    assert!(NLRS_RTPROT_XORP == rtprot::XORP);
    assert!(NLRS_RTPROT_NTK == rtprot::NTK);
    assert!(NLRS_RTPROT_DHCP == rtprot::DHCP);
    assert!(NLRS_RTPROT_MROUTED == rtprot::MROUTED);
    assert!(NLRS_RTPROT_KEEPALIVED == rtprot::KEEPALIVED);
    assert!(NLRS_RTPROT_BABEL == rtprot::BABEL);
    assert!(NLRS_RTPROT_OPENR == rtprot::OPENR);
    assert!(NLRS_RTPROT_BGP == rtprot::BGP);
    assert!(NLRS_RTPROT_ISIS == rtprot::ISIS);
    assert!(NLRS_RTPROT_OSPF == rtprot::OSPF);
    assert!(NLRS_RTPROT_RIP == rtprot::RIP);
    assert!(NLRS_RTPROT_EIGRP == rtprot::EIGRP);
    assert!(NLRS_RTPROT_UNSPEC == rtprot::UNSPEC && NLRS_RTPROT_KERNEL == rtprot::KERNEL);
    assert!(NLRS_RTPROT_BOOT == rtprot::BOOT && NLRS_RTPROT_STATIC == rtprot::STATIC);
    assert!(NLRS_RT_SCOPE_UNIVERSE == scope::UNIVERSE && NLRS_RT_SCOPE_SITE == scope::SITE);
    assert!(NLRS_RT_SCOPE_LINK == scope::LINK && NLRS_RT_SCOPE_HOST == scope::HOST);
    assert!(NLRS_RT_SCOPE_NOWHERE == scope::NOWHERE);
    assert!(NLRS_RT_TABLE_UNSPEC == table::UNSPEC && NLRS_RT_TABLE_DEFAULT == table::DEFAULT);
    assert!(NLRS_RT_TABLE_MAIN == table::MAIN && NLRS_RT_TABLE_LOCAL == table::LOCAL);
    assert!(NLRS_RT_TABLE_COMPAT == table::COMPAT);
};

// ---------------------------------------------------------------------------------------------
// The object.

/// Makes an empty route object, to be filled by `nlrs_route_parse()` or `nlrs_route_get()`.
///
/// On success returns 0 and writes the new object to `*out`, which the caller owns and frees
/// with `nlrs_route_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_route_new(out: *mut *mut nlrs_route) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(RouteObj::default()));
        Ok(0)
    })
}

/// Frees the object and everything borrowed from it. NULL is a no-op; freeing twice is
/// undefined.
#[no_mangle]
pub extern "C" fn nlrs_route_free(route: *mut nlrs_route) {
    // SAFETY: `route` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(route) }
}

/// Decodes `msg`, an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message, into `route`,
/// replacing what it held. The object keeps a copy of the message (`nlrs_route_msg()`), so
/// `msg` itself may go away afterwards. It may
/// also be that very copy: `nlrs_route_parse(route, nlrs_route_msg(route))` decodes it again.
///
/// Returns 0 on success. Errors: `-EINVAL` (NULL `route`, a NULL `msg.ptr` with a length, a
/// message of another type), `-EBADMSG` (malformed message; the object then holds what was
/// decoded before the fault, and its message copy).
#[no_mangle]
pub extern "C" fn nlrs_route_parse(route: *mut nlrs_route, msg: nlrs_rmsg) -> c_int {
    // SAFETY: `route` is NULL or live; `msg` came from nlrs and is still valid (the contract).
    unsafe { parse_into(arg_mut(route), msg, &[RTM_NEWROUTE, RTM_DELROUTE]) }
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
        let m = Msg::parse(bytes)?;
        out.set(nlrs_route_info::decode(&mut RouteDecoder::default(), &m)?);
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
        let decode = |m: &Msg<'_>| nlrs_route_info::decode(&mut d.routes.borrow_mut(), m);
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
        let mut decoder = RouteDecoder::default();
        dump::each(d, |m| {
            if m.ty() != RTM_NEWROUTE && m.ty() != RTM_DELROUTE {
                return -libc::EINVAL;
            }
            match decoder.decode(m) {
                // SAFETY: the caller's callback, called as its type says (the API contract).
                Ok(info) => unsafe { cb(userdata, as_c(info)) },
                Err(e) => c_int::from(e),
            }
        })
    })
}

/// Returns the object's copy of the message it was last filled from, for attributes nlrs has
/// no getter for: read them with `nlrs_rmsg_attrs(msg, sizeof(nlrs_rtmsg), &it)`. Valid until
/// the next call that changes, or frees, `route`. `{NULL, 0}` before the first fill or for a
/// NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_msg(route: *const nlrs_route) -> nlrs_rmsg {
    // SAFETY: `route` is NULL or live (the API contract).
    let route = unsafe { arg_ref(route) };
    get(route, RawMsg::default().rmsg(), |r| Ok(r.raw.rmsg()))
}

/// The body of the plain getters.
fn field<T>(route: *const nlrs_route, fallback: T, f: impl FnOnce(&Route) -> T) -> T {
    // SAFETY: `route` is NULL or live (the API contract).
    let route = unsafe { arg_ref(route) };
    get(route, fallback, |r| Ok(f(&r.route)))
}

/// Returns the address family, `NLRS_AF_INET` or `NLRS_AF_INET6` (`rtm_family`); 0 for a NULL
/// `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_family(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.family)
}

/// Returns the destination prefix length (`rtm_dst_len`; 0 for a default route); 0 for a NULL
/// `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_dst_len(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.dst_len)
}

/// Returns the source prefix length (`rtm_src_len`); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_src_len(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.src_len)
}

/// Returns the type of service (`rtm_tos`); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_tos(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.tos)
}

/// Returns the table id, all 32 bits (`RTA_TABLE` when sent, else `rtm_table`;
/// `nlrs_route_table_name()` names it); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_table(route: *const nlrs_route) -> u32 {
    field(route, 0, |r| r.table)
}

/// Returns the header's 8-bit table field (`rtm_table`): the table id when it is below 256,
/// else `NLRS_RT_TABLE_COMPAT` (`nlrs_route_table()` gives all 32 bits); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_rtm_table(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.rtm_table)
}

/// Returns the origin (`rtm_protocol`, `NLRS_RTPROT_*`; `nlrs_route_protocol_name()` names
/// it); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_protocol(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.protocol)
}

/// Returns the scope (`rtm_scope`, `NLRS_RT_SCOPE_*`; `nlrs_route_scope_name()` names it); 0
/// for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_scope(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.scope)
}

/// Returns the type (`rtm_type`, `NLRS_RTN_*`; `nlrs_route_type_name()` names it); 0 for a
/// NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_type(route: *const nlrs_route) -> u8 {
    field(route, 0, |r| r.rtype)
}

/// Returns the `NLRS_RTM_F_*` flags (`rtm_flags`); 0 for a NULL `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_flags(route: *const nlrs_route) -> u32 {
    field(route, 0, |r| r.flags)
}

/// The body of the optional getters.
fn opt<T>(route: *const nlrs_route, out: *mut T, f: impl FnOnce(&Route) -> Option<T>) -> c_int {
    // SAFETY: `route` is NULL or live, `out` is NULL or writable (the API contract).
    let (route, out) = unsafe { (arg_ref(route), arg_out(out)) };
    call(route, |r| opt_out(out, f(&r.route)))
}

/// The C view of an optional address.
fn ip(a: Option<IpAddr>) -> Option<nlrs_ipaddr> {
    a.as_ref().map(nlrs_ipaddr::new)
}

/// Writes the destination (`RTA_DST`) to `*out`. Returns 1 when sent, 0 when not (the default
/// route; then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_dst(route: *const nlrs_route, out: *mut nlrs_ipaddr) -> c_int {
    opt(route, out, |r| ip(r.dst))
}

/// Writes the source prefix (`RTA_SRC`) to `*out`. Returns 1 when sent, 0 when not (then
/// `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_src(route: *const nlrs_route, out: *mut nlrs_ipaddr) -> c_int {
    opt(route, out, |r| ip(r.src))
}

/// Writes the gateway (`RTA_GATEWAY`) to `*out`. Returns 1 when sent, 0 when not (a direct or
/// multipath route; then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_gateway(route: *const nlrs_route, out: *mut nlrs_ipaddr) -> c_int {
    opt(route, out, |r| ip(r.gateway))
}

/// Writes the preferred source address (`RTA_PREFSRC`) to `*out`. Returns 1 when sent, 0 when
/// not (then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_prefsrc(route: *const nlrs_route, out: *mut nlrs_ipaddr) -> c_int {
    opt(route, out, |r| ip(r.prefsrc))
}

/// Writes the output interface index (`RTA_OIF`) to `*out`. Returns 1 when sent, 0 when not
/// (then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_oif(route: *const nlrs_route, out: *mut u32) -> c_int {
    opt(route, out, |r| r.oif)
}

/// Writes the input interface index (`RTA_IIF`) to `*out`. Returns 1 when sent, 0 when not
/// (then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_iif(route: *const nlrs_route, out: *mut u32) -> c_int {
    opt(route, out, |r| r.iif)
}

/// Writes the priority (`RTA_PRIORITY`, `ip`'s `metric`) to `*out`. Returns 1 when sent, 0 when
/// not (then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_priority(route: *const nlrs_route, out: *mut u32) -> c_int {
    opt(route, out, |r| r.priority)
}

/// Writes the realms (`RTA_FLOW`, `ip`'s `realm`: the destination realm in the low 16 bits,
/// the source realm in the high 16) to `*out`. Returns 1 when sent, 0 when not (then `*out` is
/// untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_flow(route: *const nlrs_route, out: *mut u32) -> c_int {
    opt(route, out, |r| r.flow)
}

/// Writes the route's metric `rtax` (`NLRS_RTAX_MTU`, `NLRS_RTAX_ADVMSS`, ..., nested in
/// `RTA_METRICS`; `NLRS_RTAX_LOCK` gives the locked metrics, bit `1 << NLRS_RTAX_*` each) to
/// `*out`. Returns 1 when sent, 0 when not (the kernel sends only metrics that were set; also
/// for `NLRS_RTAX_CC_ALGO`, a string read with `nlrs_route_congctl()`, and for a number nlrs
/// does not know; then `*out` is untouched), `-EINVAL` for a NULL `route` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_route_metric(route: *const nlrs_route, rtax: u16, out: *mut u32) -> c_int {
    opt(route, out, |r| r.metrics.as_ref()?.get(rtax))
}

/// Returns the TCP congestion control algorithm of the route (metric `NLRS_RTAX_CC_ALGO`,
/// `ip`'s `congctl`), NUL-terminated, or NULL when the route has none or `route` is NULL.
/// Borrowed from `route`: valid until the next call that changes, or frees, `route`.
#[no_mangle]
pub extern "C" fn nlrs_route_congctl(route: *const nlrs_route) -> *const c_char {
    // SAFETY: `route` is NULL or live (the API contract).
    let route = unsafe { arg_ref(route) };
    get(route, std::ptr::null(), |r| Ok(r.congctl.ptr()))
}

/// Returns how many paths the route has in `RTA_MULTIPATH` (0 for a single-path route, whose
/// gateway and interface are `nlrs_route_gateway()` and `nlrs_route_oif()`, or a NULL
/// `route`).
#[no_mangle]
pub extern "C" fn nlrs_route_nexthop_count(route: *const nlrs_route) -> usize {
    field(route, 0, |r| r.multipath.len())
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
    let sock_ptr = sock;
    // SAFETY: `sock` is NULL or live, `filter` is NULL or readable, `out` is NULL or writable.
    let (sock, out) = unsafe { (arg_mut(sock), arg_out(out)) };
    // SAFETY: as above.
    let f = unsafe { filter.as_ref() }.copied().unwrap_or_default();
    call_mut(sock, |st| {
        let nonzero = |v: u32| (v != 0).then_some(v);
        let filter = RouteFilter {
            family: f.family,
            table: nonzero(f.table),
            protocol: (f.protocol != 0).then_some(f.protocol),
            rtype: (f.r#type != 0).then_some(f.r#type),
            oif: nonzero(f.oif),
        };
        dump::start(sock_ptr, st, &filter.dump_request()?, out?)
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
/// origin `boot`, as `ip route` makes them), freed with `nlrs_route_spec_free()`. Set with
/// `nlrs_route_spec_set_dst()`, `_set_gateway()`, `_set_oif()`, `_set_table()`,
/// `_set_metric()`, `_set_scope()`, `_set_protocol()`, `_set_type()`, `_set_prefsrc()`,
/// `_add_nexthop()`. Sending never changes it.
///
/// Unless set, the scope is chosen as `ip route` chooses it: host for local routes, link for
/// unicast routes without a gateway, global otherwise, and "any" in a delete. A delete matches
/// on what is set: the destination and table always, the type unless it is
/// `NLRS_RTN_UNSPEC`, the gateway, interface and metric when set.
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
        if family != AF_INET && family != AF_INET6 {
            return Err(-libc::EAFNOSUPPORT);
        }
        out.set(into_raw(RouteSpec::default_route(family)));
        Ok(0)
    })
}

/// Frees the spec. NULL is a no-op; freeing twice is undefined.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_free(spec: *mut nlrs_route_spec) {
    // SAFETY: `spec` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(spec) }
}

/// The body of the setters.
fn set(spec: *mut nlrs_route_spec, f: impl FnOnce(&mut RouteSpec) -> FfiResult<()>) -> c_int {
    // SAFETY: `spec` is NULL or live (the API contract).
    let spec = unsafe { arg_mut(spec) };
    call_mut(spec, |s| {
        f(s)?;
        Ok(0)
    })
}

/// Sets the destination to `*dst` with prefix length `len` (the spec takes `dst`'s family);
/// `NLRS_AF_UNSPEC` makes it the default route again. Returns 0, `-EINVAL` for a NULL `spec` or
/// `dst` or a `len` longer than the address, `-EAFNOSUPPORT` for another family.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_dst(
    spec: *mut nlrs_route_spec,
    dst: *const nlrs_ipaddr,
    len: u8,
) -> c_int {
    // SAFETY: `dst` is NULL or readable (the API contract).
    let dst = unsafe { arg_struct(dst) };
    set(spec, |s| {
        let d = dst?;
        match d.ip_opt()? {
            Some(ip) => {
                let max = if ip.is_ipv4() { 32 } else { 128 };
                if len > max {
                    return Err(-libc::EINVAL);
                }
                s.family = d.family;
                s.dst = Some(ip);
                s.dst_len = len;
            }
            None => {
                s.dst = None;
                s.dst_len = 0;
            }
        }
        Ok(())
    })
}

/// Sets the gateway (`RTA_GATEWAY`); `NLRS_AF_UNSPEC` unsets it. Returns 0, `-EINVAL` for a
/// NULL `spec` or `gateway`, `-EAFNOSUPPORT` for another family.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_gateway(
    spec: *mut nlrs_route_spec,
    gateway: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `gateway` is NULL or readable (the API contract).
    let gateway = unsafe { arg_struct(gateway) };
    set(spec, |s| {
        s.gateway = gateway?.ip_opt()?;
        Ok(())
    })
}

/// Sets the output interface index (`RTA_OIF`); 0 unsets it. Returns 0, or `-EINVAL` for a
/// NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_oif(spec: *mut nlrs_route_spec, oif: u32) -> c_int {
    set(spec, |s| {
        s.oif = (oif != 0).then_some(oif);
        Ok(())
    })
}

/// Sets the table, any 32-bit id (`NLRS_RT_TABLE_MAIN` by default). Returns 0, or `-EINVAL`
/// for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_table(spec: *mut nlrs_route_spec, table: u32) -> c_int {
    set(spec, |s| {
        s.table = table;
        Ok(())
    })
}

/// Sets the priority (`RTA_PRIORITY`, `ip`'s `metric`). Returns 0, or `-EINVAL` for a NULL
/// `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_metric(spec: *mut nlrs_route_spec, metric: u32) -> c_int {
    set(spec, |s| {
        s.priority = Some(metric);
        Ok(())
    })
}

/// Sets the scope (`NLRS_RT_SCOPE_*`) instead of the one chosen as `ip route` chooses it.
/// Returns 0, or `-EINVAL` for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_scope(spec: *mut nlrs_route_spec, scope: u8) -> c_int {
    set(spec, |s| {
        s.scope = Some(scope);
        Ok(())
    })
}

/// Sets the origin (`NLRS_RTPROT_*`; `NLRS_RTPROT_BOOT` by default; a delete ignores it).
/// Returns 0, or `-EINVAL` for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_protocol(spec: *mut nlrs_route_spec, protocol: u8) -> c_int {
    set(spec, |s| {
        s.protocol = protocol;
        Ok(())
    })
}

/// Sets the type (`NLRS_RTN_*`; `NLRS_RTN_UNICAST` by default). For a delete,
/// `NLRS_RTN_UNSPEC` matches a route of any type, as `ip route del` does. Returns 0, or
/// `-EINVAL` for a NULL `spec`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_type(spec: *mut nlrs_route_spec, rtype: u8) -> c_int {
    set(spec, |s| {
        s.rtype = rtype;
        Ok(())
    })
}

/// Sets the preferred source address (`RTA_PREFSRC`); `NLRS_AF_UNSPEC` unsets it. Returns 0,
/// `-EINVAL` for a NULL `spec` or `prefsrc`, `-EAFNOSUPPORT` for another family.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_set_prefsrc(
    spec: *mut nlrs_route_spec,
    prefsrc: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `prefsrc` is NULL or readable (the API contract).
    let prefsrc = unsafe { arg_struct(prefsrc) };
    set(spec, |s| {
        s.prefsrc = prefsrc?.ip_opt()?;
        Ok(())
    })
}

/// Adds a path to the route's `RTA_MULTIPATH` (copied from `*nexthop`), making it a multipath
/// route; use it instead of `nlrs_route_spec_set_gateway()` and `_set_oif()`. Returns 0,
/// `-EINVAL` for a NULL `spec` or `nexthop`, `-EAFNOSUPPORT` for a gateway family other than
/// `NLRS_AF_UNSPEC`, `NLRS_AF_INET` and `NLRS_AF_INET6`.
#[no_mangle]
pub extern "C" fn nlrs_route_spec_add_nexthop(
    spec: *mut nlrs_route_spec,
    nexthop: *const nlrs_route_nexthop,
) -> c_int {
    // SAFETY: `nexthop` is NULL or readable (the API contract).
    let nexthop = unsafe { arg_struct(nexthop) };
    set(spec, |s| {
        let n = nexthop?;
        s.multipath.push(Nexthop {
            gateway: n.gateway.ip_opt()?,
            ifindex: n.ifindex,
            hops: n.hops,
            flags: n.flags,
        });
        Ok(())
    })
}

/// Adds the route `spec` describes (`NLRS_RTM_NEWROUTE`), with `mode` (`NLRS_MODE_*`) deciding
/// what happens when one with the same destination, table, type of service and metric exists:
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
    // SAFETY: `sock` and `spec` are NULL or live (the API contract).
    let (sock, spec) = unsafe { (arg_mut(sock), arg_ref(spec)) };
    call_mut(sock, |st| {
        let (s, mode) = (spec?.live()?, self::mode(mode)?);
        request(st, s.add_request(mode), None)
    })
}

/// Deletes the route `spec` describes (`NLRS_RTM_DELROUTE`; see `nlrs_route_spec` for what it
/// matches on).
///
/// Returns 0 on success. Errors: `-ESRCH` (IPv4) or `-ENOENT` (IPv6) when no route matches,
/// any other negative errno the kernel answers with (kept on `sock` with its extended ACK),
/// `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`).
#[no_mangle]
pub extern "C" fn nlrs_route_delete(sock: *mut nlrs_socket, spec: *const nlrs_route_spec) -> c_int {
    // SAFETY: `sock` and `spec` are NULL or live (the API contract).
    let (sock, spec) = unsafe { (arg_mut(sock), arg_ref(spec)) };
    call_mut(sock, |st| {
        let s = spec?.live()?;
        request(st, s.delete_request(), None)
    })
}

// ---------------------------------------------------------------------------------------------
// Names.

/// Writes the name iproute2 6.1 gives route type `rtype` (`"unicast"`, `"local"`,
/// `"blackhole"`, `"unreachable"`, ...; `type` in `ip -j route`), or its decimal number when it
/// has none, as iproute2 prints it.
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_route_type_name(rtype: u8, buf: *mut c_char, len: usize) -> c_int {
    let text = NameOr(route::type_name(rtype), u32::from(rtype));
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, text) }
}

/// Writes the name iproute2 6.1 gives route origin `protocol` (`"kernel"`, `"boot"`,
/// `"static"`, `"dhcp"`, ... with the names of its stock `rt_protos` file; `protocol` in `ip -j
/// route`), or its decimal number when it has none.
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_route_protocol_name(protocol: u8, buf: *mut c_char, len: usize) -> c_int {
    let text = NameOr(route::protocol_name(protocol), u32::from(protocol));
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, text) }
}

/// Writes the name iproute2 6.1 gives scope `scope` (`"global"`, `"link"`, `"host"`, `"site"`,
/// `"nowhere"`; `scope` in `ip -j route` and `ip -j addr`), or its decimal number when it has
/// none.
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_route_scope_name(scope: u8, buf: *mut c_char, len: usize) -> c_int {
    let text = NameOr(route::scope_name(scope), u32::from(scope));
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, text) }
}

/// Writes the name iproute2 6.1 gives table `table` with its stock `rt_tables` file (`"main"`,
/// `"local"`, `"default"`, `"unspec"`; `table` in `ip -j route`), or its decimal number when it
/// has none.
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_route_table_name(table: u32, buf: *mut c_char, len: usize) -> c_int {
    let text = NameOr(route::table_name(table), table);
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, text) }
}

/// Reads a route type as `ip route` does, a name (`"blackhole"`) or a decimal number, into
/// `*out`. Returns 0, or `-EINVAL` for a NULL `text` or `out` or a text that is neither (then
/// `*out` is untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_type_parse(text: *const c_char, out: *mut u8) -> c_int {
    // SAFETY: `text` is NULL or NUL-terminated, `out` is NULL or writable (the API contract).
    unsafe { parse_name(text, out, route::type_from_name) }
}

/// Reads a route origin as `ip route` does, a name (`"static"`, `"boot"`) or a decimal number,
/// into `*out`. Returns 0, or `-EINVAL` for a NULL `text` or `out` or a text that is neither
/// (then `*out` is untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_protocol_parse(text: *const c_char, out: *mut u8) -> c_int {
    // SAFETY: `text` is NULL or NUL-terminated, `out` is NULL or writable (the API contract).
    unsafe { parse_name(text, out, route::protocol_from_name) }
}

/// Reads a scope as `ip route` does, a name (`"link"`, `"host"`) or a decimal number, into
/// `*out`. Returns 0, or `-EINVAL` for a NULL `text` or `out` or a text that is neither (then
/// `*out` is untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_scope_parse(text: *const c_char, out: *mut u8) -> c_int {
    // SAFETY: `text` is NULL or NUL-terminated, `out` is NULL or writable (the API contract).
    unsafe { parse_name(text, out, route::scope_from_name) }
}

/// Reads a table as `ip route` does, a name (`"main"`, `"local"`, `"default"`) or a decimal
/// 32-bit id, into `*out`. Returns 0, or `-EINVAL` for a NULL `text` or `out` or a text that is
/// neither (then `*out` is untouched).
#[no_mangle]
pub extern "C" fn nlrs_route_table_parse(text: *const c_char, out: *mut u32) -> c_int {
    // SAFETY: `text` is NULL or NUL-terminated, `out` is NULL or writable (the API contract).
    unsafe { parse_name(text, out, route::table_from_name) }
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
        let mut v = 0u32;
        let mut nh = nlrs_route_nexthop::default();
        assert_eq!(nlrs_route_new(null_mut()), EINVAL);
        nlrs_route_free(null_mut());
        assert_eq!(nlrs_route_parse(null_mut(), no_msg), EINVAL);
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
