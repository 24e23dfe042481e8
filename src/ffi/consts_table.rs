// The `NLRS_*` constants of the C API, each written once: doc, name, Rust type, value. Read
// twice (with different macros): src/ffi/consts.rs makes each a Rust `pub const`, and build.rs
// writes each as a `#define` into libnlrs.h (cbindgen cannot see constants a macro makes), a
// `u32` with a `u` suffix. A value is a constant of the layer that defines it (`consts::` is
// `crate::wire::consts`, `code::` is `crate::conn::code`, `has::` is `crate::rtnl::route::has`;
// build.rs compiles those three files too), or a literal for a value only the C API has.
nlrs_consts! {
    // Error codes

    /// A panic was caught at the C boundary (returned as `-NLRS_E_PANIC`). Every handle the call
    /// was using (e.g. the socket, and the object it was decoding into) is unusable from then on:
    /// later calls on it return `-NLRS_E_CONSUMED`; it must still be freed.
    NLRS_E_PANIC: c_int = code::PANIC;
    /// The kernel's table changed during a dump (`NLM_F_DUMP_INTR`, returned as
    /// `-NLRS_E_DUMP_INTR`): the result may be inconsistent. The dump was read to its end; repeat
    /// it for a consistent view.
    NLRS_E_DUMP_INTR: c_int = code::DUMP_INTR;
    /// No reply arrived within the socket's timeout (returned as `-NLRS_E_TIMEOUT`).
    NLRS_E_TIMEOUT: c_int = code::TIMEOUT;
    /// The handle was already consumed, made unusable by an earlier panic, or freed by a callback
    /// of the call still running on it (returned as `-NLRS_E_CONSUMED`).
    NLRS_E_CONSUMED: c_int = code::CONSUMED;
    /// A message could not be built (returned as `-NLRS_E_BUILD`): an attribute or message would
    /// be too long, a nest was left open or closed out of order, or the family header came after
    /// attributes.
    NLRS_E_BUILD: c_int = code::BUILD;

    // Netlink protocols

    /// Netlink protocol `NETLINK_ROUTE`, for `nlrs_socket_open()`.
    NLRS_PROTO_ROUTE: i32 = consts::proto::ROUTE;
    /// Netlink protocol `NETLINK_USERSOCK`, for `nlrs_socket_open()`.
    NLRS_PROTO_USERSOCK: i32 = consts::proto::USERSOCK;
    /// Netlink protocol `NETLINK_FIREWALL`, for `nlrs_socket_open()`.
    NLRS_PROTO_FIREWALL: i32 = consts::proto::FIREWALL;
    /// Netlink protocol `NETLINK_SOCK_DIAG`, for `nlrs_socket_open()`.
    NLRS_PROTO_SOCK_DIAG: i32 = consts::proto::SOCK_DIAG;
    /// Netlink protocol `NETLINK_NFLOG`, for `nlrs_socket_open()`.
    NLRS_PROTO_NFLOG: i32 = consts::proto::NFLOG;
    /// Netlink protocol `NETLINK_XFRM`, for `nlrs_socket_open()`.
    NLRS_PROTO_XFRM: i32 = consts::proto::XFRM;
    /// Netlink protocol `NETLINK_SELINUX`, for `nlrs_socket_open()`.
    NLRS_PROTO_SELINUX: i32 = consts::proto::SELINUX;
    /// Netlink protocol `NETLINK_ISCSI`, for `nlrs_socket_open()`.
    NLRS_PROTO_ISCSI: i32 = consts::proto::ISCSI;
    /// Netlink protocol `NETLINK_AUDIT`, for `nlrs_socket_open()`.
    NLRS_PROTO_AUDIT: i32 = consts::proto::AUDIT;
    /// Netlink protocol `NETLINK_FIB_LOOKUP`, for `nlrs_socket_open()`.
    NLRS_PROTO_FIB_LOOKUP: i32 = consts::proto::FIB_LOOKUP;
    /// Netlink protocol `NETLINK_CONNECTOR`, for `nlrs_socket_open()`.
    NLRS_PROTO_CONNECTOR: i32 = consts::proto::CONNECTOR;
    /// Netlink protocol `NETLINK_NETFILTER`, for `nlrs_socket_open()`.
    NLRS_PROTO_NETFILTER: i32 = consts::proto::NETFILTER;
    /// Netlink protocol `NETLINK_KOBJECT_UEVENT`, for `nlrs_socket_open()`.
    NLRS_PROTO_KOBJECT_UEVENT: i32 = consts::proto::KOBJECT_UEVENT;
    /// Netlink protocol `NETLINK_GENERIC`, for `nlrs_socket_open()`.
    NLRS_PROTO_GENERIC: i32 = consts::proto::GENERIC;
    /// Netlink protocol `NETLINK_SCSITRANSPORT`, for `nlrs_socket_open()`.
    NLRS_PROTO_SCSITRANSPORT: i32 = consts::proto::SCSITRANSPORT;
    /// Netlink protocol `NETLINK_ECRYPTFS`, for `nlrs_socket_open()`.
    NLRS_PROTO_ECRYPTFS: i32 = consts::proto::ECRYPTFS;
    /// Netlink protocol `NETLINK_RDMA`, for `nlrs_socket_open()`.
    NLRS_PROTO_RDMA: i32 = consts::proto::RDMA;
    /// Netlink protocol `NETLINK_CRYPTO`, for `nlrs_socket_open()`.
    NLRS_PROTO_CRYPTO: i32 = consts::proto::CRYPTO;
    /// Netlink protocol `NETLINK_SMC`, for `nlrs_socket_open()`.
    NLRS_PROTO_SMC: i32 = consts::proto::SMC;

    // Control message types

    /// Control message `NLMSG_NOOP`: nothing, to be ignored.
    NLRS_NLMSG_NOOP: u16 = consts::NLMSG_NOOP;
    /// Control message `NLMSG_ERROR`: an ACK (error 0) or an error.
    NLRS_NLMSG_ERROR: u16 = consts::NLMSG_ERROR;
    /// Control message `NLMSG_DONE`: the end of a dump.
    NLRS_NLMSG_DONE: u16 = consts::NLMSG_DONE;
    /// Control message `NLMSG_OVERRUN`: data was lost (not sent by current kernels).
    NLRS_NLMSG_OVERRUN: u16 = consts::NLMSG_OVERRUN;
    /// `NLMSG_MIN_TYPE`: message types below this are control messages.
    NLRS_NLMSG_MIN_TYPE: u16 = consts::NLMSG_MIN_TYPE;

    // Message flags

    /// Message flag `NLM_F_REQUEST` = `0x1`: a request (added by every send).
    NLRS_NLM_F_REQUEST: u16 = consts::NLM_F_REQUEST;
    /// Message flag `NLM_F_MULTI` = `0x2`: part of a multipart answer (dump), ended by `NLMSG_DONE`.
    NLRS_NLM_F_MULTI: u16 = consts::NLM_F_MULTI;
    /// Message flag `NLM_F_ACK` = `0x4`: ask for an ACK (added by every send).
    NLRS_NLM_F_ACK: u16 = consts::NLM_F_ACK;
    /// Message flag `NLM_F_ECHO` = `0x8`: echo the created object back (some families only).
    NLRS_NLM_F_ECHO: u16 = consts::NLM_F_ECHO;
    /// Message flag `NLM_F_DUMP_INTR` = `0x10`: the dump was interrupted by a change: its result may be
    /// inconsistent.
    NLRS_NLM_F_DUMP_INTR: u16 = consts::NLM_F_DUMP_INTR;
    /// Message flag `NLM_F_DUMP_FILTERED` = `0x20`: the dump was filtered by the kernel as asked.
    NLRS_NLM_F_DUMP_FILTERED: u16 = consts::NLM_F_DUMP_FILTERED;
    /// Message flag `NLM_F_ROOT` = `0x100`: GET modifier: the whole table.
    NLRS_NLM_F_ROOT: u16 = consts::NLM_F_ROOT;
    /// Message flag `NLM_F_MATCH` = `0x200`: GET modifier: all matching entries.
    NLRS_NLM_F_MATCH: u16 = consts::NLM_F_MATCH;
    /// Message flag `NLM_F_ATOMIC` = `0x400`: GET modifier: atomic (obsolete).
    NLRS_NLM_F_ATOMIC: u16 = consts::NLM_F_ATOMIC;
    /// Message flag `NLM_F_DUMP` = `0x300`: GET modifier: dump (`NLM_F_ROOT | NLM_F_MATCH`, added by
    /// `nlrs_socket_dump()`).
    NLRS_NLM_F_DUMP: u16 = consts::NLM_F_DUMP;
    /// Message flag `NLM_F_REPLACE` = `0x100`: NEW modifier: replace an existing object.
    NLRS_NLM_F_REPLACE: u16 = consts::NLM_F_REPLACE;
    /// Message flag `NLM_F_EXCL` = `0x200`: NEW modifier: fail with `-EEXIST` if it exists.
    NLRS_NLM_F_EXCL: u16 = consts::NLM_F_EXCL;
    /// Message flag `NLM_F_CREATE` = `0x400`: NEW modifier: create it if it does not exist.
    NLRS_NLM_F_CREATE: u16 = consts::NLM_F_CREATE;
    /// Message flag `NLM_F_APPEND` = `0x800`: NEW modifier: add another entry to a list.
    NLRS_NLM_F_APPEND: u16 = consts::NLM_F_APPEND;
    /// Message flag `NLM_F_NONREC` = `0x100`: DELETE modifier: do not delete recursively.
    NLRS_NLM_F_NONREC: u16 = consts::NLM_F_NONREC;
    /// Message flag `NLM_F_BULK` = `0x200`: DELETE modifier: bulk delete.
    NLRS_NLM_F_BULK: u16 = consts::NLM_F_BULK;
    /// Message flag `NLM_F_CAPPED` = `0x100`: ACK flag: the request's payload was left out.
    NLRS_NLM_F_CAPPED: u16 = consts::NLM_F_CAPPED;
    /// Message flag `NLM_F_ACK_TLVS` = `0x200`: ACK flag: extended-ACK attributes follow.
    NLRS_NLM_F_ACK_TLVS: u16 = consts::NLM_F_ACK_TLVS;

    // Attributes and headers

    /// Attribute type flag `NLA_F_NESTED` = `0x8000`: the payload holds attributes (set by
    /// `nlrs_msg_nest_start()`).
    NLRS_NLA_F_NESTED: u16 = consts::NLA_F_NESTED;
    /// Attribute type flag `NLA_F_NET_BYTEORDER` = `0x4000`: the payload is in network byte order.
    NLRS_NLA_F_NET_BYTEORDER: u16 = consts::NLA_F_NET_BYTEORDER;
    /// `NLA_TYPE_MASK` = `0x3fff`: the type bits of an attribute type, without its flags
    /// (`nlrs_attr.type` has it applied).
    NLRS_NLA_TYPE_MASK: u16 = consts::NLA_TYPE_MASK;
    /// `NLA_HDRLEN`: size of an attribute header.
    NLRS_NLA_HDRLEN: usize = consts::NLA_HDRLEN;
    /// `NLMSG_HDRLEN`: size of a message header (`struct nlmsghdr`).
    NLRS_NLMSG_HDRLEN: usize = consts::NLMSG_HDRLEN;

    // rtnetlink message types

    /// rtnetlink message type `RTM_NEWLINK`.
    NLRS_RTM_NEWLINK: u16 = consts::RTM_NEWLINK;
    /// rtnetlink message type `RTM_DELLINK`.
    NLRS_RTM_DELLINK: u16 = consts::RTM_DELLINK;
    /// rtnetlink message type `RTM_GETLINK`.
    NLRS_RTM_GETLINK: u16 = consts::RTM_GETLINK;
    /// rtnetlink message type `RTM_SETLINK`.
    NLRS_RTM_SETLINK: u16 = consts::RTM_SETLINK;
    /// rtnetlink message type `RTM_NEWADDR`.
    NLRS_RTM_NEWADDR: u16 = consts::RTM_NEWADDR;
    /// rtnetlink message type `RTM_DELADDR`.
    NLRS_RTM_DELADDR: u16 = consts::RTM_DELADDR;
    /// rtnetlink message type `RTM_GETADDR`.
    NLRS_RTM_GETADDR: u16 = consts::RTM_GETADDR;
    /// rtnetlink message type `RTM_NEWROUTE`.
    NLRS_RTM_NEWROUTE: u16 = consts::RTM_NEWROUTE;
    /// rtnetlink message type `RTM_DELROUTE`.
    NLRS_RTM_DELROUTE: u16 = consts::RTM_DELROUTE;
    /// rtnetlink message type `RTM_GETROUTE`.
    NLRS_RTM_GETROUTE: u16 = consts::RTM_GETROUTE;
    /// rtnetlink message type `RTM_NEWNEIGH`.
    NLRS_RTM_NEWNEIGH: u16 = consts::RTM_NEWNEIGH;
    /// rtnetlink message type `RTM_DELNEIGH`.
    NLRS_RTM_DELNEIGH: u16 = consts::RTM_DELNEIGH;
    /// rtnetlink message type `RTM_GETNEIGH`.
    NLRS_RTM_GETNEIGH: u16 = consts::RTM_GETNEIGH;

    // Address families

    /// Address family `AF_UNSPEC`, for the family field of family headers.
    NLRS_AF_UNSPEC: u8 = consts::AF_UNSPEC;
    /// Address family `AF_INET`, for the family field of family headers.
    NLRS_AF_INET: u8 = consts::AF_INET;
    /// Address family `AF_BRIDGE`, for the family field of family headers.
    NLRS_AF_BRIDGE: u8 = consts::AF_BRIDGE;
    /// Address family `AF_INET6`, for the family field of family headers.
    NLRS_AF_INET6: u8 = consts::AF_INET6;

    // rtnetlink multicast groups

    /// rtnetlink multicast group `RTNLGRP_LINK`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_LINK: u32 = consts::rtnlgrp::LINK;
    /// rtnetlink multicast group `RTNLGRP_NOTIFY`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_NOTIFY: u32 = consts::rtnlgrp::NOTIFY;
    /// rtnetlink multicast group `RTNLGRP_NEIGH`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_NEIGH: u32 = consts::rtnlgrp::NEIGH;
    /// rtnetlink multicast group `RTNLGRP_TC`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_TC: u32 = consts::rtnlgrp::TC;
    /// rtnetlink multicast group `RTNLGRP_IPV4_IFADDR`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV4_IFADDR: u32 = consts::rtnlgrp::IPV4_IFADDR;
    /// rtnetlink multicast group `RTNLGRP_IPV4_MROUTE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV4_MROUTE: u32 = consts::rtnlgrp::IPV4_MROUTE;
    /// rtnetlink multicast group `RTNLGRP_IPV4_ROUTE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV4_ROUTE: u32 = consts::rtnlgrp::IPV4_ROUTE;
    /// rtnetlink multicast group `RTNLGRP_IPV4_RULE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV4_RULE: u32 = consts::rtnlgrp::IPV4_RULE;
    /// rtnetlink multicast group `RTNLGRP_IPV6_IFADDR`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV6_IFADDR: u32 = consts::rtnlgrp::IPV6_IFADDR;
    /// rtnetlink multicast group `RTNLGRP_IPV6_MROUTE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV6_MROUTE: u32 = consts::rtnlgrp::IPV6_MROUTE;
    /// rtnetlink multicast group `RTNLGRP_IPV6_ROUTE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV6_ROUTE: u32 = consts::rtnlgrp::IPV6_ROUTE;
    /// rtnetlink multicast group `RTNLGRP_IPV6_IFINFO`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV6_IFINFO: u32 = consts::rtnlgrp::IPV6_IFINFO;
    /// rtnetlink multicast group `RTNLGRP_NSID`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_NSID: u32 = consts::rtnlgrp::NSID;
    /// rtnetlink multicast group `RTNLGRP_IPV4_NETCONF`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV4_NETCONF: u32 = consts::rtnlgrp::IPV4_NETCONF;
    /// rtnetlink multicast group `RTNLGRP_IPV6_NETCONF`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_IPV6_NETCONF: u32 = consts::rtnlgrp::IPV6_NETCONF;
    /// rtnetlink multicast group `RTNLGRP_MPLS_ROUTE`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_MPLS_ROUTE: u32 = consts::rtnlgrp::MPLS_ROUTE;
    /// rtnetlink multicast group `RTNLGRP_NEXTHOP`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_NEXTHOP: u32 = consts::rtnlgrp::NEXTHOP;
    /// rtnetlink multicast group `RTNLGRP_BRVLAN`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_BRVLAN: u32 = consts::rtnlgrp::BRVLAN;
    /// rtnetlink multicast group `RTNLGRP_MCTP_IFADDR`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_MCTP_IFADDR: u32 = consts::rtnlgrp::MCTP_IFADDR;
    /// rtnetlink multicast group `RTNLGRP_TUNNEL`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_TUNNEL: u32 = consts::rtnlgrp::TUNNEL;
    /// rtnetlink multicast group `RTNLGRP_STATS`, for `nlrs_socket_join_group()`.
    NLRS_RTNLGRP_STATS: u32 = consts::rtnlgrp::STATS;

    // Interface flags

    /// Interface flag `IFF_UP` = `0x1`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_UP: u32 = consts::IFF_UP;
    /// Interface flag `IFF_BROADCAST` = `0x2`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_BROADCAST: u32 = consts::IFF_BROADCAST;
    /// Interface flag `IFF_LOOPBACK` = `0x8`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_LOOPBACK: u32 = consts::IFF_LOOPBACK;
    /// Interface flag `IFF_POINTOPOINT` = `0x10`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_POINTOPOINT: u32 = consts::IFF_POINTOPOINT;
    /// Interface flag `IFF_RUNNING` = `0x40`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_RUNNING: u32 = consts::IFF_RUNNING;
    /// Interface flag `IFF_NOARP` = `0x80`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_NOARP: u32 = consts::IFF_NOARP;
    /// Interface flag `IFF_PROMISC` = `0x100`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_PROMISC: u32 = consts::IFF_PROMISC;
    /// Interface flag `IFF_MULTICAST` = `0x1000`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_MULTICAST: u32 = consts::IFF_MULTICAST;
    /// Interface flag `IFF_LOWER_UP` = `0x10000`, in `nlrs_ifinfomsg.ifi_flags`.
    NLRS_IFF_LOWER_UP: u32 = consts::IFF_LOWER_UP;
    /// Interface flag `IFF_DEBUG` = `0x4`, in `nlrs_ifinfomsg.ifi_flags`: debugging on.
    NLRS_IFF_DEBUG: u32 = consts::IFF_DEBUG;
    /// Interface flag `IFF_NOTRAILERS` = `0x20`, in `nlrs_ifinfomsg.ifi_flags`: no trailers (obsolete).
    NLRS_IFF_NOTRAILERS: u32 = consts::IFF_NOTRAILERS;
    /// Interface flag `IFF_ALLMULTI` = `0x200`, in `nlrs_ifinfomsg.ifi_flags`: receives every multicast packet.
    NLRS_IFF_ALLMULTI: u32 = consts::IFF_ALLMULTI;
    /// Interface flag `IFF_MASTER` = `0x400`, in `nlrs_ifinfomsg.ifi_flags`: master of a load balancer (bonding).
    NLRS_IFF_MASTER: u32 = consts::IFF_MASTER;
    /// Interface flag `IFF_SLAVE` = `0x800`, in `nlrs_ifinfomsg.ifi_flags`: slave of a load balancer (bonding).
    NLRS_IFF_SLAVE: u32 = consts::IFF_SLAVE;
    /// Interface flag `IFF_PORTSEL` = `0x2000`, in `nlrs_ifinfomsg.ifi_flags`: can set the media type.
    NLRS_IFF_PORTSEL: u32 = consts::IFF_PORTSEL;
    /// Interface flag `IFF_AUTOMEDIA` = `0x4000`, in `nlrs_ifinfomsg.ifi_flags`: selects the media automatically.
    NLRS_IFF_AUTOMEDIA: u32 = consts::IFF_AUTOMEDIA;
    /// Interface flag `IFF_DYNAMIC` = `0x8000`, in `nlrs_ifinfomsg.ifi_flags`: addresses are lost when the interface goes down.
    NLRS_IFF_DYNAMIC: u32 = consts::IFF_DYNAMIC;
    /// Interface flag `IFF_DORMANT` = `0x20000`, in `nlrs_ifinfomsg.ifi_flags`: the driver signals dormant.
    NLRS_IFF_DORMANT: u32 = consts::IFF_DORMANT;
    /// Interface flag `IFF_ECHO` = `0x40000`, in `nlrs_ifinfomsg.ifi_flags`: echoes sent packets.
    NLRS_IFF_ECHO: u32 = consts::IFF_ECHO;

    // Device types

    /// Device type `ARPHRD_NETROM`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: NET/ROM (also what an unset type reads as).
    NLRS_ARPHRD_NETROM: u16 = consts::arphrd::NETROM;
    /// Device type `ARPHRD_ETHER`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: Ethernet (veth, bridges, macvlan, vxlan, ...).
    NLRS_ARPHRD_ETHER: u16 = consts::arphrd::ETHER;
    /// Device type `ARPHRD_INFINIBAND`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: InfiniBand.
    NLRS_ARPHRD_INFINIBAND: u16 = consts::arphrd::INFINIBAND;
    /// Device type `ARPHRD_CAN`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: Controller Area Network.
    NLRS_ARPHRD_CAN: u16 = consts::arphrd::CAN;
    /// Device type `ARPHRD_PPP`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: PPP.
    NLRS_ARPHRD_PPP: u16 = consts::arphrd::PPP;
    /// Device type `ARPHRD_TUNNEL`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IPIP tunnel.
    NLRS_ARPHRD_TUNNEL: u16 = consts::arphrd::TUNNEL;
    /// Device type `ARPHRD_TUNNEL6`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IP6IP6 tunnel.
    NLRS_ARPHRD_TUNNEL6: u16 = consts::arphrd::TUNNEL6;
    /// Device type `ARPHRD_LOOPBACK`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: loopback.
    NLRS_ARPHRD_LOOPBACK: u16 = consts::arphrd::LOOPBACK;
    /// Device type `ARPHRD_SIT`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IPv6-in-IPv4 (sit).
    NLRS_ARPHRD_SIT: u16 = consts::arphrd::SIT;
    /// Device type `ARPHRD_IPGRE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: GRE over IPv4.
    NLRS_ARPHRD_IPGRE: u16 = consts::arphrd::IPGRE;
    /// Device type `ARPHRD_IEEE80211`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IEEE 802.11.
    NLRS_ARPHRD_IEEE80211: u16 = consts::arphrd::IEEE80211;
    /// Device type `ARPHRD_IEEE80211_RADIOTAP`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: IEEE 802.11 with a radiotap header.
    NLRS_ARPHRD_IEEE80211_RADIOTAP: u16 = consts::arphrd::IEEE80211_RADIOTAP;
    /// Device type `ARPHRD_IP6GRE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: GRE over IPv6.
    NLRS_ARPHRD_IP6GRE: u16 = consts::arphrd::IP6GRE;
    /// Device type `ARPHRD_NONE`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: no link-layer header (wireguard, tun).
    NLRS_ARPHRD_NONE: u16 = consts::arphrd::NONE;
    /// Device type `ARPHRD_VOID`, in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`: nothing is known.
    NLRS_ARPHRD_VOID: u16 = consts::arphrd::VOID;

    // Link attributes

    /// Link attribute `IFLA_ADDRESS`, in `RTM_*LINK` messages.
    NLRS_IFLA_ADDRESS: u16 = consts::ifla::ADDRESS;
    /// Link attribute `IFLA_BROADCAST`, in `RTM_*LINK` messages.
    NLRS_IFLA_BROADCAST: u16 = consts::ifla::BROADCAST;
    /// Link attribute `IFLA_IFNAME`, in `RTM_*LINK` messages.
    NLRS_IFLA_IFNAME: u16 = consts::ifla::IFNAME;
    /// Link attribute `IFLA_MTU`, in `RTM_*LINK` messages.
    NLRS_IFLA_MTU: u16 = consts::ifla::MTU;
    /// Link attribute `IFLA_LINK`, in `RTM_*LINK` messages.
    NLRS_IFLA_LINK: u16 = consts::ifla::LINK;
    /// Link attribute `IFLA_QDISC`, in `RTM_*LINK` messages.
    NLRS_IFLA_QDISC: u16 = consts::ifla::QDISC;
    /// Link attribute `IFLA_STATS`, in `RTM_*LINK` messages.
    NLRS_IFLA_STATS: u16 = consts::ifla::STATS;
    /// Link attribute `IFLA_MASTER`, in `RTM_*LINK` messages.
    NLRS_IFLA_MASTER: u16 = consts::ifla::MASTER;
    /// Link attribute `IFLA_TXQLEN`, in `RTM_*LINK` messages.
    NLRS_IFLA_TXQLEN: u16 = consts::ifla::TXQLEN;
    /// Link attribute `IFLA_OPERSTATE`, in `RTM_*LINK` messages.
    NLRS_IFLA_OPERSTATE: u16 = consts::ifla::OPERSTATE;
    /// Link attribute `IFLA_LINKMODE`, in `RTM_*LINK` messages.
    NLRS_IFLA_LINKMODE: u16 = consts::ifla::LINKMODE;
    /// Link attribute `IFLA_LINKINFO`, in `RTM_*LINK` messages.
    NLRS_IFLA_LINKINFO: u16 = consts::ifla::LINKINFO;
    /// Link attribute `IFLA_NET_NS_PID`, in `RTM_*LINK` messages.
    NLRS_IFLA_NET_NS_PID: u16 = consts::ifla::NET_NS_PID;
    /// Link attribute `IFLA_IFALIAS`, in `RTM_*LINK` messages.
    NLRS_IFLA_IFALIAS: u16 = consts::ifla::IFALIAS;
    /// Link attribute `IFLA_STATS64`, in `RTM_*LINK` messages.
    NLRS_IFLA_STATS64: u16 = consts::ifla::STATS64;
    /// Link attribute `IFLA_AF_SPEC`, in `RTM_*LINK` messages.
    NLRS_IFLA_AF_SPEC: u16 = consts::ifla::AF_SPEC;
    /// Link attribute `IFLA_GROUP`, in `RTM_*LINK` messages.
    NLRS_IFLA_GROUP: u16 = consts::ifla::GROUP;
    /// Link attribute `IFLA_NET_NS_FD`, in `RTM_*LINK` messages.
    NLRS_IFLA_NET_NS_FD: u16 = consts::ifla::NET_NS_FD;
    /// Link attribute `IFLA_EXT_MASK`, in `RTM_*LINK` messages.
    NLRS_IFLA_EXT_MASK: u16 = consts::ifla::EXT_MASK;
    /// Link attribute `IFLA_PROMISCUITY`, in `RTM_*LINK` messages.
    NLRS_IFLA_PROMISCUITY: u16 = consts::ifla::PROMISCUITY;
    /// Link attribute `IFLA_NUM_TX_QUEUES`, in `RTM_*LINK` messages.
    NLRS_IFLA_NUM_TX_QUEUES: u16 = consts::ifla::NUM_TX_QUEUES;
    /// Link attribute `IFLA_NUM_RX_QUEUES`, in `RTM_*LINK` messages.
    NLRS_IFLA_NUM_RX_QUEUES: u16 = consts::ifla::NUM_RX_QUEUES;
    /// Link attribute `IFLA_CARRIER`, in `RTM_*LINK` messages.
    NLRS_IFLA_CARRIER: u16 = consts::ifla::CARRIER;
    /// Link attribute `IFLA_LINK_NETNSID`, in `RTM_*LINK` messages.
    NLRS_IFLA_LINK_NETNSID: u16 = consts::ifla::LINK_NETNSID;
    /// Link attribute `IFLA_TARGET_NETNSID`, in `RTM_*LINK` messages.
    NLRS_IFLA_TARGET_NETNSID: u16 = consts::ifla::TARGET_NETNSID;
    /// Link attribute `IFLA_MIN_MTU`, in `RTM_*LINK` messages.
    NLRS_IFLA_MIN_MTU: u16 = consts::ifla::MIN_MTU;
    /// Link attribute `IFLA_MAX_MTU`, in `RTM_*LINK` messages.
    NLRS_IFLA_MAX_MTU: u16 = consts::ifla::MAX_MTU;
    /// Link attribute `IFLA_ALT_IFNAME`, in `RTM_*LINK` messages.
    NLRS_IFLA_ALT_IFNAME: u16 = consts::ifla::ALT_IFNAME;
    /// Link attribute `IFLA_PERM_ADDRESS`, in `RTM_*LINK` messages.
    NLRS_IFLA_PERM_ADDRESS: u16 = consts::ifla::PERM_ADDRESS;
    /// Link attribute `IFLA_INFO_KIND`, nested in `IFLA_LINKINFO`.
    NLRS_IFLA_INFO_KIND: u16 = consts::ifla::INFO_KIND;
    /// Link attribute `IFLA_INFO_DATA`, nested in `IFLA_LINKINFO`.
    NLRS_IFLA_INFO_DATA: u16 = consts::ifla::INFO_DATA;
    /// Link attribute `IFLA_INFO_XSTATS`, nested in `IFLA_LINKINFO`.
    NLRS_IFLA_INFO_XSTATS: u16 = consts::ifla::INFO_XSTATS;
    /// Link attribute `IFLA_INFO_SLAVE_KIND`, nested in `IFLA_LINKINFO`.
    NLRS_IFLA_INFO_SLAVE_KIND: u16 = consts::ifla::INFO_SLAVE_KIND;
    /// Link attribute `IFLA_INFO_SLAVE_DATA`, nested in `IFLA_LINKINFO`.
    NLRS_IFLA_INFO_SLAVE_DATA: u16 = consts::ifla::INFO_SLAVE_DATA;

    // Address attributes

    /// Address attribute `IFA_ADDRESS`, in `RTM_*ADDR` messages.
    NLRS_IFA_ADDRESS: u16 = consts::ifa::ADDRESS;
    /// Address attribute `IFA_LOCAL`, in `RTM_*ADDR` messages.
    NLRS_IFA_LOCAL: u16 = consts::ifa::LOCAL;
    /// Address attribute `IFA_LABEL`, in `RTM_*ADDR` messages.
    NLRS_IFA_LABEL: u16 = consts::ifa::LABEL;
    /// Address attribute `IFA_BROADCAST`, in `RTM_*ADDR` messages.
    NLRS_IFA_BROADCAST: u16 = consts::ifa::BROADCAST;
    /// Address attribute `IFA_ANYCAST`, in `RTM_*ADDR` messages.
    NLRS_IFA_ANYCAST: u16 = consts::ifa::ANYCAST;
    /// Address attribute `IFA_CACHEINFO`, in `RTM_*ADDR` messages.
    NLRS_IFA_CACHEINFO: u16 = consts::ifa::CACHEINFO;
    /// Address attribute `IFA_MULTICAST`, in `RTM_*ADDR` messages.
    NLRS_IFA_MULTICAST: u16 = consts::ifa::MULTICAST;
    /// Address attribute `IFA_FLAGS`, in `RTM_*ADDR` messages.
    NLRS_IFA_FLAGS: u16 = consts::ifa::FLAGS;
    /// Address attribute `IFA_RT_PRIORITY`, in `RTM_*ADDR` messages.
    NLRS_IFA_RT_PRIORITY: u16 = consts::ifa::RT_PRIORITY;
    /// Address attribute `IFA_TARGET_NETNSID`, in `RTM_*ADDR` messages.
    NLRS_IFA_TARGET_NETNSID: u16 = consts::ifa::TARGET_NETNSID;
    /// Address attribute `IFA_PROTO`, in `RTM_*ADDR` messages.
    NLRS_IFA_PROTO: u16 = consts::ifa::PROTO;

    // Route attributes

    /// Route attribute `RTA_DST`, in `RTM_*ROUTE` messages.
    NLRS_RTA_DST: u16 = consts::rta::DST;
    /// Route attribute `RTA_SRC`, in `RTM_*ROUTE` messages.
    NLRS_RTA_SRC: u16 = consts::rta::SRC;
    /// Route attribute `RTA_IIF`, in `RTM_*ROUTE` messages.
    NLRS_RTA_IIF: u16 = consts::rta::IIF;
    /// Route attribute `RTA_OIF`, in `RTM_*ROUTE` messages.
    NLRS_RTA_OIF: u16 = consts::rta::OIF;
    /// Route attribute `RTA_GATEWAY`, in `RTM_*ROUTE` messages.
    NLRS_RTA_GATEWAY: u16 = consts::rta::GATEWAY;
    /// Route attribute `RTA_PRIORITY`, in `RTM_*ROUTE` messages.
    NLRS_RTA_PRIORITY: u16 = consts::rta::PRIORITY;
    /// Route attribute `RTA_PREFSRC`, in `RTM_*ROUTE` messages.
    NLRS_RTA_PREFSRC: u16 = consts::rta::PREFSRC;
    /// Route attribute `RTA_METRICS`, in `RTM_*ROUTE` messages.
    NLRS_RTA_METRICS: u16 = consts::rta::METRICS;
    /// Route attribute `RTA_MULTIPATH`, in `RTM_*ROUTE` messages.
    NLRS_RTA_MULTIPATH: u16 = consts::rta::MULTIPATH;
    /// Route attribute `RTA_FLOW`, in `RTM_*ROUTE` messages.
    NLRS_RTA_FLOW: u16 = consts::rta::FLOW;
    /// Route attribute `RTA_CACHEINFO`, in `RTM_*ROUTE` messages.
    NLRS_RTA_CACHEINFO: u16 = consts::rta::CACHEINFO;
    /// Route attribute `RTA_TABLE`, in `RTM_*ROUTE` messages.
    NLRS_RTA_TABLE: u16 = consts::rta::TABLE;
    /// Route attribute `RTA_MARK`, in `RTM_*ROUTE` messages.
    NLRS_RTA_MARK: u16 = consts::rta::MARK;
    /// Route attribute `RTA_VIA`, in `RTM_*ROUTE` messages.
    NLRS_RTA_VIA: u16 = consts::rta::VIA;
    /// Route attribute `RTA_PREF`, in `RTM_*ROUTE` messages.
    NLRS_RTA_PREF: u16 = consts::rta::PREF;
    /// Route attribute `RTA_ENCAP_TYPE`, in `RTM_*ROUTE` messages.
    NLRS_RTA_ENCAP_TYPE: u16 = consts::rta::ENCAP_TYPE;
    /// Route attribute `RTA_ENCAP`, in `RTM_*ROUTE` messages.
    NLRS_RTA_ENCAP: u16 = consts::rta::ENCAP;
    /// Route attribute `RTA_EXPIRES`, in `RTM_*ROUTE` messages.
    NLRS_RTA_EXPIRES: u16 = consts::rta::EXPIRES;
    /// Route attribute `RTA_UID`, in `RTM_*ROUTE` messages.
    NLRS_RTA_UID: u16 = consts::rta::UID;
    /// Route attribute `RTA_NH_ID`, in `RTM_*ROUTE` messages.
    NLRS_RTA_NH_ID: u16 = consts::rta::NH_ID;

    // Route metrics

    /// Route metric `RTAX_LOCK`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): which metrics are locked: bit `1 << NLRS_RTAX_*` per metric (`ip route ... lock mtu`).
    NLRS_RTAX_LOCK: u16 = consts::rtax::LOCK;
    /// Route metric `RTAX_MTU`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): path MTU.
    NLRS_RTAX_MTU: u16 = consts::rtax::MTU;
    /// Route metric `RTAX_WINDOW`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP window clamp.
    NLRS_RTAX_WINDOW: u16 = consts::rtax::WINDOW;
    /// Route metric `RTAX_RTT`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP round-trip time (ms, times 8).
    NLRS_RTAX_RTT: u16 = consts::rtax::RTT;
    /// Route metric `RTAX_RTTVAR`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP round-trip time variance (ms, times 4).
    NLRS_RTAX_RTTVAR: u16 = consts::rtax::RTTVAR;
    /// Route metric `RTAX_SSTHRESH`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP slow-start threshold.
    NLRS_RTAX_SSTHRESH: u16 = consts::rtax::SSTHRESH;
    /// Route metric `RTAX_CWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP congestion window clamp.
    NLRS_RTAX_CWND: u16 = consts::rtax::CWND;
    /// Route metric `RTAX_ADVMSS`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): advertised TCP MSS.
    NLRS_RTAX_ADVMSS: u16 = consts::rtax::ADVMSS;
    /// Route metric `RTAX_REORDERING`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP reordering.
    NLRS_RTAX_REORDERING: u16 = consts::rtax::REORDERING;
    /// Route metric `RTAX_HOPLIMIT`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): hop limit (TTL).
    NLRS_RTAX_HOPLIMIT: u16 = consts::rtax::HOPLIMIT;
    /// Route metric `RTAX_INITCWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP initial congestion window.
    NLRS_RTAX_INITCWND: u16 = consts::rtax::INITCWND;
    /// Route metric `RTAX_FEATURES`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): `NLRS_RTAX_FEATURE_*` bits.
    NLRS_RTAX_FEATURES: u16 = consts::rtax::FEATURES;
    /// Route metric `RTAX_RTO_MIN`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP minimum retransmission timeout (ms).
    NLRS_RTAX_RTO_MIN: u16 = consts::rtax::RTO_MIN;
    /// Route metric `RTAX_INITRWND`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP initial receive window.
    NLRS_RTAX_INITRWND: u16 = consts::rtax::INITRWND;
    /// Route metric `RTAX_QUICKACK`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP quick ACK, 0 or 1.
    NLRS_RTAX_QUICKACK: u16 = consts::rtax::QUICKACK;
    /// Route metric `RTAX_CC_ALGO`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP congestion control algorithm, a string (`nlrs_route_congctl()`).
    NLRS_RTAX_CC_ALGO: u16 = consts::rtax::CC_ALGO;
    /// Route metric `RTAX_FASTOPEN_NO_COOKIE`, nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`): TCP Fast Open without a cookie, 0 or 1.
    NLRS_RTAX_FASTOPEN_NO_COOKIE: u16 = consts::rtax::FASTOPEN_NO_COOKIE;
    /// Bit `RTAX_FEATURE_ECN` = `0x1` of the `NLRS_RTAX_FEATURES` metric.
    NLRS_RTAX_FEATURE_ECN: u32 = consts::rtax::FEATURE_ECN;
    /// Bit `RTAX_FEATURE_SACK` = `0x2` of the `NLRS_RTAX_FEATURES` metric.
    NLRS_RTAX_FEATURE_SACK: u32 = consts::rtax::FEATURE_SACK;
    /// Bit `RTAX_FEATURE_TIMESTAMP` = `0x4` of the `NLRS_RTAX_FEATURES` metric.
    NLRS_RTAX_FEATURE_TIMESTAMP: u32 = consts::rtax::FEATURE_TIMESTAMP;
    /// Bit `RTAX_FEATURE_ALLFRAG` = `0x8` of the `NLRS_RTAX_FEATURES` metric.
    NLRS_RTAX_FEATURE_ALLFRAG: u32 = consts::rtax::FEATURE_ALLFRAG;

    // Neighbour attributes

    /// Neighbour attribute `NDA_DST`, in `RTM_*NEIGH` messages.
    NLRS_NDA_DST: u16 = consts::nda::DST;
    /// Neighbour attribute `NDA_LLADDR`, in `RTM_*NEIGH` messages.
    NLRS_NDA_LLADDR: u16 = consts::nda::LLADDR;
    /// Neighbour attribute `NDA_CACHEINFO`, in `RTM_*NEIGH` messages.
    NLRS_NDA_CACHEINFO: u16 = consts::nda::CACHEINFO;
    /// Neighbour attribute `NDA_PROBES`, in `RTM_*NEIGH` messages.
    NLRS_NDA_PROBES: u16 = consts::nda::PROBES;
    /// Neighbour attribute `NDA_VLAN`, in `RTM_*NEIGH` messages.
    NLRS_NDA_VLAN: u16 = consts::nda::VLAN;
    /// Neighbour attribute `NDA_PORT`, in `RTM_*NEIGH` messages.
    NLRS_NDA_PORT: u16 = consts::nda::PORT;
    /// Neighbour attribute `NDA_VNI`, in `RTM_*NEIGH` messages.
    NLRS_NDA_VNI: u16 = consts::nda::VNI;
    /// Neighbour attribute `NDA_IFINDEX`, in `RTM_*NEIGH` messages.
    NLRS_NDA_IFINDEX: u16 = consts::nda::IFINDEX;
    /// Neighbour attribute `NDA_MASTER`, in `RTM_*NEIGH` messages.
    NLRS_NDA_MASTER: u16 = consts::nda::MASTER;
    /// Neighbour attribute `NDA_LINK_NETNSID`, in `RTM_*NEIGH` messages.
    NLRS_NDA_LINK_NETNSID: u16 = consts::nda::LINK_NETNSID;
    /// Neighbour attribute `NDA_PROTOCOL`, in `RTM_*NEIGH` messages.
    NLRS_NDA_PROTOCOL: u16 = consts::nda::PROTOCOL;
    /// Neighbour attribute `NDA_FLAGS_EXT`, in `RTM_*NEIGH` messages.
    NLRS_NDA_FLAGS_EXT: u16 = consts::nda::FLAGS_EXT;

    // Generic netlink controller

    /// `GENL_ID_CTRL`: the fixed family id (message type) of the generic netlink controller, which
    /// resolves every other family by name.
    NLRS_GENL_ID_CTRL: u16 = consts::genl::ID_CTRL;
    /// Controller command `CTRL_CMD_NEWFAMILY`, in `nlrs_genlmsghdr.cmd`.
    NLRS_CTRL_CMD_NEWFAMILY: u8 = consts::genl::CTRL_CMD_NEWFAMILY;
    /// Controller command `CTRL_CMD_DELFAMILY`, in `nlrs_genlmsghdr.cmd`.
    NLRS_CTRL_CMD_DELFAMILY: u8 = consts::genl::CTRL_CMD_DELFAMILY;
    /// Controller command `CTRL_CMD_GETFAMILY`, in `nlrs_genlmsghdr.cmd`.
    NLRS_CTRL_CMD_GETFAMILY: u8 = consts::genl::CTRL_CMD_GETFAMILY;
    /// Controller command `CTRL_CMD_GETPOLICY`, in `nlrs_genlmsghdr.cmd`.
    NLRS_CTRL_CMD_GETPOLICY: u8 = consts::genl::CTRL_CMD_GETPOLICY;
    /// Controller attribute `CTRL_ATTR_FAMILY_ID`.
    NLRS_CTRL_ATTR_FAMILY_ID: u16 = consts::genl::CTRL_ATTR_FAMILY_ID;
    /// Controller attribute `CTRL_ATTR_FAMILY_NAME`.
    NLRS_CTRL_ATTR_FAMILY_NAME: u16 = consts::genl::CTRL_ATTR_FAMILY_NAME;
    /// Controller attribute `CTRL_ATTR_VERSION`.
    NLRS_CTRL_ATTR_VERSION: u16 = consts::genl::CTRL_ATTR_VERSION;
    /// Controller attribute `CTRL_ATTR_HDRSIZE`.
    NLRS_CTRL_ATTR_HDRSIZE: u16 = consts::genl::CTRL_ATTR_HDRSIZE;
    /// Controller attribute `CTRL_ATTR_MAXATTR`.
    NLRS_CTRL_ATTR_MAXATTR: u16 = consts::genl::CTRL_ATTR_MAXATTR;
    /// Controller attribute `CTRL_ATTR_OPS`.
    NLRS_CTRL_ATTR_OPS: u16 = consts::genl::CTRL_ATTR_OPS;
    /// Controller attribute `CTRL_ATTR_MCAST_GROUPS`.
    NLRS_CTRL_ATTR_MCAST_GROUPS: u16 = consts::genl::CTRL_ATTR_MCAST_GROUPS;
    /// Controller attribute `CTRL_ATTR_POLICY`.
    NLRS_CTRL_ATTR_POLICY: u16 = consts::genl::CTRL_ATTR_POLICY;
    /// Controller attribute `CTRL_ATTR_OP_POLICY`.
    NLRS_CTRL_ATTR_OP_POLICY: u16 = consts::genl::CTRL_ATTR_OP_POLICY;
    /// Controller attribute `CTRL_ATTR_OP`.
    NLRS_CTRL_ATTR_OP: u16 = consts::genl::CTRL_ATTR_OP;
    /// Operation flag `GENL_ADMIN_PERM` = `0x01`, of `nlrs_genl_family_op()`: the command needs `CAP_NET_ADMIN`.
    NLRS_GENL_ADMIN_PERM: u32 = consts::genl::ADMIN_PERM;
    /// Operation flag `GENL_CMD_CAP_DO` = `0x02`, of `nlrs_genl_family_op()`: the command can be done (a request).
    NLRS_GENL_CMD_CAP_DO: u32 = consts::genl::CMD_CAP_DO;
    /// Operation flag `GENL_CMD_CAP_DUMP` = `0x04`, of `nlrs_genl_family_op()`: the command can dump.
    NLRS_GENL_CMD_CAP_DUMP: u32 = consts::genl::CMD_CAP_DUMP;
    /// Operation flag `GENL_CMD_CAP_HASPOL` = `0x08`, of `nlrs_genl_family_op()`: the command has an attribute policy.
    NLRS_GENL_CMD_CAP_HASPOL: u32 = consts::genl::CMD_CAP_HASPOL;
    /// Operation flag `GENL_UNS_ADMIN_PERM` = `0x10`, of `nlrs_genl_family_op()`: the command needs `CAP_NET_ADMIN` in the socket's user namespace.
    NLRS_GENL_UNS_ADMIN_PERM: u32 = consts::genl::UNS_ADMIN_PERM;

    // Typed requests: what a NEW request does when the object exists

    /// NEW-request mode: add only (`NLM_F_CREATE | NLM_F_EXCL`): `-EEXIST` when it exists.
    NLRS_MODE_CREATE: c_int = 0;
    /// NEW-request mode: change only (`NLM_F_REPLACE`): an error (`-ENOENT`, `-ESRCH`, ...) when
    /// it does not exist.
    NLRS_MODE_REPLACE: c_int = 1;
    /// NEW-request mode: add or change (`NLM_F_CREATE | NLM_F_REPLACE`).
    NLRS_MODE_UPSERT: c_int = 2;
    /// NEW-request mode: add another entry beside existing ones (`NLM_F_CREATE | NLM_F_APPEND`),
    /// e.g. a second route to the same prefix.
    NLRS_MODE_APPEND: c_int = 3;

    // Socket flags

    /// `nlrs_socket_open()` flag: open in non-blocking mode. Receives then return `-EAGAIN`
    /// instead of waiting; poll `nlrs_socket_fd()` for input.
    NLRS_SOCKET_NONBLOCK: u32 = 1;
    /// `nlrs_socket_open()` flag: `SOCK_DGRAM` instead of `SOCK_RAW` (netlink treats them alike).
    NLRS_SOCKET_DGRAM: u32 = 2;
    /// `nlrs_socket_open()` flag: turn every protective default off: no extended ACK
    /// (`NETLINK_EXT_ACK`), no capped ACK, no strict checking of dump requests, the system's
    /// receive buffer size instead of 1 MiB, and no request timeout. For tests and special needs.
    NLRS_SOCKET_NO_DEFAULTS: u32 = 4;

    // Monitors and their events

    /// `nlrs_monitor_new()` flag: `nlrs_monitor_next()` returns 0 when no event is queued instead
    /// of waiting for one (as `NLRS_SOCKET_NONBLOCK` does for sockets; without it a monitor
    /// blocks). `nlrs_monitor_process()` never waits either way.
    NLRS_MONITOR_NONBLOCK: u32 = 1;
    /// `nlrs_event.kind`: a link appeared or changed (`NLRS_RTM_NEWLINK`); decode `msg` with
    /// `nlrs_link_parse()` or the attribute cursors.
    NLRS_EVENT_NEWLINK: c_int = 1;
    /// `nlrs_event.kind`: a link went away (`NLRS_RTM_DELLINK`).
    NLRS_EVENT_DELLINK: c_int = 2;
    /// `nlrs_event.kind`: an address was added or changed (`NLRS_RTM_NEWADDR`).
    NLRS_EVENT_NEWADDR: c_int = 3;
    /// `nlrs_event.kind`: an address was removed (`NLRS_RTM_DELADDR`).
    NLRS_EVENT_DELADDR: c_int = 4;
    /// `nlrs_event.kind`: a route was added or changed (`NLRS_RTM_NEWROUTE`).
    NLRS_EVENT_NEWROUTE: c_int = 5;
    /// `nlrs_event.kind`: a route was removed (`NLRS_RTM_DELROUTE`).
    NLRS_EVENT_DELROUTE: c_int = 6;
    /// `nlrs_event.kind`: a neighbour entry was added or changed (`NLRS_RTM_NEWNEIGH`).
    NLRS_EVENT_NEWNEIGH: c_int = 7;
    /// `nlrs_event.kind`: a neighbour entry was removed (`NLRS_RTM_DELNEIGH`).
    NLRS_EVENT_DELNEIGH: c_int = 8;
    /// `nlrs_event.kind`: any other message (a rule, a netconf change, ...); read its type with
    /// `nlrs_rmsg_type()`.
    NLRS_EVENT_OTHER: c_int = 9;
    /// `nlrs_event.kind`: events were lost. The receive queue overflowed (the kernel's
    /// `ENOBUFS`), or a notification was larger than the receive buffer (the buffer then grows, so
    /// the next one that large fits), or a datagram's messages were not framed correctly (the
    /// rest of it is skipped). `msg` is empty. The events still queued when the loss was found
    /// predate it: the monitor discards them when it reports the overrun, so the next event is
    /// newer than the loss (applied after a fresh dump, the old ones would move state
    /// backwards). The monitor goes on; state followed through events must be read again with a
    /// dump (or use an `nlrs_mirror`, which does that itself).
    NLRS_EVENT_OVERRUN: c_int = 10;

    // Links

    /// macvlan mode (`MACVLAN_MODE_PRIVATE`): no traffic between macvlans of one parent.
    NLRS_MACVLAN_MODE_PRIVATE: u32 = consts::macvlan_mode::PRIVATE;
    /// macvlan mode (`MACVLAN_MODE_VEPA`): traffic between macvlans goes through the switch.
    NLRS_MACVLAN_MODE_VEPA: u32 = consts::macvlan_mode::VEPA;
    /// macvlan mode (`MACVLAN_MODE_BRIDGE`): macvlans of one parent talk directly.
    NLRS_MACVLAN_MODE_BRIDGE: u32 = consts::macvlan_mode::BRIDGE;
    /// macvlan mode (`MACVLAN_MODE_PASSTHRU`): one macvlan takes over the parent.
    NLRS_MACVLAN_MODE_PASSTHRU: u32 = consts::macvlan_mode::PASSTHRU;
    /// macvlan mode (`MACVLAN_MODE_SOURCE`): by source MAC address.
    NLRS_MACVLAN_MODE_SOURCE: u32 = consts::macvlan_mode::SOURCE;
    /// Operational state (`IF_OPER_UNKNOWN`), read with `nlrs_link_operstate()`.
    NLRS_IF_OPER_UNKNOWN: u8 = consts::if_oper::UNKNOWN;
    /// Operational state `IF_OPER_NOTPRESENT`.
    NLRS_IF_OPER_NOTPRESENT: u8 = consts::if_oper::NOTPRESENT;
    /// Operational state `IF_OPER_DOWN`.
    NLRS_IF_OPER_DOWN: u8 = consts::if_oper::DOWN;
    /// Operational state `IF_OPER_LOWERLAYERDOWN`.
    NLRS_IF_OPER_LOWERLAYERDOWN: u8 = consts::if_oper::LOWERLAYERDOWN;
    /// Operational state `IF_OPER_TESTING`.
    NLRS_IF_OPER_TESTING: u8 = consts::if_oper::TESTING;
    /// Operational state `IF_OPER_DORMANT`.
    NLRS_IF_OPER_DORMANT: u8 = consts::if_oper::DORMANT;
    /// Operational state `IF_OPER_UP`.
    NLRS_IF_OPER_UP: u8 = consts::if_oper::UP;

    // Addresses

    /// `IFA_F_SECONDARY`: a secondary address (IPv4), or a temporary one (IPv6).
    NLRS_IFA_F_SECONDARY: u32 = consts::ifa_f::SECONDARY;
    /// `IFA_F_TEMPORARY`: a temporary (privacy) address (IPv6); the bit of `NLRS_IFA_F_SECONDARY`.
    NLRS_IFA_F_TEMPORARY: u32 = consts::ifa_f::TEMPORARY;
    /// `IFA_F_NODAD`: no duplicate address detection (IPv6).
    NLRS_IFA_F_NODAD: u32 = consts::ifa_f::NODAD;
    /// `IFA_F_OPTIMISTIC`: optimistic duplicate address detection (IPv6).
    NLRS_IFA_F_OPTIMISTIC: u32 = consts::ifa_f::OPTIMISTIC;
    /// `IFA_F_DADFAILED`: duplicate address detection failed (IPv6).
    NLRS_IFA_F_DADFAILED: u32 = consts::ifa_f::DADFAILED;
    /// `IFA_F_HOMEADDRESS`: a mobile IPv6 home address.
    NLRS_IFA_F_HOMEADDRESS: u32 = consts::ifa_f::HOMEADDRESS;
    /// `IFA_F_DEPRECATED`: the preferred lifetime is over.
    NLRS_IFA_F_DEPRECATED: u32 = consts::ifa_f::DEPRECATED;
    /// `IFA_F_TENTATIVE`: duplicate address detection is still running (IPv6).
    NLRS_IFA_F_TENTATIVE: u32 = consts::ifa_f::TENTATIVE;
    /// `IFA_F_PERMANENT`: no lifetime.
    NLRS_IFA_F_PERMANENT: u32 = consts::ifa_f::PERMANENT;
    /// `IFA_F_MANAGETEMPADDR`: make temporary addresses from this prefix (IPv6).
    NLRS_IFA_F_MANAGETEMPADDR: u32 = consts::ifa_f::MANAGETEMPADDR;
    /// `IFA_F_NOPREFIXROUTE`: add no prefix route.
    NLRS_IFA_F_NOPREFIXROUTE: u32 = consts::ifa_f::NOPREFIXROUTE;
    /// `IFA_F_MCAUTOJOIN`: join the multicast group automatically.
    NLRS_IFA_F_MCAUTOJOIN: u32 = consts::ifa_f::MCAUTOJOIN;
    /// `IFA_F_STABLE_PRIVACY`: a stable privacy address (IPv6).
    NLRS_IFA_F_STABLE_PRIVACY: u32 = consts::ifa_f::STABLE_PRIVACY;
    /// The lifetime meaning "forever" (`INFINITY_LIFE_TIME`), in `nlrs_addr_lifetimes()` and
    /// `nlrs_addr_spec_set_lifetimes()`.
    NLRS_ADDR_LIFETIME_FOREVER: u32 = consts::INFINITY_LIFE_TIME;

    // Routes

    /// `nlrs_route_info.has`: `dst` is present.
    NLRS_ROUTE_HAS_DST: u8 = has::DST;
    /// `nlrs_route_info.has`: `src` is present.
    NLRS_ROUTE_HAS_SRC: u8 = has::SRC;
    /// `nlrs_route_info.has`: `gateway` is present.
    NLRS_ROUTE_HAS_GATEWAY: u8 = has::GATEWAY;
    /// `nlrs_route_info.has`: `prefsrc` is present.
    NLRS_ROUTE_HAS_PREFSRC: u8 = has::PREFSRC;
    /// `nlrs_route_info.has`: `oif` is present.
    NLRS_ROUTE_HAS_OIF: u8 = has::OIF;
    /// `nlrs_route_info.has`: `iif` is present.
    NLRS_ROUTE_HAS_IIF: u8 = has::IIF;
    /// `nlrs_route_info.has`: `priority` is present.
    NLRS_ROUTE_HAS_PRIORITY: u8 = has::PRIORITY;
    /// Route type `RTN_UNSPEC`: in a filter or a delete, any type.
    NLRS_RTN_UNSPEC: u8 = consts::rtn::UNSPEC;
    /// Route type `RTN_UNICAST`: a gateway or direct route.
    NLRS_RTN_UNICAST: u8 = consts::rtn::UNICAST;
    /// Route type `RTN_LOCAL`: a local interface address.
    NLRS_RTN_LOCAL: u8 = consts::rtn::LOCAL;
    /// Route type `RTN_BROADCAST`: accept locally as broadcast, send as broadcast.
    NLRS_RTN_BROADCAST: u8 = consts::rtn::BROADCAST;
    /// Route type `RTN_ANYCAST`: accept locally as broadcast, send as unicast.
    NLRS_RTN_ANYCAST: u8 = consts::rtn::ANYCAST;
    /// Route type `RTN_MULTICAST`: a multicast route.
    NLRS_RTN_MULTICAST: u8 = consts::rtn::MULTICAST;
    /// Route type `RTN_BLACKHOLE`: drop silently.
    NLRS_RTN_BLACKHOLE: u8 = consts::rtn::BLACKHOLE;
    /// Route type `RTN_UNREACHABLE`: the destination is unreachable.
    NLRS_RTN_UNREACHABLE: u8 = consts::rtn::UNREACHABLE;
    /// Route type `RTN_PROHIBIT`: administratively prohibited.
    NLRS_RTN_PROHIBIT: u8 = consts::rtn::PROHIBIT;
    /// Route type `RTN_THROW`: go on with the lookup in another table.
    NLRS_RTN_THROW: u8 = consts::rtn::THROW;
    /// Route type `RTN_NAT`: translate the address (no longer used by the kernel).
    NLRS_RTN_NAT: u8 = consts::rtn::NAT;
    /// Route type `RTN_XRESOLVE`: use an external resolver (no longer used by the kernel).
    NLRS_RTN_XRESOLVE: u8 = consts::rtn::XRESOLVE;
    /// Route origin `RTPROT_UNSPEC`: unknown; in a filter, any.
    NLRS_RTPROT_UNSPEC: u8 = consts::rtprot::UNSPEC;
    /// Route origin `RTPROT_REDIRECT`: installed by an ICMP redirect (no longer used).
    NLRS_RTPROT_REDIRECT: u8 = consts::rtprot::REDIRECT;
    /// Route origin `RTPROT_KERNEL`: installed by the kernel.
    NLRS_RTPROT_KERNEL: u8 = consts::rtprot::KERNEL;
    /// Route origin `RTPROT_BOOT`: installed during boot; iproute2's and nlrs's default.
    NLRS_RTPROT_BOOT: u8 = consts::rtprot::BOOT;
    /// Route origin `RTPROT_STATIC`: installed by the administrator.
    NLRS_RTPROT_STATIC: u8 = consts::rtprot::STATIC;
    /// Route origin `RTPROT_GATED`: GateD.
    NLRS_RTPROT_GATED: u8 = consts::rtprot::GATED;
    /// Route origin `RTPROT_RA`: router advertisements (RDISC, ND).
    NLRS_RTPROT_RA: u8 = consts::rtprot::RA;
    /// Route origin `RTPROT_MRT`: Merit MRT.
    NLRS_RTPROT_MRT: u8 = consts::rtprot::MRT;
    /// Route origin `RTPROT_ZEBRA`: Zebra.
    NLRS_RTPROT_ZEBRA: u8 = consts::rtprot::ZEBRA;
    /// Route origin `RTPROT_BIRD`: BIRD.
    NLRS_RTPROT_BIRD: u8 = consts::rtprot::BIRD;
    /// Route origin `RTPROT_DNROUTED`: the DECnet routing daemon.
    NLRS_RTPROT_DNROUTED: u8 = consts::rtprot::DNROUTED;
    /// Route origin `RTPROT_XORP`: XORP.
    NLRS_RTPROT_XORP: u8 = consts::rtprot::XORP;
    /// Route origin `RTPROT_NTK`: Netsukuku.
    NLRS_RTPROT_NTK: u8 = consts::rtprot::NTK;
    /// Route origin `RTPROT_DHCP`: a DHCP client.
    NLRS_RTPROT_DHCP: u8 = consts::rtprot::DHCP;
    /// Route origin `RTPROT_MROUTED`: the multicast daemon.
    NLRS_RTPROT_MROUTED: u8 = consts::rtprot::MROUTED;
    /// Route origin `RTPROT_KEEPALIVED`: Keepalived.
    NLRS_RTPROT_KEEPALIVED: u8 = consts::rtprot::KEEPALIVED;
    /// Route origin `RTPROT_BABEL`: Babel.
    NLRS_RTPROT_BABEL: u8 = consts::rtprot::BABEL;
    /// Route origin `RTPROT_OPENR`: Open/R.
    NLRS_RTPROT_OPENR: u8 = consts::rtprot::OPENR;
    /// Route origin `RTPROT_BGP`: BGP.
    NLRS_RTPROT_BGP: u8 = consts::rtprot::BGP;
    /// Route origin `RTPROT_ISIS`: IS-IS.
    NLRS_RTPROT_ISIS: u8 = consts::rtprot::ISIS;
    /// Route origin `RTPROT_OSPF`: OSPF.
    NLRS_RTPROT_OSPF: u8 = consts::rtprot::OSPF;
    /// Route origin `RTPROT_RIP`: RIP.
    NLRS_RTPROT_RIP: u8 = consts::rtprot::RIP;
    /// Route origin `RTPROT_EIGRP`: EIGRP.
    NLRS_RTPROT_EIGRP: u8 = consts::rtprot::EIGRP;
    /// Scope `RT_SCOPE_UNIVERSE` ("global"): everywhere.
    NLRS_RT_SCOPE_UNIVERSE: u8 = consts::rt_scope::UNIVERSE;
    /// Scope `RT_SCOPE_SITE`: interior.
    NLRS_RT_SCOPE_SITE: u8 = consts::rt_scope::SITE;
    /// Scope `RT_SCOPE_LINK`: on this link.
    NLRS_RT_SCOPE_LINK: u8 = consts::rt_scope::LINK;
    /// Scope `RT_SCOPE_HOST`: on this host.
    NLRS_RT_SCOPE_HOST: u8 = consts::rt_scope::HOST;
    /// Scope `RT_SCOPE_NOWHERE`: nowhere; in a delete, any scope.
    NLRS_RT_SCOPE_NOWHERE: u8 = consts::rt_scope::NOWHERE;
    /// Table `RT_TABLE_UNSPEC`: in a filter, all tables.
    NLRS_RT_TABLE_UNSPEC: u32 = consts::rt_table::UNSPEC;
    /// Table `RT_TABLE_COMPAT`: what `nlrs_route_rtm_table()` (the 8-bit `rtm_table`) reads for a
    /// table id above 255.
    NLRS_RT_TABLE_COMPAT: u32 = consts::rt_table::COMPAT;
    /// Table `RT_TABLE_DEFAULT` ("default").
    NLRS_RT_TABLE_DEFAULT: u32 = consts::rt_table::DEFAULT;
    /// Table `RT_TABLE_MAIN` ("main"): where routes go by default.
    NLRS_RT_TABLE_MAIN: u32 = consts::rt_table::MAIN;
    /// Table `RT_TABLE_LOCAL` ("local"): local and broadcast addresses.
    NLRS_RT_TABLE_LOCAL: u32 = consts::rt_table::LOCAL;
    /// Route flag `RTM_F_NOTIFY`: notify the user of route changes.
    NLRS_RTM_F_NOTIFY: u32 = consts::rtm_f::NOTIFY;
    /// Route flag `RTM_F_CLONED`: a cached clone (an answer of `nlrs_route_get()` for IPv4);
    /// iproute2 prints no `protocol` and `scope` for it.
    NLRS_RTM_F_CLONED: u32 = consts::rtm_f::CLONED;
    /// Route flag `RTM_F_LOOKUP_TABLE`: the answer of a lookup names the table it came from.
    NLRS_RTM_F_LOOKUP_TABLE: u32 = consts::rtm_f::LOOKUP_TABLE;
    /// Route flag `RTM_F_FIB_MATCH`: the answer of a lookup is the matching route itself.
    NLRS_RTM_F_FIB_MATCH: u32 = consts::rtm_f::FIB_MATCH;
    /// Route flag `RTM_F_EQUALIZE`: multipath equalizer (not implemented by the kernel).
    NLRS_RTM_F_EQUALIZE: u32 = consts::rtm_f::EQUALIZE;
    /// Route flag `RTM_F_PREFIX`: a prefix route of an address (IPv6).
    NLRS_RTM_F_PREFIX: u32 = consts::rtm_f::PREFIX;
    /// Route flag `RTM_F_OFFLOAD`: the route is offloaded to hardware.
    NLRS_RTM_F_OFFLOAD: u32 = consts::rtm_f::OFFLOAD;
    /// Route flag `RTM_F_TRAP`: the route traps packets to the CPU.
    NLRS_RTM_F_TRAP: u32 = consts::rtm_f::TRAP;
    /// Route flag `RTM_F_OFFLOAD_FAILED`: offloading the route failed.
    NLRS_RTM_F_OFFLOAD_FAILED: u32 = consts::rtm_f::OFFLOAD_FAILED;
    /// Next-hop flag `RTNH_F_DEAD`: the path is dead.
    NLRS_RTNH_F_DEAD: u8 = consts::rtnh_f::DEAD;
    /// Next-hop flag `RTNH_F_PERVASIVE`: recursive gateway lookup.
    NLRS_RTNH_F_PERVASIVE: u8 = consts::rtnh_f::PERVASIVE;
    /// Next-hop flag `RTNH_F_ONLINK`: the gateway is on the link even without a matching prefix.
    NLRS_RTNH_F_ONLINK: u8 = consts::rtnh_f::ONLINK;
    /// Next-hop flag `RTNH_F_OFFLOAD`: offloaded to hardware.
    NLRS_RTNH_F_OFFLOAD: u8 = consts::rtnh_f::OFFLOAD;
    /// Next-hop flag `RTNH_F_LINKDOWN`: the carrier of the output interface is down.
    NLRS_RTNH_F_LINKDOWN: u8 = consts::rtnh_f::LINKDOWN;
    /// Next-hop flag `RTNH_F_UNRESOLVED`: the gateway is unresolved.
    NLRS_RTNH_F_UNRESOLVED: u8 = consts::rtnh_f::UNRESOLVED;
    /// Next-hop flag `RTNH_F_TRAP`: the path traps packets to the CPU.
    NLRS_RTNH_F_TRAP: u8 = consts::rtnh_f::TRAP;

    // Neighbours

    /// Neighbour state `NUD_NONE`: no state (an entry being created or removed).
    NLRS_NUD_NONE: u16 = consts::nud::NONE;
    /// Neighbour state `NUD_INCOMPLETE`: resolution in progress.
    NLRS_NUD_INCOMPLETE: u16 = consts::nud::INCOMPLETE;
    /// Neighbour state `NUD_REACHABLE`: confirmed reachable.
    NLRS_NUD_REACHABLE: u16 = consts::nud::REACHABLE;
    /// Neighbour state `NUD_STALE`: reachability unconfirmed.
    NLRS_NUD_STALE: u16 = consts::nud::STALE;
    /// Neighbour state `NUD_DELAY`: waiting before probing.
    NLRS_NUD_DELAY: u16 = consts::nud::DELAY;
    /// Neighbour state `NUD_PROBE`: probing.
    NLRS_NUD_PROBE: u16 = consts::nud::PROBE;
    /// Neighbour state `NUD_FAILED`: resolution failed.
    NLRS_NUD_FAILED: u16 = consts::nud::FAILED;
    /// Neighbour state `NUD_NOARP`: no resolution needed.
    NLRS_NUD_NOARP: u16 = consts::nud::NOARP;
    /// Neighbour state `NUD_PERMANENT`: set by the administrator, never expires.
    NLRS_NUD_PERMANENT: u16 = consts::nud::PERMANENT;
    /// Neighbour flag `NTF_USE`.
    NLRS_NTF_USE: u8 = consts::ntf::USE;
    /// Neighbour flag `NTF_SELF`: a bridge device's own entry.
    NLRS_NTF_SELF: u8 = consts::ntf::SELF;
    /// Neighbour flag `NTF_MASTER`: an entry of the bridge master.
    NLRS_NTF_MASTER: u8 = consts::ntf::MASTER;
    /// Neighbour flag `NTF_PROXY`: a proxy ARP/NDP entry.
    NLRS_NTF_PROXY: u8 = consts::ntf::PROXY;
    /// Neighbour flag `NTF_EXT_LEARNED`: learned by an external agent.
    NLRS_NTF_EXT_LEARNED: u8 = consts::ntf::EXT_LEARNED;
    /// Neighbour flag `NTF_OFFLOADED`: offloaded to hardware.
    NLRS_NTF_OFFLOADED: u8 = consts::ntf::OFFLOADED;
    /// Neighbour flag `NTF_STICKY`: a bridge entry that does not move.
    NLRS_NTF_STICKY: u8 = consts::ntf::STICKY;
    /// Neighbour flag `NTF_ROUTER`: the neighbour is an IPv6 router.
    NLRS_NTF_ROUTER: u8 = consts::ntf::ROUTER;

    // Mirrors

    /// `nlrs_mirror_start()` selection bit: mirror links.
    NLRS_MIRROR_LINKS: u32 = 1;
    /// `nlrs_mirror_start()` selection bit: mirror IPv4 and IPv6 addresses.
    NLRS_MIRROR_ADDRS: u32 = 2;
    /// `nlrs_mirror_start()` selection bit: mirror IPv4 and IPv6 routes of every table (not the
    /// route cache).
    NLRS_MIRROR_ROUTES: u32 = 4;
    /// `nlrs_mirror_start()` selection bit: mirror neighbour entries.
    NLRS_MIRROR_NEIGHS: u32 = 8;
    /// `nlrs_mirror_cb` change: the object appeared.
    NLRS_CHANGE_ADD: c_int = 1;
    /// `nlrs_mirror_cb` change: the object is still there, with other values (the object passed
    /// is its new state).
    NLRS_CHANGE_CHANGE: c_int = 2;
    /// `nlrs_mirror_cb` change: the object went away (the object passed is its last known
    /// state).
    NLRS_CHANGE_REMOVE: c_int = 3;
    /// `nlrs_mirror_cb` change: the mirror re-dumped, because events were lost (the kernel's
    /// `ENOBUFS`, a notification larger than the receive buffer), or an event could not be
    /// applied (it did not decode, or did not say which object it changed: an IPv6 multipath
    /// route losing one path, a route replacing one of several candidates), or, when routes are
    /// mirrored, a link went up or down, gained or lost its carrier, went away or lost its last
    /// IPv4 address, or a nexthop
    /// object was deleted or replaced (the kernel then changes routes without telling), or
    /// `nlrs_mirror_resync()` asked. Every difference was reported before this, so the mirror
    /// equals the kernel again. The object is NULL.
    NLRS_CHANGE_RESYNC: c_int = 4;
    /// `nlrs_object_kind()`: a link (`nlrs_object_link()`).
    NLRS_OBJECT_LINK: c_int = 1;
    /// `nlrs_object_kind()`: an address (`nlrs_object_addr()`).
    NLRS_OBJECT_ADDR: c_int = 2;
    /// `nlrs_object_kind()`: a route (`nlrs_object_route()`).
    NLRS_OBJECT_ROUTE: c_int = 3;
    /// `nlrs_object_kind()`: a neighbour entry (`nlrs_object_neigh()`).
    NLRS_OBJECT_NEIGH: c_int = 4;

    // Families

    /// `nlrs_family_op()` result bit: the operation has a do request.
    NLRS_FAMILY_OP_DO: c_int = 1;
    /// `nlrs_family_op()` result bit: the operation has a dump request.
    NLRS_FAMILY_OP_DUMP: c_int = 2;
}
