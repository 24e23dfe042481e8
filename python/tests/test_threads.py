"""One socket, several threads: the C API lets one thread at a time use a handle (two at once
are undefined behaviour, and ctypes lets go of the GIL during each call). The package takes
the handle for each call: a thread that finds it taken gets NetlinkError EBUSY at once, and
never reads what another thread's call replaced or freed.

Each case runs in a child process (in the test's namespace): what it guards against is a
crash.
"""

import subprocess
import sys
import textwrap

from conftest import ip


def run_child(code: str) -> str:
    """Runs `code` in a new Python process; fails the test when the process fails (a crash
    too); returns its output."""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def test_threads_sharing_a_socket_get_ebusy_never_wrong_data() -> None:
    for i in range(24):
        ip("link", "add", f"a{i}", "type", "veth", "peer", "name", f"b{i}")
    out = run_child(
        """
        import errno, threading, time
        from collections import Counter
        import nlrs

        names = {"lo"} | {f"{p}{i}" for p in "ab" for i in range(24)}
        outcomes, wrong = Counter(), []

        def work(k):
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                try:
                    if k == 0:  # a dump, whose messages are lent until the socket's next call
                        seen = [link.name for link in s.links()]
                        if not set(seen) <= names:
                            wrong.append(f"dumped {seen}")
                    else:  # requests, whose answers replace what the dump lent
                        got = s.link(f"a{k}").name
                        if got != f"a{k}":
                            wrong.append(f"a{k} read as {got}")
                    outcomes["ok"] += 1
                except nlrs.NetlinkError as e:
                    outcomes[e.errno] += 1

        with nlrs.Socket() as s:
            threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        assert wrong == [], wrong
        # Besides successes: EBUSY, and a dump ended by another thread's request (CONSUMED).
        assert set(outcomes) <= {"ok", errno.EBUSY, nlrs.abi.NLRS_E_CONSUMED}, outcomes
        assert outcomes["ok"] and outcomes[errno.EBUSY], outcomes
        print("ok")
        """
    )
    assert out == "ok\n"


def test_a_call_while_another_thread_waits_is_ebusy_and_close_waits_for_it() -> None:
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    out = run_child(
        """
        import errno, subprocess, threading, time
        import nlrs

        s = nlrs.Socket(timeout=0)
        s.join_group("link")
        got = []
        waiter = threading.Thread(target=lambda: got.append(s.recv()))
        waiter.start()
        time.sleep(0.3)  # the waiter is in recv() now
        try:
            s.link("lo")
            raise AssertionError("a call on a socket another thread waits on went through")
        except nlrs.NetlinkError as e:
            assert e.errno == errno.EBUSY and "in use" in str(e), e
        s.close()  # the waiter still has it: freed when its recv() has copied the messages
        subprocess.run(["ip", "link", "set", "v0", "mtu", "1400"], check=True)
        waiter.join(10)
        assert not waiter.is_alive()
        assert got and all(m.type == nlrs.abi.NLRS_RTM_NEWLINK for m in got[0]), got
        try:
            s.link("lo")
            raise AssertionError("a closed socket answered")
        except ValueError:
            pass
        print("ok")
        """
    )
    assert out == "ok\n"
