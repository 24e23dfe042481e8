/*
 * mirror_lookup: the nlrs_mirror lookups as a program, for tests/rtnl_mirror_lookup.rs.
 *
 * Starts a mirror of links, addresses, routes and neighbours, then answers the questions
 * on stdin, one a line, with one line on stdout each (`none` when nothing is found):
 *
 *   lookup TABLE ADDR                 -> DST DEV METRIC   (DST as ip prints it: `default`,
 *                                        `ADDR` for a host route, else `ADDR/LEN`)
 *   link INDEX                        -> NAME
 *   name NAME                         -> INDEX
 *   addr INDEX ADDR                   -> ADDR/PREFIXLEN
 *   neigh INDEX ADDR                  -> ADDR
 *   route TABLE DST LEN TOS PRIO GW   -> GATEWAY (`-` for GW: any route; `-` printed for none)
 *
 * Errors: `error: TEXT` on stderr, exit 1.
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static int on_change(void *userdata, int change, const nlrs_object *obj)
{
    (void)userdata;
    (void)change;
    (void)obj;
    return 0;
}

/* Parses an IPv4 or IPv6 address; 0 on success. */
static int parse_ip(const char *s, nlrs_ipaddr *a)
{
    memset(a, 0, sizeof(*a));
    if (inet_pton(AF_INET, s, a->addr) == 1) {
        a->family = NLRS_AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, s, a->addr) == 1) {
        a->family = NLRS_AF_INET6;
        return 0;
    }
    return -1;
}

static const char *ip_text(const nlrs_ipaddr *a, char *buf, size_t len)
{
    return inet_ntop(a->family == NLRS_AF_INET ? AF_INET : AF_INET6, a->addr, buf,
                     (socklen_t)len);
}

/* The name of link `index`, found in the mirror, or `?`. */
static const char *dev_name(const nlrs_mirror *m, uint32_t index, char *buf, size_t len)
{
    const nlrs_link *l = nlrs_object_link(nlrs_mirror_link(m, index));
    if (l == NULL)
        return "?";
    snprintf(buf, len, "%s", nlrs_link_name(l));
    return buf;
}

/* Prints route `r`; it is copied first, since dev_name() looks the link up in the mirror,
 * which lends its next object in place of `r`. */
static void print_route(const nlrs_mirror *m, const nlrs_route *r)
{
    nlrs_ipaddr dst;
    char text[INET6_ADDRSTRLEN], name[16];
    uint8_t len = nlrs_route_dst_len(r);
    uint32_t oif = 0, metric = 0;
    uint8_t host = nlrs_route_family(r) == NLRS_AF_INET ? 32 : 128;
    int has_dst = nlrs_route_dst(r, &dst) == 1;

    nlrs_route_oif(r, &oif);
    nlrs_route_priority(r, &metric);
    if (!has_dst)
        printf("default");
    else if (len == host)
        printf("%s", ip_text(&dst, text, sizeof(text)));
    else
        printf("%s/%u", ip_text(&dst, text, sizeof(text)), len);
    printf(" %s %u\n", dev_name(m, oif, name, sizeof(name)), metric);
}

/* Answers one question; -1 when it does not parse. */
static int answer(const nlrs_mirror *m, const char *line)
{
    char a[128], b[64], c[64]; /* a: an alternative name has up to 127 bytes */
    unsigned table, len, tos, prio;
    int index;
    nlrs_ipaddr ip, gw;
    const nlrs_object *o;
    char text[INET6_ADDRSTRLEN], name[16];

    if (sscanf(line, "lookup %u %127s", &table, a) == 2) {
        if (parse_ip(a, &ip) != 0)
            return -1;
        o = nlrs_mirror_route_lookup(m, table, &ip);
        if (o != NULL)
            print_route(m, nlrs_object_route(o));
    } else if (sscanf(line, "link %d", &index) == 1) {
        o = nlrs_mirror_link(m, (uint32_t)index);
        if (o != NULL)
            printf("%s\n", dev_name(m, (uint32_t)index, name, sizeof(name)));
    } else if (sscanf(line, "name %127s", a) == 1) {
        o = nlrs_mirror_link_by_name(m, a);
        if (o != NULL)
            printf("%u\n", nlrs_link_ifindex(nlrs_object_link(o)));
    } else if (sscanf(line, "addr %d %63s", &index, a) == 2) {
        if (parse_ip(a, &ip) != 0)
            return -1;
        o = nlrs_mirror_addr(m, (uint32_t)index, &ip);
        if (o != NULL && nlrs_addr_ip(nlrs_object_addr(o), &ip) == 1)
            printf("%s/%u\n", ip_text(&ip, text, sizeof(text)),
                   nlrs_addr_prefixlen(nlrs_object_addr(o)));
    } else if (sscanf(line, "neigh %d %63s", &index, a) == 2) {
        if (parse_ip(a, &ip) != 0)
            return -1;
        o = nlrs_mirror_neigh(m, (uint32_t)index, &ip);
        if (o != NULL && nlrs_neigh_dst(nlrs_object_neigh(o), &ip) == 1)
            printf("%s\n", ip_text(&ip, text, sizeof(text)));
    } else if (sscanf(line, "route %u %63s %u %u %u %63s", &table, a, &len, &tos, &prio, c) == 6) {
        if (parse_ip(a, &ip) != 0 || (strcmp(c, "-") != 0 && parse_ip(c, &gw) != 0))
            return -1;
        o = nlrs_mirror_route(m, table, &ip, (uint8_t)len, (uint8_t)tos, prio,
                              strcmp(c, "-") == 0 ? NULL : &gw);
        if (o != NULL)
            printf("%s\n", nlrs_route_gateway(nlrs_object_route(o), &gw) == 1
                                ? ip_text(&gw, b, sizeof(b))
                                : "-");
    } else {
        return -1;
    }
    if (o == NULL)
        printf("none\n");
    return 0;
}

int main(void)
{
    nlrs_mirror *m = NULL;
    char line[256];
    int rc = nlrs_mirror_start(NLRS_MIRROR_LINKS | NLRS_MIRROR_ADDRS | NLRS_MIRROR_ROUTES |
                                   NLRS_MIRROR_NEIGHS,
                               1 << 22, on_change, NULL, &m);
    if (rc < 0) {
        char text[128];
        nlrs_strerror(rc, text, sizeof(text));
        fprintf(stderr, "error: nlrs_mirror_start: %s\n", text);
        return 1;
    }
    while (fgets(line, sizeof(line), stdin) != NULL) {
        if (answer(m, line) != 0) {
            fprintf(stderr, "error: cannot read question: %s", line);
            nlrs_mirror_free(m);
            return 1;
        }
    }
    nlrs_mirror_free(m);
    return 0;
}
