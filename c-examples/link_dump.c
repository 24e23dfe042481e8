/*
 * link_dump: list every network interface, one line each, in the kernel's order:
 *
 *   INDEX NAME mtu MTU UP|DOWN
 *
 * (UP when IFF_UP is set.) The netlink(7) recvmsg loop on libnlrs.h: send RTM_GETLINK with
 * NLM_F_DUMP, then take the answer one message at a time with nlrs_dump_next(). nlrs reads
 * every datagram whole, walks every message in it, stops at NLMSG_DONE, and turns an error
 * (in NLMSG_ERROR, or in NLMSG_DONE, where libmnl and libnl see an empty dump) into a return
 * code.
 *
 * When the kernel's link table changes during the dump (NLM_F_DUMP_INTR) the answer may be
 * inconsistent: the lines are collected in memory and the dump is repeated, up to 3 times.
 * On failure prints `error: <strerror text>: <kernel text>` to stderr and exits 1.
 */
#include <libnlrs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ATTEMPTS 3

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

/* One RTM_NEWLINK of the dump as a line on `out`. Returns 0 or a negative code. */
static int print_link(FILE *out, nlrs_rmsg msg)
{
    nlrs_ifinfomsg ifi;
    nlrs_bytes hdr;
    nlrs_attr_iter attrs;
    nlrs_attr attr;
    const char *name = "?";
    uint32_t mtu = 0;
    int rc;

    /* The family header: index and flags. Copied out, the bytes are only 4-byte aligned. */
    rc = nlrs_rmsg_header(msg, sizeof ifi, &hdr);
    if (rc < 0)
        return rc;
    memcpy(&ifi, hdr.ptr, sizeof ifi);

    /* The attributes after it: this replaces IFLA_RTA, RTA_OK, RTA_NEXT and RTA_DATA. */
    rc = nlrs_rmsg_attrs(msg, sizeof ifi, &attrs);
    if (rc < 0)
        return rc;
    while ((rc = nlrs_attr_next(&attrs, &attr)) > 0) {
        if (attr.type == NLRS_IFLA_IFNAME)
            rc = nlrs_attr_get_string(&attr, &name); /* checks the NUL */
        else if (attr.type == NLRS_IFLA_MTU)
            rc = nlrs_attr_get_u32(&attr, &mtu); /* checks the length */
        if (rc < 0)
            return rc;
    }
    if (rc < 0)
        return rc;

    fprintf(out, "%d %s mtu %u %s\n", (int)ifi.ifi_index, name, (unsigned)mtu,
            (ifi.ifi_flags & NLRS_IFF_UP) ? "UP" : "DOWN");
    return 0;
}

/* One whole dump of the links into `out`. Returns 0 or a negative code. */
static int dump_links(nlrs_socket *sock, FILE *out)
{
    nlrs_ifinfomsg ifi;
    nlrs_msg *req = NULL;
    nlrs_dump *dump = NULL;
    nlrs_rmsg msg;
    int rc;

    /* Strict checking: the header of a dump request is all zero but for filters. */
    memset(&ifi, 0, sizeof ifi);
    ifi.ifi_family = NLRS_AF_UNSPEC;

    rc = nlrs_msg_new(NLRS_RTM_GETLINK, 0, &req);
    if (rc == 0)
        rc = nlrs_msg_put_header(req, &ifi, sizeof ifi);
    if (rc == 0)
        rc = nlrs_socket_dump(sock, req, &dump); /* adds NLM_F_DUMP */
    /* The recvmsg loop: 1 per message, 0 after NLMSG_DONE, < 0 on error. */
    while (rc >= 0 && (rc = nlrs_dump_next(dump, &msg)) > 0) {
        if (nlrs_rmsg_type(msg) == NLRS_RTM_NEWLINK)
            rc = print_link(out, msg);
    }
    nlrs_dump_free(dump);
    nlrs_msg_free(req);
    return rc;
}

int main(void)
{
    nlrs_socket *sock = NULL;
    char *lines = NULL;
    size_t size = 0;
    int attempt, rc;

    rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock);
    for (attempt = 0; rc == 0 && attempt < ATTEMPTS; attempt++) {
        FILE *out = open_memstream(&lines, &size);

        if (out == NULL) {
            perror("error: open_memstream");
            nlrs_socket_free(sock);
            return 1;
        }
        rc = dump_links(sock, out);
        fclose(out);
        if (rc != -NLRS_E_DUMP_INTR)
            break;
        /* The table changed while it was read: forget these lines and dump again. */
        free(lines);
        lines = NULL;
        rc = 0;
    }
    if (rc == 0 && attempt == ATTEMPTS)
        rc = -NLRS_E_DUMP_INTR;

    if (rc == 0)
        fwrite(lines, 1, size, stdout);
    else
        print_error(sock, rc);
    free(lines);
    nlrs_socket_free(sock);
    return rc < 0 ? 1 : 0;
}
