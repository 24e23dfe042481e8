/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Bulk route insert and delete in plain C, the floor (see insert.c): 256 requests packed into
 * each sendmsg, the slice nlrs sends, then every ACK read (one recvmsg per datagram) before
 * the next slice goes out.
 */
#define _GNU_SOURCE
#define BENCH_RAW_SOCKET
#include "common.h"
#include "insert.h"

#include <arpa/inet.h>
#include <net/if.h>

#define MSG_MAX 128
#define SLICE 256
#define BUF_SIZE (64 * 1024)

static unsigned char rbuf[BUF_SIZE] __attribute__((aligned(8)));

static void put_u32(struct nlmsghdr *nh, unsigned short type, uint32_t v)
{
	struct rtattr *rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(rta), &v, 4);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Writes request i at p; returns its aligned length. */
static size_t build(unsigned char *p, int add, uint32_t table, uint32_t oif, long i, uint32_t seq)
{
	memset(p, 0, MSG_MAX);
	struct nlmsghdr *nh = (struct nlmsghdr *)p;
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	nh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	nh->nlmsg_seq = seq;
	struct rtmsg *rtm = NLMSG_DATA(nh);
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	if (add) {
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNICAST;
	} else {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}
	put_u32(nh, RTA_TABLE, table);
	put_u32(nh, RTA_DST, htonl(BENCH_DST0 + (uint32_t)i));
	if (add) {
		put_u32(nh, RTA_GATEWAY, htonl(BENCH_GW));
		put_u32(nh, RTA_OIF, oif);
		put_u32(nh, RTA_PRIORITY, BENCH_PRIO);
	}
	return NLMSG_ALIGN(nh->nlmsg_len);
}

struct raw {
	int fd;
	uint32_t oif, seq;
	unsigned char *sbuf;
};

static void *raw_open(void)
{
	struct raw *st = calloc(1, sizeof *st);
	uint32_t port;
	st->fd = raw_socket(&port);
	st->oif = if_nametoindex(BENCH_DEV);
	if (!st->oif)
		die("if_nametoindex " BENCH_DEV, errno);
	st->sbuf = malloc((size_t)SLICE * MSG_MAX);
	return st;
}

static long raw_run(void *state, int add, uint32_t table, long first, long count)
{
	struct raw *st = state;
	long errors = 0;
	for (long start = first; start < first + count; start += SLICE) {
		long n = first + count - start < SLICE ? first + count - start : SLICE;
		size_t len = 0;
		uint32_t seq0 = st->seq + 1;
		for (long k = 0; k < n; k++)
			len += build(st->sbuf + len, add, table, st->oif, start + k, ++st->seq);
		if (send(st->fd, st->sbuf, len, 0) < 0)
			die("send", errno);
		long pending = n;
		while (pending > 0) {
			ssize_t r = recv_datagram(st->fd, rbuf, sizeof rbuf);
			for (struct nlmsghdr *nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, r);
			     nh = NLMSG_NEXT(nh, r)) {
				if (nh->nlmsg_type != NLMSG_ERROR ||
				    nh->nlmsg_seq - seq0 >= (uint32_t)n)
					continue;
				if (((struct nlmsgerr *)NLMSG_DATA(nh))->error)
					errors++;
				pending--;
			}
		}
	}
	return errors;
}

const struct inserter raw_inserter = {"raw", raw_open, raw_run};
