/*
 * genl_ctrl [list | get NAME | policy NAME]: ask the generic netlink controller about its
 * families, like `genl ctrl list`, `genl ctrl get name NAME` and `genl ctrl policy name NAME`.
 *
 * Generic netlink families (nl80211, devlink, ethtool, ...) get their ids, and their
 * multicast groups theirs, when they register; nothing may be hard-coded. nlrs asks the
 * controller (CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY) and decodes the answers:
 *
 *   list         one line per family, in the kernel's order (the default):
 *                  NAME id 0xID version V hdrsize H maxattr M groups G1:0xID1,G2:0xID2
 *                (ids in lower-case hex, as genl prints them; `groups -` when there are
 *                none)
 *   get NAME     the same line for family NAME
 *   policy NAME  what each attribute of NAME's commands may hold, one line per command,
 *                then one per attribute:
 *                  op 3: do policy 0, dump policy 0
 *                  policy 0 attr 2: nul-string max_len 15
 *
 * Errors (an unknown family, ...) print `Error: <text>` on stderr, with the kernel's own
 * words when it gave some, and exit 2; bad arguments print the usage and exit 2.
 */
#include <libnlrs.h>

#include <stdio.h>
#include <string.h>

/* Prints the error `err` that a call on `sock` returned, as `Error: ...`. */
static int fail(const nlrs_socket *sock, int err)
{
    char text[512];

    if (sock != NULL)
        nlrs_socket_error_text(sock, err, text, sizeof text);
    else
        nlrs_strerror(err, text, sizeof text);
    fprintf(stderr, "Error: %s\n", text);
    return 2;
}

/* One family as a line: NAME id 0xID version V hdrsize H maxattr M groups ... */
static int print_family(const nlrs_genl_family *fam)
{
    size_t i, n = nlrs_genl_family_groups_len(fam);

    printf("%s id 0x%x version %u hdrsize %u maxattr %u groups ", nlrs_genl_family_name(fam),
           (unsigned)nlrs_genl_family_id(fam), (unsigned)nlrs_genl_family_version(fam),
           (unsigned)nlrs_genl_family_hdrsize(fam), (unsigned)nlrs_genl_family_maxattr(fam));
    if (n == 0)
        printf("-");
    for (i = 0; i < n; i++) {
        const char *name;
        uint32_t id;
        int rc = nlrs_genl_family_group(fam, i, &name, &id);

        if (rc < 0)
            return rc;
        printf("%s%s:0x%x", i > 0 ? "," : "", name, (unsigned)id);
    }
    printf("\n");
    return 0;
}

static int list(nlrs_socket *sock)
{
    nlrs_genl_families *fams = NULL;
    size_t i;
    int rc = nlrs_genl_list(sock, &fams);

    for (i = 0; rc == 0 && i < nlrs_genl_families_len(fams); i++)
        rc = print_family(nlrs_genl_families_get(fams, i));
    nlrs_genl_families_free(fams);
    return rc;
}

static int get(nlrs_socket *sock, const char *name)
{
    nlrs_genl_family *fam = NULL;
    int rc = nlrs_genl_resolve(sock, name, &fam);

    if (rc == 0)
        rc = print_family(fam);
    nlrs_genl_family_free(fam);
    return rc;
}

static int policy(nlrs_socket *sock, const char *name)
{
    nlrs_genl_policy *pol = NULL;
    int rc = nlrs_genl_policy_get(sock, name, &pol);

    if (rc == 0)
        fputs(nlrs_genl_policy_text(pol), stdout);
    nlrs_genl_policy_free(pol);
    return rc;
}

int main(int argc, char **argv)
{
    nlrs_socket *sock = NULL;
    const char *cmd = argc > 1 ? argv[1] : "list";
    int rc;

    if (!((argc <= 2 && strcmp(cmd, "list") == 0) ||
          (argc == 3 && (strcmp(cmd, "get") == 0 || strcmp(cmd, "policy") == 0)))) {
        fprintf(stderr, "usage: %s [list | get NAME | policy NAME]\n", argv[0]);
        return 2;
    }

    rc = nlrs_socket_open(NLRS_PROTO_GENERIC, 0, &sock);
    if (rc < 0)
        return fail(NULL, rc);
    if (strcmp(cmd, "list") == 0)
        rc = list(sock);
    else if (strcmp(cmd, "get") == 0)
        rc = get(sock, argv[2]);
    else
        rc = policy(sock, argv[2]);
    fflush(stdout);
    if (rc < 0)
        rc = fail(sock, rc);
    nlrs_socket_free(sock);
    return rc;
}
