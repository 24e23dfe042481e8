"""The objects nlrs hands out: Link, Address, Route and Neighbour.

Each is immutable, compares by value and prints its fields. Addresses are `ipaddress`
objects; hardware addresses are text as `ip` prints them (`"02:00:00:00:00:01"`); interface
names are `str`, decoded like file names (`os.fsdecode`), so a name that is not UTF-8 comes back
unchanged through `os.fsencode`.
"""

from __future__ import annotations

import ctypes
import ipaddress
import os
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Dict, NamedTuple, Optional, Tuple, Union

from . import _abi
from ._layout import layout

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
IPInterface = Union[ipaddress.IPv4Interface, ipaddress.IPv6Interface]

# What the calls take: text ("10.0.0.1", "10.0.0.0/24", "10.0.0.1/24") or the ipaddress object.
AddressArg = Union[str, IPAddress]
NetworkArg = Union[str, IPNetwork]
InterfaceArg = Union[str, IPInterface]

_ADDR_LEN = {_abi.NLRS_AF_INET: 4, _abi.NLRS_AF_INET6: 16}


def ip_from_c(addr: _abi.nlrs_ipaddr) -> Optional[IPAddress]:
    """An nlrs_ipaddr as an ipaddress object (None for NLRS_AF_UNSPEC)."""
    n = _ADDR_LEN.get(addr.family)
    return ipaddress.ip_address(bytes(addr.addr[:n])) if n else None


def ip_to_c(value: Optional[AddressArg]) -> _abi.nlrs_ipaddr:
    """An address (text or ipaddress object; None for "no address") as an nlrs_ipaddr."""
    out = _abi.nlrs_ipaddr()
    if value is None:
        out.family = _abi.NLRS_AF_UNSPEC
        return out
    ip = ipaddress.ip_address(value)
    out.family = _abi.NLRS_AF_INET if ip.version == 4 else _abi.NLRS_AF_INET6
    ctypes.memmove(out.addr, ip.packed, len(ip.packed))
    return out


def mac_text(data: bytes) -> str:
    """Hardware address bytes as colon-separated hex, as `ip` prints them."""
    return ":".join(f"{b:02x}" for b in data)


def name_text(raw: Optional[bytes]) -> Optional[str]:
    """An interface name from the kernel as str (os.fsdecode: not-UTF-8 bytes survive)."""
    return os.fsdecode(raw) if raw is not None else None


class LinkStats(NamedTuple):
    """A link's 64-bit counters (`IFLA_STATS64`, `ip -s link`), the fields of the C API's
    nlrs_link_stats64 (checked below, at import)."""

    rx_packets: int
    tx_packets: int
    rx_bytes: int
    tx_bytes: int
    rx_errors: int
    tx_errors: int
    rx_dropped: int
    tx_dropped: int


if LinkStats._fields != tuple(f[0] for f in _abi.nlrs_link_stats64._fields_):
    raise ImportError("nlrs: LinkStats differs from the header's nlrs_link_stats64")


@dataclass(frozen=True)
class Link:
    """A network interface (RTM_NEWLINK): `ip -d link`'s fields.

    `alias` and `altnames` are text like the name; `altnames` is empty when the link has none.
    `link_type` is the device type (`ARPHRD_*`: 1 Ethernet, 772 loopback); `link_netnsid` the
    namespace id of the `link` device when it lives in another namespace (a veth's peer moved
    away); `stats` the counters, which two reads of one link compare equal without.
    """

    ifindex: int
    name: Optional[str]
    flags: int
    mtu: Optional[int] = None
    kind: Optional[str] = None
    operstate: Optional[int] = None
    master: Optional[int] = None
    link: Optional[int] = None
    txqlen: Optional[int] = None
    min_mtu: Optional[int] = None
    max_mtu: Optional[int] = None
    address: Optional[str] = None
    broadcast: Optional[str] = None
    alias: Optional[str] = None
    altnames: Tuple[str, ...] = ()
    promiscuity: Optional[int] = None
    group: Optional[int] = None
    num_tx_queues: Optional[int] = None
    num_rx_queues: Optional[int] = None
    carrier: Optional[bool] = None
    # The kind's settings, for the kinds that have them: a VLAN device's id and protocol
    # (NLRS_ETH_P_*), a VRF's table, a bond's mode (NLRS_BOND_MODE_*), an ipvlan's mode
    # (NLRS_IPVLAN_MODE_*).
    vlan_id: Optional[int] = None
    vlan_protocol: Optional[int] = None
    vrf_table: Optional[int] = None
    bond_mode: Optional[int] = None
    ipvlan_mode: Optional[int] = None
    link_type: int = 0
    link_netnsid: Optional[int] = None
    stats: Optional[LinkStats] = field(default=None, compare=False)

    @property
    def up(self) -> bool:
        """Administratively up (`IFF_UP`)."""
        return bool(self.flags & _abi.NLRS_IFF_UP)


@dataclass(frozen=True)
class Address:
    """An interface address (RTM_NEWADDR): `ip address`'s fields.

    `address` is the interface's own address with its prefix (`IFA_LOCAL`, else
    `IFA_ADDRESS`), as `ip address` shows it; `peer` is `IFA_ADDRESS` when it differs (the other
    end of a point-to-point link).
    """

    ifindex: int
    family: int
    address: Optional[IPInterface]
    prefixlen: int
    flags: int
    scope: int
    peer: Optional[IPAddress] = None
    broadcast: Optional[IPAddress] = None
    label: Optional[str] = None
    valid_lft: Optional[int] = None
    preferred_lft: Optional[int] = None


@dataclass(frozen=True)
class Neighbour:
    """A neighbour table entry (RTM_NEWNEIGH): `ip neigh`'s fields, and a forwarding entry's
    (`bridge fdb`, family NLRS_AF_BRIDGE): `vlan`, `master` (the bridge's index), and a VXLAN
    remote's `vni`, `port` and `remote_ifindex` (`via`); None when the kernel sent none."""

    ifindex: int
    family: int
    dst: Optional[IPAddress]
    lladdr: Optional[str]
    state: int
    flags: int
    type: int = 0
    vlan: Optional[int] = None
    master: Optional[int] = None
    vni: Optional[int] = None
    port: Optional[int] = None
    remote_ifindex: Optional[int] = None


class RoutePath(NamedTuple):
    """One path of a multipath route (`RTA_MULTIPATH`), as `ip route` lists it after
    `nexthop`: the interface's index, the gateway (an `ipaddress` address or None; an IPv4
    route's may be IPv6, `ip`'s `via inet6`), the weight as `ip` shows it (the kernel's
    `rtnh_hops` plus one) and the `RTNH_F_*` flags."""

    ifindex: int
    gateway: Optional[IPAddress]
    weight: int
    flags: int


class RouteExtra(NamedTuple):
    """What a route rarely has, kept apart from its flat fields: the paths, the metrics (as
    (name, value) pairs in `RTAX_*` order), the realms and the congestion control."""

    multipath: Tuple[RoutePath, ...] = ()
    metrics: Tuple[Tuple[str, int], ...] = ()
    flow: Optional[int] = None
    congctl: Optional[str] = None


_NO_EXTRA = RouteExtra()

# A route is the nlrs_route_info the C API decodes, kept as the tuple struct.unpack reads it
# from that struct (a large dump makes one per route, so building it costs one call); its
# properties turn the raw fields into Python values when read. A route with paths, metrics or
# realms (a few of a full table) has its RouteExtra appended, read from an nlrs_route: only
# those routes pay for it.
ROUTE_INFO, _RI = layout(_abi.nlrs_route_info)
_EXTRA = len(_RI)
# The bits of `has` that tell a route has a RouteExtra (NLRS_ROUTE_HAS_METRICS covers the
# congestion control, a metric): one test per route of a dump.
ROUTE_HAS = _RI["has"]
ROUTE_RARE = _abi.NLRS_ROUTE_HAS_MULTIPATH | _abi.NLRS_ROUTE_HAS_METRICS | _abi.NLRS_ROUTE_HAS_FLOW


def _extra(route: Tuple[Any, ...]) -> RouteExtra:
    return route[_EXTRA] if len(route) > _EXTRA else _NO_EXTRA


def _optional(field: str, bit: int) -> property:
    i, has = _RI[field], _RI["has"]
    return property(lambda self: self[i] if self[has] & bit else None)


def _address(field: str, bit: int) -> property:
    fam, addr, has = _RI[field + ".family"], _RI[field + ".addr"], _RI["has"]

    def get(self: Tuple[Any, ...]) -> Optional[IPAddress]:
        if not self[has] & bit:
            return None
        return ipaddress.ip_address(self[addr][: _ADDR_LEN[self[fam]]])

    return property(get)


def _prefix(field: str, length: str, bit: int) -> property:
    fam, addr, n, has = _RI[field + ".family"], _RI[field + ".addr"], _RI[length], _RI["has"]

    def get(self: Tuple[Any, ...]) -> Optional[IPNetwork]:
        if not self[has] & bit:
            return None
        return ipaddress.ip_network((self[addr][: _ADDR_LEN[self[fam]]], self[n]), strict=False)

    return property(get)


class Route(tuple):  # type: ignore[type-arg]
    """A route (RTM_NEWROUTE), as `ip route` lists it.

    `dst` is an `ipaddress` network, None for a default route; `gateway`, `prefsrc` are
    addresses or None; `oif`, `iif`, `priority` are None when the kernel sent none. `nexthops`
    is the number of multipath paths (0 for a single path); `nh_id` the nexthop object the
    route goes through (`ip`'s `nhid`), None for none. `table` is the whole 32-bit id. `pref`
    is an IPv6 route's preference (`ip`'s `pref`: ICMPV6_ROUTER_PREF_LOW, _MEDIUM or _HIGH;
    None for IPv4), `expires` the seconds left of a route that expires (`ip`'s `expires`,
    cut to whole seconds as `ip` prints them), None for one that does not, and for a
    mirror's route (the mirror keeps no countdown).

    `multipath` is the paths of a multipath route (RoutePath: `ifindex`, `gateway`, `weight`,
    `flags`), empty for a single path. `metrics` maps `ip`'s names of the metrics the route
    has (`RTAX_*` lower-cased: "mtu", "advmss", "window", "rtt", "hoplimit", ...) to the
    kernel's numbers (`rtt` in 1/8 ms and `rttvar` in 1/4 ms, as add_route() takes them),
    with "lock" the bits (`1 << nlrs.abi.NLRS_RTAX_*`) of the locked ones: the mapping
    add_route()'s `metrics` takes, so `add_route(..., metrics=r.metrics)` sets them again.
    It is empty for a route without. `flow` is the realms (`RTA_FLOW`: the source realm in the high 16 bits),
    `congctl` the congestion control algorithm (`ip`'s `congctl`, the metric add_route()
    takes as "cc_algo"), None for none.
    """

    __slots__ = ()

    family: int = property(itemgetter(_RI["family"]))  # type: ignore[assignment]
    dst_len: int = property(itemgetter(_RI["dst_len"]))  # type: ignore[assignment]
    src_len: int = property(itemgetter(_RI["src_len"]))  # type: ignore[assignment]
    tos: int = property(itemgetter(_RI["tos"]))  # type: ignore[assignment]
    protocol: int = property(itemgetter(_RI["protocol"]))  # type: ignore[assignment]
    scope: int = property(itemgetter(_RI["scope"]))  # type: ignore[assignment]
    type: int = property(itemgetter(_RI["type"]))  # type: ignore[assignment]
    table: int = property(itemgetter(_RI["table"]))  # type: ignore[assignment]
    flags: int = property(itemgetter(_RI["flags"]))  # type: ignore[assignment]
    nexthops: int = property(itemgetter(_RI["nexthops"]))  # type: ignore[assignment]
    oif: Optional[int] = _optional("oif", _abi.NLRS_ROUTE_HAS_OIF)  # type: ignore[assignment]
    iif: Optional[int] = _optional("iif", _abi.NLRS_ROUTE_HAS_IIF)  # type: ignore[assignment]
    priority: Optional[int] = _optional("priority", _abi.NLRS_ROUTE_HAS_PRIORITY)  # type: ignore[assignment]
    nh_id: Optional[int] = _optional("nh_id", _abi.NLRS_ROUTE_HAS_NH_ID)  # type: ignore[assignment]
    pref: Optional[int] = _optional("pref", _abi.NLRS_ROUTE_HAS_PREF)  # type: ignore[assignment]
    expires: Optional[int] = _optional("expires", _abi.NLRS_ROUTE_HAS_EXPIRES)  # type: ignore[assignment]
    dst: Optional[IPNetwork] = _prefix("dst", "dst_len", _abi.NLRS_ROUTE_HAS_DST)  # type: ignore[assignment]
    src: Optional[IPNetwork] = _prefix("src", "src_len", _abi.NLRS_ROUTE_HAS_SRC)  # type: ignore[assignment]
    gateway: Optional[IPAddress] = _address("gateway", _abi.NLRS_ROUTE_HAS_GATEWAY)  # type: ignore[assignment]
    prefsrc: Optional[IPAddress] = _address("prefsrc", _abi.NLRS_ROUTE_HAS_PREFSRC)  # type: ignore[assignment]

    @property
    def multipath(self) -> Tuple[RoutePath, ...]:
        """The paths of a multipath route; empty for a single path."""
        return _extra(self).multipath

    @property
    def metrics(self) -> Dict[str, int]:
        """The metrics by `ip`'s name, "lock" the locked ones' bits (a new dict each read)."""
        return dict(_extra(self).metrics)

    @property
    def flow(self) -> Optional[int]:
        """The realms (`RTA_FLOW`), None for none."""
        return _extra(self).flow

    @property
    def congctl(self) -> Optional[str]:
        """The congestion control algorithm (`RTAX_CC_ALGO`), None for none."""
        return _extra(self).congctl

    FIELDS = (
        "family", "dst", "dst_len", "src", "src_len", "gateway", "prefsrc", "oif", "iif",
        "priority", "table", "protocol", "scope", "type", "tos", "flags", "nexthops", "nh_id",
        "pref", "expires", "multipath", "metrics", "flow", "congctl",
    )

    def asdict(self) -> Dict[str, Any]:
        """The fields as a dict."""
        return {f: getattr(self, f) for f in self.FIELDS}

    def _key(self) -> Tuple[Any, ...]:
        # Fields whose NLRS_ROUTE_HAS_* bit is clear hold no meaning: compare what the
        # properties say, not the raw tuple; the rare ones as kept (hashable: metrics as pairs).
        return tuple(getattr(self, f) for f in self.FIELDS[:-4]) + (_extra(self),)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Route) and self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Route(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self.FIELDS) + ")"


def route_from_info(buf: Any, extra: Optional[RouteExtra] = None) -> Route:
    """A Route from a filled nlrs_route_info (any object with the buffer protocol) and, for a
    route that has paths, metrics or realms, what it has of them."""
    fields = ROUTE_INFO.unpack_from(buf)
    return tuple.__new__(Route, fields if extra is None else fields + (extra,))
