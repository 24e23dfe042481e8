"""Every test runs in a network namespace of its own, made fresh for it.

The process calls unshare(CLONE_NEWNET) before each test, so the test, the `ip` commands it
runs and the library's sockets all see a namespace with only `lo`; the previous one goes away
with its last reference. That needs CAP_SYS_ADMIN: run as root, or in a user namespace
(`unshare -rn python -m pytest`), as `make test` does for a normal user.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest

# From <linux/sched.h> (os.CLONE_NEWNET exists from Python 3.12 on).
CLONE_NEWNET = 0x40000000

ROOT = Path(__file__).resolve().parents[2]

_libc = ctypes.CDLL(None, use_errno=True)


@pytest.fixture(autouse=True)
def netns() -> None:
    """A fresh network namespace, with lo up and no IPv6 link-local addresses (links that come
    up would otherwise get one, and events about it, at moments no test controls)."""
    if _libc.unshare(CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        pytest.fail(f"unshare(CLONE_NEWNET): {os.strerror(err)}: run as root or under `unshare -rn`")
    # /proc/sys/net is the namespace of the process that opens it: this one, now.
    with open("/proc/sys/net/ipv6/conf/default/addr_gen_mode", "w") as f:
        f.write("1")
    ip("link", "set", "lo", "up")


def other_netns() -> "subprocess.Popen[bytes]":
    """A process (`unshare -n sleep 30`; the caller kills it) in a network namespace of its own,
    returned once it is there: until unshare(1) has made the namespace, the process's
    /proc/PID/ns/net is still the caller's."""
    child = subprocess.Popen(["unshare", "-n", "sleep", "30"])
    ours = os.stat("/proc/self/ns/net").st_ino
    deadline = time.monotonic() + 10
    while os.stat(f"/proc/{child.pid}/ns/net").st_ino == ours:
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            pytest.fail("unshare -n made no namespace in 10 s")
        time.sleep(0.01)
    return child


def ip(*args: str) -> str:
    """Runs `ip ARGS`, fails the test when it fails; returns its output."""
    out = subprocess.run(["ip", *args], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.fail(f"ip {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def ip_json(*args: str) -> List[Any]:
    """`ip -j ARGS`, parsed."""
    text = ip("-j", *args)
    return json.loads(text) if text.strip() else []


def genl_ctrl_list() -> Dict[str, int]:
    """`genl ctrl list` as family name -> id; skips the test when genl is not installed."""
    try:
        out = subprocess.run(["genl", "ctrl", "list"], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("genl is not installed")
    if out.returncode != 0:
        pytest.fail(f"genl ctrl list: {out.stderr.strip()}")
    ids = {}
    name = ""
    for line in out.stdout.splitlines():
        if line.startswith("Name: "):
            name = line.split()[1]
        elif line.strip().startswith("ID: "):
            ids[name] = int(line.split()[1], 16)
    return ids


@pytest.fixture
def veth() -> None:
    """A veth pair v0 (up, 10.9.9.1/24) and v1 (up)."""
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    ip("link", "set", "v0", "up")
    ip("link", "set", "v1", "up")
    ip("addr", "add", "10.9.9.1/24", "dev", "v0")
