/*
 * mirror [--rcvbuf BYTES] [--idle-exit MS]: follow the kernel's links and addresses, and
 * never silently drift from them, even when events are lost.
 *
 * An nlrs_mirror subscribes to link and address events, dumps both tables, then applies the
 * events that arrive; when the kernel drops events (its receive queue overflowed: ENOBUFS) it
 * re-dumps and reports exactly what changed meanwhile. This program runs it in a poll() loop
 * and prints every change on stdout as it happens, one line each, the initial objects first:
 *
 *   +LINK INDEX NAME mtu MTU UP|DOWN      a link appeared
 *   ~LINK INDEX NAME mtu MTU UP|DOWN      a link changed (its new state)
 *   -LINK INDEX NAME mtu MTU UP|DOWN      a link went away (its last state)
 *   +ADDR INDEX ADDRESS/PREFIX            an address was added (likewise ~ADDR, -ADDR)
 *
 * UP when IFF_UP is set; ADDRESS is the interface's own address as `ip address` shows it.
 * After the mirror recovered from lost events it prints `resync` on stderr. Once the first
 * dump is done it prints `started: N objects` on stderr.
 *
 * --rcvbuf BYTES  receive buffer of the event socket (default 1 MiB); a small one loses
 *                 events sooner, to watch the recovery.
 * --idle-exit MS  once no event has arrived for MS milliseconds, print the final table and
 *                 exit 0: the links sorted by index, then the addresses sorted by index, then
 *                 by address text:
 *
 *                   LINK INDEX NAME mtu MTU UP|DOWN
 *                   ADDR INDEX ADDRESS/PREFIX
 *
 * Without --idle-exit it runs until SIGINT or SIGTERM, then exits 0. Errors print
 * `error: ...` on stderr and exit 1; bad arguments print the usage and exit 2. stdout is
 * flushed after every batch of changes, so the output can be piped.
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An address as text: INET6_ADDRSTRLEN, plus "/128". */
#define ADDR_TEXT 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void print_error(int err)
{
    char text[256];

    nlrs_strerror(err, text, sizeof text);
    fprintf(stderr, "error: %s\n", text);
}

/* An address as `ADDRESS/PREFIX` in `text`. Returns 0, or a negative code. */
static int addr_text(const nlrs_addr *a, char *text, size_t len)
{
    nlrs_ipaddr ip;
    size_t used;
    int rc;

    rc = nlrs_addr_ip(a, &ip);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return -EBADMSG; /* the kernel always sends one */
    /* nlrs_ipaddr's family and bytes are what inet_ntop() takes. */
    if (inet_ntop(ip.family, ip.addr, text, (socklen_t)len) == NULL)
        return -errno;
    used = strlen(text);
    snprintf(text + used, len - used, "/%u", (unsigned)nlrs_addr_prefixlen(a));
    return 0;
}

/* A link as `INDEX NAME mtu MTU UP|DOWN`, the columns of both the changes and the final
 * table. */
static void print_link(const char *prefix, const nlrs_link *l)
{
    const char *name = nlrs_link_name(l);
    uint32_t mtu = 0;

    nlrs_link_mtu(l, &mtu); /* 0 when the kernel sent none */
    printf("%s %d %s mtu %u %s\n", prefix, (int)nlrs_link_ifindex(l), name ? name : "?",
           (unsigned)mtu, (nlrs_link_flags(l) & NLRS_IFF_UP) ? "UP" : "DOWN");
}

/* The mirror's callback: one line per change, `resync` on stderr after a recovery. */
static int on_change(void *userdata, int change, const nlrs_object *obj)
{
    static const char *const sign[] = {"?", "+", "~", "-"};
    char text[ADDR_TEXT];
    char prefix[8];
    int rc;

    (void)userdata;
    if (change == NLRS_CHANGE_RESYNC) {
        fflush(stdout);
        fprintf(stderr, "resync\n");
        return 0;
    }
    if (change < NLRS_CHANGE_ADD || change > NLRS_CHANGE_REMOVE)
        return 0;
    switch (nlrs_object_kind(obj)) {
    case NLRS_OBJECT_LINK:
        snprintf(prefix, sizeof prefix, "%sLINK", sign[change]);
        print_link(prefix, nlrs_object_link(obj));
        break;
    case NLRS_OBJECT_ADDR:
        rc = addr_text(nlrs_object_addr(obj), text, sizeof text);
        if (rc < 0)
            return rc;
        printf("%sADDR %u %s\n", sign[change], (unsigned)nlrs_addr_ifindex(nlrs_object_addr(obj)),
               text);
        break;
    default:
        break;
    }
    return 0;
}

/* One address of the final table. */
struct addr_line {
    unsigned index;
    char text[ADDR_TEXT];
};

static int by_index_then_text(const void *a, const void *b)
{
    const struct addr_line *x = a, *y = b;

    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* The final table: links by index (the mirror's own order), then addresses by index and
 * address text. Each object the walk lends is valid until the next call on the mirror, so
 * what is kept of it is copied. */
static int print_table(const nlrs_mirror *m)
{
    size_t n = nlrs_mirror_len(m), naddrs = 0, i;
    struct addr_line *addrs = malloc((n ? n : 1) * sizeof *addrs);
    const nlrs_object *o;
    int rc = 0;

    if (addrs == NULL)
        return -ENOMEM;
    /* The mirror's own walk; nothing changes the mirror while it runs. */
    for (o = nlrs_mirror_first(m); o != NULL && rc == 0; o = nlrs_mirror_next(m, o)) {
        if (nlrs_object_kind(o) == NLRS_OBJECT_LINK) {
            print_link("LINK", nlrs_object_link(o));
        } else if (nlrs_object_kind(o) == NLRS_OBJECT_ADDR) {
            addrs[naddrs].index = nlrs_addr_ifindex(nlrs_object_addr(o));
            rc = addr_text(nlrs_object_addr(o), addrs[naddrs].text, sizeof addrs[naddrs].text);
            naddrs++;
        }
    }
    if (rc == 0) {
        qsort(addrs, naddrs, sizeof *addrs, by_index_then_text);
        for (i = 0; i < naddrs; i++)
            printf("ADDR %u %s\n", addrs[i].index, addrs[i].text);
    }
    free(addrs);
    return rc;
}

/* A whole non-negative number below `max` from `text`, or -1. */
static long number(const char *text, long max)
{
    char *end;
    long v;

    if (text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    v = strtol(text, &end, 10);
    if (*end != '\0' || errno != 0 || v > max)
        return -1;
    return v;
}

int main(int argc, char **argv)
{
    nlrs_mirror *m = NULL;
    struct sigaction sa;
    long rcvbuf = 0, idle_ms = -1;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rcvbuf") == 0 && i + 1 < argc) {
            rcvbuf = number(argv[++i], INT_MAX);
            if (rcvbuf <= 0)
                goto usage;
        } else if (strcmp(argv[i], "--idle-exit") == 0 && i + 1 < argc) {
            idle_ms = number(argv[++i], INT_MAX);
            if (idle_ms < 0)
                goto usage;
        } else {
            goto usage;
        }
    }

    /* No SA_RESTART: a signal ends poll() with EINTR, and the loop sees `stop`. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    rc = nlrs_mirror_start(NLRS_MIRROR_LINKS | NLRS_MIRROR_ADDRS, (size_t)rcvbuf, on_change,
                           NULL, &m);
    if (rc < 0)
        goto fail;
    fflush(stdout);
    fprintf(stderr, "started: %lu objects\n", (unsigned long)nlrs_mirror_len(m));

    while (!stop) {
        struct pollfd p;
        int ready;

        p.fd = nlrs_mirror_fd(m);
        p.events = POLLIN;
        p.revents = 0;
        ready = poll(&p, 1, idle_ms >= 0 ? (int)idle_ms : -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0) {
            rc = -errno;
            goto fail;
        }
        if (ready == 0) {
            /* Idle for --idle-exit MS: the final table. */
            rc = print_table(m);
            if (rc < 0)
                goto fail;
            break;
        }
        /* Readable (or an error such as a lost-events ENOBUFS, which is POLLERR): apply
         * everything queued. Lost events are recovered inside, never an error. */
        rc = nlrs_mirror_process(m, on_change, NULL);
        fflush(stdout);
        /* A signal during a re-dump: the loop sees `stop`, or the next call dumps again. */
        if (rc == -EINTR)
            continue;
        if (rc < 0)
            goto fail;
    }
    fflush(stdout);
    nlrs_mirror_free(m);
    return 0;

fail:
    fflush(stdout);
    print_error(rc);
    nlrs_mirror_free(m);
    return 1;

usage:
    fprintf(stderr, "usage: %s [--rcvbuf BYTES] [--idle-exit MS]\n", argv[0]);
    return 2;
}
