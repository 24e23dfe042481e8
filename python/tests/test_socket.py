"""The socket itself: namespaces, notifications and their overrun, the error classes."""

import errno
import os
import subprocess
import time

import pytest

import nlrs
from conftest import ip


def test_socket_in_another_namespace() -> None:
    child = subprocess.Popen(["unshare", "-n", "sh", "-c", "ip link add z0 type bridge && exec sleep 30"])
    try:
        path = f"/proc/{child.pid}/ns/net"
        deadline = time.monotonic() + 10
        names: set = set()
        while "z0" not in names and time.monotonic() < deadline:
            time.sleep(0.05)
            with nlrs.Socket(netns=path) as s:
                names = {link.name for link in s.links()}
        assert names == {"lo", "z0"}
        fd = os.open(path, os.O_RDONLY)
        try:
            with nlrs.Socket(netns=fd) as s:
                assert {link.name for link in s.links()} == {"lo", "z0"}
        finally:
            os.close(fd)
    finally:
        child.kill()
        child.wait()
    with nlrs.Socket() as s:  # and this namespace is untouched
        assert [link.name for link in s.links()] == ["lo"]


def test_notifications_and_overrun(veth: None) -> None:
    with nlrs.Socket() as s:
        s.join_group("link")
        s.set_rcvbuf(4096)
        for i in range(200):
            ip("link", "set", "v0", "mtu", str(1300 + i % 2))
        with pytest.raises(nlrs.Overrun) as info:
            while True:
                s.recv()
        assert info.value.errno == errno.ENOBUFS
        ip("link", "set", "v0", "mtu", "1400")
        msgs = s.recv()  # the socket goes on after the overrun
        assert msgs and all(m.type == nlrs.abi.NLRS_RTM_NEWLINK for m in msgs)


def test_error_classes() -> None:
    from nlrs.errors import error_from_code

    timeout = error_from_code(-nlrs.abi.NLRS_E_TIMEOUT)
    assert isinstance(timeout, nlrs.Timeout) and isinstance(timeout, TimeoutError)
    assert isinstance(timeout, nlrs.NetlinkError) and timeout.errno == nlrs.abi.NLRS_E_TIMEOUT
    intr = error_from_code(-nlrs.abi.NLRS_E_DUMP_INTR)
    assert isinstance(intr, nlrs.DumpInterrupted) and "interrupted" in str(intr).lower()
    assert isinstance(error_from_code(-errno.ENOBUFS), nlrs.Overrun)
    assert type(error_from_code(-errno.EPERM)) is nlrs.NetlinkError


def test_timeout_setting_and_unknown_protocol() -> None:
    with nlrs.Socket(timeout=0.5) as s:
        s.set_timeout(0)
        assert [link.name for link in s.links()] == ["lo"]
    with pytest.raises(ValueError):
        nlrs.Socket("no-such-protocol")
