//! Constants and family header structs for C, so a C program needs `libnlrs.h` alone (no
//! `<linux/*.h>`, whose copies on a build host are often older than the kernel).
//!
//! The `NLRS_*` constants come from one table, `consts_table.rs`, whose values are the
//! constants of the layers that define them ([`crate::wire::consts`], [`crate::conn::code`],
//! [`crate::rtnl::route::has`]); build.rs writes the same table into the header as `#define`s.
//! The structs' layouts are tied to [`crate::wire`]'s header types by the assertions below.

// Mostly read by C only: Rust code uses `crate::wire`.
#![allow(dead_code)]

use crate::conn::code;
use crate::rtnl::route::has;
use crate::wire;
use crate::wire::consts::{self, *};
use std::mem::{offset_of, size_of};
use std::os::raw::c_int;

/// Makes each entry of the table a `pub const` with its doc (build.rs reads the same table for
/// C; the table's head comment explains its three kinds of group).
macro_rules! nlrs_consts {
    ($($kind:ident($($head:tt)*) { $($body:tt)* })*) => {
        $(nlrs_consts!(@$kind ($($head)*) $($body)*);)*
    };
    (@docs () $($(#[doc = $doc:literal])* $name:ident: $ty:ty = $value:expr;)*) => {
        $($(#[doc = $doc])* pub const $name: $ty = $value;)*
    };
    (@kernel ($ty:ty = $m:ident, $(hex)? $what:literal, $prefix:literal, $where:literal)
        $($name:ident = $member:ident $(: $words:literal)?;)*) => {
        $(#[doc = concat!(
            $what, " `", $prefix, stringify!($member), "`", $where, $(": ", $words,)? "."
        )]
        pub const $name: $ty = $m::$member;)*
    };
    (@nlrs ($ty:ty, $what:literal) $($name:ident = $($value:tt)::+: $words:literal;)*) => {
        $(#[doc = concat!($what, ": ", $words, ".")] pub const $name: $ty = $($value)::+;)*
    };
}
include!("consts_table.rs");

// A new code in `conn::code` needs its `NLRS_E_*` entry in the table.
const _: () = assert!(NLRS_E_BUILD == code::LAST);

// ---------------------------------------------------------------------------------------------
// Family headers: the fixed part after `struct nlmsghdr`, before the attributes. Pass one to
// `nlrs_msg_put_header()`; read one from a received message with `nlrs_rmsg_header()` and
// `memcpy` (received bytes are only 4-byte aligned).

/// `struct ifinfomsg`: the family header of `NLRS_RTM_*LINK` messages.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_ifinfomsg {
    /// Address family, `NLRS_AF_UNSPEC` for links.
    pub ifi_family: u8,
    /// Padding, 0.
    pub ifi_pad: u8,
    /// Device type (`ARPHRD_*`).
    pub ifi_type: u16,
    /// Interface index; 0 in a dump request, or for a new link the kernel numbers.
    pub ifi_index: i32,
    /// `NLRS_IFF_*` flags.
    pub ifi_flags: u32,
    /// Which of `ifi_flags` to change: 0 unless flags are meant to change, then exactly the
    /// bits meant (never `0xffffffff` with `ifi_flags` 0, which takes the link down).
    pub ifi_change: u32,
}

/// `struct ifaddrmsg`: the family header of `NLRS_RTM_*ADDR` messages.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_ifaddrmsg {
    /// `NLRS_AF_INET` or `NLRS_AF_INET6`.
    pub ifa_family: u8,
    /// Prefix length.
    pub ifa_prefixlen: u8,
    /// `IFA_F_*` flags (the first 8; `NLRS_IFA_FLAGS` holds all 32).
    pub ifa_flags: u8,
    /// Address scope (`RT_SCOPE_*`).
    pub ifa_scope: u8,
    /// Interface index.
    pub ifa_index: u32,
}

/// `struct rtmsg`: the family header of `NLRS_RTM_*ROUTE` messages.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_rtmsg {
    /// Address family.
    pub rtm_family: u8,
    /// Destination prefix length.
    pub rtm_dst_len: u8,
    /// Source prefix length.
    pub rtm_src_len: u8,
    /// Type of service.
    pub rtm_tos: u8,
    /// Routing table id if below 256 (`NLRS_RTA_TABLE` holds all 32 bits).
    pub rtm_table: u8,
    /// Routing protocol (`RTPROT_*`).
    pub rtm_protocol: u8,
    /// Scope (`RT_SCOPE_*`).
    pub rtm_scope: u8,
    /// Route type (`RTN_*`).
    pub rtm_type: u8,
    /// `RTM_F_*` flags.
    pub rtm_flags: u32,
}

/// `struct ndmsg`: the family header of `NLRS_RTM_*NEIGH` messages.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_ndmsg {
    /// Address family.
    pub ndm_family: u8,
    /// Padding, 0.
    pub ndm_pad1: u8,
    /// Padding, 0.
    pub ndm_pad2: u16,
    /// Interface index.
    pub ndm_ifindex: i32,
    /// `NUD_*` state.
    pub ndm_state: u16,
    /// `NTF_*` flags.
    pub ndm_flags: u8,
    /// Neighbour type.
    pub ndm_type: u8,
}

/// `struct rtgenmsg`: the one-byte family header of generic rtnetlink requests.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_rtgenmsg {
    /// Address family.
    pub rtgen_family: u8,
}

/// `struct genlmsghdr`: the family header of generic netlink messages.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_genlmsghdr {
    /// Command (`NLRS_CTRL_CMD_*` for the controller).
    pub cmd: u8,
    /// The family's version.
    pub version: u8,
    /// Reserved, 0.
    pub reserved: u16,
}

/// Asserts that each C struct has the size and field offsets of its `crate::wire` twin.
macro_rules! same_layouts {
    ($($c:ident = $w:ident { $($cf:ident: $wf:ident),* })*) => {
        $(const _: () = {
            assert!(size_of::<$c>() == size_of::<wire::$w>());
            $(assert!(offset_of!($c, $cf) == offset_of!(wire::$w, $wf));)*
        };)*
    };
}

same_layouts! {
    nlrs_ifinfomsg = IfInfoMsg { ifi_family: family, ifi_pad: pad, ifi_type: ty, ifi_index: index,
        ifi_flags: flags, ifi_change: change }
    nlrs_ifaddrmsg = IfAddrMsg { ifa_family: family, ifa_prefixlen: prefixlen, ifa_flags: flags,
        ifa_scope: scope, ifa_index: index }
    nlrs_rtmsg = RtMsg { rtm_family: family, rtm_dst_len: dst_len, rtm_src_len: src_len,
        rtm_tos: tos, rtm_table: table, rtm_protocol: protocol, rtm_scope: scope, rtm_type: ty,
        rtm_flags: flags }
    nlrs_ndmsg = NdMsg { ndm_family: family, ndm_pad1: pad1, ndm_pad2: pad2, ndm_ifindex: ifindex,
        ndm_state: state, ndm_flags: flags, ndm_type: ty }
    nlrs_rtgenmsg = RtGenMsg { rtgen_family: family }
    nlrs_genlmsghdr = GenlMsgHdr { cmd: cmd, version: version, reserved: reserved }
}
