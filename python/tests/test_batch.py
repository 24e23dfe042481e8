"""Socket.batch(): several requests in one send, each ACK matched to its request, checked
against what `ip -j` reads back and what `ip` itself reports for the same request."""

import errno
import ipaddress
import struct
import subprocess
from typing import List

import nlrs
from conftest import ip_json

A = nlrs.abi
TABLE = 100


def route_add(dst: str, gateway: str) -> nlrs.Request:
    """RTM_NEWROUTE for `dst`/32 via `gateway` in TABLE, as `ip route add` sends it (struct
    rtmsg packed by hand: the header has no struct for it)."""
    rtmsg = struct.pack(
        "=BBBBBBBBI", A.NLRS_AF_INET, 32, 0, 0, 0, A.NLRS_RTPROT_BOOT, A.NLRS_RT_SCOPE_UNIVERSE, A.NLRS_RTN_UNICAST, 0
    )
    return (
        nlrs.Request(A.NLRS_RTM_NEWROUTE, A.NLRS_NLM_F_CREATE | A.NLRS_NLM_F_EXCL)
        .header(rtmsg)
        .put_bytes(A.NLRS_RTA_DST, ipaddress.IPv4Address(dst).packed)
        .put_bytes(A.NLRS_RTA_GATEWAY, ipaddress.IPv4Address(gateway).packed)
        .put_u32(A.NLRS_RTA_TABLE, TABLE)
    )


def table_dsts() -> List[str]:
    return sorted(r["dst"] for r in ip_json("route", "show", "table", str(TABLE)))


def test_a_batch_of_route_adds_reads_back_with_ip(veth: None) -> None:
    dsts = [f"11.0.{i // 250}.{i % 250}" for i in range(300)]  # many datagrams' worth
    with nlrs.Socket() as s:
        assert s.batch(route_add(d, "10.9.9.2") for d in dsts) == [None] * len(dsts)
        assert s.batch([]) == []
    assert table_dsts() == sorted(dsts)
    for r in ip_json("-d", "route", "show", "table", str(TABLE)):
        assert (r["gateway"], r["dev"], r["protocol"]) == ("10.9.9.2", "v0", "boot")


def test_a_failing_request_in_the_middle_gets_its_own_error(veth: None) -> None:
    # The oracle for the error: what the kernel tells `ip` for the same request.
    out = subprocess.run(
        ["ip", "route", "add", "12.0.0.9/32", "via", "10.200.0.1", "table", str(TABLE)], capture_output=True, text=True
    )
    assert out.returncode != 0
    requests = [
        route_add("12.0.0.1", "10.9.9.2"),
        route_add("12.0.0.2", "10.9.9.2"),
        route_add("12.0.0.3", "10.200.0.1"),  # no route to the gateway
        route_add("12.0.0.1", "10.9.9.2"),  # already there (the first request)
        route_add("12.0.0.5", "10.9.9.2"),
    ]
    with nlrs.Socket() as s:
        results = s.batch(requests)
        assert [r is None for r in results] == [True, True, False, False, True]
        bad, dup = results[2], results[3]
        assert isinstance(bad, nlrs.NetlinkError) and bad.errno == errno.ENETUNREACH
        assert bad.kernel_message and bad.kernel_message in out.stderr
        assert bad.kernel_message in str(bad)
        assert isinstance(dup, nlrs.NetlinkError) and dup.errno == errno.EEXIST
        # The socket goes on after a batch with failures.
        assert sorted(link.name for link in s.links()) == ["lo", "v0", "v1"]
    assert table_dsts() == ["12.0.0.1", "12.0.0.2", "12.0.0.5"]

