//! Names of attributes, to describe where in a request the kernel found a fault.

use super::consts::*;

/// The constant's name of attribute `ty` at `parents` (outer types, outermost first) in a
/// message of type `msg_type` of netlink protocol `protocol`, when nlrs knows it.
pub fn attr_name(protocol: i32, msg_type: u16, parents: &[u16], ty: u16) -> Option<&'static str> {
    let table: &[(u16, &str)] = match (protocol, msg_type, parents) {
        (proto::ROUTE, RTM_NEWLINK..=RTM_SETLINK, []) => LINK,
        (proto::ROUTE, RTM_NEWLINK..=RTM_SETLINK, [ifla::LINKINFO]) => LINKINFO,
        (proto::ROUTE, RTM_NEWADDR..=RTM_GETADDR, []) => ADDR,
        (proto::ROUTE, RTM_NEWROUTE..=RTM_GETROUTE, []) => ROUTE,
        (proto::ROUTE, RTM_NEWNEIGH..=RTM_GETNEIGH, []) => NEIGH,
        (proto::GENERIC, genl::ID_CTRL, []) => CTRL,
        _ => return None,
    };
    table.iter().find(|(t, _)| *t == ty).map(|(_, n)| *n)
}

/// The path `path` in a message of type `msg_type` of protocol `protocol` as text, e.g.
/// `IFLA_LINKINFO > IFLA_INFO_KIND`; types without a known name are written as numbers.
pub fn attr_path_text(protocol: i32, msg_type: u16, path: &[u16]) -> String {
    let mut out = String::new();
    for (i, &ty) in path.iter().enumerate() {
        if i > 0 {
            out.push_str(" > ");
        }
        match attr_name(protocol, msg_type, &path[..i], ty) {
            Some(name) => out.push_str(name),
            None => out.push_str(&ty.to_string()),
        }
    }
    out
}

const LINK: &[(u16, &str)] = &[
    (ifla::ADDRESS, "IFLA_ADDRESS"),
    (ifla::BROADCAST, "IFLA_BROADCAST"),
    (ifla::IFNAME, "IFLA_IFNAME"),
    (ifla::MTU, "IFLA_MTU"),
    (ifla::LINK, "IFLA_LINK"),
    (ifla::QDISC, "IFLA_QDISC"),
    (ifla::STATS, "IFLA_STATS"),
    (ifla::MASTER, "IFLA_MASTER"),
    (ifla::TXQLEN, "IFLA_TXQLEN"),
    (ifla::OPERSTATE, "IFLA_OPERSTATE"),
    (ifla::LINKMODE, "IFLA_LINKMODE"),
    (ifla::LINKINFO, "IFLA_LINKINFO"),
    (ifla::NET_NS_PID, "IFLA_NET_NS_PID"),
    (ifla::IFALIAS, "IFLA_IFALIAS"),
    (ifla::STATS64, "IFLA_STATS64"),
    (ifla::AF_SPEC, "IFLA_AF_SPEC"),
    (ifla::GROUP, "IFLA_GROUP"),
    (ifla::NET_NS_FD, "IFLA_NET_NS_FD"),
    (ifla::EXT_MASK, "IFLA_EXT_MASK"),
    (ifla::PROMISCUITY, "IFLA_PROMISCUITY"),
    (ifla::NUM_TX_QUEUES, "IFLA_NUM_TX_QUEUES"),
    (ifla::NUM_RX_QUEUES, "IFLA_NUM_RX_QUEUES"),
    (ifla::CARRIER, "IFLA_CARRIER"),
    (ifla::LINK_NETNSID, "IFLA_LINK_NETNSID"),
    (ifla::TARGET_NETNSID, "IFLA_TARGET_NETNSID"),
    (ifla::MIN_MTU, "IFLA_MIN_MTU"),
    (ifla::MAX_MTU, "IFLA_MAX_MTU"),
    (ifla::ALT_IFNAME, "IFLA_ALT_IFNAME"),
    (ifla::PERM_ADDRESS, "IFLA_PERM_ADDRESS"),
];

const LINKINFO: &[(u16, &str)] = &[
    (ifla::INFO_KIND, "IFLA_INFO_KIND"),
    (ifla::INFO_DATA, "IFLA_INFO_DATA"),
    (ifla::INFO_XSTATS, "IFLA_INFO_XSTATS"),
    (ifla::INFO_SLAVE_KIND, "IFLA_INFO_SLAVE_KIND"),
    (ifla::INFO_SLAVE_DATA, "IFLA_INFO_SLAVE_DATA"),
];

const ADDR: &[(u16, &str)] = &[
    (ifa::ADDRESS, "IFA_ADDRESS"),
    (ifa::LOCAL, "IFA_LOCAL"),
    (ifa::LABEL, "IFA_LABEL"),
    (ifa::BROADCAST, "IFA_BROADCAST"),
    (ifa::ANYCAST, "IFA_ANYCAST"),
    (ifa::CACHEINFO, "IFA_CACHEINFO"),
    (ifa::MULTICAST, "IFA_MULTICAST"),
    (ifa::FLAGS, "IFA_FLAGS"),
    (ifa::RT_PRIORITY, "IFA_RT_PRIORITY"),
    (ifa::TARGET_NETNSID, "IFA_TARGET_NETNSID"),
    (ifa::PROTO, "IFA_PROTO"),
];

const ROUTE: &[(u16, &str)] = &[
    (rta::DST, "RTA_DST"),
    (rta::SRC, "RTA_SRC"),
    (rta::IIF, "RTA_IIF"),
    (rta::OIF, "RTA_OIF"),
    (rta::GATEWAY, "RTA_GATEWAY"),
    (rta::PRIORITY, "RTA_PRIORITY"),
    (rta::PREFSRC, "RTA_PREFSRC"),
    (rta::METRICS, "RTA_METRICS"),
    (rta::MULTIPATH, "RTA_MULTIPATH"),
    (rta::FLOW, "RTA_FLOW"),
    (rta::CACHEINFO, "RTA_CACHEINFO"),
    (rta::TABLE, "RTA_TABLE"),
    (rta::MARK, "RTA_MARK"),
    (rta::VIA, "RTA_VIA"),
    (rta::PREF, "RTA_PREF"),
    (rta::ENCAP_TYPE, "RTA_ENCAP_TYPE"),
    (rta::ENCAP, "RTA_ENCAP"),
    (rta::EXPIRES, "RTA_EXPIRES"),
    (rta::UID, "RTA_UID"),
    (rta::NH_ID, "RTA_NH_ID"),
];

const NEIGH: &[(u16, &str)] = &[
    (nda::DST, "NDA_DST"),
    (nda::LLADDR, "NDA_LLADDR"),
    (nda::CACHEINFO, "NDA_CACHEINFO"),
    (nda::PROBES, "NDA_PROBES"),
    (nda::VLAN, "NDA_VLAN"),
    (nda::PORT, "NDA_PORT"),
    (nda::VNI, "NDA_VNI"),
    (nda::IFINDEX, "NDA_IFINDEX"),
    (nda::MASTER, "NDA_MASTER"),
    (nda::LINK_NETNSID, "NDA_LINK_NETNSID"),
    (nda::PROTOCOL, "NDA_PROTOCOL"),
    (nda::FLAGS_EXT, "NDA_FLAGS_EXT"),
];

const CTRL: &[(u16, &str)] = &[
    (genl::CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID"),
    (genl::CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME"),
    (genl::CTRL_ATTR_VERSION, "CTRL_ATTR_VERSION"),
    (genl::CTRL_ATTR_HDRSIZE, "CTRL_ATTR_HDRSIZE"),
    (genl::CTRL_ATTR_MAXATTR, "CTRL_ATTR_MAXATTR"),
    (genl::CTRL_ATTR_OPS, "CTRL_ATTR_OPS"),
    (genl::CTRL_ATTR_MCAST_GROUPS, "CTRL_ATTR_MCAST_GROUPS"),
    (genl::CTRL_ATTR_POLICY, "CTRL_ATTR_POLICY"),
    (genl::CTRL_ATTR_OP_POLICY, "CTRL_ATTR_OP_POLICY"),
    (genl::CTRL_ATTR_OP, "CTRL_ATTR_OP"),
];
