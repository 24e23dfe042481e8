/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Bulk route insert and delete with nlrs through its C API only (libnlrs.h): each request
 * built with nlrs_msg_new / nlrs_msg_put_header / nlrs_msg_put_u32 and copied into an
 * nlrs_batch (nlrs_batch_add), the batch sent with nlrs_socket_batch (which packs the requests
 * into as few datagrams as the kernel takes and reads every ACK), then one result per route
 * read with nlrs_batch_result.
 *
 *   insert_nlrs add|del TABLE COUNT [CHUNK]
 *
 * The same requests as insert_raw (RTM_NEWROUTE with CREATE|EXCL of 11.0.0.0 + i /32 via
 * 10.0.0.2 dev nlb0 metric 10; RTM_DELROUTE of the same destinations). CHUNK routes go into
 * each nlrs_socket_batch call (default: all of them in one). Building the requests is timed,
 * as it is for insert_raw. Prints routes, ns_per_route and errors.
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <libnlrs.h>

static void check(int rc, const char *what)
{
	if (rc < 0)
		die(what, rc);
}

static void add_route(nlrs_batch *b, int add, uint32_t table, uint32_t oif, long i)
{
	nlrs_rtmsg rtm;
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = NLRS_AF_INET;
	rtm.rtm_dst_len = 32;
	if (add) {
		rtm.rtm_protocol = 3; /* RTPROT_BOOT */
		rtm.rtm_scope = 0;    /* RT_SCOPE_UNIVERSE */
		rtm.rtm_type = 1;     /* RTN_UNICAST */
	} else {
		rtm.rtm_scope = 255; /* RT_SCOPE_NOWHERE */
	}
	nlrs_msg *m;
	check(nlrs_msg_new(add ? NLRS_RTM_NEWROUTE : NLRS_RTM_DELROUTE,
			   add ? NLRS_NLM_F_CREATE | NLRS_NLM_F_EXCL : 0, &m),
	      "nlrs_msg_new");
	check(nlrs_msg_put_header(m, &rtm, sizeof rtm), "nlrs_msg_put_header");
	check(nlrs_msg_put_u32(m, NLRS_RTA_TABLE, table), "nlrs_msg_put_u32");
	check(nlrs_msg_put_u32(m, NLRS_RTA_DST, htonl(BENCH_DST0 + (uint32_t)i)),
	      "nlrs_msg_put_u32");
	if (add) {
		check(nlrs_msg_put_u32(m, NLRS_RTA_GATEWAY, htonl(BENCH_GW)), "nlrs_msg_put_u32");
		check(nlrs_msg_put_u32(m, NLRS_RTA_OIF, oif), "nlrs_msg_put_u32");
		check(nlrs_msg_put_u32(m, NLRS_RTA_PRIORITY, BENCH_PRIO), "nlrs_msg_put_u32");
	}
	check(nlrs_batch_add(b, m), "nlrs_batch_add");
	nlrs_msg_free(m);
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5 || (strcmp(argv[1], "add") && strcmp(argv[1], "del"))) {
		fprintf(stderr, "usage: %s add|del TABLE COUNT [CHUNK]\n", argv[0]);
		return 2;
	}
	int add = !strcmp(argv[1], "add");
	uint32_t table = (uint32_t)arg_long(argv[2], "table");
	long count = arg_long(argv[3], "count");
	long chunk = argc == 5 ? arg_long(argv[4], "chunk") : count;
	if (chunk < 1)
		chunk = 1;
	uint32_t oif = if_nametoindex(BENCH_DEV);
	if (!oif)
		die("if_nametoindex " BENCH_DEV, errno);

	nlrs_socket *sock;
	check(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &sock), "nlrs_socket_open");
	nlrs_batch *b;
	check(nlrs_batch_new(&b), "nlrs_batch_new");
	long errors = 0;
	int first_err = 0;

	uint64_t t0 = now_ns();
	for (long start = 0; start < count; start += chunk) {
		long n = count - start < chunk ? count - start : chunk;
		check(nlrs_batch_clear(b), "nlrs_batch_clear");
		for (long k = 0; k < n; k++)
			add_route(b, add, table, oif, start + k);
		int rc = nlrs_socket_batch(sock, b);
		if (rc < 0)
			die("nlrs_socket_batch", rc);
		for (long k = 0; k < n; k++) {
			int r = nlrs_batch_result(b, (size_t)k);
			if (r) {
				errors++;
				if (!first_err)
					first_err = r;
			}
		}
	}
	uint64_t t1 = now_ns();

	printf("routes=%ld\n", count);
	printf("ns_per_route=%.2f\n", count ? (double)(t1 - t0) / (double)count : 0.0);
	printf("errors=%ld\n", errors);
	if (first_err) {
		char text[256];
		nlrs_strerror(first_err, text, sizeof text);
		fprintf(stderr, "insert_nlrs: %ld requests refused, first: %s\n", errors, text);
	}
	nlrs_batch_free(b);
	nlrs_socket_free(sock);
	return errors ? 1 : 0;
}
