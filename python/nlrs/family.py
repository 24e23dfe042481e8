"""Any netlink family by its description, with dicts in and out.

    eth = nlrs.Family("ethtool")                        # a built-in description
    (reply,) = eth.do("channels-get", {"header": {"dev-name": "v0"}})
    for link in nlrs.Family("rt-link").dump("getlink"):
        print(link["ifi-index"], link["ifname"])

The requests and replies are dicts keyed by the description's names (the kernel's YNL specs:
fixed-header fields and attributes side by side), carried through the C API as JSON text.
"""

from __future__ import annotations

import ctypes
import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Union

from . import _abi
from ._handle import Handle, HandleOwner, call_with_callback
from ._lib import lib
from .errors import NetlinkError, check, error_from_family

Json = Dict[str, Any]


@dataclass(frozen=True)
class Operation:
    """An operation of a family that takes requests: its name, and whether it has a do
    request (`Family.do()`) and a dump request (`Family.dump()`)."""

    name: str
    do: bool
    dump: bool


def _text(msg: Optional[Json]) -> Optional[bytes]:
    """A request dict as the JSON text the C API takes (NULL for none)."""
    return None if msg is None else json.dumps(msg).encode()


def _parsed(text: Optional[bytes]) -> Any:
    """The JSON text the C API handed out, parsed (it is borrowed: parse before the next call)."""
    return json.loads(text) if text is not None else None


class Family(HandleOwner):
    """A netlink family driven by its description: `Family("ethtool")` for a built-in one
    (`Family.builtins()` lists them), `Family.load(path)` for a kernel YNL file.

    No socket is opened until the first request, which then works in the network namespace
    of the calling thread. A context manager; `close()` frees it. One call at a time, as a
    Socket (EBUSY for a call while another thread's has it).
    Errors are NetlinkError whose `attribute_path` names the offending attribute by the
    description (`"header.dev-name"`).
    """

    _fd_of = lib.nlrs_family_fd

    def __init__(self, name: str) -> None:
        self._handle = Handle(lib.nlrs_family_free, "nlrs.Family")
        check(lib.nlrs_family_open(name.encode(), ctypes.byref(self._handle.ptr)))
        # The dump the family is reading now: a dump's generator stops being valid when
        # another request starts (the C handle keeps one conversation at a time).
        self._dump: Optional[object] = None
        # Notifications read by a read() that an exception ended: handed out first next time.
        self._pending: List[Json] = []

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Family":
        """The family of the YNL description in the file at `path` (a spec from a kernel tree
        loads unchanged). A file that cannot be read or is malformed raises NetlinkError
        (EINVAL) whose text says where and why (`FILE:LINE: construct: problem`)."""
        fam = cls.__new__(cls)
        fam._handle = Handle(lib.nlrs_family_free, "nlrs.Family")
        fam._dump = None
        fam._pending = []
        err = ctypes.create_string_buffer(512)
        rc = lib.nlrs_family_load(os.fsencode(path), err, len(err), ctypes.byref(fam._handle.ptr))
        if rc < 0:
            raise NetlinkError(rc, err.value.decode(errors="replace"))
        return fam

    @staticmethod
    def builtins() -> List[str]:
        """The names of the built-in descriptions, sorted (`"ethtool"`, `"rt-link"`, ...)."""
        names = []
        while True:
            name = lib.nlrs_family_builtin(len(names))
            if name is None:
                return names
            names.append(name.decode())

    def _error(self, ptr: Any, code: int) -> NetlinkError:
        return error_from_family(ptr, code)

    def ops(self) -> List[Operation]:
        """The operations that take requests, in the description's order. Needs no kernel."""
        ops = []
        name = ctypes.c_char_p()
        with self._handle as ptr:
            while True:
                modes = self._checked(ptr, lib.nlrs_family_op(ptr, len(ops), ctypes.byref(name)))
                if modes == 0:
                    return ops
                ops.append(
                    Operation(
                        (name.value or b"").decode(),
                        bool(modes & _abi.NLRS_FAMILY_OP_DO),
                        bool(modes & _abi.NLRS_FAMILY_OP_DUMP),
                    )
                )

    def do(
        self,
        op: str,
        msg: Optional[Json] = None,
        *,
        create: bool = False,
        excl: bool = False,
        replace: bool = False,
        append: bool = False,
    ) -> List[Json]:
        """Runs operation `op` as a do request built from `msg` and waits for the kernel's
        ACK; returns the replies (`[]` when the kernel answered with the ACK alone). The
        keywords add NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_APPEND to the request."""
        flags = (
            (_abi.NLRS_NLM_F_CREATE if create else 0)
            | (_abi.NLRS_NLM_F_EXCL if excl else 0)
            | (_abi.NLRS_NLM_F_REPLACE if replace else 0)
            | (_abi.NLRS_NLM_F_APPEND if append else 0)
        )
        self._dump = None
        out = ctypes.c_char_p()
        with self._handle as ptr:
            self._checked(ptr, lib.nlrs_family_do(ptr, op.encode(), _text(msg), flags, ctypes.byref(out)))
            replies: List[Json] = _parsed(out.value)
        return replies

    def dump(self, op: str, msg: Optional[Json] = None) -> Iterator[Json]:
        """Starts a dump of operation `op` (with a request built from `msg`, e.g. a filter)
        and returns a generator of its messages, read from the kernel as they are consumed
        (bounded memory). Errors of the request are raised here, the kernel's refusal by the
        first `next()`; a dump whose table changed raises DumpInterrupted after its last
        message. Another request on the family ends the dump: its generator then raises
        RuntimeError."""
        self._call(lib.nlrs_family_dump, op.encode(), _text(msg))
        token = self._dump = object()
        return self._read_dump(token)

    def _read_dump(self, token: object) -> Iterator[Json]:
        out = ctypes.c_char_p()
        while True:
            if self._dump is not token:
                raise RuntimeError("nlrs.Family: the dump was ended by another request on the family")
            with self._handle as ptr:
                if self._checked(ptr, lib.nlrs_family_dump_next(ptr, ctypes.byref(out))) == 0:
                    self._dump = None
                    return
                item = _parsed(out.value)
            yield item

    def subscribe(self, group: str) -> None:
        """Joins the multicast group `group` (its name in the description) on a non-blocking
        socket of the family's own; then wait for `fileno()` to be readable (selectors,
        asyncio's `loop.add_reader()`) and call `read()`."""
        self._call(lib.nlrs_family_subscribe, group.encode())

    def read(self) -> List[Json]:
        """Every notification queued now, without waiting: dicts `{"name": OPERATION,
        "msg": {...}}`. Lost notifications (the receive queue overflowed) raise Overrun; the
        subscription goes on, re-read the state with a dump."""
        with self._handle as ptr:
            rc = call_with_callback(
                _abi.nlrs_family_cb, lambda cb: lib.nlrs_family_process(ptr, cb, None), _parsed, self._pending
            )
            self._checked(ptr, rc)
        notes, self._pending = self._pending, []
        return notes

    def check(self) -> List[str]:
        """Compares a generic family's description with the kernel's policies: one line per
        difference (`operation OP: attribute PATH: what differs`), `[]` when they agree."""
        out = ctypes.c_char_p()
        with self._handle as ptr:
            self._checked(ptr, lib.nlrs_family_check(ptr, ctypes.byref(out)))
            return (out.value or b"").decode().splitlines()
