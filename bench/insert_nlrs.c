/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Bulk route insert and delete with nlrs through its C API only (libnlrs.h), see insert.c:
 * each request built in one reused message (nlrs_msg_reset, nlrs_msg_put_header,
 * nlrs_msg_put_u32) and copied into an nlrs_batch (nlrs_batch_add); the batch sent with
 * nlrs_socket_batch, which packs the requests into as few datagrams as the kernel takes and
 * reads every ACK; then one result per route read with nlrs_batch_result.
 */
#define _GNU_SOURCE
#include "common.h"
#include "insert.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <libnlrs.h>

static void check(int rc, const char *what)
{
	if (rc < 0)
		die(what, rc);
}

static void add_route(nlrs_batch *b, nlrs_msg *m, int add, uint32_t table, uint32_t oif, long i)
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
	check(nlrs_msg_reset(m, add ? NLRS_RTM_NEWROUTE : NLRS_RTM_DELROUTE,
			     add ? NLRS_NLM_F_CREATE | NLRS_NLM_F_EXCL : 0),
	      "nlrs_msg_reset");
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
}

struct nlrs {
	nlrs_socket *sock;
	nlrs_batch *batch;
	nlrs_msg *msg;
	uint32_t oif;
};

static void *nlrs_open(void)
{
	struct nlrs *st = calloc(1, sizeof *st);
	check(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &st->sock), "nlrs_socket_open");
	check(nlrs_batch_new(&st->batch), "nlrs_batch_new");
	check(nlrs_msg_new(NLRS_RTM_NEWROUTE, 0, &st->msg), "nlrs_msg_new");
	st->oif = if_nametoindex(BENCH_DEV);
	if (!st->oif)
		die("if_nametoindex " BENCH_DEV, errno);
	return st;
}

static long nlrs_run(void *state, int add, uint32_t table, long first, long n)
{
	struct nlrs *st = state;
	check(nlrs_batch_clear(st->batch), "nlrs_batch_clear");
	for (long k = 0; k < n; k++)
		add_route(st->batch, st->msg, add, table, st->oif, first + k);
	int rc = nlrs_socket_batch(st->sock, st->batch);
	if (rc < 0)
		die("nlrs_socket_batch", rc);
	long errors = 0;
	for (long k = 0; k < n; k++)
		if (nlrs_batch_result(st->batch, (size_t)k))
			errors++;
	return errors;
}

const struct inserter nlrs_inserter = {"nlrs", nlrs_open, nlrs_run};
