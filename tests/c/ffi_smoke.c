/*
 * The C API from C: tests/ffi_c.rs compiles this against include/libnlrs.h with
 * -std=c11 -Wall -Wextra -Werror -pedantic, links it to libnlrs.so and runs it in a private
 * network namespace holding a veth pair.
 *
 * At compile time it checks that the by-value structs have the sizes the Rust side asserts,
 * that the family header structs have the layout of the kernel's own, and that every NLRS_*
 * constant equals the kernel uapi value (the only file here that includes linux/ headers: C users
 * of libnlrs.h need none). At run time it checks NULL handling, dumps the links (one
 * "link NAME" line each, which the Rust side compares with `ip -j link`), and reads the
 * extended ACK of a refused request ("error ..." lines).
 *
 * Usage: ffi_smoke IFINDEX   (the ifindex of a link named "nv0")
 */
#include <libnlrs.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define CHECK(cond) _Static_assert(cond, #cond)

/* The by-value structs, as src/ffi/rmsg.rs asserts them. */
CHECK(sizeof(nlrs_bytes) == 2 * sizeof(void *));
CHECK(sizeof(nlrs_rmsg) == 2 * sizeof(void *));
CHECK(sizeof(nlrs_attr_iter) == 2 * sizeof(void *));
CHECK(sizeof(nlrs_msg_iter) == 2 * sizeof(void *));
CHECK(sizeof(nlrs_attr) == 3 * sizeof(void *));
CHECK(offsetof(nlrs_attr, raw_type) == 2);
CHECK(offsetof(nlrs_attr, data) == sizeof(void *));

/* The family headers, field by field against the kernel's structs. */
#define SAME(ours, theirs, field)                                                               \
    CHECK(offsetof(ours, field) == offsetof(struct theirs, field) &&                            \
          sizeof(((ours *)0)->field) == sizeof(((struct theirs *)0)->field))
CHECK(sizeof(nlrs_ifinfomsg) == sizeof(struct ifinfomsg));
SAME(nlrs_ifinfomsg, ifinfomsg, ifi_family);
SAME(nlrs_ifinfomsg, ifinfomsg, ifi_type);
SAME(nlrs_ifinfomsg, ifinfomsg, ifi_index);
SAME(nlrs_ifinfomsg, ifinfomsg, ifi_flags);
SAME(nlrs_ifinfomsg, ifinfomsg, ifi_change);
CHECK(sizeof(nlrs_ifaddrmsg) == sizeof(struct ifaddrmsg));
SAME(nlrs_ifaddrmsg, ifaddrmsg, ifa_family);
SAME(nlrs_ifaddrmsg, ifaddrmsg, ifa_prefixlen);
SAME(nlrs_ifaddrmsg, ifaddrmsg, ifa_flags);
SAME(nlrs_ifaddrmsg, ifaddrmsg, ifa_scope);
SAME(nlrs_ifaddrmsg, ifaddrmsg, ifa_index);
CHECK(sizeof(nlrs_rtmsg) == sizeof(struct rtmsg));
SAME(nlrs_rtmsg, rtmsg, rtm_family);
SAME(nlrs_rtmsg, rtmsg, rtm_dst_len);
SAME(nlrs_rtmsg, rtmsg, rtm_src_len);
SAME(nlrs_rtmsg, rtmsg, rtm_tos);
SAME(nlrs_rtmsg, rtmsg, rtm_table);
SAME(nlrs_rtmsg, rtmsg, rtm_protocol);
SAME(nlrs_rtmsg, rtmsg, rtm_scope);
SAME(nlrs_rtmsg, rtmsg, rtm_type);
SAME(nlrs_rtmsg, rtmsg, rtm_flags);
CHECK(sizeof(nlrs_ndmsg) == sizeof(struct ndmsg));
SAME(nlrs_ndmsg, ndmsg, ndm_family);
SAME(nlrs_ndmsg, ndmsg, ndm_pad1);
SAME(nlrs_ndmsg, ndmsg, ndm_pad2);
SAME(nlrs_ndmsg, ndmsg, ndm_ifindex);
SAME(nlrs_ndmsg, ndmsg, ndm_state);
SAME(nlrs_ndmsg, ndmsg, ndm_flags);
SAME(nlrs_ndmsg, ndmsg, ndm_type);
CHECK(sizeof(nlrs_rtgenmsg) == sizeof(struct rtgenmsg));
SAME(nlrs_rtgenmsg, rtgenmsg, rtgen_family);
CHECK(sizeof(nlrs_genlmsghdr) == sizeof(struct genlmsghdr));
SAME(nlrs_genlmsghdr, genlmsghdr, cmd);
SAME(nlrs_genlmsghdr, genlmsghdr, version);
SAME(nlrs_genlmsghdr, genlmsghdr, reserved);

/* Every constant against the kernel's uapi headers. */
CHECK(NLRS_PROTO_ROUTE == NETLINK_ROUTE);
CHECK(NLRS_PROTO_USERSOCK == NETLINK_USERSOCK);
CHECK(NLRS_PROTO_FIREWALL == NETLINK_FIREWALL);
CHECK(NLRS_PROTO_SOCK_DIAG == NETLINK_SOCK_DIAG);
CHECK(NLRS_PROTO_NFLOG == NETLINK_NFLOG);
CHECK(NLRS_PROTO_XFRM == NETLINK_XFRM);
CHECK(NLRS_PROTO_SELINUX == NETLINK_SELINUX);
CHECK(NLRS_PROTO_ISCSI == NETLINK_ISCSI);
CHECK(NLRS_PROTO_AUDIT == NETLINK_AUDIT);
CHECK(NLRS_PROTO_FIB_LOOKUP == NETLINK_FIB_LOOKUP);
CHECK(NLRS_PROTO_CONNECTOR == NETLINK_CONNECTOR);
CHECK(NLRS_PROTO_NETFILTER == NETLINK_NETFILTER);
CHECK(NLRS_PROTO_KOBJECT_UEVENT == NETLINK_KOBJECT_UEVENT);
CHECK(NLRS_PROTO_GENERIC == NETLINK_GENERIC);
CHECK(NLRS_PROTO_SCSITRANSPORT == NETLINK_SCSITRANSPORT);
CHECK(NLRS_PROTO_ECRYPTFS == NETLINK_ECRYPTFS);
CHECK(NLRS_PROTO_RDMA == NETLINK_RDMA);
CHECK(NLRS_PROTO_CRYPTO == NETLINK_CRYPTO);
CHECK(NLRS_PROTO_SMC == NETLINK_SMC);
CHECK(NLRS_NLMSG_NOOP == NLMSG_NOOP);
CHECK(NLRS_NLMSG_ERROR == NLMSG_ERROR);
CHECK(NLRS_NLMSG_DONE == NLMSG_DONE);
CHECK(NLRS_NLMSG_OVERRUN == NLMSG_OVERRUN);
CHECK(NLRS_NLMSG_MIN_TYPE == NLMSG_MIN_TYPE);
CHECK(NLRS_NLM_F_REQUEST == NLM_F_REQUEST);
CHECK(NLRS_NLM_F_MULTI == NLM_F_MULTI);
CHECK(NLRS_NLM_F_ACK == NLM_F_ACK);
CHECK(NLRS_NLM_F_ECHO == NLM_F_ECHO);
CHECK(NLRS_NLM_F_DUMP_INTR == NLM_F_DUMP_INTR);
CHECK(NLRS_NLM_F_DUMP_FILTERED == NLM_F_DUMP_FILTERED);
CHECK(NLRS_NLM_F_ROOT == NLM_F_ROOT);
CHECK(NLRS_NLM_F_MATCH == NLM_F_MATCH);
CHECK(NLRS_NLM_F_ATOMIC == NLM_F_ATOMIC);
CHECK(NLRS_NLM_F_DUMP == NLM_F_DUMP);
CHECK(NLRS_NLM_F_REPLACE == NLM_F_REPLACE);
CHECK(NLRS_NLM_F_EXCL == NLM_F_EXCL);
CHECK(NLRS_NLM_F_CREATE == NLM_F_CREATE);
CHECK(NLRS_NLM_F_APPEND == NLM_F_APPEND);
CHECK(NLRS_NLM_F_NONREC == NLM_F_NONREC);
CHECK(NLRS_NLM_F_BULK == NLM_F_BULK);
CHECK(NLRS_NLM_F_CAPPED == NLM_F_CAPPED);
CHECK(NLRS_NLM_F_ACK_TLVS == NLM_F_ACK_TLVS);
CHECK(NLRS_NLA_F_NESTED == NLA_F_NESTED);
CHECK(NLRS_NLA_F_NET_BYTEORDER == NLA_F_NET_BYTEORDER);
CHECK((uint16_t)NLA_TYPE_MASK == NLRS_NLA_TYPE_MASK);
CHECK(NLRS_NLA_HDRLEN == NLA_HDRLEN);
CHECK(NLRS_NLMSG_HDRLEN == NLMSG_HDRLEN);
CHECK(NLRS_RTM_NEWLINK == RTM_NEWLINK);
CHECK(NLRS_RTM_DELLINK == RTM_DELLINK);
CHECK(NLRS_RTM_GETLINK == RTM_GETLINK);
CHECK(NLRS_RTM_SETLINK == RTM_SETLINK);
CHECK(NLRS_RTM_NEWADDR == RTM_NEWADDR);
CHECK(NLRS_RTM_DELADDR == RTM_DELADDR);
CHECK(NLRS_RTM_GETADDR == RTM_GETADDR);
CHECK(NLRS_RTM_NEWROUTE == RTM_NEWROUTE);
CHECK(NLRS_RTM_DELROUTE == RTM_DELROUTE);
CHECK(NLRS_RTM_GETROUTE == RTM_GETROUTE);
CHECK(NLRS_RTM_NEWNEIGH == RTM_NEWNEIGH);
CHECK(NLRS_RTM_DELNEIGH == RTM_DELNEIGH);
CHECK(NLRS_RTM_GETNEIGH == RTM_GETNEIGH);
CHECK(NLRS_AF_UNSPEC == AF_UNSPEC);
CHECK(NLRS_AF_INET == AF_INET);
CHECK(NLRS_AF_BRIDGE == AF_BRIDGE);
CHECK(NLRS_AF_INET6 == AF_INET6);
CHECK(NLRS_RTNLGRP_LINK == RTNLGRP_LINK);
CHECK(NLRS_RTNLGRP_NOTIFY == RTNLGRP_NOTIFY);
CHECK(NLRS_RTNLGRP_NEIGH == RTNLGRP_NEIGH);
CHECK(NLRS_RTNLGRP_TC == RTNLGRP_TC);
CHECK(NLRS_RTNLGRP_IPV4_IFADDR == RTNLGRP_IPV4_IFADDR);
CHECK(NLRS_RTNLGRP_IPV4_MROUTE == RTNLGRP_IPV4_MROUTE);
CHECK(NLRS_RTNLGRP_IPV4_ROUTE == RTNLGRP_IPV4_ROUTE);
CHECK(NLRS_RTNLGRP_IPV4_RULE == RTNLGRP_IPV4_RULE);
CHECK(NLRS_RTNLGRP_IPV6_IFADDR == RTNLGRP_IPV6_IFADDR);
CHECK(NLRS_RTNLGRP_IPV6_MROUTE == RTNLGRP_IPV6_MROUTE);
CHECK(NLRS_RTNLGRP_IPV6_ROUTE == RTNLGRP_IPV6_ROUTE);
CHECK(NLRS_RTNLGRP_IPV6_IFINFO == RTNLGRP_IPV6_IFINFO);
CHECK(NLRS_RTNLGRP_NSID == RTNLGRP_NSID);
CHECK(NLRS_RTNLGRP_IPV4_NETCONF == RTNLGRP_IPV4_NETCONF);
CHECK(NLRS_RTNLGRP_IPV6_NETCONF == RTNLGRP_IPV6_NETCONF);
CHECK(NLRS_RTNLGRP_MPLS_ROUTE == RTNLGRP_MPLS_ROUTE);
CHECK(NLRS_RTNLGRP_NEXTHOP == RTNLGRP_NEXTHOP);
CHECK(NLRS_RTNLGRP_BRVLAN == RTNLGRP_BRVLAN);
CHECK(NLRS_RTNLGRP_MCTP_IFADDR == RTNLGRP_MCTP_IFADDR);
CHECK(NLRS_RTNLGRP_TUNNEL == RTNLGRP_TUNNEL);
CHECK(NLRS_RTNLGRP_STATS == RTNLGRP_STATS);
CHECK(NLRS_IFF_UP == IFF_UP);
CHECK(NLRS_IFF_BROADCAST == IFF_BROADCAST);
CHECK(NLRS_IFF_LOOPBACK == IFF_LOOPBACK);
CHECK(NLRS_IFF_POINTOPOINT == IFF_POINTOPOINT);
CHECK(NLRS_IFF_RUNNING == IFF_RUNNING);
CHECK(NLRS_IFF_NOARP == IFF_NOARP);
CHECK(NLRS_IFF_PROMISC == IFF_PROMISC);
CHECK(NLRS_IFF_MULTICAST == IFF_MULTICAST);
CHECK(NLRS_IFF_LOWER_UP == IFF_LOWER_UP);
CHECK(NLRS_IFLA_ADDRESS == IFLA_ADDRESS);
CHECK(NLRS_IFLA_BROADCAST == IFLA_BROADCAST);
CHECK(NLRS_IFLA_IFNAME == IFLA_IFNAME);
CHECK(NLRS_IFLA_MTU == IFLA_MTU);
CHECK(NLRS_IFLA_LINK == IFLA_LINK);
CHECK(NLRS_IFLA_QDISC == IFLA_QDISC);
CHECK(NLRS_IFLA_STATS == IFLA_STATS);
CHECK(NLRS_IFLA_MASTER == IFLA_MASTER);
CHECK(NLRS_IFLA_TXQLEN == IFLA_TXQLEN);
CHECK(NLRS_IFLA_OPERSTATE == IFLA_OPERSTATE);
CHECK(NLRS_IFLA_LINKMODE == IFLA_LINKMODE);
CHECK(NLRS_IFLA_LINKINFO == IFLA_LINKINFO);
CHECK(NLRS_IFLA_NET_NS_PID == IFLA_NET_NS_PID);
CHECK(NLRS_IFLA_IFALIAS == IFLA_IFALIAS);
CHECK(NLRS_IFLA_STATS64 == IFLA_STATS64);
CHECK(NLRS_IFLA_AF_SPEC == IFLA_AF_SPEC);
CHECK(NLRS_IFLA_GROUP == IFLA_GROUP);
CHECK(NLRS_IFLA_NET_NS_FD == IFLA_NET_NS_FD);
CHECK(NLRS_IFLA_EXT_MASK == IFLA_EXT_MASK);
CHECK(NLRS_IFLA_PROMISCUITY == IFLA_PROMISCUITY);
CHECK(NLRS_IFLA_NUM_TX_QUEUES == IFLA_NUM_TX_QUEUES);
CHECK(NLRS_IFLA_NUM_RX_QUEUES == IFLA_NUM_RX_QUEUES);
CHECK(NLRS_IFLA_CARRIER == IFLA_CARRIER);
CHECK(NLRS_IFLA_LINK_NETNSID == IFLA_LINK_NETNSID);
CHECK(NLRS_IFLA_TARGET_NETNSID == IFLA_TARGET_NETNSID);
CHECK(NLRS_IFLA_MIN_MTU == IFLA_MIN_MTU);
CHECK(NLRS_IFLA_MAX_MTU == IFLA_MAX_MTU);
CHECK(NLRS_IFLA_ALT_IFNAME == IFLA_ALT_IFNAME);
CHECK(NLRS_IFLA_PERM_ADDRESS == IFLA_PERM_ADDRESS);
CHECK(NLRS_IFLA_INFO_KIND == IFLA_INFO_KIND);
CHECK(NLRS_IFLA_INFO_DATA == IFLA_INFO_DATA);
CHECK(NLRS_IFLA_INFO_XSTATS == IFLA_INFO_XSTATS);
CHECK(NLRS_IFLA_INFO_SLAVE_KIND == IFLA_INFO_SLAVE_KIND);
CHECK(NLRS_IFLA_INFO_SLAVE_DATA == IFLA_INFO_SLAVE_DATA);
CHECK(NLRS_IFA_ADDRESS == IFA_ADDRESS);
CHECK(NLRS_IFA_LOCAL == IFA_LOCAL);
CHECK(NLRS_IFA_LABEL == IFA_LABEL);
CHECK(NLRS_IFA_BROADCAST == IFA_BROADCAST);
CHECK(NLRS_IFA_ANYCAST == IFA_ANYCAST);
CHECK(NLRS_IFA_CACHEINFO == IFA_CACHEINFO);
CHECK(NLRS_IFA_MULTICAST == IFA_MULTICAST);
CHECK(NLRS_IFA_FLAGS == IFA_FLAGS);
CHECK(NLRS_IFA_RT_PRIORITY == IFA_RT_PRIORITY);
CHECK(NLRS_IFA_TARGET_NETNSID == IFA_TARGET_NETNSID);
CHECK(NLRS_IFA_PROTO == IFA_PROTO);
CHECK(NLRS_RTA_DST == RTA_DST);
CHECK(NLRS_RTA_SRC == RTA_SRC);
CHECK(NLRS_RTA_IIF == RTA_IIF);
CHECK(NLRS_RTA_OIF == RTA_OIF);
CHECK(NLRS_RTA_GATEWAY == RTA_GATEWAY);
CHECK(NLRS_RTA_PRIORITY == RTA_PRIORITY);
CHECK(NLRS_RTA_PREFSRC == RTA_PREFSRC);
CHECK(NLRS_RTA_METRICS == RTA_METRICS);
CHECK(NLRS_RTA_MULTIPATH == RTA_MULTIPATH);
CHECK(NLRS_RTA_FLOW == RTA_FLOW);
CHECK(NLRS_RTA_CACHEINFO == RTA_CACHEINFO);
CHECK(NLRS_RTA_TABLE == RTA_TABLE);
CHECK(NLRS_RTA_MARK == RTA_MARK);
CHECK(NLRS_RTA_VIA == RTA_VIA);
CHECK(NLRS_RTA_PREF == RTA_PREF);
CHECK(NLRS_RTA_ENCAP_TYPE == RTA_ENCAP_TYPE);
CHECK(NLRS_RTA_ENCAP == RTA_ENCAP);
CHECK(NLRS_RTA_EXPIRES == RTA_EXPIRES);
CHECK(NLRS_RTA_UID == RTA_UID);
CHECK(NLRS_RTA_NH_ID == RTA_NH_ID);
CHECK(NLRS_NDA_DST == NDA_DST);
CHECK(NLRS_NDA_LLADDR == NDA_LLADDR);
CHECK(NLRS_NDA_CACHEINFO == NDA_CACHEINFO);
CHECK(NLRS_NDA_PROBES == NDA_PROBES);
CHECK(NLRS_NDA_VLAN == NDA_VLAN);
CHECK(NLRS_NDA_PORT == NDA_PORT);
CHECK(NLRS_NDA_VNI == NDA_VNI);
CHECK(NLRS_NDA_IFINDEX == NDA_IFINDEX);
CHECK(NLRS_NDA_MASTER == NDA_MASTER);
CHECK(NLRS_NDA_LINK_NETNSID == NDA_LINK_NETNSID);
CHECK(NLRS_NDA_PROTOCOL == NDA_PROTOCOL);
CHECK(NLRS_NDA_FLAGS_EXT == NDA_FLAGS_EXT);
CHECK(NLRS_GENL_ID_CTRL == GENL_ID_CTRL);
CHECK(NLRS_CTRL_CMD_NEWFAMILY == CTRL_CMD_NEWFAMILY);
CHECK(NLRS_CTRL_CMD_DELFAMILY == CTRL_CMD_DELFAMILY);
CHECK(NLRS_CTRL_CMD_GETFAMILY == CTRL_CMD_GETFAMILY);
CHECK(NLRS_CTRL_CMD_GETPOLICY == CTRL_CMD_GETPOLICY);
CHECK(NLRS_CTRL_ATTR_FAMILY_ID == CTRL_ATTR_FAMILY_ID);
CHECK(NLRS_CTRL_ATTR_FAMILY_NAME == CTRL_ATTR_FAMILY_NAME);
CHECK(NLRS_CTRL_ATTR_VERSION == CTRL_ATTR_VERSION);
CHECK(NLRS_CTRL_ATTR_HDRSIZE == CTRL_ATTR_HDRSIZE);
CHECK(NLRS_CTRL_ATTR_MAXATTR == CTRL_ATTR_MAXATTR);
CHECK(NLRS_CTRL_ATTR_OPS == CTRL_ATTR_OPS);
CHECK(NLRS_CTRL_ATTR_MCAST_GROUPS == CTRL_ATTR_MCAST_GROUPS);
CHECK(NLRS_CTRL_ATTR_POLICY == CTRL_ATTR_POLICY);
CHECK(NLRS_CTRL_ATTR_OP_POLICY == CTRL_ATTR_OP_POLICY);
CHECK(NLRS_CTRL_ATTR_OP == CTRL_ATTR_OP);

static int failures;

#define EXPECT(cond)                                                                            \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);                 \
            failures++;                                                                         \
        }                                                                                       \
    } while (0)

/* NULL arguments: -EINVAL, or 0/NULL from getters; out-parameters untouched. */
static void null_arguments(void)
{
    nlrs_socket *sock = (nlrs_socket *)&failures; /* any non-NULL value: must stay */
    nlrs_attr_iter it = {NULL, 0};
    nlrs_attr attr;

    EXPECT(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, NULL) == -EINVAL);
    EXPECT(nlrs_socket_open(NLRS_PROTO_ROUTE, 0x80, &sock) == -EINVAL);
    EXPECT(sock == (nlrs_socket *)&failures);
    EXPECT(nlrs_socket_fd(NULL) == -EINVAL);
    EXPECT(nlrs_socket_port_id(NULL) == 0);
    EXPECT(nlrs_socket_ext_msg(NULL) == NULL);
    EXPECT(nlrs_msg_new(NLRS_RTM_GETLINK, 0, NULL) == -EINVAL);
    EXPECT(nlrs_msg_put_u32(NULL, NLRS_IFLA_MTU, 1) == -EINVAL);
    EXPECT(nlrs_replies_len(NULL) == 0);
    EXPECT(nlrs_dump_next(NULL, NULL) == -EINVAL);
    EXPECT(nlrs_attr_next(&it, &attr) == 0);
    nlrs_socket_free(NULL);
    nlrs_msg_free(NULL);
    nlrs_dump_free(NULL);
    nlrs_batch_free(NULL);
    nlrs_replies_free(NULL);
}

/* Prints "link NAME" for each link, in the kernel's order. Returns 0 or a negative code. */
static int dump_links(nlrs_socket *sock)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *req = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    int rc;

    memset(&ifi, 0, sizeof ifi);
    rc = nlrs_msg_new(NLRS_RTM_GETLINK, 0, &req);
    if (rc == 0)
        rc = nlrs_msg_put_header(req, &ifi, sizeof ifi);
    if (rc == 0)
        rc = nlrs_socket_dump(sock, req, &dump);
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        nlrs_attr_iter attrs;
        nlrs_attr attr;
        const char *name = NULL;

        EXPECT(nlrs_rmsg_type(msg) == NLRS_RTM_NEWLINK);
        rc = nlrs_rmsg_attrs(msg, sizeof ifi, &attrs);
        if (rc == 0 && (rc = nlrs_attr_find(attrs, NLRS_IFLA_IFNAME, &attr)) == 1)
            rc = nlrs_attr_get_string(&attr, &name);
        if (rc < 0)
            break;
        printf("link %s\n", name != NULL ? name : "?");
    }
    nlrs_dump_free(dump);
    nlrs_msg_free(req);
    return rc;
}

/* Sets the MTU of `ifindex` as a 2-byte attribute, which the kernel refuses with ERANGE and an
 * extended ACK pointing at IFLA_MTU. Prints what the socket kept. */
static void refused_request(nlrs_socket *sock, int ifindex)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *req = NULL;
    nlrs_replies *replies = (nlrs_replies *)&failures;
    char path[64], text[256];
    uint16_t types[4];
    uint32_t offset = 0;
    int rc;

    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_index = ifindex;
    EXPECT(nlrs_msg_new(NLRS_RTM_NEWLINK, 0, &req) == 0);
    EXPECT(nlrs_msg_put_header(req, &ifi, sizeof ifi) == 0);
    EXPECT(nlrs_msg_put_string(req, NLRS_IFLA_IFNAME, "nv0") == 0);
    EXPECT(nlrs_msg_put_u16(req, NLRS_IFLA_MTU, 1000) == 0);
    rc = nlrs_socket_request(sock, req, &replies);
    EXPECT(replies == (nlrs_replies *)&failures);
    EXPECT(nlrs_socket_last_errno(sock) == -rc);
    EXPECT(nlrs_socket_ext_path(sock, path, sizeof path) == (int)strlen(path));
    EXPECT(nlrs_socket_ext_path_types(sock, types, 4) == 1 && types[0] == NLRS_IFLA_MTU);
    EXPECT(nlrs_socket_ext_offset(sock, &offset) == 1);
    EXPECT(nlrs_socket_error_text(sock, rc, text, sizeof text) == (int)strlen(text));
    printf("error %d path %s offset %u\n", -rc, path, (unsigned)offset);
    printf("error text %s\n", text);
    nlrs_msg_free(req);
}

int main(int argc, char **argv)
{
    nlrs_socket *sock = NULL;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: %s IFINDEX\n", argv[0]);
        return 2;
    }
    null_arguments();
    rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    EXPECT(rc == 0);
    if (rc == 0) {
        rc = dump_links(sock);
        EXPECT(rc == 0);
        refused_request(sock, atoi(argv[1]));
    }
    nlrs_socket_free(sock);
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
