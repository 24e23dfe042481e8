#!/usr/bin/env python3
"""monitor in Python: link and address events, one line each, as monitor.c prints them.

    monitor.py [-n COUNT]

    NEWLINK INDEX NAME mtu MTU UP|DOWN      DELLINK INDEX NAME
    NEWADDR INDEX ADDRESS/PREFIX            DELADDR INDEX ADDRESS/PREFIX
    OVERRUN                                 (events were lost; not counted)

Waits with `selectors` on the monitor's descriptor, so the same loop fits any event loop
(asyncio: `loop.add_reader(mon.fileno(), ...)`). Stops after COUNT event lines.
"""

import argparse
import selectors
import sys

import nlrs


def line(ev: nlrs.Event) -> str:
    o = ev.obj
    if ev.kind == "overrun":
        return "OVERRUN"
    if ev.kind == "dellink":
        return f"DELLINK {o.ifindex} {o.name}"
    if ev.kind == "newlink":
        return f"NEWLINK {o.ifindex} {o.name} mtu {o.mtu or 0} {'UP' if o.up else 'DOWN'}"
    return f"{ev.kind.upper()} {o.ifindex} {o.address}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=0, metavar="COUNT")
    count = parser.parse_args().n
    seen = 0
    with nlrs.Monitor(["link", "ipv4_ifaddr", "ipv6_ifaddr"]) as mon, selectors.DefaultSelector() as sel:
        sel.register(mon, selectors.EVENT_READ)
        while True:
            sel.select()
            for ev in mon.read():
                if ev.kind not in ("newlink", "dellink", "newaddr", "deladdr", "overrun"):
                    continue
                print(line(ev), flush=True)
                seen += ev.kind != "overrun"
                if count and seen >= count:
                    return 0


if __name__ == "__main__":
    sys.exit(main())
