/*
 * monitor [-n COUNT]: print link and address changes as the kernel announces them.
 *
 * The netlink(7) listener (the `nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR` line of the
 * manpage's example), on libnlrs.h: join the multicast groups for links and IPv4/IPv6
 * addresses, then receive datagrams and walk the messages in each. One line per event:
 *
 *   NEWLINK INDEX NAME mtu MTU UP|DOWN
 *   DELLINK INDEX NAME
 *   NEWADDR INDEX ADDRESS/PREFIX
 *   DELADDR INDEX ADDRESS/PREFIX
 *
 * Runs until killed, or until COUNT events were printed. When the socket's receive queue
 * overflowed (recvmsg fails with ENOBUFS), events were lost: prints `OVERRUN` (not counted as
 * an event) and goes on; a program mirroring kernel state would dump again at that point.
 * stdout is flushed after every line, so the output can be piped.
 */
#include <libnlrs.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_error(const nlrs_socket *sock, int err)
{
    char text[256];
    const char *kernel = sock != NULL ? nlrs_socket_ext_msg(sock) : NULL;

    nlrs_strerror(err, text, sizeof text);
    if (kernel != NULL && -err == nlrs_socket_last_errno(sock))
        fprintf(stderr, "error: %s: %s\n", text, kernel);
    else
        fprintf(stderr, "error: %s\n", text);
}

/* NEWLINK/DELLINK: the index and flags are in the family header, name and MTU attributes. */
static int print_link(nlrs_rmsg msg, const char *event)
{
    nlrs_ifinfomsg ifi;
    nlrs_bytes hdr;
    nlrs_attr_iter attrs;
    nlrs_attr attr;
    const char *name = "?";
    uint32_t mtu = 0;
    int rc;

    rc = nlrs_rmsg_header(msg, sizeof ifi, &hdr);
    if (rc < 0)
        return rc;
    memcpy(&ifi, hdr.ptr, sizeof ifi);
    rc = nlrs_rmsg_attrs(msg, sizeof ifi, &attrs);
    if (rc < 0)
        return rc;
    while ((rc = nlrs_attr_next(&attrs, &attr)) > 0) {
        if (attr.type == NLRS_IFLA_IFNAME)
            rc = nlrs_attr_get_string(&attr, &name);
        else if (attr.type == NLRS_IFLA_MTU)
            rc = nlrs_attr_get_u32(&attr, &mtu);
        if (rc < 0)
            return rc;
    }
    if (rc < 0)
        return rc;

    if (strcmp(event, "DELLINK") == 0)
        printf("DELLINK %d %s\n", (int)ifi.ifi_index, name);
    else
        printf("NEWLINK %d %s mtu %u %s\n", (int)ifi.ifi_index, name, (unsigned)mtu,
               (ifi.ifi_flags & NLRS_IFF_UP) ? "UP" : "DOWN");
    return 1;
}

/*
 * NEWADDR/DELADDR: family, prefix length and index in the family header, the address in
 * IFA_LOCAL (the interface's own address; differs from IFA_ADDRESS on point-to-point links)
 * or else IFA_ADDRESS, as ip-address(8) shows it. Returns 1 when a line was printed, 0 for an
 * address family that is neither IPv4 nor IPv6.
 */
static int print_addr(nlrs_rmsg msg, const char *event)
{
    nlrs_ifaddrmsg ifa;
    nlrs_bytes hdr;
    nlrs_attr_iter attrs;
    nlrs_attr attr;
    char text[INET6_ADDRSTRLEN];
    size_t size;
    int af, rc;

    rc = nlrs_rmsg_header(msg, sizeof ifa, &hdr);
    if (rc < 0)
        return rc;
    memcpy(&ifa, hdr.ptr, sizeof ifa);
    if (ifa.ifa_family == NLRS_AF_INET) {
        af = AF_INET;
        size = 4;
    } else if (ifa.ifa_family == NLRS_AF_INET6) {
        af = AF_INET6;
        size = 16;
    } else {
        return 0;
    }
    rc = nlrs_rmsg_attrs(msg, sizeof ifa, &attrs);
    if (rc < 0)
        return rc;
    rc = nlrs_attr_find(attrs, NLRS_IFA_LOCAL, &attr);
    if (rc == 0)
        rc = nlrs_attr_find(attrs, NLRS_IFA_ADDRESS, &attr);
    if (rc < 0)
        return rc;
    if (rc == 0 || attr.len != size)
        return -EBADMSG;
    if (inet_ntop(af, attr.data, text, sizeof text) == NULL)
        return -errno;
    printf("%s %u %s/%u\n", event, (unsigned)ifa.ifa_index, text, (unsigned)ifa.ifa_prefixlen);
    return 1;
}

/* One notification: 1 when a line was printed, 0 when it was not an event of ours. */
static int print_event(nlrs_rmsg msg)
{
    switch (nlrs_rmsg_type(msg)) {
    case NLRS_RTM_NEWLINK:
        return print_link(msg, "NEWLINK");
    case NLRS_RTM_DELLINK:
        return print_link(msg, "DELLINK");
    case NLRS_RTM_NEWADDR:
        return print_addr(msg, "NEWADDR");
    case NLRS_RTM_DELADDR:
        return print_addr(msg, "DELADDR");
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    static const uint32_t groups[] = {NLRS_RTNLGRP_LINK, NLRS_RTNLGRP_IPV4_IFADDR,
                                      NLRS_RTNLGRP_IPV6_IFADDR};
    nlrs_socket *sock = NULL;
    unsigned long count = 0, seen = 0;
    char *end;
    size_t i;
    int opt, rc;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            goto usage;
        errno = 0;
        count = strtoul(optarg, &end, 10);
        if (optarg[0] < '0' || optarg[0] > '9' || *end != '\0' || errno != 0 || count == 0) {
            fprintf(stderr, "error: invalid COUNT \"%s\"\n", optarg);
            return 2;
        }
    }
    if (optind != argc)
        goto usage;

    rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    /*
     * No timeout: a notification socket waits as long as it takes, and without one the system
     * resumes a wait cut short by a stop and continue (Ctrl-Z, fg) instead of failing it with
     * -EINTR.
     */
    if (rc == 0)
        rc = nlrs_socket_set_timeout_ms(sock, 0);
    for (i = 0; rc == 0 && i < sizeof groups / sizeof groups[0]; i++)
        rc = nlrs_socket_join_group(sock, groups[i]);

    while (rc >= 0 && (count == 0 || seen < count)) {
        nlrs_msg_iter msgs;
        nlrs_rmsg msg;

        rc = nlrs_socket_recv(sock, &msgs);
        if (rc == -ENOBUFS) {
            /* The queue overflowed and events were lost; the socket is still good. */
            printf("OVERRUN\n");
            fflush(stdout);
            rc = 0;
            continue;
        }
        while (rc >= 0 && (count == 0 || seen < count) &&
               (rc = nlrs_msg_iter_next(&msgs, &msg)) > 0) {
            rc = print_event(msg);
            if (rc > 0) {
                seen++;
                fflush(stdout);
            }
        }
    }
    if (rc < 0)
        print_error(sock, rc);
    nlrs_socket_free(sock);
    return rc < 0 ? 1 : 0;

usage:
    fprintf(stderr, "usage: %s [-n COUNT]\n", argv[0]);
    return 2;
}
