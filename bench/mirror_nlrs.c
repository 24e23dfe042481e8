/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * mirror_nlrs TABLE ROUTES LOOKUPS: an nlrs_mirror of every route the namespace has, started
 * once, then LOOKUPS longest-prefix matches (nlrs_mirror_route_lookup) in table TABLE, which
 * holds the fixture's ROUTES routes (11.0.0.0 + i, /32): the addresses are drawn from twice
 * that range, so about half find their route and half find none.
 *
 * Prints routes (objects mirrored), start_ns_per_route (the start's time per object),
 * bytes_per_route (resident memory grown by the start, per object: what the mirror keeps,
 * and what the allocator kept of the dump), lookup_ns (per lookup) and lookup_hits.
 */
#include "common.h"

#include <libnlrs.h>

static int ignore(void *userdata, int change, const nlrs_object *obj)
{
	(void)userdata;
	(void)change;
	(void)obj;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s TABLE ROUTES LOOKUPS\n", argv[0]);
		return 2;
	}
	uint32_t table = (uint32_t)arg_long(argv[1], "table");
	uint32_t routes = (uint32_t)arg_long(argv[2], "routes");
	long lookups = arg_long(argv[3], "lookups");
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
	int rc = nlrs_mirror_start(NLRS_MIRROR_ROUTES, 0, ignore, NULL, &m);
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

	printf("routes=%zu\n", n);
	printf("start_ns_per_route=%.2f\n", (double)(t1 - t0) / (double)n);
	printf("bytes_per_route=%.1f\n", (double)(rss1 - rss0) / (double)n);
	printf("lookup_ns=%.2f\n", lookups ? (double)(t3 - t2) / (double)lookups : 0.0);
	printf("lookup_hits=%ld\n", hits);
	nlrs_mirror_free(m);
	free(asked);
	return 0;
}
