/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Shared helpers of the benchmark programs: clocks, medians, the fixture's routes, and a raw
 * netlink socket opened the way nlrs opens its own (same options, so every contender gets the
 * same datagrams from the kernel).
 *
 * The fixture (set up by bench/run.sh): a veth pair nlb0/nlb1, both up, 10.0.0.1/24 on nlb0.
 * Route i of a table is 11.0.0.0 + i, /32, via 10.0.0.2 dev nlb0, metric 10 (priority).
 */
#ifndef NLRS_BENCH_COMMON_H
#define NLRS_BENCH_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#define BENCH_DEV "nlb0"
#define BENCH_GW 0x0a000002u   /* 10.0.0.2, host order */
#define BENCH_DST0 0x0b000000u /* 11.0.0.0, host order */
#define BENCH_PRIO 10u

static inline uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median of n values (sorts them). */
static inline double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Peak resident set size of this process, KiB. */
static inline long max_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static inline void die(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* Resident memory of this process now, bytes (the mirrors' growth is measured with it). */
static inline long rss_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%ld %ld", &pages, &resident) != 2)
		die("read /proc/self/statm", errno ? errno : EIO);
	fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}

static inline long arg_long(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < 0) {
		fprintf(stderr, "bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

/*
 * The contender called `name` among the `n` in `all`: structs whose first member is their name
 * (a `const char *`). Exits when there is none.
 */
static inline const void *find_contender(const void *const *all, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(*(const char *const *)all[i], name))
			return all[i];
	fprintf(stderr, "no contender %s\n", name);
	exit(2);
}

/* Keeps the compiler from dropping or hoisting the stores into p. */
static inline void clobber(void *p)
{
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/*
 * The checksum every dump contender computes from the fields it decoded, so that they are
 * decoded for real and all contenders are seen to agree.
 */
static inline uint64_t route_sum(uint32_t dst, uint8_t dst_len, uint32_t gw, uint32_t oif,
				 uint32_t table, uint32_t prio)
{
	return (uint64_t)dst + dst_len + gw + ((uint64_t)oif << 8) + ((uint64_t)table << 16) +
	       ((uint64_t)prio << 24);
}

#ifdef BENCH_RAW_SOCKET
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/*
 * A NETLINK_ROUTE socket with nlrs's defaults: 1 MiB receive buffer, extended and capped
 * ACKs, strict checking, bound to a kernel-chosen port id, connected to the kernel.
 */
static inline int raw_socket(uint32_t *port)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("socket", errno);
	int one = 1, rcv = 1 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	socklen_t len = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("bind", errno);
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		die("getsockname", errno);
	*port = sa.nl_pid;
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	if (connect(fd, (struct sockaddr *)&k, sizeof k) < 0)
		die("connect", errno);
	return fd;
}

/*
 * One recvmsg of the next datagram into buf. With BENCH_PEEK=1 in the environment, first a
 * zero-length MSG_PEEK | MSG_TRUNC recv sizes the datagram, as nlrs did before 0.1 (to measure
 * what that extra system call costs).
 */
static inline ssize_t recv_datagram(int fd, void *buf, size_t len)
{
	static int peek = -1;
	if (peek < 0) {
		const char *e = getenv("BENCH_PEEK");
		peek = e && *e == '1';
	}
	struct iovec iov = {buf, len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;
	if (peek) {
		struct iovec z = {buf, 0};
		struct msghdr pm = {.msg_iov = &z, .msg_iovlen = 1};
		do
			n = recvmsg(fd, &pm, MSG_PEEK | MSG_TRUNC);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			die("recvmsg", errno);
	}
	do
		n = recvmsg(fd, &mh, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die("recvmsg", errno);
	if (mh.msg_flags & MSG_TRUNC)
		die("recvmsg", EMSGSIZE);
	return n;
}
#endif

#endif
