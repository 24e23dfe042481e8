/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * mirror_nlrs TABLE ROUTES LOOKUPS EVENTS: an nlrs_mirror of every route the namespace has,
 * started once, then LOOKUPS longest-prefix matches (nlrs_mirror_route_lookup) in table TABLE,
 * which holds the fixture's ROUTES routes (11.0.0.0 + i, /32): the addresses are drawn from
 * twice that range, so about half find their route and half find none. Then EVENTS routes
 * more are added to TABLE (routes ROUTES to ROUTES + EVENTS - 1 of the fixture, by the raw
 * inserter) while the mirror is not reading, its receive buffer large enough to hold their
 * notifications, and the mirror applies them all. Their floor: a bare netlink socket
 * subscribed to the IPv4 route notifications, with the same receive buffer, opened beside the
 * mirror before the routes are added, so that the same notifications are queued for it, and
 * drained (received, not decoded) just before the mirror drains its copy. Then the added routes are deleted again
 * while the mirror does not read, its receive buffer shrunk to a few notifications: the
 * kernel drops them (ENOBUFS), and the mirror re-dumps and reports the differences.
 *
 * Prints routes (objects mirrored), start_ns_per_route (the start's time per object),
 * bytes_per_route (resident memory grown by the start, per object: what the mirror keeps,
 * and what the allocator kept of the dump), lookup_ns (per lookup) and lookup_hits;
 * apply_ns_per_event (draining and applying the EVENTS notifications, per event),
 * apply_floor_ns_per_event (the bare socket draining its copy, per event), the same two in
 * CPU time of this process (apply_cpu_ns_per_event, apply_floor_cpu_ns_per_event: the
 * process only reads then, and CPU time is steadier than wall time on a loaded machine) and
 * events_applied; resync_ns_per_route (from the first nlrs_mirror_process() after the loss
 * until the mirror has re-dumped and applied the differences, per object; it must then hold
 * the routes it held at the start, and have reported EVENTS removals).
 */
#define _GNU_SOURCE
#define BENCH_RAW_SOCKET
#include "common.h"
#include "insert.h"

#include <libnlrs.h>

static int ignore(void *userdata, int change, const nlrs_object *obj)
{
	(void)userdata;
	(void)change;
	(void)obj;
	return 0;
}

/* Counts the routes added. */
static int count_adds(void *userdata, int change, const nlrs_object *obj)
{
	if (change == NLRS_CHANGE_ADD && nlrs_object_route(obj) != NULL)
		++*(long *)userdata;
	return 0;
}

/* Counts every change but the end of a re-dump. */
static int count_changes(void *userdata, int change, const nlrs_object *obj)
{
	(void)obj;
	if (change != NLRS_CHANGE_RESYNC)
		++*(long *)userdata;
	return 0;
}

/* Receive buffer of the mirror's events: room for every notification of the event row (the
 * kernel charges about a kilobyte per queued notification). */
#define EVENT_RCVBUF (1u << 30)
/* Datagrams per recvmmsg of the event floor, and the room for each (a route notification is
 * ~100 bytes). The best a bare reader does on this machine (docs/performance-notes.md). */
#define FLOOR_BATCH 64
#define FLOOR_SLOT 1024

/* This process's CPU time, ns. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The event floor's socket: subscribed to the IPv4 route notifications, with the mirror's
 * receive buffer (SO_RCVBUFFORCE, as nlrs sets it). */
static int floor_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("socket", errno);
	int rcv = EVENT_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv) != 0)
		die("setsockopt(SO_RCVBUFFORCE)", errno);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_IPV4_ROUTE};
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		die("bind", errno);
	return fd;
}

/* Receives `events` route notifications queued on `fd`, FLOOR_BATCH datagrams per recvmmsg,
 * and reads only each one's type (to count them). */
static void drain_floor(int fd, long events)
{
	static unsigned char buf[FLOOR_BATCH][FLOOR_SLOT] __attribute__((aligned(8)));
	struct iovec iov[FLOOR_BATCH];
	struct mmsghdr h[FLOOR_BATCH];
	struct sockaddr_nl sa[FLOOR_BATCH];
	long got = 0;
	while (got < events) {
		memset(h, 0, sizeof h);
		for (int i = 0; i < FLOOR_BATCH; i++) {
			iov[i] = (struct iovec){buf[i], FLOOR_SLOT};
			h[i].msg_hdr.msg_name = &sa[i];
			h[i].msg_hdr.msg_namelen = sizeof sa[i];
			h[i].msg_hdr.msg_iov = &iov[i];
			h[i].msg_hdr.msg_iovlen = 1;
		}
		int n = recvmmsg(fd, h, FLOOR_BATCH, MSG_WAITFORONE, NULL);
		if (n < 0)
			die("recvmmsg", errno);
		for (int i = 0; i < n; i++) {
			const struct nlmsghdr *nh = (const struct nlmsghdr *)buf[i];
			if (h[i].msg_len < sizeof *nh || nh->nlmsg_type != RTM_NEWROUTE)
				die("the event floor received something else", EBADMSG);
		}
		got += n;
	}
}

/* Receive buffer for the overrun: room for a few notifications only. */
#define OVERRUN_RCVBUF 4096

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s TABLE ROUTES LOOKUPS EVENTS\n", argv[0]);
		return 2;
	}
	uint32_t table = (uint32_t)arg_long(argv[1], "table");
	uint32_t routes = (uint32_t)arg_long(argv[2], "routes");
	long lookups = arg_long(argv[3], "lookups");
	long events = arg_long(argv[4], "events");
	nlrs_ipaddr *asked = calloc((size_t)lookups + 1, sizeof *asked);
	if (asked == NULL || routes == 0)
		die("lookups", ENOMEM);
	/* xorshift32: the same addresses every run. */
	uint32_t x = 2463534242u;
	for (long i = 0; i < lookups; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		uint32_t a = BENCH_DST0 + x % (2 * routes);
		asked[i].family = NLRS_AF_INET;
		asked[i].addr[0] = (uint8_t)(a >> 24);
		asked[i].addr[1] = (uint8_t)(a >> 16);
		asked[i].addr[2] = (uint8_t)(a >> 8);
		asked[i].addr[3] = (uint8_t)a;
	}

	nlrs_mirror *m = NULL;
	long rss0 = rss_bytes();
	uint64_t t0 = now_ns();
	int rc = nlrs_mirror_start(NLRS_MIRROR_ROUTES, EVENT_RCVBUF, ignore, NULL, &m);
	uint64_t t1 = now_ns();
	if (rc != 0)
		die("nlrs_mirror_start", rc);
	long rss1 = rss_bytes();
	size_t n = nlrs_mirror_len(m);

	long hits = 0;
	uint64_t t2 = now_ns();
	for (long i = 0; i < lookups; i++)
		hits += nlrs_mirror_route_lookup(m, table, &asked[i]) != NULL;
	uint64_t t3 = now_ns();

	/* Events made while the mirror does not read, then drained and applied; first the floor
	 * drains its copy. */
	int floor_fd = floor_socket();
	void *ins = raw_inserter.open();
	if (raw_inserter.run(ins, 1, table, routes, events) != 0)
		die("adding the event routes", EEXIST);
	uint64_t f0 = now_ns(), fc0 = cpu_ns();
	drain_floor(floor_fd, events);
	uint64_t f1 = now_ns(), fc1 = cpu_ns();
	close(floor_fd);
	long applied = 0;
	uint64_t t4 = now_ns(), c4 = cpu_ns();
	while (applied < events) {
		rc = nlrs_mirror_process(m, count_adds, &applied);
		if (rc < 0)
			die("nlrs_mirror_process", rc);
	}
	uint64_t t5 = now_ns(), c5 = cpu_ns();
	if (nlrs_mirror_resyncs(m) != 0)
		die("events were lost: the receive buffer is too small", ENOBUFS);

	/* Lost events: the added routes deleted again while the mirror does not read, its
	 * receive buffer made too small to hold their notifications, so the kernel drops them and
	 * the mirror must re-dump; timed until it has converged (one resynchronisation). */
	int small = OVERRUN_RCVBUF;
	long changed = 0;
	uint64_t t6 = now_ns(), t7 = t6;
	if (events > 0) {
		if (setsockopt(nlrs_mirror_fd(m), SOL_SOCKET, SO_RCVBUF, &small, sizeof small) != 0)
			die("shrinking the receive buffer", errno);
		if (raw_inserter.run(ins, 0, table, routes, events) != 0)
			die("deleting the event routes", ENOENT);
		t6 = now_ns();
		while (nlrs_mirror_resyncs(m) == 0) {
			rc = nlrs_mirror_process(m, count_changes, &changed);
			if (rc < 0)
				die("nlrs_mirror_process", rc);
		}
		t7 = now_ns();
	}
	size_t n2 = nlrs_mirror_len(m);
	if (n2 != n || changed != events)
		die("the mirror did not converge after the overrun", EBADMSG);

	printf("routes=%zu\n", n);
	printf("start_ns_per_route=%.2f\n", (double)(t1 - t0) / (double)n);
	printf("bytes_per_route=%.1f\n", (double)(rss1 - rss0) / (double)n);
	printf("lookup_ns=%.2f\n", lookups ? (double)(t3 - t2) / (double)lookups : 0.0);
	printf("lookup_hits=%ld\n", hits);
	double ev = events ? (double)events : 1.0;
	printf("apply_ns_per_event=%.2f\n", (double)(t5 - t4) / ev);
	printf("apply_floor_ns_per_event=%.2f\n", (double)(f1 - f0) / ev);
	printf("apply_cpu_ns_per_event=%.2f\n", (double)(c5 - c4) / ev);
	printf("apply_floor_cpu_ns_per_event=%.2f\n", (double)(fc1 - fc0) / ev);
	printf("events_applied=%ld\n", applied);
	printf("resync_ns_per_route=%.2f\n", (double)(t7 - t6) / (double)n2);
	nlrs_mirror_free(m);
	free(asked);
	return 0;
}
