/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Dump contenders with nlrs through its C API only (libnlrs.h), decoding dst, dst_len,
 * gateway, oif, table and priority of every route (see dump.c). Three ways:
 *
 *   nlrs          a route dump (nlrs_route_dump) read with nlrs_route_dump_foreach: each route
 *                 arrives decoded in an nlrs_route_info, one callback per route (the fast way)
 *   nlrs_cursor   a streaming dump (nlrs_socket_dump + nlrs_dump_next), each route's family
 *                 header (nlrs_rmsg_header), an attribute cursor (nlrs_rmsg_attrs +
 *                 nlrs_attr_next) and the typed, length-checked getters (nlrs_attr_get_u32):
 *                 one call per attribute, as libmnl-style code would be written
 *   nlrs_typed    the typed route object (nlrs_route_parse, then its getters)
 */
#define _GNU_SOURCE
#include "common.h"
#include "dump.h"

#include <arpa/inet.h>
#include <libnlrs.h>

static void fail(nlrs_socket *sock, const char *what, int rc)
{
	char text[512];
	nlrs_socket_error_text(sock, rc, text, sizeof text);
	fprintf(stderr, "%s: %s\n", what, text);
	exit(1);
}

static uint32_t ip4(const nlrs_ipaddr *a)
{
	return (uint32_t)a->addr[0] << 24 | (uint32_t)a->addr[1] << 16 | (uint32_t)a->addr[2] << 8 |
	       a->addr[3];
}

/* The typed route object: one parse, then getters. */
static long dump_typed(nlrs_socket *sock, const nlrs_msg *req, nlrs_route *route, uint64_t *sum)
{
	nlrs_dump *d;
	int rc = nlrs_socket_dump(sock, req, &d);
	if (rc < 0)
		fail(sock, "nlrs_socket_dump", rc);
	long count = 0;
	uint64_t s = 0;
	nlrs_rmsg m;
	while ((rc = nlrs_dump_next(d, &m)) > 0) {
		if (nlrs_rmsg_type(m) != NLRS_RTM_NEWROUTE)
			continue;
		if ((rc = nlrs_route_parse(route, m)) < 0)
			fail(sock, "nlrs_route_parse", rc);
		nlrs_ipaddr dst = {0}, gw = {0};
		uint32_t oif = 0, prio = 0;
		nlrs_route_dst(route, &dst);
		nlrs_route_gateway(route, &gw);
		nlrs_route_oif(route, &oif);
		nlrs_route_priority(route, &prio);
		s += route_sum(ip4(&dst), nlrs_route_dst_len(route), ip4(&gw), oif,
			       nlrs_route_table(route), prio);
		count++;
	}
	if (rc < 0)
		fail(sock, "nlrs_dump_next", rc);
	nlrs_dump_free(d);
	*sum += s;
	return count;
}

static long dump(nlrs_socket *sock, const nlrs_msg *req, uint64_t *sum)
{
	nlrs_dump *d;
	int rc = nlrs_socket_dump(sock, req, &d);
	if (rc < 0)
		fail(sock, "nlrs_socket_dump", rc);
	long count = 0;
	uint64_t s = 0;
	nlrs_rmsg m;
	while ((rc = nlrs_dump_next(d, &m)) > 0) {
		if (nlrs_rmsg_type(m) != NLRS_RTM_NEWROUTE)
			continue;
		nlrs_bytes hb;
		nlrs_rtmsg rtm;
		nlrs_attr_iter it;
		if (nlrs_rmsg_header(m, sizeof rtm, &hb) < 0 ||
		    nlrs_rmsg_attrs(m, sizeof rtm, &it) < 0)
			fail(sock, "malformed route", -EBADMSG);
		memcpy(&rtm, hb.ptr, sizeof rtm);
		uint32_t dst = 0, gw = 0, oif = 0, table = rtm.rtm_table, prio = 0;
		nlrs_attr a;
		int bad = 0;
		while ((rc = nlrs_attr_next(&it, &a)) > 0) {
			switch (a.type) {
			case NLRS_RTA_DST:
				bad |= nlrs_attr_get_u32(&a, &dst);
				break;
			case NLRS_RTA_GATEWAY:
				bad |= nlrs_attr_get_u32(&a, &gw);
				break;
			case NLRS_RTA_OIF:
				bad |= nlrs_attr_get_u32(&a, &oif);
				break;
			case NLRS_RTA_TABLE:
				bad |= nlrs_attr_get_u32(&a, &table);
				break;
			case NLRS_RTA_PRIORITY:
				bad |= nlrs_attr_get_u32(&a, &prio);
				break;
			}
		}
		if (rc < 0 || bad)
			fail(sock, "malformed route attribute", rc < 0 ? rc : -EBADMSG);
		s += route_sum(ntohl(dst), rtm.rtm_dst_len, ntohl(gw), oif, table, prio);
		count++;
	}
	if (rc < 0)
		fail(sock, "nlrs_dump_next", rc);
	nlrs_dump_free(d);
	*sum += s;
	return count;
}

struct acc {
	uint64_t sum;
	long count;
};

static int add_route(void *userdata, const nlrs_route_info *r)
{
	struct acc *a = userdata;
	a->sum += route_sum(ip4(&r->dst), r->dst_len, ip4(&r->gateway), r->oif, r->table,
			    r->priority);
	a->count++;
	return 0;
}

/* A route dump of TABLE, each route decoded into an nlrs_route_info. */
static long dump_info(nlrs_socket *sock, uint32_t table, uint64_t *sum)
{
	nlrs_route_filter filter;
	memset(&filter, 0, sizeof filter);
	filter.family = NLRS_AF_INET;
	filter.table = table;
	nlrs_dump *d;
	int rc = nlrs_route_dump(sock, &filter, &d);
	if (rc < 0)
		fail(sock, "nlrs_route_dump", rc);
	struct acc a = {0, 0};
	if ((rc = nlrs_route_dump_foreach(d, add_route, &a)) < 0)
		fail(sock, "nlrs_route_dump_foreach", rc);
	nlrs_dump_free(d);
	*sum += a.sum;
	return a.count;
}

struct nlrs {
	nlrs_socket *sock;
	nlrs_msg *req;
	nlrs_route *route;
	uint32_t table;
};

static void *nlrs_open(uint32_t table)
{
	struct nlrs *st = calloc(1, sizeof *st);
	int rc = nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &st->sock);
	if (rc < 0)
		die("nlrs_socket_open", rc);
	/* The cursor's and the typed object's request: an rtmsg with only the filter fields
	 * set, and RTA_TABLE. */
	nlrs_rtmsg rtm;
	memset(&rtm, 0, sizeof rtm);
	rtm.rtm_family = NLRS_AF_INET;
	rtm.rtm_table = table < 256 ? (uint8_t)table : 0;
	if ((rc = nlrs_msg_new(NLRS_RTM_GETROUTE, 0, &st->req)) < 0 ||
	    (rc = nlrs_msg_put_header(st->req, &rtm, sizeof rtm)) < 0 ||
	    (rc = nlrs_msg_put_u32(st->req, NLRS_RTA_TABLE, table)) < 0)
		die("building the dump request", rc);
	if ((rc = nlrs_route_new(&st->route)) < 0)
		die("nlrs_route_new", rc);
	st->table = table;
	return st;
}

static long info_dump(void *state, uint64_t *sum)
{
	struct nlrs *st = state;
	return dump_info(st->sock, st->table, sum);
}

static long cursor_dump(void *state, uint64_t *sum)
{
	struct nlrs *st = state;
	return dump(st->sock, st->req, sum);
}

static long typed_dump(void *state, uint64_t *sum)
{
	struct nlrs *st = state;
	return dump_typed(st->sock, st->req, st->route, sum);
}

const struct contender nlrs_contender = {"nlrs", nlrs_open, info_dump};
const struct contender nlrs_cursor_contender = {"nlrs_cursor", nlrs_open, cursor_dump};
const struct contender nlrs_typed_contender = {"nlrs_typed", nlrs_open, typed_dump};
