#!/usr/bin/env bash
# demo.sh: build nlrs and the C examples, then run them in a throwaway network namespace.
#
#   c-examples/demo.sh        (or `make demo` at the repository root)
#
# As root the namespace comes from `unshare -n`; as a normal user from `unshare -rn` (a user
# namespace in which you are root). Either way it lives only as long as this script: nothing
# on the machine's own network is touched, and nothing is left behind.
#
# Shows: a veth pair, set_mtu setting an MTU, link_dump (and the Python link dump) next to
# `ip link`, the kernel's own error text when the MTU is below the device minimum, and
# monitor printing link and address events while the script makes them with ip.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=${NLRS_DEMO_BIN:-build}

heading() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[[ -t 1 ]] || heading() { printf '\n== %s\n' "$*"; }
# Shows a command, then runs it.
show() { printf '$ %s\n' "$*"; "$@"; }

if [[ ${NLRS_DEMO_INSIDE:-} != 1 ]]; then
    heading "Building libnlrs and the C examples"
    cd "$root"
    show "${CARGO:-cargo}" build --release --lib --quiet
    show make --no-print-directory -C c-examples
    for tool in ip unshare; do
        command -v "$tool" >/dev/null || { echo "error: $tool not found (install iproute2 / util-linux)" >&2; exit 1; }
    done
    if [[ $(id -u) -eq 0 ]]; then
        unshare=(unshare -n)
    else
        unshare=(unshare -rn)
    fi
    # The Python that has the nlrs package: `make test-python`'s environment, else python3.
    target=${CARGO_TARGET_DIR:-target}
    [[ $target == /* ]] || target=$root/$target
    python=python3
    [[ -x $target/pyenv/bin/python ]] && python=$target/pyenv/bin/python
    export NLRS_DEMO_PYTHON=${NLRS_DEMO_PYTHON:-$python}
    heading "Entering a throwaway network namespace: ${unshare[*]}"
    NLRS_DEMO_INSIDE=1 exec "${unshare[@]}" "$0" "$@"
fi

# --- Inside the namespace ------------------------------------------------------------------

cd "$here"
ip link set lo up
mon_out=$(mktemp)
mon_pid=
cleanup() {
    [[ -n $mon_pid ]] && kill "$mon_pid" 2>/dev/null
    rm -f "$mon_out"
}
trap cleanup EXIT

heading "A veth pair: demo0 <-> demo1"
# No automatic IPv6 link-local addresses (addr_gen_mode 1 = none), so that the monitor shows
# only the events this script makes.
echo 1 >/proc/sys/net/ipv6/conf/default/addr_gen_mode 2>/dev/null || true
show ip link add demo0 type veth peer name demo1
show ip link set demo0 up
show ip link set demo1 up

heading "set_mtu demo0 1400 (prints nothing on success; the kernel ACKed it)"
show "$bin/set_mtu" demo0 1400
show ip -br link show demo0

heading "link_dump: every link, one line each"
show "$bin/link_dump"

heading "The same dump from Python, with the nlrs package"
if "$NLRS_DEMO_PYTHON" -c 'import nlrs' 2>/dev/null; then
    show "$NLRS_DEMO_PYTHON" link_dump.py
else
    echo "(the nlrs package is not installed: pip install ./python, or make test-python)"
fi

heading "Errors carry the kernel's own text"
show "$bin/set_mtu" demo0 10 || echo "(exit status $?)"
show "$bin/set_mtu" demo0 100000 || echo "(exit status $?)"
show "$bin/set_mtu" nosuchdev 1000 || echo "(exit status $?)"

heading "monitor -n 8, while this script changes links and addresses"
"$bin/monitor" -n 8 >"$mon_out" &
mon_pid=$!
# Wait until the monitor has joined its groups (its socket shows them in /proc/net/netlink).
for _ in $(seq 100); do
    awk 'NR > 1 && $2 == 0 && $4 != "00000000" { found = 1 } END { exit !found }' \
        "/proc/$mon_pid/net/netlink" 2>/dev/null && break
    sleep 0.05
done
show ip link set demo0 mtu 1280
show ip addr add 192.0.2.1/24 dev demo0
show ip addr add 2001:db8::1/64 dev demo0 nodad
show ip addr del 192.0.2.1/24 dev demo0
show ip link set demo1 down
show ip link add demo-br type bridge
show ip link del demo-br
for _ in $(seq 100); do
    kill -0 "$mon_pid" 2>/dev/null || break
    sleep 0.05
done
if kill -0 "$mon_pid" 2>/dev/null; then
    kill "$mon_pid"
    echo "(monitor saw fewer events than expected and was stopped)"
fi
status=0
wait "$mon_pid" || status=$?
mon_pid=
echo "monitor printed (exit status $status):"
cat "$mon_out"

heading "Done: the namespace disappears with this script"
