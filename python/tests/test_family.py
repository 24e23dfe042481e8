"""Families by their descriptions (nlrs.Family), compared with genl, ip -j and ethtool --json."""

import errno
import json
import selectors
import subprocess
from pathlib import Path
from typing import Any, Dict, Set

import pytest
from conftest import ROOT, genl_ctrl_list, ip, ip_json

import nlrs


def number(v: Any) -> int:
    """A number of a reply: an int, or hex text for the description's hex-displayed ones."""
    return int(v, 16) if isinstance(v, str) else int(v)


def test_builtins_and_ops() -> None:
    names = nlrs.Family.builtins()
    assert names == sorted(names)
    assert {"ethtool", "nlctrl", "rt-link"} <= set(names)
    with nlrs.Family("nlctrl") as f:
        ops = {o.name: o for o in f.ops()}
    assert ops["getfamily"] == nlrs.Operation("getfamily", do=True, dump=True)
    with pytest.raises(nlrs.NetlinkError) as info:
        nlrs.Family("no-such-family")
    assert info.value.errno == errno.ENOENT


def test_nlctrl_getfamily_equals_genl_ctrl_list() -> None:
    want = genl_ctrl_list()
    with nlrs.Family("nlctrl") as f:
        got = {m["family-name"]: number(m["family-id"]) for m in f.dump("getfamily")}
        assert got == want
        (reply,) = f.do("getfamily", {"family-name": "nlctrl"})
    assert number(reply["family-id"]) == nlrs.abi.NLRS_GENL_ID_CTRL
    # An indexed array's nests keep their index, {"1": {...}}, as the kernel's ynl prints them.
    assert "notify" in {g["name"] for item in reply["mcast-groups"] for g in item.values()}


def test_rt_link_dump_equals_ip_link(veth: None) -> None:
    ip("link", "set", "v0", "mtu", "1400")
    want = {(l["ifindex"], l["ifname"], l["mtu"], l.get("address")) for l in ip_json("link", "show")}
    with nlrs.Family("rt-link") as f:
        got = {(m["ifi-index"], m["ifname"], m["mtu"], m.get("address")) for m in f.dump("getlink")}
    assert len(want) == 3 and got == want


def bitset_names(bitset: Dict[str, Any]) -> Set[str]:
    """The names of the bits set in a verbose ethtool bitset: every bit listed when it has
    `nomask`, else those listed with `value`."""
    bits = bitset.get("bits", {}).get("bit", [])
    return {b["name"] for b in bits if bitset.get("nomask") or b.get("value")}


def ethtool_json(*args: str) -> Dict[str, Any]:
    out = subprocess.run(["ethtool", "--json", *args], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.fail(f"ethtool --json {' '.join(args)}: {out.stderr.strip()}")
    result: Dict[str, Any] = json.loads(out.stdout)[0]
    return result


def test_ethtool_features_equal_ethtool_k(veth: None) -> None:
    # One feature away from its default, so that wanted and active are not all alike.
    subprocess.run(["ethtool", "-K", "v0", "tx-checksum-ip-generic", "off"], check=True)
    with nlrs.Family("ethtool") as f:
        (reply,) = f.do("features-get", {"header": {"dev-name": "v0"}})
    assert reply["header"]["dev-name"] == "v0"
    hw, wanted, active, nochange = (bitset_names(reply[k]) for k in ("hw", "wanted", "active", "nochange"))
    assert "tx-checksum-ip-generic" not in active
    k = ethtool_json("-k", "v0")
    compared = 0
    for name in hw | wanted | active:
        if name in k:
            want = {"active": name in active, "fixed": name not in hw or name in nochange, "requested": name in wanted}
            assert k[name] == want, name
            compared += 1
    assert compared > 20


def test_ethtool_channels_set_and_get(veth: None) -> None:
    with nlrs.Family("ethtool") as f:
        (before,) = f.do("channels-get", {"header": {"dev-name": "v0"}})
        assert f.do("channels-set", {"header": {"dev-name": "v0"}, "rx-count": before["rx-max"]}) == []
        (after,) = f.do("channels-get", {"header": {"dev-name": "v0"}})
    assert after["rx-count"] == before["rx-max"]
    # ethtool 6.1 has no JSON for -l: its text, "RX:\t<n>" under "Current hardware settings:".
    text = subprocess.run(["ethtool", "-l", "v0"], capture_output=True, text=True, check=True).stdout
    current = text.split("Current hardware settings:")[1]
    rx = next(line.split(":")[1].strip() for line in current.splitlines() if line.startswith("RX:"))
    assert int(rx) == after["rx-count"]


def test_errors_name_the_attribute(veth: None) -> None:
    with nlrs.Family("ethtool") as f:
        with pytest.raises(nlrs.NetlinkError) as info:
            f.do("channels-get", {"header": {"dev-name": "no-such-dev"}})
        assert info.value.errno == errno.ENODEV
        assert info.value.attribute_path == "header.dev-name"
        assert str(info.value).endswith("(attribute header.dev-name)")
        # A value the description rules out never reaches the kernel.
        with pytest.raises(nlrs.NetlinkError) as info:
            f.do("channels-set", {"header": {"dev-index": "one"}})
        assert info.value.errno == errno.EINVAL and info.value.attribute_path == "header.dev-index"
        with pytest.raises(nlrs.NetlinkError) as info:
            f.do("no-such-op")
        assert info.value.errno == errno.EINVAL and info.value.attribute_path is None


def test_a_request_ends_a_dump_being_read(veth: None) -> None:
    with nlrs.Family("rt-link") as f:
        links = f.dump("getlink")
        first = next(links)
        assert f.do("getlink", {"ifname": first["ifname"]})[0]["ifi-index"] == first["ifi-index"]
        with pytest.raises(RuntimeError):
            next(links)
        assert len(list(f.dump("getlink"))) == 3


def test_subscribe_with_selectors() -> None:
    with nlrs.Family("rt-link") as f, selectors.DefaultSelector() as sel:
        f.subscribe("rtnlgrp-link")
        sel.register(f, selectors.EVENT_READ)
        assert f.read() == []
        ip("link", "add", "nt0", "type", "bridge")
        assert sel.select(timeout=5), "no notification in 5 s"
        notes = f.read()
    new = [n["msg"] for n in notes if n["name"] == "newlink-ntf"]
    assert new and all(m["ifname"] == "nt0" for m in new), notes


def test_load_and_check(tmp_path: Path) -> None:
    with nlrs.Family.load(ROOT / "specs" / "nlctrl.yaml") as f:
        assert f.check() == []
        (reply,) = f.do("getfamily", {"family-name": "nlctrl"})
    assert reply["family-name"] == "nlctrl"
    # netdev's dev-get with its ifindex typed u16: check() names the operation and attribute.
    wrong = tmp_path / "netdev.yaml"
    wrong.write_text(
        "name: netdev\nprotocol: genetlink\ndoc: netdev, wrongly described.\n"
        "attribute-sets:\n  - {name: dev, attributes: [{name: ifindex, type: u16}]}\n"
        "operations:\n  list:\n"
        "    - {name: dev-get, doc: Get., attribute-set: dev, do: {request: {attributes: [ifindex]}}}\n"
    )
    with nlrs.Family.load(wrong) as f:
        lines = f.check()
    assert any("operation dev-get" in l and "attribute ifindex" in l for l in lines), lines
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nattribute-sets: [\n")
    with pytest.raises(nlrs.NetlinkError) as info:
        nlrs.Family.load(broken)
    assert info.value.errno == errno.EINVAL and "broken.yaml" in str(info.value)
    with pytest.raises(nlrs.NetlinkError) as info:
        nlrs.Family("rt-link").check()
    assert info.value.errno == errno.EINVAL
