#!/usr/bin/env python3
"""mirror in Python: links and addresses kept in step with the kernel, as mirror.c does.

    mirror.py [--rcvbuf BYTES] [--idle-exit MS]

Prints every change, the initial objects first, one line each:

    +LINK INDEX NAME mtu MTU UP|DOWN      (~LINK changed, -LINK went away)
    +ADDR INDEX ADDRESS/PREFIX            (~ADDR, -ADDR)

`resync` on stderr after a recovery from lost events, `started: N objects` on stderr once the
first dump is done. With --idle-exit, once no event came for MS ms it prints the final table
(`LINK ...` lines by index, then `ADDR ...` lines by index and address text) and exits 0;
without, it runs until SIGINT or SIGTERM. Errors print `error: ...` and exit 1.
"""

import argparse
import selectors
import signal
import sys

import nlrs

SIGNS = {"add": "+", "change": "~", "remove": "-"}


def link_line(link: nlrs.Link) -> str:
    return f"{link.ifindex} {link.name} mtu {link.mtu or 0} {'UP' if link.up else 'DOWN'}"


def print_changes(changes: list) -> None:
    for c in changes:
        if c.kind == "resync":
            sys.stdout.flush()
            print("resync", file=sys.stderr)
        elif isinstance(c.obj, nlrs.Link):
            print(f"{SIGNS[c.kind]}LINK {link_line(c.obj)}")
        elif isinstance(c.obj, nlrs.Address):
            print(f"{SIGNS[c.kind]}ADDR {c.obj.ifindex} {c.obj.address}")
    sys.stdout.flush()


def print_table(mirror: nlrs.Mirror) -> None:
    objs = list(mirror)
    links = sorted((o for o in objs if isinstance(o, nlrs.Link)), key=lambda o: o.ifindex)
    addrs = sorted((o.ifindex, str(o.address)) for o in objs if isinstance(o, nlrs.Address))
    out = [f"LINK {link_line(link)}" for link in links] + [f"ADDR {i} {a}" for i, a in addrs]
    print("\n".join(out), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rcvbuf", type=int, default=0)
    parser.add_argument("--idle-exit", type=int, default=None, metavar="MS")
    args = parser.parse_args()
    # select() resumes after a signal whose handler returns (PEP 475): the handler raises.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: sys.exit(0))
    try:
        with nlrs.Mirror(links=True, addresses=True, rcvbuf=args.rcvbuf) as mirror, selectors.DefaultSelector() as sel:
            print_changes(mirror.initial)
            print(f"started: {len(mirror)} objects", file=sys.stderr)
            sel.register(mirror, selectors.EVENT_READ)
            timeout = None if args.idle_exit is None else args.idle_exit / 1000
            while sel.select(timeout):
                print_changes(mirror.process())
            print_table(mirror)  # idle for --idle-exit MS
    except nlrs.NetlinkError as e:
        print(f"error: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
