#!/usr/bin/env python3
"""link_dump in Python: the same link dump as link_dump.c, with the nlrs package.

Prints one line per network interface, in the kernel's order, exactly as link_dump does:

    INDEX NAME mtu MTU UP|DOWN

Install the package first (`pip install ./python` at the repository root). On failure prints
`error: <errno text>: <kernel text>` to stderr and exits 1. When the table changed during the
dump (nlrs.DumpInterrupted) it dumps again, up to 3 times, and prints only a consistent dump.
"""

import sys

import nlrs

ATTEMPTS = 3


def main() -> int:
    try:
        with nlrs.Socket() as s:
            for attempt in range(ATTEMPTS):
                try:
                    lines = [f"{l.ifindex} {l.name} mtu {l.mtu or 0} {'UP' if l.up else 'DOWN'}\n" for l in s.links()]
                    break
                except nlrs.DumpInterrupted:
                    if attempt == ATTEMPTS - 1:
                        raise
    except nlrs.NetlinkError as e:
        print(f"error: {e.strerror}", file=sys.stderr)
        return 1
    sys.stdout.write("".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
