"""Addresses and neighbours: dumps compared with `ip -j`, changes seen by `ip`."""

import errno
import ipaddress
import json
import subprocess

import pytest

import nlrs
from conftest import ip, ip_json


def test_addresses_equal_ip_addr(veth: None) -> None:
    ip("addr", "add", "10.9.8.1/24", "dev", "v0", "label", "v0:x")
    ip("-6", "addr", "add", "2001:db8::1/64", "dev", "v1", "nodad")
    with nlrs.Socket() as s:
        got = {(a.ifindex, str(a.address)): a for a in s.addresses()}
    want = {}
    for link in ip_json("addr", "show"):
        for e in link["addr_info"]:
            want[(link["ifindex"], f"{e['local']}/{e['prefixlen']}")] = e
    assert set(got) == set(want)
    for key, e in want.items():
        a = got[key]
        assert a.prefixlen == e["prefixlen"]
        assert a.label == e.get("label")
        assert a.family == (nlrs.abi.NLRS_AF_INET if e["family"] == "inet" else nlrs.abi.NLRS_AF_INET6)


def test_add_and_delete_addresses(veth: None) -> None:
    with nlrs.Socket() as s:
        s.add_address("v1", "10.9.7.1/24", label="v1:a")
        s.add_address("v1", "2001:db8::7/64", flags=nlrs.abi.NLRS_IFA_F_NODAD)
        mine = {str(a.address) for a in s.addresses("v1")}
        assert {"10.9.7.1/24", "2001:db8::7/64"} <= mine
        assert ipaddress.ip_interface("10.9.7.1/24") in {a.address for a in s.addresses(family=4)}
        assert all(a.family == nlrs.abi.NLRS_AF_INET6 for a in s.addresses(family=6))
        with pytest.raises(nlrs.NetlinkError) as info:
            s.add_address("v1", "10.9.7.1/24")
        assert info.value.errno == errno.EEXIST
        s.delete_address("v1", "10.9.7.1/24")
        with pytest.raises(nlrs.NetlinkError) as info:
            s.delete_address("v1", "10.9.7.1/24")
        assert info.value.errno == errno.EADDRNOTAVAIL
    assert "10.9.7.1" not in [e["local"] for link in ip_json("addr", "show", "v1") for e in link["addr_info"]]


def test_neighbours_equal_ip_neigh(veth: None) -> None:
    ip("neigh", "add", "10.9.9.5", "lladdr", "02:00:00:00:00:05", "dev", "v0", "nud", "permanent")
    with nlrs.Socket() as s:
        s.add_neighbour("v0", "10.9.9.6", "02:00:00:00:00:06")
        s.add_neighbour("v0", "10.9.9.6", "02:00:00:00:00:07", mode="replace")
        got = {(n.ifindex, str(n.dst)): n for n in s.neighbours(family=4)}
        want = {(s.ifindex(e["dev"]), e["dst"]): e for e in ip_json("-4", "neigh", "show")}
        assert set(got) == set(want)
        for key, e in want.items():
            assert got[key].lladdr == e.get("lladdr")
            assert got[key].state & nlrs.abi.NLRS_NUD_PERMANENT
        s.delete_neighbour("v0", "10.9.9.6")
        with pytest.raises(nlrs.NetlinkError) as info:
            s.delete_neighbour("v0", "10.9.9.6")
        assert info.value.errno == errno.ENOENT
    assert [e["dst"] for e in ip_json("-4", "neigh", "show")] == ["10.9.9.5"]


def test_neighbour_flags_and_proxy_entries(veth: None) -> None:
    ip("-6", "neigh", "add", "2001:db8::5", "lladdr", "02:00:00:00:00:05", "dev", "v0", "router")
    ip("neigh", "add", "proxy", "10.9.9.50", "dev", "v0")
    with nlrs.Socket() as s:
        s.add_neighbour("v0", "2001:db8::6", "02:00:00:00:00:06", flags=["router", "ext_learned"])
        s.add_neighbour("v0", "10.9.9.51", flags="proxy")
        s.add_neighbour("v1", "2001:db8::52", flags=nlrs.abi.NLRS_NTF_PROXY)
        flags = {str(n.dst): n.flags for n in s.neighbours(family=6)}
        proxies = {(n.ifindex, str(n.dst), n.flags, n.lladdr) for n in s.neighbours(proxy=True)}
        v0, v1 = s.ifindex("v0"), s.ifindex("v1")
        assert {(n.ifindex, str(n.dst)) for n in s.neighbours("v0", proxy=True)} == {(v0, "10.9.9.50"), (v0, "10.9.9.51")}
    router, learned = nlrs.abi.NLRS_NTF_ROUTER, nlrs.abi.NLRS_NTF_EXT_LEARNED
    assert flags == {"2001:db8::5": router, "2001:db8::6": router | learned}
    six = {e["dst"]: e for e in ip_json("-6", "neigh", "show")}
    assert "router" in six["2001:db8::6"] and "extern_learn" in six["2001:db8::6"]
    index = {"v0": v0, "v1": v1}
    want = {(index[e["dev"]], e["dst"], nlrs.abi.NLRS_NTF_PROXY, None) for e in ip_json("neigh", "show", "proxy")}
    assert proxies == want == {(v0, "10.9.9.50", 8, None), (v0, "10.9.9.51", 8, None), (v1, "2001:db8::52", 8, None)}
    with nlrs.Socket() as s:
        # A proxy entry is no neighbour: deleting it takes the flag.
        with pytest.raises(nlrs.NetlinkError) as info:
            s.delete_neighbour("v0", "10.9.9.51")
        assert info.value.errno == errno.ENOENT
        s.delete_neighbour("v0", "10.9.9.51", flags="proxy")
    assert [e["dst"] for e in ip_json("neigh", "show", "proxy", "dev", "v0")] == ["10.9.9.50"]


def bridge_json(*args: str) -> list:
    out = subprocess.run(["bridge", "-j", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout) if out.stdout.strip() else []


def test_forwarding_entries_equal_bridge_fdb(veth: None) -> None:
    ip("link", "add", "br0", "type", "bridge")
    ip("link", "set", "v1", "master", "br0")
    subprocess.run(["bridge", "fdb", "add", "02:00:00:00:00:05", "dev", "v1", "master", "static"], check=True)
    ip("link", "add", "vx0", "type", "vxlan", "id", "42", "dstport", "4789", "dev", "v0")
    subprocess.run(
        ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "vx0", "dst", "10.0.0.9", "vni", "100", "port", "4790", "via", "v0"],
        check=True,
    )
    index = {e["ifname"]: e["ifindex"] for e in ip_json("link", "show")}
    with nlrs.Socket() as s:
        got = {(n.ifindex, n.lladdr): n for n in s.neighbours(family="bridge") if n.ifindex in (index["v1"], index["vx0"])}
    want = [(dev, e) for dev in ("v1", "vx0") for e in bridge_json("fdb", "show", "dev", dev)]
    assert len(want) >= 3 and sorted(got) == sorted((index[dev], e["mac"]) for dev, e in want)
    for dev, e in want:
        n = got[(index[dev], e["mac"])]
        assert n.master == (index[e["master"]] if "master" in e else None)
        assert n.vlan == e.get("vlan")
        assert n.vni == e.get("vni") and n.port == e.get("port")
        assert n.remote_ifindex == (index[e["viaIf"]] if "viaIf" in e else None)
        assert n.dst == (ipaddress.ip_address(e["dst"]) if "dst" in e else None)
    assert got[(index["vx0"], "00:00:00:00:00:00")].vni == 100  # the oracle has what is compared
