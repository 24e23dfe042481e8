/*
 * events_monitor: the nlrs_monitor C API as a program, for tests/c_events.rs.
 *
 *   events_monitor [--pull | --blocking] [--rcvbuf BYTES] [-n COUNT]
 *
 * Subscribes to links, IPv4 addresses, IPv4 routes and neighbours, prints `ready` on stderr,
 * then prints one line per event on stdout, decoded with the typed parsers (nlrs_link_parse(),
 * nlrs_addr_parse(), nlrs_route_parse(), nlrs_neigh_parse()):
 *
 *   NEWLINK NAME up|down     DELLINK NAME
 *   NEWADDR ADDRESS/PREFIX   DELADDR ADDRESS/PREFIX
 *   NEWROUTE DST/LEN table T DELROUTE DST/LEN table T
 *   NEWNEIGH ADDRESS         DELNEIGH ADDRESS
 *   OTHER TYPE               OVERRUN
 *
 * By default it polls the monitor's descriptor and drains it with nlrs_monitor_process();
 * --pull drains it with nlrs_monitor_next() instead; --blocking opens a blocking monitor and
 * waits in nlrs_monitor_next(). Stops after COUNT events (-n), or on SIGTERM/SIGINT (not in
 * --blocking mode), and exits 0. Errors: `error: TEXT` on stderr, exit 1.
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The C side of the size assertion in src/ffi/events.rs. */
typedef char event_is_three_words[sizeof(nlrs_event) == 3 * sizeof(void *) ? 1 : -1];

static volatile sig_atomic_t stop;
static unsigned long count, seen;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* The typed objects each event is decoded into, made once and reused. */
static nlrs_link *link;
static nlrs_addr *addr;
static nlrs_route *route;
static nlrs_neigh *neigh;

/* `what ADDRESS` or `what ADDRESS/PREFIX`. */
static int print_ip(const char *what, const nlrs_ipaddr *ip, int prefix)
{
    char text[INET6_ADDRSTRLEN];

    if (inet_ntop(ip->family, ip->addr, text, sizeof text) == NULL)
        return -errno;
    if (prefix >= 0)
        printf("%s %s/%d", what, text, prefix);
    else
        printf("%s %s", what, text);
    return 0;
}

/* One event as a line, decoded with the typed parsers of the C API (nlrs_link_parse() and
 * friends); 1 once COUNT events were printed. */
static int print_event(nlrs_event ev)
{
    static const char *const names[] = {"?",        "NEWLINK",  "DELLINK",  "NEWADDR",
                                        "DELADDR",  "NEWROUTE", "DELROUTE", "NEWNEIGH",
                                        "DELNEIGH", "OTHER",    "OVERRUN"};
    const char *name = ev.kind >= 1 && ev.kind <= 10 ? names[ev.kind] : "?";
    nlrs_ipaddr ip;
    int rc = 0;

    switch (ev.kind) {
    case NLRS_EVENT_NEWLINK:
    case NLRS_EVENT_DELLINK:
        if ((rc = nlrs_link_parse(link, ev.msg)) < 0)
            return rc;
        if (ev.kind == NLRS_EVENT_NEWLINK)
            printf("%s %s %s", name, nlrs_link_name(link),
                   (nlrs_link_flags(link) & NLRS_IFF_UP) ? "up" : "down");
        else
            printf("%s %s", name, nlrs_link_name(link));
        break;
    case NLRS_EVENT_NEWADDR:
    case NLRS_EVENT_DELADDR:
        if ((rc = nlrs_addr_parse(addr, ev.msg)) < 0)
            return rc;
        if ((rc = nlrs_addr_ip(addr, &ip)) <= 0)
            return rc < 0 ? rc : -EBADMSG;
        rc = print_ip(name, &ip, nlrs_addr_prefixlen(addr));
        break;
    case NLRS_EVENT_NEWROUTE:
    case NLRS_EVENT_DELROUTE:
        if ((rc = nlrs_route_parse(route, ev.msg)) < 0)
            return rc;
        if ((rc = nlrs_route_dst(route, &ip)) > 0)
            rc = print_ip(name, &ip, nlrs_route_dst_len(route));
        else if (rc == 0)
            printf("%s default", name);
        if (rc < 0)
            return rc;
        printf(" table %u", (unsigned)nlrs_route_table(route));
        break;
    case NLRS_EVENT_NEWNEIGH:
    case NLRS_EVENT_DELNEIGH:
        if ((rc = nlrs_neigh_parse(neigh, ev.msg)) < 0)
            return rc;
        if ((rc = nlrs_neigh_dst(neigh, &ip)) > 0)
            rc = print_ip(name, &ip, -1);
        else if (rc == 0)
            printf("%s -", name);
        break;
    case NLRS_EVENT_OVERRUN:
        if (ev.msg.ptr != NULL || ev.msg.len != 0)
            return -EINVAL;
        printf("%s", name);
        break;
    default:
        printf("%s %u", name, (unsigned)nlrs_rmsg_type(ev.msg));
        break;
    }
    if (rc < 0)
        return rc;
    printf("\n");
    fflush(stdout);
    seen++;
    return count != 0 && seen >= count ? 1 : 0;
}

static int on_event(void *userdata, nlrs_event ev)
{
    (void)userdata;
    return print_event(ev);
}

int main(int argc, char **argv)
{
    static const uint32_t groups[] = {NLRS_RTNLGRP_LINK, NLRS_RTNLGRP_IPV4_IFADDR,
                                      NLRS_RTNLGRP_IPV4_ROUTE, NLRS_RTNLGRP_NEIGH};
    nlrs_monitor *mon = NULL;
    struct sigaction sa;
    int pull = 0, blocking = 0, i, rc;
    long rcvbuf = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pull") == 0) {
            pull = 1;
        } else if (strcmp(argv[i], "--blocking") == 0) {
            blocking = 1;
        } else if (strcmp(argv[i], "--rcvbuf") == 0 && i + 1 < argc) {
            rcvbuf = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            count = strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: %s [--pull | --blocking] [--rcvbuf BYTES] [-n COUNT]\n",
                    argv[0]);
            return 2;
        }
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Half the groups at creation, the rest with nlrs_monitor_join(). */
    rc = nlrs_link_new(&link);
    if (rc == 0)
        rc = nlrs_addr_new(&addr);
    if (rc == 0)
        rc = nlrs_route_new(&route);
    if (rc == 0)
        rc = nlrs_neigh_new(&neigh);
    if (rc == 0)
        rc = nlrs_monitor_new(groups, 2, blocking ? 0 : NLRS_MONITOR_NONBLOCK, &mon);
    for (i = 2; rc == 0 && i < 4; i++)
        rc = nlrs_monitor_join(mon, groups[i]);
    if (rc == 0 && rcvbuf > 0)
        rc = nlrs_monitor_set_rcvbuf(mon, (size_t)rcvbuf);
    if (rc < 0)
        goto fail;
    fprintf(stderr, "ready\n");

    while (!stop) {
        nlrs_event ev;

        if (blocking) {
            rc = nlrs_monitor_next(mon, &ev);
            if (rc > 0)
                rc = print_event(ev);
            if (rc != 0)
                break;
            continue;
        }
        {
            struct pollfd p;

            p.fd = nlrs_monitor_fd(mon);
            p.events = POLLIN;
            p.revents = 0;
            if (poll(&p, 1, -1) < 0) {
                if (errno == EINTR)
                    continue;
                rc = -errno;
                goto fail;
            }
        }
        if (pull) {
            while ((rc = nlrs_monitor_next(mon, &ev)) > 0 && (rc = print_event(ev)) == 0)
                ;
        } else {
            rc = nlrs_monitor_process(mon, on_event, NULL);
        }
        if (rc != 0)
            break;
    }
    if (rc < 0)
        goto fail;
    nlrs_monitor_free(mon);
    nlrs_link_free(link);
    nlrs_addr_free(addr);
    nlrs_route_free(route);
    nlrs_neigh_free(neigh);
    return 0;

fail: {
    char text[256];

    nlrs_strerror(rc, text, sizeof text);
    fprintf(stderr, "error: %s\n", text);
    nlrs_monitor_free(mon);
    nlrs_link_free(link);
    nlrs_addr_free(addr);
    nlrs_route_free(route);
    nlrs_neigh_free(neigh);
    return 1;
}
}
