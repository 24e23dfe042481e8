/*
 * nlip: `ip link/addr/route/neigh` for links, addresses, routes and neighbours, written on the
 * typed rtnetlink objects of libnlrs.h alone (no attribute is built or read by hand).
 *
 *   nlip [-j] [-d] link show [dev NAME]
 *   nlip link set dev NAME { mtu N | up | down | name NEW | address MAC | master NAME |
 *                            nomaster | txqueuelen N } ...
 *   nlip link add NAME type { veth peer name NAME2 | bridge | ifb |
 *                             macvlan link PARENT mode MODE |
 *                             vxlan id N dstport P [dev PARENT] [local A] [remote A] [group A] }
 *   nlip link del [dev] NAME
 *   nlip [-j] addr show [dev NAME]
 *   nlip addr add|del|replace ADDR/PLEN dev NAME [brd ADDR|+] [label L] [scope S] [nodad]
 *   nlip [-j] [-d] [-4|-6] route show [table ID|all] [dev NAME]
 *   nlip [-j] [-d] route get ADDR
 *   nlip route add|del|replace [TYPE] PREFIX|default [via GW] [dev NAME] [table ID] [metric N]
 *                 [proto static|boot|N] [type blackhole|unreachable|prohibit|...] [src ADDR]
 *                 [from PREFIX] [tos N] [onlink] [pref low|medium|high] [expires SECONDS]
 *                 [METRIC [lock] N]... [congctl [lock] NAME] [nexthop via GW dev NAME [weight N]]...
 *                 (METRIC: mtu advmss hoplimit initcwnd initrwnd window ssthresh cwnd reordering
 *                 quickack fastopen_no_cookie)
 *   nlip [-j] neigh show [dev NAME]
 *   nlip neigh add|del|replace [proxy] ADDR [lladdr MAC] dev NAME [nud STATE] [router] [extern_learn]
 *
 * With -j the output is JSON whose keys and values are those of `ip -j` (iproute2 6.1) for
 * the fields nlip prints, present exactly when ip prints them; -d adds what `ip -d` adds
 * (min/max MTU and the link kind; every route's type, table, protocol and scope). Without -j,
 * one line per object in ip's spirit. -4 and -6 choose the family `route show` lists, as in
 * ip (without them: IPv4 for one table, both families for `table all`).
 *
 * A refusal by the kernel is printed as ip prints it, `Error: <the kernel's text>.` (the
 * errno's text when the kernel sent none), with exit status 2; a command line nlip does not
 * understand, or a device that does not exist, gives exit status 1.
 *
 * The socket keeps nlrs's defaults: strict checking, so every dump is filtered in the kernel
 * (addresses and neighbours by interface, routes by table and family).
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The by-value structs must be the size libnlrs.h and the library agree on. */
typedef char check_ipaddr_size[sizeof(nlrs_ipaddr) == 17 ? 1 : -1];
typedef char check_nexthop_size[sizeof(nlrs_route_nexthop) == 24 ? 1 : -1];
typedef char check_filter_size[sizeof(nlrs_route_filter) == 12 ? 1 : -1];
typedef char check_vxlan_size[sizeof(nlrs_vxlan) == 64 ? 1 : -1];

#define ATTEMPTS 3
/* ARPHRD_* types whose link-layer addresses iproute2 prints as IP addresses. */
#define ARPHRD_TUNNEL 768
#define ARPHRD_TUNNEL6 769
#define ARPHRD_SIT 776
#define ARPHRD_IPGRE 778
#define ARPHRD_IP6GRE 823

static bool json;
static int details;
/* -4 or -6: NLRS_AF_INET or NLRS_AF_INET6; NLRS_AF_UNSPEC when neither was given. */
static uint8_t family_opt = NLRS_AF_UNSPEC;
static FILE *out; /* everything printed goes here first, to stdout when the command worked */

/* ------------------------------------------------------------------------------------------
 * Errors. */

/* A command line nlip does not understand: exit status 1, as ip. */
static int usage(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

/* A failed call: as ip prints a refusal, `Error: <kernel text>.`, else the errno's text. */
static int fail(const nlrs_socket *sock, int err)
{
    const char *kernel = sock != NULL ? nlrs_socket_ext_msg(sock) : NULL;
    char text[256];

    if (kernel != NULL && kernel[0] != '\0' && nlrs_socket_last_errno(sock) == -err) {
        size_t n = strlen(kernel);
        fprintf(stderr, "Error: %s%s\n", kernel, kernel[n - 1] == '.' ? "" : ".");
    } else {
        nlrs_strerror(err, text, sizeof text);
        fprintf(stderr, "Error: %s\n", text);
    }
    return 2;
}

/* A warning the kernel attached to a successful answer, as ip prints it. */
static void warn_kernel(const nlrs_socket *sock)
{
    const char *w = nlrs_socket_warning(sock);

    if (w != NULL && w[0] != '\0')
        fprintf(stderr, "Warning: %s%s\n", w, w[strlen(w) - 1] == '.' ? "" : ".");
}

/* ------------------------------------------------------------------------------------------
 * Output: one code path for text and JSON, as iproute2's print_*(PRINT_ANY, key, fmt, value):
 * in JSON `"key":value`, in text `fmt` with the value. */

static bool need_comma;

static void json_sep(void)
{
    if (need_comma)
        fputc(',', out);
    need_comma = true;
}

static void json_string(const char *s)
{
    fputc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_key(const char *key)
{
    json_sep();
    if (key != NULL) {
        json_string(key);
        fputc(':', out);
    }
}

static void open_object(const char *key)
{
    if (json) {
        json_key(key);
        fputc('{', out);
        need_comma = false;
    }
}

static void close_object(void)
{
    if (json) {
        fputc('}', out);
        need_comma = true;
    }
}

static void open_array(const char *key)
{
    if (json) {
        json_key(key);
        fputc('[', out);
        need_comma = false;
    }
}

static void close_array(void)
{
    if (json) {
        fputc(']', out);
        need_comma = true;
    }
}

static void print_string(const char *key, const char *fmt, const char *value)
{
    if (json) {
        json_key(key);
        json_string(value);
    } else if (fmt != NULL) {
        fprintf(out, fmt, value);
    }
}

static void print_uint(const char *key, const char *fmt, unsigned long long value)
{
    if (json) {
        json_key(key);
        fprintf(out, "%llu", value);
    } else if (fmt != NULL) {
        fprintf(out, fmt, value);
    }
}

static void print_int(const char *key, const char *fmt, long long value)
{
    if (json) {
        json_key(key);
        fprintf(out, "%lld", value);
    } else if (fmt != NULL) {
        fprintf(out, fmt, value);
    }
}

static void print_null(const char *key, const char *text)
{
    if (json) {
        json_key(key);
        fputs("null", out);
    } else if (text != NULL) {
        fputs(text, out);
    }
}

static void print_true(const char *key, const char *text)
{
    if (json) {
        json_key(key);
        fputs("true", out);
    } else {
        fputs(text, out);
    }
}

/* An address lifetime: seconds, or "forever" in text. */
static void print_lifetime(const char *key, const char *label, uint32_t secs)
{
    if (json)
        print_uint(key, NULL, secs);
    else if (secs == NLRS_ADDR_LIFETIME_FOREVER)
        fprintf(out, "%sforever", label);
    else
        fprintf(out, "%s%lusec", label, (unsigned long)secs);
}

static void end_line(void)
{
    if (!json)
        fputc('\n', out);
}

/* Prints a comma-separated list of names (nlrs_link_flags_text(), nlrs_neigh_state_text())
 * as the JSON array `key`, or in text as `open` NAME,NAME `close`. */
static void print_name_list(const char *key, const char *list, const char *open,
                            const char *close)
{
    char buf[256];
    char *name, *save = NULL;

    if (!json) {
        fprintf(out, "%s%s%s", open, list, close);
        return;
    }
    snprintf(buf, sizeof buf, "%s", list);
    open_array(key);
    for (name = strtok_r(buf, ",", &save); name != NULL; name = strtok_r(NULL, ",", &save))
        print_string(NULL, NULL, name);
    close_array();
}

/* ------------------------------------------------------------------------------------------
 * Formatting values. */

static const char *ip_text(const nlrs_ipaddr *a, char *buf, size_t len)
{
    if (inet_ntop(a->family, a->addr, buf, (socklen_t)len) == NULL)
        snprintf(buf, len, "?");
    return buf;
}

/* A link-layer address as iproute2's ll_addr_n2a() writes it. */
static const char *ll_text(nlrs_bytes b, unsigned type, char *buf, size_t len)
{
    size_t i, at = 0;

    if (b.len == 4 && (type == ARPHRD_TUNNEL || type == ARPHRD_SIT || type == ARPHRD_IPGRE))
        return inet_ntop(AF_INET, b.ptr, buf, (socklen_t)len);
    if (b.len == 16 && (type == ARPHRD_TUNNEL6 || type == ARPHRD_IP6GRE))
        return inet_ntop(AF_INET6, b.ptr, buf, (socklen_t)len);
    buf[0] = '\0';
    for (i = 0; i < b.len && at + 3 < len; i++)
        at += (size_t)snprintf(buf + at, len - at, i ? ":%02x" : "%02x", b.ptr[i]);
    return buf;
}

/* ------------------------------------------------------------------------------------------
 * Parsing arguments. */

static bool is(const char *arg, const char *word)
{
    return arg != NULL && strcmp(arg, word) == 0;
}

static bool parse_u32(const char *s, uint32_t *out_value)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0' || v > 0xffffffffUL || s[0] == '-')
        return false;
    *out_value = (uint32_t)v;
    return true;
}

/* An IPv4 or IPv6 address. */
static bool parse_ip(const char *s, nlrs_ipaddr *a)
{
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, s, a->addr) == 1) {
        a->family = NLRS_AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, s, a->addr) == 1) {
        a->family = NLRS_AF_INET6;
        return true;
    }
    return false;
}

/* ADDR or ADDR/PLEN; without /PLEN the full length. */
static bool parse_prefix(const char *s, nlrs_ipaddr *a, uint8_t *plen)
{
    char buf[64];
    char *slash;
    uint32_t len;

    snprintf(buf, sizeof buf, "%s", s);
    slash = strchr(buf, '/');
    if (slash != NULL)
        *slash = '\0';
    if (!parse_ip(buf, a))
        return false;
    len = a->family == NLRS_AF_INET ? 32 : 128;
    if (slash != NULL && (!parse_u32(slash + 1, &len) || len > (a->family == NLRS_AF_INET ? 32u : 128u)))
        return false;
    *plen = (uint8_t)len;
    return true;
}

/* aa:bb:cc:dd:ee:ff (up to 32 bytes). */
static bool parse_mac(const char *s, uint8_t *mac, size_t *len)
{
    size_t n = 0;

    while (*s != '\0' && n < 32) {
        char *end;
        unsigned long v = strtoul(s, &end, 16);
        if (end == s || end - s > 2 || v > 0xff)
            return false;
        mac[n++] = (uint8_t)v;
        s = end;
        if (*s == ':')
            s++;
        else if (*s != '\0')
            return false;
    }
    *len = n;
    return n > 0 && *s == '\0';
}

/* ------------------------------------------------------------------------------------------
 * The link table: every link's index, name and flags, as iproute2's ll_map, to name the
 * interfaces that routes, addresses and neighbours point at. */

struct link_entry {
    uint32_t index;
    uint32_t flags;
    uint16_t type;
    char name[64];
};

static struct link_entry *links;
static size_t nlinks;

static const struct link_entry *link_by_index(int64_t index)
{
    size_t i;

    for (i = 0; i < nlinks; i++)
        if (links[i].index == index)
            return &links[i];
    return NULL;
}

static const struct link_entry *link_by_name(const char *name)
{
    size_t i;

    for (i = 0; i < nlinks; i++)
        if (strcmp(links[i].name, name) == 0)
            return &links[i];
    return NULL;
}

/* The name iproute2 prints for interface `index`: its name, or "if<N>" when unknown. */
static const char *ifname(int64_t index, char *buf, size_t len)
{
    const struct link_entry *e = link_by_index(index);

    if (e != NULL)
        return e->name;
    snprintf(buf, len, "if%lld", (long long)index);
    return buf;
}

/* Dumps every link into the table. */
static int load_links(nlrs_socket *sock)
{
    nlrs_dump *dump = NULL;
    nlrs_link *link = NULL;
    nlrs_rmsg msg;
    int rc;

    nlinks = 0;
    rc = nlrs_link_new(&link);
    if (rc == 0)
        rc = nlrs_link_dump(sock, &dump);
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        struct link_entry *e;

        rc = nlrs_link_parse(link, msg);
        if (rc < 0)
            break;
        e = realloc(links, (nlinks + 1) * sizeof *links);
        if (e == NULL) {
            rc = -ENOMEM;
            break;
        }
        links = e;
        e = &links[nlinks++];
        e->index = nlrs_link_ifindex(link);
        e->flags = nlrs_link_flags(link);
        e->type = nlrs_link_type(link);
        snprintf(e->name, sizeof e->name, "%s", nlrs_link_name(link));
    }
    nlrs_dump_free(dump);
    nlrs_link_free(link);
    return rc;
}

/* The index of device `name`; prints ip's complaint and returns 0 when there is none. */
static uint32_t dev_index(const char *name)
{
    const struct link_entry *e = link_by_name(name);

    if (e == NULL) {
        fprintf(stderr, "Cannot find device \"%s\"\n", name);
        return 0;
    }
    return e->index;
}

/* ------------------------------------------------------------------------------------------
 * link show */

/* How the text form introduces a link-layer address of device type `type` (ARPHRD_*). */
static const char *link_type_fmt(unsigned type)
{
    switch (type) {
    case 1:
        return "link/ether %s ";
    case 772:
        return "link/loopback %s ";
    default:
        return "link %s ";
    }
}

/* The fields of one link, in ip -j link's order. `full` prints what `ip link` prints; else
 * what `ip addr` prints before the addresses (the same here). */
static void print_link_fields(const nlrs_link *link)
{
    char buf[256], flags[256], name[64];
    uint32_t v, iflink;
    int32_t netnsid;
    uint8_t state;
    nlrs_bytes b;
    bool mdown = false;
    const char *kind;
    uint32_t index = nlrs_link_ifindex(link);

    print_int("ifindex", "%lld: ", index);
    if (nlrs_link_link(link, &iflink) == 1) {
        if (iflink == 0) {
            print_null("link", NULL);
            if (!json)
                fprintf(out, "%s@NONE: ", nlrs_link_name(link));
        } else if (nlrs_link_link_netnsid(link, &netnsid) == 1) {
            print_int("link_index", NULL, iflink);
            if (!json)
                fprintf(out, "%s@if%u: ", nlrs_link_name(link), (unsigned)iflink);
        } else {
            const struct link_entry *peer = link_by_index(iflink);
            const char *peer_name = ifname(iflink, name, sizeof name);

            print_string("link", NULL, peer_name);
            if (!json)
                fprintf(out, "%s@%s: ", nlrs_link_name(link), peer_name);
            mdown = peer == NULL || !(peer->flags & NLRS_IFF_UP);
        }
        print_string("ifname", NULL, nlrs_link_name(link));
    } else {
        print_string("ifname", "%s: ", nlrs_link_name(link));
    }

    nlrs_link_flags_text(nlrs_link_flags(link), flags, sizeof flags);
    if (mdown)
        strncat(flags, flags[0] != '\0' ? ",M-DOWN" : "M-DOWN", sizeof flags - strlen(flags) - 1);
    print_name_list("flags", flags, "<", "> ");

    if (nlrs_link_mtu(link, &v) == 1)
        print_uint("mtu", "mtu %llu ", v);
    if (nlrs_link_master(link, &v) == 1)
        print_string("master", "master %s ", ifname(v, name, sizeof name));
    if (nlrs_link_operstate(link, &state) == 1) {
        if (state > NLRS_IF_OPER_UP) {
            print_uint("operstate_index", "state %#llx ", state);
        } else {
            nlrs_link_operstate_name(state, buf, sizeof buf);
            print_string("operstate", "state %s ", buf);
        }
    }
    if (nlrs_link_txqlen(link, &v) == 1 && v != 0)
        print_uint("txqlen", "qlen %llu ", v);
    if (nlrs_link_address(link, &b) == 1)
        print_string("address", link_type_fmt(nlrs_link_type(link)),
                     ll_text(b, nlrs_link_type(link), buf, sizeof buf));
    if (nlrs_link_broadcast(link, &b) == 1) {
        const char *fmt = (nlrs_link_flags(link) & NLRS_IFF_POINTOPOINT) ? "peer %s " : "brd %s ";
        print_string("broadcast", fmt, ll_text(b, nlrs_link_type(link), buf, sizeof buf));
    }
    if (details) {
        if (nlrs_link_min_mtu(link, &v) == 1)
            print_uint("min_mtu", "minmtu %llu ", v);
        if (nlrs_link_max_mtu(link, &v) == 1)
            print_uint("max_mtu", "maxmtu %llu ", v);
        kind = nlrs_link_kind(link);
        /* iproute2 prints "linkinfo" whenever IFLA_LINKINFO is there; find it raw. */
        {
            nlrs_attr_iter it;
            nlrs_attr attr;

            if (nlrs_rmsg_attrs(nlrs_link_msg(link), sizeof(nlrs_ifinfomsg), &it) == 0 &&
                nlrs_attr_find(it, NLRS_IFLA_LINKINFO, &attr) == 1) {
                open_object("linkinfo");
                if (kind != NULL)
                    print_string("info_kind", "%s ", kind);
                close_object();
            }
        }
    }
}

static int print_link(const nlrs_link *link)
{
    open_object(NULL);
    print_link_fields(link);
    close_object();
    end_line();
    return 0;
}

static int link_show(nlrs_socket *sock, const char *dev)
{
    nlrs_link *link = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    int rc = nlrs_link_new(&link);

    open_array(NULL);
    if (dev != NULL && dev_index(dev) == 0) {
        nlrs_link_free(link);
        return 1;
    }
    if (rc == 0 && dev != NULL) {
        rc = nlrs_link_get_by_name(sock, dev, link);
        if (rc == 0)
            print_link(link);
    } else if (rc == 0) {
        rc = nlrs_link_dump(sock, &dump);
        while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
            rc = nlrs_link_parse(link, msg);
            if (rc == 0)
                print_link(link);
        }
    }
    close_array();
    nlrs_dump_free(dump);
    nlrs_link_free(link);
    return rc;
}

/* ------------------------------------------------------------------------------------------
 * link set / add / del */

static int link_set(nlrs_socket *sock, int argc, char **argv)
{
    nlrs_link_change *change = NULL;
    const char *dev = NULL;
    uint32_t index;
    int i, rc;

    rc = nlrs_link_change_new(&change);
    if (rc < 0)
        return fail(sock, rc);
    for (i = 0; i < argc && rc == 0; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint32_t n;

        if (strcmp(arg, "up") == 0) {
            rc = nlrs_link_change_set_up(change, true);
        } else if (strcmp(arg, "down") == 0) {
            rc = nlrs_link_change_set_up(change, false);
        } else if (strcmp(arg, "nomaster") == 0) {
            rc = nlrs_link_change_set_master(change, 0);
        } else if (val == NULL) {
            rc = usage("nlip link set: \"%s\" needs a value", arg);
        } else if (strcmp(arg, "dev") == 0) {
            dev = val;
            i++;
        } else if (strcmp(arg, "mtu") == 0) {
            rc = parse_u32(val, &n) ? nlrs_link_change_set_mtu(change, n)
                                    : usage("nlip: invalid mtu \"%s\"", val);
            i++;
        } else if (strcmp(arg, "txqueuelen") == 0 || strcmp(arg, "txqlen") == 0 ||
                   strcmp(arg, "qlen") == 0) {
            rc = parse_u32(val, &n) ? nlrs_link_change_set_txqlen(change, n)
                                    : usage("nlip: invalid txqueuelen \"%s\"", val);
            i++;
        } else if (strcmp(arg, "name") == 0) {
            rc = nlrs_link_change_set_name(change, val);
            i++;
        } else if (strcmp(arg, "address") == 0) {
            uint8_t mac[32];
            size_t len;
            rc = parse_mac(val, mac, &len) ? nlrs_link_change_set_address(change, mac, len)
                                           : usage("nlip: invalid address \"%s\"", val);
            i++;
        } else if (strcmp(arg, "master") == 0) {
            uint32_t m = dev_index(val);
            rc = m != 0 ? nlrs_link_change_set_master(change, m) : 1;
            i++;
        } else if (strcmp(arg, "netns") == 0) {
            rc = parse_u32(val, &n) ? nlrs_link_change_set_netns_pid(change, n)
                                    : usage("nlip: invalid netns pid \"%s\"", val);
            i++;
        } else if (dev == NULL) {
            dev = arg;
        } else {
            rc = usage("nlip link set: unknown argument \"%s\"", arg);
        }
    }
    if (rc < 0) {
        rc = fail(sock, rc);
    } else if (rc == 0 && dev == NULL) {
        rc = usage("nlip link set: which device? (dev NAME)");
    } else if (rc == 0 && (index = dev_index(dev)) == 0) {
        rc = 1;
    } else if (rc == 0) {
        rc = nlrs_link_change_apply(sock, index, change);
        rc = rc < 0 ? fail(sock, rc) : 0;
    }
    nlrs_link_change_free(change);
    return rc;
}

static int link_add(nlrs_socket *sock, int argc, char **argv)
{
    const char *name = NULL, *type = NULL, *peer = NULL, *parent = NULL;
    uint32_t mode = NLRS_MACVLAN_MODE_VEPA; /* the kernel's default, as ip */
    nlrs_vxlan vx;
    bool have_id = false, have_port = false;
    int i, rc;

    memset(&vx, 0, sizeof vx);
    for (i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint32_t n;

        if (!is(arg, "name") && !is(arg, "type") && !is(arg, "peer") && !is(arg, "link") &&
            !is(arg, "dev") && !is(arg, "mode") && !is(arg, "id") && !is(arg, "vni") &&
            !is(arg, "dstport") && !is(arg, "local") && !is(arg, "remote") && !is(arg, "group")) {
            if (name != NULL)
                return usage("nlip link add: unknown argument \"%s\"", arg);
            name = arg;
            continue;
        }
        if (val == NULL)
            return usage("nlip link add: \"%s\" needs a value", arg);
        i++;
        if (is(arg, "name")) {
            name = val;
        } else if (is(arg, "type")) {
            type = val;
        } else if (is(arg, "peer")) {
            if (is(val, "name")) {
                if (++i >= argc)
                    return usage("nlip link add: \"peer name\" needs a value");
                val = argv[i];
            }
            peer = val;
        } else if (is(arg, "link") || is(arg, "dev")) {
            parent = val;
        } else if (is(arg, "mode")) {
            if (is(val, "private"))
                mode = NLRS_MACVLAN_MODE_PRIVATE;
            else if (is(val, "vepa"))
                mode = NLRS_MACVLAN_MODE_VEPA;
            else if (is(val, "bridge"))
                mode = NLRS_MACVLAN_MODE_BRIDGE;
            else if (is(val, "passthru"))
                mode = NLRS_MACVLAN_MODE_PASSTHRU;
            else if (is(val, "source"))
                mode = NLRS_MACVLAN_MODE_SOURCE;
            else
                return usage("nlip: unknown macvlan mode \"%s\"", val);
        } else if (is(arg, "id") || is(arg, "vni")) {
            if (!parse_u32(val, &n))
                return usage("nlip: invalid vxlan id \"%s\"", val);
            vx.id = n;
            have_id = true;
        } else if (is(arg, "dstport")) {
            if (!parse_u32(val, &n) || n > 65535)
                return usage("nlip: invalid dstport \"%s\"", val);
            vx.port = (uint16_t)n;
            have_port = true;
        } else {
            nlrs_ipaddr *a = is(arg, "local") ? &vx.local : is(arg, "remote") ? &vx.remote : &vx.group;
            if (!parse_ip(val, a))
                return usage("nlip: invalid address \"%s\"", val);
        }
    }
    if (name == NULL || type == NULL)
        return usage("nlip link add NAME type TYPE ...");

    if (strcmp(type, "veth") == 0) {
        if (peer == NULL)
            return usage("nlip link add NAME type veth peer name NAME2");
        rc = nlrs_link_create_veth(sock, name, peer);
    } else if (strcmp(type, "bridge") == 0) {
        rc = nlrs_link_create_bridge(sock, name);
    } else if (strcmp(type, "ifb") == 0) {
        rc = nlrs_link_create_ifb(sock, name);
    } else if (strcmp(type, "macvlan") == 0) {
        uint32_t p;
        if (parent == NULL)
            return usage("nlip link add NAME type macvlan link PARENT mode MODE");
        if ((p = dev_index(parent)) == 0)
            return 1;
        rc = nlrs_link_create_macvlan(sock, name, (uint32_t)p, mode);
    } else if (strcmp(type, "vxlan") == 0) {
        if (!have_id || !have_port)
            return usage("nlip link add NAME type vxlan id N dstport P [dev PARENT]");
        if (parent != NULL) {
            uint32_t p = dev_index(parent);
            if (p == 0)
                return 1;
            vx.parent = p;
        }
        rc = nlrs_link_create_vxlan(sock, name, &vx);
    } else {
        return usage("nlip: unknown link type \"%s\" (veth, bridge, ifb, macvlan, vxlan)", type);
    }
    return rc < 0 ? fail(sock, rc) : 0;
}

static int link_del(nlrs_socket *sock, int argc, char **argv)
{
    const char *dev = argc == 2 && strcmp(argv[0], "dev") == 0 ? argv[1]
                      : argc == 1                             ? argv[0]
                                                              : NULL;
    uint32_t index;
    int rc;

    if (dev == NULL)
        return usage("nlip link del dev NAME");
    if ((index = dev_index(dev)) == 0)
        return 1;
    rc = nlrs_link_delete(sock, index);
    return rc < 0 ? fail(sock, rc) : 0;
}

/* ------------------------------------------------------------------------------------------
 * addr show */

/* One address, kept until its link is printed. */
struct addr_entry {
    uint32_t index, flags;
    uint8_t family, prefixlen, scope;
    bool has_local, has_address, has_brd, has_label, has_life;
    nlrs_ipaddr local, address, brd;
    char label[64];
    uint32_t valid, preferred;
};

static void print_addr(const struct addr_entry *a)
{
    char buf[INET6_ADDRSTRLEN + 8], peer[INET6_ADDRSTRLEN + 8];
    const char *family = a->family == NLRS_AF_INET ? "inet" : a->family == NLRS_AF_INET6 ? "inet6" : "?";

    open_object(NULL);
    print_string("family", "    %s ", family);
    if (a->has_local) {
        print_string("local", "%s", ip_text(&a->local, buf, sizeof buf));
        if (a->has_address && memcmp(a->address.addr, a->local.addr, a->family == NLRS_AF_INET ? 4 : 16) != 0) {
            if (!json)
                fputs(" peer ", out);
            print_string("address", "%s", ip_text(&a->address, peer, sizeof peer));
        }
        print_uint("prefixlen", "/%llu ", a->prefixlen);
    }
    if (a->has_brd)
        print_string("broadcast", "brd %s ", ip_text(&a->brd, buf, sizeof buf));
    nlrs_route_scope_name(a->scope, buf, sizeof buf);
    print_string("scope", "scope %s ", buf);
    if (a->flags & NLRS_IFA_F_SECONDARY)
        print_true("secondary", "secondary ");
    if (a->flags & NLRS_IFA_F_NODAD)
        print_true("nodad", "nodad ");
    if (a->has_label)
        print_string("label", "%s ", a->label);
    if (a->has_life) {
        print_lifetime("valid_life_time", "valid_lft ", a->valid);
        print_lifetime("preferred_life_time", " preferred_lft ", a->preferred);
    }
    close_object();
    if (!json)
        fputc('\n', out);
}

/* Dumps the addresses of interface `index` (0: all) into `*list`. */
static int load_addrs(nlrs_socket *sock, uint32_t index, struct addr_entry **list, size_t *n)
{
    nlrs_dump *dump = NULL;
    nlrs_addr *addr = NULL;
    nlrs_rmsg msg;
    int rc = nlrs_addr_new(&addr);

    if (rc == 0)
        rc = nlrs_addr_dump(sock, NLRS_AF_UNSPEC, index, &dump);
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        struct addr_entry *e;
        const char *label;

        if (nlrs_rmsg_type(msg) != NLRS_RTM_NEWADDR)
            continue;
        rc = nlrs_addr_parse(addr, msg);
        if (rc < 0)
            break;
        e = realloc(*list, (*n + 1) * sizeof **list);
        if (e == NULL) {
            rc = -ENOMEM;
            break;
        }
        *list = e;
        e = &e[(*n)++];
        memset(e, 0, sizeof *e);
        e->index = nlrs_addr_ifindex(addr);
        e->family = nlrs_addr_family(addr);
        e->prefixlen = nlrs_addr_prefixlen(addr);
        e->scope = nlrs_addr_scope(addr);
        e->flags = nlrs_addr_flags(addr);
        e->has_local = nlrs_addr_ip(addr, &e->local) == 1;
        e->has_address = nlrs_addr_address(addr, &e->address) == 1;
        e->has_brd = nlrs_addr_broadcast(addr, &e->brd) == 1;
        e->has_life = nlrs_addr_lifetimes(addr, &e->valid, &e->preferred) == 1;
        label = nlrs_addr_label(addr);
        if (label != NULL) {
            e->has_label = true;
            snprintf(e->label, sizeof e->label, "%s", label);
        }
    }
    nlrs_dump_free(dump);
    nlrs_addr_free(addr);
    return rc;
}

static int addr_show(nlrs_socket *sock, const char *dev)
{
    struct addr_entry *addrs = NULL;
    size_t naddrs = 0, i, j;
    uint32_t only = 0;
    nlrs_link *link = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    int rc;

    if (dev != NULL && (only = dev_index(dev)) == 0)
        return 1;
    rc = load_addrs(sock, only, &addrs, &naddrs);
    if (rc == 0)
        rc = nlrs_link_new(&link);
    if (rc == 0 && only != 0)
        rc = nlrs_link_get(sock, only, link);
    else if (rc == 0)
        rc = nlrs_link_dump(sock, &dump);
    open_array(NULL);
    for (i = 0; rc >= 0; i++) {
        if (only == 0) {
            if ((rc = nlrs_dump_next(dump, &msg)) <= 0)
                break;
            if ((rc = nlrs_link_parse(link, msg)) < 0)
                break;
        } else if (i > 0) {
            break;
        }
        open_object(NULL);
        print_link_fields(link);
        end_line();
        open_array("addr_info");
        for (j = 0; j < naddrs; j++)
            if ((int64_t)addrs[j].index == nlrs_link_ifindex(link))
                print_addr(&addrs[j]);
        close_array();
        close_object();
    }
    close_array();
    nlrs_dump_free(dump);
    nlrs_link_free(link);
    free(addrs);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------------------------------------
 * addr add / del / replace */

static int addr_change(nlrs_socket *sock, const char *cmd, int argc, char **argv)
{
    nlrs_addr_spec *spec = NULL;
    nlrs_ipaddr local, brd;
    const char *prefix = NULL, *dev = NULL, *label = NULL, *brd_arg = NULL;
    uint8_t plen, scope = NLRS_RT_SCOPE_UNIVERSE;
    uint32_t flags = 0;
    uint32_t index;
    int i, rc;

    for (i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(arg, "nodad") == 0) {
            flags |= NLRS_IFA_F_NODAD;
            continue;
        }
        if (prefix == NULL && strcmp(arg, "dev") != 0 && strcmp(arg, "local") != 0) {
            prefix = arg;
            continue;
        }
        if (val == NULL)
            return usage("nlip addr %s: \"%s\" needs a value", cmd, arg);
        if (strcmp(arg, "dev") == 0)
            dev = val;
        else if (strcmp(arg, "local") == 0)
            prefix = val;
        else if (strcmp(arg, "label") == 0)
            label = val;
        else if (strcmp(arg, "brd") == 0 || strcmp(arg, "broadcast") == 0)
            brd_arg = val;
        else if (strcmp(arg, "scope") == 0) {
            if (nlrs_route_scope_parse(val, &scope) < 0)
                return usage("nlip: invalid scope \"%s\"", val);
        } else
            return usage("nlip addr %s: unknown argument \"%s\"", cmd, arg);
        i++;
    }
    if (prefix == NULL || dev == NULL)
        return usage("nlip addr %s ADDR/PLEN dev NAME", cmd);
    if (!parse_prefix(prefix, &local, &plen))
        return usage("nlip: invalid address \"%s\"", prefix);
    if ((index = dev_index(dev)) == 0)
        return 1;

    rc = nlrs_addr_spec_new(index, &local, plen, &spec);
    if (rc == 0 && label != NULL)
        rc = nlrs_addr_spec_set_label(spec, label);
    if (rc == 0 && scope != NLRS_RT_SCOPE_UNIVERSE)
        rc = nlrs_addr_spec_set_scope(spec, scope);
    if (rc == 0 && flags != 0)
        rc = nlrs_addr_spec_set_flags(spec, flags);
    if (rc == 0 && brd_arg != NULL) {
        if (strcmp(brd_arg, "+") == 0 && local.family == NLRS_AF_INET && plen < 31) {
            /* The host part all ones, as ip's "brd +". */
            uint32_t host = plen == 0 ? 0xffffffffu : (1u << (32 - plen)) - 1;
            brd = local;
            brd.addr[0] |= (uint8_t)(host >> 24);
            brd.addr[1] |= (uint8_t)(host >> 16);
            brd.addr[2] |= (uint8_t)(host >> 8);
            brd.addr[3] |= (uint8_t)host;
        } else if (!parse_ip(brd_arg, &brd)) {
            nlrs_addr_spec_free(spec);
            return usage("nlip: invalid broadcast \"%s\"", brd_arg);
        }
        rc = nlrs_addr_spec_set_broadcast(spec, &brd);
    }
    if (rc == 0) {
        if (strcmp(cmd, "del") == 0 || strcmp(cmd, "delete") == 0)
            rc = nlrs_addr_delete(sock, spec);
        else
            rc = nlrs_addr_add(sock, spec,
                               strcmp(cmd, "replace") == 0 ? NLRS_MODE_UPSERT : NLRS_MODE_CREATE);
    }
    nlrs_addr_spec_free(spec);
    if (rc < 0)
        return fail(sock, rc);
    warn_kernel(sock);
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * route show / get */

/* A route's gateway as ip prints it: `gateway` when of the route's family; an IPv4 route's
 * IPv6 one (RTA_VIA) as `via inet6 ADDR`, in JSON `"via": {"family": "inet6", "host": ADDR}`. */
static void print_gateway(uint8_t route_family, const nlrs_ipaddr *gw)
{
    char buf[INET6_ADDRSTRLEN];

    ip_text(gw, buf, sizeof buf);
    if (gw->family == route_family) {
        print_string("gateway", "via %s ", buf);
        return;
    }
    open_object("via");
    print_string("family", "via %s ", gw->family == NLRS_AF_INET6 ? "inet6" : "inet");
    print_string("host", "%s ", buf);
    close_object();
}

/* One route as ip prints it. `table_filter` is the table `ip route show` was asked for (0 for
 * all tables or a lookup), whose routes do not repeat their table; likewise `dev_filter`, the
 * interface it was asked for (0 for any), whose routes do not repeat their device. */
static void print_route(const nlrs_route *route, uint32_t table_filter, uint32_t dev_filter)
{
    char buf[INET6_ADDRSTRLEN + 16], name[64];
    nlrs_ipaddr a;
    uint32_t v, table = nlrs_route_table(route);
    uint8_t type = nlrs_route_type(route), family = nlrs_route_family(route);
    unsigned host_len = family == NLRS_AF_INET ? 32 : 128;
    size_t i, n;

    open_object(NULL);
    if (type != NLRS_RTN_UNICAST || details) {
        nlrs_route_type_name(type, buf, sizeof buf);
        print_string("type", "%s ", buf);
    }
    if (nlrs_route_dst(route, &a) == 1) {
        char addr[INET6_ADDRSTRLEN];
        if (nlrs_route_dst_len(route) != host_len)
            snprintf(buf, sizeof buf, "%s/%u", ip_text(&a, addr, sizeof addr), nlrs_route_dst_len(route));
        else
            ip_text(&a, buf, sizeof buf);
    } else if (nlrs_route_dst_len(route) != 0) {
        snprintf(buf, sizeof buf, "0/%d ", nlrs_route_dst_len(route));
    } else {
        snprintf(buf, sizeof buf, "default");
    }
    print_string("dst", "%s ", buf);
    if (nlrs_route_gateway(route, &a) == 1)
        print_gateway(family, &a);
    if (nlrs_route_oif(route, &v) == 1 && dev_filter == 0)
        print_string("dev", "dev %s ", ifname(v, name, sizeof name));
    if (table != 0 && (table != NLRS_RT_TABLE_MAIN || details) && table_filter == 0) {
        nlrs_route_table_name(table, buf, sizeof buf);
        print_string("table", "table %s ", buf);
    }
    if (!(nlrs_route_flags(route) & NLRS_RTM_F_CLONED)) {
        if (nlrs_route_protocol(route) != NLRS_RTPROT_BOOT || details) {
            nlrs_route_protocol_name(nlrs_route_protocol(route), buf, sizeof buf);
            print_string("protocol", "proto %s ", buf);
        }
        if (nlrs_route_scope(route) != NLRS_RT_SCOPE_UNIVERSE || details) {
            nlrs_route_scope_name(nlrs_route_scope(route), buf, sizeof buf);
            print_string("scope", "scope %s ", buf);
        }
    }
    if (nlrs_route_prefsrc(route, &a) == 1)
        print_string("prefsrc", "src %s ", ip_text(&a, buf, sizeof buf));
    if (nlrs_route_priority(route, &v) == 1)
        print_uint("metric", "metric %llu ", v);
    n = nlrs_route_nexthop_count(route);
    if (n > 0) {
        open_array("nexthops");
        for (i = 0; i < n; i++) {
            nlrs_route_nexthop nh;
            if (nlrs_route_nexthop_at(route, i, &nh) < 0)
                break;
            open_object(NULL);
            if (!json)
                fputs("nexthop ", out);
            if (nh.gateway.family != NLRS_AF_UNSPEC)
                print_gateway(family, &nh.gateway);
            if (nh.ifindex != 0)
                print_string("dev", "dev %s ", ifname(nh.ifindex, name, sizeof name));
            print_uint("weight", "weight %llu ", nh.hops + 1u);
            close_object();
        }
        close_array();
    }
    close_object();
    end_line();
}

static int route_show(nlrs_socket *sock, int argc, char **argv)
{
    nlrs_route_filter filter;
    nlrs_route *route = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    uint32_t oif;
    int i, rc;

    /* As ip: the main table, and then IPv4 only; "table all" is every table of both; -4 or -6
     * chooses the family either way. */
    memset(&filter, 0, sizeof filter);
    filter.table = NLRS_RT_TABLE_MAIN;
    for (i = 0; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "table") == 0 && strcmp(argv[i + 1], "all") == 0) {
            filter.table = 0;
        } else if (strcmp(argv[i], "table") == 0) {
            if (nlrs_route_table_parse(argv[i + 1], &filter.table) < 0 || filter.table == 0)
                return usage("nlip: invalid table \"%s\"", argv[i + 1]);
        } else if (strcmp(argv[i], "dev") == 0) {
            int32_t index = dev_index(argv[i + 1]);
            if (index == 0)
                return 1;
            filter.oif = (uint32_t)index;
        } else {
            break;
        }
    }
    if (i != argc)
        return usage("nlip route show [table ID|all] [dev NAME]");
    filter.family = family_opt != NLRS_AF_UNSPEC ? family_opt
                    : filter.table != 0          ? NLRS_AF_INET
                                                 : NLRS_AF_UNSPEC;

    rc = nlrs_route_new(&route);
    if (rc == 0)
        rc = nlrs_route_dump(sock, &filter, &dump);
    open_array(NULL);
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        if (nlrs_rmsg_type(msg) != NLRS_RTM_NEWROUTE)
            continue;
        rc = nlrs_route_parse(route, msg);
        if (rc < 0 || (nlrs_route_flags(route) & NLRS_RTM_F_CLONED))
            continue;
        /* The kernel's device filter also passes a multipath route with a hop through the
         * device; ip lists only routes whose own RTA_OIF is that device, and so does nlip. */
        if (filter.oif != 0 && (nlrs_route_oif(route, &oif) != 1 || oif != filter.oif))
            continue;
        print_route(route, filter.table, filter.oif);
    }
    close_array();
    nlrs_dump_free(dump);
    nlrs_route_free(route);
    return rc;
}

static int route_get(nlrs_socket *sock, int argc, char **argv)
{
    nlrs_route *route = NULL;
    nlrs_ipaddr to;
    uint8_t plen;
    int rc;

    if (argc < 1 || !parse_prefix(argv[argc - 1], &to, &plen))
        return usage("nlip route get ADDR");
    rc = nlrs_route_new(&route);
    if (rc == 0)
        rc = nlrs_route_get(sock, &to, route);
    if (rc == 0) {
        open_array(NULL);
        print_route(route, 0, 0);
        close_array();
    }
    nlrs_route_free(route);
    return rc;
}

/* ------------------------------------------------------------------------------------------
 * route add / del / replace */

/* The metrics `ip route add` takes as plain numbers, by its names for them. */
static const struct {
    const char *name;
    uint16_t rtax;
} route_metrics[] = {
    {"mtu", NLRS_RTAX_MTU},
    {"advmss", NLRS_RTAX_ADVMSS},
    {"hoplimit", NLRS_RTAX_HOPLIMIT},
    {"initcwnd", NLRS_RTAX_INITCWND},
    {"initrwnd", NLRS_RTAX_INITRWND},
    {"window", NLRS_RTAX_WINDOW},
    {"ssthresh", NLRS_RTAX_SSTHRESH},
    {"cwnd", NLRS_RTAX_CWND},
    {"reordering", NLRS_RTAX_REORDERING},
    {"quickack", NLRS_RTAX_QUICKACK},
    {"fastopen_no_cookie", NLRS_RTAX_FASTOPEN_NO_COOKIE},
};

/* The RTAX number of metric `name`, or 0 for none. */
static uint16_t route_metric(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof route_metrics / sizeof route_metrics[0]; i++)
        if (strcmp(name, route_metrics[i].name) == 0)
            return route_metrics[i].rtax;
    return 0;
}

/* The value of `ip`'s `pref`, or -1. */
static int route_pref(const char *name)
{
    if (strcmp(name, "low") == 0)
        return NLRS_ICMPV6_ROUTER_PREF_LOW;
    if (strcmp(name, "medium") == 0)
        return NLRS_ICMPV6_ROUTER_PREF_MEDIUM;
    if (strcmp(name, "high") == 0)
        return NLRS_ICMPV6_ROUTER_PREF_HIGH;
    return -1;
}

static int route_change(nlrs_socket *sock, const char *cmd, int argc, char **argv)
{
    bool del = strcmp(cmd, "del") == 0 || strcmp(cmd, "delete") == 0;
    nlrs_route_spec *spec = NULL;
    nlrs_route_nexthop hops[16];
    size_t nhops = 0, nmetrics = 0;
    struct {
        uint16_t rtax;
        uint32_t value;
    } metrics[sizeof route_metrics / sizeof route_metrics[0]];
    nlrs_ipaddr dst, gw, prefsrc, from;
    uint8_t dst_len = 0, type = del ? NLRS_RTN_UNSPEC : NLRS_RTN_UNICAST, proto = NLRS_RTPROT_BOOT;
    uint8_t from_len = 0;
    uint32_t table = NLRS_RT_TABLE_MAIN, priority = 0, tos = 0, flags = 0, expires = 0, locks = 0;
    uint32_t oif = 0;
    int pref = -1;
    const char *congctl = NULL;
    bool have_dst = false, is_default = false, have_gw = false, have_priority = false,
         have_proto = false, have_src = false, have_from = false, have_expires = false;
    int i, rc;

    memset(&gw, 0, sizeof gw);
    for (i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint32_t n;

        if (!have_dst && !is_default) {
            /* ip's form "ip route add blackhole PREFIX" */
            if (nlrs_route_type_parse(arg, &type) == 0 && (arg[0] < '0' || arg[0] > '9'))
                continue;
            if (strcmp(arg, "default") == 0)
                is_default = true;
            else if (parse_prefix(arg, &dst, &dst_len))
                have_dst = true;
            else if (strcmp(arg, "to") != 0)
                return usage("nlip route %s: invalid prefix \"%s\"", cmd, arg);
            continue;
        }
        if (strcmp(arg, "onlink") == 0) { /* the one word without a value */
            flags |= NLRS_RTNH_F_ONLINK;
            continue;
        }
        /* `METRIC lock N` and `congctl lock NAME`: the metric locked against changes the
         * kernel would make to it (path MTU discovery, for the MTU). */
        if ((route_metric(arg) != 0 || strcmp(arg, "congctl") == 0) && val != NULL &&
            strcmp(val, "lock") == 0) {
            locks |= 1u << (route_metric(arg) != 0 ? route_metric(arg) : NLRS_RTAX_CC_ALGO);
            val = ++i + 1 < argc ? argv[i + 1] : NULL;
        }
        if (val == NULL)
            return usage("nlip route %s: \"%s\" needs a value", cmd, arg);
        if (strcmp(arg, "via") == 0) {
            if (!parse_ip(val, &gw))
                return usage("nlip: invalid gateway \"%s\"", val);
            have_gw = true;
        } else if (strcmp(arg, "dev") == 0 || strcmp(arg, "oif") == 0) {
            if ((oif = dev_index(val)) == 0)
                return 1;
        } else if (strcmp(arg, "table") == 0) {
            if (nlrs_route_table_parse(val, &table) < 0)
                return usage("nlip: invalid table \"%s\"", val);
        } else if (strcmp(arg, "metric") == 0 || strcmp(arg, "priority") == 0 ||
                   strcmp(arg, "preference") == 0) {
            if (!parse_u32(val, &priority))
                return usage("nlip: invalid metric \"%s\"", val);
            have_priority = true;
        } else if (strcmp(arg, "proto") == 0 || strcmp(arg, "protocol") == 0) {
            if (nlrs_route_protocol_parse(val, &proto) < 0)
                return usage("nlip: invalid protocol \"%s\"", val);
            have_proto = true;
        } else if (strcmp(arg, "type") == 0) {
            if (nlrs_route_type_parse(val, &type) < 0)
                return usage("nlip: invalid type \"%s\"", val);
        } else if (strcmp(arg, "src") == 0) {
            if (!parse_ip(val, &prefsrc))
                return usage("nlip: invalid source \"%s\"", val);
            have_src = true;
        } else if (strcmp(arg, "from") == 0) {
            if (!parse_prefix(val, &from, &from_len))
                return usage("nlip: invalid source prefix \"%s\"", val);
            have_from = true;
        } else if (strcmp(arg, "tos") == 0 || strcmp(arg, "dsfield") == 0) {
            if (!parse_u32(val, &tos) || tos > 0xff)
                return usage("nlip: invalid TOS \"%s\"", val);
        } else if (strcmp(arg, "pref") == 0) {
            if ((pref = route_pref(val)) < 0)
                return usage("nlip: invalid pref \"%s\"", val);
        } else if (strcmp(arg, "expires") == 0) {
            if (!parse_u32(val, &expires))
                return usage("nlip: invalid expires \"%s\"", val);
            have_expires = true;
        } else if (strcmp(arg, "congctl") == 0) {
            congctl = val;
        } else if (route_metric(arg) != 0) {
            if (!parse_u32(val, &n))
                return usage("nlip: invalid %s \"%s\"", arg, val);
            if (nmetrics == sizeof metrics / sizeof metrics[0])
                return usage("nlip: too many metrics");
            metrics[nmetrics].rtax = route_metric(arg);
            metrics[nmetrics++].value = n;
        } else if (strcmp(arg, "nexthop") == 0) {
            nlrs_route_nexthop *nh = &hops[nhops];
            if (nhops == sizeof hops / sizeof hops[0])
                return usage("nlip: too many nexthops");
            memset(nh, 0, sizeof *nh);
            while (i + 2 < argc && strcmp(argv[i + 1], "nexthop") != 0) {
                const char *k = argv[i + 1], *v = argv[i + 2];
                if (strcmp(k, "via") == 0) {
                    if (!parse_ip(v, &nh->gateway))
                        return usage("nlip: invalid gateway \"%s\"", v);
                } else if (strcmp(k, "dev") == 0) {
                    uint32_t idx = dev_index(v);
                    if (idx == 0)
                        return 1;
                    nh->ifindex = idx;
                } else if (strcmp(k, "weight") == 0 && parse_u32(v, &n) && n >= 1 && n <= 256) {
                    nh->hops = (uint8_t)(n - 1);
                } else {
                    return usage("nlip: invalid nexthop argument \"%s %s\"", k, v);
                }
                i += 2;
            }
            nhops++;
            continue;
        } else {
            return usage("nlip route %s: unknown argument \"%s\"", cmd, arg);
        }
        i++;
    }
    if (!have_dst && !is_default)
        return usage("nlip route %s PREFIX|default ...", cmd);

    rc = nlrs_route_spec_new(have_dst ? dst.family : have_gw ? gw.family : NLRS_AF_INET, &spec);
    if (rc == 0 && have_dst)
        rc = nlrs_route_spec_set_dst(spec, &dst, dst_len);
    if (rc == 0 && have_gw)
        rc = nlrs_route_spec_set_gateway(spec, &gw);
    if (rc == 0 && oif != 0)
        rc = nlrs_route_spec_set_oif(spec, oif);
    if (rc == 0)
        rc = nlrs_route_spec_set_table(spec, table);
    if (rc == 0 && have_priority)
        rc = nlrs_route_spec_set_priority(spec, priority);
    if (rc == 0 && have_proto)
        rc = nlrs_route_spec_set_protocol(spec, proto);
    if (rc == 0)
        rc = nlrs_route_spec_set_type(spec, type);
    if (rc == 0 && have_src)
        rc = nlrs_route_spec_set_prefsrc(spec, &prefsrc);
    if (rc == 0 && have_from)
        rc = nlrs_route_spec_set_src(spec, &from, from_len);
    if (rc == 0 && tos != 0)
        rc = nlrs_route_spec_set_tos(spec, (uint8_t)tos);
    if (rc == 0 && flags != 0)
        rc = nlrs_route_spec_set_flags(spec, flags);
    if (rc == 0 && pref >= 0)
        rc = nlrs_route_spec_set_pref(spec, (uint8_t)pref);
    if (rc == 0 && have_expires)
        rc = nlrs_route_spec_set_expires(spec, expires);
    for (i = 0; rc == 0 && (size_t)i < nmetrics; i++)
        rc = nlrs_route_spec_set_metric(spec, metrics[i].rtax, metrics[i].value);
    if (rc == 0 && locks != 0)
        rc = nlrs_route_spec_set_metric(spec, NLRS_RTAX_LOCK, locks);
    if (rc == 0 && congctl != NULL)
        rc = nlrs_route_spec_set_congctl(spec, congctl);
    for (i = 0; rc == 0 && (size_t)i < nhops; i++)
        rc = nlrs_route_spec_add_nexthop(spec, &hops[i]);
    if (rc == 0) {
        if (del)
            rc = nlrs_route_delete(sock, spec);
        else
            rc = nlrs_route_add(sock, spec,
                                strcmp(cmd, "replace") == 0  ? NLRS_MODE_UPSERT
                                : strcmp(cmd, "append") == 0 ? NLRS_MODE_APPEND
                                                             : NLRS_MODE_CREATE);
    }
    nlrs_route_spec_free(spec);
    if (rc < 0)
        return fail(sock, rc);
    warn_kernel(sock);
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * neigh show / add / del / replace */

static int neigh_show(nlrs_socket *sock, const char *dev)
{
    char buf[INET6_ADDRSTRLEN + 8], name[64], states[128];
    uint32_t only = 0;
    nlrs_neigh *neigh = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    int rc;

    if (dev != NULL && (only = dev_index(dev)) == 0)
        return 1;
    rc = nlrs_neigh_new(&neigh);
    if (rc == 0)
        rc = nlrs_neigh_dump(sock, NLRS_AF_UNSPEC, only, &dump);
    open_array(NULL);
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        uint16_t state;
        uint8_t flags;
        nlrs_ipaddr dst;
        nlrs_bytes ll;

        if (nlrs_rmsg_type(msg) != NLRS_RTM_NEWNEIGH)
            continue;
        if ((rc = nlrs_neigh_parse(neigh, msg)) < 0)
            break;
        state = nlrs_neigh_state(neigh);
        flags = nlrs_neigh_flags(neigh);
        /* As ip neigh show: every state but NOARP (and none), unless proxy or learned. */
        if (!(state & (0xff & ~NLRS_NUD_NOARP)) && !(flags & (NLRS_NTF_PROXY | NLRS_NTF_EXT_LEARNED)))
            continue;
        if (only != 0 && nlrs_neigh_ifindex(neigh) != only)
            continue;
        open_object(NULL);
        if (nlrs_neigh_dst(neigh, &dst) == 1)
            print_string("dst", "%s ", ip_text(&dst, buf, sizeof buf));
        if (only == 0 && nlrs_neigh_ifindex(neigh) != 0)
            print_string("dev", "dev %s ", ifname(nlrs_neigh_ifindex(neigh), name, sizeof name));
        if (nlrs_neigh_lladdr(neigh, &ll) == 1) {
            const struct link_entry *e = link_by_index(nlrs_neigh_ifindex(neigh));
            print_string("lladdr", "lladdr %s ", ll_text(ll, e != NULL ? e->type : 0, buf, sizeof buf));
        }
        if (flags & NLRS_NTF_ROUTER)
            print_null("router", "router ");
        if (state != 0) {
            nlrs_neigh_state_text(state, states, sizeof states);
            print_name_list("state", states, "", "");
        }
        close_object();
        end_line();
    }
    close_array();
    nlrs_dump_free(dump);
    nlrs_neigh_free(neigh);
    return rc;
}

static int neigh_change(nlrs_socket *sock, const char *cmd, int argc, char **argv)
{
    const char *dst_arg = NULL, *dev = NULL, *mac_arg = NULL;
    uint16_t state = NLRS_NUD_PERMANENT;
    uint8_t flags = 0;
    uint8_t mac[32];
    size_t mac_len = 0;
    nlrs_ipaddr dst;
    uint32_t index;
    int i, rc;

    for (i = 0; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

        /* Flags, as ip takes them; "proxy ADDR" names a proxy entry. */
        if (strcmp(arg, "router") == 0) {
            flags |= NLRS_NTF_ROUTER;
            continue;
        }
        if (strcmp(arg, "extern_learn") == 0) {
            flags |= NLRS_NTF_EXT_LEARNED;
            continue;
        }
        if (strcmp(arg, "proxy") == 0) {
            if (val == NULL)
                return usage("nlip neigh %s: \"proxy\" needs an address", cmd);
            flags |= NLRS_NTF_PROXY;
            dst_arg = val;
            i++;
            continue;
        }
        if (dst_arg == NULL && strcmp(arg, "to") != 0 && strcmp(arg, "dev") != 0 &&
            strcmp(arg, "lladdr") != 0 && strcmp(arg, "nud") != 0) {
            dst_arg = arg;
            continue;
        }
        if (val == NULL)
            return usage("nlip neigh %s: \"%s\" needs a value", cmd, arg);
        if (strcmp(arg, "to") == 0)
            dst_arg = val;
        else if (strcmp(arg, "dev") == 0)
            dev = val;
        else if (strcmp(arg, "lladdr") == 0)
            mac_arg = val;
        else if (strcmp(arg, "nud") == 0) {
            if (strcmp(val, "permanent") == 0)
                state = NLRS_NUD_PERMANENT;
            else if (strcmp(val, "noarp") == 0)
                state = NLRS_NUD_NOARP;
            else if (strcmp(val, "reachable") == 0)
                state = NLRS_NUD_REACHABLE;
            else if (strcmp(val, "stale") == 0)
                state = NLRS_NUD_STALE;
            else
                return usage("nlip: unknown nud state \"%s\"", val);
        } else
            return usage("nlip neigh %s: unknown argument \"%s\"", cmd, arg);
        i++;
    }
    if (dst_arg == NULL || dev == NULL)
        return usage("nlip neigh %s ADDR lladdr MAC dev NAME", cmd);
    if (!parse_ip(dst_arg, &dst))
        return usage("nlip: invalid address \"%s\"", dst_arg);
    if (mac_arg != NULL && !parse_mac(mac_arg, mac, &mac_len))
        return usage("nlip: invalid lladdr \"%s\"", mac_arg);
    if ((index = dev_index(dev)) == 0)
        return 1;
    if (strcmp(cmd, "del") == 0 || strcmp(cmd, "delete") == 0)
        rc = nlrs_neigh_delete_flags(sock, index, &dst, flags & NLRS_NTF_PROXY);
    else
        rc = nlrs_neigh_add_flags(sock, index, &dst, mac_len ? mac : NULL, mac_len, state, flags,
                                  strcmp(cmd, "replace") == 0 ? NLRS_MODE_UPSERT : NLRS_MODE_CREATE);
    if (rc < 0)
        return fail(sock, rc);
    warn_kernel(sock);
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * main */

/* "show" with an optional "dev NAME" (or bare NAME), for link, addr and neigh. */
static bool show_dev(int argc, char **argv, const char **dev)
{
    *dev = NULL;
    if (argc == 0)
        return true;
    if (argc == 2 && is(argv[0], "dev")) {
        *dev = argv[1];
        return true;
    }
    if (argc == 1) {
        *dev = argv[0];
        return true;
    }
    return false;
}

/* Runs a show command, repeating it when the kernel's table changed during a dump. */
static int run_show(nlrs_socket *sock, int (*show)(nlrs_socket *, int, char **), int argc,
                    char **argv, char **text, size_t *size)
{
    int attempt, rc = 0;

    for (attempt = 0; attempt < ATTEMPTS; attempt++) {
        out = open_memstream(text, size);
        if (out == NULL)
            return -ENOMEM;
        need_comma = false;
        rc = show(sock, argc, argv);
        fclose(out);
        out = NULL;
        if (rc != -NLRS_E_DUMP_INTR)
            break;
        free(*text);
        *text = NULL;
    }
    return rc;
}

static int cmd_link_show(nlrs_socket *s, int argc, char **argv)
{
    const char *dev;
    return show_dev(argc, argv, &dev) ? link_show(s, dev) : usage("nlip link show [dev NAME]");
}

static int cmd_addr_show(nlrs_socket *s, int argc, char **argv)
{
    const char *dev;
    return show_dev(argc, argv, &dev) ? addr_show(s, dev) : usage("nlip addr show [dev NAME]");
}

static int cmd_neigh_show(nlrs_socket *s, int argc, char **argv)
{
    const char *dev;
    return show_dev(argc, argv, &dev) ? neigh_show(s, dev) : usage("nlip neigh show [dev NAME]");
}

static int help(void)
{
    fputs("usage: nlip [-j] [-d] link show [dev NAME]\n"
          "       nlip link set dev NAME mtu N | up | down | name NEW | address MAC |\n"
          "                              master NAME | nomaster | txqueuelen N ...\n"
          "       nlip link add NAME type veth peer name NAME2 | bridge | ifb |\n"
          "                      macvlan link PARENT mode MODE |\n"
          "                      vxlan id N dstport P [dev PARENT]\n"
          "       nlip link del dev NAME\n"
          "       nlip [-j] addr show [dev NAME]\n"
          "       nlip addr add|del|replace ADDR/PLEN dev NAME\n"
          "       nlip [-j] [-d] [-4|-6] route show [table ID|all] [dev NAME]\n"
          "       nlip [-j] route get ADDR\n"
          "       nlip route add|del|replace PREFIX|default [via GW] [dev NAME] [table ID]\n"
          "                 [metric N] [proto static|boot|N] [type blackhole|unreachable|prohibit]\n"
          "       nlip [-j] neigh show [dev NAME]\n"
          "       nlip neigh add|del|replace [proxy] ADDR lladdr MAC dev NAME [router] [extern_learn]\n",
          stderr);
    return 1;
}

int main(int argc, char **argv)
{
    nlrs_socket *sock = NULL;
    int (*show)(nlrs_socket *, int, char **) = NULL;
    const char *object, *cmd;
    char *text = NULL;
    size_t size = 0;
    int rc;

    for (argv++, argc--; argc > 0 && argv[0][0] == '-'; argv++, argc--) {
        if (is(argv[0], "-j") || is(argv[0], "-json"))
            json = true;
        else if (is(argv[0], "-d") || is(argv[0], "-details"))
            details++;
        else if (is(argv[0], "-4"))
            family_opt = NLRS_AF_INET;
        else if (is(argv[0], "-6"))
            family_opt = NLRS_AF_INET6;
        else
            return help();
    }
    if (argc < 1)
        return help();
    object = argv[0];
    if (argc > 1) {
        cmd = argv[1];
        argc -= 2;
        argv += 2;
    } else {
        cmd = "show";
        argc = 0;
        argv++;
    }

    rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    if (rc < 0)
        return fail(NULL, rc);
    rc = load_links(sock);
    if (rc < 0) {
        rc = fail(sock, rc);
        goto done;
    }

    if ((is(object, "link") || is(object, "l")) && (is(cmd, "show") || is(cmd, "list")))
        show = cmd_link_show;
    else if ((is(object, "addr") || is(object, "a") || is(object, "address")) &&
             (is(cmd, "show") || is(cmd, "list")))
        show = cmd_addr_show;
    else if ((is(object, "route") || is(object, "r")) && (is(cmd, "show") || is(cmd, "list")))
        show = route_show;
    else if ((is(object, "route") || is(object, "r")) && is(cmd, "get"))
        show = route_get;
    else if ((is(object, "neigh") || is(object, "n")) && (is(cmd, "show") || is(cmd, "list")))
        show = cmd_neigh_show;

    if (family_opt != NLRS_AF_UNSPEC && show != route_show) {
        rc = usage("nlip: -4 and -6 choose the family of route show only");
    } else if (show != NULL) {
        rc = run_show(sock, show, argc, argv, &text, &size);
        if (rc < 0) {
            rc = fail(sock, rc);
        } else if (rc == 0) {
            fwrite(text, 1, size, stdout);
            if (json)
                fputc('\n', stdout);
        }
    } else if (is(object, "link") && is(cmd, "set")) {
        rc = link_set(sock, argc, argv);
    } else if (is(object, "link") && is(cmd, "add")) {
        rc = link_add(sock, argc, argv);
    } else if (is(object, "link") && (is(cmd, "del") || is(cmd, "delete"))) {
        rc = link_del(sock, argc, argv);
    } else if ((is(object, "addr") || is(object, "address")) &&
               (is(cmd, "add") || is(cmd, "del") || is(cmd, "delete") || is(cmd, "replace"))) {
        rc = addr_change(sock, cmd, argc, argv);
    } else if (is(object, "route") && (is(cmd, "add") || is(cmd, "del") || is(cmd, "delete") ||
                                       is(cmd, "replace") || is(cmd, "append"))) {
        rc = route_change(sock, cmd, argc, argv);
    } else if (is(object, "neigh") &&
               (is(cmd, "add") || is(cmd, "del") || is(cmd, "delete") || is(cmd, "replace"))) {
        rc = neigh_change(sock, cmd, argc, argv);
    } else {
        rc = help();
    }

done:
    free(text);
    free(links);
    nlrs_socket_free(sock);
    return rc;
}
