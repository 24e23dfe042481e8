#!/usr/bin/env python3
"""One Python contender of the dump comparison: a whole table dumped into a list of Python
route objects, in a process of its own so that its peak RSS is its own.

    python_dump.py nlrs|pyroute2 TABLE REPS

nlrs: `list(nlrs.Socket().routes(table=TABLE))` (Route objects, decoded in the library).
pyroute2: `IPRoute().get_routes(table=TABLE)` (its message objects, decoded in Python), the
call pyroute2's documentation shows. Prints `routes=`, `ns_per_route=` (the median of REPS
dumps) and `max_rss_kib=` (the process's peak resident set, after the last dump).
"""

import resource
import sys
import time


def main() -> int:
    contender, table, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if contender == "nlrs":
        import nlrs

        sock = nlrs.Socket()

        def dump() -> list:
            return list(sock.routes(table=table, family=4))

    elif contender == "pyroute2":
        from pyroute2 import IPRoute

        ipr = IPRoute()

        def dump() -> list:
            return ipr.get_routes(family=2, table=table)

    else:
        print(f"unknown contender {contender}", file=sys.stderr)
        return 2
    times = []
    n = 0
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        routes = dump()
        times.append(time.perf_counter_ns() - t0)
        n = len(routes)
        del routes
    times.sort()
    print(f"routes={n}")
    print(f"ns_per_route={times[len(times) // 2] / max(n, 1):.1f}")
    print(f"max_rss_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
