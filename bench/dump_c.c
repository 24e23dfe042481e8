/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Dump contenders in plain C with the kernel's NLMSG_* / RTA_* macros (see dump.c):
 *
 *   floor   receive the RTM_GETROUTE dump of the table until NLMSG_DONE, one recvmsg per
 *           datagram, reading only message headers
 *   walk    the same, and walk every attribute of every route, decoding dst, dst_len,
 *           gateway, oif, table and priority
 */
#define _GNU_SOURCE
#define BENCH_RAW_SOCKET
#include "common.h"
#include "dump.h"

#include <arpa/inet.h>

/* Bigger than any dump datagram (the kernel caps them near 32 KiB), like nlrs's buffer. */
#define BUF_SIZE (64 * 1024)

static unsigned char buf[BUF_SIZE] __attribute__((aligned(8)));

static void send_dump(int fd, uint32_t table, uint32_t seq)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
		struct rtattr rta;
		uint32_t table;
	} req;
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = sizeof req;
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	req.nh.nlmsg_seq = seq;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_table = table < 256 ? (uint8_t)table : 0;
	req.rta.rta_type = RTA_TABLE;
	req.rta.rta_len = RTA_LENGTH(sizeof(uint32_t));
	req.table = table;
	if (send(fd, &req, sizeof req, 0) < 0)
		die("send", errno);
}

static ssize_t recv_one(int fd)
{
	return recv_datagram(fd, buf, sizeof buf);
}

/* The floor: headers only. Returns the number of data messages. */
static long dump_floor(int fd, uint32_t table, uint32_t seq)
{
	long count = 0;
	send_dump(fd, table, seq);
	for (;;) {
		ssize_t n = recv_one(fd);
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return count;
			if (nh->nlmsg_type == NLMSG_ERROR)
				die("dump", ((struct nlmsgerr *)NLMSG_DATA(nh))->error);
			count++;
		}
	}
}

/* Every attribute walked, the six fields decoded. */
static long dump_walk(int fd, uint32_t table, uint32_t seq, uint64_t *sum)
{
	long count = 0;
	send_dump(fd, table, seq);
	for (;;) {
		ssize_t n = recv_one(fd);
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return count;
			if (nh->nlmsg_type == NLMSG_ERROR)
				die("dump", ((struct nlmsgerr *)NLMSG_DATA(nh))->error);
			if (nh->nlmsg_type != RTM_NEWROUTE)
				continue;
			struct rtmsg *rtm = NLMSG_DATA(nh);
			uint32_t dst = 0, gw = 0, oif = 0, tbl = rtm->rtm_table, prio = 0;
			int len = RTM_PAYLOAD(nh);
			for (struct rtattr *rta = RTM_RTA(rtm); RTA_OK(rta, len);
			     rta = RTA_NEXT(rta, len)) {
				switch (rta->rta_type) {
				case RTA_DST:
					memcpy(&dst, RTA_DATA(rta), 4);
					break;
				case RTA_GATEWAY:
					memcpy(&gw, RTA_DATA(rta), 4);
					break;
				case RTA_OIF:
					memcpy(&oif, RTA_DATA(rta), 4);
					break;
				case RTA_TABLE:
					memcpy(&tbl, RTA_DATA(rta), 4);
					break;
				case RTA_PRIORITY:
					memcpy(&prio, RTA_DATA(rta), 4);
					break;
				}
			}
			*sum += route_sum(ntohl(dst), rtm->rtm_dst_len, ntohl(gw), oif, tbl, prio);
			count++;
		}
	}
}

struct raw {
	int fd;
	uint32_t table, seq;
};

static void *raw_open(uint32_t table)
{
	struct raw *st = calloc(1, sizeof *st);
	uint32_t port;
	st->fd = raw_socket(&port);
	st->table = table;
	return st;
}

static long floor_dump(void *state, uint64_t *sum)
{
	struct raw *st = state;
	(void)sum;
	return dump_floor(st->fd, st->table, ++st->seq);
}

static long walk_dump(void *state, uint64_t *sum)
{
	struct raw *st = state;
	return dump_walk(st->fd, st->table, ++st->seq, sum);
}

const struct contender floor_contender = {"floor", raw_open, floor_dump};
const struct contender walk_contender = {"walk", raw_open, walk_dump};
