//! Constants and family header structs for C, so a C program needs `libnlrs.h` alone (no
//! `<linux/*.h>`, whose copies on a build host are often older than the kernel).
//!
//! cbindgen writes only literals into `#define`s, so each value is a literal here; the
//! compile-time assertions at the end tie every one to its single source of truth in
//! [`crate::wire::consts`], and the structs' layouts to [`crate::wire`]'s header types.

// Read by C only: Rust code uses `crate::wire`.
#![allow(dead_code)]

use crate::wire::{self, consts};
use std::mem::{offset_of, size_of};

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

/// Asserts that a C struct has the size and field offsets of its `crate::wire` twin.
macro_rules! same_layout {
    ($c:ty, $w:ty, $($cf:ident = $wf:ident),* $(,)?) => {
        const _: () = {
            assert!(size_of::<$c>() == size_of::<$w>());
            $(assert!(offset_of!($c, $cf) == offset_of!($w, $wf));)*
        };
    };
}

same_layout!(
    nlrs_ifinfomsg,
    wire::IfInfoMsg,
    ifi_family = family,
    ifi_pad = pad,
    ifi_type = ty,
    ifi_index = index,
    ifi_flags = flags,
    ifi_change = change
);
same_layout!(
    nlrs_ifaddrmsg,
    wire::IfAddrMsg,
    ifa_family = family,
    ifa_prefixlen = prefixlen,
    ifa_flags = flags,
    ifa_scope = scope,
    ifa_index = index
);
same_layout!(
    nlrs_rtmsg,
    wire::RtMsg,
    rtm_family = family,
    rtm_dst_len = dst_len,
    rtm_src_len = src_len,
    rtm_tos = tos,
    rtm_table = table,
    rtm_protocol = protocol,
    rtm_scope = scope,
    rtm_type = ty,
    rtm_flags = flags
);
same_layout!(
    nlrs_ndmsg,
    wire::NdMsg,
    ndm_family = family,
    ndm_pad1 = pad1,
    ndm_pad2 = pad2,
    ndm_ifindex = ifindex,
    ndm_state = state,
    ndm_flags = flags,
    ndm_type = ty
);
same_layout!(nlrs_rtgenmsg, wire::RtGenMsg, rtgen_family = family);
same_layout!(
    nlrs_genlmsghdr,
    wire::GenlMsgHdr,
    cmd = cmd,
    version = version,
    reserved = reserved
);

// ---------------------------------------------------------------------------------------------
// Netlink protocols

/// Netlink protocol `NETLINK_ROUTE`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_ROUTE: i32 = 0;
/// Netlink protocol `NETLINK_USERSOCK`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_USERSOCK: i32 = 2;
/// Netlink protocol `NETLINK_FIREWALL`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_FIREWALL: i32 = 3;
/// Netlink protocol `NETLINK_SOCK_DIAG`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_SOCK_DIAG: i32 = 4;
/// Netlink protocol `NETLINK_NFLOG`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_NFLOG: i32 = 5;
/// Netlink protocol `NETLINK_XFRM`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_XFRM: i32 = 6;
/// Netlink protocol `NETLINK_SELINUX`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_SELINUX: i32 = 7;
/// Netlink protocol `NETLINK_ISCSI`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_ISCSI: i32 = 8;
/// Netlink protocol `NETLINK_AUDIT`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_AUDIT: i32 = 9;
/// Netlink protocol `NETLINK_FIB_LOOKUP`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_FIB_LOOKUP: i32 = 10;
/// Netlink protocol `NETLINK_CONNECTOR`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_CONNECTOR: i32 = 11;
/// Netlink protocol `NETLINK_NETFILTER`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_NETFILTER: i32 = 12;
/// Netlink protocol `NETLINK_KOBJECT_UEVENT`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_KOBJECT_UEVENT: i32 = 15;
/// Netlink protocol `NETLINK_GENERIC`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_GENERIC: i32 = 16;
/// Netlink protocol `NETLINK_SCSITRANSPORT`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_SCSITRANSPORT: i32 = 18;
/// Netlink protocol `NETLINK_ECRYPTFS`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_ECRYPTFS: i32 = 19;
/// Netlink protocol `NETLINK_RDMA`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_RDMA: i32 = 20;
/// Netlink protocol `NETLINK_CRYPTO`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_CRYPTO: i32 = 21;
/// Netlink protocol `NETLINK_SMC`, for `nlrs_socket_open()`.
pub const NLRS_PROTO_SMC: i32 = 22;

// ---------------------------------------------------------------------------------------------
// Control message types

/// Control message `NLMSG_NOOP`: nothing, to be ignored.
pub const NLRS_NLMSG_NOOP: u16 = 1;
/// Control message `NLMSG_ERROR`: an ACK (error 0) or an error.
pub const NLRS_NLMSG_ERROR: u16 = 2;
/// Control message `NLMSG_DONE`: the end of a dump.
pub const NLRS_NLMSG_DONE: u16 = 3;
/// Control message `NLMSG_OVERRUN`: data was lost (not sent by current kernels).
pub const NLRS_NLMSG_OVERRUN: u16 = 4;
/// `NLMSG_MIN_TYPE`: message types below this are control messages.
pub const NLRS_NLMSG_MIN_TYPE: u16 = 0x10;

// ---------------------------------------------------------------------------------------------
// Message flags

/// Message flag `NLM_F_REQUEST` = `0x1`: a request (added by every send).
pub const NLRS_NLM_F_REQUEST: u16 = 0x1;
/// Message flag `NLM_F_MULTI` = `0x2`: part of a multipart answer (dump), ended by `NLMSG_DONE`.
pub const NLRS_NLM_F_MULTI: u16 = 0x2;
/// Message flag `NLM_F_ACK` = `0x4`: ask for an ACK (added by every send).
pub const NLRS_NLM_F_ACK: u16 = 0x4;
/// Message flag `NLM_F_ECHO` = `0x8`: echo the created object back (some families only).
pub const NLRS_NLM_F_ECHO: u16 = 0x8;
/// Message flag `NLM_F_DUMP_INTR` = `0x10`: the dump was interrupted by a change: its result may be
/// inconsistent.
pub const NLRS_NLM_F_DUMP_INTR: u16 = 0x10;
/// Message flag `NLM_F_DUMP_FILTERED` = `0x20`: the dump was filtered by the kernel as asked.
pub const NLRS_NLM_F_DUMP_FILTERED: u16 = 0x20;
/// Message flag `NLM_F_ROOT` = `0x100`: GET modifier: the whole table.
pub const NLRS_NLM_F_ROOT: u16 = 0x100;
/// Message flag `NLM_F_MATCH` = `0x200`: GET modifier: all matching entries.
pub const NLRS_NLM_F_MATCH: u16 = 0x200;
/// Message flag `NLM_F_ATOMIC` = `0x400`: GET modifier: atomic (obsolete).
pub const NLRS_NLM_F_ATOMIC: u16 = 0x400;
/// Message flag `NLM_F_DUMP` = `0x300`: GET modifier: dump (`NLM_F_ROOT | NLM_F_MATCH`, added by
/// `nlrs_socket_dump()`).
pub const NLRS_NLM_F_DUMP: u16 = 0x300;
/// Message flag `NLM_F_REPLACE` = `0x100`: NEW modifier: replace an existing object.
pub const NLRS_NLM_F_REPLACE: u16 = 0x100;
/// Message flag `NLM_F_EXCL` = `0x200`: NEW modifier: fail with `-EEXIST` if it exists.
pub const NLRS_NLM_F_EXCL: u16 = 0x200;
/// Message flag `NLM_F_CREATE` = `0x400`: NEW modifier: create it if it does not exist.
pub const NLRS_NLM_F_CREATE: u16 = 0x400;
/// Message flag `NLM_F_APPEND` = `0x800`: NEW modifier: add another entry to a list.
pub const NLRS_NLM_F_APPEND: u16 = 0x800;
/// Message flag `NLM_F_NONREC` = `0x100`: DELETE modifier: do not delete recursively.
pub const NLRS_NLM_F_NONREC: u16 = 0x100;
/// Message flag `NLM_F_BULK` = `0x200`: DELETE modifier: bulk delete.
pub const NLRS_NLM_F_BULK: u16 = 0x200;
/// Message flag `NLM_F_CAPPED` = `0x100`: ACK flag: the request's payload was left out.
pub const NLRS_NLM_F_CAPPED: u16 = 0x100;
/// Message flag `NLM_F_ACK_TLVS` = `0x200`: ACK flag: extended-ACK attributes follow.
pub const NLRS_NLM_F_ACK_TLVS: u16 = 0x200;

// ---------------------------------------------------------------------------------------------
// Attributes and headers

/// Attribute type flag `NLA_F_NESTED` = `0x8000`: the payload holds attributes (set by
/// `nlrs_msg_nest_start()`).
pub const NLRS_NLA_F_NESTED: u16 = 0x8000;
/// Attribute type flag `NLA_F_NET_BYTEORDER` = `0x4000`: the payload is in network byte order.
pub const NLRS_NLA_F_NET_BYTEORDER: u16 = 0x4000;
/// `NLA_TYPE_MASK` = `0x3fff`: the type bits of an attribute type, without its flags
/// (`nlrs_attr.type` has it applied).
pub const NLRS_NLA_TYPE_MASK: u16 = 0x3fff;
/// `NLA_HDRLEN`: size of an attribute header.
pub const NLRS_NLA_HDRLEN: usize = 4;
/// `NLMSG_HDRLEN`: size of a message header (`struct nlmsghdr`).
pub const NLRS_NLMSG_HDRLEN: usize = 16;

// ---------------------------------------------------------------------------------------------
// rtnetlink message types

/// rtnetlink message type `RTM_NEWLINK`.
pub const NLRS_RTM_NEWLINK: u16 = 16;
/// rtnetlink message type `RTM_DELLINK`.
pub const NLRS_RTM_DELLINK: u16 = 17;
/// rtnetlink message type `RTM_GETLINK`.
pub const NLRS_RTM_GETLINK: u16 = 18;
/// rtnetlink message type `RTM_SETLINK`.
pub const NLRS_RTM_SETLINK: u16 = 19;
/// rtnetlink message type `RTM_NEWADDR`.
pub const NLRS_RTM_NEWADDR: u16 = 20;
/// rtnetlink message type `RTM_DELADDR`.
pub const NLRS_RTM_DELADDR: u16 = 21;
/// rtnetlink message type `RTM_GETADDR`.
pub const NLRS_RTM_GETADDR: u16 = 22;
/// rtnetlink message type `RTM_NEWROUTE`.
pub const NLRS_RTM_NEWROUTE: u16 = 24;
/// rtnetlink message type `RTM_DELROUTE`.
pub const NLRS_RTM_DELROUTE: u16 = 25;
/// rtnetlink message type `RTM_GETROUTE`.
pub const NLRS_RTM_GETROUTE: u16 = 26;
/// rtnetlink message type `RTM_NEWNEIGH`.
pub const NLRS_RTM_NEWNEIGH: u16 = 28;
/// rtnetlink message type `RTM_DELNEIGH`.
pub const NLRS_RTM_DELNEIGH: u16 = 29;
/// rtnetlink message type `RTM_GETNEIGH`.
pub const NLRS_RTM_GETNEIGH: u16 = 30;

// ---------------------------------------------------------------------------------------------
// Address families

/// Address family `AF_UNSPEC`, for the family field of family headers.
pub const NLRS_AF_UNSPEC: u8 = 0;
/// Address family `AF_INET`, for the family field of family headers.
pub const NLRS_AF_INET: u8 = 2;
/// Address family `AF_BRIDGE`, for the family field of family headers.
pub const NLRS_AF_BRIDGE: u8 = 7;
/// Address family `AF_INET6`, for the family field of family headers.
pub const NLRS_AF_INET6: u8 = 10;

// ---------------------------------------------------------------------------------------------
// rtnetlink multicast groups

/// rtnetlink multicast group `RTNLGRP_LINK`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_LINK: u32 = 1_u32;
/// rtnetlink multicast group `RTNLGRP_NOTIFY`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_NOTIFY: u32 = 2_u32;
/// rtnetlink multicast group `RTNLGRP_NEIGH`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_NEIGH: u32 = 3_u32;
/// rtnetlink multicast group `RTNLGRP_TC`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_TC: u32 = 4_u32;
/// rtnetlink multicast group `RTNLGRP_IPV4_IFADDR`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV4_IFADDR: u32 = 5_u32;
/// rtnetlink multicast group `RTNLGRP_IPV4_MROUTE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV4_MROUTE: u32 = 6_u32;
/// rtnetlink multicast group `RTNLGRP_IPV4_ROUTE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV4_ROUTE: u32 = 7_u32;
/// rtnetlink multicast group `RTNLGRP_IPV4_RULE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV4_RULE: u32 = 8_u32;
/// rtnetlink multicast group `RTNLGRP_IPV6_IFADDR`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV6_IFADDR: u32 = 9_u32;
/// rtnetlink multicast group `RTNLGRP_IPV6_MROUTE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV6_MROUTE: u32 = 10_u32;
/// rtnetlink multicast group `RTNLGRP_IPV6_ROUTE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV6_ROUTE: u32 = 11_u32;
/// rtnetlink multicast group `RTNLGRP_IPV6_IFINFO`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV6_IFINFO: u32 = 12_u32;
/// rtnetlink multicast group `RTNLGRP_NSID`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_NSID: u32 = 28_u32;
/// rtnetlink multicast group `RTNLGRP_IPV4_NETCONF`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV4_NETCONF: u32 = 24_u32;
/// rtnetlink multicast group `RTNLGRP_IPV6_NETCONF`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_IPV6_NETCONF: u32 = 25_u32;
/// rtnetlink multicast group `RTNLGRP_MPLS_ROUTE`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_MPLS_ROUTE: u32 = 27_u32;
/// rtnetlink multicast group `RTNLGRP_NEXTHOP`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_NEXTHOP: u32 = 32_u32;
/// rtnetlink multicast group `RTNLGRP_BRVLAN`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_BRVLAN: u32 = 33_u32;
/// rtnetlink multicast group `RTNLGRP_MCTP_IFADDR`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_MCTP_IFADDR: u32 = 34_u32;
/// rtnetlink multicast group `RTNLGRP_TUNNEL`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_TUNNEL: u32 = 35_u32;
/// rtnetlink multicast group `RTNLGRP_STATS`, for `nlrs_socket_join_group()`.
pub const NLRS_RTNLGRP_STATS: u32 = 36_u32;

// ---------------------------------------------------------------------------------------------
// Interface flags

/// Interface flag `IFF_UP` = `0x1`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_UP: u32 = 0x1_u32;
/// Interface flag `IFF_BROADCAST` = `0x2`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_BROADCAST: u32 = 0x2_u32;
/// Interface flag `IFF_LOOPBACK` = `0x8`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_LOOPBACK: u32 = 0x8_u32;
/// Interface flag `IFF_POINTOPOINT` = `0x10`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_POINTOPOINT: u32 = 0x10_u32;
/// Interface flag `IFF_RUNNING` = `0x40`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_RUNNING: u32 = 0x40_u32;
/// Interface flag `IFF_NOARP` = `0x80`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_NOARP: u32 = 0x80_u32;
/// Interface flag `IFF_PROMISC` = `0x100`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_PROMISC: u32 = 0x100_u32;
/// Interface flag `IFF_MULTICAST` = `0x1000`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_MULTICAST: u32 = 0x1000_u32;
/// Interface flag `IFF_LOWER_UP` = `0x10000`, in `nlrs_ifinfomsg.ifi_flags`.
pub const NLRS_IFF_LOWER_UP: u32 = 0x10000_u32;
/// Interface flag `IFF_DEBUG` = `0x4`, in `nlrs_ifinfomsg.ifi_flags`: debugging on.
pub const NLRS_IFF_DEBUG: u32 = 0x4_u32;
/// Interface flag `IFF_NOTRAILERS` = `0x20`, in `nlrs_ifinfomsg.ifi_flags`: no trailers (obsolete).
pub const NLRS_IFF_NOTRAILERS: u32 = 0x20_u32;
/// Interface flag `IFF_ALLMULTI` = `0x200`, in `nlrs_ifinfomsg.ifi_flags`: receives every multicast packet.
pub const NLRS_IFF_ALLMULTI: u32 = 0x200_u32;
/// Interface flag `IFF_MASTER` = `0x400`, in `nlrs_ifinfomsg.ifi_flags`: master of a load balancer (bonding).
pub const NLRS_IFF_MASTER: u32 = 0x400_u32;
/// Interface flag `IFF_SLAVE` = `0x800`, in `nlrs_ifinfomsg.ifi_flags`: slave of a load balancer (bonding).
pub const NLRS_IFF_SLAVE: u32 = 0x800_u32;
/// Interface flag `IFF_PORTSEL` = `0x2000`, in `nlrs_ifinfomsg.ifi_flags`: can set the media type.
pub const NLRS_IFF_PORTSEL: u32 = 0x2000_u32;
/// Interface flag `IFF_AUTOMEDIA` = `0x4000`, in `nlrs_ifinfomsg.ifi_flags`: selects the media automatically.
pub const NLRS_IFF_AUTOMEDIA: u32 = 0x4000_u32;
/// Interface flag `IFF_DYNAMIC` = `0x8000`, in `nlrs_ifinfomsg.ifi_flags`: addresses are lost when the interface goes down.
pub const NLRS_IFF_DYNAMIC: u32 = 0x8000_u32;
/// Interface flag `IFF_DORMANT` = `0x20000`, in `nlrs_ifinfomsg.ifi_flags`: the driver signals dormant.
pub const NLRS_IFF_DORMANT: u32 = 0x20000_u32;
/// Interface flag `IFF_ECHO` = `0x40000`, in `nlrs_ifinfomsg.ifi_flags`: echoes sent packets.
pub const NLRS_IFF_ECHO: u32 = 0x40000_u32;

// ---------------------------------------------------------------------------------------------
// Device types

/// Device type `ARPHRD_NETROM`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: NET/ROM (also what an unset type reads as).
pub const NLRS_ARPHRD_NETROM: u16 = 0;
/// Device type `ARPHRD_ETHER`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: Ethernet (veth, bridges, macvlan, vxlan, ...).
pub const NLRS_ARPHRD_ETHER: u16 = 1;
/// Device type `ARPHRD_INFINIBAND`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: InfiniBand.
pub const NLRS_ARPHRD_INFINIBAND: u16 = 32;
/// Device type `ARPHRD_CAN`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: Controller Area Network.
pub const NLRS_ARPHRD_CAN: u16 = 280;
/// Device type `ARPHRD_PPP`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: PPP.
pub const NLRS_ARPHRD_PPP: u16 = 512;
/// Device type `ARPHRD_TUNNEL`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IPIP tunnel.
pub const NLRS_ARPHRD_TUNNEL: u16 = 768;
/// Device type `ARPHRD_TUNNEL6`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IP6IP6 tunnel.
pub const NLRS_ARPHRD_TUNNEL6: u16 = 769;
/// Device type `ARPHRD_LOOPBACK`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: loopback.
pub const NLRS_ARPHRD_LOOPBACK: u16 = 772;
/// Device type `ARPHRD_SIT`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IPv6-in-IPv4 (sit).
pub const NLRS_ARPHRD_SIT: u16 = 776;
/// Device type `ARPHRD_IPGRE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: GRE over IPv4.
pub const NLRS_ARPHRD_IPGRE: u16 = 778;
/// Device type `ARPHRD_IEEE80211`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IEEE 802.11.
pub const NLRS_ARPHRD_IEEE80211: u16 = 801;
/// Device type `ARPHRD_IEEE80211_RADIOTAP`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IEEE 802.11 with a radiotap header.
pub const NLRS_ARPHRD_IEEE80211_RADIOTAP: u16 = 803;
/// Device type `ARPHRD_IP6GRE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: GRE over IPv6.
pub const NLRS_ARPHRD_IP6GRE: u16 = 823;
/// Device type `ARPHRD_NONE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: no link-layer header (wireguard, tun).
pub const NLRS_ARPHRD_NONE: u16 = 0xfffe;
/// Device type `ARPHRD_VOID`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: nothing is known.
pub const NLRS_ARPHRD_VOID: u16 = 0xffff;

// ---------------------------------------------------------------------------------------------
// Link attributes

/// Link attribute `IFLA_ADDRESS`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_ADDRESS: u16 = 1;
/// Link attribute `IFLA_BROADCAST`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_BROADCAST: u16 = 2;
/// Link attribute `IFLA_IFNAME`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_IFNAME: u16 = 3;
/// Link attribute `IFLA_MTU`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_MTU: u16 = 4;
/// Link attribute `IFLA_LINK`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_LINK: u16 = 5;
/// Link attribute `IFLA_QDISC`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_QDISC: u16 = 6;
/// Link attribute `IFLA_STATS`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_STATS: u16 = 7;
/// Link attribute `IFLA_MASTER`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_MASTER: u16 = 10;
/// Link attribute `IFLA_TXQLEN`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_TXQLEN: u16 = 13;
/// Link attribute `IFLA_OPERSTATE`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_OPERSTATE: u16 = 16;
/// Link attribute `IFLA_LINKMODE`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_LINKMODE: u16 = 17;
/// Link attribute `IFLA_LINKINFO`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_LINKINFO: u16 = 18;
/// Link attribute `IFLA_NET_NS_PID`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_NET_NS_PID: u16 = 19;
/// Link attribute `IFLA_IFALIAS`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_IFALIAS: u16 = 20;
/// Link attribute `IFLA_STATS64`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_STATS64: u16 = 23;
/// Link attribute `IFLA_AF_SPEC`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_AF_SPEC: u16 = 26;
/// Link attribute `IFLA_GROUP`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_GROUP: u16 = 27;
/// Link attribute `IFLA_NET_NS_FD`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_NET_NS_FD: u16 = 28;
/// Link attribute `IFLA_EXT_MASK`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_EXT_MASK: u16 = 29;
/// Link attribute `IFLA_PROMISCUITY`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_PROMISCUITY: u16 = 30;
/// Link attribute `IFLA_NUM_TX_QUEUES`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_NUM_TX_QUEUES: u16 = 31;
/// Link attribute `IFLA_NUM_RX_QUEUES`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_NUM_RX_QUEUES: u16 = 32;
/// Link attribute `IFLA_CARRIER`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_CARRIER: u16 = 33;
/// Link attribute `IFLA_LINK_NETNSID`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_LINK_NETNSID: u16 = 37;
/// Link attribute `IFLA_TARGET_NETNSID`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_TARGET_NETNSID: u16 = 46;
/// Link attribute `IFLA_MIN_MTU`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_MIN_MTU: u16 = 50;
/// Link attribute `IFLA_MAX_MTU`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_MAX_MTU: u16 = 51;
/// Link attribute `IFLA_ALT_IFNAME`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_ALT_IFNAME: u16 = 53;
/// Link attribute `IFLA_PERM_ADDRESS`, in `RTM_*LINK` messages.
pub const NLRS_IFLA_PERM_ADDRESS: u16 = 54;
/// Link attribute `IFLA_INFO_KIND`, nested in `IFLA_LINKINFO`.
pub const NLRS_IFLA_INFO_KIND: u16 = 1;
/// Link attribute `IFLA_INFO_DATA`, nested in `IFLA_LINKINFO`.
pub const NLRS_IFLA_INFO_DATA: u16 = 2;
/// Link attribute `IFLA_INFO_XSTATS`, nested in `IFLA_LINKINFO`.
pub const NLRS_IFLA_INFO_XSTATS: u16 = 3;
/// Link attribute `IFLA_INFO_SLAVE_KIND`, nested in `IFLA_LINKINFO`.
pub const NLRS_IFLA_INFO_SLAVE_KIND: u16 = 4;
/// Link attribute `IFLA_INFO_SLAVE_DATA`, nested in `IFLA_LINKINFO`.
pub const NLRS_IFLA_INFO_SLAVE_DATA: u16 = 5;

// ---------------------------------------------------------------------------------------------
// Address attributes

/// Address attribute `IFA_ADDRESS`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_ADDRESS: u16 = 1;
/// Address attribute `IFA_LOCAL`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_LOCAL: u16 = 2;
/// Address attribute `IFA_LABEL`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_LABEL: u16 = 3;
/// Address attribute `IFA_BROADCAST`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_BROADCAST: u16 = 4;
/// Address attribute `IFA_ANYCAST`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_ANYCAST: u16 = 5;
/// Address attribute `IFA_CACHEINFO`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_CACHEINFO: u16 = 6;
/// Address attribute `IFA_MULTICAST`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_MULTICAST: u16 = 7;
/// Address attribute `IFA_FLAGS`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_FLAGS: u16 = 8;
/// Address attribute `IFA_RT_PRIORITY`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_RT_PRIORITY: u16 = 9;
/// Address attribute `IFA_TARGET_NETNSID`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_TARGET_NETNSID: u16 = 10;
/// Address attribute `IFA_PROTO`, in `RTM_*ADDR` messages.
pub const NLRS_IFA_PROTO: u16 = 11;

// ---------------------------------------------------------------------------------------------
// Route attributes

/// Route attribute `RTA_DST`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_DST: u16 = 1;
/// Route attribute `RTA_SRC`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_SRC: u16 = 2;
/// Route attribute `RTA_IIF`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_IIF: u16 = 3;
/// Route attribute `RTA_OIF`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_OIF: u16 = 4;
/// Route attribute `RTA_GATEWAY`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_GATEWAY: u16 = 5;
/// Route attribute `RTA_PRIORITY`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_PRIORITY: u16 = 6;
/// Route attribute `RTA_PREFSRC`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_PREFSRC: u16 = 7;
/// Route attribute `RTA_METRICS`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_METRICS: u16 = 8;
/// Route attribute `RTA_MULTIPATH`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_MULTIPATH: u16 = 9;
/// Route attribute `RTA_FLOW`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_FLOW: u16 = 11;
/// Route attribute `RTA_CACHEINFO`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_CACHEINFO: u16 = 12;
/// Route attribute `RTA_TABLE`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_TABLE: u16 = 15;
/// Route attribute `RTA_MARK`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_MARK: u16 = 16;
/// Route attribute `RTA_VIA`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_VIA: u16 = 18;
/// Route attribute `RTA_PREF`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_PREF: u16 = 20;
/// Route attribute `RTA_ENCAP_TYPE`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_ENCAP_TYPE: u16 = 21;
/// Route attribute `RTA_ENCAP`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_ENCAP: u16 = 22;
/// Route attribute `RTA_EXPIRES`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_EXPIRES: u16 = 23;
/// Route attribute `RTA_UID`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_UID: u16 = 25;
/// Route attribute `RTA_NH_ID`, in `RTM_*ROUTE` messages.
pub const NLRS_RTA_NH_ID: u16 = 30;

// ---------------------------------------------------------------------------------------------
// Route metrics

/// Route metric `RTAX_LOCK`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): which metrics are locked: bit `1 << NLRS_RTAX_*` per metric (`ip route ... lock mtu`).
pub const NLRS_RTAX_LOCK: u16 = 1;
/// Route metric `RTAX_MTU`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): path MTU.
pub const NLRS_RTAX_MTU: u16 = 2;
/// Route metric `RTAX_WINDOW`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP window clamp.
pub const NLRS_RTAX_WINDOW: u16 = 3;
/// Route metric `RTAX_RTT`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP round-trip time (ms, times 8).
pub const NLRS_RTAX_RTT: u16 = 4;
/// Route metric `RTAX_RTTVAR`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP round-trip time variance (ms, times 4).
pub const NLRS_RTAX_RTTVAR: u16 = 5;
/// Route metric `RTAX_SSTHRESH`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP slow-start threshold.
pub const NLRS_RTAX_SSTHRESH: u16 = 6;
/// Route metric `RTAX_CWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP congestion window clamp.
pub const NLRS_RTAX_CWND: u16 = 7;
/// Route metric `RTAX_ADVMSS`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): advertised TCP MSS.
pub const NLRS_RTAX_ADVMSS: u16 = 8;
/// Route metric `RTAX_REORDERING`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP reordering.
pub const NLRS_RTAX_REORDERING: u16 = 9;
/// Route metric `RTAX_HOPLIMIT`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): hop limit (TTL).
pub const NLRS_RTAX_HOPLIMIT: u16 = 10;
/// Route metric `RTAX_INITCWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP initial congestion window.
pub const NLRS_RTAX_INITCWND: u16 = 11;
/// Route metric `RTAX_FEATURES`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): `NLRS_RTAX_FEATURE_*` bits.
pub const NLRS_RTAX_FEATURES: u16 = 12;
/// Route metric `RTAX_RTO_MIN`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP minimum retransmission timeout (ms).
pub const NLRS_RTAX_RTO_MIN: u16 = 13;
/// Route metric `RTAX_INITRWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP initial receive window.
pub const NLRS_RTAX_INITRWND: u16 = 14;
/// Route metric `RTAX_QUICKACK`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP quick ACK, 0 or 1.
pub const NLRS_RTAX_QUICKACK: u16 = 15;
/// Route metric `RTAX_CC_ALGO`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP congestion control algorithm, a string (`nlrs_route_congctl()`).
pub const NLRS_RTAX_CC_ALGO: u16 = 16;
/// Route metric `RTAX_FASTOPEN_NO_COOKIE`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP Fast Open without a cookie, 0 or 1.
pub const NLRS_RTAX_FASTOPEN_NO_COOKIE: u16 = 17;
/// Bit `RTAX_FEATURE_ECN` = `0x1` of the `NLRS_RTAX_FEATURES` metric.
pub const NLRS_RTAX_FEATURE_ECN: u32 = 0x1_u32;
/// Bit `RTAX_FEATURE_SACK` = `0x2` of the `NLRS_RTAX_FEATURES` metric.
pub const NLRS_RTAX_FEATURE_SACK: u32 = 0x2_u32;
/// Bit `RTAX_FEATURE_TIMESTAMP` = `0x4` of the `NLRS_RTAX_FEATURES` metric.
pub const NLRS_RTAX_FEATURE_TIMESTAMP: u32 = 0x4_u32;
/// Bit `RTAX_FEATURE_ALLFRAG` = `0x8` of the `NLRS_RTAX_FEATURES` metric.
pub const NLRS_RTAX_FEATURE_ALLFRAG: u32 = 0x8_u32;

// ---------------------------------------------------------------------------------------------
// Neighbour attributes

/// Neighbour attribute `NDA_DST`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_DST: u16 = 1;
/// Neighbour attribute `NDA_LLADDR`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_LLADDR: u16 = 2;
/// Neighbour attribute `NDA_CACHEINFO`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_CACHEINFO: u16 = 3;
/// Neighbour attribute `NDA_PROBES`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_PROBES: u16 = 4;
/// Neighbour attribute `NDA_VLAN`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_VLAN: u16 = 5;
/// Neighbour attribute `NDA_PORT`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_PORT: u16 = 6;
/// Neighbour attribute `NDA_VNI`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_VNI: u16 = 7;
/// Neighbour attribute `NDA_IFINDEX`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_IFINDEX: u16 = 8;
/// Neighbour attribute `NDA_MASTER`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_MASTER: u16 = 9;
/// Neighbour attribute `NDA_LINK_NETNSID`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_LINK_NETNSID: u16 = 10;
/// Neighbour attribute `NDA_PROTOCOL`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_PROTOCOL: u16 = 12;
/// Neighbour attribute `NDA_FLAGS_EXT`, in `RTM_*NEIGH` messages.
pub const NLRS_NDA_FLAGS_EXT: u16 = 15;

// ---------------------------------------------------------------------------------------------
// Generic netlink controller

/// `GENL_ID_CTRL`: the fixed family id (message type) of the generic netlink controller, which
/// resolves every other family by name.
pub const NLRS_GENL_ID_CTRL: u16 = 0x10;
/// Controller command `CTRL_CMD_NEWFAMILY`, in `nlrs_genlmsghdr.cmd`.
pub const NLRS_CTRL_CMD_NEWFAMILY: u8 = 1;
/// Controller command `CTRL_CMD_DELFAMILY`, in `nlrs_genlmsghdr.cmd`.
pub const NLRS_CTRL_CMD_DELFAMILY: u8 = 2;
/// Controller command `CTRL_CMD_GETFAMILY`, in `nlrs_genlmsghdr.cmd`.
pub const NLRS_CTRL_CMD_GETFAMILY: u8 = 3;
/// Controller command `CTRL_CMD_GETPOLICY`, in `nlrs_genlmsghdr.cmd`.
pub const NLRS_CTRL_CMD_GETPOLICY: u8 = 10;
/// Controller attribute `CTRL_ATTR_FAMILY_ID`.
pub const NLRS_CTRL_ATTR_FAMILY_ID: u16 = 1;
/// Controller attribute `CTRL_ATTR_FAMILY_NAME`.
pub const NLRS_CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// Controller attribute `CTRL_ATTR_VERSION`.
pub const NLRS_CTRL_ATTR_VERSION: u16 = 3;
/// Controller attribute `CTRL_ATTR_HDRSIZE`.
pub const NLRS_CTRL_ATTR_HDRSIZE: u16 = 4;
/// Controller attribute `CTRL_ATTR_MAXATTR`.
pub const NLRS_CTRL_ATTR_MAXATTR: u16 = 5;
/// Controller attribute `CTRL_ATTR_OPS`.
pub const NLRS_CTRL_ATTR_OPS: u16 = 6;
/// Controller attribute `CTRL_ATTR_MCAST_GROUPS`.
pub const NLRS_CTRL_ATTR_MCAST_GROUPS: u16 = 7;
/// Controller attribute `CTRL_ATTR_POLICY`.
pub const NLRS_CTRL_ATTR_POLICY: u16 = 8;
/// Controller attribute `CTRL_ATTR_OP_POLICY`.
pub const NLRS_CTRL_ATTR_OP_POLICY: u16 = 9;
/// Controller attribute `CTRL_ATTR_OP`.
pub const NLRS_CTRL_ATTR_OP: u16 = 10;
/// Operation flag `GENL_ADMIN_PERM` = `0x01`, of `nlrs_genl_family_op()`: the command needs `CAP_NET_ADMIN`.
pub const NLRS_GENL_ADMIN_PERM: u32 = 0x01_u32;
/// Operation flag `GENL_CMD_CAP_DO` = `0x02`, of `nlrs_genl_family_op()`: the command can be done (a request).
pub const NLRS_GENL_CMD_CAP_DO: u32 = 0x02_u32;
/// Operation flag `GENL_CMD_CAP_DUMP` = `0x04`, of `nlrs_genl_family_op()`: the command can dump.
pub const NLRS_GENL_CMD_CAP_DUMP: u32 = 0x04_u32;
/// Operation flag `GENL_CMD_CAP_HASPOL` = `0x08`, of `nlrs_genl_family_op()`: the command has an attribute policy.
pub const NLRS_GENL_CMD_CAP_HASPOL: u32 = 0x08_u32;
/// Operation flag `GENL_UNS_ADMIN_PERM` = `0x10`, of `nlrs_genl_family_op()`: the command needs `CAP_NET_ADMIN` in the socket's user namespace.
pub const NLRS_GENL_UNS_ADMIN_PERM: u32 = 0x10_u32;

const _: () = {
    assert!(NLRS_PROTO_ROUTE == consts::proto::ROUTE);
    assert!(NLRS_PROTO_USERSOCK == consts::proto::USERSOCK);
    assert!(NLRS_PROTO_FIREWALL == consts::proto::FIREWALL);
    assert!(NLRS_PROTO_SOCK_DIAG == consts::proto::SOCK_DIAG);
    assert!(NLRS_PROTO_NFLOG == consts::proto::NFLOG);
    assert!(NLRS_PROTO_XFRM == consts::proto::XFRM);
    assert!(NLRS_PROTO_SELINUX == consts::proto::SELINUX);
    assert!(NLRS_PROTO_ISCSI == consts::proto::ISCSI);
    assert!(NLRS_PROTO_AUDIT == consts::proto::AUDIT);
    assert!(NLRS_PROTO_FIB_LOOKUP == consts::proto::FIB_LOOKUP);
    assert!(NLRS_PROTO_CONNECTOR == consts::proto::CONNECTOR);
    assert!(NLRS_PROTO_NETFILTER == consts::proto::NETFILTER);
    assert!(NLRS_PROTO_KOBJECT_UEVENT == consts::proto::KOBJECT_UEVENT);
    assert!(NLRS_PROTO_GENERIC == consts::proto::GENERIC);
    assert!(NLRS_PROTO_SCSITRANSPORT == consts::proto::SCSITRANSPORT);
    assert!(NLRS_PROTO_ECRYPTFS == consts::proto::ECRYPTFS);
    assert!(NLRS_PROTO_RDMA == consts::proto::RDMA);
    assert!(NLRS_PROTO_CRYPTO == consts::proto::CRYPTO);
    assert!(NLRS_PROTO_SMC == consts::proto::SMC);
    assert!(NLRS_NLMSG_NOOP == consts::NLMSG_NOOP);
    assert!(NLRS_NLMSG_ERROR == consts::NLMSG_ERROR);
    assert!(NLRS_NLMSG_DONE == consts::NLMSG_DONE);
    assert!(NLRS_NLMSG_OVERRUN == consts::NLMSG_OVERRUN);
    assert!(NLRS_NLMSG_MIN_TYPE == consts::NLMSG_MIN_TYPE);
    assert!(NLRS_NLM_F_REQUEST == consts::NLM_F_REQUEST);
    assert!(NLRS_NLM_F_MULTI == consts::NLM_F_MULTI);
    assert!(NLRS_NLM_F_ACK == consts::NLM_F_ACK);
    assert!(NLRS_NLM_F_ECHO == consts::NLM_F_ECHO);
    assert!(NLRS_NLM_F_DUMP_INTR == consts::NLM_F_DUMP_INTR);
    assert!(NLRS_NLM_F_DUMP_FILTERED == consts::NLM_F_DUMP_FILTERED);
    assert!(NLRS_NLM_F_ROOT == consts::NLM_F_ROOT);
    assert!(NLRS_NLM_F_MATCH == consts::NLM_F_MATCH);
    assert!(NLRS_NLM_F_ATOMIC == consts::NLM_F_ATOMIC);
    assert!(NLRS_NLM_F_DUMP == consts::NLM_F_DUMP);
    assert!(NLRS_NLM_F_REPLACE == consts::NLM_F_REPLACE);
    assert!(NLRS_NLM_F_EXCL == consts::NLM_F_EXCL);
    assert!(NLRS_NLM_F_CREATE == consts::NLM_F_CREATE);
    assert!(NLRS_NLM_F_APPEND == consts::NLM_F_APPEND);
    assert!(NLRS_NLM_F_NONREC == consts::NLM_F_NONREC);
    assert!(NLRS_NLM_F_BULK == consts::NLM_F_BULK);
    assert!(NLRS_NLM_F_CAPPED == consts::NLM_F_CAPPED);
    assert!(NLRS_NLM_F_ACK_TLVS == consts::NLM_F_ACK_TLVS);
    assert!(NLRS_NLA_F_NESTED == consts::NLA_F_NESTED);
    assert!(NLRS_NLA_F_NET_BYTEORDER == consts::NLA_F_NET_BYTEORDER);
    assert!(NLRS_NLA_TYPE_MASK == consts::NLA_TYPE_MASK);
    assert!(NLRS_NLA_HDRLEN == consts::NLA_HDRLEN);
    assert!(NLRS_NLMSG_HDRLEN == consts::NLMSG_HDRLEN);
    assert!(NLRS_RTM_NEWLINK == consts::RTM_NEWLINK);
    assert!(NLRS_RTM_DELLINK == consts::RTM_DELLINK);
    assert!(NLRS_RTM_GETLINK == consts::RTM_GETLINK);
    assert!(NLRS_RTM_SETLINK == consts::RTM_SETLINK);
    assert!(NLRS_RTM_NEWADDR == consts::RTM_NEWADDR);
    assert!(NLRS_RTM_DELADDR == consts::RTM_DELADDR);
    assert!(NLRS_RTM_GETADDR == consts::RTM_GETADDR);
    assert!(NLRS_RTM_NEWROUTE == consts::RTM_NEWROUTE);
    assert!(NLRS_RTM_DELROUTE == consts::RTM_DELROUTE);
    assert!(NLRS_RTM_GETROUTE == consts::RTM_GETROUTE);
    assert!(NLRS_RTM_NEWNEIGH == consts::RTM_NEWNEIGH);
    assert!(NLRS_RTM_DELNEIGH == consts::RTM_DELNEIGH);
    assert!(NLRS_RTM_GETNEIGH == consts::RTM_GETNEIGH);
    assert!(NLRS_AF_UNSPEC == consts::AF_UNSPEC);
    assert!(NLRS_AF_INET == consts::AF_INET);
    assert!(NLRS_AF_BRIDGE == consts::AF_BRIDGE);
    assert!(NLRS_AF_INET6 == consts::AF_INET6);
    assert!(NLRS_RTNLGRP_LINK == consts::rtnlgrp::LINK);
    assert!(NLRS_RTNLGRP_NOTIFY == consts::rtnlgrp::NOTIFY);
    assert!(NLRS_RTNLGRP_NEIGH == consts::rtnlgrp::NEIGH);
    assert!(NLRS_RTNLGRP_TC == consts::rtnlgrp::TC);
    assert!(NLRS_RTNLGRP_IPV4_IFADDR == consts::rtnlgrp::IPV4_IFADDR);
    assert!(NLRS_RTNLGRP_IPV4_MROUTE == consts::rtnlgrp::IPV4_MROUTE);
    assert!(NLRS_RTNLGRP_IPV4_ROUTE == consts::rtnlgrp::IPV4_ROUTE);
    assert!(NLRS_RTNLGRP_IPV4_RULE == consts::rtnlgrp::IPV4_RULE);
    assert!(NLRS_RTNLGRP_IPV6_IFADDR == consts::rtnlgrp::IPV6_IFADDR);
    assert!(NLRS_RTNLGRP_IPV6_MROUTE == consts::rtnlgrp::IPV6_MROUTE);
    assert!(NLRS_RTNLGRP_IPV6_ROUTE == consts::rtnlgrp::IPV6_ROUTE);
    assert!(NLRS_RTNLGRP_IPV6_IFINFO == consts::rtnlgrp::IPV6_IFINFO);
    assert!(NLRS_RTNLGRP_NSID == consts::rtnlgrp::NSID);
    assert!(NLRS_RTNLGRP_IPV4_NETCONF == consts::rtnlgrp::IPV4_NETCONF);
    assert!(NLRS_RTNLGRP_IPV6_NETCONF == consts::rtnlgrp::IPV6_NETCONF);
    assert!(NLRS_RTNLGRP_MPLS_ROUTE == consts::rtnlgrp::MPLS_ROUTE);
    assert!(NLRS_RTNLGRP_NEXTHOP == consts::rtnlgrp::NEXTHOP);
    assert!(NLRS_RTNLGRP_BRVLAN == consts::rtnlgrp::BRVLAN);
    assert!(NLRS_RTNLGRP_MCTP_IFADDR == consts::rtnlgrp::MCTP_IFADDR);
    assert!(NLRS_RTNLGRP_TUNNEL == consts::rtnlgrp::TUNNEL);
    assert!(NLRS_RTNLGRP_STATS == consts::rtnlgrp::STATS);
    assert!(NLRS_IFF_UP == consts::IFF_UP);
    assert!(NLRS_IFF_BROADCAST == consts::IFF_BROADCAST);
    assert!(NLRS_IFF_LOOPBACK == consts::IFF_LOOPBACK);
    assert!(NLRS_IFF_POINTOPOINT == consts::IFF_POINTOPOINT);
    assert!(NLRS_IFF_RUNNING == consts::IFF_RUNNING);
    assert!(NLRS_IFF_NOARP == consts::IFF_NOARP);
    assert!(NLRS_IFF_PROMISC == consts::IFF_PROMISC);
    assert!(NLRS_IFF_MULTICAST == consts::IFF_MULTICAST);
    assert!(NLRS_IFF_LOWER_UP == consts::IFF_LOWER_UP);
    assert!(NLRS_IFLA_ADDRESS == consts::ifla::ADDRESS);
    assert!(NLRS_IFLA_BROADCAST == consts::ifla::BROADCAST);
    assert!(NLRS_IFLA_IFNAME == consts::ifla::IFNAME);
    assert!(NLRS_IFLA_MTU == consts::ifla::MTU);
    assert!(NLRS_IFLA_LINK == consts::ifla::LINK);
    assert!(NLRS_IFLA_QDISC == consts::ifla::QDISC);
    assert!(NLRS_IFLA_STATS == consts::ifla::STATS);
    assert!(NLRS_IFLA_MASTER == consts::ifla::MASTER);
    assert!(NLRS_IFLA_TXQLEN == consts::ifla::TXQLEN);
    assert!(NLRS_IFLA_OPERSTATE == consts::ifla::OPERSTATE);
    assert!(NLRS_IFLA_LINKMODE == consts::ifla::LINKMODE);
    assert!(NLRS_IFLA_LINKINFO == consts::ifla::LINKINFO);
    assert!(NLRS_IFLA_NET_NS_PID == consts::ifla::NET_NS_PID);
    assert!(NLRS_IFLA_IFALIAS == consts::ifla::IFALIAS);
    assert!(NLRS_IFLA_STATS64 == consts::ifla::STATS64);
    assert!(NLRS_IFLA_AF_SPEC == consts::ifla::AF_SPEC);
    assert!(NLRS_IFLA_GROUP == consts::ifla::GROUP);
    assert!(NLRS_IFLA_NET_NS_FD == consts::ifla::NET_NS_FD);
    assert!(NLRS_IFLA_EXT_MASK == consts::ifla::EXT_MASK);
    assert!(NLRS_IFLA_PROMISCUITY == consts::ifla::PROMISCUITY);
    assert!(NLRS_IFLA_NUM_TX_QUEUES == consts::ifla::NUM_TX_QUEUES);
    assert!(NLRS_IFLA_NUM_RX_QUEUES == consts::ifla::NUM_RX_QUEUES);
    assert!(NLRS_IFLA_CARRIER == consts::ifla::CARRIER);
    assert!(NLRS_IFLA_LINK_NETNSID == consts::ifla::LINK_NETNSID);
    assert!(NLRS_IFLA_TARGET_NETNSID == consts::ifla::TARGET_NETNSID);
    assert!(NLRS_IFLA_MIN_MTU == consts::ifla::MIN_MTU);
    assert!(NLRS_IFLA_MAX_MTU == consts::ifla::MAX_MTU);
    assert!(NLRS_IFLA_ALT_IFNAME == consts::ifla::ALT_IFNAME);
    assert!(NLRS_IFLA_PERM_ADDRESS == consts::ifla::PERM_ADDRESS);
    assert!(NLRS_IFLA_INFO_KIND == consts::ifla::INFO_KIND);
    assert!(NLRS_IFLA_INFO_DATA == consts::ifla::INFO_DATA);
    assert!(NLRS_IFLA_INFO_XSTATS == consts::ifla::INFO_XSTATS);
    assert!(NLRS_IFLA_INFO_SLAVE_KIND == consts::ifla::INFO_SLAVE_KIND);
    assert!(NLRS_IFLA_INFO_SLAVE_DATA == consts::ifla::INFO_SLAVE_DATA);
    assert!(NLRS_IFA_ADDRESS == consts::ifa::ADDRESS);
    assert!(NLRS_IFA_LOCAL == consts::ifa::LOCAL);
    assert!(NLRS_IFA_LABEL == consts::ifa::LABEL);
    assert!(NLRS_IFA_BROADCAST == consts::ifa::BROADCAST);
    assert!(NLRS_IFA_ANYCAST == consts::ifa::ANYCAST);
    assert!(NLRS_IFA_CACHEINFO == consts::ifa::CACHEINFO);
    assert!(NLRS_IFA_MULTICAST == consts::ifa::MULTICAST);
    assert!(NLRS_IFA_FLAGS == consts::ifa::FLAGS);
    assert!(NLRS_IFA_RT_PRIORITY == consts::ifa::RT_PRIORITY);
    assert!(NLRS_IFA_TARGET_NETNSID == consts::ifa::TARGET_NETNSID);
    assert!(NLRS_IFA_PROTO == consts::ifa::PROTO);
    assert!(NLRS_RTA_DST == consts::rta::DST);
    assert!(NLRS_RTA_SRC == consts::rta::SRC);
    assert!(NLRS_RTA_IIF == consts::rta::IIF);
    assert!(NLRS_RTA_OIF == consts::rta::OIF);
    assert!(NLRS_RTA_GATEWAY == consts::rta::GATEWAY);
    assert!(NLRS_RTA_PRIORITY == consts::rta::PRIORITY);
    assert!(NLRS_RTA_PREFSRC == consts::rta::PREFSRC);
    assert!(NLRS_RTA_METRICS == consts::rta::METRICS);
    assert!(NLRS_RTA_MULTIPATH == consts::rta::MULTIPATH);
    assert!(NLRS_RTA_FLOW == consts::rta::FLOW);
    assert!(NLRS_RTA_CACHEINFO == consts::rta::CACHEINFO);
    assert!(NLRS_RTA_TABLE == consts::rta::TABLE);
    assert!(NLRS_RTA_MARK == consts::rta::MARK);
    assert!(NLRS_RTA_VIA == consts::rta::VIA);
    assert!(NLRS_RTA_PREF == consts::rta::PREF);
    assert!(NLRS_RTA_ENCAP_TYPE == consts::rta::ENCAP_TYPE);
    assert!(NLRS_RTA_ENCAP == consts::rta::ENCAP);
    assert!(NLRS_RTA_EXPIRES == consts::rta::EXPIRES);
    assert!(NLRS_RTA_UID == consts::rta::UID);
    assert!(NLRS_RTA_NH_ID == consts::rta::NH_ID);
    assert!(NLRS_NDA_DST == consts::nda::DST);
    assert!(NLRS_NDA_LLADDR == consts::nda::LLADDR);
    assert!(NLRS_NDA_CACHEINFO == consts::nda::CACHEINFO);
    assert!(NLRS_NDA_PROBES == consts::nda::PROBES);
    assert!(NLRS_NDA_VLAN == consts::nda::VLAN);
    assert!(NLRS_NDA_PORT == consts::nda::PORT);
    assert!(NLRS_NDA_VNI == consts::nda::VNI);
    assert!(NLRS_NDA_IFINDEX == consts::nda::IFINDEX);
    assert!(NLRS_NDA_MASTER == consts::nda::MASTER);
    assert!(NLRS_NDA_LINK_NETNSID == consts::nda::LINK_NETNSID);
    assert!(NLRS_NDA_PROTOCOL == consts::nda::PROTOCOL);
    assert!(NLRS_NDA_FLAGS_EXT == consts::nda::FLAGS_EXT);
    assert!(NLRS_GENL_ID_CTRL == consts::genl::ID_CTRL);
    assert!(NLRS_CTRL_CMD_NEWFAMILY == consts::genl::CTRL_CMD_NEWFAMILY);
    assert!(NLRS_CTRL_CMD_DELFAMILY == consts::genl::CTRL_CMD_DELFAMILY);
    assert!(NLRS_CTRL_CMD_GETFAMILY == consts::genl::CTRL_CMD_GETFAMILY);
    assert!(NLRS_CTRL_CMD_GETPOLICY == consts::genl::CTRL_CMD_GETPOLICY);
    assert!(NLRS_CTRL_ATTR_FAMILY_ID == consts::genl::CTRL_ATTR_FAMILY_ID);
    assert!(NLRS_CTRL_ATTR_FAMILY_NAME == consts::genl::CTRL_ATTR_FAMILY_NAME);
    assert!(NLRS_CTRL_ATTR_VERSION == consts::genl::CTRL_ATTR_VERSION);
    assert!(NLRS_CTRL_ATTR_HDRSIZE == consts::genl::CTRL_ATTR_HDRSIZE);
    assert!(NLRS_CTRL_ATTR_MAXATTR == consts::genl::CTRL_ATTR_MAXATTR);
    assert!(NLRS_CTRL_ATTR_OPS == consts::genl::CTRL_ATTR_OPS);
    assert!(NLRS_CTRL_ATTR_MCAST_GROUPS == consts::genl::CTRL_ATTR_MCAST_GROUPS);
    assert!(NLRS_CTRL_ATTR_POLICY == consts::genl::CTRL_ATTR_POLICY);
    assert!(NLRS_CTRL_ATTR_OP_POLICY == consts::genl::CTRL_ATTR_OP_POLICY);
    assert!(NLRS_CTRL_ATTR_OP == consts::genl::CTRL_ATTR_OP);
    assert!(NLRS_IFF_DEBUG == consts::IFF_DEBUG);
    assert!(NLRS_IFF_NOTRAILERS == consts::IFF_NOTRAILERS);
    assert!(NLRS_IFF_ALLMULTI == consts::IFF_ALLMULTI);
    assert!(NLRS_IFF_MASTER == consts::IFF_MASTER);
    assert!(NLRS_IFF_SLAVE == consts::IFF_SLAVE);
    assert!(NLRS_IFF_PORTSEL == consts::IFF_PORTSEL);
    assert!(NLRS_IFF_AUTOMEDIA == consts::IFF_AUTOMEDIA);
    assert!(NLRS_IFF_DYNAMIC == consts::IFF_DYNAMIC);
    assert!(NLRS_IFF_DORMANT == consts::IFF_DORMANT);
    assert!(NLRS_IFF_ECHO == consts::IFF_ECHO);
    assert!(NLRS_ARPHRD_NETROM == consts::arphrd::NETROM);
    assert!(NLRS_ARPHRD_ETHER == consts::arphrd::ETHER);
    assert!(NLRS_ARPHRD_INFINIBAND == consts::arphrd::INFINIBAND);
    assert!(NLRS_ARPHRD_CAN == consts::arphrd::CAN);
    assert!(NLRS_ARPHRD_PPP == consts::arphrd::PPP);
    assert!(NLRS_ARPHRD_TUNNEL == consts::arphrd::TUNNEL);
    assert!(NLRS_ARPHRD_TUNNEL6 == consts::arphrd::TUNNEL6);
    assert!(NLRS_ARPHRD_LOOPBACK == consts::arphrd::LOOPBACK);
    assert!(NLRS_ARPHRD_SIT == consts::arphrd::SIT);
    assert!(NLRS_ARPHRD_IPGRE == consts::arphrd::IPGRE);
    assert!(NLRS_ARPHRD_IEEE80211 == consts::arphrd::IEEE80211);
    assert!(NLRS_ARPHRD_IEEE80211_RADIOTAP == consts::arphrd::IEEE80211_RADIOTAP);
    assert!(NLRS_ARPHRD_IP6GRE == consts::arphrd::IP6GRE);
    assert!(NLRS_ARPHRD_NONE == consts::arphrd::NONE);
    assert!(NLRS_ARPHRD_VOID == consts::arphrd::VOID);
    assert!(NLRS_RTAX_LOCK == consts::rtax::LOCK);
    assert!(NLRS_RTAX_MTU == consts::rtax::MTU);
    assert!(NLRS_RTAX_WINDOW == consts::rtax::WINDOW);
    assert!(NLRS_RTAX_RTT == consts::rtax::RTT);
    assert!(NLRS_RTAX_RTTVAR == consts::rtax::RTTVAR);
    assert!(NLRS_RTAX_SSTHRESH == consts::rtax::SSTHRESH);
    assert!(NLRS_RTAX_CWND == consts::rtax::CWND);
    assert!(NLRS_RTAX_ADVMSS == consts::rtax::ADVMSS);
    assert!(NLRS_RTAX_REORDERING == consts::rtax::REORDERING);
    assert!(NLRS_RTAX_HOPLIMIT == consts::rtax::HOPLIMIT);
    assert!(NLRS_RTAX_INITCWND == consts::rtax::INITCWND);
    assert!(NLRS_RTAX_FEATURES == consts::rtax::FEATURES);
    assert!(NLRS_RTAX_RTO_MIN == consts::rtax::RTO_MIN);
    assert!(NLRS_RTAX_INITRWND == consts::rtax::INITRWND);
    assert!(NLRS_RTAX_QUICKACK == consts::rtax::QUICKACK);
    assert!(NLRS_RTAX_CC_ALGO == consts::rtax::CC_ALGO);
    assert!(NLRS_RTAX_FASTOPEN_NO_COOKIE == consts::rtax::FASTOPEN_NO_COOKIE);
    assert!(NLRS_RTAX_FEATURE_ECN == consts::rtax::FEATURE_ECN);
    assert!(NLRS_RTAX_FEATURE_SACK == consts::rtax::FEATURE_SACK);
    assert!(NLRS_RTAX_FEATURE_TIMESTAMP == consts::rtax::FEATURE_TIMESTAMP);
    assert!(NLRS_RTAX_FEATURE_ALLFRAG == consts::rtax::FEATURE_ALLFRAG);
    assert!(NLRS_GENL_ADMIN_PERM == consts::genl::ADMIN_PERM);
    assert!(NLRS_GENL_CMD_CAP_DO == consts::genl::CMD_CAP_DO);
    assert!(NLRS_GENL_CMD_CAP_DUMP == consts::genl::CMD_CAP_DUMP);
    assert!(NLRS_GENL_CMD_CAP_HASPOL == consts::genl::CMD_CAP_HASPOL);
    assert!(NLRS_GENL_UNS_ADMIN_PERM == consts::genl::UNS_ADMIN_PERM);
};
