//! Netlink constants, defined here rather than taken from the build host's uapi headers, which
//! are older than the kernels nlrs talks to. Values follow the kernel's uapi headers and its
//! YAML specs (Documentation/netlink/specs).
#![allow(missing_docs)]

/// Netlink protocol numbers, the third argument of `socket(AF_NETLINK, type, protocol)`.
pub mod proto {
    pub const ROUTE: i32 = 0;
    pub const USERSOCK: i32 = 2;
    pub const FIREWALL: i32 = 3;
    pub const SOCK_DIAG: i32 = 4;
    pub const NFLOG: i32 = 5;
    pub const XFRM: i32 = 6;
    pub const SELINUX: i32 = 7;
    pub const ISCSI: i32 = 8;
    pub const AUDIT: i32 = 9;
    pub const FIB_LOOKUP: i32 = 10;
    pub const CONNECTOR: i32 = 11;
    pub const NETFILTER: i32 = 12;
    pub const KOBJECT_UEVENT: i32 = 15;
    pub const GENERIC: i32 = 16;
    pub const SCSITRANSPORT: i32 = 18;
    pub const ECRYPTFS: i32 = 19;
    pub const RDMA: i32 = 20;
    pub const CRYPTO: i32 = 21;
    pub const SMC: i32 = 22;
}

/// Control message types shared by every protocol.
pub const NLMSG_NOOP: u16 = 1;
pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLMSG_OVERRUN: u16 = 4;
/// Types below this are control messages; family messages start here.
pub const NLMSG_MIN_TYPE: u16 = 0x10;
/// The largest errno Linux has (`MAX_ERRNO`): `NLMSG_ERROR` and `NLMSG_DONE` carry 0 or a
/// negative errno down to `-MAX_ERRNO`, nothing else.
pub const MAX_ERRNO: i32 = 4095;

/// `nlmsg_flags`, standard bits.
pub const NLM_F_REQUEST: u16 = 0x01;
pub const NLM_F_MULTI: u16 = 0x02;
pub const NLM_F_ACK: u16 = 0x04;
pub const NLM_F_ECHO: u16 = 0x08;
pub const NLM_F_DUMP_INTR: u16 = 0x10;
pub const NLM_F_DUMP_FILTERED: u16 = 0x20;
/// Modifiers to GET requests.
pub const NLM_F_ROOT: u16 = 0x100;
pub const NLM_F_MATCH: u16 = 0x200;
pub const NLM_F_ATOMIC: u16 = 0x400;
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;
/// Modifiers to NEW requests.
pub const NLM_F_REPLACE: u16 = 0x100;
pub const NLM_F_EXCL: u16 = 0x200;
pub const NLM_F_CREATE: u16 = 0x400;
pub const NLM_F_APPEND: u16 = 0x800;
/// Modifiers to DELETE requests.
pub const NLM_F_NONREC: u16 = 0x100;
pub const NLM_F_BULK: u16 = 0x200;
/// Flags of ACK messages (`NLMSG_ERROR`).
pub const NLM_F_CAPPED: u16 = 0x100;
pub const NLM_F_ACK_TLVS: u16 = 0x200;

/// Attribute type flags and mask.
pub const NLA_F_NESTED: u16 = 0x8000;
pub const NLA_F_NET_BYTEORDER: u16 = 0x4000;
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
pub const NLA_HDRLEN: usize = 4;
pub const NLMSG_HDRLEN: usize = 16;

/// Extended-ACK attributes (`enum nlmsgerr_attrs`).
pub const NLMSGERR_ATTR_MSG: u16 = 1;
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
pub const NLMSGERR_ATTR_COOKIE: u16 = 3;
pub const NLMSGERR_ATTR_POLICY: u16 = 4;
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;
pub const NLMSGERR_ATTR_MISS_NEST: u16 = 6;

/// Socket options at level `SOL_NETLINK`.
pub const SOL_NETLINK: i32 = 270;
pub const NETLINK_ADD_MEMBERSHIP: i32 = 1;
pub const NETLINK_DROP_MEMBERSHIP: i32 = 2;
pub const NETLINK_PKTINFO: i32 = 3;
pub const NETLINK_BROADCAST_ERROR: i32 = 4;
pub const NETLINK_NO_ENOBUFS: i32 = 5;
pub const NETLINK_LISTEN_ALL_NSID: i32 = 8;
pub const NETLINK_LIST_MEMBERSHIPS: i32 = 9;
pub const NETLINK_CAP_ACK: i32 = 10;
pub const NETLINK_EXT_ACK: i32 = 11;
pub const NETLINK_GET_STRICT_CHK: i32 = 12;

/// rtnetlink message types.
pub const RTM_NEWLINK: u16 = 16;
pub const RTM_DELLINK: u16 = 17;
pub const RTM_GETLINK: u16 = 18;
pub const RTM_SETLINK: u16 = 19;
pub const RTM_NEWADDR: u16 = 20;
pub const RTM_DELADDR: u16 = 21;
pub const RTM_GETADDR: u16 = 22;
pub const RTM_NEWROUTE: u16 = 24;
pub const RTM_DELROUTE: u16 = 25;
pub const RTM_GETROUTE: u16 = 26;
pub const RTM_NEWNEIGH: u16 = 28;
pub const RTM_DELNEIGH: u16 = 29;
pub const RTM_GETNEIGH: u16 = 30;
pub const RTM_NEWLINKPROP: u16 = 108;
pub const RTM_DELLINKPROP: u16 = 109;

/// Address families used in family headers.
pub const AF_UNSPEC: u8 = 0;
pub const AF_INET: u8 = 2;
pub const AF_BRIDGE: u8 = 7;
pub const AF_INET6: u8 = 10;

/// rtnetlink multicast groups (`enum rtnetlink_groups`), for `NETLINK_ADD_MEMBERSHIP`.
pub mod rtnlgrp {
    pub const LINK: u32 = 1;
    pub const NOTIFY: u32 = 2;
    pub const NEIGH: u32 = 3;
    pub const TC: u32 = 4;
    pub const IPV4_IFADDR: u32 = 5;
    pub const IPV4_MROUTE: u32 = 6;
    pub const IPV4_ROUTE: u32 = 7;
    pub const IPV4_RULE: u32 = 8;
    pub const IPV6_IFADDR: u32 = 9;
    pub const IPV6_MROUTE: u32 = 10;
    pub const IPV6_ROUTE: u32 = 11;
    pub const IPV6_IFINFO: u32 = 12;
    pub const NSID: u32 = 28;
    pub const IPV4_NETCONF: u32 = 24;
    pub const IPV6_NETCONF: u32 = 25;
    pub const MPLS_ROUTE: u32 = 27;
    pub const NEXTHOP: u32 = 32;
    pub const BRVLAN: u32 = 33;
    pub const MCTP_IFADDR: u32 = 34;
    pub const TUNNEL: u32 = 35;
    pub const STATS: u32 = 36;
}

/// `IFF_*` interface flags (`ifi_flags`).
pub const IFF_UP: u32 = 0x1;
pub const IFF_BROADCAST: u32 = 0x2;
pub const IFF_LOOPBACK: u32 = 0x8;
pub const IFF_POINTOPOINT: u32 = 0x10;
pub const IFF_RUNNING: u32 = 0x40;
pub const IFF_NOARP: u32 = 0x80;
pub const IFF_PROMISC: u32 = 0x100;
pub const IFF_MULTICAST: u32 = 0x1000;
pub const IFF_LOWER_UP: u32 = 0x10000;
pub const IFF_DEBUG: u32 = 0x4;
pub const IFF_NOTRAILERS: u32 = 0x20;
pub const IFF_ALLMULTI: u32 = 0x200;
pub const IFF_MASTER: u32 = 0x400;
pub const IFF_SLAVE: u32 = 0x800;
pub const IFF_PORTSEL: u32 = 0x2000;
pub const IFF_AUTOMEDIA: u32 = 0x4000;
pub const IFF_DYNAMIC: u32 = 0x8000;
pub const IFF_DORMANT: u32 = 0x20000;
pub const IFF_ECHO: u32 = 0x40000;

/// Device types (`ARPHRD_*`, `ifi_type`), the common ones.
pub mod arphrd {
    pub const NETROM: u16 = 0;
    pub const ETHER: u16 = 1;
    pub const INFINIBAND: u16 = 32;
    pub const CAN: u16 = 280;
    pub const PPP: u16 = 512;
    pub const TUNNEL: u16 = 768;
    pub const TUNNEL6: u16 = 769;
    pub const LOOPBACK: u16 = 772;
    pub const SIT: u16 = 776;
    pub const IPGRE: u16 = 778;
    pub const IEEE80211: u16 = 801;
    pub const IEEE80211_RADIOTAP: u16 = 803;
    pub const IP6GRE: u16 = 823;
    pub const NONE: u16 = 0xfffe;
    pub const VOID: u16 = 0xffff;
}

/// Link attributes (`IFLA_*`).
pub mod ifla {
    pub const ADDRESS: u16 = 1;
    pub const BROADCAST: u16 = 2;
    pub const IFNAME: u16 = 3;
    pub const MTU: u16 = 4;
    pub const LINK: u16 = 5;
    pub const QDISC: u16 = 6;
    pub const STATS: u16 = 7;
    pub const MASTER: u16 = 10;
    pub const TXQLEN: u16 = 13;
    pub const OPERSTATE: u16 = 16;
    pub const LINKMODE: u16 = 17;
    pub const LINKINFO: u16 = 18;
    pub const NET_NS_PID: u16 = 19;
    pub const IFALIAS: u16 = 20;
    pub const STATS64: u16 = 23;
    pub const AF_SPEC: u16 = 26;
    pub const GROUP: u16 = 27;
    pub const NET_NS_FD: u16 = 28;
    pub const EXT_MASK: u16 = 29;
    pub const PROMISCUITY: u16 = 30;
    pub const NUM_TX_QUEUES: u16 = 31;
    pub const NUM_RX_QUEUES: u16 = 32;
    pub const CARRIER: u16 = 33;
    pub const LINK_NETNSID: u16 = 37;
    pub const TARGET_NETNSID: u16 = 46;
    pub const MIN_MTU: u16 = 50;
    pub const MAX_MTU: u16 = 51;
    pub const PROP_LIST: u16 = 52;
    pub const ALT_IFNAME: u16 = 53;
    pub const PERM_ADDRESS: u16 = 54;

    /// Inside `IFLA_LINKINFO`.
    pub const INFO_KIND: u16 = 1;
    pub const INFO_DATA: u16 = 2;
    pub const INFO_XSTATS: u16 = 3;
    pub const INFO_SLAVE_KIND: u16 = 4;
    pub const INFO_SLAVE_DATA: u16 = 5;
}

/// Address attributes (`IFA_*`).
pub mod ifa {
    pub const ADDRESS: u16 = 1;
    pub const LOCAL: u16 = 2;
    pub const LABEL: u16 = 3;
    pub const BROADCAST: u16 = 4;
    pub const ANYCAST: u16 = 5;
    pub const CACHEINFO: u16 = 6;
    pub const MULTICAST: u16 = 7;
    pub const FLAGS: u16 = 8;
    pub const RT_PRIORITY: u16 = 9;
    pub const TARGET_NETNSID: u16 = 10;
    pub const PROTO: u16 = 11;
}

/// Route attributes (`RTA_*`).
pub mod rta {
    pub const DST: u16 = 1;
    pub const SRC: u16 = 2;
    pub const IIF: u16 = 3;
    pub const OIF: u16 = 4;
    pub const GATEWAY: u16 = 5;
    pub const PRIORITY: u16 = 6;
    pub const PREFSRC: u16 = 7;
    pub const METRICS: u16 = 8;
    pub const MULTIPATH: u16 = 9;
    pub const FLOW: u16 = 11;
    pub const CACHEINFO: u16 = 12;
    pub const TABLE: u16 = 15;
    pub const MARK: u16 = 16;
    pub const VIA: u16 = 18;
    pub const PREF: u16 = 20;
    pub const ENCAP_TYPE: u16 = 21;
    pub const ENCAP: u16 = 22;
    pub const EXPIRES: u16 = 23;
    pub const UID: u16 = 25;
    pub const NH_ID: u16 = 30;
}

/// Route metrics (`RTAX_*`), the attributes nested in `RTA_METRICS`: each a `u32` but
/// `CC_ALGO`, a NUL-terminated string.
pub mod rtax {
    pub const LOCK: u16 = 1;
    pub const MTU: u16 = 2;
    pub const WINDOW: u16 = 3;
    pub const RTT: u16 = 4;
    pub const RTTVAR: u16 = 5;
    pub const SSTHRESH: u16 = 6;
    pub const CWND: u16 = 7;
    pub const ADVMSS: u16 = 8;
    pub const REORDERING: u16 = 9;
    pub const HOPLIMIT: u16 = 10;
    pub const INITCWND: u16 = 11;
    pub const FEATURES: u16 = 12;
    pub const RTO_MIN: u16 = 13;
    pub const INITRWND: u16 = 14;
    pub const QUICKACK: u16 = 15;
    pub const CC_ALGO: u16 = 16;
    pub const FASTOPEN_NO_COOKIE: u16 = 17;
    /// The highest metric the kernel's uapi (6.1) names.
    pub const MAX: u16 = FASTOPEN_NO_COOKIE;

    /// Bits of the `FEATURES` metric.
    pub const FEATURE_ECN: u32 = 0x1;
    pub const FEATURE_SACK: u32 = 0x2;
    pub const FEATURE_TIMESTAMP: u32 = 0x4;
    pub const FEATURE_ALLFRAG: u32 = 0x8;
}

/// Neighbour attributes (`NDA_*`).
pub mod nda {
    pub const DST: u16 = 1;
    pub const LLADDR: u16 = 2;
    pub const CACHEINFO: u16 = 3;
    pub const PROBES: u16 = 4;
    pub const VLAN: u16 = 5;
    pub const PORT: u16 = 6;
    pub const VNI: u16 = 7;
    pub const IFINDEX: u16 = 8;
    pub const MASTER: u16 = 9;
    pub const LINK_NETNSID: u16 = 10;
    pub const PROTOCOL: u16 = 12;
    pub const FLAGS_EXT: u16 = 15;
}

/// Generic netlink controller.
pub mod genl {
    pub const ID_CTRL: u16 = 0x10;
    pub const CTRL_CMD_NEWFAMILY: u8 = 1;
    pub const CTRL_CMD_DELFAMILY: u8 = 2;
    pub const CTRL_CMD_GETFAMILY: u8 = 3;
    pub const CTRL_CMD_GETPOLICY: u8 = 10;
    pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
    pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
    pub const CTRL_ATTR_VERSION: u16 = 3;
    pub const CTRL_ATTR_HDRSIZE: u16 = 4;
    pub const CTRL_ATTR_MAXATTR: u16 = 5;
    pub const CTRL_ATTR_OPS: u16 = 6;
    pub const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
    pub const CTRL_ATTR_POLICY: u16 = 8;
    pub const CTRL_ATTR_OP_POLICY: u16 = 9;
    pub const CTRL_ATTR_OP: u16 = 10;

    /// Version of the controller's own protocol, carried in `genlmsghdr.version` of requests
    /// to it (genetlink.c registers `genl_ctrl` with version 2).
    pub const CTRL_VERSION: u8 = 2;

    /// Notifications of the controller's "notify" group, besides NEWFAMILY and DELFAMILY.
    pub const CTRL_CMD_NEWMCAST_GRP: u8 = 7;
    pub const CTRL_CMD_DELMCAST_GRP: u8 = 8;

    /// Inside each entry of `CTRL_ATTR_OPS`.
    pub const CTRL_ATTR_OP_ID: u16 = 1;
    pub const CTRL_ATTR_OP_FLAGS: u16 = 2;

    /// Inside each entry of `CTRL_ATTR_MCAST_GROUPS`.
    pub const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
    pub const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;

    /// Inside each per-command entry of `CTRL_ATTR_OP_POLICY`: the policy index used by the
    /// command's do and dump handlers.
    pub const CTRL_ATTR_POLICY_DO: u16 = 1;
    pub const CTRL_ATTR_POLICY_DUMP: u16 = 2;

    /// Operation flags (`CTRL_ATTR_OP_FLAGS`).
    pub const ADMIN_PERM: u32 = 0x01;
    pub const CMD_CAP_DO: u32 = 0x02;
    pub const CMD_CAP_DUMP: u32 = 0x04;
    pub const CMD_CAP_HASPOL: u32 = 0x08;
    pub const UNS_ADMIN_PERM: u32 = 0x10;

    /// Properties of one attribute in a policy dump (`enum netlink_policy_type_attr`).
    pub const NL_POLICY_TYPE_ATTR_TYPE: u16 = 1;
    pub const NL_POLICY_TYPE_ATTR_MIN_VALUE_S: u16 = 2;
    pub const NL_POLICY_TYPE_ATTR_MAX_VALUE_S: u16 = 3;
    pub const NL_POLICY_TYPE_ATTR_MIN_VALUE_U: u16 = 4;
    pub const NL_POLICY_TYPE_ATTR_MAX_VALUE_U: u16 = 5;
    pub const NL_POLICY_TYPE_ATTR_MIN_LENGTH: u16 = 6;
    pub const NL_POLICY_TYPE_ATTR_MAX_LENGTH: u16 = 7;
    pub const NL_POLICY_TYPE_ATTR_POLICY_IDX: u16 = 8;
    pub const NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE: u16 = 9;
    pub const NL_POLICY_TYPE_ATTR_BITFIELD32_MASK: u16 = 10;
    pub const NL_POLICY_TYPE_ATTR_PAD: u16 = 11;
    pub const NL_POLICY_TYPE_ATTR_MASK: u16 = 12;

    /// Attribute types a policy can declare (`enum netlink_attribute_type`). SINT and UINT
    /// came with Linux 6.7, after the build host's headers.
    pub const NL_ATTR_TYPE_INVALID: u32 = 0;
    pub const NL_ATTR_TYPE_FLAG: u32 = 1;
    pub const NL_ATTR_TYPE_U8: u32 = 2;
    pub const NL_ATTR_TYPE_U16: u32 = 3;
    pub const NL_ATTR_TYPE_U32: u32 = 4;
    pub const NL_ATTR_TYPE_U64: u32 = 5;
    pub const NL_ATTR_TYPE_S8: u32 = 6;
    pub const NL_ATTR_TYPE_S16: u32 = 7;
    pub const NL_ATTR_TYPE_S32: u32 = 8;
    pub const NL_ATTR_TYPE_S64: u32 = 9;
    pub const NL_ATTR_TYPE_BINARY: u32 = 10;
    pub const NL_ATTR_TYPE_STRING: u32 = 11;
    pub const NL_ATTR_TYPE_NUL_STRING: u32 = 12;
    pub const NL_ATTR_TYPE_NESTED: u32 = 13;
    pub const NL_ATTR_TYPE_NESTED_ARRAY: u32 = 14;
    pub const NL_ATTR_TYPE_BITFIELD32: u32 = 15;
    pub const NL_ATTR_TYPE_SINT: u32 = 16;
    pub const NL_ATTR_TYPE_UINT: u32 = 17;
}

/// Route types (`RTN_*`).
pub mod rtn {
    /// None; in a filter or a delete, any type.
    pub const UNSPEC: u8 = 0;
    /// Gateway or direct route.
    pub const UNICAST: u8 = 1;
    /// Local interface address.
    pub const LOCAL: u8 = 2;
    /// Broadcast, sent as broadcast.
    pub const BROADCAST: u8 = 3;
    /// Local broadcast, sent as unicast.
    pub const ANYCAST: u8 = 4;
    /// Multicast.
    pub const MULTICAST: u8 = 5;
    /// Drop silently.
    pub const BLACKHOLE: u8 = 6;
    /// Destination unreachable.
    pub const UNREACHABLE: u8 = 7;
    /// Administratively prohibited.
    pub const PROHIBIT: u8 = 8;
    /// Continue lookup in another table.
    pub const THROW: u8 = 9;
    /// Translate the address (no longer used by the kernel).
    pub const NAT: u8 = 10;
    /// Use an external resolver (no longer used by the kernel).
    pub const XRESOLVE: u8 = 11;
}

/// Route origins (`RTPROT_*`).
pub mod rtprot {
    /// Unknown.
    pub const UNSPEC: u8 = 0;
    /// Installed by an ICMP redirect (no longer used).
    pub const REDIRECT: u8 = 1;
    /// Installed by the kernel.
    pub const KERNEL: u8 = 2;
    /// Installed during boot (iproute2's default).
    pub const BOOT: u8 = 3;
    /// Installed by the administrator.
    pub const STATIC: u8 = 4;
    /// GateD.
    pub const GATED: u8 = 8;
    /// Router advertisements (RDISC, ND).
    pub const RA: u8 = 9;
    /// Merit MRT.
    pub const MRT: u8 = 10;
    /// Zebra.
    pub const ZEBRA: u8 = 11;
    /// BIRD.
    pub const BIRD: u8 = 12;
    /// The DECnet routing daemon.
    pub const DNROUTED: u8 = 13;
    /// XORP.
    pub const XORP: u8 = 14;
    /// Netsukuku.
    pub const NTK: u8 = 15;
    /// A DHCP client.
    pub const DHCP: u8 = 16;
    /// The multicast daemon.
    pub const MROUTED: u8 = 17;
    /// Keepalived.
    pub const KEEPALIVED: u8 = 18;
    /// Babel.
    pub const BABEL: u8 = 42;
    /// Open/R.
    pub const OPENR: u8 = 99;
    /// BGP.
    pub const BGP: u8 = 186;
    /// IS-IS.
    pub const ISIS: u8 = 187;
    /// OSPF.
    pub const OSPF: u8 = 188;
    /// RIP.
    pub const RIP: u8 = 189;
    /// EIGRP.
    pub const EIGRP: u8 = 192;
}

/// Route scopes (`RT_SCOPE_*`).
pub mod rt_scope {
    /// Everywhere.
    pub const UNIVERSE: u8 = 0;
    /// Interior.
    pub const SITE: u8 = 200;
    /// On this link.
    pub const LINK: u8 = 253;
    /// On this host.
    pub const HOST: u8 = 254;
    /// Nowhere (in a delete request: any scope).
    pub const NOWHERE: u8 = 255;
}

/// Well-known routing tables (`RT_TABLE_*`).
pub mod rt_table {
    /// No table: in a dump filter, all tables.
    pub const UNSPEC: u32 = 0;
    /// What the 8-bit `rtm_table` of a route holds when its table id does not fit in 8 bits.
    pub const COMPAT: u32 = 252;
    /// The default table.
    pub const DEFAULT: u32 = 253;
    /// The main table.
    pub const MAIN: u32 = 254;
    /// The local table.
    pub const LOCAL: u32 = 255;
}

/// Neighbour states (`NUD_*`).
pub mod nud {
    /// No state (an entry being created or removed).
    pub const NONE: u16 = 0x00;
    /// Resolution in progress.
    pub const INCOMPLETE: u16 = 0x01;
    /// Confirmed reachable.
    pub const REACHABLE: u16 = 0x02;
    /// Reachability unconfirmed.
    pub const STALE: u16 = 0x04;
    /// Waiting before probing.
    pub const DELAY: u16 = 0x08;
    /// Probing.
    pub const PROBE: u16 = 0x10;
    /// Resolution failed.
    pub const FAILED: u16 = 0x20;
    /// No ARP needed.
    pub const NOARP: u16 = 0x40;
    /// Set by the administrator, never expires.
    pub const PERMANENT: u16 = 0x80;
}

/// `IFA_F_*` address flags.
pub mod ifa_f {
    /// Secondary address.
    pub const SECONDARY: u32 = 0x01;
    /// Temporary (privacy) address: the IPv6 name of [`SECONDARY`]'s bit.
    pub const TEMPORARY: u32 = SECONDARY;
    /// No duplicate address detection.
    pub const NODAD: u32 = 0x02;
    /// Optimistic DAD.
    pub const OPTIMISTIC: u32 = 0x04;
    /// DAD failed.
    pub const DADFAILED: u32 = 0x08;
    /// Home address (mobile IPv6).
    pub const HOMEADDRESS: u32 = 0x10;
    /// Deprecated (preferred lifetime over).
    pub const DEPRECATED: u32 = 0x20;
    /// DAD still running.
    pub const TENTATIVE: u32 = 0x40;
    /// Permanent (no lifetime).
    pub const PERMANENT: u32 = 0x80;
    /// Manage temporary addresses from this prefix.
    pub const MANAGETEMPADDR: u32 = 0x100;
    /// No prefix route.
    pub const NOPREFIXROUTE: u32 = 0x200;
    /// Join the multicast group automatically.
    pub const MCAUTOJOIN: u32 = 0x400;
    /// Stable privacy address.
    pub const STABLE_PRIVACY: u32 = 0x800;
}

/// Lifetime meaning "forever" in `IFA_CACHEINFO`.
pub const INFINITY_LIFE_TIME: u32 = 0xffff_ffff;

/// Route flags (`RTM_F_*`, `rtm_flags`).
pub mod rtm_f {
    /// Notify the user of route changes.
    pub const NOTIFY: u32 = 0x100;
    /// A cached clone.
    pub const CLONED: u32 = 0x200;
    /// Multipath equalizer (not implemented by the kernel).
    pub const EQUALIZE: u32 = 0x400;
    /// A prefix route of an address (IPv6).
    pub const PREFIX: u32 = 0x800;
    /// The answer of a lookup names the table it came from.
    pub const LOOKUP_TABLE: u32 = 0x1000;
    /// The answer of a lookup is the matching route itself.
    pub const FIB_MATCH: u32 = 0x2000;
    /// Offloaded to hardware.
    pub const OFFLOAD: u32 = 0x4000;
    /// Traps packets to the CPU.
    pub const TRAP: u32 = 0x8000;
    /// Offloading failed.
    pub const OFFLOAD_FAILED: u32 = 0x2000_0000;
}

/// Next-hop flags (`RTNH_F_*`, `rtnh_flags`).
pub mod rtnh_f {
    /// The path is dead.
    pub const DEAD: u8 = 1;
    /// Recursive gateway lookup.
    pub const PERVASIVE: u8 = 2;
    /// The gateway is on the link even without a matching prefix.
    pub const ONLINK: u8 = 4;
    /// Offloaded to hardware.
    pub const OFFLOAD: u8 = 8;
    /// The carrier of the output interface is down.
    pub const LINKDOWN: u8 = 16;
    /// The gateway is unresolved.
    pub const UNRESOLVED: u8 = 32;
    /// The path traps packets to the CPU.
    pub const TRAP: u8 = 64;
}

/// An IPv6 route's preference (`ICMPV6_ROUTER_PREF_*`, RFC 4191), in `RTA_PREF`.
pub mod icmpv6_router_pref {
    pub const LOW: u8 = 3;
    pub const MEDIUM: u8 = 0;
    pub const HIGH: u8 = 1;
}

/// Neighbour flags (`NTF_*`, `ndm_flags`).
pub mod ntf {
    /// Mark the entry used.
    pub const USE: u8 = 0x01;
    /// A bridge device's own entry.
    pub const SELF: u8 = 0x02;
    /// An entry of the bridge master.
    pub const MASTER: u8 = 0x04;
    /// A proxy ARP/NDP entry.
    pub const PROXY: u8 = 0x08;
    /// Learned by an external agent.
    pub const EXT_LEARNED: u8 = 0x10;
    /// Offloaded to hardware.
    pub const OFFLOADED: u8 = 0x20;
    /// A bridge entry that does not move.
    pub const STICKY: u8 = 0x40;
    /// The neighbour is an IPv6 router.
    pub const ROUTER: u8 = 0x80;
}

/// Operational states of a link (`IF_OPER_*`, RFC 2863), in `IFLA_OPERSTATE`.
pub mod if_oper {
    pub const UNKNOWN: u8 = 0;
    pub const NOTPRESENT: u8 = 1;
    pub const DOWN: u8 = 2;
    pub const LOWERLAYERDOWN: u8 = 3;
    pub const TESTING: u8 = 4;
    pub const DORMANT: u8 = 5;
    pub const UP: u8 = 6;
}

/// Bonding modes (`BOND_MODE_*`, `<linux/if_bonding.h>`), in `IFLA_BOND_MODE`.
pub const BOND_MODE_ROUNDROBIN: u8 = 0;
pub const BOND_MODE_ACTIVEBACKUP: u8 = 1;
pub const BOND_MODE_XOR: u8 = 2;
pub const BOND_MODE_BROADCAST: u8 = 3;
pub const BOND_MODE_8023AD: u8 = 4;
pub const BOND_MODE_TLB: u8 = 5;
pub const BOND_MODE_ALB: u8 = 6;

/// ipvlan modes (`IPVLAN_MODE_*`), in `IFLA_IPVLAN_MODE`.
pub mod ipvlan_mode {
    pub const L2: u16 = 0;
    pub const L3: u16 = 1;
    pub const L3S: u16 = 2;
}

/// The VLAN protocols (`ETH_P_*` ethertypes, `<linux/if_ether.h>`), in `IFLA_VLAN_PROTOCOL`.
pub const ETH_P_8021Q: u16 = 0x8100;
pub const ETH_P_8021AD: u16 = 0x88a8;

/// macvlan modes (`MACVLAN_MODE_*`), in `IFLA_MACVLAN_MODE`.
pub mod macvlan_mode {
    pub const PRIVATE: u32 = 1;
    pub const VEPA: u32 = 2;
    pub const BRIDGE: u32 = 4;
    pub const PASSTHRU: u32 = 8;
    pub const SOURCE: u32 = 16;
}
