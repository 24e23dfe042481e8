/*
 * Borrowed results and input that lies in a handle's own buffer, from C: tests/c_borrowed.rs
 * runs this plainly, under valgrind and built with ASan/UBSan, in a private network namespace
 * holding the veth pair bv0/bv1.
 *
 * Part one feeds calls bytes from the very handle they change: nlrs_msg_put_*() with bytes
 * from nlrs_msg_bytes() of the same message, nlrs_<object>_parse() with the object's own
 * nlrs_<object>_msg(), nlrs_genl_policy_get() with a name from a dump message of the same
 * socket. Each must work as if the bytes had been copied first.
 *
 * Part two takes every kind of borrowed pointer the API hands out, makes only calls that its
 * documentation says leave it valid, then reads it again: the sanitizers catch a freed one,
 * the comparison with a copy taken at once a moved or overwritten one.
 *
 * Usage: borrowed IFINDEX   (the ifindex of bv0). Prints "ok" when every check passed.
 */
#include <libnlrs.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define EXPECT(cond)                                                                            \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);            \
            failures++;                                                                         \
        }                                                                                       \
    } while (0)

/* A malloc'ed copy of n bytes. */
static unsigned char *copy(const void *p, size_t n)
{
    unsigned char *c = malloc(n > 0 ? n : 1);
    if (c == NULL)
        abort();
    memcpy(c, p, n);
    return c;
}

/* The payload of the last attribute of a message with a family header of hdr_len bytes. */
static nlrs_attr last_attr(const nlrs_msg *m, size_t hdr_len)
{
    nlrs_bytes b;
    nlrs_rmsg r;
    nlrs_attr_iter it;
    nlrs_attr a, last;
    memset(&last, 0, sizeof last);
    EXPECT(nlrs_msg_bytes(m, &b) == 0);
    r.ptr = b.ptr;
    r.len = b.len;
    EXPECT(nlrs_rmsg_attrs(r, hdr_len, &it) == 0);
    while (nlrs_attr_next(&it, &a) > 0)
        last = a;
    return last;
}

/* ---- Part one: input from the handle's own buffer. ---- */

/* Appends the whole message to itself, again and again: every round outgrows the buffer. */
static void msg_appends_itself(void)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *m = NULL;
    nlrs_bytes b;
    nlrs_attr a;
    const char *inside;
    int round;

    memset(&ifi, 0, sizeof ifi);
    EXPECT(nlrs_msg_new(NLRS_RTM_NEWLINK, 0, &m) == 0);
    /* The family header from the message's own first bytes (its nlmsghdr). */
    EXPECT(nlrs_msg_bytes(m, &b) == 0);
    {
        unsigned char *was = copy(b.ptr, b.len);
        EXPECT(nlrs_msg_put_header(m, b.ptr, b.len) == 0);
        EXPECT(nlrs_msg_bytes(m, &b) == 0);
        EXPECT(b.len == 32 && memcmp(b.ptr + 16, was, 16) == 0);
        free(was);
    }
    EXPECT(nlrs_msg_put_string(m, NLRS_IFLA_IFNAME, "self0") == 0);
    for (round = 0; round < 6; round++) {
        unsigned char *was;
        size_t len;
        EXPECT(nlrs_msg_bytes(m, &b) == 0);
        len = b.len;
        was = copy(b.ptr, len);
        EXPECT(nlrs_msg_put_bytes(m, 100, b.ptr, b.len) == 0);
        a = last_attr(m, 16);
        EXPECT(a.type == 100 && a.len == len && memcmp(a.data, was, len) == 0);
        /* put_raw: the same bytes again, as they are now, with no attribute header. */
        EXPECT(nlrs_msg_bytes(m, &b) == 0);
        free(was);
        was = copy(b.ptr + 16, 16);
        EXPECT(nlrs_msg_put_raw(m, b.ptr + 16, 16) == 0);
        EXPECT(nlrs_msg_bytes(m, &b) == 0);
        EXPECT(memcmp(b.ptr + b.len - 16, was, 16) == 0);
        free(was);
    }
    /* A string from inside the message: the payload of its IFLA_IFNAME. */
    EXPECT(nlrs_msg_bytes(m, &b) == 0);
    inside = (const char *)b.ptr + 32 + 4;
    EXPECT(strcmp(inside, "self0") == 0);
    EXPECT(nlrs_msg_put_string(m, 101, inside) == 0);
    a = last_attr(m, 16);
    EXPECT(a.type == 101 && a.len == 6 && memcmp(a.data, "self0", 6) == 0);
    nlrs_msg_free(m);
}

/* Builds a message of type ty with family header hdr (hdr_len bytes) and one attribute. */
static nlrs_msg *message(uint16_t ty, const void *hdr, size_t hdr_len, uint16_t attr,
                         const void *data, size_t len)
{
    nlrs_msg *m = NULL;
    EXPECT(nlrs_msg_new(ty, 0, &m) == 0);
    EXPECT(nlrs_msg_put_header(m, hdr, hdr_len) == 0);
    EXPECT(nlrs_msg_put_bytes(m, attr, data, len) == 0);
    return m;
}

static nlrs_rmsg rmsg_of(const nlrs_msg *m)
{
    nlrs_bytes b;
    nlrs_rmsg r;
    EXPECT(nlrs_msg_bytes(m, &b) == 0);
    r.ptr = b.ptr;
    r.len = b.len;
    return r;
}

/* Each object decodes its own copy of its message again, and keeps it. */
static void objects_parse_their_own_copy(void)
{
    nlrs_ifinfomsg ifi;
    nlrs_ifaddrmsg ifa;
    nlrs_rtmsg rtm;
    nlrs_ndmsg ndm;
    nlrs_msg *m;
    nlrs_rmsg r, again;
    unsigned char *was;
    nlrs_link *l = NULL;
    nlrs_addr *ad = NULL;
    nlrs_route *rt = NULL;
    nlrs_neigh *n = NULL;
    const unsigned char mac[6] = {2, 0, 0, 0, 0, 7};
    uint32_t oif = 7, got = 0;
    nlrs_bytes lladdr;

    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_index = 7;
    m = message(NLRS_RTM_NEWLINK, &ifi, sizeof ifi, NLRS_IFLA_IFNAME, "self0", 6);
    EXPECT(nlrs_link_new(&l) == 0);
    EXPECT(nlrs_link_parse(l, rmsg_of(m)) == 0);
    nlrs_msg_free(m);
    r = nlrs_link_msg(l);
    was = copy(r.ptr, r.len);
    EXPECT(nlrs_link_parse(l, r) == 0);
    again = nlrs_link_msg(l);
    EXPECT(again.len == r.len && memcmp(again.ptr, was, r.len) == 0);
    EXPECT(nlrs_link_ifindex(l) == 7 && strcmp(nlrs_link_name(l), "self0") == 0);
    /* A part of the copy that is not a message is refused, and the copy stays. */
    again.len = 8;
    EXPECT(nlrs_link_parse(l, again) == -EBADMSG);
    again = nlrs_link_msg(l);
    EXPECT(again.len == r.len && memcmp(again.ptr, was, r.len) == 0);
    free(was);
    nlrs_link_free(l);

    memset(&ifa, 0, sizeof ifa);
    ifa.ifa_family = NLRS_AF_INET;
    ifa.ifa_index = 7;
    m = message(NLRS_RTM_NEWADDR, &ifa, sizeof ifa, NLRS_IFA_LABEL, "bv0:lbl", 8);
    EXPECT(nlrs_addr_new(&ad) == 0);
    EXPECT(nlrs_addr_parse(ad, rmsg_of(m)) == 0);
    nlrs_msg_free(m);
    EXPECT(nlrs_addr_parse(ad, nlrs_addr_msg(ad)) == 0);
    EXPECT(nlrs_addr_label(ad) != NULL && strcmp(nlrs_addr_label(ad), "bv0:lbl") == 0);
    nlrs_addr_free(ad);

    memset(&rtm, 0, sizeof rtm);
    rtm.rtm_family = NLRS_AF_INET;
    rtm.rtm_table = 254;
    m = message(NLRS_RTM_NEWROUTE, &rtm, sizeof rtm, NLRS_RTA_OIF, &oif, sizeof oif);
    EXPECT(nlrs_route_new(&rt) == 0);
    EXPECT(nlrs_route_parse(rt, rmsg_of(m)) == 0);
    nlrs_msg_free(m);
    EXPECT(nlrs_route_parse(rt, nlrs_route_msg(rt)) == 0);
    EXPECT(nlrs_route_oif(rt, &got) == 1 && got == 7);
    nlrs_route_free(rt);

    memset(&ndm, 0, sizeof ndm);
    ndm.ndm_family = NLRS_AF_INET;
    ndm.ndm_ifindex = 7;
    m = message(NLRS_RTM_NEWNEIGH, &ndm, sizeof ndm, NLRS_NDA_LLADDR, mac, sizeof mac);
    EXPECT(nlrs_neigh_new(&n) == 0);
    EXPECT(nlrs_neigh_parse(n, rmsg_of(m)) == 0);
    nlrs_msg_free(m);
    EXPECT(nlrs_neigh_parse(n, nlrs_neigh_msg(n)) == 0);
    EXPECT(nlrs_neigh_lladdr(n, &lladdr) == 1 && lladdr.len == 6 &&
           memcmp(lladdr.ptr, mac, 6) == 0);
    nlrs_neigh_free(n);
}

/* The first family name of a CTRL_CMD_GETFAMILY dump on gsock, borrowed from its receive
 * buffer, given to calls on that same socket. */
static void genl_names_from_the_sockets_own_dump(nlrs_socket *gsock)
{
    nlrs_genlmsghdr g;
    nlrs_msg *req = NULL;
    nlrs_dump *d = NULL;
    nlrs_rmsg r;
    nlrs_attr_iter it;
    nlrs_attr a;
    const char *name = NULL;
    char *was;
    nlrs_genl_family *fam = NULL;
    nlrs_genl_policy *pol = NULL;

    memset(&g, 0, sizeof g);
    g.cmd = NLRS_CTRL_CMD_GETFAMILY;
    g.version = 1;
    EXPECT(nlrs_msg_new(NLRS_GENL_ID_CTRL, 0, &req) == 0);
    EXPECT(nlrs_msg_put_header(req, &g, sizeof g) == 0);
    /* The policy dump reads its family name again after the dump: the name must be a copy. */
    EXPECT(nlrs_socket_dump(gsock, req, &d) == 0);
    EXPECT(nlrs_dump_next(d, &r) == 1);
    EXPECT(nlrs_rmsg_attrs(r, sizeof g, &it) == 0);
    EXPECT(nlrs_attr_find(it, NLRS_CTRL_ATTR_FAMILY_NAME, &a) == 1);
    EXPECT(nlrs_attr_get_string(&a, &name) == 0);
    was = (char *)copy(name, strlen(name) + 1);
    EXPECT(nlrs_genl_policy_get(gsock, name, &pol) == 0);
    EXPECT(pol != NULL && strstr(nlrs_genl_policy_text(pol), "op 3:") != NULL);
    nlrs_genl_policy_free(pol);
    nlrs_dump_free(d);

    EXPECT(nlrs_socket_dump(gsock, req, &d) == 0);
    EXPECT(nlrs_dump_next(d, &r) == 1);
    EXPECT(nlrs_rmsg_attrs(r, sizeof g, &it) == 0);
    EXPECT(nlrs_attr_find(it, NLRS_CTRL_ATTR_FAMILY_NAME, &a) == 1);
    EXPECT(nlrs_attr_get_string(&a, &name) == 0);
    EXPECT(nlrs_genl_resolve(gsock, name, &fam) == 0);
    EXPECT(fam != NULL && strcmp(nlrs_genl_family_name(fam), was) == 0);
    nlrs_genl_family_free(fam);
    nlrs_dump_free(d);
    free(was);
    nlrs_msg_free(req);
}

/* ---- Part two: borrowed results stay valid as documented. ---- */

/* Calls on other handles and const calls on sock: none changes sock. */
static void unrelated_calls(const nlrs_socket *sock, nlrs_socket *other)
{
    char text[128];
    nlrs_link *l = NULL;
    EXPECT(nlrs_socket_port_id(sock) != 0);
    EXPECT(nlrs_socket_fd(sock) >= 0);
    (void)nlrs_socket_last_errno(sock);
    (void)nlrs_socket_error_text(sock, -EINVAL, text, sizeof text);
    (void)nlrs_socket_ext_path(sock, text, sizeof text);
    (void)nlrs_socket_warning(sock);
    (void)nlrs_socket_ext_msg(sock);
    EXPECT(nlrs_link_new(&l) == 0);
    EXPECT(nlrs_link_get(other, 1, l) == 0);
    nlrs_link_free(l);
}

/* A message setting bv0's MTU, with `junk` stray bytes after it (a warning), or with a 2-byte
 * MTU the kernel refuses (an error with a text). */
static nlrs_msg *set_mtu(int ifindex, int refused, size_t junk)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *m = NULL;
    const unsigned char stray[3] = {1, 2, 3};
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_index = ifindex;
    EXPECT(nlrs_msg_new(NLRS_RTM_NEWLINK, 0, &m) == 0);
    EXPECT(nlrs_msg_put_header(m, &ifi, sizeof ifi) == 0);
    if (refused)
        EXPECT(nlrs_msg_put_u16(m, NLRS_IFLA_MTU, 1000) == 0);
    else
        EXPECT(nlrs_msg_put_u32(m, NLRS_IFLA_MTU, 1400) == 0);
    if (junk > 0)
        EXPECT(nlrs_msg_put_raw(m, stray, junk) == 0);
    return m;
}

/* Checks that the text at p (borrowed from sock or from a handle used with it) is there and
 * reads the same after calls that leave it valid. */
static void text_survives(const char *p, nlrs_socket *sock, nlrs_socket *other)
{
    char *was;
    EXPECT(p != NULL);
    if (p == NULL)
        return;
    was = (char *)copy(p, strlen(p) + 1);
    unrelated_calls(sock, other);
    EXPECT(strcmp(p, was) == 0);
    free(was);
}

static void socket_texts(nlrs_socket *sock, nlrs_socket *other, int ifindex)
{
    nlrs_msg *m;
    const char *p;
    nlrs_dump *d = NULL;
    nlrs_rmsg r;
    int rc;

    /* The last error's text. */
    m = set_mtu(ifindex, 1, 0);
    EXPECT(nlrs_socket_request(sock, m, NULL) < 0);
    text_survives(nlrs_socket_ext_msg(sock), sock, other);
    nlrs_msg_free(m);

    /* The warning, and a dump of the socket read past its end: still the same text. */
    m = set_mtu(ifindex, 0, 3);
    EXPECT(nlrs_socket_request(sock, m, NULL) == 0);
    text_survives(nlrs_socket_warning(sock), sock, other);
    nlrs_msg_free(m);
    EXPECT(nlrs_link_dump(sock, &d) == 0);
    while ((rc = nlrs_dump_next(d, &r)) > 0)
        ;
    EXPECT(rc == 0);
    p = nlrs_socket_warning(sock);
    EXPECT(nlrs_dump_next(d, &r) == 0);
    EXPECT(nlrs_dump_next(d, &r) == 0);
    EXPECT(nlrs_socket_warning(sock) == p);
    nlrs_dump_free(d);
}

static void message_bytes_and_replies(nlrs_socket *sock, nlrs_socket *other, int ifindex)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *m = NULL;
    nlrs_bytes b;
    unsigned char *was;
    nlrs_batch *batch = NULL;
    nlrs_replies *rep = NULL;
    nlrs_socket *gone = NULL;
    nlrs_rmsg r;
    nlrs_link *l = NULL;

    /* Sending and batching a message leave its bytes as they are. */
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_index = ifindex;
    EXPECT(nlrs_msg_new(NLRS_RTM_GETLINK, 0, &m) == 0);
    EXPECT(nlrs_msg_put_header(m, &ifi, sizeof ifi) == 0);
    EXPECT(nlrs_msg_bytes(m, &b) == 0);
    was = copy(b.ptr, b.len);
    EXPECT(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &gone) == 0);
    EXPECT(nlrs_socket_request(gone, m, &rep) == 0);
    EXPECT(nlrs_batch_new(&batch) == 0);
    EXPECT(nlrs_batch_add(batch, m) == 0);
    unrelated_calls(sock, other);
    EXPECT(memcmp(b.ptr, was, b.len) == 0);
    free(was);

    /* Replies outlive their socket. */
    EXPECT(nlrs_replies_len(rep) == 1);
    EXPECT(nlrs_replies_get(rep, 0, &r) == 0);
    was = copy(r.ptr, r.len);
    nlrs_socket_free(gone);
    EXPECT(nlrs_socket_request(sock, m, NULL) == 0);
    EXPECT(memcmp(r.ptr, was, r.len) == 0);
    EXPECT(nlrs_link_new(&l) == 0);
    EXPECT(nlrs_link_parse(l, r) == 0 && nlrs_link_ifindex(l) == (uint32_t)ifindex);
    nlrs_link_free(l);
    free(was);
    nlrs_replies_free(rep);

    /* A batch's texts last until the batch changes. */
    EXPECT(nlrs_batch_clear(batch) == 0);
    nlrs_msg_free(m);
    m = set_mtu(ifindex, 1, 0);
    EXPECT(nlrs_batch_add(batch, m) == 0);
    EXPECT(nlrs_socket_batch(sock, batch) == 1);
    EXPECT(nlrs_batch_len(batch) == 1 && nlrs_batch_result(batch, 0) < 0);
    text_survives(nlrs_batch_result_msg(batch, 0), sock, other);
    nlrs_batch_free(batch);
    nlrs_msg_free(m);
}

static void object_fields(nlrs_socket *sock, nlrs_socket *other, int ifindex)
{
    nlrs_link *l = NULL;
    const char *name, *kind;
    nlrs_bytes mac;
    nlrs_rmsg r;
    char *name_was, *kind_was;
    unsigned char *mac_was, *msg_was;

    EXPECT(nlrs_link_new(&l) == 0);
    EXPECT(nlrs_link_get(sock, ifindex, l) == 0);
    name = nlrs_link_name(l);
    kind = nlrs_link_kind(l);
    EXPECT(name != NULL && kind != NULL && strcmp(kind, "veth") == 0);
    EXPECT(nlrs_link_address(l, &mac) == 1);
    r = nlrs_link_msg(l);
    name_was = (char *)copy(name, strlen(name) + 1);
    kind_was = (char *)copy(kind, strlen(kind) + 1);
    mac_was = copy(mac.ptr, mac.len);
    msg_was = copy(r.ptr, r.len);
    unrelated_calls(sock, other);
    EXPECT(nlrs_link_ifindex(l) == (uint32_t)ifindex && nlrs_link_flags(l) == nlrs_link_flags(l));
    EXPECT(strcmp(name, name_was) == 0 && strcmp(kind, kind_was) == 0);
    EXPECT(memcmp(mac.ptr, mac_was, mac.len) == 0 && memcmp(r.ptr, msg_was, r.len) == 0);
    /* The object's own name as the input of the call that refills it. */
    EXPECT(nlrs_link_get_by_name(sock, nlrs_link_name(l), l) == 0);
    EXPECT(nlrs_link_ifindex(l) == (uint32_t)ifindex && strcmp(nlrs_link_name(l), name_was) == 0);
    free(name_was);
    free(kind_was);
    free(mac_was);
    free(msg_was);
    nlrs_link_free(l);
}

static int count_changes(void *userdata, int change, const nlrs_object *obj)
{
    (void)change;
    (void)obj;
    ++*(int *)userdata;
    return 0;
}

static void mirror_objects(nlrs_socket *sock, nlrs_socket *other)
{
    nlrs_mirror *mir = NULL;
    const nlrs_object *o;
    char name[32], again[32];
    int n = 0;

    EXPECT(nlrs_mirror_start(NLRS_MIRROR_LINKS, 0, count_changes, &n, &mir) == 0);
    o = nlrs_mirror_first(mir);
    EXPECT(o != NULL && nlrs_object_kind(o) == NLRS_OBJECT_LINK);
    EXPECT(nlrs_object_link(o) != NULL && nlrs_object_route(o) == NULL);
    snprintf(name, sizeof name, "%s", nlrs_link_name(nlrs_object_link(o)));
    EXPECT(name[0] != '\0');
    EXPECT(nlrs_mirror_len(mir) >= 3);
    (void)nlrs_mirror_resyncs(mir);
    (void)nlrs_mirror_fd(mir);
    unrelated_calls(sock, other);
    snprintf(again, sizeof again, "%s", nlrs_link_name(nlrs_object_link(o)));
    EXPECT(strcmp(name, again) == 0);
    EXPECT(nlrs_mirror_next(mir, o) != NULL);
    nlrs_mirror_free(mir);
}

/* Family names borrowed from a list outlive every call on the socket that made the list. */
static void genl_list_names(nlrs_socket *gsock)
{
    nlrs_genl_families *list = NULL;
    nlrs_genl_family *fam = NULL;
    const char *p;
    char *was;

    EXPECT(nlrs_genl_list(gsock, &list) == 0);
    EXPECT(nlrs_genl_families_len(list) > 0);
    p = nlrs_genl_family_name(nlrs_genl_families_get(list, 0));
    EXPECT(p != NULL);
    if (p != NULL) {
        was = (char *)copy(p, strlen(p) + 1);
        EXPECT(nlrs_genl_resolve(gsock, p, &fam) == 0);
        nlrs_genl_family_free(fam);
        EXPECT(strcmp(p, was) == 0);
        free(was);
    }
    nlrs_genl_families_free(list);
}

/* Sets the MTU of link `index` through `sock`: a change other handles hear about. */
static void change_mtu(nlrs_socket *sock, int index, uint32_t mtu)
{
    nlrs_link_change *c = NULL;
    EXPECT(nlrs_link_change_new(&c) == 0);
    EXPECT(nlrs_link_change_set_mtu(c, mtu) == 0);
    EXPECT(nlrs_link_change_apply(sock, index, c) == 0);
    nlrs_link_change_free(c);
}

/* A notification stays readable until the next call on the monitor, or the socket, that
 * received it, whatever happens on other handles meanwhile. */
static void notifications(nlrs_socket *other, int ifindex)
{
    const uint32_t group = NLRS_RTNLGRP_LINK;
    nlrs_monitor *mon = NULL;
    nlrs_socket *listener = NULL;
    nlrs_event ev;
    nlrs_msg_iter it;
    nlrs_rmsg r;
    unsigned char *was;

    EXPECT(nlrs_monitor_new(&group, 1, 0, &mon) == 0);
    EXPECT(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &listener) == 0);
    EXPECT(nlrs_socket_join_group(listener, NLRS_RTNLGRP_LINK) == 0);
    change_mtu(other, ifindex, 1300);

    EXPECT(nlrs_monitor_next(mon, &ev) == 1 && ev.kind == NLRS_EVENT_NEWLINK);
    was = copy(ev.msg.ptr, ev.msg.len);
    change_mtu(other, ifindex, 1280);
    EXPECT(memcmp(ev.msg.ptr, was, ev.msg.len) == 0);
    free(was);

    EXPECT(nlrs_socket_recv(listener, &it) == 1);
    EXPECT(nlrs_msg_iter_next(&it, &r) == 1);
    was = copy(r.ptr, r.len);
    change_mtu(other, ifindex, 1500);
    EXPECT(memcmp(r.ptr, was, r.len) == 0);
    free(was);

    nlrs_socket_free(listener);
    nlrs_monitor_free(mon);
}

int main(int argc, char **argv)
{
    nlrs_socket *sock = NULL, *other = NULL, *gsock = NULL;
    int ifindex;

    if (argc != 2) {
        fprintf(stderr, "usage: %s IFINDEX\n", argv[0]);
        return 2;
    }
    ifindex = atoi(argv[1]);
    msg_appends_itself();
    objects_parse_their_own_copy();
    if (nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock) != 0 ||
        nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &other) != 0 ||
        nlrs_socket_open(NLRS_PROTO_GENERIC, 0, &gsock) != 0) {
        fprintf(stderr, "cannot open the sockets\n");
        return 1;
    }
    genl_names_from_the_sockets_own_dump(gsock);
    genl_list_names(gsock);
    notifications(other, ifindex);
    socket_texts(sock, other, ifindex);
    message_bytes_and_replies(sock, other, ifindex);
    object_fields(sock, other, ifindex);
    mirror_objects(sock, other);
    nlrs_socket_free(gsock);
    nlrs_socket_free(other);
    nlrs_socket_free(sock);
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
