/*
 * set_mtu IFNAME MTU: set a network interface's MTU.
 *
 * The rtnetlink(3) example program, done right on libnlrs.h:
 *  - the interface is looked up by name (RTM_GETLINK with IFLA_IFNAME), not a hard-coded index;
 *  - the request carries NLM_F_ACK (nlrs adds it to every request), so a failure is read and
 *    reported instead of being lost, and success is confirmed by the kernel;
 *  - ifi_change is 0: only the MTU changes. The manpage's 0xffffffff with ifi_flags 0 would
 *    clear every interface flag and take the link down.
 *
 * Prints nothing on success. On failure prints `error: <strerror text>: <kernel text>` to
 * stderr (the kernel text only when the kernel gave one) and exits 1; bad arguments exit 2.
 */
#include <libnlrs.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints `error: <what nlrs says>[: <what the kernel says>]` for the code `err` of a call. */
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

/*
 * Looks up the interface index of `name`: RTM_GETLINK with IFLA_IFNAME, answered by one
 * RTM_NEWLINK whose family header holds the index. Returns 0 or a negative code.
 */
static int link_index(nlrs_socket *sock, const char *name, int32_t *index)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *req = NULL;
    nlrs_replies *replies = NULL;
    nlrs_rmsg reply;
    nlrs_bytes hdr;
    int rc;

    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_family = NLRS_AF_UNSPEC;

    rc = nlrs_msg_new(NLRS_RTM_GETLINK, 0, &req);
    if (rc == 0)
        rc = nlrs_msg_put_header(req, &ifi, sizeof ifi);
    if (rc == 0)
        rc = nlrs_msg_put_string(req, NLRS_IFLA_IFNAME, name);
    if (rc == 0)
        rc = nlrs_socket_request(sock, req, &replies);
    if (rc == 0)
        rc = nlrs_replies_get(replies, 0, &reply);
    if (rc == 0 && nlrs_rmsg_type(reply) != NLRS_RTM_NEWLINK)
        rc = -EBADMSG;
    if (rc == 0)
        rc = nlrs_rmsg_header(reply, sizeof ifi, &hdr);
    if (rc == 0) {
        memcpy(&ifi, hdr.ptr, sizeof ifi); /* the bytes are only 4-byte aligned */
        *index = ifi.ifi_index;
    }
    nlrs_replies_free(replies);
    nlrs_msg_free(req);
    return rc;
}

/* RTM_NEWLINK for the link `index` with IFLA_MTU, nothing else. Returns 0 or a negative code. */
static int set_mtu(nlrs_socket *sock, int32_t index, uint32_t mtu)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *req = NULL;
    int rc;

    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_family = NLRS_AF_UNSPEC;
    ifi.ifi_index = index;
    ifi.ifi_change = 0; /* change no flags (the manpage's 0xffffffff would take the link down) */

    rc = nlrs_msg_new(NLRS_RTM_NEWLINK, 0, &req);
    if (rc == 0)
        rc = nlrs_msg_put_header(req, &ifi, sizeof ifi);
    if (rc == 0)
        rc = nlrs_msg_put_u32(req, NLRS_IFLA_MTU, mtu);
    if (rc == 0)
        rc = nlrs_socket_request(sock, req, NULL); /* waits for the ACK */
    nlrs_msg_free(req);
    return rc;
}

int main(int argc, char **argv)
{
    nlrs_socket *sock = NULL;
    unsigned long mtu;
    char *end;
    int32_t index = 0;
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: %s IFNAME MTU\n", argv[0]);
        return 2;
    }
    errno = 0;
    mtu = strtoul(argv[2], &end, 10);
    if (argv[2][0] < '0' || argv[2][0] > '9' || *end != '\0' || errno != 0 || mtu > UINT32_MAX) {
        fprintf(stderr, "error: invalid MTU \"%s\"\n", argv[2]);
        return 2;
    }

    rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    if (rc == 0)
        rc = link_index(sock, argv[1], &index);
    if (rc == 0)
        rc = set_mtu(sock, index, (uint32_t)mtu);
    if (rc < 0)
        print_error(sock, rc);
    nlrs_socket_free(sock);
    return rc < 0 ? 1 : 0;
}
