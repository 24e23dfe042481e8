/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * libnl's route cache, the contender of nlrs_mirror (bench/mirror_nlrs.c) that C programs
 * have used for years. Run in a namespace holding one table of the fixture (bench/run.sh,
 * section 7), so that the cache holds what the floor dump of that table sees.
 *
 *   mirror_libnl cache
 *       fills a route cache of every table once (rtnl_route_alloc_cache). Prints routes
 *       (objects cached), sync_ns_per_route and bytes_per_route (resident memory grown by the
 *       fill, per object, read from /proc/self/statm as mirror_nlrs does).
 *
 *   mirror_libnl events INSERT TABLE COUNT
 *       a cache manager (nl_cache_mngr) with a route cache, filled; then, while it does not
 *       read, `INSERT raw add TABLE COUNT` (bench/insert) adds COUNT routes, whose events queue
 *       up in the manager's socket (its receive buffer made large enough to hold them all);
 *       then the manager drains and applies them (nl_cache_mngr_data_ready). Prints routes
 *       (cached before), events (changes the manager reported) and apply_ns_per_event. Fails
 *       when the events overran the buffer or the cache did not grow by COUNT routes.
 */
#include "common.h"

#include <sys/socket.h>
#include <sys/wait.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/route.h>

/* Receive buffer of the manager's socket: ~1.5 KiB of buffer per queued event, and room. */
#define EVENT_BUFFER (256 << 20)

static void die_nl(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, nl_geterror(err));
	exit(1);
}

static int cache_fill(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	if (sk == NULL)
		die("nl_socket_alloc", ENOMEM);
	int err = nl_connect(sk, NETLINK_ROUTE);
	if (err < 0)
		die_nl("nl_connect", err);
	struct nl_cache *cache = NULL;
	long rss0 = rss_bytes();
	uint64_t t0 = now_ns();
	err = rtnl_route_alloc_cache(sk, AF_UNSPEC, 0, &cache);
	uint64_t t1 = now_ns();
	if (err < 0)
		die_nl("rtnl_route_alloc_cache", err);
	long rss1 = rss_bytes();
	int n = nl_cache_nitems(cache);
	if (n <= 0)
		die("rtnl_route_alloc_cache: no routes", ENOENT);
	printf("routes=%d\n", n);
	printf("sync_ns_per_route=%.2f\n", (double)(t1 - t0) / n);
	printf("bytes_per_route=%.1f\n", (double)(rss1 - rss0) / n);
	nl_cache_free(cache);
	nl_socket_free(sk);
	return 0;
}

/* The manager's change callback: counts what it was told. */
static void count_change(struct nl_cache *cache, struct nl_object *obj, int action, void *data)
{
	(void)cache;
	(void)obj;
	(void)action;
	++*(long *)data;
}

/* Runs `insert raw add TABLE COUNT` to its end, its output discarded. */
static void insert_routes(const char *insert, const char *table, const char *count)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl(insert, insert, "raw", "add", table, count, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid", errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "%s raw add %s %s failed\n", insert, table, count);
		exit(1);
	}
}

static int events(const char *insert, const char *table, const char *count_arg)
{
	long count = arg_long(count_arg, "count");
	arg_long(table, "table");
	struct nl_sock *sk = nl_socket_alloc();
	if (sk == NULL)
		die("nl_socket_alloc", ENOMEM);
	struct nl_cache_mngr *mngr = NULL;
	int err = nl_cache_mngr_alloc(sk, NETLINK_ROUTE, 0, &mngr);
	if (err < 0)
		die_nl("nl_cache_mngr_alloc", err);
	/* libnl asks with SO_RCVBUF, which rmem_max caps; as root, force the size past it. */
	err = nl_socket_set_buffer_size(sk, EVENT_BUFFER, 0);
	if (err < 0)
		die_nl("nl_socket_set_buffer_size", err);
	int rcv = EVENT_BUFFER;
	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv);

	long changes = 0;
	struct nl_cache *cache = NULL;
	err = nl_cache_mngr_add(mngr, "route/route", count_change, &changes, &cache);
	if (err < 0)
		die_nl("nl_cache_mngr_add route/route", err);
	int before = nl_cache_nitems(cache);

	insert_routes(insert, table, count_arg);

	uint64_t t0 = now_ns();
	int n;
	while ((n = nl_cache_mngr_data_ready(mngr)) > 0)
		;
	uint64_t t1 = now_ns();
	if (n < 0)
		die_nl("nl_cache_mngr_data_ready", n);
	int after = nl_cache_nitems(cache);
	if (after - before != count || changes != count) {
		fprintf(stderr, "the cache grew by %d routes and reported %ld changes, not %ld\n",
			after - before, changes, count);
		return 1;
	}
	printf("routes=%d\n", before);
	printf("events=%ld\n", changes);
	printf("apply_ns_per_event=%.2f\n", (double)(t1 - t0) / (double)changes);
	nl_cache_mngr_free(mngr);
	nl_socket_free(sk);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "cache"))
		return cache_fill();
	if (argc == 5 && !strcmp(argv[1], "events"))
		return events(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: %s cache | events INSERT TABLE COUNT\n", argv[0]);
	return 2;
}
