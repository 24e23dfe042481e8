#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
#
# The nlrs benchmark suite: nlrs (through its C API) against hand-written NLMSG_*/RTA_* C,
# libmnl and iproute2, side by side, inside a private network namespace this script makes.
#
#   bench/run.sh [--quick] [--rounds N] [--no-build] [--python yes|no|only]
#                                                         (`make bench` runs it plainly)
#
#   --quick      small tables and few repetitions: checks that every program runs and prints
#                its figures (tests/bench_smoke.rs), in a few seconds; the numbers mean little
#   --rounds N   repeat every comparison N times (default 5, quick 1), and the dump comparisons
#                20N and 10N times (one dump per contender each time), the engine's 4N times;
#                figures are medians
#   --no-build   use the programs already built
#   --python W   the Python comparison (nlrs's package against pyroute2): yes (the default),
#                no (the default with --quick), or only (that comparison alone, on the one
#                table it dumps); it installs both into a virtual environment, $B/pyenv
#
# The programs are built into bench/build, or into $NLRS_BENCH_BUILD when that is set (the
# smoke test builds into its target directory). CARGO_TARGET_DIR is honoured.
#
# Prints a table, then one name=value line per figure (bench/README.md). Needs root (or an
# unprivileged user namespace: the script re-runs itself under `unshare -rn`), cargo, and the
# packages scripts/deps.sh lists for bench (iproute2, a C compiler, libmnl-dev, ...), which
# it installs with apt-get when missing and run as root.
# libnl's rows in section 7 need libnl-3-dev and libnl-route-3-dev (on that list too); without
# them those rows are left out: `libnl: not installed`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
B=${NLRS_BENCH_BUILD:-$here/build}
quick=0
rounds=
build=1
python=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--rounds) rounds=$2; shift ;;
	--no-build) build=0 ;;
	--python) python=$2; shift ;;
	*) echo "usage: $0 [--quick] [--rounds N] [--no-build] [--python yes|no|only]" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$rounds" ] || rounds=$([ $quick = 1 ] && echo 1 || echo 5)
[ -n "$python" ] || python=$([ $quick = 1 ] && echo no || echo yes)
case $python in yes | no | only) ;; *) echo "error: --python yes, no or only" >&2; exit 2 ;; esac

# ---------------------------------------------------------------------------------------------
# Outside the namespace: build (cargo may need the network), then re-run inside a new one.
if [ "${NLRS_BENCH_IN_NETNS:-}" != 1 ]; then
	if [ $build = 1 ]; then
		"$root/scripts/deps.sh" bench
		(cd "$root" && ${CARGO:-cargo} build --release --lib --example engine_dump -q)
		make -s -C "$here" BUILD="$B" >&2
		# The engine's program is Rust (bench/engine_dump.rs): cargo builds it as an example.
		target=${CARGO_TARGET_DIR:-target}
		case $target in /*) ;; *) target=$root/$target ;; esac
		cp "$target/release/examples/engine_dump" "$B/engine_dump"
		if [ $python != no ]; then
			# The package as users install it, and pyroute2, in an environment of their own.
			python3 -m venv "$B/pyenv" >&2
			"$B/pyenv/bin/pip" install -q "$root/python" pyroute2 >&2
		fi
	fi
	args=()
	[ $quick = 1 ] && args+=(--quick)
	args+=(--rounds "$rounds" --no-build --python "$python")
	export NLRS_BENCH_IN_NETNS=1
	if [ "$(id -u)" = 0 ]; then
		exec unshare -n -- bash "$0" "${args[@]}"
	else
		exec unshare -rn -- bash "$0" "${args[@]}"
	fi
fi

# ---------------------------------------------------------------------------------------------
# Inside: the fixture.
for p in dump insert encode_c encode_nlrs mirror_nlrs engine_dump $([ $python != no ] && echo pyenv/bin/python); do
	[ -x "$B/$p" ] || { echo "error: $B/$p missing (run without --no-build)" >&2; exit 1; }
done
# libnl's rows (section 7) when pkg-config finds it, as bench/Makefile builds them.
libnl=$(pkg-config --exists libnl-route-3.0 2>/dev/null && echo 1 || echo 0)
[ $libnl = 0 ] || [ -x "$B/mirror_libnl" ] || { echo "error: $B/mirror_libnl missing (run without --no-build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ip link set lo up
ip link add nlb0 type veth peer name nlb1
ip link set nlb0 up
ip link set nlb1 up
ip addr add 10.0.0.1/24 dev nlb0

if [ $quick = 1 ]; then
	N_SMALL=200 N_DUMP=1000 N_BIG=4000 N_INS=500 N_ENC=100000 N_LOOKUPS=10000 N_EVENTS=1000
	DUMP_REPS=3 BIG_REPS=1 ENC_REPS=1
	S_SMALL=200 S_DUMP=1k S_BIG=4k S_INS=500
else
	N_SMALL=10000 N_DUMP=100000 N_BIG=1000000 N_INS=100000 N_ENC=10000000 N_LOOKUPS=1000000 N_EVENTS=100000
	DUMP_REPS=5 BIG_REPS=1 ENC_REPS=1
	S_SMALL=10k S_DUMP=100k S_BIG=1m S_INS=100k
fi
T_SMALL=101 T_DUMP=100 T_BIG=102 T_INS=200

t_fix0=$(date +%s%N)
"$B/insert" raw add $T_DUMP $N_DUMP >/dev/null
if [ $python != only ]; then
	"$B/insert" raw add $T_SMALL $N_SMALL >/dev/null
	"$B/insert" raw add $T_BIG $N_BIG >/dev/null
fi
t_fix1=$(date +%s%N)

# ip -batch files for the insert comparison: the same routes as bench/insert.c adds.
awk -v n=$N_INS -v t=$T_INS 'BEGIN {
	for (i = 0; i < n; i++) {
		a = 184549376 + i   # 11.0.0.0
		printf "route add %d.%d.%d.%d/32 via 10.0.0.2 dev nlb0 table %d metric 10\n",
			int(a / 16777216) % 256, int(a / 65536) % 256, int(a / 256) % 256, a % 256, t
	} }' >"$work/add.batch"
sed 's/^route add \([^ ]*\) .*/route del \1 table '$T_INS'/' "$work/add.batch" >"$work/del.batch"

# ---------------------------------------------------------------------------------------------
# Running and collecting. Each sample goes to $work/S/<name>, one value a line.
mkdir -p "$work/S"
fail() { echo "error: $*" >&2; exit 1; }
# field NAME OUTPUT: the value of NAME=... in OUTPUT
field() { sed -n "s/^$1=//p" <<<"$2" | head -n 1; }
record() { echo "$2" >>"$work/S/$1"; }
# run NAME FIELD CMD...: runs CMD, records its FIELD as sample NAME
run() {
	local name=$1 fld=$2 out
	shift 2
	out=$("$@") || fail "$* failed"
	local v
	v=$(field "$fld" "$out")
	[ -n "$v" ] || fail "$* printed no $fld"
	record "$name" "$v"
	LAST=$out
}
med() { sort -g "$work/S/$1" | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The sum of add and delete, per route.
sum2() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }
# pratio A B: the median over rounds of sample A / sample B of the same round
pratio() {
	paste "$work/S/$1" "$work/S/$2" | awk '$2 > 0 { print $1 / $2 }' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) r = v[(NR + 1) / 2]; else r = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", r }'
}
ip_batch() { # ip_batch FILE: ns per line
	local t0 t1
	t0=$(date +%s%N)
	ip -batch "$1" || fail "ip -batch $1"
	t1=$(date +%s%N)
	awk -v d=$((t1 - t0)) -v n=$N_INS 'BEGIN { printf "%.2f", d / n }'
}

# The C comparisons: sections 1 to 5.
c_run() {
	checksums=
	# 1. Dump and decode, N_DUMP routes. Its margins are a few ns per route on top of ~350 ns of
	# kernel work, on a machine whose speed drifts by more than that from minute to minute: so the
	# contenders run in one process (bench/dump.c) and take turns dump by dump, and each ratio is
	# the median of the ratios within a round. The headline contenders run on their own, four to
	# a round, so the dumps a ratio compares are as close in time as can be; the others (libmnl's
	# small buffer, nlrs's other two ways) in a second comparison with the floor and nlrs again.
	# compare PREFIX ROUNDS CONTENDER...: records each contender's samples as PREFIX_<name>
	compare() {
		local prefix=$1 n=$2 out c routes
		shift 2
		out=$("$B/dump" --compare $T_DUMP "$n" "$@") || fail "dump --compare $* failed"
		awk -v d="$work/S" -v p="$prefix" '$1 == "sample" { print $3 >>(d "/" p "_" $2) }' <<<"$out"
		for c in "$@"; do
			routes=$(field "${c}_routes" "$out")
			[ "$routes" = $N_DUMP ] || fail "$c dumped $routes routes, not $N_DUMP"
			[ $c = floor ] || checksums="$checksums $(field "${c}_checksum" "$out")"
		done
	}
	compare dump $((20 * rounds)) floor walk mnl nlrs
	compare other $((10 * rounds)) floor mnl_small nlrs nlrs_cursor nlrs_typed

	# 8. The description engine (bench/engine_dump.rs): the same table through an rt-route
	# description into value trees and into JSON text, beside the floor and `ip -j route show`,
	# in one process taking turns as in 1 (ip's time includes starting it, ~1 ms a run).
	out=$("$B/engine_dump" $T_DUMP $((4 * rounds)) floor values json ip_json) ||
		fail "engine_dump failed"
	awk -v d="$work/S" '$1 == "sample" { print $3 >>(d "/eng_" $2) }' <<<"$out"
	for c in floor values json ip_json; do
		[ "$(field "${c}_routes" "$out")" = $N_DUMP ] || fail "engine_dump: $c saw $(field "${c}_routes" "$out") of $N_DUMP routes"
	done

	for r in $(seq 1 "$rounds"); do
		# 2. Bulk insert, then delete, N_INS routes into an empty table: ip -batch on its own;
		# raw C and nlrs in one process (bench/insert.c), taking turns chunk by chunk, so that
		# both meet the same table at the same moment (the kernel's cost per route dominates and
		# drifts).
		for c in $([ $((r % 2)) = 1 ] && echo ip pair || echo pair ip); do
			case $c in
			ip)
				record ins_ip_add "$(ip_batch "$work/add.batch")"
				record ins_ip_del "$(ip_batch "$work/del.batch")" ;;
			pair)
				out=$("$B/insert" --compare $T_INS $N_INS raw nlrs) || fail "insert --compare failed"
				for k in raw nlrs; do
					[ "$(field "${k}_errors" "$out")" = 0 ] || fail "$k: the kernel refused requests"
					read -r a d <<<"$(awk -v k=$k '$1 == "sample" && $2 == k { print $3, $4 }' <<<"$out")"
					record "ins_${k}_add" "$a"
					record "ins_${k}_del" "$d"
				done ;;
			esac
			left=$(ip -4 route show table $T_INS | wc -l)
			[ "$left" = 0 ] || fail "$c left $left routes in table $T_INS"
		done
		for c in raw ip nlrs; do
			record "ins_$c" "$(sum2 "$(tail -n 1 "$work/S/ins_${c}_add")" "$(tail -n 1 "$work/S/ins_${c}_del")")"
		done

		# 3. Encode the set-MTU request N_ENC times.
		run enc_macros ns_per_msg "$B/encode_c" macros $N_ENC $ENC_REPS
		bytes_ref=$(field bytes "$LAST")
		run enc_tight ns_per_msg "$B/encode_c" tight $N_ENC $ENC_REPS
		run enc_mnl ns_per_msg "$B/encode_c" mnl $N_ENC $ENC_REPS
		[ "$(field bytes "$LAST")" = "$bytes_ref" ] || fail "libmnl built different bytes"
		run enc_nlrs ns_per_msg "$B/encode_nlrs" $N_ENC $ENC_REPS
		[ "$(field bytes "$LAST")" = "$bytes_ref" ] || fail "nlrs built different bytes"

		# 4 and 5. Memory and scale: nlrs streaming dump-and-decode of N_SMALL and N_BIG routes.
		run scale_small ns_per_route "$B/dump" nlrs $T_SMALL $DUMP_REPS
		record rss_small "$(field max_rss_kib "$LAST")"
		run scale_big ns_per_route "$B/dump" nlrs $T_BIG $BIG_REPS
		record rss_big "$(field max_rss_kib "$LAST")"
		[ "$(field routes "$LAST")" = $N_BIG ] || fail "nlrs dumped $(field routes "$LAST") of $N_BIG routes"
		run floor_small ns_per_route "$B/dump" floor $T_SMALL $DUMP_REPS
		run floor_big ns_per_route "$B/dump" floor $T_BIG $BIG_REPS
	done

	# 7. The mirror of every table (N_SMALL + N_DUMP + N_BIG routes), started once (it takes
	# seconds), against the floor dump of the big table just before; its longest-prefix
	# matches in the big table; N_EVENTS routes added to it while the mirror does not read,
	# then applied, against a bare socket draining the same notifications just before; and their deletion while it does not read with a receive buffer too small
	# to hold it: the events are lost, and the mirror re-dumps and converges.
	run mirror_floor ns_per_route "$B/dump" floor $T_BIG $BIG_REPS
	run mirror_start start_ns_per_route "$B/mirror_nlrs" $T_BIG $N_BIG $N_LOOKUPS $N_EVENTS
	[ "$(field routes "$LAST")" -ge $N_BIG ] || fail "the mirror holds $(field routes "$LAST") routes"
	[ "$(field events_applied "$LAST")" = $N_EVENTS ] || fail "the mirror applied $(field events_applied "$LAST") events"
	record mirror_bytes "$(field bytes_per_route "$LAST")"
	record mirror_lookup "$(field lookup_ns "$LAST")"
	record mirror_apply "$(field apply_ns_per_event "$LAST")"
	record mirror_apply_floor "$(field apply_floor_ns_per_event "$LAST")"
	record mirror_resync "$(field resync_ns_per_route "$LAST")"
	one_table_run

	# Every decoding contender must have seen the same routes.
	[ "$(tr ' ' '\n' <<<"$checksums" | sed '/^$/d' | sort -u | wc -l)" = 1 ] ||
		fail "the dump contenders disagree on the routes: $checksums"
}

# 7, on one table: nlrs_mirror beside libnl's route cache and cache manager, in a namespace
# holding only the N_DUMP-route table (bench/one_table.sh), started once, as the big mirror.
# The manager applies the events of N_MNGR_EVENTS routes added while it was not reading
# (fewer than the big mirror's N_EVENTS: libnl's manager takes ~50 µs an event).
N_MNGR_EVENTS=$((N_DUMP / 10))
one_table_run() {
	local out v
	out=$(unshare -n -- bash "$here/one_table.sh" "$B" $T_DUMP $N_DUMP $DUMP_REPS $T_INS $N_MNGR_EVENTS $libnl) ||
		fail "one_table.sh failed"
	for v in floor_ns_per_route nlrs_start_ns_per_route nlrs_bytes_per_route \
		$([ $libnl = 1 ] && echo libnl_sync_ns_per_route libnl_bytes_per_route libnl_apply_ns_per_event); do
		[ -n "$(field $v "$out")" ] || fail "one_table.sh printed no $v"
		record "one_$v" "$(field $v "$out")"
	done
}
one_table_rows() {
	row "7'. caches of one table, $S_DUMP routes" "ns/route" "vs floor"
	row "floor: recvmsg until DONE (raw C)" "$(med one_floor_ns_per_route)" "1.000"
	row "nlrs_mirror start" "$(med one_nlrs_start_ns_per_route)" "$(pratio one_nlrs_start_ns_per_route one_floor_ns_per_route)"
	if [ $libnl = 1 ]; then
		row "libnl rtnl_route_alloc_cache" "$(med one_libnl_sync_ns_per_route)" "$(pratio one_libnl_sync_ns_per_route one_floor_ns_per_route)"
	else
		row "libnl: not installed" "" ""
	fi
	row "resident bytes per route: nlrs_mirror" "$(med one_nlrs_bytes_per_route)" ""
	[ $libnl = 0 ] || row "resident bytes per route: libnl cache" "$(med one_libnl_bytes_per_route)" ""
	[ $libnl = 0 ] || row "libnl nl_cache_mngr, apply $N_MNGR_EVENTS events, ns each" "$(med one_libnl_apply_ns_per_event)" ""
}
one_table_lines() {
	echo "mirror_sync_vs_floor_${S_DUMP}=$(pratio one_nlrs_start_ns_per_route one_floor_ns_per_route)"
	echo "mirror_bytes_per_route_${S_DUMP}=$(med one_nlrs_bytes_per_route)"
	if [ $libnl = 1 ]; then
		echo "libnl_cache_sync_vs_floor=$(pratio one_libnl_sync_ns_per_route one_floor_ns_per_route)"
		echo "libnl_cache_bytes_per_route=$(med one_libnl_bytes_per_route)"
		echo "libnl_mngr_apply_ns_per_event=$(med one_libnl_apply_ns_per_event)"
	else
		echo "libnl: not installed"
	fi
}

# ---------------------------------------------------------------------------------------------
# Report.
row() { printf '  %-44s %12s %10s\n' "$1" "$2" "$3"; }
c_report() {
	for s in dump_floor dump_walk dump_mnl dump_nlrs other_mnl_small other_nlrs_cursor other_nlrs_typed ins_raw_add ins_raw_del \
		ins_ip_add ins_ip_del ins_nlrs_add ins_nlrs_del enc_macros enc_tight enc_mnl enc_nlrs \
		scale_small scale_big floor_small floor_big rss_small rss_big \
		mirror_floor mirror_start mirror_bytes mirror_lookup mirror_apply mirror_apply_floor mirror_resync eng_floor eng_values eng_json eng_ip_json; do
		eval "m_$s=$(med $s)"
	done
	m_ins_raw=$(med ins_raw)
	m_ins_ip=$(med ins_ip)
	m_ins_nlrs=$(med ins_nlrs)

	echo
	echo "nlrs benchmarks: $rounds round(s), $((20 * rounds)) and $((10 * rounds)) for the dumps, medians; $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r)"
	echo
	row "1. dump and decode, $S_DUMP IPv4 routes" "ns/route" "vs floor"
	row "(a) floor: recvmsg until DONE (raw C)" "$m_dump_floor" "1.000"
	row "(b) raw C, NLMSG_*/RTA_* macros" "$m_dump_walk" "$(pratio dump_walk dump_floor)"
	row "(c) libmnl, validating (64 KiB buffer)" "$m_dump_mnl" "$(pratio dump_mnl dump_floor)"
	row "(c') libmnl, MNL_SOCKET_BUFFER_SIZE buffer" "$m_other_mnl_small" "$(pratio other_mnl_small other_floor)"
	row "(d) nlrs C API, nlrs_route_dump_foreach" "$m_dump_nlrs" "$(pratio dump_nlrs dump_floor)"
	row "(d') nlrs C API, attribute cursor" "$m_other_nlrs_cursor" "$(pratio other_nlrs_cursor other_floor)"
	row "(d'') nlrs C API, typed route object" "$m_other_nlrs_typed" "$(pratio other_nlrs_typed other_floor)"
	echo
	row4() { printf '  %-44s %12s %10s %10s %9s\n' "$@"; }
	row4 "2. insert, then delete, $S_INS routes" "add ns/route" "delete" "sum" "vs raw"
	row4 "raw C, 256 requests per sendmsg" "$m_ins_raw_add" "$m_ins_raw_del" "$m_ins_raw" "1.000"
	row4 "ip -batch" "$m_ins_ip_add" "$m_ins_ip_del" "$m_ins_ip" "$(pratio ins_ip ins_raw)"
	row4 "nlrs batch, a result per route" "$m_ins_nlrs_add" "$m_ins_nlrs_del" "$m_ins_nlrs" "$(pratio ins_nlrs ins_raw)"
	echo
	row "3. encode the set-MTU request" "ns/msg" "vs macros"
	row "hand-written macros, as in rtnetlink(3)" "$m_enc_macros" "1.000"
	row "hand-written macros, message-sized buffer" "$m_enc_tight" "$(pratio enc_tight enc_macros)"
	row "libmnl" "$m_enc_mnl" "$(pratio enc_mnl enc_macros)"
	row "nlrs C API (reset, header, u32, bytes)" "$m_enc_nlrs" "$(pratio enc_nlrs enc_macros)"
	echo
	row "4. peak RSS, nlrs streaming dump" "KiB" ""
	row "$S_SMALL routes" "$(printf %.0f "$m_rss_small")" ""
	row "$S_BIG routes" "$(printf %.0f "$m_rss_big")" ""
	echo
	row "5. scale, nlrs dump and decode" "ns/route" "floor"
	row "$S_SMALL routes" "$m_scale_small" "$m_floor_small"
	row "$S_DUMP routes" "$m_dump_nlrs" "$m_dump_floor"
	row "$S_BIG routes" "$m_scale_big" "$m_floor_big"
	echo
	row "7. nlrs_mirror of every table's routes" "" "vs floor"
	row "start, ns/route (floor: $S_BIG-route dump)" "$m_mirror_start" "$(pratio mirror_start mirror_floor)"
	row "resident bytes per route" "$m_mirror_bytes" ""
	row "longest-prefix match in $S_BIG routes, ns" "$m_mirror_lookup" ""
	row "$N_EVENTS queued route events applied, ns/event" "$m_mirror_apply" "$(pratio mirror_apply mirror_apply_floor)"
	row "floor: the same events drained (raw C)" "$m_mirror_apply_floor" "1.000"
	row "re-dump after $N_EVENTS lost events, ns/route" "$m_mirror_resync" "$(pratio mirror_resync mirror_start) (vs start)"
	one_table_rows
	echo
	row "8. description engine, dump $S_DUMP routes" "ns/route" "vs floor"
	row "(a) floor: recvmsg until DONE (Rust)" "$m_eng_floor" "1.000"
	row "(b) engine into value trees (engine::Tree)" "$m_eng_values" "$(pratio eng_values eng_floor)"
	row "(c) engine into JSON text" "$m_eng_json" "$(pratio eng_json eng_floor)"
	row "(d) ip -j route show" "$m_eng_ip_json" "$(pratio eng_ip_json eng_floor)"
	echo
	echo "fixture: $((N_SMALL + N_DUMP + N_BIG)) routes loaded in $(((t_fix1 - t_fix0) / 1000000)) ms; comparisons took $(((t_run1 - t_run0) / 1000000)) ms"
	echo

	echo "dump_vs_floor=$(pratio dump_nlrs dump_floor)"
	echo "dump_vs_libmnl=$(pratio dump_nlrs dump_mnl)"
	echo "dump_vs_libmnl_small_buffer=$(pratio other_nlrs other_mnl_small)"
	echo "dump_walk_vs_libmnl=$(pratio dump_walk dump_mnl)"
	echo "dump_cursor_vs_floor=$(pratio other_nlrs_cursor other_floor)"
	echo "dump_typed_vs_floor=$(pratio other_nlrs_typed other_floor)"
	echo "insert_speedup_vs_ip_batch=$(pratio ins_ip ins_nlrs)"
	echo "insert_vs_raw_batch=$(pratio ins_nlrs ins_raw)"
	echo "encode_vs_macros=$(pratio enc_nlrs enc_macros)"
	echo "encode_vs_tight_macros=$(pratio enc_nlrs enc_tight)"
	echo "encode_vs_libmnl=$(pratio enc_nlrs enc_mnl)"
	echo "engine_dump_vs_floor=$(pratio eng_values eng_floor)"
	echo "engine_json_vs_ip_json=$(pratio eng_json eng_ip_json)"
	echo "dump_rss_growth_mib=$(awk -v a="$m_rss_big" -v b="$m_rss_small" 'BEGIN { printf "%.2f", (a - b) / 1024 }')"
	echo "dump_ns_per_route_${S_SMALL}=$m_scale_small"
	echo "dump_ns_per_route_${S_DUMP}=$m_dump_nlrs"
	echo "dump_ns_per_route_${S_BIG}=$m_scale_big"
	echo "floor_ns_per_route_${S_SMALL}=$m_floor_small"
	echo "floor_ns_per_route_${S_DUMP}=$m_dump_floor"
	echo "floor_ns_per_route_${S_BIG}=$m_floor_big"
	echo "mirror_sync_vs_floor=$(pratio mirror_start mirror_floor)"
	echo "mirror_bytes_per_route=$m_mirror_bytes"
	echo "mirror_lookup_ns=$m_mirror_lookup"
	echo "mirror_apply_ns_per_event=$m_mirror_apply"
	echo "mirror_apply_floor_ns_per_event=$m_mirror_apply_floor"
	echo "mirror_apply_vs_floor=$(pratio mirror_apply mirror_apply_floor)"
	echo "mirror_resync_vs_sync=$(pratio mirror_resync mirror_start)"
	one_table_lines
}

# 6. Python: the N_DUMP-route table dumped into a list of Python route objects, by nlrs's
# package and by pyroute2 (IPRoute().get_routes()), each in a process of its own (its peak RSS
# is its own), taking turns round by round. pyroute2 takes ~0.2 ms a route: one dump a round.
python_run() {
	local r c reps
	for r in $(seq 1 "$rounds"); do
		for c in $([ $((r % 2)) = 1 ] && echo nlrs pyroute2 || echo pyroute2 nlrs); do
			reps=$([ $c = nlrs ] && echo $DUMP_REPS || echo 1)
			run py_$c ns_per_route "$B/pyenv/bin/python" "$here/python_dump.py" $c $T_DUMP $reps
			record py_${c}_rss "$(field max_rss_kib "$LAST")"
			[ "$(field routes "$LAST")" = $N_DUMP ] || fail "$c dumped $(field routes "$LAST") of $N_DUMP routes"
		done
	done
}

python_report() {
	echo
	row "6. Python, dump $S_DUMP routes into objects" "ns/route" "peak KiB"
	row "nlrs package (Socket.routes)" "$(med py_nlrs)" "$(printf %.0f "$(med py_nlrs_rss)")"
	row "pyroute2 (IPRoute().get_routes)" "$(med py_pyroute2)" "$(printf %.0f "$(med py_pyroute2_rss)")"
	echo
	echo "python_dump_vs_pyroute2=$(pratio py_nlrs py_pyroute2)"
	echo "python_dump_rss_vs_pyroute2=$(pratio py_nlrs_rss py_pyroute2_rss)"
}

t_run0=$(date +%s%N)
[ $python = only ] || c_run
[ $python = no ] || python_run
t_run1=$(date +%s%N)
[ $python = only ] || c_report
[ $python = no ] || python_report
