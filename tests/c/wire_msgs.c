/*
 * Reference messages for tests/wire_c_equality.rs, built only with the kernel's own uapi
 * macros (NLMSG_*, RTA_*, GENL_HDRLEN) and the attribute helpers iproute2 builds on them
 * (addattr_l, addattr_nest, addattr_nest_end), so that nlrs is compared with what C programs
 * have always sent rather than with a second reading of the same specification.
 *
 * Prints one message (or batch) per line: "<name> <hex bytes>".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

/* Not in the uapi headers; iproute2's definition. */
#define NLMSG_TAIL(nmsg) ((struct rtattr *)(((char *)(nmsg)) + NLMSG_ALIGN((nmsg)->nlmsg_len)))

/* The same sequence number as the Rust side uses. */
#define SEQ 0x01020304u

/* A message type no family defines, for the attribute-only message. */
#define TEST_MSG_TYPE 0x7e

/* iproute2's addattr_l: the message length includes the attribute's trailing padding. */
static void addattr_l(struct nlmsghdr *n, size_t maxlen, unsigned short type, const void *data,
                      size_t alen)
{
    size_t len = RTA_LENGTH(alen);
    struct rtattr *rta;

    if (NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len) > maxlen) {
        fprintf(stderr, "message buffer too small for attribute %u\n", type);
        exit(1);
    }
    rta = NLMSG_TAIL(n);
    rta->rta_type = type;
    rta->rta_len = (unsigned short)len;
    if (alen)
        memcpy(RTA_DATA(rta), data, alen);
    n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len);
}

static void addattr8(struct nlmsghdr *n, size_t maxlen, unsigned short type, uint8_t v)
{
    addattr_l(n, maxlen, type, &v, sizeof(v));
}

static void addattr16(struct nlmsghdr *n, size_t maxlen, unsigned short type, uint16_t v)
{
    addattr_l(n, maxlen, type, &v, sizeof(v));
}

static void addattr32(struct nlmsghdr *n, size_t maxlen, unsigned short type, uint32_t v)
{
    addattr_l(n, maxlen, type, &v, sizeof(v));
}

static void addattr64(struct nlmsghdr *n, size_t maxlen, unsigned short type, uint64_t v)
{
    addattr_l(n, maxlen, type, &v, sizeof(v));
}

static void addattrstrz(struct nlmsghdr *n, size_t maxlen, unsigned short type, const char *s)
{
    addattr_l(n, maxlen, type, s, strlen(s) + 1);
}

/* iproute2's addattr_nest / addattr_nest_end, which set NLA_F_NESTED. */
static struct rtattr *addattr_nest(struct nlmsghdr *n, size_t maxlen, unsigned short type)
{
    struct rtattr *nest = NLMSG_TAIL(n);

    addattr_l(n, maxlen, type | NLA_F_NESTED, NULL, 0);
    return nest;
}

static void addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)((char *)NLMSG_TAIL(n) - (char *)nest);
}

static void print_hex(const char *name, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    size_t i;

    printf("%s ", name);
    for (i = 0; i < len; i++)
        printf("%02x", p[i]);
    printf("\n");
}

/* rtnetlink(3)'s example, with ifi_change = 0 and an ACK requested. */
static void set_mtu(void)
{
    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
        char attrbuf[512];
    } req;
    struct rtattr *rta;
    unsigned int mtu = 1000;

    memset(&req, 0, sizeof(req));
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.nh.nlmsg_type = RTM_NEWLINK;
    req.nh.nlmsg_seq = SEQ;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = 7;
    req.ifi.ifi_change = 0;
    rta = (struct rtattr *)(((char *)&req) + NLMSG_ALIGN(req.nh.nlmsg_len));
    rta->rta_type = IFLA_MTU;
    rta->rta_len = RTA_LENGTH(sizeof(mtu));
    req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_LENGTH(sizeof(mtu));
    memcpy(RTA_DATA(rta), &mtu, sizeof(mtu));
    print_hex("set_mtu", &req, req.nh.nlmsg_len);
}

/* Every scalar width, a string, a flag and raw bytes of odd lengths, with no family header. */
static void scalars(void)
{
    struct {
        struct nlmsghdr n;
        char buf[512];
    } req;
    static const unsigned char raw3[3] = {0xa1, 0xb2, 0xc3};

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_LENGTH(0);
    req.n.nlmsg_type = TEST_MSG_TYPE;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.n.nlmsg_seq = SEQ;
    req.n.nlmsg_pid = 0x11223344;
    addattr8(&req.n, sizeof(req), 1, 0xab);
    addattr16(&req.n, sizeof(req), 2, 0xbeef);
    addattr32(&req.n, sizeof(req), 3, 0xdeadbeef);
    /* Lands at offset 44: 4-byte aligned, not 8. */
    addattr64(&req.n, sizeof(req), 4, 0x0123456789abcdefULL);
    addattrstrz(&req.n, sizeof(req), 5, "hello");
    addattr_l(&req.n, sizeof(req), 6, NULL, 0);
    addattr_l(&req.n, sizeof(req), 7, raw3, sizeof(raw3));
    addattrstrz(&req.n, sizeof(req), 8, "");
    addattr32(&req.n, sizeof(req), 9, 0xfffffffe);
    /* Last, so the message ends in padding. */
    addattr8(&req.n, sizeof(req), 10, 0x5a);
    print_hex("scalars", &req, req.n.nlmsg_len);
}

/* `ip link add veth0 mtu 1500 type veth peer name veth1 mtu 1400`, as iproute2 builds it. */
static void newlink_veth(void)
{
    struct {
        struct nlmsghdr n;
        struct ifinfomsg ifi;
        char buf[1024];
    } req;
    struct rtattr *linkinfo, *data, *peer;

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    req.n.nlmsg_type = RTM_NEWLINK;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    req.n.nlmsg_seq = SEQ;
    req.ifi.ifi_family = AF_UNSPEC;
    addattrstrz(&req.n, sizeof(req), IFLA_IFNAME, "veth0");
    linkinfo = addattr_nest(&req.n, sizeof(req), IFLA_LINKINFO);
    addattrstrz(&req.n, sizeof(req), IFLA_INFO_KIND, "veth");
    data = addattr_nest(&req.n, sizeof(req), IFLA_INFO_DATA);
    peer = addattr_nest(&req.n, sizeof(req), VETH_INFO_PEER);
    /* The peer's payload starts with its own ifinfomsg, as in iproute2's link_veth.c. */
    req.n.nlmsg_len += sizeof(struct ifinfomsg);
    addattrstrz(&req.n, sizeof(req), IFLA_IFNAME, "veth1");
    addattr32(&req.n, sizeof(req), IFLA_MTU, 1400);
    addattr_nest_end(&req.n, peer);
    addattr_nest_end(&req.n, data);
    addattr_nest_end(&req.n, linkinfo);
    addattr32(&req.n, sizeof(req), IFLA_MTU, 1500);
    print_hex("newlink_veth", &req, req.n.nlmsg_len);
}

/* `ip route add 10.1.2.0/24 via 192.168.1.1 dev <3> table main proto static`. */
static void newroute4(void)
{
    struct {
        struct nlmsghdr n;
        struct rtmsg r;
        char buf[256];
    } req;
    static const unsigned char dst[4] = {10, 1, 2, 0};
    static const unsigned char gw[4] = {192, 168, 1, 1};

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
    req.n.nlmsg_type = RTM_NEWROUTE;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    req.n.nlmsg_seq = SEQ;
    req.r.rtm_family = AF_INET;
    req.r.rtm_dst_len = 24;
    req.r.rtm_table = RT_TABLE_MAIN;
    req.r.rtm_protocol = RTPROT_STATIC;
    req.r.rtm_scope = RT_SCOPE_UNIVERSE;
    req.r.rtm_type = RTN_UNICAST;
    addattr_l(&req.n, sizeof(req), RTA_DST, dst, sizeof(dst));
    addattr_l(&req.n, sizeof(req), RTA_GATEWAY, gw, sizeof(gw));
    addattr32(&req.n, sizeof(req), RTA_OIF, 3);
    addattr32(&req.n, sizeof(req), RTA_TABLE, RT_TABLE_MAIN);
    print_hex("newroute4", &req, req.n.nlmsg_len);
}

/* An IPv6 route in a table above 255, which only RTA_TABLE can name. */
static void newroute6(void)
{
    struct {
        struct nlmsghdr n;
        struct rtmsg r;
        char buf[256];
    } req;
    static const unsigned char dst[16] = {0x20, 0x01, 0x0d, 0xb8};
    static const unsigned char gw[16] = {0xfe, 0x80, [15] = 0x01};

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
    req.n.nlmsg_type = RTM_NEWROUTE;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
    req.n.nlmsg_seq = SEQ;
    req.r.rtm_family = AF_INET6;
    req.r.rtm_dst_len = 32;
    req.r.rtm_table = RT_TABLE_UNSPEC;
    req.r.rtm_protocol = RTPROT_BOOT;
    req.r.rtm_scope = RT_SCOPE_UNIVERSE;
    req.r.rtm_type = RTN_UNICAST;
    addattr_l(&req.n, sizeof(req), RTA_DST, dst, sizeof(dst));
    addattr_l(&req.n, sizeof(req), RTA_GATEWAY, gw, sizeof(gw));
    addattr32(&req.n, sizeof(req), RTA_OIF, 3);
    addattr32(&req.n, sizeof(req), RTA_PRIORITY, 1024);
    addattr32(&req.n, sizeof(req), RTA_TABLE, 1000);
    print_hex("newroute6", &req, req.n.nlmsg_len);
}

/* CTRL_CMD_GETFAMILY "nlctrl" to the generic netlink controller. */
static void genl_getfamily(void)
{
    struct {
        struct nlmsghdr n;
        struct genlmsghdr g;
        char buf[256];
    } req;

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
    req.n.nlmsg_type = GENL_ID_CTRL;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.n.nlmsg_seq = SEQ;
    req.g.cmd = CTRL_CMD_GETFAMILY;
    req.g.version = 2;
    addattrstrz(&req.n, sizeof(req), CTRL_ATTR_FAMILY_NAME, "nlctrl");
    addattr16(&req.n, sizeof(req), CTRL_ATTR_FAMILY_ID, GENL_ID_CTRL);
    print_hex("genl_getfamily", &req, req.n.nlmsg_len);
}

/* A dump request with the one-byte rtgenmsg; nlrs counts its padding, as NLMSG_SPACE does. */
static void getlink_dump(void)
{
    struct {
        struct nlmsghdr n;
        struct rtgenmsg g;
        char pad[3];
    } req;

    memset(&req, 0, sizeof(req));
    req.n.nlmsg_len = NLMSG_SPACE(sizeof(struct rtgenmsg));
    req.n.nlmsg_type = RTM_GETLINK;
    req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.n.nlmsg_seq = SEQ;
    req.g.rtgen_family = AF_UNSPEC;
    print_hex("getlink_dump", &req, req.n.nlmsg_len);
}

/* Two requests in one buffer, walked with NLMSG_NEXT, with consecutive sequence numbers. */
static void batch(void)
{
    union {
        struct nlmsghdr n;
        char buf[1024];
    } b;
    struct nlmsghdr *n1, *n2;
    struct ifinfomsg *ifi;
    struct ifaddrmsg *ifa;
    int left = sizeof(b);
    static const unsigned char local[4] = {10, 0, 0, 1};

    memset(&b, 0, sizeof(b));
    n1 = &b.n;
    n1->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    n1->nlmsg_type = RTM_NEWLINK;
    n1->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    n1->nlmsg_seq = 500;
    ifi = NLMSG_DATA(n1);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = 7;
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    addattrstrz(n1, (size_t)left, IFLA_IFALIAS, "uplink");

    n2 = NLMSG_NEXT(n1, left);
    n2->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
    n2->nlmsg_type = RTM_NEWADDR;
    n2->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    n2->nlmsg_seq = 501;
    ifa = NLMSG_DATA(n2);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 24;
    ifa->ifa_index = 7;
    addattr_l(n2, (size_t)left, IFA_LOCAL, local, sizeof(local));
    addattr_l(n2, (size_t)left, IFA_ADDRESS, local, sizeof(local));
    addattrstrz(n2, (size_t)left, IFA_LABEL, "eth0:1");
    addattr32(n2, (size_t)left, IFA_FLAGS, IFA_F_NOPREFIXROUTE);

    print_hex("batch", &b, NLMSG_ALIGN(n1->nlmsg_len) + NLMSG_ALIGN(n2->nlmsg_len));
}

int main(void)
{
    set_mtu();
    scalars();
    newlink_veth();
    newroute4();
    newroute6();
    genl_getfamily();
    getlink_dump();
    batch();
    return 0;
}
