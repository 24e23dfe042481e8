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
 * With "add" or "del" and the words of an `ip route add` (a destination prefix, then "via",
 * "dev", "table", "realm(s)", the metrics in iproute2's names and units, "lock", "congctl",
 * "features ecn", "tos", "onlink", "from", "pref", "expires"): adds or deletes that route
 * through an nlrs_route_spec instead, printing nothing.
 *
 * Usage: route_metrics [add|del WORDS...]
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <net/if.h>
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

/* Reads an IPv4 or IPv6 address into *out; 0, or -1 when it is neither. */
static int parse_ip(const char *text, nlrs_ipaddr *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, text, out->addr) == 1)
        out->family = NLRS_AF_INET;
    else if (inet_pton(AF_INET6, text, out->addr) == 1)
        out->family = NLRS_AF_INET6;
    else
        return -1;
    return 0;
}

/* A number of iproute2's words, "300ms" as 300, times `scale`. */
static uint32_t number(const char *text, uint32_t scale)
{
    return (uint32_t)strtoul(text, NULL, 10) * scale;
}

/* Sets the setting named `word`, its argument `arg` (locked when `locked`); 0, or 1. */
static int set_word(nlrs_route_spec *spec, const char *word, const char *arg, int locked,
                    uint32_t *lock)
{
    nlrs_ipaddr ip;
    uint16_t rtax = 0;
    int rc = 0;
    if (strcmp(word, "via") == 0) {
        if (parse_ip(arg, &ip) < 0)
            return fail("via", -1);
        rc = nlrs_route_spec_set_gateway(spec, &ip);
    } else if (strcmp(word, "dev") == 0) {
        rc = nlrs_route_spec_set_oif(spec, if_nametoindex(arg));
    } else if (strcmp(word, "table") == 0) {
        rc = nlrs_route_spec_set_table(spec, number(arg, 1));
    } else if (strcmp(word, "tos") == 0) {
        rc = nlrs_route_spec_set_tos(spec, (uint8_t)strtoul(arg, NULL, 16));
    } else if (strcmp(word, "from") == 0) {
        char text[INET6_ADDRSTRLEN + 4];
        snprintf(text, sizeof text, "%s", arg);
        char *slash = strchr(text, '/');
        if (slash == NULL)
            return fail("from", -1);
        *slash = '\0';
        if (parse_ip(text, &ip) < 0)
            return fail("from", -1);
        rc = nlrs_route_spec_set_src(spec, &ip, (uint8_t)number(slash + 1, 1));
    } else if (strcmp(word, "pref") == 0) {
        uint8_t pref = strcmp(arg, "low") == 0      ? NLRS_ICMPV6_ROUTER_PREF_LOW
                       : strcmp(arg, "high") == 0   ? NLRS_ICMPV6_ROUTER_PREF_HIGH
                                                    : NLRS_ICMPV6_ROUTER_PREF_MEDIUM;
        rc = nlrs_route_spec_set_pref(spec, pref);
    } else if (strcmp(word, "expires") == 0) {
        rc = nlrs_route_spec_set_expires(spec, number(arg, 1));
    } else if (strcmp(word, "realm") == 0 || strcmp(word, "realms") == 0) {
        const char *slash = strchr(arg, '/');
        uint32_t flow = slash ? number(arg, 1) << 16 | number(slash + 1, 1) : number(arg, 1);
        rc = nlrs_route_spec_set_flow(spec, flow);
    } else if (strcmp(word, "congctl") == 0) {
        rtax = NLRS_RTAX_CC_ALGO;
        rc = nlrs_route_spec_set_congctl(spec, arg);
    } else if (strcmp(word, "features") == 0) {
        rc = nlrs_route_spec_set_metric(spec, NLRS_RTAX_FEATURES, NLRS_RTAX_FEATURE_ECN);
    } else {
        size_t i = 0;
        while (i < sizeof METRICS / sizeof METRICS[0] && strcmp(METRICS[i].name, word) != 0)
            i++;
        if (i == sizeof METRICS / sizeof METRICS[0])
            return fail(word, -1);
        rtax = METRICS[i].rtax;
        rc = nlrs_route_spec_set_metric(spec, rtax, number(arg, METRICS[i].divisor));
    }
    if (rc < 0)
        return fail(word, rc);
    if (locked) {
        *lock |= 1U << rtax;
        rc = nlrs_route_spec_set_metric(spec, NLRS_RTAX_LOCK, *lock);
        if (rc < 0)
            return fail("lock", rc);
    }
    return 0;
}

/* `route_metrics add|del WORDS...`: the route through a spec; 0, or 1. */
static int change(int argc, char **argv)
{
    char prefix[INET6_ADDRSTRLEN + 4];
    snprintf(prefix, sizeof prefix, "%s", argv[2]);
    char *slash = strchr(prefix, '/');
    nlrs_ipaddr dst;
    if (slash == NULL)
        return fail("no prefix length", -1);
    *slash = '\0';
    if (parse_ip(prefix, &dst) < 0)
        return fail("destination", -1);
    nlrs_route_spec *spec = NULL;
    int rc = nlrs_route_spec_new(dst.family, &spec);
    if (rc < 0)
        return fail("nlrs_route_spec_new", rc);
    if ((rc = nlrs_route_spec_set_dst(spec, &dst, (uint8_t)number(slash + 1, 1))) < 0)
        return fail("nlrs_route_spec_set_dst", rc);
    uint32_t lock = 0;
    for (int i = 3; i < argc;) {
        if (strcmp(argv[i], "onlink") == 0) {
            if ((rc = nlrs_route_spec_set_flags(spec, NLRS_RTNH_F_ONLINK)) < 0)
                return fail("onlink", rc);
            i++;
            continue;
        }
        if (i + 1 == argc)
            return fail(argv[i], -1);
        int locked = strcmp(argv[i + 1], "lock") == 0 && i + 2 < argc;
        if (set_word(spec, argv[i], argv[i + 1 + locked], locked, &lock))
            return 1;
        i += 2 + locked;
    }
    nlrs_socket *sock = NULL;
    if ((rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock)) < 0)
        return fail("nlrs_socket_open", rc);
    if (strcmp(argv[1], "add") == 0)
        rc = nlrs_route_add(sock, spec, NLRS_MODE_CREATE);
    else
        rc = nlrs_route_delete(sock, spec);
    if (rc < 0)
        fprintf(stderr, "%s\n", nlrs_socket_ext_msg(sock) ? nlrs_socket_ext_msg(sock) : "");
    nlrs_socket_free(sock);
    nlrs_route_spec_free(spec);
    return rc < 0 ? fail(argv[1], rc) : 0;
}

int main(int argc, char **argv)
{
    if (argc > 2)
        return change(argc, argv);

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
