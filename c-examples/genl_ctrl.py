#!/usr/bin/env python3
"""genl_ctrl in Python: the generic netlink controller's families, as genl_ctrl.c prints them.

    genl_ctrl.py [list | get NAME | policy NAME]

    NAME id 0xID version V hdrsize H maxattr M groups G1:0xID1,...   (groups - when none)

Errors print `Error: <text>` and exit 2.
"""

import sys

import nlrs


def line(f: nlrs.GenlFamily) -> str:
    groups = ",".join(f"{name}:{gid:#x}" for name, gid in f.groups.items()) or "-"
    return f"{f.name} id {f.id:#x} version {f.version} hdrsize {f.hdrsize} maxattr {f.maxattr} groups {groups}"


def main(argv: list) -> int:
    args = argv[1:] or ["list"]
    if not (args == ["list"] or (len(args) == 2 and args[0] in ("get", "policy"))):
        print(f"usage: {argv[0]} [list | get NAME | policy NAME]", file=sys.stderr)
        return 2
    try:
        with nlrs.Socket("generic") as s:
            if args[0] == "list":
                print("\n".join(line(f) for f in s.genl_families()))
            elif args[0] == "get":
                print(line(s.genl_family(args[1])))
            else:
                print(s.genl_policy(args[1]), end="")
    except nlrs.NetlinkError as e:
        print(f"Error: {e.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
