"""Arguments the C API cannot hold are refused in Python, never sent as another value.

ctypes converts an int to a C integer by dropping its high bits: without a check, an index of
2**32 + 1 would be 1 (`lo`), a priority of 2**32 + 5 would be 5. Every case here is checked
against what the kernel holds afterwards (`ip -j`): nothing changed.
"""

import ipaddress
from typing import Any, Callable

import pytest

import nlrs
from conftest import ip, ip_json


def refused(error: type, call: Callable[[], Any]) -> str:
    with pytest.raises(error) as info:
        call()
    return str(info.value)


def test_an_index_out_of_range_is_not_another_link(veth: None) -> None:
    lo = ip_json("link", "show", "lo")[0]["ifindex"]
    with nlrs.Socket() as s:
        assert "out of range" in refused(ValueError, lambda: s.link(2**32 + lo))
        refused(ValueError, lambda: s.link(-1))
        refused(ValueError, lambda: s.delete_link(2**32 + lo))
        refused(TypeError, lambda: s.link(1.0))  # type: ignore[arg-type]
    assert ip_json("link", "show", "lo")


def test_link_settings_out_of_range_change_nothing(veth: None) -> None:
    with nlrs.Socket() as s:
        refused(ValueError, lambda: s.set_link("v0", mtu=2**32 + 1400))
        refused(ValueError, lambda: s.set_link("v0", txqlen=-1))
        assert "float" in refused(TypeError, lambda: s.set_link("v0", mtu=1400.0))  # type: ignore[arg-type]
        refused(TypeError, lambda: s.set_link("v0", mtu="1400"))  # type: ignore[arg-type]
        refused(ValueError, lambda: s.add_vlan("vl0", "v0", 2**16 + 5))
        refused(ValueError, lambda: s.add_bond("b0", mode="no-such-mode"))
        refused(ValueError, lambda: s.add_ipvlan("ipv0", "v0", mode="l4"))
        refused(ValueError, lambda: s.add_vlan("vl0", "v0", 5, protocol="802.1X"))
    e = ip_json("-d", "link", "show", "v0")[0]
    assert (e["mtu"], e["txqlen"]) == (1500, 1000)
    assert [x["ifname"] for x in ip_json("link", "show")] == ["lo", "v1", "v0"]


def test_route_fields_out_of_range_add_nothing(veth: None) -> None:
    with nlrs.Socket() as s:
        refused(ValueError, lambda: s.add_route("10.1.0.0/16", oif="v0", priority=2**32 + 5))
        refused(ValueError, lambda: s.add_route("10.1.0.0/16", oif="v0", table=2**32 + 100))
        refused(ValueError, lambda: s.add_route("10.1.0.0/16", oif="v0", tos=256))
        refused(ValueError, lambda: s.add_route("10.1.0.0/16", oif="v0", metrics={"mtu": 2**32 + 1400}))
        paths = [{"oif": "v0", "gateway": "10.9.9.2", "hops": 256}]
        refused(ValueError, lambda: s.add_route("10.1.0.0/16", multipath=paths))
        refused(ValueError, lambda: list(s.routes(table=2**32 + 254)))
        refused(ValueError, lambda: list(s.routes(oif=2**32 + s.ifindex("v0"))))
    assert ip_json("route", "show", "table", "all", "10.1.0.0/16") == []
    with nlrs.Mirror(links=False, addresses=False, routes=True) as m:
        refused(ValueError, lambda: m.route("10.9.9.0/24", table=2**32 + 254))
        refused(ValueError, lambda: m.lookup("10.9.9.1", table=-1))
    with pytest.raises(ValueError):
        nlrs.Monitor([2**32 + 1])


def test_addresses_as_ipaddress_objects_or_text(veth: None) -> None:
    with nlrs.Socket() as s:
        s.add_address("v0", ipaddress.ip_interface("10.7.0.1/24"))
        s.add_route(ipaddress.ip_network("10.8.0.0/16"), gateway=ipaddress.ip_address("10.7.0.2"))
        s.add_neighbour("v0", ipaddress.ip_address("10.7.0.3"), "02:00:00:00:00:03")
        assert s.route_get(ipaddress.ip_address("10.8.1.1")).gateway == ipaddress.ip_address("10.7.0.2")
        refused(ValueError, lambda: s.add_address("v0", "10.7.0.300/24"))
        refused(ValueError, lambda: s.add_route("10.8.0.1/16", oif="v0"))  # host bits set
    assert "10.7.0.1" in ip("-4", "addr", "show", "v0")
    assert ip_json("route", "show", "10.8.0.0/16")[0]["gateway"] == "10.7.0.2"
    assert ip_json("neigh", "show", "10.7.0.3")[0]["lladdr"] == "02:00:00:00:00:03"


def test_a_negative_timeout_is_refused() -> None:
    # It became 1 ms: every call on the socket then timed out.
    with pytest.raises(ValueError):
        nlrs.Socket(timeout=-1)
    with nlrs.Socket() as s:
        for bad in (-5, -0.0001, float("nan"), float("inf")):
            refused(ValueError, lambda: s.set_timeout(bad))
        s.set_timeout(0.5)
        assert [link.name for link in s.links()] == ["lo"]


def test_hardware_addresses_as_text_or_bytes(veth: None) -> None:
    with nlrs.Socket() as s:
        s.add_neighbour("v0", "10.9.9.7", b"\x02\x00\x00\x00\x00\x07")  # as set_link's address=
        assert "not a hardware address" in refused(ValueError, lambda: s.add_neighbour("v0", "10.9.9.8", "zz"))
        assert "not a hardware address" in refused(ValueError, lambda: s.set_link("v0", address="02:zz"))
    assert ip_json("neigh", "show", "10.9.9.7")[0]["lladdr"] == "02:00:00:00:00:07"
