/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Dump baselines in plain C with the kernel's NLMSG_* / RTA_* macros.
 *
 *   dump_c floor TABLE REPS   receive the RTM_GETROUTE dump of TABLE until NLMSG_DONE, one
 *                             recvmsg per datagram, reading only message headers (the floor)
 *   dump_c walk TABLE REPS    the same, and walk every attribute of every route, decoding
 *                             dst, dst_len, gateway, oif, table and priority
 *
 * Each of REPS dumps is timed; prints the median as ns_per_route, plus routes, checksum and
 * max_rss_kib, one name=value line each.
 */
#define _GNU_SOURCE
#define BENCH_RAW_SOCKET
#include "common.h"

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

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "floor") && strcmp(argv[1], "walk"))) {
		fprintf(stderr, "usage: %s floor|walk TABLE REPS\n", argv[0]);
		return 2;
	}
	int walk = !strcmp(argv[1], "walk");
	uint32_t table = (uint32_t)arg_long(argv[2], "table");
	int reps = (int)arg_long(argv[3], "reps");
	if (reps < 1)
		reps = 1;
	uint32_t port;
	int fd = raw_socket(&port);
	double *ns = calloc((size_t)reps, sizeof *ns);
	long routes = 0;
	uint64_t sum = 0;
	for (int r = -1; r < reps; r++) { /* r == -1: warm-up, not timed */
		sum = 0;
		uint64_t t0 = now_ns();
		routes = walk ? dump_walk(fd, table, (uint32_t)r + 2, &sum)
			      : dump_floor(fd, table, (uint32_t)r + 2);
		uint64_t t1 = now_ns();
		if (r >= 0)
			ns[r] = routes ? (double)(t1 - t0) / (double)routes : 0;
	}
	printf("routes=%ld\n", routes);
	printf("ns_per_route=%.2f\n", median(ns, reps));
	if (walk)
		printf("checksum=%llu\n", (unsigned long long)sum);
	printf("max_rss_kib=%ld\n", max_rss_kib());
	return 0;
}
