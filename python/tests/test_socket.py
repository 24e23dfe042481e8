"""The socket itself: namespaces, notifications and their overrun, the error classes."""

import contextlib
import errno
import os
import select
import signal
import socket
import subprocess
import threading
import time
from typing import Any, Iterator, List

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


def test_error_classes_would_block() -> None:
    from nlrs.errors import error_from_code

    again = error_from_code(-errno.EAGAIN)
    assert isinstance(again, nlrs.WouldBlock) and isinstance(again, BlockingIOError)
    assert again.errno == errno.EAGAIN


def test_rcvbuf_reads_back_as_getsockopt_shows() -> None:
    with nlrs.Socket() as s:
        s.set_rcvbuf(123456)
        # The oracle: SO_RCVBUF read on a duplicate of the socket's descriptor.
        with socket.socket(fileno=os.dup(s.fileno())) as raw:
            kernel = raw.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        assert s.rcvbuf == kernel == 2 * 123456  # the kernel doubles it for its bookkeeping
        s.set_rcvbuf(200000)
        assert s.rcvbuf == 400000


def test_nonblocking_recv_raises_would_block(veth: None) -> None:
    with nlrs.Socket() as s:
        s.join_group("link")
        s.set_nonblocking()
        # Should recv() wait after all, a change 2 s in ends the wait (and the test) with
        # messages instead of the exception.
        guard = later(2, "link", "set", "v1", "mtu", "1300")
        try:
            with pytest.raises(BlockingIOError) as info:  # nothing queued yet
                s.recv()
        finally:
            guard.cancel()
        assert isinstance(info.value, nlrs.WouldBlock) and info.value.errno == errno.EAGAIN
        ip("link", "set", "v0", "mtu", "1400")
        assert select.select([s], [], [], 5)[0] == [s]
        assert [m.type for m in s.recv()] == [nlrs.abi.NLRS_RTM_NEWLINK]
        with pytest.raises(nlrs.WouldBlock):  # drained
            s.recv()
        # Blocking again: recv() waits for the next notification.
        s.set_nonblocking(False)
        timer = later(0.2, "link", "set", "v0", "mtu", "1450")
        try:
            assert [m.type for m in s.recv()] == [nlrs.abi.NLRS_RTM_NEWLINK]
        finally:
            timer.cancel()


def test_timeout_setting_and_unknown_protocol() -> None:
    with nlrs.Socket(timeout=0.5) as s:
        s.set_timeout(0)
        assert [link.name for link in s.links()] == ["lo"]
    with pytest.raises(ValueError):
        nlrs.Socket("no-such-protocol")


@contextlib.contextmanager
def signal_during(signum: int, handler: Any, after: float) -> Iterator[List[int]]:
    """`handler` for `signum` (None: the default one), and the signal sent to this process
    `after` seconds in; yields the list of signals the handler saw."""
    seen: List[int] = []
    old = signal.signal(signum, handler or (lambda n, _: seen.append(n)))
    timer = threading.Timer(after, os.kill, (os.getpid(), signum))
    timer.start()
    try:
        yield seen
    finally:
        timer.cancel()
        signal.signal(signum, old)


def later(seconds: float, *args: str) -> threading.Timer:
    timer = threading.Timer(seconds, ip, args)
    timer.start()
    return timer


def test_a_signal_whose_handler_returns_does_not_end_a_wait(veth: None) -> None:
    # Python's own calls wait on after such a signal (PEP 475); the C API returns EINTR.
    with nlrs.Socket(timeout=0) as s:
        s.join_group("link")
        with signal_during(signal.SIGALRM, None, 0.2) as seen:
            change = later(0.8, "link", "set", "v0", "mtu", "1400")
            msgs = s.recv()
            change.join()
        assert seen == [signal.SIGALRM]
        assert msgs and all(m.type == nlrs.abi.NLRS_RTM_NEWLINK for m in msgs)
    with nlrs.Monitor(["link"], blocking=True) as m:
        with signal_during(signal.SIGALRM, None, 0.2) as seen:
            change = later(0.8, "link", "set", "v0", "mtu", "1300")
            event = m.next()
            change.join()
        assert seen == [signal.SIGALRM]
        assert event is not None and event.kind == "newlink"


def test_keyboard_interrupt_ends_a_wait_and_the_socket_goes_on(veth: None) -> None:
    with nlrs.Socket(timeout=0) as s:
        s.join_group("link")
        with signal_during(signal.SIGINT, signal.default_int_handler, 0.2):
            with pytest.raises(KeyboardInterrupt):
                s.recv()
        ip("link", "set", "v0", "mtu", "1400")
        assert all(m.type == nlrs.abi.NLRS_RTM_NEWLINK for m in s.recv())
        assert [link.name for link in s.links()] == ["lo", "v1", "v0"]


def test_leave_group_stops_notifications(veth: None) -> None:
    with nlrs.Socket() as s:
        s.join_group("link")
        ip("link", "set", "v0", "mtu", "1400")
        assert select.select([s], [], [], 5)[0] and s.recv()
        while select.select([s], [], [], 0.2)[0]:  # whatever else that change sent
            s.recv()
        s.leave_group("link")
        ip("link", "set", "v0", "mtu", "1300")
        assert select.select([s], [], [], 0.5)[0] == []  # recv() would wait forever
