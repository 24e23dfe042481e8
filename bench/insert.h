/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The bulk insert contenders of bench/insert.c. Route i of the fixture: 11.0.0.0 + i /32 via
 * 10.0.0.2 dev nlb0 metric 10; adding is RTM_NEWROUTE with CREATE|EXCL, deleting RTM_DELROUTE
 * of the same destination. Building the requests is part of the work timed.
 */
#ifndef NLRS_BENCH_INSERT_H
#define NLRS_BENCH_INSERT_H

#include <stdint.h>

struct inserter {
	const char *name; /* first: find_contender() in common.h reads it */
	/* Opens a socket (and whatever else the contender keeps). */
	void *(*open)(void);
	/* Adds (add != 0) or deletes routes first .. first + n - 1 of the fixture in `table`,
	 * reading every request's outcome; returns how many the kernel refused. */
	long (*run)(void *state, int add, uint32_t table, long first, long n);
};

/* insert_raw.c: requests packed 256 to a sendmsg with the NLMSG_* / RTA_* macros. */
extern const struct inserter raw_inserter;
/* insert_nlrs.c: nlrs's C API, a batch and a result per route. */
extern const struct inserter nlrs_inserter;

#endif
