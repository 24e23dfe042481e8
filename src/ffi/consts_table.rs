// The `NLRS_*` constants of the C API, each fact written once. Read twice (with different
// macros): src/ffi/consts.rs makes each a Rust `pub const`, and capi/build.rs writes each as a
// `#define` into libnlrs.h (cbindgen cannot see constants a macro makes), a `u32` with a `u`
// suffix. Three kinds of group:
// - `kernel(TYPE = MODULE, [hex] "what", "PREFIX", "where") { NAME = MEMBER[: "words"]; }`: the
//   kernel's constants `MODULE::MEMBER`, MODULE a module of `crate::wire::consts` or `consts`
//   itself (both readers glob-import it). The doc is "what `PREFIXMEMBER`where: words." (the
//   kernel's name); with `hex`, the header's doc also shows the value in hex (for flag bits).
// - `nlrs(TYPE, "what") { NAME = VALUE: "words"; }`: nlrs's own values; the doc is
//   "what: words.".
// - `docs() { /// doc  NAME: TYPE = VALUE; }`: each with a doc of its own.
// A value is a constant of the layer that defines it (`consts::` is `crate::wire::consts`,
// `code::` is `crate::conn::code`, `has::` is `crate::rtnl::route::has`; build.rs compiles those
// three files too), or a literal for a value only the C API has.
nlrs_consts! {
    // Error codes
    docs() {
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
    }
    kernel(i32 = proto, "Netlink protocol", "NETLINK_", ", for `nlrs_socket_open()`") {
        NLRS_PROTO_ROUTE = ROUTE;
        NLRS_PROTO_USERSOCK = USERSOCK;
        NLRS_PROTO_FIREWALL = FIREWALL;
        NLRS_PROTO_SOCK_DIAG = SOCK_DIAG;
        NLRS_PROTO_NFLOG = NFLOG;
        NLRS_PROTO_XFRM = XFRM;
        NLRS_PROTO_SELINUX = SELINUX;
        NLRS_PROTO_ISCSI = ISCSI;
        NLRS_PROTO_AUDIT = AUDIT;
        NLRS_PROTO_FIB_LOOKUP = FIB_LOOKUP;
        NLRS_PROTO_CONNECTOR = CONNECTOR;
        NLRS_PROTO_NETFILTER = NETFILTER;
        NLRS_PROTO_KOBJECT_UEVENT = KOBJECT_UEVENT;
        NLRS_PROTO_GENERIC = GENERIC;
        NLRS_PROTO_SCSITRANSPORT = SCSITRANSPORT;
        NLRS_PROTO_ECRYPTFS = ECRYPTFS;
        NLRS_PROTO_RDMA = RDMA;
        NLRS_PROTO_CRYPTO = CRYPTO;
        NLRS_PROTO_SMC = SMC;
    }
    kernel(u16 = consts, "Control message", "", "") {
        NLRS_NLMSG_NOOP = NLMSG_NOOP: "nothing, to be ignored";
        NLRS_NLMSG_ERROR = NLMSG_ERROR: "an ACK (error 0) or an error";
        NLRS_NLMSG_DONE = NLMSG_DONE: "the end of a dump";
        NLRS_NLMSG_OVERRUN = NLMSG_OVERRUN: "data was lost (not sent by current kernels)";
    }
    docs() {
        /// `NLMSG_MIN_TYPE`: message types below this are control messages.
        NLRS_NLMSG_MIN_TYPE: u16 = consts::NLMSG_MIN_TYPE;
    }
    kernel(u16 = consts, hex "Message flag", "", "") {
        NLRS_NLM_F_REQUEST = NLM_F_REQUEST: "a request (added by every send)";
        NLRS_NLM_F_MULTI = NLM_F_MULTI: "part of a multipart answer (dump), ended by `NLMSG_DONE`";
        NLRS_NLM_F_ACK = NLM_F_ACK: "ask for an ACK (added by every send)";
        NLRS_NLM_F_ECHO = NLM_F_ECHO: "echo the created object back (some families only)";
        NLRS_NLM_F_DUMP_INTR = NLM_F_DUMP_INTR: "the dump was interrupted by a change: its result may be inconsistent";
        NLRS_NLM_F_DUMP_FILTERED = NLM_F_DUMP_FILTERED: "the dump was filtered by the kernel as asked";
        NLRS_NLM_F_ROOT = NLM_F_ROOT: "GET modifier: the whole table";
        NLRS_NLM_F_MATCH = NLM_F_MATCH: "GET modifier: all matching entries";
        NLRS_NLM_F_ATOMIC = NLM_F_ATOMIC: "GET modifier: atomic (obsolete)";
        NLRS_NLM_F_DUMP = NLM_F_DUMP: "GET modifier: dump (`NLM_F_ROOT | NLM_F_MATCH`, added by `nlrs_socket_dump()`)";
        NLRS_NLM_F_REPLACE = NLM_F_REPLACE: "NEW modifier: replace an existing object";
        NLRS_NLM_F_EXCL = NLM_F_EXCL: "NEW modifier: fail with `-EEXIST` if it exists";
        NLRS_NLM_F_CREATE = NLM_F_CREATE: "NEW modifier: create it if it does not exist";
        NLRS_NLM_F_APPEND = NLM_F_APPEND: "NEW modifier: add another entry to a list";
        NLRS_NLM_F_NONREC = NLM_F_NONREC: "DELETE modifier: do not delete recursively";
        NLRS_NLM_F_BULK = NLM_F_BULK: "DELETE modifier: bulk delete";
        NLRS_NLM_F_CAPPED = NLM_F_CAPPED: "ACK flag: the request's payload was left out";
        NLRS_NLM_F_ACK_TLVS = NLM_F_ACK_TLVS: "ACK flag: extended-ACK attributes follow";
    }

    // Attributes and headers
    kernel(u16 = consts, hex "Attribute type flag", "", "") {
        NLRS_NLA_F_NESTED = NLA_F_NESTED: "the payload holds attributes (set by `nlrs_msg_nest_start()`)";
        NLRS_NLA_F_NET_BYTEORDER = NLA_F_NET_BYTEORDER: "the payload is in network byte order";
    }
    docs() {
        /// `NLA_TYPE_MASK` = `0x3fff`: the type bits of an attribute type, without its flags
        /// (`nlrs_attr.type` has it applied).
        NLRS_NLA_TYPE_MASK: u16 = consts::NLA_TYPE_MASK;
        /// `NLA_HDRLEN`: size of an attribute header.
        NLRS_NLA_HDRLEN: usize = consts::NLA_HDRLEN;
        /// `NLMSG_HDRLEN`: size of a message header (`struct nlmsghdr`).
        NLRS_NLMSG_HDRLEN: usize = consts::NLMSG_HDRLEN;
    }
    kernel(u16 = consts, "rtnetlink message type", "", "") {
        NLRS_RTM_NEWLINK = RTM_NEWLINK;
        NLRS_RTM_DELLINK = RTM_DELLINK;
        NLRS_RTM_GETLINK = RTM_GETLINK;
        NLRS_RTM_SETLINK = RTM_SETLINK;
        NLRS_RTM_NEWADDR = RTM_NEWADDR;
        NLRS_RTM_DELADDR = RTM_DELADDR;
        NLRS_RTM_GETADDR = RTM_GETADDR;
        NLRS_RTM_NEWROUTE = RTM_NEWROUTE;
        NLRS_RTM_DELROUTE = RTM_DELROUTE;
        NLRS_RTM_GETROUTE = RTM_GETROUTE;
        NLRS_RTM_NEWNEIGH = RTM_NEWNEIGH;
        NLRS_RTM_DELNEIGH = RTM_DELNEIGH;
        NLRS_RTM_GETNEIGH = RTM_GETNEIGH;
        NLRS_RTM_NEWLINKPROP = RTM_NEWLINKPROP;
        NLRS_RTM_DELLINKPROP = RTM_DELLINKPROP;
    }
    kernel(u8 = consts, "Address family", "", ", for the family field of family headers") {
        NLRS_AF_UNSPEC = AF_UNSPEC;
        NLRS_AF_INET = AF_INET;
        NLRS_AF_BRIDGE = AF_BRIDGE;
        NLRS_AF_INET6 = AF_INET6;
    }
    kernel(u32 = rtnlgrp, "rtnetlink multicast group", "RTNLGRP_", ", for `nlrs_socket_join_group()`") {
        NLRS_RTNLGRP_LINK = LINK;
        NLRS_RTNLGRP_NOTIFY = NOTIFY;
        NLRS_RTNLGRP_NEIGH = NEIGH;
        NLRS_RTNLGRP_TC = TC;
        NLRS_RTNLGRP_IPV4_IFADDR = IPV4_IFADDR;
        NLRS_RTNLGRP_IPV4_MROUTE = IPV4_MROUTE;
        NLRS_RTNLGRP_IPV4_ROUTE = IPV4_ROUTE;
        NLRS_RTNLGRP_IPV4_RULE = IPV4_RULE;
        NLRS_RTNLGRP_IPV6_IFADDR = IPV6_IFADDR;
        NLRS_RTNLGRP_IPV6_MROUTE = IPV6_MROUTE;
        NLRS_RTNLGRP_IPV6_ROUTE = IPV6_ROUTE;
        NLRS_RTNLGRP_IPV6_IFINFO = IPV6_IFINFO;
        NLRS_RTNLGRP_NSID = NSID;
        NLRS_RTNLGRP_IPV4_NETCONF = IPV4_NETCONF;
        NLRS_RTNLGRP_IPV6_NETCONF = IPV6_NETCONF;
        NLRS_RTNLGRP_MPLS_ROUTE = MPLS_ROUTE;
        NLRS_RTNLGRP_NEXTHOP = NEXTHOP;
        NLRS_RTNLGRP_BRVLAN = BRVLAN;
        NLRS_RTNLGRP_MCTP_IFADDR = MCTP_IFADDR;
        NLRS_RTNLGRP_TUNNEL = TUNNEL;
        NLRS_RTNLGRP_STATS = STATS;
    }
    kernel(u32 = consts, hex "Interface flag", "", ", in `nlrs_ifinfomsg.ifi_flags`") {
        NLRS_IFF_UP = IFF_UP;
        NLRS_IFF_BROADCAST = IFF_BROADCAST;
        NLRS_IFF_LOOPBACK = IFF_LOOPBACK;
        NLRS_IFF_POINTOPOINT = IFF_POINTOPOINT;
        NLRS_IFF_RUNNING = IFF_RUNNING;
        NLRS_IFF_NOARP = IFF_NOARP;
        NLRS_IFF_PROMISC = IFF_PROMISC;
        NLRS_IFF_MULTICAST = IFF_MULTICAST;
        NLRS_IFF_LOWER_UP = IFF_LOWER_UP;
        NLRS_IFF_DEBUG = IFF_DEBUG: "debugging on";
        NLRS_IFF_NOTRAILERS = IFF_NOTRAILERS: "no trailers (obsolete)";
        NLRS_IFF_ALLMULTI = IFF_ALLMULTI: "receives every multicast packet";
        NLRS_IFF_MASTER = IFF_MASTER: "master of a load balancer (bonding)";
        NLRS_IFF_SLAVE = IFF_SLAVE: "slave of a load balancer (bonding)";
        NLRS_IFF_PORTSEL = IFF_PORTSEL: "can set the media type";
        NLRS_IFF_AUTOMEDIA = IFF_AUTOMEDIA: "selects the media automatically";
        NLRS_IFF_DYNAMIC = IFF_DYNAMIC: "addresses are lost when the interface goes down";
        NLRS_IFF_DORMANT = IFF_DORMANT: "the driver signals dormant";
        NLRS_IFF_ECHO = IFF_ECHO: "echoes sent packets";
    }
    kernel(u16 = arphrd, "Device type", "ARPHRD_", ", in `nlrs_ifinfomsg.ifi_type` and `nlrs_link_type()`") {
        NLRS_ARPHRD_NETROM = NETROM: "NET/ROM (also what an unset type reads as)";
        NLRS_ARPHRD_ETHER = ETHER: "Ethernet (veth, bridges, macvlan, vxlan, ...)";
        NLRS_ARPHRD_INFINIBAND = INFINIBAND: "InfiniBand";
        NLRS_ARPHRD_CAN = CAN: "Controller Area Network";
        NLRS_ARPHRD_PPP = PPP: "PPP";
        NLRS_ARPHRD_TUNNEL = TUNNEL: "IPIP tunnel";
        NLRS_ARPHRD_TUNNEL6 = TUNNEL6: "IP6IP6 tunnel";
        NLRS_ARPHRD_LOOPBACK = LOOPBACK: "loopback";
        NLRS_ARPHRD_SIT = SIT: "IPv6-in-IPv4 (sit)";
        NLRS_ARPHRD_IPGRE = IPGRE: "GRE over IPv4";
        NLRS_ARPHRD_IEEE80211 = IEEE80211: "IEEE 802.11";
        NLRS_ARPHRD_IEEE80211_RADIOTAP = IEEE80211_RADIOTAP: "IEEE 802.11 with a radiotap header";
        NLRS_ARPHRD_IP6GRE = IP6GRE: "GRE over IPv6";
        NLRS_ARPHRD_NONE = NONE: "no link-layer header (wireguard, tun)";
        NLRS_ARPHRD_VOID = VOID: "nothing is known";
    }
    kernel(u16 = ifla, "Link attribute", "IFLA_", ", in `RTM_*LINK` messages") {
        NLRS_IFLA_ADDRESS = ADDRESS;
        NLRS_IFLA_BROADCAST = BROADCAST;
        NLRS_IFLA_IFNAME = IFNAME;
        NLRS_IFLA_MTU = MTU;
        NLRS_IFLA_LINK = LINK;
        NLRS_IFLA_QDISC = QDISC;
        NLRS_IFLA_STATS = STATS;
        NLRS_IFLA_MASTER = MASTER;
        NLRS_IFLA_TXQLEN = TXQLEN;
        NLRS_IFLA_OPERSTATE = OPERSTATE;
        NLRS_IFLA_LINKMODE = LINKMODE;
        NLRS_IFLA_LINKINFO = LINKINFO;
        NLRS_IFLA_NET_NS_PID = NET_NS_PID;
        NLRS_IFLA_IFALIAS = IFALIAS;
        NLRS_IFLA_STATS64 = STATS64;
        NLRS_IFLA_AF_SPEC = AF_SPEC;
        NLRS_IFLA_GROUP = GROUP;
        NLRS_IFLA_NET_NS_FD = NET_NS_FD;
        NLRS_IFLA_EXT_MASK = EXT_MASK;
        NLRS_IFLA_PROMISCUITY = PROMISCUITY;
        NLRS_IFLA_NUM_TX_QUEUES = NUM_TX_QUEUES;
        NLRS_IFLA_NUM_RX_QUEUES = NUM_RX_QUEUES;
        NLRS_IFLA_CARRIER = CARRIER;
        NLRS_IFLA_LINK_NETNSID = LINK_NETNSID;
        NLRS_IFLA_TARGET_NETNSID = TARGET_NETNSID;
        NLRS_IFLA_MIN_MTU = MIN_MTU;
        NLRS_IFLA_MAX_MTU = MAX_MTU;
        NLRS_IFLA_ALT_IFNAME = ALT_IFNAME;
        NLRS_IFLA_PERM_ADDRESS = PERM_ADDRESS;
    }
    kernel(u16 = ifla, "Link attribute", "IFLA_", ", nested in `IFLA_LINKINFO`") {
        NLRS_IFLA_INFO_KIND = INFO_KIND;
        NLRS_IFLA_INFO_DATA = INFO_DATA;
        NLRS_IFLA_INFO_XSTATS = INFO_XSTATS;
        NLRS_IFLA_INFO_SLAVE_KIND = INFO_SLAVE_KIND;
        NLRS_IFLA_INFO_SLAVE_DATA = INFO_SLAVE_DATA;
    }
    kernel(u16 = ifa, "Address attribute", "IFA_", ", in `RTM_*ADDR` messages") {
        NLRS_IFA_ADDRESS = ADDRESS;
        NLRS_IFA_LOCAL = LOCAL;
        NLRS_IFA_LABEL = LABEL;
        NLRS_IFA_BROADCAST = BROADCAST;
        NLRS_IFA_ANYCAST = ANYCAST;
        NLRS_IFA_CACHEINFO = CACHEINFO;
        NLRS_IFA_MULTICAST = MULTICAST;
        NLRS_IFA_FLAGS = FLAGS;
        NLRS_IFA_RT_PRIORITY = RT_PRIORITY;
        NLRS_IFA_TARGET_NETNSID = TARGET_NETNSID;
        NLRS_IFA_PROTO = PROTO;
    }
    kernel(u16 = rta, "Route attribute", "RTA_", ", in `RTM_*ROUTE` messages") {
        NLRS_RTA_DST = DST;
        NLRS_RTA_SRC = SRC;
        NLRS_RTA_IIF = IIF;
        NLRS_RTA_OIF = OIF;
        NLRS_RTA_GATEWAY = GATEWAY;
        NLRS_RTA_PRIORITY = PRIORITY;
        NLRS_RTA_PREFSRC = PREFSRC;
        NLRS_RTA_METRICS = METRICS;
        NLRS_RTA_MULTIPATH = MULTIPATH;
        NLRS_RTA_FLOW = FLOW;
        NLRS_RTA_CACHEINFO = CACHEINFO;
        NLRS_RTA_TABLE = TABLE;
        NLRS_RTA_MARK = MARK;
        NLRS_RTA_VIA = VIA;
        NLRS_RTA_PREF = PREF;
        NLRS_RTA_ENCAP_TYPE = ENCAP_TYPE;
        NLRS_RTA_ENCAP = ENCAP;
        NLRS_RTA_EXPIRES = EXPIRES;
        NLRS_RTA_UID = UID;
        NLRS_RTA_NH_ID = NH_ID;
    }
    kernel(u16 = rtax, "Route metric", "RTAX_", ", nested in `NLRS_RTA_METRICS` (`nlrs_route_metric()`)") {
        NLRS_RTAX_LOCK = LOCK: "which metrics are locked: bit `1 << NLRS_RTAX_*` per metric (`ip route ... lock mtu`)";
        NLRS_RTAX_MTU = MTU: "path MTU";
        NLRS_RTAX_WINDOW = WINDOW: "TCP window clamp";
        NLRS_RTAX_RTT = RTT: "TCP round-trip time (ms, times 8)";
        NLRS_RTAX_RTTVAR = RTTVAR: "TCP round-trip time variance (ms, times 4)";
        NLRS_RTAX_SSTHRESH = SSTHRESH: "TCP slow-start threshold";
        NLRS_RTAX_CWND = CWND: "TCP congestion window clamp";
        NLRS_RTAX_ADVMSS = ADVMSS: "advertised TCP MSS";
        NLRS_RTAX_REORDERING = REORDERING: "TCP reordering";
        NLRS_RTAX_HOPLIMIT = HOPLIMIT: "hop limit (TTL)";
        NLRS_RTAX_INITCWND = INITCWND: "TCP initial congestion window";
        NLRS_RTAX_FEATURES = FEATURES: "`NLRS_RTAX_FEATURE_*` bits";
        NLRS_RTAX_RTO_MIN = RTO_MIN: "TCP minimum retransmission timeout (ms)";
        NLRS_RTAX_INITRWND = INITRWND: "TCP initial receive window";
        NLRS_RTAX_QUICKACK = QUICKACK: "TCP quick ACK, 0 or 1";
        NLRS_RTAX_CC_ALGO = CC_ALGO: "TCP congestion control algorithm, a string (`nlrs_route_congctl()`)";
        NLRS_RTAX_FASTOPEN_NO_COOKIE = FASTOPEN_NO_COOKIE: "TCP Fast Open without a cookie, 0 or 1";
    }
    kernel(u32 = rtax, hex "Bit", "RTAX_", " of the `NLRS_RTAX_FEATURES` metric") {
        NLRS_RTAX_FEATURE_ECN = FEATURE_ECN;
        NLRS_RTAX_FEATURE_SACK = FEATURE_SACK;
        NLRS_RTAX_FEATURE_TIMESTAMP = FEATURE_TIMESTAMP;
        NLRS_RTAX_FEATURE_ALLFRAG = FEATURE_ALLFRAG;
    }
    kernel(u16 = nda, "Neighbour attribute", "NDA_", ", in `RTM_*NEIGH` messages") {
        NLRS_NDA_DST = DST;
        NLRS_NDA_LLADDR = LLADDR;
        NLRS_NDA_CACHEINFO = CACHEINFO;
        NLRS_NDA_PROBES = PROBES;
        NLRS_NDA_VLAN = VLAN;
        NLRS_NDA_PORT = PORT;
        NLRS_NDA_VNI = VNI;
        NLRS_NDA_IFINDEX = IFINDEX;
        NLRS_NDA_MASTER = MASTER;
        NLRS_NDA_LINK_NETNSID = LINK_NETNSID;
        NLRS_NDA_PROTOCOL = PROTOCOL;
        NLRS_NDA_FLAGS_EXT = FLAGS_EXT;
    }

    // Generic netlink controller
    docs() {
        /// `GENL_ID_CTRL`: the fixed family id (message type) of the generic netlink controller, which
        /// resolves every other family by name.
        NLRS_GENL_ID_CTRL: u16 = consts::genl::ID_CTRL;
    }
    kernel(u8 = genl, "Controller command", "", ", in `nlrs_genlmsghdr.cmd`") {
        NLRS_CTRL_CMD_NEWFAMILY = CTRL_CMD_NEWFAMILY;
        NLRS_CTRL_CMD_DELFAMILY = CTRL_CMD_DELFAMILY;
        NLRS_CTRL_CMD_GETFAMILY = CTRL_CMD_GETFAMILY;
        NLRS_CTRL_CMD_GETPOLICY = CTRL_CMD_GETPOLICY;
    }
    kernel(u16 = genl, "Controller attribute", "", "") {
        NLRS_CTRL_ATTR_FAMILY_ID = CTRL_ATTR_FAMILY_ID;
        NLRS_CTRL_ATTR_FAMILY_NAME = CTRL_ATTR_FAMILY_NAME;
        NLRS_CTRL_ATTR_VERSION = CTRL_ATTR_VERSION;
        NLRS_CTRL_ATTR_HDRSIZE = CTRL_ATTR_HDRSIZE;
        NLRS_CTRL_ATTR_MAXATTR = CTRL_ATTR_MAXATTR;
        NLRS_CTRL_ATTR_OPS = CTRL_ATTR_OPS;
        NLRS_CTRL_ATTR_MCAST_GROUPS = CTRL_ATTR_MCAST_GROUPS;
        NLRS_CTRL_ATTR_POLICY = CTRL_ATTR_POLICY;
        NLRS_CTRL_ATTR_OP_POLICY = CTRL_ATTR_OP_POLICY;
        NLRS_CTRL_ATTR_OP = CTRL_ATTR_OP;
    }
    kernel(u32 = genl, hex "Operation flag", "GENL_", ", of `nlrs_genl_family_op()`") {
        NLRS_GENL_ADMIN_PERM = ADMIN_PERM: "the command needs `CAP_NET_ADMIN`";
        NLRS_GENL_CMD_CAP_DO = CMD_CAP_DO: "the command can be done (a request)";
        NLRS_GENL_CMD_CAP_DUMP = CMD_CAP_DUMP: "the command can dump";
        NLRS_GENL_CMD_CAP_HASPOL = CMD_CAP_HASPOL: "the command has an attribute policy";
        NLRS_GENL_UNS_ADMIN_PERM = UNS_ADMIN_PERM: "the command needs `CAP_NET_ADMIN` in the socket's user namespace";
    }

    // Typed requests: what a NEW request does when the object exists
    nlrs(c_int, "NEW-request mode") {
        NLRS_MODE_CREATE = 0: "add only (`NLM_F_CREATE | NLM_F_EXCL`): `-EEXIST` when it exists";
        NLRS_MODE_REPLACE = 1: "change only (`NLM_F_REPLACE`): an error (`-ENOENT`, `-ESRCH`, \
            ...) when it does not exist";
        NLRS_MODE_UPSERT = 2: "add or change (`NLM_F_CREATE | NLM_F_REPLACE`)";
        NLRS_MODE_APPEND = 3: "add another entry beside existing ones (`NLM_F_CREATE | \
            NLM_F_APPEND`), e.g. a second route to the same prefix";
    }
    nlrs(u32, "`nlrs_socket_open()` flag") {
        NLRS_SOCKET_NONBLOCK = 1: "open in non-blocking mode. Receives then return `-EAGAIN` \
            instead of waiting; poll `nlrs_socket_fd()` for input";
        NLRS_SOCKET_DGRAM = 2: "`SOCK_DGRAM` instead of `SOCK_RAW` (netlink treats them alike)";
        NLRS_SOCKET_NO_DEFAULTS = 4: "turn every protective default off: no extended ACK \
            (`NETLINK_EXT_ACK`), no capped ACK, no strict checking of dump requests, the system's \
            receive buffer size instead of 1 MiB, and no request timeout. For tests and special \
            needs";
    }

    // Monitors and their events
    docs() {
        /// `nlrs_monitor_new()` flag: `nlrs_monitor_next()` returns 0 when no event is queued
        /// instead of waiting for one (as `NLRS_SOCKET_NONBLOCK` does for sockets; without it a
        /// monitor blocks). `nlrs_monitor_process()` never waits either way.
        NLRS_MONITOR_NONBLOCK: u32 = 1;
    }
    nlrs(c_int, "`nlrs_event.kind`") {
        NLRS_EVENT_NEWLINK = 1: "a link appeared or changed (`NLRS_RTM_NEWLINK`); decode `msg` \
            with `nlrs_link_parse()` or the attribute cursors";
        NLRS_EVENT_DELLINK = 2: "a link went away (`NLRS_RTM_DELLINK`)";
        NLRS_EVENT_NEWADDR = 3: "an address was added or changed (`NLRS_RTM_NEWADDR`)";
        NLRS_EVENT_DELADDR = 4: "an address was removed (`NLRS_RTM_DELADDR`)";
        NLRS_EVENT_NEWROUTE = 5: "a route was added or changed (`NLRS_RTM_NEWROUTE`)";
        NLRS_EVENT_DELROUTE = 6: "a route was removed (`NLRS_RTM_DELROUTE`)";
        NLRS_EVENT_NEWNEIGH = 7: "a neighbour entry was added or changed (`NLRS_RTM_NEWNEIGH`)";
        NLRS_EVENT_DELNEIGH = 8: "a neighbour entry was removed (`NLRS_RTM_DELNEIGH`)";
        NLRS_EVENT_OTHER = 9: "any other message (a rule, a netconf change, ...); read its type \
            with `nlrs_rmsg_type()`";
        NLRS_EVENT_OVERRUN = 10: "events were lost. The receive queue overflowed (the kernel's \
            `ENOBUFS`), or a notification was larger than the receive buffer (the buffer then \
            grows, so the next one that large fits), or a datagram's messages were not framed \
            correctly (the rest of it is skipped). `msg` is empty. The events still queued when \
            the loss was found predate it: the monitor discards them when it reports the \
            overrun, so the next event is newer than the loss (applied after a fresh dump, the \
            old ones would move state backwards). The monitor goes on; state followed through \
            events must be read again with a dump (or use an `nlrs_mirror`, which does that \
            itself)";
    }

    // Links
    kernel(u32 = macvlan_mode, "macvlan mode", "MACVLAN_MODE_", "") {
        NLRS_MACVLAN_MODE_PRIVATE = PRIVATE: "no traffic between macvlans of one parent";
        NLRS_MACVLAN_MODE_VEPA = VEPA: "traffic between macvlans goes through the switch";
        NLRS_MACVLAN_MODE_BRIDGE = BRIDGE: "macvlans of one parent talk directly";
        NLRS_MACVLAN_MODE_PASSTHRU = PASSTHRU: "one macvlan takes over the parent";
        NLRS_MACVLAN_MODE_SOURCE = SOURCE: "by source MAC address";
    }
    kernel(u8 = consts, "Bonding mode", "", ", for `nlrs_link_create_bond()` and `nlrs_link_bond_mode()`") {
        NLRS_BOND_MODE_BALANCE_RR = BOND_MODE_ROUNDROBIN: "round robin (`balance-rr`), the kernel's default";
        NLRS_BOND_MODE_ACTIVE_BACKUP = BOND_MODE_ACTIVEBACKUP: "one port active, the others standing by (`active-backup`)";
        NLRS_BOND_MODE_BALANCE_XOR = BOND_MODE_XOR: "by a hash of the packet (`balance-xor`)";
        NLRS_BOND_MODE_BROADCAST = BOND_MODE_BROADCAST: "every packet on every port (`broadcast`)";
        NLRS_BOND_MODE_8023AD = BOND_MODE_8023AD: "IEEE 802.3ad link aggregation, LACP (`802.3ad`)";
        NLRS_BOND_MODE_BALANCE_TLB = BOND_MODE_TLB: "adaptive transmit load balancing (`balance-tlb`)";
        NLRS_BOND_MODE_BALANCE_ALB = BOND_MODE_ALB: "adaptive load balancing (`balance-alb`)";
    }
    kernel(u16 = ipvlan_mode, "ipvlan mode", "IPVLAN_MODE_", ", for `nlrs_link_create_ipvlan()` and `nlrs_link_ipvlan_mode()`") {
        NLRS_IPVLAN_MODE_L2 = L2: "layer 2: the parent switches by MAC";
        NLRS_IPVLAN_MODE_L3 = L3: "layer 3: the parent routes; the kernel's default";
        NLRS_IPVLAN_MODE_L3S = L3S: "layer 3 through the parent's netfilter hooks";
    }
    kernel(u16 = consts, hex "VLAN protocol", "", " (an ethertype, host byte order), for `nlrs_link_create_vlan()` and `nlrs_link_vlan_protocol()`") {
        NLRS_ETH_P_8021Q = ETH_P_8021Q: "IEEE 802.1Q";
        NLRS_ETH_P_8021AD = ETH_P_8021AD: "IEEE 802.1ad (QinQ)";
    }
    kernel(u8 = if_oper, "Operational state", "IF_OPER_", ", read with `nlrs_link_operstate()`") {
        NLRS_IF_OPER_UNKNOWN = UNKNOWN;
        NLRS_IF_OPER_NOTPRESENT = NOTPRESENT;
        NLRS_IF_OPER_DOWN = DOWN;
        NLRS_IF_OPER_LOWERLAYERDOWN = LOWERLAYERDOWN;
        NLRS_IF_OPER_TESTING = TESTING;
        NLRS_IF_OPER_DORMANT = DORMANT;
        NLRS_IF_OPER_UP = UP;
    }

    // Addresses
    kernel(u32 = ifa_f, "Address flag", "IFA_F_", "") {
        NLRS_IFA_F_SECONDARY = SECONDARY: "a secondary address (IPv4), or a temporary one (IPv6)";
        NLRS_IFA_F_TEMPORARY = TEMPORARY: "a temporary (privacy) address (IPv6); the bit of `NLRS_IFA_F_SECONDARY`";
        NLRS_IFA_F_NODAD = NODAD: "no duplicate address detection (IPv6)";
        NLRS_IFA_F_OPTIMISTIC = OPTIMISTIC: "optimistic duplicate address detection (IPv6)";
        NLRS_IFA_F_DADFAILED = DADFAILED: "duplicate address detection failed (IPv6)";
        NLRS_IFA_F_HOMEADDRESS = HOMEADDRESS: "a mobile IPv6 home address";
        NLRS_IFA_F_DEPRECATED = DEPRECATED: "the preferred lifetime is over";
        NLRS_IFA_F_TENTATIVE = TENTATIVE: "duplicate address detection is still running (IPv6)";
        NLRS_IFA_F_PERMANENT = PERMANENT: "no lifetime";
        NLRS_IFA_F_MANAGETEMPADDR = MANAGETEMPADDR: "make temporary addresses from this prefix (IPv6)";
        NLRS_IFA_F_NOPREFIXROUTE = NOPREFIXROUTE: "add no prefix route";
        NLRS_IFA_F_MCAUTOJOIN = MCAUTOJOIN: "join the multicast group automatically";
        NLRS_IFA_F_STABLE_PRIVACY = STABLE_PRIVACY: "a stable privacy address (IPv6)";
    }
    docs() {
        /// The lifetime meaning "forever" (`INFINITY_LIFE_TIME`), in `nlrs_addr_lifetimes()` and
        /// `nlrs_addr_spec_set_lifetimes()`.
        NLRS_ADDR_LIFETIME_FOREVER: u32 = consts::INFINITY_LIFE_TIME;
    }

    // Routes
    nlrs(u32, "`nlrs_route_info.has`") {
        NLRS_ROUTE_HAS_DST = has::DST: "`dst` is present";
        NLRS_ROUTE_HAS_SRC = has::SRC: "`src` is present";
        NLRS_ROUTE_HAS_GATEWAY = has::GATEWAY: "`gateway` is present";
        NLRS_ROUTE_HAS_PREFSRC = has::PREFSRC: "`prefsrc` is present";
        NLRS_ROUTE_HAS_OIF = has::OIF: "`oif` is present";
        NLRS_ROUTE_HAS_IIF = has::IIF: "`iif` is present";
        NLRS_ROUTE_HAS_PRIORITY = has::PRIORITY: "`priority` is present";
        NLRS_ROUTE_HAS_NH_ID = has::NH_ID: "`nh_id` is present";
        NLRS_ROUTE_HAS_PREF = has::PREF: "`pref` is present";
        NLRS_ROUTE_HAS_EXPIRES = has::EXPIRES: "`expires` is present";
        NLRS_ROUTE_HAS_METRICS = has::METRICS: "the route has metrics (`RTA_METRICS`, read them with an `nlrs_route`)";
        NLRS_ROUTE_HAS_FLOW = has::FLOW: "the route has realms (`RTA_FLOW`, read them with an `nlrs_route`)";
        NLRS_ROUTE_HAS_MULTIPATH = has::MULTIPATH: "the route has paths (`RTA_MULTIPATH`, counted in `nexthops`; read them with an `nlrs_route`)";
    }
    kernel(u8 = rtn, "Route type", "RTN_", "") {
        NLRS_RTN_UNSPEC = UNSPEC: "in a filter or a delete, any type";
        NLRS_RTN_UNICAST = UNICAST: "a gateway or direct route";
        NLRS_RTN_LOCAL = LOCAL: "a local interface address";
        NLRS_RTN_BROADCAST = BROADCAST: "accept locally as broadcast, send as broadcast";
        NLRS_RTN_ANYCAST = ANYCAST: "accept locally as broadcast, send as unicast";
        NLRS_RTN_MULTICAST = MULTICAST: "a multicast route";
        NLRS_RTN_BLACKHOLE = BLACKHOLE: "drop silently";
        NLRS_RTN_UNREACHABLE = UNREACHABLE: "the destination is unreachable";
        NLRS_RTN_PROHIBIT = PROHIBIT: "administratively prohibited";
        NLRS_RTN_THROW = THROW: "go on with the lookup in another table";
        NLRS_RTN_NAT = NAT: "translate the address (no longer used by the kernel)";
        NLRS_RTN_XRESOLVE = XRESOLVE: "use an external resolver (no longer used by the kernel)";
    }
    kernel(u8 = rtprot, "Route origin", "RTPROT_", "") {
        NLRS_RTPROT_UNSPEC = UNSPEC: "unknown; in a filter, any";
        NLRS_RTPROT_REDIRECT = REDIRECT: "installed by an ICMP redirect (no longer used)";
        NLRS_RTPROT_KERNEL = KERNEL: "installed by the kernel";
        NLRS_RTPROT_BOOT = BOOT: "installed during boot; iproute2's and nlrs's default";
        NLRS_RTPROT_STATIC = STATIC: "installed by the administrator";
        NLRS_RTPROT_GATED = GATED: "GateD";
        NLRS_RTPROT_RA = RA: "router advertisements (RDISC, ND)";
        NLRS_RTPROT_MRT = MRT: "Merit MRT";
        NLRS_RTPROT_ZEBRA = ZEBRA: "Zebra";
        NLRS_RTPROT_BIRD = BIRD: "BIRD";
        NLRS_RTPROT_DNROUTED = DNROUTED: "the DECnet routing daemon";
        NLRS_RTPROT_XORP = XORP: "XORP";
        NLRS_RTPROT_NTK = NTK: "Netsukuku";
        NLRS_RTPROT_DHCP = DHCP: "a DHCP client";
        NLRS_RTPROT_MROUTED = MROUTED: "the multicast daemon";
        NLRS_RTPROT_KEEPALIVED = KEEPALIVED: "Keepalived";
        NLRS_RTPROT_BABEL = BABEL: "Babel";
        NLRS_RTPROT_OPENR = OPENR: "Open/R";
        NLRS_RTPROT_BGP = BGP: "BGP";
        NLRS_RTPROT_ISIS = ISIS: "IS-IS";
        NLRS_RTPROT_OSPF = OSPF: "OSPF";
        NLRS_RTPROT_RIP = RIP: "RIP";
        NLRS_RTPROT_EIGRP = EIGRP: "EIGRP";
    }
    kernel(u8 = rt_scope, "Scope", "RT_SCOPE_", "") {
        NLRS_RT_SCOPE_UNIVERSE = UNIVERSE: "everywhere (iproute2's \"global\")";
        NLRS_RT_SCOPE_SITE = SITE: "interior";
        NLRS_RT_SCOPE_LINK = LINK: "on this link";
        NLRS_RT_SCOPE_HOST = HOST: "on this host";
        NLRS_RT_SCOPE_NOWHERE = NOWHERE: "nowhere; in a delete, any scope";
    }
    kernel(u32 = rt_table, "Table", "RT_TABLE_", "") {
        NLRS_RT_TABLE_UNSPEC = UNSPEC: "in a filter, all tables";
        NLRS_RT_TABLE_COMPAT = COMPAT: "what `nlrs_route_rtm_table()` (the 8-bit `rtm_table`) reads for a table id above 255";
        NLRS_RT_TABLE_DEFAULT = DEFAULT: "iproute2's \"default\"";
        NLRS_RT_TABLE_MAIN = MAIN: "where routes go by default (iproute2's \"main\")";
        NLRS_RT_TABLE_LOCAL = LOCAL: "local and broadcast addresses (iproute2's \"local\")";
    }
    kernel(u32 = rtm_f, "Route flag", "RTM_F_", "") {
        NLRS_RTM_F_NOTIFY = NOTIFY: "notify the user of route changes";
        NLRS_RTM_F_CLONED = CLONED: "a cached clone (an answer of `nlrs_route_get()` for IPv4); iproute2 prints no `protocol` and `scope` for it";
        NLRS_RTM_F_LOOKUP_TABLE = LOOKUP_TABLE: "the answer of a lookup names the table it came from";
        NLRS_RTM_F_FIB_MATCH = FIB_MATCH: "the answer of a lookup is the matching route itself";
        NLRS_RTM_F_EQUALIZE = EQUALIZE: "multipath equalizer (not implemented by the kernel)";
        NLRS_RTM_F_PREFIX = PREFIX: "a prefix route of an address (IPv6)";
        NLRS_RTM_F_OFFLOAD = OFFLOAD: "the route is offloaded to hardware";
        NLRS_RTM_F_TRAP = TRAP: "the route traps packets to the CPU";
        NLRS_RTM_F_OFFLOAD_FAILED = OFFLOAD_FAILED: "offloading the route failed";
    }
    kernel(u8 = rtnh_f, "Next-hop flag", "RTNH_F_", "") {
        NLRS_RTNH_F_DEAD = DEAD: "the path is dead";
        NLRS_RTNH_F_PERVASIVE = PERVASIVE: "recursive gateway lookup";
        NLRS_RTNH_F_ONLINK = ONLINK: "the gateway is on the link even without a matching prefix";
        NLRS_RTNH_F_OFFLOAD = OFFLOAD: "offloaded to hardware";
        NLRS_RTNH_F_LINKDOWN = LINKDOWN: "the carrier of the output interface is down";
        NLRS_RTNH_F_UNRESOLVED = UNRESOLVED: "the gateway is unresolved";
        NLRS_RTNH_F_TRAP = TRAP: "the path traps packets to the CPU";
    }

    kernel(u8 = icmpv6_router_pref, "IPv6 route preference", "ICMPV6_ROUTER_PREF_", ", in `NLRS_RTA_PREF` (`nlrs_route_spec_set_pref()`, `nlrs_route_pref()`)") {
        NLRS_ICMPV6_ROUTER_PREF_LOW = LOW;
        NLRS_ICMPV6_ROUTER_PREF_MEDIUM = MEDIUM: "the kernel's default";
        NLRS_ICMPV6_ROUTER_PREF_HIGH = HIGH;
    }

    // Neighbours
    kernel(u16 = nud, "Neighbour state", "NUD_", "") {
        NLRS_NUD_NONE = NONE: "no state (an entry being created or removed)";
        NLRS_NUD_INCOMPLETE = INCOMPLETE: "resolution in progress";
        NLRS_NUD_REACHABLE = REACHABLE: "confirmed reachable";
        NLRS_NUD_STALE = STALE: "reachability unconfirmed";
        NLRS_NUD_DELAY = DELAY: "waiting before probing";
        NLRS_NUD_PROBE = PROBE: "probing";
        NLRS_NUD_FAILED = FAILED: "resolution failed";
        NLRS_NUD_NOARP = NOARP: "no resolution needed";
        NLRS_NUD_PERMANENT = PERMANENT: "set by the administrator, never expires";
    }
    kernel(u8 = ntf, "Neighbour flag", "NTF_", "") {
        NLRS_NTF_USE = USE;
        NLRS_NTF_SELF = SELF: "a bridge device's own entry";
        NLRS_NTF_MASTER = MASTER: "an entry of the bridge master";
        NLRS_NTF_PROXY = PROXY: "a proxy ARP/NDP entry";
        NLRS_NTF_EXT_LEARNED = EXT_LEARNED: "learned by an external agent";
        NLRS_NTF_OFFLOADED = OFFLOADED: "offloaded to hardware";
        NLRS_NTF_STICKY = STICKY: "a bridge entry that does not move";
        NLRS_NTF_ROUTER = ROUTER: "the neighbour is an IPv6 router";
    }

    // Mirrors
    nlrs(u32, "`nlrs_mirror_start()` selection bit") {
        NLRS_MIRROR_LINKS = 1: "mirror links";
        NLRS_MIRROR_ADDRS = 2: "mirror IPv4 and IPv6 addresses";
        NLRS_MIRROR_ROUTES = 4: "mirror IPv4 and IPv6 routes of every table (not the route cache)";
        NLRS_MIRROR_NEIGHS = 8: "mirror neighbour entries";
    }
    nlrs(c_int, "`nlrs_mirror_cb` change") {
        NLRS_CHANGE_ADD = 1: "the object appeared";
        NLRS_CHANGE_CHANGE = 2: "the object is still there, with other values (the object \
            passed is its new state)";
        NLRS_CHANGE_REMOVE = 3: "the object went away (the object passed is its last known state)";
        NLRS_CHANGE_RESYNC = 4: "the mirror re-dumped, because events were lost (the kernel's \
            `ENOBUFS`, a notification larger than the receive buffer), or an event could not be \
            applied (it did not decode, or did not say which object it changed: an IPv6 \
            multipath route losing one path, a route replacing one of several candidates), or, \
            when routes are mirrored, a link went up or down, gained or lost its carrier, went \
            away or lost its last IPv4 address, or a nexthop object was deleted or replaced (the \
            kernel then changes routes without telling), or `nlrs_mirror_resync()` asked. Every \
            difference was reported before this, so the mirror equals the kernel again. The \
            object is NULL";
    }
    nlrs(c_int, "`nlrs_object_kind()`") {
        NLRS_OBJECT_LINK = 1: "a link (`nlrs_object_link()`)";
        NLRS_OBJECT_ADDR = 2: "an address (`nlrs_object_addr()`)";
        NLRS_OBJECT_ROUTE = 3: "a route (`nlrs_object_route()`)";
        NLRS_OBJECT_NEIGH = 4: "a neighbour entry (`nlrs_object_neigh()`)";
    }
    nlrs(c_int, "`nlrs_family_op()` result bit") {
        NLRS_FAMILY_OP_DO = 1: "the operation has a do request";
        NLRS_FAMILY_OP_DUMP = 2: "the operation has a dump request";
    }
}
