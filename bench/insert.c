/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Bulk route insert and delete: raw C and nlrs in one process (contenders in insert_raw.c
 * and insert_nlrs.c).
 *
 *   insert NAME add|del TABLE COUNT
 *       one contender adds (or deletes) routes 0 .. COUNT - 1 of the fixture in TABLE; prints
 *       routes, ns_per_route and errors (requests the kernel refused), one name=value line
 *       each. Also loads the fixture for the other benchmarks.
 *
 *   insert --compare TABLE COUNT NAME...
 *       the contenders side by side: routes 0 .. COUNT - 1 added in chunks (of CHUNK), the
 *       contenders taking the chunks in turn, then deleted the same way; as many times as
 *       there are contenders, each starting once. Prints `sample NAME ADD DELETE` (ns per
 *       route of each contender's share) and NAME_errors=.
 *
 * Taking turns chunk by chunk, the contenders work on a table of the same size at the same
 * moment, a few milliseconds apart: the kernel's cost per route, which dominates and drifts
 * by more than the margins measured here, is the same for both. Whoever starts meets the
 * empty table, which costs more (measured: ±5% on the ratio), hence each starts once.
 */
#define _GNU_SOURCE
#include "common.h"
#include "insert.h"

/* Routes per turn: 8 of the raw contender's sendmsg slices, ~15 ms of kernel work; fewer on a
 * small table, so that every contender gets several turns. */
#define CHUNK 2048

static const struct inserter *const all[] = {&raw_inserter, &nlrs_inserter};

static const struct inserter *find(const char *name)
{
	return find_contender((const void *const *)all, sizeof all / sizeof all[0], name);
}

static int one(const char *name, int add, uint32_t table, long count)
{
	const struct inserter *c = find(name);
	void *st = c->open();
	uint64_t t0 = now_ns();
	long errors = c->run(st, add, table, 0, count);
	uint64_t t1 = now_ns();
	printf("routes=%ld\n", count);
	printf("ns_per_route=%.2f\n", count ? (double)(t1 - t0) / (double)count : 0.0);
	printf("errors=%ld\n", errors);
	return errors ? 1 : 0;
}

static int compare(uint32_t table, long count, int n, char **names)
{
	const struct inserter **c = calloc((size_t)n, sizeof *c);
	void **st = calloc((size_t)n, sizeof *st);
	uint64_t *ns = calloc(2 * (size_t)n, sizeof *ns);
	long *routes = calloc((size_t)n, sizeof *routes);
	long *errors = calloc((size_t)n, sizeof *errors);
	for (int i = 0; i < n; i++) {
		c[i] = find(names[i]);
		st[i] = c[i]->open();
	}
	long chunk = count / (4 * n) < CHUNK ? count / (4 * n) : CHUNK;
	if (chunk < 1)
		chunk = 1;
	for (int start = 0; start < n; start++)
		for (int add = 1; add >= 0; add--)
			for (long first = 0, k = start; first < count; first += chunk, k++) {
				int i = (int)(k % n);
				long len = count - first < chunk ? count - first : chunk;
				uint64_t t0 = now_ns();
				errors[i] += c[i]->run(st[i], add, table, first, len);
				ns[2 * i + !add] += now_ns() - t0;
				if (add)
					routes[i] += len;
			}
	for (int i = 0; i < n; i++) {
		double r = routes[i] ? (double)routes[i] : 1;
		printf("sample %s %.2f %.2f\n", c[i]->name, (double)ns[2 * i] / r,
		       (double)ns[2 * i + 1] / r);
		printf("%s_errors=%ld\n", c[i]->name, errors[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "--compare"))
		return compare((uint32_t)arg_long(argv[2], "table"), arg_long(argv[3], "count"),
			       argc - 4, argv + 4);
	if (argc == 5 && (!strcmp(argv[2], "add") || !strcmp(argv[2], "del")))
		return one(argv[1], !strcmp(argv[2], "add"), (uint32_t)arg_long(argv[3], "table"),
			   arg_long(argv[4], "count"));
	fprintf(stderr,
		"usage: %s NAME add|del TABLE COUNT\n       %s --compare TABLE COUNT NAME...\n",
		argv[0], argv[0]);
	return 2;
}
