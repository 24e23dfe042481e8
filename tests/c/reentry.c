/*
 * reentry: every callback of the C API calling back into the handles it runs under, for
 * tests/c_reentry.rs.
 *
 *   reentry IFINDEX
 *
 * IFINDEX is a link of the caller's network namespace whose MTU the program may change (to make
 * events). For each callback API (nlrs_dump_foreach, nlrs_route_dump_foreach,
 * nlrs_monitor_process, nlrs_mirror_process, nlrs_mirror_resync, nlrs_mirror_foreach) it
 * checks, from inside the callback, that calls on the running handle and on the handles it
 * borrows (a dump's socket) return -EBUSY (a getter its fallback), that freeing them there is
 * safe (they go when the running call returns), and afterwards that they work normally.
 * Prints `ok NAME` per API and `done` at the end, exits 0; a failed check prints
 * `FILE:LINE: ...` on stderr and exits 1. nlrs_mirror_start's callback runs before any handle
 * exists, so it has nothing to re-enter.
 */
#include <libnlrs.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

#define EQ(got, want)                                                                      \
    do {                                                                                   \
        long got_ = (long)(got), want_ = (long)(want);                                     \
        if (got_ != want_) {                                                               \
            fprintf(stderr, "%s:%d: %s is %ld, want %ld\n", __FILE__, __LINE__, #got, got_, \
                    want_);                                                                \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

static int ifindex;
static unsigned mtu = 1400;

/* What the callback does with the handles it runs under. */
enum mode { COUNT, REENTER, FREE_RUNNING, FREE_SOCKET };

struct ctx {
    enum mode mode;
    nlrs_socket *sock;
    nlrs_msg *req;
    nlrs_dump *dump;
    nlrs_monitor *mon;
    nlrs_mirror *mirror;
    int calls;
};

/* Runs `call` with the callbacks in `mode`; checks it returned `want` after some callbacks. */
static int round_of(struct ctx *c, enum mode mode, int (*call)(struct ctx *), int want)
{
    c->mode = mode;
    c->calls = 0;
    EQ(call(c), want);
    CHECK(c->calls > 0);
    return c->calls;
}

/* Changes the link's MTU, so that a link event is queued, and waits (5 s at most) until `fd`
 * is readable. */
static void make_event(nlrs_socket *sock, int fd)
{
    nlrs_link_change *ch = NULL;
    struct pollfd p = { .fd = fd, .events = POLLIN };

    EQ(nlrs_link_change_new(&ch), 0);
    EQ(nlrs_link_change_set_mtu(ch, mtu++), 0);
    EQ(nlrs_link_change_apply(sock, ifindex, ch), 0);
    nlrs_link_change_free(ch);
    CHECK(fd >= 0);
    EQ(poll(&p, 1, 5000), 1);
}

/* Calls on a socket lent to a running dump. */
static void socket_is_busy(struct ctx *c)
{
    nlrs_replies *r = NULL;
    nlrs_dump *d = NULL;
    nlrs_link *l = NULL;

    EQ(nlrs_socket_request(c->sock, c->req, &r), -EBUSY);
    CHECK(r == NULL);
    EQ(nlrs_socket_dump(c->sock, c->req, &d), -EBUSY);
    CHECK(d == NULL);
    EQ(nlrs_link_dump(c->sock, &d), -EBUSY);
    EQ(nlrs_link_new(&l), 0);
    EQ(nlrs_link_get(c->sock, ifindex, l), -EBUSY);
    nlrs_link_free(l);
    EQ(nlrs_socket_fd(c->sock), -EBUSY);
    EQ(nlrs_socket_port_id(c->sock), 0);
    EQ(nlrs_socket_set_timeout_ms(c->sock, 1000), -EBUSY);
}

/* ---- nlrs_dump_foreach */

static int on_msg(void *userdata, nlrs_rmsg msg)
{
    struct ctx *c = userdata;
    nlrs_rmsg other;

    (void)msg;
    c->calls++;
    if (c->mode == REENTER) {
        EQ(nlrs_dump_next(c->dump, &other), -EBUSY);
        EQ(nlrs_dump_foreach(c->dump, on_msg, c), -EBUSY);
        socket_is_busy(c);
    } else if (c->mode == FREE_RUNNING) {
        nlrs_dump_free(c->dump);
        /* Freed when nlrs_dump_foreach returns; until then every call refuses it. */
        EQ(nlrs_dump_next(c->dump, &other), -NLRS_E_CONSUMED);
        return 7;
    }
    return 0;
}

static int dump_links(struct ctx *c)
{
    EQ(nlrs_socket_dump(c->sock, c->req, &c->dump), 0);
    return nlrs_dump_foreach(c->dump, on_msg, c);
}

static void dump_foreach(struct ctx *c)
{
    nlrs_rmsg m;

    round_of(c, REENTER, dump_links, 0);
    /* Afterwards: the dump has ended normally. */
    EQ(nlrs_dump_next(c->dump, &m), 0);
    nlrs_dump_free(c->dump);
    EQ(round_of(c, FREE_RUNNING, dump_links, 7), 1);
    /* The socket discards the rest of the freed dump and goes on. */
    round_of(c, COUNT, dump_links, 0);
    nlrs_dump_free(c->dump);
    puts("ok nlrs_dump_foreach");
}

/* ---- nlrs_route_dump_foreach */

static int on_route(void *userdata, const nlrs_route_info *route)
{
    struct ctx *c = userdata;
    nlrs_route_info other;
    nlrs_rmsg msg;

    (void)route;
    c->calls++;
    if (c->mode == REENTER) {
        EQ(nlrs_route_dump_next(c->dump, &other), -EBUSY);
        EQ(nlrs_route_dump_foreach(c->dump, on_route, c), -EBUSY);
        EQ(nlrs_dump_next(c->dump, &msg), -EBUSY);
        socket_is_busy(c);
    } else if (c->mode == FREE_RUNNING) {
        if (c->calls == 1)
            nlrs_dump_free(c->dump);
        /* Goes on to the end: the dump lives until the call returns. */
        EQ(nlrs_route_dump_next(c->dump, &other), -NLRS_E_CONSUMED);
    } else if (c->mode == FREE_SOCKET) {
        /* The socket the dump reads goes when the dump is done with it. */
        nlrs_socket_free(c->sock);
        return 1;
    }
    return 0;
}

static int dump_routes(struct ctx *c)
{
    EQ(nlrs_route_dump(c->sock, NULL, &c->dump), 0);
    return nlrs_route_dump_foreach(c->dump, on_route, c);
}

static void route_dump_foreach(struct ctx *c)
{
    nlrs_route_info info;
    nlrs_socket *sock = c->sock;
    int routes;

    routes = round_of(c, REENTER, dump_routes, 0);
    EQ(nlrs_route_dump_next(c->dump, &info), 0);
    nlrs_dump_free(c->dump);
    EQ(round_of(c, FREE_RUNNING, dump_routes, 0), routes);
    EQ(round_of(c, COUNT, dump_routes, 0), routes);
    nlrs_dump_free(c->dump);

    /* Freeing the dump's socket inside the callback, on a socket of its own. */
    EQ(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &c->sock), 0);
    EQ(round_of(c, FREE_SOCKET, dump_routes, 1), 1);
    nlrs_dump_free(c->dump);
    c->sock = sock;
    puts("ok nlrs_route_dump_foreach");
}

/* ---- nlrs_monitor_process */

static int on_event(void *userdata, nlrs_event ev)
{
    struct ctx *c = userdata;
    nlrs_event other;

    (void)ev;
    c->calls++;
    if (c->mode == REENTER) {
        EQ(nlrs_monitor_next(c->mon, &other), -EBUSY);
        EQ(nlrs_monitor_process(c->mon, on_event, c), -EBUSY);
        EQ(nlrs_monitor_fd(c->mon), -EBUSY);
        EQ(nlrs_monitor_join(c->mon, NLRS_RTNLGRP_LINK), -EBUSY);
        EQ(nlrs_monitor_set_rcvbuf(c->mon, 1 << 20), -EBUSY);
    } else if (c->mode == FREE_RUNNING) {
        if (c->calls == 1)
            nlrs_monitor_free(c->mon);
        EQ(nlrs_monitor_fd(c->mon), -NLRS_E_CONSUMED);
    }
    return 0;
}

static int monitor_event(struct ctx *c)
{
    make_event(c->sock, nlrs_monitor_fd(c->mon));
    return nlrs_monitor_process(c->mon, on_event, c);
}

static void monitor_process(struct ctx *c)
{
    uint32_t group = NLRS_RTNLGRP_LINK;

    EQ(nlrs_monitor_new(&group, 1, NLRS_MONITOR_NONBLOCK, &c->mon), 0);
    round_of(c, REENTER, monitor_event, 0);
    round_of(c, COUNT, monitor_event, 0);
    round_of(c, FREE_RUNNING, monitor_event, 0);
    puts("ok nlrs_monitor_process");
}

/* ---- nlrs_mirror_process, nlrs_mirror_resync, nlrs_mirror_foreach */

/* Calls that change a mirror, made while a call has it. */
static void mirror_is_busy(struct ctx *c)
{
    EQ(nlrs_mirror_process(c->mirror, NULL, NULL), -EBUSY); /* busy before the NULL check */
    EQ(nlrs_mirror_resync(c->mirror, NULL, NULL), -EBUSY);
    EQ(nlrs_mirror_set_attempts(c->mirror, 3), -EBUSY);
}

static int on_change(void *userdata, int change, const nlrs_object *obj)
{
    struct ctx *c = userdata;

    c->calls++;
    if (change != NLRS_CHANGE_RESYNC)
        EQ(nlrs_object_kind(obj), NLRS_OBJECT_LINK); /* the object is readable */
    if (c->mode == REENTER) {
        /* The calls that only read it are refused too: this call changes it. */
        mirror_is_busy(c);
        EQ(nlrs_mirror_len(c->mirror), 0);
        CHECK(nlrs_mirror_first(c->mirror) == NULL);
        CHECK(nlrs_mirror_link(c->mirror, 1) == NULL); /* the lookups too */
        CHECK(nlrs_mirror_link_by_name(c->mirror, "lo") == NULL);
        EQ(nlrs_mirror_fd(c->mirror), -EBUSY);
        EQ(nlrs_mirror_resyncs(c->mirror), 0);
        EQ(nlrs_mirror_foreach(c->mirror, NULL, NULL), -EBUSY);
    } else if (c->mode == FREE_RUNNING) {
        if (c->calls == 1)
            nlrs_mirror_free(c->mirror);
        EQ(nlrs_mirror_len(c->mirror), 0);
    }
    return 0;
}

static int on_object(void *userdata, const nlrs_object *obj)
{
    struct ctx *c = userdata;

    c->calls++;
    EQ(nlrs_object_kind(obj), NLRS_OBJECT_LINK);
    if (c->mode == REENTER) {
        /* nlrs_mirror_foreach only reads the mirror: other reads may share it. */
        mirror_is_busy(c);
        CHECK(nlrs_mirror_len(c->mirror) > 0);
        CHECK(nlrs_mirror_first(c->mirror) != NULL);
        CHECK(nlrs_mirror_link(c->mirror, 1) != NULL); /* lo, in every namespace */
        CHECK(nlrs_mirror_link_by_name(c->mirror, "lo") != NULL);
        CHECK(nlrs_mirror_fd(c->mirror) >= 0);
    } else if (c->mode == FREE_RUNNING) {
        /* The walk goes on over the freed mirror, which goes when it returns. */
        if (c->calls == 1)
            nlrs_mirror_free(c->mirror);
        EQ(nlrs_mirror_len(c->mirror), 0);
    }
    return 0;
}

static int mirror_start(struct ctx *c)
{
    return nlrs_mirror_start(NLRS_MIRROR_LINKS, 0, on_change, c, &c->mirror);
}

static int mirror_event(struct ctx *c)
{
    make_event(c->sock, nlrs_mirror_fd(c->mirror));
    return nlrs_mirror_process(c->mirror, on_change, c);
}

static int mirror_resync(struct ctx *c)
{
    return nlrs_mirror_resync(c->mirror, on_change, c);
}

static int mirror_walk(struct ctx *c)
{
    return nlrs_mirror_foreach(c->mirror, on_object, c);
}

static void mirror(struct ctx *c)
{
    size_t len;

    len = (size_t)round_of(c, COUNT, mirror_start, 0);
    EQ(nlrs_mirror_len(c->mirror), len);

    round_of(c, REENTER, mirror_event, 0);
    puts("ok nlrs_mirror_process");
    round_of(c, REENTER, mirror_resync, 0); /* at least NLRS_CHANGE_RESYNC */
    EQ(nlrs_mirror_resyncs(c->mirror), 1);
    puts("ok nlrs_mirror_resync");
    EQ(round_of(c, REENTER, mirror_walk, 0), len);

    /* Afterwards the mirror works: events, and the table. */
    round_of(c, COUNT, mirror_event, 0);
    EQ(nlrs_mirror_len(c->mirror), len);

    /* Freed inside each of its callbacks, one mirror each. */
    round_of(c, FREE_RUNNING, mirror_event, 0);
    round_of(c, COUNT, mirror_start, 0);
    round_of(c, FREE_RUNNING, mirror_resync, 0);
    round_of(c, COUNT, mirror_start, 0);
    EQ(round_of(c, FREE_RUNNING, mirror_walk, 0), len);
    puts("ok nlrs_mirror_foreach");
}

int main(int argc, char **argv)
{
    /* struct ifinfomsg, all zero: every link. */
    static const unsigned char ifi[16];
    struct ctx c = { .mode = COUNT };
    nlrs_link *l = NULL;

    if (argc != 2 || (ifindex = atoi(argv[1])) <= 0) {
        fprintf(stderr, "usage: reentry IFINDEX\n");
        return 2;
    }
    EQ(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &c.sock), 0);
    EQ(nlrs_msg_new(NLRS_RTM_GETLINK, 0, &c.req), 0);
    EQ(nlrs_msg_put_header(c.req, ifi, sizeof ifi), 0);

    dump_foreach(&c);
    route_dump_foreach(&c);
    monitor_process(&c);
    mirror(&c);

    /* The socket the dumps ran on still works for requests. */
    EQ(nlrs_link_new(&l), 0);
    EQ(nlrs_link_get(c.sock, ifindex, l), 0);
    EQ(nlrs_link_ifindex(l), ifindex);
    nlrs_link_free(l);
    nlrs_msg_free(c.req);
    nlrs_socket_free(c.sock);
    puts("done");
    return 0;
}
