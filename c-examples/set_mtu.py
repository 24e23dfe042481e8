#!/usr/bin/env python3
"""set_mtu in Python: `set_mtu.py NAME MTU` sets a link's MTU, as set_mtu.c does.

Prints nothing on success. On failure prints `error: <errno text>: <kernel text>` (the kernel's
text when it sent one) and exits 1; bad arguments exit 2.
"""

import sys

import nlrs


def main(argv: list) -> int:
    if len(argv) != 3 or not argv[2].isdigit():
        print(f"usage: {argv[0]} NAME MTU", file=sys.stderr)
        return 2
    try:
        with nlrs.Socket() as s:
            s.set_link(argv[1], mtu=int(argv[2]))
    except nlrs.NetlinkError as e:
        print(f"error: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
