#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# Section 7 of bench/run.sh, the route caches side by side on one table: run by it as
#
#   unshare -n -- bash bench/one_table.sh BUILD TABLE ROUTES REPS EVENT_TABLE EVENTS LIBNL
#
# in a network namespace of its own that holds only the fixture (bench/common.h) and ROUTES
# routes in TABLE, so that a cache of every table holds what the floor dump of TABLE sees
# (in run.sh's namespace, the million-route table would be cached too). Then, one after the
# other: the floor dump of TABLE (median of REPS dumps), an nlrs_mirror of the routes, and,
# when LIBNL is 1, libnl's route cache and its cache manager applying the events of EVENTS
# routes added to EVENT_TABLE (bench/mirror_libnl.c). Prints their figures, one name=value
# line each: floor_ns_per_route, nlrs_start_ns_per_route, nlrs_bytes_per_route, and
# libnl_sync_ns_per_route, libnl_bytes_per_route, libnl_apply_ns_per_event.
set -euo pipefail

[ $# = 7 ] || { echo "usage: $0 BUILD TABLE ROUTES REPS EVENT_TABLE EVENTS LIBNL" >&2; exit 2; }
B=$1 table=$2 routes=$3 reps=$4 event_table=$5 events=$6 libnl=$7

ip link set lo up
ip link add nlb0 type veth peer name nlb1
ip link set nlb0 up
ip link set nlb1 up
ip addr add 10.0.0.1/24 dev nlb0
"$B/insert" raw add "$table" "$routes" >/dev/null

# out PREFIX CMD...: CMD's name=value lines, each name prefixed
out() {
	local prefix=$1
	shift
	"$@" | sed "s/^/$prefix/"
}
out floor_ "$B/dump" floor "$table" "$reps" | grep '^floor_ns_per_route='
out nlrs_ "$B/mirror_nlrs" "$table" "$routes" 0 0 | grep -E '^nlrs_(start_ns|bytes)_per_route='
if [ "$libnl" = 1 ]; then
	out libnl_ "$B/mirror_libnl" cache | grep -E '^libnl_(sync_ns|bytes)_per_route='
	out libnl_ "$B/mirror_libnl" events "$B/insert" "$event_table" "$events" | grep '^libnl_apply_ns_per_event='
fi
