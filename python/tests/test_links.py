"""Links: dumps compared with `ip -j link`, changes seen by `ip`, errors with the kernel's text."""

import dataclasses
import errno
import ipaddress
import json
import os
import socket
import subprocess

import pytest

import nlrs
from conftest import ip, ip_json, other_netns


def test_links_equal_ip_link(veth: None) -> None:
    ip("link", "add", "br0", "type", "bridge")
    ip("link", "set", "v1", "master", "br0")
    with nlrs.Socket() as s:
        links = {link.ifindex: link for link in s.links()}
    want = ip_json("-d", "link", "show")
    assert sorted(links) == sorted(e["ifindex"] for e in want)
    for e in want:
        link = links[e["ifindex"]]
        assert link.name == e["ifname"]
        assert link.mtu == e["mtu"]
        assert link.up == ("UP" in e["flags"])
        assert link.master == (ip_json("link", "show", e["master"])[0]["ifindex"] if "master" in e else None)
        assert link.kind == e.get("linkinfo", {}).get("info_kind")
        assert link.address == e.get("address")
        assert link.txqlen == e.get("txqlen")


def test_set_link_by_name_and_index(veth: None) -> None:
    with nlrs.Socket() as s:
        s.set_link("v0", mtu=1400, up=False)
        assert ip_json("link", "show", "v0")[0]["mtu"] == 1400
        assert "UP" not in ip_json("link", "show", "v0")[0]["flags"]
        index = s.ifindex("v0")
        s.set_link(index, up=True, name="v9", address="02:00:00:00:00:09")
        e = ip_json("link", "show", "v9")[0]
        assert e["ifindex"] == index and "UP" in e["flags"] and e["address"] == "02:00:00:00:00:09"
        assert s.link("v9") == s.link(index)


def test_mtu_too_small_is_einval_with_the_kernels_text(veth: None) -> None:
    with nlrs.Socket() as s:
        with pytest.raises(nlrs.NetlinkError) as info:
            s.set_link("v0", mtu=10)
    e = info.value
    assert isinstance(e, OSError)
    assert e.errno == errno.EINVAL and e.code == -errno.EINVAL
    assert e.kernel_message == "mtu less than device minimum"
    assert "mtu less than device minimum" in str(e)
    assert ip_json("link", "show", "v0")[0]["mtu"] == 1500


def test_unknown_link_is_enodev() -> None:
    with nlrs.Socket() as s:
        with pytest.raises(nlrs.NetlinkError) as info:
            s.set_link("nosuchdev", mtu=1400)
    assert info.value.errno == errno.ENODEV
    assert info.value.kernel_message is None


def test_attribute_path_of_a_refused_attribute() -> None:
    # A veth whose peer (VETH_INFO_PEER, 1, a nest) is a u16: the kernel's policy refuses it
    # and points at it, three levels down.
    req = nlrs.Request(nlrs.abi.NLRS_RTM_NEWLINK, nlrs.abi.NLRS_NLM_F_CREATE | nlrs.abi.NLRS_NLM_F_EXCL)
    req.header(nlrs.abi.nlrs_ifinfomsg())
    req.put_string(nlrs.abi.NLRS_IFLA_IFNAME, "x0")
    with req.nest(nlrs.abi.NLRS_IFLA_LINKINFO):
        req.put_string(nlrs.abi.NLRS_IFLA_INFO_KIND, "veth")
        with req.nest(nlrs.abi.NLRS_IFLA_INFO_DATA):
            req.put_u16(1, 5)
    with nlrs.Socket() as s:
        with pytest.raises(nlrs.NetlinkError) as info:
            s.request(req)
    e = info.value
    assert e.errno == errno.ERANGE
    assert e.kernel_message == "Attribute failed policy validation"
    assert e.attribute_path == "IFLA_LINKINFO > IFLA_INFO_DATA > 1"
    assert e.attribute_types == (nlrs.abi.NLRS_IFLA_LINKINFO, nlrs.abi.NLRS_IFLA_INFO_DATA, 1)
    assert str(e).endswith("Attribute failed policy validation (attribute IFLA_LINKINFO > IFLA_INFO_DATA > 1)")


def test_create_and_delete_links() -> None:
    with nlrs.Socket() as s:
        s.add_veth("a0", "a1")
        s.add_bridge("br9")
        names = {link.name for link in s.links()}
        assert {"a0", "a1", "br9"} <= names
        assert ip_json("-d", "link", "show", "br9")[0]["linkinfo"]["info_kind"] == "bridge"
        s.delete_link("a0")
        s.delete_link(s.ifindex("br9"))
        assert {link.name for link in s.links()} == {"lo"}
        with pytest.raises(nlrs.NetlinkError) as info:
            s.add_bridge("lo")
        assert info.value.errno == errno.EEXIST


def test_a_name_that_is_not_utf8_survives() -> None:
    raw = b"n\xff0"
    subprocess.run([b"ip", b"link", b"add", raw, b"type", b"bridge"], check=True)
    with nlrs.Socket() as s:
        names = [os.fsencode(link.name) for link in s.links() if link.name is not None]
        assert raw in names
        assert os.fsencode(s.link(os.fsdecode(raw)).name) == raw


def test_raw_dump_through_request_and_message() -> None:
    req = nlrs.Request(nlrs.abi.NLRS_RTM_GETLINK).header(nlrs.abi.nlrs_ifinfomsg())
    with nlrs.Socket() as s:
        msgs = list(s.dump(req))
    assert [m.type for m in msgs] == [nlrs.abi.NLRS_RTM_NEWLINK]
    ifi = msgs[0].header_as(nlrs.abi.nlrs_ifinfomsg)
    assert ifi.ifi_index == 1
    attrs = {a.type: a for a in msgs[0].attrs(len(bytes(ifi)))}
    assert attrs[nlrs.abi.NLRS_IFLA_IFNAME].string() == "lo"
    assert attrs[nlrs.abi.NLRS_IFLA_MTU].u32() == 65536
    copy = nlrs.Message(bytes(bytearray(msgs[0].data)))  # a message compares by value
    assert copy == msgs[0] and len({copy, msgs[0]}) == 1
    assert msgs[0] != nlrs.Message(msgs[0].data[:-4])


def test_closed_socket_and_dump_after_close() -> None:
    s = nlrs.Socket()
    gen = s.links()
    assert next(gen).name == "lo"
    s.close()
    with pytest.raises(nlrs.NetlinkError) as info:
        next(gen)
    assert info.value.code == -nlrs.abi.NLRS_E_CONSUMED
    with pytest.raises(ValueError):
        s.fileno()
    s.close()


def _ip_link(name: str) -> dict:
    return ip_json("-d", "link", "show", name)[0]


def test_alias_altnames_and_counts_equal_ip(veth: None) -> None:
    with nlrs.Socket() as s:
        s.set_link("v0", alias="the uplink")
        s.add_altname("v0", "first")
        s.add_altname("v0", "an-alternative-name-past-ifnamsiz")
        ip("link", "set", "v0", "group", "5", "promisc", "on")
        e = _ip_link("v0")
        assert e["ifalias"] == "the uplink"
        assert e["altnames"] == ["first", "an-alternative-name-past-ifnamsiz"]
        link = s.link("an-alternative-name-past-ifnamsiz")
        assert link.name == "v0"
        assert link.alias == e["ifalias"]
        assert list(link.altnames) == e["altnames"]
        assert link.promiscuity == e["promiscuity"] == 1
        assert link.group == int(e["group"]) == 5
        assert (link.num_tx_queues, link.num_rx_queues) == (e["num_tx_queues"], e["num_rx_queues"])
        # A veth has a carrier while its peer is up.
        assert link.carrier is True and "LOWER_UP" in e["flags"]
        s.set_link("v1", up=False)
        assert s.link("v0").carrier is False and "LOWER_UP" not in _ip_link("v0")["flags"]
        s.delete_altname("v0", "first")
        s.set_link("v0", alias="")
        e = _ip_link("v0")
        assert "ifalias" not in e and e["altnames"] == ["an-alternative-name-past-ifnamsiz"]
        link = s.link("v0")
        assert (link.alias, link.altnames) == (None, ("an-alternative-name-past-ifnamsiz",))
        with pytest.raises(nlrs.NetlinkError) as info:
            s.delete_altname("v0", "first")
        assert info.value.errno == errno.ENOENT


# Each kind as nlrs makes it, as ip makes its twin, and the fields it reads back.
_KINDS = [
    ("dummy", lambda s: s.add_dummy("k0"), ["k1", "type", "dummy"], {}),
    (
        "vlan",
        lambda s: s.add_vlan("k0", "v0", 7, "802.1ad"),
        ["link", "v0", "name", "k1", "type", "vlan", "id", "7", "protocol", "802.1ad"],
        {"vlan_id": 7, "vlan_protocol": nlrs.abi.NLRS_ETH_P_8021AD},
    ),
    ("vrf", lambda s: s.add_vrf("k0", 1000), ["k1", "type", "vrf", "table", "1001"], {"vrf_table": 1000}),
    (
        "bond",
        lambda s: s.add_bond("k0", "active-backup"),
        ["k1", "type", "bond", "mode", "active-backup"],
        {"bond_mode": nlrs.abi.NLRS_BOND_MODE_ACTIVE_BACKUP},
    ),
    (
        "ipvlan",
        lambda s: s.add_ipvlan("k0", "v0", "l2"),
        ["link", "v0", "name", "k1", "type", "ipvlan", "mode", "l2"],
        {"ipvlan_mode": nlrs.abi.NLRS_IPVLAN_MODE_L2},
    ),
]


@pytest.mark.parametrize("kind,make,ip_args,fields", _KINDS, ids=[k[0] for k in _KINDS])
def test_new_kinds_as_ip_makes_them(veth: None, kind, make, ip_args, fields) -> None:
    theirs = subprocess.run(["ip", "link", "add", *ip_args], capture_output=True, text=True)
    with nlrs.Socket() as s:
        try:
            make(s)
        except nlrs.NetlinkError as e:
            # Refused alike: this kernel lacks the kind's module.
            assert theirs.returncode != 0 and "Unknown device type" in theirs.stderr
            assert e.errno == errno.EOPNOTSUPP
            return
        assert theirs.returncode == 0, theirs.stderr
        link = s.link("k0")
    assert link.kind == kind == _ip_link("k0")["linkinfo"]["info_kind"]
    for field, value in fields.items():
        assert getattr(link, field) == value, field


def test_type_netnsid_and_counters_equal_ip(veth: None) -> None:
    # lo's counters, after traffic only this test makes (nothing else runs in the namespace).
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        for _ in range(5):
            u.sendto(b"x" * 100, ("127.0.0.1", 9))
    child = other_netns()
    try:
        ip("link", "set", "v1", "netns", str(child.pid))  # v0's peer now lives elsewhere
        with nlrs.Socket() as s:
            links = {link.name: link for link in s.links()}
    finally:
        child.kill()
        child.wait()
    want = {e["ifname"]: e for e in ip_json("-s", "link", "show")}
    assert sorted(links) == sorted(want) == ["lo", "v0"]
    assert (links["lo"].link_type, links["v0"].link_type) == (772, 1)
    assert (want["lo"]["link_type"], want["v0"]["link_type"]) == ("loopback", "ether")
    assert links["v0"].link_netnsid == want["v0"]["link_netnsid"] and links["lo"].link_netnsid is None
    stats = links["lo"].stats
    assert stats is not None and stats.tx_packets >= 5
    for direction in ("rx", "tx"):
        e = want["lo"]["stats64"][direction]
        assert getattr(stats, f"{direction}_bytes") == e["bytes"]
        assert getattr(stats, f"{direction}_packets") == e["packets"]
        assert getattr(stats, f"{direction}_errors") == e["errors"]
        assert getattr(stats, f"{direction}_dropped") == e["dropped"]
    # Counters are not what a link is: two reads compare equal whatever the traffic between.
    assert links["lo"] == dataclasses.replace(links["lo"], stats=None)


def test_macvlan_and_vxlan_equal_ip(veth: None) -> None:
    with nlrs.Socket() as s:
        s.add_macvlan("mv0", "v0", "bridge")
        s.add_macvlan("mv1", "v0")
        s.add_vxlan("vx0", 42, port=4789, parent="v0", local="10.9.9.1", remote="10.0.0.9")
        s.add_vxlan("vx1", 43, parent="v0", group=ipaddress.ip_address("239.1.1.1"))
        with pytest.raises(ValueError):
            s.add_macvlan("mv2", "v0", "no-such-mode")
        assert s.link("mv0").link == s.ifindex("v0") and s.link("vx0").kind == "vxlan"
    assert _ip_link("mv0")["linkinfo"]["info_data"]["mode"] == "bridge"
    assert _ip_link("mv1")["linkinfo"]["info_data"]["mode"] == "vepa"  # `ip`'s default
    vx0 = _ip_link("vx0")["linkinfo"]["info_data"]
    assert (vx0["id"], vx0["port"], vx0["link"], vx0["local"], vx0["remote"]) == (42, 4789, "v0", "10.9.9.1", "10.0.0.9")
    vx1 = _ip_link("vx1")["linkinfo"]["info_data"]
    assert (vx1["id"], vx1["port"], vx1["group"]) == (43, 8472, "239.1.1.1")  # the kernel's port


def test_set_link_moves_it_to_another_namespace(veth: None) -> None:
    child = other_netns()
    try:
        path = f"/proc/{child.pid}/ns/net"
        with nlrs.Socket() as s:
            s.set_link("v1", netns=path)
            fd = os.open(path, os.O_RDONLY)
            try:
                s.add_veth("w0", "w1")
                s.set_link("w1", netns=fd)
            finally:
                os.close(fd)
        there = subprocess.run(["nsenter", "-t", str(child.pid), "-n", "ip", "-j", "link", "show"], capture_output=True, text=True, check=True)
        assert sorted(e["ifname"] for e in json.loads(there.stdout)) == ["lo", "v1", "w1"]
        assert sorted(e["ifname"] for e in ip_json("link", "show")) == ["lo", "v0", "w0"]
        with pytest.raises(FileNotFoundError):
            nlrs.Socket().set_link("v0", netns="/run/netns/no-such-namespace")
    finally:
        child.kill()
        child.wait()
