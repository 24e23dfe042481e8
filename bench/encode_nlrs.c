/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Encode with nlrs through its C API only (libnlrs.h): the rtnetlink(3) set-MTU request
 * (RTM_NEWLINK, nlrs_ifinfomsg with ifi_index set, IFLA_MTU) built N times, each time as a C
 * program would with this API: one message handle made with nlrs_msg_new and reused with
 * nlrs_msg_reset (no allocation per message, as a program sending many requests does), then
 * nlrs_msg_put_header, nlrs_msg_put_u32 and nlrs_msg_bytes (the finished message, borrowed).
 *
 *   encode_nlrs N REPS
 *
 * Prints ns_per_msg (median of REPS runs of N), msg_len and the bytes of one message as hex.
 */
#define _GNU_SOURCE
#include "common.h"

#include <libnlrs.h>

#define IFINDEX 7

static nlrs_bytes build(nlrs_msg *m, unsigned int mtu)
{
	nlrs_ifinfomsg ifi;
	memset(&ifi, 0, sizeof ifi);
	ifi.ifi_family = NLRS_AF_UNSPEC;
	ifi.ifi_index = IFINDEX;
	nlrs_bytes b = {NULL, 0};
	if (nlrs_msg_reset(m, NLRS_RTM_NEWLINK, NLRS_NLM_F_REQUEST | NLRS_NLM_F_ACK) < 0 ||
	    nlrs_msg_put_header(m, &ifi, sizeof ifi) < 0 ||
	    nlrs_msg_put_u32(m, NLRS_IFLA_MTU, mtu) < 0 || nlrs_msg_bytes(m, &b) < 0)
		die("building the message", EINVAL);
	return b;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s N REPS\n", argv[0]);
		return 2;
	}
	long n = arg_long(argv[1], "N");
	int reps = (int)arg_long(argv[2], "reps");
	if (reps < 1)
		reps = 1;
	double *ns = calloc((size_t)reps, sizeof *ns);
	nlrs_msg *m;
	if (nlrs_msg_new(0, 0, &m) < 0)
		die("nlrs_msg_new", ENOMEM);
	for (int r = 0; r < reps; r++) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < n; i++) {
			nlrs_bytes b = build(m, 1000u + (unsigned int)(i & 1023));
			clobber((void *)b.ptr);
		}
		uint64_t t1 = now_ns();
		ns[r] = n ? (double)(t1 - t0) / (double)n : 0;
	}
	nlrs_bytes b = build(m, 1000u);
	printf("ns_per_msg=%.2f\n", median(ns, reps));
	printf("msg_len=%zu\n", b.len);
	printf("bytes=");
	for (size_t i = 0; i < b.len; i++)
		printf("%02x", b.ptr[i]);
	printf("\n");
	nlrs_msg_free(m);
	return 0;
}
