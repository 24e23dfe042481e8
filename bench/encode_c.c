/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Encode baselines: the rtnetlink(3) set-MTU request (RTM_NEWLINK, struct ifinfomsg with
 * ifi_index set, IFLA_MTU) built N times.
 *
 *   encode_c macros N REPS   hand-written with the NLMSG_* / RTA_* macros, exactly as the
 *                            rtnetlink(3) example does it: a struct with a 512-byte attrbuf,
 *                            cleared with memset before each build
 *   encode_c tight N REPS    the same code on a message-sized struct (a 40-byte memset): the
 *                            fastest hand-written form, shown for honesty
 *   encode_c mnl N REPS      libmnl: mnl_nlmsg_put_header, mnl_nlmsg_put_extra_header,
 *                            mnl_attr_put_u32
 *
 * Every build writes a fresh message (the MTU changes with the iteration) whose bytes are kept
 * live, so nothing is hoisted out of the loop. Prints ns_per_msg (median of REPS runs of N)
 * and msg_len, and, once, the bytes of message 0 as hex (bytes=...), for comparison with the
 * other contenders.
 */
#define _GNU_SOURCE
#include "common.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#define IFINDEX 7

/* The rtnetlink(3) example's request. */
struct req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrbuf[512];
};

/* The same, no bigger than the message. */
struct req_tight {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrbuf[RTA_SPACE(sizeof(unsigned int))];
};

#define BUILD_MACROS(REQ)                                                                      \
	static size_t build_##REQ(struct REQ *req, unsigned int mtu)                           \
	{                                                                                      \
		memset(req, 0, sizeof *req);                                                   \
		req->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));                    \
		req->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;                               \
		req->nh.nlmsg_type = RTM_NEWLINK;                                              \
		req->ifi.ifi_family = AF_UNSPEC;                                               \
		req->ifi.ifi_index = IFINDEX;                                                  \
		req->ifi.ifi_change = 0;                                                       \
		struct rtattr *rta =                                                           \
			(struct rtattr *)(((char *)req) + NLMSG_ALIGN(req->nh.nlmsg_len));     \
		rta->rta_type = IFLA_MTU;                                                      \
		rta->rta_len = RTA_LENGTH(sizeof(unsigned int));                               \
		req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) + RTA_LENGTH(sizeof(mtu));  \
		memcpy(RTA_DATA(rta), &mtu, sizeof(mtu));                                      \
		return req->nh.nlmsg_len;                                                      \
	}
BUILD_MACROS(req)
BUILD_MACROS(req_tight)

static size_t build_mnl(char *buf, unsigned int mtu)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = IFINDEX;
	ifm->ifi_change = 0;
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nlh->nlmsg_len;
}

static inline size_t build(int mode, char *buf, unsigned int mtu)
{
	switch (mode) {
	case 0:
		return build_req((struct req *)buf, mtu);
	case 1:
		return build_req_tight((struct req_tight *)buf, mtu);
	default:
		return build_mnl(buf, mtu);
	}
}

int main(int argc, char **argv)
{
	int mode = argc != 4 ? -1
		   : !strcmp(argv[1], "macros") ? 0
		   : !strcmp(argv[1], "tight")  ? 1
		   : !strcmp(argv[1], "mnl")    ? 2
						: -1;
	if (mode < 0) {
		fprintf(stderr, "usage: %s macros|tight|mnl N REPS\n", argv[0]);
		return 2;
	}
	long n = arg_long(argv[2], "N");
	int reps = (int)arg_long(argv[3], "reps");
	if (reps < 1)
		reps = 1;
	static char buf[4096] __attribute__((aligned(8)));
	double *ns = calloc((size_t)reps, sizeof *ns);
	size_t len = 0;
	for (int r = 0; r < reps; r++) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < n; i++) {
			len = build(mode, buf, 1000u + (unsigned int)(i & 1023));
			clobber(buf);
		}
		uint64_t t1 = now_ns();
		ns[r] = n ? (double)(t1 - t0) / (double)n : 0;
	}
	len = build(mode, buf, 1000u);
	printf("ns_per_msg=%.2f\n", median(ns, reps));
	printf("msg_len=%zu\n", len);
	printf("bytes=");
	for (size_t i = 0; i < len; i++)
		printf("%02x", (unsigned char)buf[i]);
	printf("\n");
	return 0;
}
