/*
 * Link kinds, aliases and alternative names from C: tests/rtnl_link_kinds.rs runs this in a
 * private network namespace, under strace for the requests it sends, and compares what it
 * prints with `ip -j -d link show`.
 *
 * Usage: link_kinds COMMAND ARGS...
 *   create dummy NAME | vlan NAME PARENT ID PROTOCOL | vrf NAME TABLE | bond NAME MODE |
 *          ipvlan NAME PARENT MODE       (numbers as the C API takes them)
 *   alias IFINDEX TEXT | altname-add IFINDEX NAME | altname-del IFINDEX NAME
 *   show NAME
 * A request prints "rc=N" (0 or the negative errno); show prints one line of "key=value"
 * tokens for what the link has ("altname=NAME" once per name, in the kernel's order). Exit
 * status 0 when every call behaved (a request refused by the kernel included).
 */
#include <libnlrs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long num(const char *s)
{
    return strtoul(s, NULL, 0);
}

static int request(nlrs_socket *s, int argc, char **argv)
{
    const char *cmd = argv[1];
    if (argc >= 4 && strcmp(cmd, "create") == 0) {
        const char *kind = argv[2], *name = argv[3];
        if (strcmp(kind, "dummy") == 0)
            return nlrs_link_create_dummy(s, name);
        if (strcmp(kind, "vlan") == 0 && argc == 7)
            return nlrs_link_create_vlan(s, name, num(argv[4]), (uint16_t)num(argv[5]),
                                         (uint16_t)num(argv[6]));
        if (strcmp(kind, "vrf") == 0 && argc == 5)
            return nlrs_link_create_vrf(s, name, num(argv[4]));
        if (strcmp(kind, "bond") == 0 && argc == 5)
            return nlrs_link_create_bond(s, name, (uint8_t)num(argv[4]));
        if (strcmp(kind, "ipvlan") == 0 && argc == 6)
            return nlrs_link_create_ipvlan(s, name, num(argv[4]), (uint16_t)num(argv[5]));
    } else if (argc == 4 && strcmp(cmd, "alias") == 0) {
        nlrs_link_change *c;
        int rc = nlrs_link_change_new(&c);
        if (rc == 0)
            rc = nlrs_link_change_set_alias(c, argv[3]);
        if (rc == 0)
            rc = nlrs_link_change_apply(s, num(argv[2]), c);
        nlrs_link_change_free(c);
        return rc;
    } else if (argc == 4 && strcmp(cmd, "altname-add") == 0) {
        return nlrs_link_add_altname(s, num(argv[2]), argv[3]);
    } else if (argc == 4 && strcmp(cmd, "altname-del") == 0) {
        return nlrs_link_delete_altname(s, num(argv[2]), argv[3]);
    }
    fprintf(stderr, "usage: see the comment at the top of link_kinds.c\n");
    exit(2);
}

/* Prints the line of the link named `name`; returns 0, or 1 when a getter misbehaved. */
static int show(nlrs_socket *s, const char *name)
{
    nlrs_link *l;
    if (nlrs_link_new(&l) != 0)
        return 1;
    int rc = nlrs_link_get_by_name(s, name, l);
    if (rc != 0) {
        fprintf(stderr, "get %s: %d\n", name, rc);
        nlrs_link_free(l);
        return 1;
    }
    int bad = 0;
    printf("ifindex=%u", (unsigned)nlrs_link_ifindex(l));
    const char *alias = nlrs_link_alias(l);
    if (alias != NULL)
        printf(" alias=%s", alias);
    size_t n = nlrs_link_altname_count(l);
    for (size_t i = 0; i < n; i++) {
        const char *a = nlrs_link_altname_at(l, i);
        bad |= a == NULL;
        printf(" altname=%s", a ? a : "(null)");
    }
    bad |= nlrs_link_altname_at(l, n) != NULL;
    uint32_t v;
    if (nlrs_link_promiscuity(l, &v) == 1)
        printf(" promiscuity=%u", (unsigned)v);
    if (nlrs_link_group(l, &v) == 1)
        printf(" group=%u", (unsigned)v);
    if (nlrs_link_num_tx_queues(l, &v) == 1)
        printf(" num_tx_queues=%u", (unsigned)v);
    if (nlrs_link_num_rx_queues(l, &v) == 1)
        printf(" num_rx_queues=%u", (unsigned)v);
    bool carrier;
    if (nlrs_link_carrier(l, &carrier) == 1)
        printf(" carrier=%d", carrier ? 1 : 0);
    uint16_t id, proto, ipvlan;
    if (nlrs_link_vlan_id(l, &id) == 1 && nlrs_link_vlan_protocol(l, &proto) == 1)
        printf(" vlan=%u/0x%04x", (unsigned)id, (unsigned)proto);
    if (nlrs_link_vrf_table(l, &v) == 1)
        printf(" vrf_table=%u", (unsigned)v);
    uint8_t mode;
    if (nlrs_link_bond_mode(l, &mode) == 1)
        printf(" bond_mode=%u", (unsigned)mode);
    if (nlrs_link_ipvlan_mode(l, &ipvlan) == 1)
        printf(" ipvlan_mode=%u", (unsigned)ipvlan);
    printf("\n");
    nlrs_link_free(l);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: see the comment at the top of link_kinds.c\n");
        return 2;
    }
    nlrs_socket *s;
    int rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &s);
    if (rc != 0) {
        fprintf(stderr, "nlrs_socket_open: %d\n", rc);
        return 1;
    }
    int status = 0;
    if (strcmp(argv[1], "show") == 0)
        status = show(s, argv[2]);
    else
        printf("rc=%d\n", request(s, argc, argv));
    nlrs_socket_free(s);
    return status;
}
