#!/usr/bin/env python3
"""nlynl in Python: any netlink family from its description, as nlynl.c does it.

    nlynl.py --family NAME [--spec FILE] (--do OP | --dump OP) [--json JSON] [--output-json]
             [--create] [--excl] [--replace] [--append]
    nlynl.py --family NAME [--spec FILE] --subscribe GROUP [--sleep SECONDS]
    nlynl.py --family NAME [--spec FILE] --list-ops
    nlynl.py --list-families
    nlynl.py --family NAME [--spec FILE] --check

Messages are printed one JSON object per line; with --output-json, stdout is one JSON array of
them. Errors go to stderr as `error: <text>` with exit status 1; bad usage exits with 2.
--check prints one line per difference and exits with 1 when there is any.
"""

import argparse
import json
import selectors
import sys
import time
from typing import Any, List

import nlrs


def text(value: Any) -> str:
    """JSON text as nlynl.c prints it (the library's): compact, UTF-8 as it is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(prog="nlynl.py")
    p.add_argument("--family")
    p.add_argument("--spec")
    actions = p.add_mutually_exclusive_group(required=True)
    actions.add_argument("--do", metavar="OP")
    actions.add_argument("--dump", metavar="OP")
    actions.add_argument("--subscribe", metavar="GROUP")
    actions.add_argument("--list-ops", action="store_true")
    actions.add_argument("--list-families", action="store_true")
    actions.add_argument("--check", action="store_true")
    p.add_argument("--json", type=json.loads)
    p.add_argument("--output-json", action="store_true")
    p.add_argument("--sleep", type=float, default=0.0)
    for flag in ("create", "excl", "replace", "append"):
        p.add_argument(f"--{flag}", action="store_true")
    a = p.parse_args(argv[1:])
    if a.list_families:
        print("\n".join(nlrs.Family.builtins()))
        return 0
    if not a.family or (a.json is not None and not (a.do or a.dump)) or (a.sleep and not a.subscribe):
        p.print_usage(sys.stderr)
        return 2

    out: List[str] = []

    def emit(msg: Any) -> None:
        if a.output_json:
            out.append(text(msg))
        else:
            print(text(msg), flush=True)

    try:
        if a.spec:
            fam = nlrs.Family.load(a.spec)
        elif a.family in nlrs.Family.builtins():
            fam = nlrs.Family(a.family)
        else:
            print(f"error: no built-in description of family '{a.family}' (try --spec FILE)", file=sys.stderr)
            return 1
        with fam:
            if a.list_ops:
                for op in fam.ops():
                    print(f"{op.name} [{', '.join(m for m, has in (('do', op.do), ('dump', op.dump)) if has)}]")
                return 0
            if a.check:
                lines = fam.check()
                print("\n".join(lines) if lines else "the description agrees with the kernel")
                return 1 if lines else 0
            if a.do:
                replies = fam.do(a.do, a.json, create=a.create, excl=a.excl, replace=a.replace, append=a.append)
                if replies or a.output_json:
                    print(text(replies))
                return 0
            if a.dump:
                for msg in fam.dump(a.dump, a.json):
                    emit(msg)
            else:
                fam.subscribe(a.subscribe)
                deadline = time.monotonic() + a.sleep
                with selectors.DefaultSelector() as sel:
                    sel.register(fam, selectors.EVENT_READ)
                    while True:
                        for note in fam.read():
                            emit(note)
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        sel.select(left)
    except nlrs.NetlinkError as e:
        print(f"error: {e.strerror}", file=sys.stderr)
        return 1
    if a.output_json:
        print("[" + ",\n".join(out) + "]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
