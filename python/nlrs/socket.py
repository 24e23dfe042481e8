"""nlrs.Socket: a netlink socket with rtnetlink and generic netlink calls."""

from __future__ import annotations

import ctypes
import errno
import ipaddress
import math
import os
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Set, Tuple, TypeVar, Union

from . import _abi
from ._lib import checked_struct, lib
from .errors import NetlinkError, check, error_from_code, error_from_socket
from ._handle import Handle, HandleOwner, c_object
from .genl import GenlFamily, family_from_handle
from .messages import Message, Request
from .objects import (
    Address,
    AddressArg,
    InterfaceArg,
    IPAddress,
    NetworkArg,
    Link,
    LinkStats,
    Neighbour,
    Route,
    RouteExtra,
    RoutePath,
    ROUTE_HAS,
    ROUTE_INFO,
    ROUTE_RARE,
    ip_from_c,
    ip_to_c,
    mac_text,
    name_text,
    route_from_info,
)

T = TypeVar("T")

LinkRef = Union[int, str]
"""A link by index (int) or by name (str)."""

# How many items of a dump are read at a time, with the socket taken once.
_BATCH = 64

# "create", "replace", "upsert", "append": the header's NLRS_MODE_* names.
_MODES = tuple(k[len("NLRS_MODE_") :].lower() for k in _abi.CONSTANTS if k.startswith("NLRS_MODE_"))


def constant(prefix: str, value: Union[int, str]) -> int:
    """`value` itself, or the header's constant `NLRS_<prefix><VALUE>` for a name."""
    if isinstance(value, int):
        return value
    try:
        return _abi.CONSTANTS[f"NLRS_{prefix}{value.upper()}"]
    except KeyError:
        raise ValueError(f"unknown {prefix.lower().rstrip('_')} {value!r}") from None


def _bits(prefix: str, value: Union[int, str, Iterable[Union[int, str]]]) -> int:
    """Flags: a number, a name of `NLRS_<prefix>*` ("onlink"), or several of either."""
    if isinstance(value, (int, str)):
        return constant(prefix, value)
    bits = 0
    for v in value:
        bits |= constant(prefix, v)
    return bits


def _mode(mode: str) -> int:
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
    return constant("MODE_", mode)


def _family(value: Union[int, str, None]) -> int:
    """4, 6, "inet", "inet6" or an NLRS_AF_* value; None for both."""
    if value is None:
        return _abi.NLRS_AF_UNSPEC
    if value in (4, 6):
        return _abi.NLRS_AF_INET if value == 4 else _abi.NLRS_AF_INET6
    return constant("AF_", value)


class Socket(HandleOwner):
    """A netlink socket (nlrs_socket): `with nlrs.Socket() as s: ...`.

    `protocol` is a name (`"route"`, the default, `"generic"`, ...) or an `NLRS_PROTO_*`
    value. `netns` opens the socket in another network namespace (a path such as
    `/run/netns/NAME`, or an open file descriptor). `timeout` is how long a request waits for
    each answer, in seconds (0: forever; None keeps the library's default, 5 s).

    Dumps (`links()`, `addresses()`, `routes()`, `neighbours()`, `dump()`) are generators that
    stream: memory stays bounded however large the table (a dump reads up to 64 items
    ahead). One dump runs at a time per socket: any other call on the socket ends a dump still
    being read, which yields what it had read ahead, then raises NetlinkError
    (`NLRS_E_CONSUMED`). A dump whose table changed while it was read raises DumpInterrupted
    after its last item.

    Signals: on a socket without a timeout, a wait ends with the exception a signal handler
    raises (SIGINT's KeyboardInterrupt) and goes on after a handler that returns, as Python's
    own calls do (PEP 475); but a request so interrupted raises NetlinkError EINTR, as the
    kernel may have carried it out: it is not sent again. With a timeout, the library waits on.

    A socket may be used from any thread, one call at a time: a call made while another
    thread's call has the socket raises NetlinkError EBUSY (use a socket per thread, or a
    lock); `close()` then frees it when that call returns.
    """

    def __init__(
        self,
        protocol: Union[int, str] = "route",
        *,
        netns: Union[str, int, None] = None,
        timeout: Optional[float] = None,
    ) -> None:
        self._handle = Handle(lib.nlrs_socket_free, "nlrs.Socket")
        # The dumps not yet freed: the C API wants a socket to outlive its dumps.
        self._dumps: Set[Handle] = set()
        proto = constant("PROTO_", protocol)
        out = ctypes.byref(self._handle.ptr)
        if netns is None:
            check(lib.nlrs_socket_open(proto, 0, out))
        elif isinstance(netns, int):
            check(lib.nlrs_socket_open_netns_fd(netns, proto, 0, out))
        else:
            check(lib.nlrs_socket_open_netns(os.fsencode(netns), proto, 0, out))
        if timeout is not None:
            self.set_timeout(timeout)

    # -- the socket itself ------------------------------------------------------------------

    _fd_of = lib.nlrs_socket_fd

    def close(self) -> None:
        """Frees the socket, and first every dump still open on it. Idempotent. A call in
        progress in another thread keeps them until it returns."""
        for d in list(self._dumps):
            d.close()
        super().close()

    def _error(self, ptr: Any, code: int) -> NetlinkError:
        return error_from_socket(ptr, code)

    @property
    def port_id(self) -> int:
        """The port id the kernel gave the socket."""
        with self._handle as ptr:
            return int(lib.nlrs_socket_port_id(ptr))

    def set_timeout(self, seconds: float) -> None:
        """How long a request or dump waits for each answer, then raises Timeout; 0 waits
        forever. ValueError for a negative, infinite or NaN time."""
        if not 0 <= seconds < math.inf:
            raise ValueError(f"timeout: a number of seconds from 0 on, not {seconds!r}")
        ms = 0 if seconds == 0 else max(1, round(seconds * 1000))
        self._call(lib.nlrs_socket_set_timeout_ms, ms)

    def set_rcvbuf(self, size: int) -> None:
        """Sets the receive buffer size in bytes (`SO_RCVBUFFORCE` when the process may, else
        `SO_RCVBUF`, which `net.core.rmem_max` caps); `rcvbuf` reads back what the kernel made
        of it."""
        self._call(lib.nlrs_socket_set_rcvbuf, size)

    @property
    def rcvbuf(self) -> int:
        """The receive buffer size in bytes as the kernel reports it (`SO_RCVBUF`, what `ss -m`
        shows as `rb`): twice what `set_rcvbuf()` set, the kernel's bookkeeping included."""
        out = ctypes.c_size_t()
        self._call(lib.nlrs_socket_rcvbuf, ctypes.byref(out))
        return out.value

    def set_nonblocking(self, on: bool = True) -> None:
        """Switches non-blocking mode on (or off, `on=False`): then every call that would wait
        for the kernel (`recv()`, a request, a dump's next items, `batch()`) raises WouldBlock
        (a BlockingIOError, EAGAIN) instead. Wait for `fileno()` to be readable and call again.
        Meant for notification sockets in an event loop."""
        self._call(lib.nlrs_socket_set_nonblocking, on)

    @property
    def warning(self) -> Optional[str]:
        """The warning the kernel attached to the last successful request, or None."""
        with self._handle as ptr:
            w = lib.nlrs_socket_warning(ptr)
        return w.decode(errors="replace") if w is not None else None

    # -- dumps ------------------------------------------------------------------------------

    def _stream(self, start: Callable[..., int], args: Tuple[Any, ...], fill: Callable[[Any, List[T]], int]) -> Iterator[T]:
        """A dump as a generator: `start(socket, *args, &dump)` sends it at the first `next()`;
        `fill(dump, items)` (see `_filler()`) reads the next items into `items` with the socket
        taken, so that each is copied before any other call (from another thread too) could
        replace what the C call lends. The items are yielded after, none once the socket is
        closed."""
        d = Handle(lib.nlrs_dump_free, "nlrs_dump")
        self._call(start, *args, ctypes.byref(d.ptr))
        self._dumps.add(d)
        # Socket.close() frees the dump first; a step takes both, so that a close from another
        # thread waits for the step in progress (and frees the dump, then the socket).
        handle = self._handle
        items: List[T] = []
        i, rc, error = 0, 1, None
        try:
            while True:
                if not d.ptr:
                    raise NetlinkError(-_abi.NLRS_E_CONSUMED, "the socket was closed during the dump")
                if i < len(items):
                    i += 1
                    yield items[i - 1]
                elif rc != 1:
                    if error is not None:
                        raise error
                    return
                else:
                    items, i = [], 0
                    with handle as ptr, d as dump:
                        rc = fill(dump, items)
                        if rc == -errno.EINTR:
                            rc = 1  # a signal handler ran and did not raise: the dump goes on
                        error = error_from_socket(ptr, rc) if rc < 0 else None
        finally:
            d.close()
            self._dumps.discard(d)

    @staticmethod
    def _filler(next_item: Callable[[Any, Any], int], out: Any, make: Callable[[Any], T]) -> Callable[[Any, List[T]], int]:
        """A `_stream()` fill: `next_item(dump, &out)` (nlrs_dump_next(), ...) as long as it
        gives an item (1), `make(out)` of each, up to _BATCH of them (one lock a batch, not an
        item: the cost per route of a large dump is what routes() is for). Returns the last
        code: 1 when there may be more, 0 at the end, negative for an error."""
        ref = ctypes.byref(out)

        def fill(dump: Any, items: List[T]) -> int:
            add = items.append
            for _ in range(_BATCH):
                rc = next_item(dump, ref)
                if rc != 1:
                    return rc
                add(make(out))
            return 1

        return fill

    def _parsed_dump(self, kind: str, start: Callable[..., int], args: Tuple[Any, ...], convert: Callable[[Any], T]) -> Iterator[T]:
        """A dump whose messages are parsed into one reused `nlrs_<kind>` object, each then
        converted to a Python object."""
        obj = c_object(kind)
        parse = getattr(lib, f"nlrs_{kind}_parse")

        def parsed(msg: Any) -> T:
            check(parse(obj.ptr, msg))
            return convert(obj.ptr)

        return self._stream(start, args, self._filler(lib.nlrs_dump_next, _abi.nlrs_rmsg(), parsed))

    def dump(self, request: Request) -> Iterator[Message]:
        """Sends `request` as a dump (NLM_F_DUMP added) and yields each answer, copied."""

        def start(sock: Any, out: Any) -> int:
            with request._handle as req:
                return int(lib.nlrs_socket_dump(sock, req, out))

        return self._stream(start, (), self._filler(lib.nlrs_dump_next, _abi.nlrs_rmsg(), Message.from_rmsg))

    def request(self, request: Request) -> List[Message]:
        """Sends `request`, waits for its ACK; returns the answers that came before it."""
        out = Handle(lib.nlrs_replies_free, "nlrs_replies")
        with request._handle as req:
            self._call(lib.nlrs_socket_request, req, ctypes.byref(out.ptr))
        try:
            msg = _abi.nlrs_rmsg()
            replies = []
            for i in range(lib.nlrs_replies_len(out.ptr)):
                check(lib.nlrs_replies_get(out.ptr, i, ctypes.byref(msg)))
                replies.append(Message.from_rmsg(msg))
            return replies
        finally:
            out.close()

    def batch(self, requests: Iterable[Request]) -> List[Optional[NetlinkError]]:
        """Sends `requests` together (`ip -batch`; nlrs_socket_batch()): in as few datagrams
        as the kernel takes, each with NLM_F_ACK and a sequence number of its own, and waits
        for every ACK. They run in order; one failing does not stop the others.

        Returns a result per request, in order: None when the kernel acknowledged it, else its
        NetlinkError (`errno`, and the kernel's text in `kernel_message`). A failure of the
        socket itself (Timeout, WouldBlock, ...) raises, and then no result is known. (A
        warning the kernel attached to a success is not kept.)"""
        b = Handle(lib.nlrs_batch_free, "nlrs_batch")
        check(lib.nlrs_batch_new(ctypes.byref(b.ptr)))
        try:
            for request in requests:
                with request._handle as req:
                    check(lib.nlrs_batch_add(b.ptr, req))
            self._call(lib.nlrs_socket_batch, b.ptr)
            results: List[Optional[NetlinkError]] = []
            for i in range(lib.nlrs_batch_len(b.ptr)):
                code = lib.nlrs_batch_result(b.ptr, i)
                text = lib.nlrs_batch_result_msg(b.ptr, i)
                results.append(None if code == 0 else error_from_code(code, None if text is None else text.decode(errors="replace")))
            return results
        finally:
            b.close()

    # -- links ------------------------------------------------------------------------------

    def links(self) -> Iterator[Link]:
        """Every link, in the kernel's order (a streaming dump)."""
        return self._parsed_dump("link", lib.nlrs_link_dump, (), link_from_handle)

    def link(self, link: LinkRef) -> Link:
        """One link, by index or name (NetlinkError ENODEV when there is none)."""
        obj = c_object("link")
        if isinstance(link, int):
            self._call(lib.nlrs_link_get, link, obj.ptr)
        else:
            self._call(lib.nlrs_link_get_by_name, os.fsencode(link), obj.ptr)
        return link_from_handle(obj.ptr)

    def ifindex(self, link: LinkRef) -> int:
        """The index of a link given by name (an index is returned as it is)."""
        return link if isinstance(link, int) else self.link(link).ifindex

    def set_link(
        self,
        link: LinkRef,
        *,
        mtu: Optional[int] = None,
        up: Optional[bool] = None,
        name: Optional[str] = None,
        address: Union[str, bytes, None] = None,
        txqlen: Optional[int] = None,
        master: Optional[LinkRef] = None,
        alias: Optional[str] = None,
        netns: Union[str, int, None] = None,
    ) -> None:
        """Changes a link: only what is given. `master=0` releases it from its master;
        `alias=""` clears the alias; `netns` moves it to another network namespace (a path
        such as `/run/netns/NAME` or `/proc/PID/ns/net`, or an open descriptor of one, as
        `Socket(netns=)` takes it: `ip link set X netns NAME`)."""
        index = self.ifindex(link)
        change = Handle(lib.nlrs_link_change_free, "nlrs_link_change")
        check(lib.nlrs_link_change_new(ctypes.byref(change.ptr)))
        if mtu is not None:
            check(lib.nlrs_link_change_set_mtu(change.ptr, mtu))
        if up is not None:
            check(lib.nlrs_link_change_set_up(change.ptr, up))
        if name is not None:
            check(lib.nlrs_link_change_set_name(change.ptr, os.fsencode(name)))
        if address is not None:
            raw = _hwaddr(address)
            check(lib.nlrs_link_change_set_address(change.ptr, raw, len(raw)))
        if txqlen is not None:
            check(lib.nlrs_link_change_set_txqlen(change.ptr, txqlen))
        if master is not None:
            check(lib.nlrs_link_change_set_master(change.ptr, self.ifindex(master)))
        if alias is not None:
            check(lib.nlrs_link_change_set_alias(change.ptr, os.fsencode(alias)))
        # The descriptor of a path is ours: open until the change is applied.
        opened = os.open(netns, os.O_RDONLY | os.O_CLOEXEC) if isinstance(netns, str) else None
        try:
            if netns is not None:
                check(lib.nlrs_link_change_set_netns_fd(change.ptr, netns if opened is None else opened))
            self._call(lib.nlrs_link_change_apply, index, change.ptr)
        finally:
            if opened is not None:
                os.close(opened)

    def add_altname(self, link: LinkRef, name: str) -> None:
        """Gives a link an alternative name (`ip link property add dev X altname NAME`)."""
        self._call(lib.nlrs_link_add_altname, self.ifindex(link), os.fsencode(name))

    def delete_altname(self, link: LinkRef, name: str) -> None:
        """Takes an alternative name from a link (NetlinkError ENOENT when it has none such)."""
        self._call(lib.nlrs_link_delete_altname, self.ifindex(link), os.fsencode(name))

    def add_veth(self, name: str, peer: str) -> None:
        """Creates a veth pair `name` and `peer`, both down."""
        self._call(lib.nlrs_link_create_veth, os.fsencode(name), os.fsencode(peer))

    def add_bridge(self, name: str) -> None:
        """Creates a bridge, down."""
        self._call(lib.nlrs_link_create_bridge, os.fsencode(name))

    def add_ifb(self, name: str) -> None:
        """Creates an ifb device, down."""
        self._call(lib.nlrs_link_create_ifb, os.fsencode(name))

    def add_dummy(self, name: str) -> None:
        """Creates a dummy device, down."""
        self._call(lib.nlrs_link_create_dummy, os.fsencode(name))

    def add_vlan(self, name: str, parent: LinkRef, id: int, protocol: Union[int, str] = "802.1Q") -> None:
        """Creates a VLAN device on `parent`, down (`ip link add link PARENT name NAME type vlan
        id ID protocol PROTOCOL`): `protocol` "802.1Q", "802.1ad" or an NLRS_ETH_P_* number."""
        proto = _choice(_VLAN_PROTOCOLS, protocol, "VLAN protocol")
        self._call(lib.nlrs_link_create_vlan, os.fsencode(name), self.ifindex(parent), id, proto)

    def add_vrf(self, name: str, table: int) -> None:
        """Creates a VRF device bound to routing table `table`, down."""
        self._call(lib.nlrs_link_create_vrf, os.fsencode(name), table)

    def add_bond(self, name: str, mode: Union[int, str] = "balance-rr") -> None:
        """Creates a bond, down: `mode` as `ip link add NAME type bond mode MODE` takes it
        ("active-backup", "802.3ad", ...) or an NLRS_BOND_MODE_* number."""
        number = _choice(_BOND_MODES, mode, "bond mode")
        self._call(lib.nlrs_link_create_bond, os.fsencode(name), number)

    def add_ipvlan(self, name: str, parent: LinkRef, mode: Union[int, str] = "l3") -> None:
        """Creates an ipvlan on `parent`, down: `mode` "l2", "l3", "l3s" or an
        NLRS_IPVLAN_MODE_* number."""
        number = _choice(_IPVLAN_MODES, mode, "ipvlan mode")
        self._call(lib.nlrs_link_create_ipvlan, os.fsencode(name), self.ifindex(parent), number)

    def add_macvlan(self, name: str, parent: LinkRef, mode: Union[int, str] = "vepa") -> None:
        """Creates a macvlan on `parent`, down: `mode` "private", "vepa" (the kernel's default,
        as `ip`'s), "bridge", "passthru", "source" or an NLRS_MACVLAN_MODE_* number."""
        self._call(lib.nlrs_link_create_macvlan, os.fsencode(name), self.ifindex(parent), constant("MACVLAN_MODE_", mode))

    def add_vxlan(
        self,
        name: str,
        id: int,
        *,
        port: int = 0,
        parent: Optional[LinkRef] = None,
        local: Optional[AddressArg] = None,
        remote: Optional[AddressArg] = None,
        group: Optional[AddressArg] = None,
    ) -> None:
        """Creates a VXLAN device, down (`ip link add NAME type vxlan id ID dstport PORT dev
        PARENT local ADDR remote ADDR | group ADDR`): `port` 0 leaves the kernel's default
        (8472, as `ip` without `dstport`; 4789 is IANA's)."""
        vxlan = checked_struct(
            _abi.nlrs_vxlan,
            id=id,
            parent=0 if parent is None else self.ifindex(parent),
            port=port,
            local=ip_to_c(local),
            remote=ip_to_c(remote),
            group=ip_to_c(group),
        )
        self._call(lib.nlrs_link_create_vxlan, os.fsencode(name), ctypes.byref(vxlan))

    def delete_link(self, link: LinkRef) -> None:
        """Deletes a link (a veth's peer goes with it)."""
        self._call(lib.nlrs_link_delete, self.ifindex(link))

    # -- addresses --------------------------------------------------------------------------

    def addresses(self, link: Optional[LinkRef] = None, family: Union[int, str, None] = None) -> Iterator[Address]:
        """Every address (of one link, of one family: 4 or 6), as a streaming dump."""
        index = 0 if link is None else self.ifindex(link)
        return self._parsed_dump("addr", lib.nlrs_addr_dump, (_family(family), index), address_from_handle)

    def _addr_spec(self, link: LinkRef, address: InterfaceArg) -> Handle:
        iface = ipaddress.ip_interface(address)
        spec = Handle(lib.nlrs_addr_spec_free, "nlrs_addr_spec")
        ip = ip_to_c(iface.ip)
        check(lib.nlrs_addr_spec_new(self.ifindex(link), ctypes.byref(ip), iface.network.prefixlen, ctypes.byref(spec.ptr)))
        return spec

    def add_address(
        self,
        link: LinkRef,
        address: InterfaceArg,
        *,
        peer: Optional[AddressArg] = None,
        broadcast: Optional[AddressArg] = None,
        label: Optional[str] = None,
        scope: Union[int, str, None] = None,
        flags: int = 0,
        valid_lft: Optional[int] = None,
        preferred_lft: Optional[int] = None,
        mode: str = "create",
    ) -> None:
        """Adds `address` ("10.0.0.1/24", "2001:db8::1/64") to a link.

        `mode`: "create" (NetlinkError EEXIST when present), "replace" or "upsert"
        (`ip addr replace`). Lifetimes in seconds; None is forever.
        """
        spec = self._addr_spec(link, address)
        if peer is not None:
            check(lib.nlrs_addr_spec_set_peer(spec.ptr, ctypes.byref(ip_to_c(peer))))
        if broadcast is not None:
            check(lib.nlrs_addr_spec_set_broadcast(spec.ptr, ctypes.byref(ip_to_c(broadcast))))
        if label is not None:
            check(lib.nlrs_addr_spec_set_label(spec.ptr, label.encode()))
        if scope is not None:
            check(lib.nlrs_addr_spec_set_scope(spec.ptr, _scope(scope)))
        if flags:
            check(lib.nlrs_addr_spec_set_flags(spec.ptr, flags))
        if valid_lft is not None or preferred_lft is not None:
            forever = _abi.NLRS_ADDR_LIFETIME_FOREVER
            valid = forever if valid_lft is None else valid_lft
            check(lib.nlrs_addr_spec_set_lifetimes(spec.ptr, valid, valid if preferred_lft is None else preferred_lft))
        self._call(lib.nlrs_addr_add, spec.ptr, _mode(mode))

    def delete_address(self, link: LinkRef, address: InterfaceArg) -> None:
        """Deletes `address` ("10.0.0.1/24") from a link (EADDRNOTAVAIL when absent)."""
        spec = self._addr_spec(link, address)
        self._call(lib.nlrs_addr_delete, spec.ptr)

    # -- routes -----------------------------------------------------------------------------

    def routes(
        self,
        table: Union[int, str, None] = None,
        *,
        family: Union[int, str, None] = None,
        protocol: Union[int, str, None] = None,
        type: Union[int, str, None] = None,
        oif: Optional[LinkRef] = None,
    ) -> Iterator[Route]:
        """The routes the filter selects (every field given must match; the kernel filters),
        as a streaming dump decoded in the library, one call per route: the fast way through
        a large table."""
        flt = checked_struct(
            _abi.nlrs_route_filter,
            family=_family(family),
            protocol=0 if protocol is None else _protocol(protocol),
            type=0 if type is None else _rtype(type),
            table=0 if table is None else _table(table),
            oif=0 if oif is None else self.ifindex(oif),
        )
        unpack = ROUTE_INFO.unpack_from
        new = tuple.__new__
        # The few routes with paths, metrics or realms are parsed again, whole, from their
        # message (nlrs_dump_msg() of the dump the batch reads, noted once a batch); the
        # others cost one test more than the bare tuple.
        obj = c_object("route")
        msg = _abi.nlrs_rmsg()
        has, rare = ROUTE_HAS, ROUTE_RARE  # locals: read per route
        reading: List[Any] = [None]

        def make(info: Any) -> Route:
            fields = unpack(info)
            if not fields[has] & rare:
                return new(Route, fields)
            check(lib.nlrs_dump_msg(reading[0], ctypes.byref(msg)))
            check(lib.nlrs_route_parse(obj.ptr, msg))
            return new(Route, fields + (route_extra(obj.ptr),))

        fill_batch = self._filler(lib.nlrs_route_dump_next, _abi.nlrs_route_info(), make)

        def fill(dump: Any, items: List[Route]) -> int:
            reading[0] = dump
            return fill_batch(dump, items)

        return self._stream(lib.nlrs_route_dump, (ctypes.byref(flt),), fill)

    def route_get(self, to: AddressArg) -> Route:
        """The route the kernel would use to reach `to` (`ip route get`)."""
        obj = c_object("route")
        self._call(lib.nlrs_route_get, ctypes.byref(ip_to_c(to)), obj.ptr)
        info = _abi.nlrs_route_info()
        check(lib.nlrs_route_decode(lib.nlrs_route_msg(obj.ptr), ctypes.byref(info)))
        return route_from_info(info, route_extra(obj.ptr))

    def _route_spec(
        self,
        dst: Optional[NetworkArg] = None,
        *,
        gateway: Optional[AddressArg] = None,
        oif: Optional[LinkRef] = None,
        table: Union[int, str, None] = None,
        priority: Optional[int] = None,
        scope: Union[int, str, None] = None,
        protocol: Union[int, str, None] = None,
        type: Union[int, str, None] = None,
        prefsrc: Optional[AddressArg] = None,
        family: Union[int, str, None] = None,
        nh_id: Optional[int] = None,
        src: Optional[NetworkArg] = None,
        tos: Optional[int] = None,
        flags: Union[int, str, Iterable[str], None] = None,
        metrics: Optional[Mapping[str, Union[int, str]]] = None,
        flow: Optional[int] = None,
        pref: Union[int, str, None] = None,
        expires: Optional[int] = None,
        multipath: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> Handle:
        """The nlrs_route_spec of add_route() and delete_route()'s arguments."""
        net = None if dst in (None, "default") else ipaddress.ip_network(dst)
        from_net = None if src is None else ipaddress.ip_network(src)
        fam = _family(family)
        for ip in (net, from_net, gateway and ipaddress.ip_address(gateway), prefsrc and ipaddress.ip_address(prefsrc)):
            if ip:
                fam = _family(ip.version)
                break
        if fam == _abi.NLRS_AF_UNSPEC:
            fam = _abi.NLRS_AF_INET
        spec = Handle(lib.nlrs_route_spec_free, "nlrs_route_spec")
        check(lib.nlrs_route_spec_new(fam, ctypes.byref(spec.ptr)))
        if net is not None:
            check(lib.nlrs_route_spec_set_dst(spec.ptr, ctypes.byref(ip_to_c(net.network_address)), net.prefixlen))
        if gateway is not None:
            check(lib.nlrs_route_spec_set_gateway(spec.ptr, ctypes.byref(ip_to_c(gateway))))
        if oif is not None:
            check(lib.nlrs_route_spec_set_oif(spec.ptr, self.ifindex(oif)))
        if table is not None:
            check(lib.nlrs_route_spec_set_table(spec.ptr, _table(table)))
        if priority is not None:
            check(lib.nlrs_route_spec_set_priority(spec.ptr, priority))
        if scope is not None:
            check(lib.nlrs_route_spec_set_scope(spec.ptr, _scope(scope)))
        if protocol is not None:
            check(lib.nlrs_route_spec_set_protocol(spec.ptr, _protocol(protocol)))
        if type is not None:
            check(lib.nlrs_route_spec_set_type(spec.ptr, _rtype(type)))
        if nh_id is not None:
            check(lib.nlrs_route_spec_set_nh_id(spec.ptr, nh_id))
        if prefsrc is not None:
            check(lib.nlrs_route_spec_set_prefsrc(spec.ptr, ctypes.byref(ip_to_c(prefsrc))))
        if from_net is not None:
            check(lib.nlrs_route_spec_set_src(spec.ptr, ctypes.byref(ip_to_c(from_net.network_address)), from_net.prefixlen))
        if tos is not None:
            check(lib.nlrs_route_spec_set_tos(spec.ptr, tos))
        if flags is not None:
            check(lib.nlrs_route_spec_set_flags(spec.ptr, _bits("RTNH_F_", flags)))
        for name, value in (metrics or {}).items():
            if name == "cc_algo":
                check(lib.nlrs_route_spec_set_congctl(spec.ptr, str(value).encode()))
            else:
                check(lib.nlrs_route_spec_set_metric(spec.ptr, constant("RTAX_", name), int(value)))
        if flow is not None:
            check(lib.nlrs_route_spec_set_flow(spec.ptr, flow))
        if pref is not None:
            check(lib.nlrs_route_spec_set_pref(spec.ptr, constant("ICMPV6_ROUTER_PREF_", pref)))
        if expires is not None:
            check(lib.nlrs_route_spec_set_expires(spec.ptr, expires))
        for path in multipath or ():
            nh = checked_struct(
                _abi.nlrs_route_nexthop,
                ifindex=self.ifindex(path["oif"]),
                hops=path.get("hops", 0),
                flags=_bits("RTNH_F_", path.get("flags", 0)),
                gateway=ip_to_c(path.get("gateway")),
            )
            check(lib.nlrs_route_spec_add_nexthop(spec.ptr, ctypes.byref(nh)))
        return spec

    def add_route(self, dst: Optional[NetworkArg] = None, *, mode: str = "create", **fields: Any) -> None:
        """Adds a route: `dst` a prefix ("10.1.0.0/16"), or None / "default" for the default
        route. Fields, each optional: `gateway`, `oif` (a link), `table`, `priority` (`ip`'s
        `metric`), `scope`, `protocol`, `type`, `prefsrc`, `nh_id` (a nexthop object, `ip`'s
        `nhid`), `family` (4 or 6: the default route's; otherwise taken from the addresses,
        IPv4 when none says). Names are iproute2's (`table="main"`,
        `type="blackhole"`, `scope="link"`, `protocol="static"`); numbers work too.
        As pyroute2 names them: `src` (a source prefix, `ip`'s `from`, IPv6), `tos`,
        `flags` (`RTNH_F_*`: a number, a name or names, `flags="onlink"`), `flow` (realms,
        the source realm in the high 16 bits), `pref` (IPv6: "low", "medium", "high"),
        `expires` (IPv6, seconds), and `metrics`, a dict of `RTAX_*` names to numbers
        (`metrics={"mtu": 1400, "advmss": 1300, "lock": 1 << nlrs.abi.NLRS_RTAX_MTU}`:
        "lock" holds the locked metrics' bits, "rtt" is in milliseconds times 8) and
        "cc_algo" to the congestion control algorithm's name (`ip`'s `congctl`); `multipath`,
        the paths, each a dict: `oif` (a link), `gateway`, `hops` (the weight minus one) and
        `flags` as the route's (`multipath=[{"oif": "v0", "gateway": "10.9.9.2", "hops": 1}]`).
        `mode`: "create" (EEXIST when present), "replace", "upsert" or "append"."""
        spec = self._route_spec(dst, **fields)
        self._call(lib.nlrs_route_add, spec.ptr, _mode(mode))

    def delete_route(self, dst: Optional[NetworkArg] = None, **fields: Any) -> None:
        """Deletes the route that matches, like `ip route del`: the destination and table
        always, the other fields of add_route() when given (any type unless `type` is).
        NetlinkError ESRCH when none does (IPv4 and IPv6 alike)."""
        fields.setdefault("type", _abi.NLRS_RTN_UNSPEC)
        spec = self._route_spec(dst, **fields)
        self._call(lib.nlrs_route_delete, spec.ptr)

    # -- neighbours -------------------------------------------------------------------------

    def neighbours(
        self, link: Optional[LinkRef] = None, family: Union[int, str, None] = None, *, proxy: bool = False
    ) -> Iterator[Neighbour]:
        """Every neighbour entry (of one link, of one family), as a streaming dump; with
        `proxy=True` the proxy entries instead (`ip neigh show proxy`), which the kernel keeps
        and dumps apart."""
        index = 0 if link is None else self.ifindex(link)
        dump = lib.nlrs_neigh_proxy_dump if proxy else lib.nlrs_neigh_dump
        return self._parsed_dump("neigh", dump, (_family(family), index), neighbour_from_handle)

    def add_neighbour(
        self,
        link: LinkRef,
        dst: AddressArg,
        lladdr: Union[str, bytes, None] = None,
        *,
        state: Union[int, str] = "permanent",
        flags: Union[int, str, Iterable[Union[int, str]]] = 0,
        mode: str = "create",
    ) -> None:
        """Adds a neighbour entry: `dst` is at `lladdr` ("02:00:00:00:00:01", or the bytes) on a
        link.
        `flags` (`NTF_*`, as pyroute2 names them): a number, a name or names: "router",
        "ext_learned" (`ip`'s `extern_learn`), "use", or "proxy" for a proxy entry (no
        `lladdr`)."""
        raw = _hwaddr(lladdr) if lladdr is not None else b""
        nud = constant("NUD_", state)
        self._call(
            lib.nlrs_neigh_add_flags,
            self.ifindex(link),
            ctypes.byref(ip_to_c(dst)),
            raw or None,
            len(raw),
            nud,
            _bits("NTF_", flags),
            _mode(mode),
        )

    def delete_neighbour(self, link: LinkRef, dst: AddressArg, *, flags: Union[int, str] = 0) -> None:
        """Deletes the entry for `dst` on a link (ENOENT when absent); `flags="proxy"` the
        proxy entry."""
        self._call(lib.nlrs_neigh_delete_flags, self.ifindex(link), ctypes.byref(ip_to_c(dst)), _bits("NTF_", flags))

    # -- multicast groups -------------------------------------------------------------------

    def join_group(self, group: Union[int, str]) -> None:
        """Joins a multicast group: a number, or an rtnetlink group's name ("link")."""
        self._call(lib.nlrs_socket_join_group, constant("RTNLGRP_", group))

    def leave_group(self, group: Union[int, str]) -> None:
        """Leaves a multicast group joined with join_group()."""
        self._call(lib.nlrs_socket_leave_group, constant("RTNLGRP_", group))

    # -- generic netlink --------------------------------------------------------------------

    def genl_family(self, name: str) -> GenlFamily:
        """A generic netlink family by name (socket opened with protocol "generic")."""
        fam = Handle(lib.nlrs_genl_family_free, "nlrs_genl_family")
        self._call(lib.nlrs_genl_resolve, name.encode(), ctypes.byref(fam.ptr))
        return family_from_handle(fam)

    def genl_families(self) -> List[GenlFamily]:
        """Every generic netlink family the kernel has (`genl ctrl list`)."""
        lst = Handle(lib.nlrs_genl_families_free, "nlrs_genl_families")
        self._call(lib.nlrs_genl_list, ctypes.byref(lst.ptr))
        return [
            family_from_handle(lib.nlrs_genl_families_get(lst.ptr, i), owner=lst)
            for i in range(lib.nlrs_genl_families_len(lst.ptr))
        ]

    def genl_policy(self, family: str, op: Optional[int] = None) -> str:
        """A family's attribute policies as text (`genl ctrl policy`), of one command or all."""
        pol = Handle(lib.nlrs_genl_policy_free, "nlrs_genl_policy")
        if op is None:
            self._call(lib.nlrs_genl_policy_get, family.encode(), ctypes.byref(pol.ptr))
        else:
            self._call(lib.nlrs_genl_policy_get_op, family.encode(), op, ctypes.byref(pol.ptr))
        return lib.nlrs_genl_policy_text(pol.ptr).decode(errors="replace")

    def join_genl_group(self, family: GenlFamily, group: str) -> None:
        """Joins a generic netlink family's multicast group by name."""
        with family._owner:
            self._call(lib.nlrs_genl_join_group, family._ptr, group.encode())

    def recv(self) -> List[Message]:
        """Waits for one datagram (notifications of joined groups) and returns its messages.

        Raises Overrun when notifications were lost (the socket keeps working). A signal
        whose handler raises (SIGINT's KeyboardInterrupt) ends the wait with that exception;
        after any other, the wait goes on (PEP 475)."""
        it = _abi.nlrs_msg_iter()
        out = []
        msg = _abi.nlrs_rmsg()
        while True:
            with self._handle as ptr:
                rc = lib.nlrs_socket_recv(ptr, ctypes.byref(it))
                if rc != -errno.EINTR:
                    self._checked(ptr, rc)
                    # The datagram is the socket's receive buffer: copied before the socket is
                    # let go.
                    while check(lib.nlrs_msg_iter_next(ctypes.byref(it), ctypes.byref(msg))) > 0:
                        out.append(Message.from_rmsg(msg))
                    return out
            # A signal handler ran and did not raise: wait on, as Python's own calls do.


def _name_parser(parse: Callable[..., int], ctype: Any, what: str) -> Callable[[Union[int, str]], int]:
    def convert(value: Union[int, str]) -> int:
        if isinstance(value, int):
            return value
        out = ctype()
        if parse(value.encode(), ctypes.byref(out)) < 0:
            raise ValueError(f"unknown route {what} {value!r}")
        return int(out.value)

    return convert


def _hwaddr(value: Union[str, bytes]) -> bytes:
    """A hardware address: text as `ip` writes it ("02:00:00:00:00:01"), or the bytes."""
    if isinstance(value, bytes):
        return value
    try:
        return bytes.fromhex(value.replace(":", ""))
    except ValueError:
        raise ValueError(f"not a hardware address: {value!r}") from None


def _choice(names: Mapping[str, int], value: Union[int, str], what: str) -> int:
    """A number as it is, or the number of one of `names` (ValueError for another name)."""
    if not isinstance(value, str):
        return value
    try:
        return names[value]
    except KeyError:
        raise ValueError(f"unknown {what} {value!r}: one of {', '.join(names)}") from None


# iproute2's names of the link kinds' settings, for the numbers the C API takes.
_VLAN_PROTOCOLS = {"802.1Q": _abi.NLRS_ETH_P_8021Q, "802.1ad": _abi.NLRS_ETH_P_8021AD}
_BOND_MODES = {
    "balance-rr": _abi.NLRS_BOND_MODE_BALANCE_RR,
    "active-backup": _abi.NLRS_BOND_MODE_ACTIVE_BACKUP,
    "balance-xor": _abi.NLRS_BOND_MODE_BALANCE_XOR,
    "broadcast": _abi.NLRS_BOND_MODE_BROADCAST,
    "802.3ad": _abi.NLRS_BOND_MODE_8023AD,
    "balance-tlb": _abi.NLRS_BOND_MODE_BALANCE_TLB,
    "balance-alb": _abi.NLRS_BOND_MODE_BALANCE_ALB,
}
_IPVLAN_MODES = {"l2": _abi.NLRS_IPVLAN_MODE_L2, "l3": _abi.NLRS_IPVLAN_MODE_L3, "l3s": _abi.NLRS_IPVLAN_MODE_L3S}

# iproute2's names, through the library's own parsers (`nlrs_route_*_parse()`).
_table = _name_parser(lib.nlrs_route_table_parse, ctypes.c_uint32, "table")
_protocol = _name_parser(lib.nlrs_route_protocol_parse, ctypes.c_uint8, "protocol")
_scope = _name_parser(lib.nlrs_route_scope_parse, ctypes.c_uint8, "scope")
_rtype = _name_parser(lib.nlrs_route_type_parse, ctypes.c_uint8, "type")


def _opt(getter: Callable[..., int], ptr: Any, ctype: Any = ctypes.c_uint32) -> Optional[int]:
    """A getter of the "1 when sent, 0 when not" kind: the value, or None."""
    out = ctype()
    return int(out.value) if check(getter(ptr, ctypes.byref(out))) == 1 else None


def _opt_bytes(getter: Callable[..., int], ptr: Any) -> Optional[bytes]:
    out = _abi.nlrs_bytes()
    return ctypes.string_at(out.ptr, out.len) if check(getter(ptr, ctypes.byref(out))) == 1 else None


def _opt_ip(getter: Callable[..., int], ptr: Any) -> Optional[IPAddress]:
    out = _abi.nlrs_ipaddr()
    return ip_from_c(out) if check(getter(ptr, ctypes.byref(out))) == 1 else None


# The metrics the C API reads as numbers, by `ip`'s names (NLRS_RTAX_CC_ALGO is a name:
# nlrs_route_congctl()).
_RTAX_NAMES = tuple(
    sorted(
        (getattr(_abi, c), c[len("NLRS_RTAX_") :].lower())
        for c in dir(_abi)
        if c.startswith("NLRS_RTAX_") and not c.startswith("NLRS_RTAX_FEATURE_") and c != "NLRS_RTAX_CC_ALGO"
    )
)


def route_extra(ptr: Any) -> Optional[RouteExtra]:
    """The paths, metrics, realms and congestion control of a route object (nlrs_route);
    None when it has none of them."""
    paths = []
    nh = _abi.nlrs_route_nexthop()
    for i in range(lib.nlrs_route_nexthop_count(ptr)):
        check(lib.nlrs_route_nexthop_at(ptr, i, ctypes.byref(nh)))
        paths.append(RoutePath(nh.ifindex, ip_from_c(nh.gateway), nh.hops + 1, nh.flags))
    v = ctypes.c_uint32()
    metrics = tuple((name, v.value) for rtax, name in _RTAX_NAMES if check(lib.nlrs_route_metric(ptr, rtax, ctypes.byref(v))))
    flow = v.value if check(lib.nlrs_route_flow(ptr, ctypes.byref(v))) else None
    cc = lib.nlrs_route_congctl(ptr)
    extra = RouteExtra(tuple(paths), metrics, flow, None if cc is None else cc.decode(errors="replace"))
    return None if extra == RouteExtra() else extra


def link_from_handle(ptr: Any) -> Link:
    """A Link from a filled nlrs_link."""
    addr = _opt_bytes(lib.nlrs_link_address, ptr)
    brd = _opt_bytes(lib.nlrs_link_broadcast, ptr)
    kind = lib.nlrs_link_kind(ptr)
    altnames = tuple(os.fsdecode(lib.nlrs_link_altname_at(ptr, i)) for i in range(lib.nlrs_link_altname_count(ptr)))
    carrier = _opt(lib.nlrs_link_carrier, ptr, ctypes.c_bool)
    stats = _abi.nlrs_link_stats64()
    has_stats = check(lib.nlrs_link_stats(ptr, ctypes.byref(stats))) == 1
    return Link(
        ifindex=lib.nlrs_link_ifindex(ptr),
        name=name_text(lib.nlrs_link_name(ptr)),
        flags=lib.nlrs_link_flags(ptr),
        mtu=_opt(lib.nlrs_link_mtu, ptr),
        kind=kind.decode() if kind is not None else None,
        operstate=_opt(lib.nlrs_link_operstate, ptr, ctypes.c_uint8),
        master=_opt(lib.nlrs_link_master, ptr),
        link=_opt(lib.nlrs_link_link, ptr),
        txqlen=_opt(lib.nlrs_link_txqlen, ptr),
        min_mtu=_opt(lib.nlrs_link_min_mtu, ptr),
        max_mtu=_opt(lib.nlrs_link_max_mtu, ptr),
        address=mac_text(addr) if addr is not None else None,
        broadcast=mac_text(brd) if brd is not None else None,
        alias=name_text(lib.nlrs_link_alias(ptr)),
        altnames=altnames,
        promiscuity=_opt(lib.nlrs_link_promiscuity, ptr),
        group=_opt(lib.nlrs_link_group, ptr),
        num_tx_queues=_opt(lib.nlrs_link_num_tx_queues, ptr),
        num_rx_queues=_opt(lib.nlrs_link_num_rx_queues, ptr),
        carrier=bool(carrier) if carrier is not None else None,
        vlan_id=_opt(lib.nlrs_link_vlan_id, ptr, ctypes.c_uint16),
        vlan_protocol=_opt(lib.nlrs_link_vlan_protocol, ptr, ctypes.c_uint16),
        vrf_table=_opt(lib.nlrs_link_vrf_table, ptr),
        bond_mode=_opt(lib.nlrs_link_bond_mode, ptr, ctypes.c_uint8),
        ipvlan_mode=_opt(lib.nlrs_link_ipvlan_mode, ptr, ctypes.c_uint16),
        link_type=lib.nlrs_link_type(ptr),
        link_netnsid=_opt(lib.nlrs_link_link_netnsid, ptr, ctypes.c_int32),
        stats=LinkStats(*(getattr(stats, f) for f in LinkStats._fields)) if has_stats else None,
    )


def address_from_handle(ptr: Any) -> Address:
    """An Address from a filled nlrs_addr."""
    prefixlen = lib.nlrs_addr_prefixlen(ptr)
    ip = _opt_ip(lib.nlrs_addr_ip, ptr)
    local = _opt_ip(lib.nlrs_addr_local, ptr)
    peer = _opt_ip(lib.nlrs_addr_address, ptr)
    label = lib.nlrs_addr_label(ptr)
    valid, preferred = ctypes.c_uint32(), ctypes.c_uint32()
    has_lft = check(lib.nlrs_addr_lifetimes(ptr, ctypes.byref(valid), ctypes.byref(preferred))) == 1
    return Address(
        ifindex=lib.nlrs_addr_ifindex(ptr),
        family=lib.nlrs_addr_family(ptr),
        address=ipaddress.ip_interface((ip, prefixlen)) if ip is not None else None,
        prefixlen=prefixlen,
        flags=lib.nlrs_addr_flags(ptr),
        scope=lib.nlrs_addr_scope(ptr),
        peer=peer if local is not None and peer != local else None,
        broadcast=_opt_ip(lib.nlrs_addr_broadcast, ptr),
        label=label.decode(errors="surrogateescape") if label is not None else None,
        valid_lft=valid.value if has_lft else None,
        preferred_lft=preferred.value if has_lft else None,
    )


def neighbour_from_handle(ptr: Any) -> Neighbour:
    """A Neighbour from a filled nlrs_neigh."""
    ll = _opt_bytes(lib.nlrs_neigh_lladdr, ptr)
    return Neighbour(
        ifindex=lib.nlrs_neigh_ifindex(ptr),
        family=lib.nlrs_neigh_family(ptr),
        dst=_opt_ip(lib.nlrs_neigh_dst, ptr),
        lladdr=mac_text(ll) if ll is not None else None,
        state=lib.nlrs_neigh_state(ptr),
        flags=lib.nlrs_neigh_flags(ptr),
        type=lib.nlrs_neigh_type(ptr),
        vlan=_opt(lib.nlrs_neigh_vlan, ptr, ctypes.c_uint16),
        master=_opt(lib.nlrs_neigh_master, ptr),
        vni=_opt(lib.nlrs_neigh_vni, ptr),
        port=_opt(lib.nlrs_neigh_port, ptr, ctypes.c_uint16),
        remote_ifindex=_opt(lib.nlrs_neigh_remote_ifindex, ptr),
    )

