"""nlrs.Socket: a netlink socket with rtnetlink and generic netlink calls."""

from __future__ import annotations

import ctypes
import ipaddress
import os
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Set, TypeVar, Union

from . import _abi
from ._lib import checked_struct, lib
from .errors import NetlinkError, check, error_from_socket
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
    Neighbour,
    Route,
    ROUTE_INFO,
    ip_from_c,
    ip_to_c,
    mac_text,
    name_text,
    route_from_info,
)

T = TypeVar("T")

LinkRef = Union[int, str]
"""A link by index (int) or by name (str)."""

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
    stream: memory stays bounded however large the table. One dump runs at a time per socket:
    any other call on the socket ends a dump still being read, whose next step then raises
    NetlinkError (`NLRS_E_CONSUMED`). A dump whose table changed while it was read raises
    DumpInterrupted after its last item. A socket may be used from any thread, one at a time.
    """

    def __init__(
        self,
        protocol: Union[int, str] = "route",
        *,
        netns: Union[str, int, None] = None,
        timeout: Optional[float] = None,
    ) -> None:
        self._handle = Handle(lib.nlrs_socket_free)
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
        """Frees the socket, and first every dump still open on it. Idempotent."""
        for d in list(self._dumps):
            d.close()
        self._dumps.clear()
        super().close()

    def _check(self, rc: int) -> int:
        if rc < 0:
            raise error_from_socket(self._ptr, rc)
        return rc

    @property
    def port_id(self) -> int:
        """The port id the kernel gave the socket."""
        return int(lib.nlrs_socket_port_id(self._ptr))

    def set_timeout(self, seconds: float) -> None:
        """How long a request or dump waits for each answer, then raises Timeout; 0 waits
        forever."""
        ms = 0 if seconds == 0 else max(1, round(seconds * 1000))
        self._check(lib.nlrs_socket_set_timeout_ms(self._ptr, ms))

    def set_rcvbuf(self, size: int) -> None:
        """Sets the receive buffer size in bytes."""
        self._check(lib.nlrs_socket_set_rcvbuf(self._ptr, size))

    @property
    def warning(self) -> Optional[str]:
        """The warning the kernel attached to the last successful request, or None."""
        w = lib.nlrs_socket_warning(self._ptr)
        return w.decode(errors="replace") if w is not None else None

    # -- dumps ------------------------------------------------------------------------------

    def _open_dump(self, start: Callable[[Any], int]) -> Handle:
        d = Handle(lib.nlrs_dump_free)
        self._check(start(ctypes.byref(d.ptr)))
        self._dumps.add(d)
        return d

    def _close_dump(self, d: Handle) -> None:
        d.close()
        self._dumps.discard(d)

    def _dump_error(self, d: Handle, rc: int) -> NetlinkError:
        if not d.ptr:
            return NetlinkError(-_abi.NLRS_E_CONSUMED, "the socket was closed during the dump")
        return error_from_socket(self._ptr, rc)

    def _dump_messages(self, start: Callable[[Any], int]) -> Iterator[_abi.nlrs_rmsg]:
        """Borrowed messages of a dump, each valid until the next step."""
        d = self._open_dump(start)
        try:
            msg = _abi.nlrs_rmsg()
            ref = ctypes.byref(msg)
            while True:
                rc = lib.nlrs_dump_next(d.ptr, ref)
                if rc != 1:
                    break
                yield msg
            if rc < 0:
                raise self._dump_error(d, rc)
        finally:
            self._close_dump(d)

    def _parsed_dump(self, kind: str, start: Callable[[Any], int], convert: Callable[[Any], T]) -> Iterator[T]:
        """A dump whose messages are parsed into one reused `nlrs_<kind>` object, each then
        converted to a Python object."""
        obj = c_object(kind)
        parse = getattr(lib, f"nlrs_{kind}_parse")
        for msg in self._dump_messages(start):
            check(parse(obj.ptr, msg))
            yield convert(obj.ptr)

    def dump(self, request: Request) -> Iterator[Message]:
        """Sends `request` as a dump (NLM_F_DUMP added) and yields each answer, copied."""
        start = lambda out: lib.nlrs_socket_dump(self._ptr, request._ptr, out)  # noqa: E731
        for msg in self._dump_messages(start):
            yield Message.from_rmsg(msg)

    def request(self, request: Request) -> List[Message]:
        """Sends `request`, waits for its ACK; returns the answers that came before it."""
        out = Handle(lib.nlrs_replies_free)
        self._check(lib.nlrs_socket_request(self._ptr, request._ptr, ctypes.byref(out.ptr)))
        try:
            msg = _abi.nlrs_rmsg()
            replies = []
            for i in range(lib.nlrs_replies_len(out.ptr)):
                check(lib.nlrs_replies_get(out.ptr, i, ctypes.byref(msg)))
                replies.append(Message.from_rmsg(msg))
            return replies
        finally:
            out.close()

    # -- links ------------------------------------------------------------------------------

    def links(self) -> Iterator[Link]:
        """Every link, in the kernel's order (a streaming dump)."""
        return self._parsed_dump("link", lambda out: lib.nlrs_link_dump(self._ptr, out), link_from_handle)

    def link(self, link: LinkRef) -> Link:
        """One link, by index or name (NetlinkError ENODEV when there is none)."""
        obj = c_object("link")
        if isinstance(link, int):
            self._check(lib.nlrs_link_get(self._ptr, link, obj.ptr))
        else:
            self._check(lib.nlrs_link_get_by_name(self._ptr, os.fsencode(link), obj.ptr))
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
    ) -> None:
        """Changes a link: only what is given. `master=0` releases it from its master;
        `alias=""` clears the alias."""
        index = self.ifindex(link)
        change = Handle(lib.nlrs_link_change_free)
        check(lib.nlrs_link_change_new(ctypes.byref(change.ptr)))
        if mtu is not None:
            check(lib.nlrs_link_change_set_mtu(change.ptr, mtu))
        if up is not None:
            check(lib.nlrs_link_change_set_up(change.ptr, up))
        if name is not None:
            check(lib.nlrs_link_change_set_name(change.ptr, os.fsencode(name)))
        if address is not None:
            raw = bytes.fromhex(address.replace(":", "")) if isinstance(address, str) else address
            check(lib.nlrs_link_change_set_address(change.ptr, raw, len(raw)))
        if txqlen is not None:
            check(lib.nlrs_link_change_set_txqlen(change.ptr, txqlen))
        if master is not None:
            check(lib.nlrs_link_change_set_master(change.ptr, self.ifindex(master)))
        if alias is not None:
            check(lib.nlrs_link_change_set_alias(change.ptr, os.fsencode(alias)))
        self._check(lib.nlrs_link_change_apply(self._ptr, index, change.ptr))

    def add_altname(self, link: LinkRef, name: str) -> None:
        """Gives a link an alternative name (`ip link property add dev X altname NAME`)."""
        self._check(lib.nlrs_link_add_altname(self._ptr, self.ifindex(link), os.fsencode(name)))

    def delete_altname(self, link: LinkRef, name: str) -> None:
        """Takes an alternative name from a link (NetlinkError ENOENT when it has none such)."""
        self._check(lib.nlrs_link_delete_altname(self._ptr, self.ifindex(link), os.fsencode(name)))

    def add_veth(self, name: str, peer: str) -> None:
        """Creates a veth pair `name` and `peer`, both down."""
        self._check(lib.nlrs_link_create_veth(self._ptr, os.fsencode(name), os.fsencode(peer)))

    def add_bridge(self, name: str) -> None:
        """Creates a bridge, down."""
        self._check(lib.nlrs_link_create_bridge(self._ptr, os.fsencode(name)))

    def add_ifb(self, name: str) -> None:
        """Creates an ifb device, down."""
        self._check(lib.nlrs_link_create_ifb(self._ptr, os.fsencode(name)))

    def add_dummy(self, name: str) -> None:
        """Creates a dummy device, down."""
        self._check(lib.nlrs_link_create_dummy(self._ptr, os.fsencode(name)))

    def add_vlan(self, name: str, parent: LinkRef, id: int, protocol: Union[int, str] = "802.1Q") -> None:
        """Creates a VLAN device on `parent`, down (`ip link add link PARENT name NAME type vlan
        id ID protocol PROTOCOL`): `protocol` "802.1Q", "802.1ad" or an NLRS_ETH_P_* number."""
        proto = _choice(_VLAN_PROTOCOLS, protocol, "VLAN protocol")
        self._check(lib.nlrs_link_create_vlan(self._ptr, os.fsencode(name), self.ifindex(parent), id, proto))

    def add_vrf(self, name: str, table: int) -> None:
        """Creates a VRF device bound to routing table `table`, down."""
        self._check(lib.nlrs_link_create_vrf(self._ptr, os.fsencode(name), table))

    def add_bond(self, name: str, mode: Union[int, str] = "balance-rr") -> None:
        """Creates a bond, down: `mode` as `ip link add NAME type bond mode MODE` takes it
        ("active-backup", "802.3ad", ...) or an NLRS_BOND_MODE_* number."""
        number = _choice(_BOND_MODES, mode, "bond mode")
        self._check(lib.nlrs_link_create_bond(self._ptr, os.fsencode(name), number))

    def add_ipvlan(self, name: str, parent: LinkRef, mode: Union[int, str] = "l3") -> None:
        """Creates an ipvlan on `parent`, down: `mode` "l2", "l3", "l3s" or an
        NLRS_IPVLAN_MODE_* number."""
        number = _choice(_IPVLAN_MODES, mode, "ipvlan mode")
        self._check(lib.nlrs_link_create_ipvlan(self._ptr, os.fsencode(name), self.ifindex(parent), number))

    def delete_link(self, link: LinkRef) -> None:
        """Deletes a link (a veth's peer goes with it)."""
        self._check(lib.nlrs_link_delete(self._ptr, self.ifindex(link)))

    # -- addresses --------------------------------------------------------------------------

    def addresses(self, link: Optional[LinkRef] = None, family: Union[int, str, None] = None) -> Iterator[Address]:
        """Every address (of one link, of one family: 4 or 6), as a streaming dump."""
        index = 0 if link is None else self.ifindex(link)
        start = lambda out: lib.nlrs_addr_dump(self._ptr, _family(family), index, out)  # noqa: E731
        return self._parsed_dump("addr", start, address_from_handle)

    def _addr_spec(self, link: LinkRef, address: InterfaceArg) -> Handle:
        iface = ipaddress.ip_interface(address)
        spec = Handle(lib.nlrs_addr_spec_free)
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
        self._check(lib.nlrs_addr_add(self._ptr, spec.ptr, _mode(mode)))

    def delete_address(self, link: LinkRef, address: InterfaceArg) -> None:
        """Deletes `address` ("10.0.0.1/24") from a link (EADDRNOTAVAIL when absent)."""
        spec = self._addr_spec(link, address)
        self._check(lib.nlrs_addr_delete(self._ptr, spec.ptr))

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
        start = lambda out: lib.nlrs_route_dump(self._ptr, ctypes.byref(flt), out)  # noqa: E731
        d = self._open_dump(start)
        try:
            info = _abi.nlrs_route_info()
            ref = ctypes.byref(info)
            step = lib.nlrs_route_dump_next
            unpack = ROUTE_INFO.unpack_from
            new = tuple.__new__
            while True:
                rc = step(d.ptr, ref)  # d.ptr is NULL once the socket was closed
                if rc != 1:
                    break
                yield new(Route, unpack(info))
            if rc < 0:
                raise self._dump_error(d, rc)
        finally:
            self._close_dump(d)

    def route_get(self, to: AddressArg) -> Route:
        """The route the kernel would use to reach `to` (`ip route get`)."""
        obj = c_object("route")
        self._check(lib.nlrs_route_get(self._ptr, ctypes.byref(ip_to_c(to)), obj.ptr))
        info = _abi.nlrs_route_info()
        check(lib.nlrs_route_decode(lib.nlrs_route_msg(obj.ptr), ctypes.byref(info)))
        return route_from_info(info)

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
        spec = Handle(lib.nlrs_route_spec_free)
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
        self._check(lib.nlrs_route_add(self._ptr, spec.ptr, _mode(mode)))

    def delete_route(self, dst: Optional[NetworkArg] = None, **fields: Any) -> None:
        """Deletes the route that matches, like `ip route del`: the destination and table
        always, the other fields of add_route() when given (any type unless `type` is).
        NetlinkError ESRCH when none does (IPv4 and IPv6 alike)."""
        fields.setdefault("type", _abi.NLRS_RTN_UNSPEC)
        spec = self._route_spec(dst, **fields)
        self._check(lib.nlrs_route_delete(self._ptr, spec.ptr))

    # -- neighbours -------------------------------------------------------------------------

    def neighbours(
        self, link: Optional[LinkRef] = None, family: Union[int, str, None] = None, *, proxy: bool = False
    ) -> Iterator[Neighbour]:
        """Every neighbour entry (of one link, of one family), as a streaming dump; with
        `proxy=True` the proxy entries instead (`ip neigh show proxy`), which the kernel keeps
        and dumps apart."""
        index = 0 if link is None else self.ifindex(link)
        dump = lib.nlrs_neigh_proxy_dump if proxy else lib.nlrs_neigh_dump
        start = lambda out: dump(self._ptr, _family(family), index, out)  # noqa: E731
        return self._parsed_dump("neigh", start, neighbour_from_handle)

    def add_neighbour(
        self,
        link: LinkRef,
        dst: AddressArg,
        lladdr: Optional[str] = None,
        *,
        state: Union[int, str] = "permanent",
        flags: Union[int, str, Iterable[Union[int, str]]] = 0,
        mode: str = "create",
    ) -> None:
        """Adds a neighbour entry: `dst` is at `lladdr` ("02:00:00:00:00:01") on a link.
        `flags` (`NTF_*`, as pyroute2 names them): a number, a name or names: "router",
        "ext_learned" (`ip`'s `extern_learn`), "use", or "proxy" for a proxy entry (no
        `lladdr`)."""
        raw = bytes.fromhex(lladdr.replace(":", "")) if lladdr else b""
        nud = constant("NUD_", state)
        self._check(
            lib.nlrs_neigh_add_flags(
                self._ptr, self.ifindex(link), ctypes.byref(ip_to_c(dst)), raw or None, len(raw), nud, _bits("NTF_", flags), _mode(mode)
            )
        )

    def delete_neighbour(self, link: LinkRef, dst: AddressArg, *, flags: Union[int, str] = 0) -> None:
        """Deletes the entry for `dst` on a link (ENOENT when absent); `flags="proxy"` the
        proxy entry."""
        self._check(lib.nlrs_neigh_delete_flags(self._ptr, self.ifindex(link), ctypes.byref(ip_to_c(dst)), _bits("NTF_", flags)))

    # -- multicast groups -------------------------------------------------------------------

    def join_group(self, group: Union[int, str]) -> None:
        """Joins a multicast group: a number, or an rtnetlink group's name ("link")."""
        self._check(lib.nlrs_socket_join_group(self._ptr, constant("RTNLGRP_", group)))

    # -- generic netlink --------------------------------------------------------------------

    def genl_family(self, name: str) -> GenlFamily:
        """A generic netlink family by name (socket opened with protocol "generic")."""
        fam = Handle(lib.nlrs_genl_family_free)
        self._check(lib.nlrs_genl_resolve(self._ptr, name.encode(), ctypes.byref(fam.ptr)))
        return family_from_handle(fam)

    def genl_families(self) -> List[GenlFamily]:
        """Every generic netlink family the kernel has (`genl ctrl list`)."""
        lst = Handle(lib.nlrs_genl_families_free)
        self._check(lib.nlrs_genl_list(self._ptr, ctypes.byref(lst.ptr)))
        return [
            family_from_handle(lib.nlrs_genl_families_get(lst.ptr, i), owner=lst)
            for i in range(lib.nlrs_genl_families_len(lst.ptr))
        ]

    def genl_policy(self, family: str, op: Optional[int] = None) -> str:
        """A family's attribute policies as text (`genl ctrl policy`), of one command or all."""
        pol = Handle(lib.nlrs_genl_policy_free)
        if op is None:
            self._check(lib.nlrs_genl_policy_get(self._ptr, family.encode(), ctypes.byref(pol.ptr)))
        else:
            self._check(lib.nlrs_genl_policy_get_op(self._ptr, family.encode(), op, ctypes.byref(pol.ptr)))
        return lib.nlrs_genl_policy_text(pol.ptr).decode(errors="replace")

    def join_genl_group(self, family: GenlFamily, group: str) -> None:
        """Joins a generic netlink family's multicast group by name."""
        self._check(lib.nlrs_genl_join_group(self._ptr, family._ptr, group.encode()))

    def recv(self) -> List[Message]:
        """Waits for one datagram (notifications of joined groups) and returns its messages.

        Raises Overrun when notifications were lost (the socket keeps working)."""
        it = _abi.nlrs_msg_iter()
        self._check(lib.nlrs_socket_recv(self._ptr, ctypes.byref(it)))
        out = []
        msg = _abi.nlrs_rmsg()
        while check(lib.nlrs_msg_iter_next(ctypes.byref(it), ctypes.byref(msg))) > 0:
            out.append(Message.from_rmsg(msg))
        return out


def _name_parser(parse: Callable[..., int], ctype: Any, what: str) -> Callable[[Union[int, str]], int]:
    def convert(value: Union[int, str]) -> int:
        if isinstance(value, int):
            return value
        out = ctype()
        if parse(value.encode(), ctypes.byref(out)) < 0:
            raise ValueError(f"unknown route {what} {value!r}")
        return int(out.value)

    return convert


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


def link_from_handle(ptr: Any) -> Link:
    """A Link from a filled nlrs_link."""
    addr = _opt_bytes(lib.nlrs_link_address, ptr)
    brd = _opt_bytes(lib.nlrs_link_broadcast, ptr)
    kind = lib.nlrs_link_kind(ptr)
    altnames = tuple(os.fsdecode(lib.nlrs_link_altname_at(ptr, i)) for i in range(lib.nlrs_link_altname_count(ptr)))
    carrier = _opt(lib.nlrs_link_carrier, ptr, ctypes.c_bool)
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
    )

