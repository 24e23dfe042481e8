"""Notifications: Monitor (events as they come) and Mirror (a table kept in step with the
kernel). Both have `fileno()`: wait for it to be readable with `selectors` or asyncio's
`loop.add_reader()`, then call `read()` / `process()`, which never block."""

from __future__ import annotations

import ctypes
import errno
import ipaddress
import os
import socket
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Union

from . import _abi
from ._lib import checked_int, lib
from .errors import check, error_from_code
from .messages import Message
from .objects import ROUTE_RARE, Address, AddressArg, Link, Neighbour, NetworkArg, Route, ip_to_c, route_from_info
from ._handle import Handle, HandleOwner, c_object, call_with_callback
from .socket import _table, address_from_handle, constant, link_from_handle, neighbour_from_handle, route_extra

AnyObject = Union[Link, Address, Route, Neighbour]


def _names(prefix: str) -> Dict[int, str]:
    """The header's NLRS_<prefix>* constants, value -> lower-case name."""
    return {v: k[len(prefix) + 5 :].lower() for k, v in _abi.CONSTANTS.items() if k.startswith("NLRS_" + prefix)}


_EVENT_KINDS = _names("EVENT_")
_CHANGE_KINDS = _names("CHANGE_")


@dataclass(frozen=True)
class Event:
    """One notification: `kind` is "newlink", "dellink", "newaddr", "deladdr", "newroute",
    "delroute", "newneigh", "delneigh", "other" (then `obj` is the raw Message) or "overrun"
    (events were lost: `obj` is None; re-read what matters with a dump)."""

    kind: str
    obj: Union[AnyObject, Message, None]


@dataclass(frozen=True)
class Change:
    """One change of a Mirror: `kind` is "add", "change", "remove" (with the object as it is
    now, or as it was last) or "resync" (`obj` None: events were lost and the table was
    re-dumped; the differences came as changes before it)."""

    kind: str
    obj: Optional[AnyObject]


class _Decoder:
    """Reusable C objects to decode notification messages into Python objects."""

    def __init__(self) -> None:
        self.link = c_object("link")
        self.addr = c_object("addr")
        self.neigh = c_object("neigh")
        self.info = _abi.nlrs_route_info()
        self.route = c_object("route")

    def event(self, ev: _abi.nlrs_event) -> Event:
        kind = _EVENT_KINDS.get(ev.kind, "other")
        msg = ev.msg
        obj: Union[AnyObject, Message, None]
        if kind == "overrun":
            obj = None
        elif kind.endswith("link"):
            check(lib.nlrs_link_parse(self.link.ptr, msg))
            obj = link_from_handle(self.link.ptr)
        elif kind.endswith("addr"):
            check(lib.nlrs_addr_parse(self.addr.ptr, msg))
            obj = address_from_handle(self.addr.ptr)
        elif kind.endswith("route"):
            check(lib.nlrs_route_decode(msg, ctypes.byref(self.info)))
            extra = None
            if self.info.has & ROUTE_RARE:
                check(lib.nlrs_route_parse(self.route.ptr, msg))
                extra = route_extra(self.route.ptr)
            obj = route_from_info(self.info, extra)
        elif kind.endswith("neigh"):
            check(lib.nlrs_neigh_parse(self.neigh.ptr, msg))
            obj = neighbour_from_handle(self.neigh.ptr)
        else:
            obj = Message.from_rmsg(msg)
        return Event(kind, obj)


class Monitor(HandleOwner):
    """Notifications of rtnetlink multicast groups, decoded: `Monitor(["link", "ipv4_ifaddr"])`.

    Groups are names of the header's `NLRS_RTNLGRP_*` (lower case) or numbers. Non-blocking
    by default: `read()` returns what is queued now; with `blocking=True`, iterating waits for
    each event. Lost events are the event "overrun", never an exception.
    """

    def __init__(self, groups: Iterable[Union[int, str]] = (), *, blocking: bool = False, rcvbuf: Optional[int] = None) -> None:
        nums = [checked_int(ctypes.c_uint32, constant("RTNLGRP_", g), "group") for g in groups]
        arr = (ctypes.c_uint32 * len(nums))(*nums)
        self._handle = Handle(lib.nlrs_monitor_free, "nlrs.Monitor")
        flags = 0 if blocking else _abi.NLRS_MONITOR_NONBLOCK
        check(lib.nlrs_monitor_new(arr, len(nums), flags, ctypes.byref(self._handle.ptr)))
        if rcvbuf is not None:
            check(lib.nlrs_monitor_set_rcvbuf(self._handle.ptr, rcvbuf))
        self._decoder = _Decoder()
        # Events decoded by a read() that an exception ended: handed out first next time.
        self._pending: List[Event] = []

    _fd_of = lib.nlrs_monitor_fd

    def join(self, group: Union[int, str]) -> None:
        """Joins one more group."""
        self._call(lib.nlrs_monitor_join, constant("RTNLGRP_", group))

    def next(self) -> Optional[Event]:
        """The next event; None when none is queued (non-blocking monitor). A blocking
        monitor's wait ends with the exception of a signal handler that raises (SIGINT's
        KeyboardInterrupt), and goes on after any other handler (PEP 475)."""
        if self._pending:
            return self._pending.pop(0)
        ev = _abi.nlrs_event()
        while True:
            with self._handle as ptr:
                rc = lib.nlrs_monitor_next(ptr, ctypes.byref(ev))
                if rc != -errno.EINTR:
                    if check(rc) == 0:
                        return None
                    return self._decoder.event(ev)
            # A signal handler ran and did not raise: wait on, as Python's own calls do.

    def read(self) -> List[Event]:
        """Every event queued now, without waiting (call it when fileno() is readable)."""
        with self._handle as ptr:
            rc = call_with_callback(
                _abi.nlrs_event_cb, lambda cb: lib.nlrs_monitor_process(ptr, cb, None), self._decoder.event, self._pending
            )
        check(rc)
        events, self._pending = self._pending, []
        return events

    def __iter__(self) -> Iterator[Event]:
        """Events until none is queued (non-blocking), or forever (blocking)."""
        while True:
            ev = self.next()
            if ev is None:
                return
            yield ev


def object_from_c(obj: Any) -> AnyObject:
    """A mirror's nlrs_object as a Link, Address, Route or Neighbour, read from the typed object
    it lends (fields the mirror keeps)."""
    kind = lib.nlrs_object_kind(obj)
    if kind == _abi.NLRS_OBJECT_LINK:
        return link_from_handle(lib.nlrs_object_link(obj))
    if kind == _abi.NLRS_OBJECT_ADDR:
        return address_from_handle(lib.nlrs_object_addr(obj))
    if kind == _abi.NLRS_OBJECT_ROUTE:
        return _route_from_handle(lib.nlrs_object_route(obj))
    if kind == _abi.NLRS_OBJECT_NEIGH:
        return neighbour_from_handle(lib.nlrs_object_neigh(obj))
    raise ValueError(f"unknown mirror object kind {kind}")


def _route_from_handle(route: Any) -> Route:
    """A route object (nlrs_route) as a Route: its nlrs_route_info in one call, and what it
    has of paths, metrics and realms only when it has some."""
    info = _abi.nlrs_route_info()
    check(lib.nlrs_route_to_info(route, ctypes.byref(info)))
    return route_from_info(info, route_extra(route) if info.has & ROUTE_RARE else None)


class Mirror(HandleOwner):
    """A table of links, addresses, routes and neighbours kept in step with the kernel.

    `Mirror(links=True, addresses=True, routes=False, neighbours=False)` subscribes, then
    dumps; `initial` holds what the dump found, as "add" Changes. Iterate it for the objects it
    holds (links by index first, then addresses, routes, neighbours); when `fileno()` is
    readable, `process()` applies what arrived and returns the real differences as Changes. Lost events are recovered by itself (a re-dump, then a
    "resync" change), never an exception.
    """

    def __init__(
        self,
        *,
        links: bool = True,
        addresses: bool = True,
        routes: bool = False,
        neighbours: bool = False,
        rcvbuf: int = 0,
    ) -> None:
        selection = (
            (_abi.NLRS_MIRROR_LINKS if links else 0)
            | (_abi.NLRS_MIRROR_ADDRS if addresses else 0)
            | (_abi.NLRS_MIRROR_ROUTES if routes else 0)
            | (_abi.NLRS_MIRROR_NEIGHS if neighbours else 0)
        )
        self._handle = Handle(lib.nlrs_mirror_free, "nlrs.Mirror")
        # Changes made by a call that an exception ended: handed out first next time.
        self._pending: List[Change] = []
        self.initial: List[Change] = self._changes(
            lambda cb: lib.nlrs_mirror_start(selection, rcvbuf, cb, None, ctypes.byref(self._handle.ptr))
        )
        """The objects the first dump found, as "add" Changes."""

    _fd_of = lib.nlrs_mirror_fd

    def _changes(self, fn: Callable[[Any], int]) -> List[Change]:
        def change(kind: int, obj: Any) -> Change:
            return Change(_CHANGE_KINDS[kind], object_from_c(obj) if obj else None)

        rc = call_with_callback(_abi.nlrs_mirror_cb, fn, change, self._pending)
        if rc < 0:
            raise error_from_code(rc)
        changes, self._pending = self._pending, []
        return changes

    def process(self) -> List[Change]:
        """Applies every event queued now, without waiting; returns the changes."""
        with self._handle as ptr:
            return self._changes(lambda cb: lib.nlrs_mirror_process(ptr, cb, None))

    def resync(self) -> List[Change]:
        """Re-dumps now; returns the differences, then a "resync" change."""
        with self._handle as ptr:
            return self._changes(lambda cb: lib.nlrs_mirror_resync(ptr, cb, None))

    @property
    def resyncs(self) -> int:
        """How many times events were lost and the mirror re-dumped."""
        with self._handle as ptr:
            return int(lib.nlrs_mirror_resyncs(ptr))

    def set_attempts(self, attempts: int) -> None:
        """How many inconsistent re-dumps to try before DumpInterrupted (5 by default)."""
        self._call(lib.nlrs_mirror_set_attempts, attempts)

    def __len__(self) -> int:
        with self._handle as ptr:
            return int(lib.nlrs_mirror_len(ptr))

    # -- lookups: each answered from the mirror's indexes, without a walk or a system call --

    def link(self, link: Union[int, str]) -> Optional[Link]:
        """The link with this index or name (or alternative name), or None."""
        with self._handle as ptr:
            if isinstance(link, int):
                return self._found(lib.nlrs_mirror_link(ptr, link))
            return self._found(lib.nlrs_mirror_link_by_name(ptr, os.fsencode(link)))

    def address(self, link: Union[int, str], address: AddressArg) -> Optional[Address]:
        """The address `address` ("10.0.0.1") on a link (an index, or a name the mirror's
        links or the system know), or None. IPv4 may have one address on a link with several
        prefix lengths: the shortest."""
        a = ip_to_c(address)
        index = self._ifindex(link)
        with self._handle as ptr:
            return self._found(lib.nlrs_mirror_addr(ptr, index, ctypes.byref(a)))

    def neighbour(self, link: Union[int, str], dst: AddressArg) -> Optional[Neighbour]:
        """The ARP or NDP entry for `dst` on a link, or None."""
        a = ip_to_c(dst)
        index = self._ifindex(link)
        with self._handle as ptr:
            return self._found(lib.nlrs_mirror_neigh(ptr, index, ctypes.byref(a)))

    def route(
        self,
        dst: Optional[NetworkArg] = None,
        *,
        table: Union[int, str] = "main",
        tos: int = 0,
        priority: int = 0,
        gateway: Optional[AddressArg] = None,
        family: Union[int, str, None] = None,
    ) -> Optional[Route]:
        """The route to `dst` ("10.1.0.0/16"; None or "default" for the default route of
        `family`, 4 unless it says 6) in `table` with this TOS and priority (metric), or None.
        Of several IPv4 routes appended to one prefix, the one through `gateway`, or the one
        the kernel lists first."""
        if dst in (None, "default"):
            dst = "::/0" if family in (6, "inet6", "ipv6") else "0.0.0.0/0"
        net = ipaddress.ip_network(dst, strict=False)
        d = ip_to_c(net.network_address)
        gw = ctypes.byref(ip_to_c(gateway)) if gateway is not None else None
        with self._handle as ptr:
            found = lib.nlrs_mirror_route(ptr, _table(table), ctypes.byref(d), net.prefixlen, tos, priority, gw)
            return self._found(found)

    def lookup(self, address: AddressArg, table: Union[int, str] = "main") -> Optional[Route]:
        """The route the kernel's lookup of `address` in `table` alone gives (the longest
        prefix holding it; of its routes, the lowest priority), or None: `ip route get`
        without rules."""
        a = ip_to_c(address)
        with self._handle as ptr:
            return self._found(lib.nlrs_mirror_route_lookup(ptr, _table(table), ctypes.byref(a)))

    def _found(self, obj: Any) -> Any:
        # Copied at once, with the mirror still taken: the C object is lent only until the
        # next call on the mirror.
        return object_from_c(obj) if obj else None

    def _ifindex(self, link: Union[int, str]) -> int:
        if isinstance(link, int):
            return link
        known = self.link(link)
        return known.ifindex if known is not None else socket.if_nametoindex(link)

    def __iter__(self) -> Iterator[AnyObject]:
        """The objects, copied at once (the mirror may change while the caller iterates)."""
        objs = []
        with self._handle as ptr:
            o = lib.nlrs_mirror_first(ptr)
            while o:
                objs.append(object_from_c(o))
                o = lib.nlrs_mirror_next(ptr, o)
        return iter(objs)
