"""The Python examples in c-examples/: their output checked against `ip -j` and `genl`; and the
snippets of python/README.md and of the package's docstrings, run."""

import ast
import json
import re
import subprocess
import sys
import textwrap
import time
from typing import List, Tuple

import pytest

from conftest import ROOT, genl_ctrl_list, ip, ip_json

EXAMPLES = ROOT / "c-examples"


def run(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True, timeout=60)


def test_link_dump_prints_ip_link(veth: None) -> None:
    ip("link", "set", "v1", "down", "mtu", "1450")
    out = run("link_dump.py")
    assert out.returncode == 0 and out.stderr == ""
    want = "".join(
        f"{e['ifindex']} {e['ifname']} mtu {e['mtu']} {'UP' if 'UP' in e['flags'] else 'DOWN'}\n"
        for e in ip_json("link", "show")
    )
    assert out.stdout == want


def test_set_mtu_sets_and_reports_the_kernels_text(veth: None) -> None:
    assert run("set_mtu.py", "v0", "1400").returncode == 0
    assert ip_json("link", "show", "v0")[0]["mtu"] == 1400
    out = run("set_mtu.py", "v0", "10")
    assert out.returncode == 1
    assert out.stderr == "error: Invalid argument: mtu less than device minimum\n"
    out = run("set_mtu.py", "nosuchdev", "1000")
    assert (out.returncode, out.stderr) == (1, "error: No such device\n")
    assert run("set_mtu.py", "v0").returncode == 2


def test_monitor_prints_events(veth: None) -> None:
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / "monitor.py"), "-n", "2"], stdout=subprocess.PIPE, text=True)
    try:
        # Until the monitor has joined its groups, changes go unseen: repeat them until seen.
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            ip("link", "set", "v0", "mtu", "1280")
            ip("link", "set", "v0", "mtu", "1500")
            time.sleep(0.2)
        out, _ = proc.communicate(timeout=5)
    finally:
        proc.kill()
    index = ip_json("link", "show", "v0")[0]["ifindex"]
    lines = out.splitlines()
    assert len(lines) == 2 and all(l.startswith(f"NEWLINK {index} v0 mtu ") and l.endswith(" UP") for l in lines), out


def test_genl_ctrl_lists_what_genl_lists() -> None:
    out = run("genl_ctrl.py", "list")
    assert out.returncode == 0
    ids = {l.split()[0]: int(l.split()[2], 16) for l in out.stdout.splitlines()}
    assert ids == genl_ctrl_list()
    err = run("genl_ctrl.py", "get", "no-such-family")
    assert err.returncode == 2 and err.stderr.startswith("Error: ")


def ip_table() -> list:
    """`ip -j link` and `ip -j addr` as mirror's final table."""
    links = [
        f"LINK {e['ifindex']} {e['ifname']} mtu {e['mtu']} {'UP' if 'UP' in e['flags'] else 'DOWN'}"
        for e in sorted(ip_json("link", "show"), key=lambda e: e["ifindex"])
    ]
    addrs = sorted(
        (link["ifindex"], f"{a['local']}/{a['prefixlen']}") for link in ip_json("addr", "show") for a in link["addr_info"]
    )
    return links + [f"ADDR {i} {a}" for i, a in addrs]


def test_mirror_follows_changes_and_ends_in_step(veth: None) -> None:
    ip("-6", "addr", "add", "2001:db8::1/64", "dev", "v1", "nodad")
    proc = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "mirror.py"), "--idle-exit", "1500"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None and proc.stderr.readline().startswith("started: ")
    ip("link", "set", "v0", "mtu", "1280")
    ip("addr", "add", "10.9.5.1/24", "dev", "v0")
    ip("addr", "del", "10.9.9.1/24", "dev", "v0")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    index = ip_json("link", "show", "v0")[0]["ifindex"]
    assert f"~LINK {index} v0 mtu 1280 UP" in lines
    assert f"+ADDR {index} 10.9.5.1/24" in lines and f"-ADDR {index} 10.9.9.1/24" in lines
    assert f"+ADDR {index} 10.9.9.1/24" in lines  # the initial objects come first
    final = [l for l in lines if not l[0] in "+~-"]
    assert final == ip_table()


def test_nlynl_dumps_what_genl_lists_and_names_the_attribute(veth: None) -> None:
    out = run("nlynl.py", "--family", "nlctrl", "--dump", "getfamily", "--output-json")
    assert out.returncode == 0, out.stderr
    got = {m["family-name"]: int(m["family-id"]) for m in json.loads(out.stdout)}
    assert got == genl_ctrl_list()
    assert "getfamily [do, dump]" in run("nlynl.py", "--family", "nlctrl", "--list-ops").stdout.splitlines()
    out = run("nlynl.py", "--family", "ethtool", "--do", "channels-get", "--json", '{"header": {"dev-name": "nope"}}')
    assert out.returncode == 1
    assert out.stderr.startswith("error: No such device") and out.stderr.endswith("(attribute header.dev-name)\n")
    assert run("nlynl.py", "--family", "nlctrl", "--json", "{}", "--list-ops").returncode == 2


def snippets() -> List[Tuple[str, str]]:
    """The package's Python examples: the code blocks of python/README.md, and the indented
    blocks of the module docstrings that show code, each as (where, code)."""
    out = []
    readme = (ROOT / "python" / "README.md").read_text()
    for i, code in enumerate(re.findall(r"```python\n(.*?)```", readme, re.S)):
        out.append((f"README.md#{i}", code))
    for module in ("__init__", "family"):
        doc = ast.get_docstring(ast.parse((ROOT / "python" / "nlrs" / f"{module}.py").read_text()), clean=False) or ""
        for i, block in enumerate(re.findall(r"(?:^    .*\n)+", doc, re.M)):
            out.append((f"{module}.py#{i}", textwrap.dedent(block)))
    return out


@pytest.mark.parametrize("where,code", snippets(), ids=[w for w, _ in snippets()])
def test_the_documented_snippets_run(where: str, code: str) -> None:
    # In a namespace with the veth pair v0/v1 they use, without addresses; `loop` is the
    # asyncio loop the README's notification example hands the family to.
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    prelude = "import asyncio\nimport nlrs\nloop = asyncio.new_event_loop()\n"
    out = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"{where}:\n{code}\n{out.stderr}"
    # What the README's comments say they print.
    if "mtu less than device minimum" in code:
        assert "22 mtu less than device minimum\n" in out.stdout
    if "19 header.dev-name" in code:
        assert "19 header.dev-name\n" in out.stdout
