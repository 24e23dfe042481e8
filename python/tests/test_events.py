"""Monitor and Mirror: events of changes made with `ip`, through selectors and asyncio."""

import asyncio
import selectors
import time
from typing import Any

import pytest

import nlrs
from conftest import ip


def wait_readable(fileobj, timeout: float = 5.0) -> bool:
    with selectors.DefaultSelector() as sel:
        sel.register(fileobj, selectors.EVENT_READ)
        return bool(sel.select(timeout))


def test_no_link_local_addresses(veth: None) -> None:
    # What the other tests here rely on (conftest.netns): only the addresses they add.
    with nlrs.Socket() as s:
        assert {str(a.address) for a in s.addresses(family=6)} == {"::1/128"}


def test_monitor_with_selectors(veth: None) -> None:
    with nlrs.Monitor(["link", "ipv4_ifaddr"]) as mon:
        assert mon.read() == []
        ip("link", "set", "v0", "mtu", "1280")
        ip("addr", "add", "10.9.6.1/24", "dev", "v0")
        events = []
        while len(events) < 2 and wait_readable(mon):
            events += [e for e in mon.read() if e.kind in ("newlink", "newaddr")]
    link = next(e.obj for e in events if e.kind == "newlink")
    addr = next(e.obj for e in events if e.kind == "newaddr")
    assert isinstance(link, nlrs.Link) and link.name == "v0" and link.mtu == 1280
    assert isinstance(addr, nlrs.Address) and str(addr.address) == "10.9.6.1/24"


def test_monitor_routes_and_iteration(veth: None) -> None:
    with nlrs.Monitor(["ipv4_route"], blocking=True) as mon:
        ip("route", "add", "10.20.0.0/16", "via", "10.9.9.2")
        ev = next(iter(mon))
        assert ev.kind == "newroute" and str(ev.obj.dst) == "10.20.0.0/16"


def test_monitor_overrun_is_an_event(veth: None) -> None:
    with nlrs.Monitor(["link"], rcvbuf=4096) as mon:
        for i in range(200):
            ip("link", "set", "v0", "mtu", str(1300 + i % 2))
        kinds = [e.kind for e in mon.read()]
    assert "overrun" in kinds


def test_mirror_with_asyncio(veth: None) -> None:
    async def run() -> list:
        loop = asyncio.get_running_loop()
        mirror = nlrs.Mirror(links=True, addresses=True)
        names = {o.name for o in mirror if isinstance(o, nlrs.Link)}
        assert names == {"lo", "v0", "v1"}
        got: asyncio.Queue = asyncio.Queue()
        loop.add_reader(mirror.fileno(), lambda: [got.put_nowait(c) for c in mirror.process()])
        try:
            await loop.run_in_executor(None, ip, "link", "add", "m0", "type", "bridge")
            while True:
                c = await asyncio.wait_for(got.get(), 5)
                if c.kind == "add" and isinstance(c.obj, nlrs.Link) and c.obj.name == "m0":
                    break
            assert any(isinstance(o, nlrs.Link) and o.name == "m0" for o in mirror)
            await loop.run_in_executor(None, ip, "link", "del", "m0")
            while True:
                c = await asyncio.wait_for(got.get(), 5)
                if c.kind == "remove" and isinstance(c.obj, nlrs.Link) and c.obj.name == "m0":
                    break
            return [o for o in mirror if isinstance(o, nlrs.Address)]
        finally:
            loop.remove_reader(mirror.fileno())
            mirror.close()

    addrs = asyncio.run(run())
    assert "10.9.9.1/24" in {str(a.address) for a in addrs}


def test_mirror_resync_reports_nothing_when_in_step(veth: None) -> None:
    with nlrs.Mirror(links=True, addresses=False) as mirror:
        n = len(mirror)
        changes = mirror.resync()
        assert [c.kind for c in changes] == ["resync"]
        assert mirror.resyncs == 1 and len(mirror) == n == 3


def test_mirror_lookups(veth: None) -> None:
    ip("route", "add", "10.30.0.0/16", "via", "10.9.9.2", "table", "100", "metric", "5")
    ip("route", "append", "10.30.0.0/16", "via", "10.9.9.3", "table", "100", "metric", "5")
    ip("route", "add", "10.30.1.0/24", "via", "10.9.9.4", "table", "100")
    ip("neigh", "add", "10.9.9.7", "lladdr", "02:00:00:00:00:07", "dev", "v0")
    with nlrs.Mirror(links=True, addresses=True, routes=True, neighbours=True) as m:
        v0 = m.link("v0")
        assert v0 is not None and v0.name == "v0" and m.link(v0.ifindex) == v0
        assert m.link("nope") is None
        a = m.address("v0", "10.9.9.1")
        assert a is not None and str(a.address) == "10.9.9.1/24" and m.address(v0.ifindex, "10.9.9.2") is None
        n = m.neighbour("v0", "10.9.9.7")
        assert n is not None and n.lladdr == "02:00:00:00:00:07" and m.neighbour("v0", "10.9.9.8") is None
        # By prefix: of the two appended routes the first, or the one through a gateway.
        r = m.route("10.30.0.0/16", table=100, priority=5)
        assert r is not None and str(r.gateway) == "10.9.9.2"
        r = m.route("10.30.0.0/16", table=100, priority=5, gateway="10.9.9.3")
        assert r is not None and str(r.gateway) == "10.9.9.3"
        assert m.route("10.30.0.0/16", table=100) is None
        # Longest-prefix match, as `ip route get` answers it.
        assert str(m.lookup("10.30.1.9", table=100).gateway) == "10.9.9.4"
        assert str(m.lookup("10.30.2.9", table=100).gateway) == "10.9.9.2"
        assert m.lookup("10.31.0.1", table=100) is None
        assert str(m.lookup("10.9.9.200").dst) == "10.9.9.0/24"  # the main table's


class Interrupt:
    """Wraps a conversion function so that its `n`th call raises KeyboardInterrupt first, as
    a SIGINT arriving while a callback converts an object would."""

    def __init__(self, convert: Any, n: int) -> None:
        self.convert, self.n, self.calls = convert, n, 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return self.convert(*args)


def test_an_exception_in_a_callback_propagates_and_loses_nothing(veth: None, monkeypatch: Any) -> None:
    new = ["10.9.7.1/24", "10.9.7.2/24", "10.9.7.3/24"]
    with nlrs.Mirror() as mirror, nlrs.Monitor(["ipv4_ifaddr"]) as mon:
        for a in new:
            ip("addr", "add", a, "dev", "v0")
        assert wait_readable(mirror) and wait_readable(mon)
        time.sleep(0.2)  # all three queued
        monkeypatch.setattr(nlrs.events, "object_from_c", Interrupt(nlrs.events.object_from_c, 2))
        with pytest.raises(KeyboardInterrupt):
            mirror.process()
        monkeypatch.setattr(mon._decoder, "event", Interrupt(mon._decoder.event, 2))
        with pytest.raises(KeyboardInterrupt):
            mon.read()
        monkeypatch.undo()
        # The next calls hand out every change, the one being converted at the interruption too.
        changes = mirror.process()
        assert [(c.kind, str(c.obj.address)) for c in changes] == [("add", a) for a in new]  # type: ignore[union-attr]
        events = mon.read()
        assert [(e.kind, str(e.obj.address)) for e in events] == [("newaddr", a) for a in new]  # type: ignore[union-attr]
        assert mirror.address("v0", "10.9.7.3") is not None  # the mirror goes on
