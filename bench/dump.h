/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The dump contenders of bench/dump.c: each opens its socket once, then runs whole dumps of
 * one routing table, decoding dst, dst_len, gateway, oif, table and priority of every route
 * (all but the floor) into the checksum of common.h.
 */
#ifndef NLRS_BENCH_DUMP_H
#define NLRS_BENCH_DUMP_H

#include <stdint.h>

struct contender {
	const char *name; /* first: find_contender() in common.h reads it */
	/* Opens a socket (and whatever else the contender keeps) for dumps of `table`. */
	void *(*open)(uint32_t table);
	/* One whole dump: returns the routes seen, adds their checksum to *sum. */
	long (*dump)(void *state, uint64_t *sum);
};

/* dump_c.c: hand-written NLMSG_* / RTA_* code. */
extern const struct contender floor_contender, walk_contender;
/* dump_mnl.c: libmnl, as its examples use it. */
extern const struct contender mnl_contender, mnl_small_contender;
/* dump_nlrs.c: nlrs through its C API. */
extern const struct contender nlrs_contender, nlrs_cursor_contender, nlrs_typed_contender;

#endif
