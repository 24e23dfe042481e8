/*
 * Route metrics, realms and tables from C: tests/rtnl_route_metrics.rs runs this in a private
 * network namespace holding routes made with `ip route add ... mtu 1400 advmss 1300 realm 5
 * table 300` and the like, and compares its lines with `ip -j route show table all`.
 *
 * Prints one line per route that has a destination prefix: the prefix, then tokens in no
 * particular order: "table=N", "rtm_table=N", "realms=FROM/TO" (when RTA_FLOW was sent),
 * "lock=NAME" per locked metric, "NAME=VALUE" per metric in iproute2's names and units,
 * "ecn" for the ECN feature, "congestion=ALGO". Exit status 0 when every call worked.
 *
 * Usage: route_metrics
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The u32 metrics, with iproute2's names and the divisor it prints them with. */
static const struct {
    const char *name;
    uint16_t rtax;
    uint32_t divisor;
} METRICS[] = {
    {"mtu", NLRS_RTAX_MTU, 1},
    {"window", NLRS_RTAX_WINDOW, 1},
    {"rtt", NLRS_RTAX_RTT, 8},
    {"rttvar", NLRS_RTAX_RTTVAR, 4},
    {"ssthresh", NLRS_RTAX_SSTHRESH, 1},
    {"cwnd", NLRS_RTAX_CWND, 1},
    {"advmss", NLRS_RTAX_ADVMSS, 1},
    {"reordering", NLRS_RTAX_REORDERING, 1},
    {"hoplimit", NLRS_RTAX_HOPLIMIT, 1},
    {"initcwnd", NLRS_RTAX_INITCWND, 1},
    {"rto_min", NLRS_RTAX_RTO_MIN, 1},
    {"initrwnd", NLRS_RTAX_INITRWND, 1},
    {"quickack", NLRS_RTAX_QUICKACK, 1},
    {"fastopen_no_cookie", NLRS_RTAX_FASTOPEN_NO_COOKIE, 1},
};

static int fail(const char *what, int rc)
{
    fprintf(stderr, "%s: %d\n", what, rc);
    return 1;
}

/* Prints the route's line; returns 0, or 1 when a getter misbehaved. */
static int print_route(const nlrs_route *r)
{
    nlrs_ipaddr dst;
    if (nlrs_route_dst(r, &dst) != 1)
        return 0;
    char text[INET6_ADDRSTRLEN];
    if (inet_ntop(dst.family == NLRS_AF_INET ? AF_INET : AF_INET6, dst.addr, text,
                  sizeof text) == NULL)
        return 1;
    printf("%s/%u table=%u rtm_table=%u", text, (unsigned)nlrs_route_dst_len(r),
           (unsigned)nlrs_route_table(r), (unsigned)nlrs_route_rtm_table(r));

    uint32_t flow = 0;
    int rc = nlrs_route_flow(r, &flow);
    if (rc < 0)
        return fail("nlrs_route_flow", rc);
    if (rc == 1)
        printf(" realms=%u/%u", (unsigned)(flow >> 16), (unsigned)(flow & 0xffffU));

    uint32_t lock = 0;
    if (nlrs_route_metric(r, NLRS_RTAX_LOCK, &lock) < 0)
        return fail("nlrs_route_metric(LOCK)", -1);
    for (size_t i = 0; i < sizeof METRICS / sizeof METRICS[0]; i++) {
        uint32_t v = 0;
        rc = nlrs_route_metric(r, METRICS[i].rtax, &v);
        if (rc < 0)
            return fail("nlrs_route_metric", rc);
        if (rc == 1)
            printf(" %s=%u", METRICS[i].name, (unsigned)(v / METRICS[i].divisor));
        if (lock & (1U << METRICS[i].rtax))
            printf(" lock=%s", METRICS[i].name);
    }
    uint32_t features = 0;
    if (nlrs_route_metric(r, NLRS_RTAX_FEATURES, &features) == 1 &&
        (features & NLRS_RTAX_FEATURE_ECN))
        printf(" ecn");
    /* A string, so not a u32 metric: 0, *out untouched. */
    uint32_t untouched = 77;
    if (nlrs_route_metric(r, NLRS_RTAX_CC_ALGO, &untouched) != 0 || untouched != 77)
        return fail("nlrs_route_metric(CC_ALGO) is not 0", -1);
    const char *cc = nlrs_route_congctl(r);
    if (cc != NULL)
        printf(" congestion=%s", cc);
    printf("\n");
    return 0;
}

int main(void)
{
    /* NULL handling of the new getters. */
    uint32_t v = 0;
    if (nlrs_route_metric(NULL, NLRS_RTAX_MTU, &v) >= 0 || nlrs_route_flow(NULL, &v) >= 0 ||
        nlrs_route_congctl(NULL) != NULL || nlrs_route_rtm_table(NULL) != 0)
        return fail("NULL route accepted", -1);

    nlrs_socket *sock = NULL;
    int rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    if (rc < 0)
        return fail("nlrs_socket_open", rc);
    nlrs_route *route = NULL;
    if ((rc = nlrs_route_new(&route)) < 0)
        return fail("nlrs_route_new", rc);
    if (nlrs_route_metric(route, NLRS_RTAX_MTU, NULL) >= 0)
        return fail("NULL out accepted", -1);
    nlrs_dump *dump = NULL;
    if ((rc = nlrs_route_dump(sock, NULL, &dump)) < 0)
        return fail("nlrs_route_dump", rc);
    int bad = 0;
    nlrs_rmsg msg;
    while ((rc = nlrs_dump_next(dump, &msg)) == 1) {
        int prc = nlrs_route_parse(route, msg);
        if (prc < 0)
            return fail("nlrs_route_parse", prc);
        bad |= print_route(route);
    }
    if (rc < 0)
        return fail("nlrs_dump_next", rc);
    nlrs_dump_free(dump);
    nlrs_route_free(route);
    nlrs_socket_free(sock);
    return bad;
}
