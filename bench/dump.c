/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Dump and decode: raw C, libmnl and nlrs, in one process (contenders in dump_c.c,
 * dump_mnl.c, dump_nlrs.c).
 *
 *   dump NAME TABLE REPS
 *       one contender: one untimed dump of TABLE, then REPS timed ones; prints routes,
 *       ns_per_route (the median), checksum and max_rss_kib (peak RSS of the process: the
 *       dump streams, so it should not grow with the table), one name=value line each
 *
 *   dump --compare TABLE ROUNDS NAME...
 *       the contenders side by side: one untimed dump each, then ROUNDS rounds of one timed
 *       dump each, in an order that turns from round to round; prints `sample NAME NS` for
 *       every timed dump (ns per route), then NAME_routes= and NAME_checksum= lines
 *
 * The machine's speed drifts by more than the margins measured here: comparing dumps run a
 * few tens of milliseconds apart, in one process, keeps most of that drift out of the ratios.
 *
 * NAME: floor (receive until NLMSG_DONE, read only message headers), walk (NLMSG_* and RTA_*
 * macros), mnl (libmnl, 64 KiB buffer), mnl_small (libmnl, MNL_SOCKET_BUFFER_SIZE buffer),
 * nlrs (nlrs_route_dump_foreach), nlrs_cursor (attribute cursor), nlrs_typed (route object).
 */
#define _GNU_SOURCE
#include "common.h"
#include "dump.h"

static const struct contender *const all[] = {
	&floor_contender,     &walk_contender,	      &mnl_contender,	     &mnl_small_contender,
	&nlrs_contender,      &nlrs_cursor_contender, &nlrs_typed_contender,
};

static const struct contender *find(const char *name)
{
	return find_contender((const void *const *)all, sizeof all / sizeof all[0], name);
}

/* One dump of `c`: ns per route, the routes and the checksum through the pointers. */
static double timed(const struct contender *c, void *st, long *routes, uint64_t *sum)
{
	*sum = 0;
	uint64_t t0 = now_ns();
	*routes = c->dump(st, sum);
	uint64_t t1 = now_ns();
	return *routes ? (double)(t1 - t0) / (double)*routes : 0;
}

static int one(const char *name, uint32_t table, int reps)
{
	const struct contender *c = find(name);
	void *st = c->open(table);
	double *ns = calloc((size_t)reps, sizeof *ns);
	long routes = 0;
	uint64_t sum = 0;
	timed(c, st, &routes, &sum);
	for (int r = 0; r < reps; r++)
		ns[r] = timed(c, st, &routes, &sum);
	printf("routes=%ld\n", routes);
	printf("ns_per_route=%.2f\n", median(ns, reps));
	printf("checksum=%llu\n", (unsigned long long)sum);
	printf("max_rss_kib=%ld\n", max_rss_kib());
	return 0;
}

static int compare(uint32_t table, int rounds, int n, char **names)
{
	const struct contender **c = calloc((size_t)n, sizeof *c);
	void **st = calloc((size_t)n, sizeof *st);
	long *routes = calloc((size_t)n, sizeof *routes);
	uint64_t *sum = calloc((size_t)n, sizeof *sum);
	for (int i = 0; i < n; i++) {
		c[i] = find(names[i]);
		st[i] = c[i]->open(table);
		timed(c[i], st[i], &routes[i], &sum[i]);
	}
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < n; k++) {
			int i = (k + r) % n;
			long got;
			double ns = timed(c[i], st[i], &got, &sum[i]);
			if (got != routes[i])
				die(c[i]->name, EIO); /* the table changed under the benchmark */
			printf("sample %s %.2f\n", c[i]->name, ns);
		}
	for (int i = 0; i < n; i++) {
		printf("%s_routes=%ld\n", c[i]->name, routes[i]);
		printf("%s_checksum=%llu\n", c[i]->name, (unsigned long long)sum[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "--compare"))
		return compare((uint32_t)arg_long(argv[2], "table"), (int)arg_long(argv[3], "rounds"),
			       argc - 4, argv + 4);
	if (argc == 4) {
		int reps = (int)arg_long(argv[3], "reps");
		return one(argv[1], (uint32_t)arg_long(argv[2], "table"), reps < 1 ? 1 : reps);
	}
	fprintf(stderr, "usage: %s NAME TABLE REPS\n       %s --compare TABLE ROUNDS NAME...\n",
		argv[0], argv[0]);
	return 2;
}
