/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Bulk route insert and delete in plain C, the floor: BATCH requests packed into each
 * sendmsg, then every ACK read (one recvmsg per datagram) before the next batch goes out.
 *
 *   insert_raw add|del TABLE COUNT [BATCH]
 *
 * add: RTM_NEWROUTE (CREATE|EXCL) of routes 0..COUNT-1 of the fixture (11.0.0.0 + i /32 via
 * 10.0.0.2 dev nlb0 metric 10) into TABLE; del: RTM_DELROUTE of the same destinations.
 * BATCH defaults to 256, the slice nlrs sends. Prints ns_per_route, routes and errors (requests
 * the kernel refused), one name=value line each. Also loads the fixture for the other
 * benchmarks.
 */
#define _GNU_SOURCE
#define BENCH_RAW_SOCKET
#include "common.h"

#include <arpa/inet.h>
#include <net/if.h>

#define MSG_MAX 128
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

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5 || (strcmp(argv[1], "add") && strcmp(argv[1], "del"))) {
		fprintf(stderr, "usage: %s add|del TABLE COUNT [BATCH]\n", argv[0]);
		return 2;
	}
	int add = !strcmp(argv[1], "add");
	uint32_t table = (uint32_t)arg_long(argv[2], "table");
	long count = arg_long(argv[3], "count");
	long batch = argc == 5 ? arg_long(argv[4], "batch") : 256;
	if (batch < 1)
		batch = 1;
	uint32_t oif = if_nametoindex(BENCH_DEV);
	if (!oif)
		die("if_nametoindex " BENCH_DEV, errno);
	uint32_t port;
	int fd = raw_socket(&port);
	unsigned char *sbuf = malloc((size_t)batch * MSG_MAX);
	long errors = 0;
	int first_err = 0;
	uint32_t seq = 1;

	uint64_t t0 = now_ns();
	for (long start = 0; start < count; start += batch) {
		long n = count - start < batch ? count - start : batch;
		size_t len = 0;
		uint32_t first = seq;
		for (long k = 0; k < n; k++)
			len += build(sbuf + len, add, table, oif, start + k, seq++);
		if (send(fd, sbuf, len, 0) < 0)
			die("send", errno);
		long pending = n;
		while (pending > 0) {
			ssize_t r = recv_datagram(fd, rbuf, sizeof rbuf);
			for (struct nlmsghdr *nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, r);
			     nh = NLMSG_NEXT(nh, r)) {
				if (nh->nlmsg_type != NLMSG_ERROR ||
				    nh->nlmsg_seq - first >= (uint32_t)n)
					continue;
				int err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
				if (err) {
					errors++;
					if (!first_err)
						first_err = err;
				}
				pending--;
			}
		}
	}
	uint64_t t1 = now_ns();

	printf("routes=%ld\n", count);
	printf("ns_per_route=%.2f\n", count ? (double)(t1 - t0) / (double)count : 0.0);
	printf("errors=%ld\n", errors);
	if (first_err)
		fprintf(stderr, "insert_raw: %ld requests refused, first: %s\n", errors,
			strerror(-first_err));
	return errors ? 1 : 0;
}
