#!/usr/bin/env bash
# The system packages each make target needs, in one place (Debian and its derivatives).
#
#   scripts/deps.sh [--dry-run] TARGET...     TARGET: demo, test or bench
#
# Installs what is missing with apt-get when run as root (`make demo`, `make test`,
# `make bench` and .ci/run call it so). As a normal user it installs nothing: it names the
# missing packages and the command that installs them, and exits with status 1. With
# --dry-run it only says what it would install. It prints nothing when everything is there.
# A Rust toolchain (cargo) is needed too; it is not a Debian package here (rustup), so it is
# only checked.
set -euo pipefail

usage() {
    echo "usage: $0 [--dry-run] demo|test|bench..." >&2
    exit 2
}

# What each target runs: gcc, make and binutils (objdump reads the SONAME) build the C
# examples; iproute2 (ip, genl, ss) is every test's oracle; the rest as commented.
demo=(gcc make binutils iproute2)
test=("${demo[@]}"
    g++ clang        # the C++ header, compiled by both compilers (tests/cpp_header.rs)
    valgrind         # the C programs under valgrind
    ethtool          # the oracle of the ethtool family's tests
    strace           # what iproute2 and the C API send, compared (tests/rtnl_link_kinds.rs)
    pkg-config       # the installed library as users build against it (tests/c_install.rs)
    libmnl-dev libnl-3-dev libnl-route-3-dev  # the benchmark's smoke test (tests/bench_smoke.rs)
                     # builds the libmnl and libnl baselines
    python3 python3-venv python3-pip)   # the Python package's tests (make test-python)
bench=(gcc make binutils iproute2 pkg-config libmnl-dev libnl-3-dev libnl-route-3-dev
    python3 python3-venv python3-pip)

dry_run=0
wanted=()
(($#)) || usage
for arg in "$@"; do
    case $arg in
    --dry-run) dry_run=1 ;;
    demo) wanted+=("${demo[@]}") ;;
    test) wanted+=("${test[@]}") ;;
    bench) wanted+=("${bench[@]}") ;;
    *) usage ;;
    esac
done

if ! command -v cargo >/dev/null; then
    echo "error: cargo not found: install a Rust toolchain (https://rustup.rs)" >&2
    exit 1
fi

if ! command -v dpkg-query >/dev/null; then
    echo "warning: not a Debian system (no dpkg-query); make sure these, or their equivalents," \
        "are installed: $(printf '%s\n' "${wanted[@]}" | sort -u | tr '\n' ' ')" >&2
    exit 0
fi

missing=()
for pkg in $(printf '%s\n' "${wanted[@]}" | sort -u); do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
((${#missing[@]})) || exit 0

install=(apt-get install -y --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
    echo "error: missing packages: ${missing[*]}" >&2
    echo "install them with: sudo ${install[*]}" >&2
    exit 1
fi
if ((dry_run)); then
    echo "would run: apt-get update && ${install[*]}"
    exit 0
fi
echo "==> apt-get update && ${install[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive "${install[@]}"
