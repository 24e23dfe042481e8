"""Generic netlink: families compared with `genl ctrl`, a request built by hand."""

import pytest
from conftest import genl_ctrl_list

import nlrs


def test_nlctrl_family() -> None:
    with nlrs.Socket("generic") as s:
        fam = s.genl_family("nlctrl")
        assert fam.id == nlrs.abi.NLRS_GENL_ID_CTRL and fam.name == "nlctrl"
        assert "notify" in fam.groups
        names = {f.name for f in s.genl_families()}
        assert "nlctrl" in names
        # The controller's GETFAMILY, built by hand: the same id back.
        req = fam.request(nlrs.abi.NLRS_CTRL_CMD_GETFAMILY)
        req.put_string(nlrs.abi.NLRS_CTRL_ATTR_FAMILY_NAME, "nlctrl")
        (reply,) = s.request(req)
        attrs = {a.type: a for a in reply.attrs(len(bytes(nlrs.abi.nlrs_genlmsghdr())))}
        assert attrs[nlrs.abi.NLRS_CTRL_ATTR_FAMILY_ID].u16() == fam.id
        assert attrs[nlrs.abi.NLRS_CTRL_ATTR_FAMILY_NAME].string() == "nlctrl"
        # CTRL_ATTR_FAMILY_NAME (2) of GETFAMILY's policy: a string of at most GENL_NAMSIZ - 1.
        assert "policy 0 attr 2: nul-string max_len 15" in s.genl_policy("nlctrl").splitlines()


def test_families_equal_genl_ctrl_list() -> None:
    want = genl_ctrl_list()
    with nlrs.Socket("generic") as s:
        got = {f.name: f.id for f in s.genl_families()}
    assert got == want


def test_unknown_family_is_enoent() -> None:
    with nlrs.Socket("generic") as s:
        with pytest.raises(nlrs.NetlinkError) as info:
            s.genl_family("no-such-family")
    assert info.value.errno == 2


def test_the_attribute_the_kernel_says_is_missing() -> None:
    with nlrs.Socket("generic") as s:
        try:
            fam = s.genl_family("netdev")
        except nlrs.NetlinkError:
            pytest.skip("no netdev family in this kernel")
        with pytest.raises(nlrs.NetlinkError) as info:
            s.request(fam.request(1))  # NETDEV_CMD_DEV_GET without NETDEV_A_DEV_IFINDEX (1)
    assert info.value.errno == 22 and info.value.missing_attribute == 1
    with nlrs.Socket() as s:
        with pytest.raises(nlrs.NetlinkError) as other:
            s.delete_link(999)
    assert other.value.missing_attribute is None
