"""Generic netlink families, as the kernel's controller describes them."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Tuple

from ._lib import lib
from ._handle import Handle
from .errors import check
from .messages import Request


class GenlFamily:
    """A generic netlink family: name, id, version, header size, operations and multicast
    groups. `request(cmd)` starts a message to it (the genlmsghdr already in place)."""

    def __init__(self, ptr: Any, owner: Any) -> None:
        self._ptr = ptr
        # The Handle of the C object `ptr` belongs to: kept alive as long as this, and taken
        # for each call on `ptr`.
        self._owner = owner
        self.name: str = lib.nlrs_genl_family_name(ptr).decode()
        self.id: int = lib.nlrs_genl_family_id(ptr)
        self.version: int = lib.nlrs_genl_family_version(ptr)
        self.hdrsize: int = lib.nlrs_genl_family_hdrsize(ptr)
        self.maxattr: int = lib.nlrs_genl_family_maxattr(ptr)
        ops: List[Tuple[int, int]] = []
        op_id, op_flags = ctypes.c_uint32(), ctypes.c_uint32()
        for i in range(lib.nlrs_genl_family_ops_len(ptr)):
            check(lib.nlrs_genl_family_op(ptr, i, ctypes.byref(op_id), ctypes.byref(op_flags)))
            ops.append((op_id.value, op_flags.value))
        self.ops = ops
        """(command, capability flags) for each operation."""
        groups: Dict[str, int] = {}
        name, gid = ctypes.c_char_p(), ctypes.c_uint32()
        for i in range(lib.nlrs_genl_family_groups_len(ptr)):
            check(lib.nlrs_genl_family_group(ptr, i, ctypes.byref(name), ctypes.byref(gid)))
            groups[(name.value or b"").decode()] = gid.value
        self.groups = groups
        """Multicast group ids by name."""

    def request(self, cmd: int, flags: int = 0) -> Request:
        """A message with command `cmd` to this family; add attributes, then send it with
        `Socket.request()` or `Socket.dump()`."""
        out = Handle(lib.nlrs_msg_free, "nlrs.Request")
        with self._owner:
            check(lib.nlrs_genl_msg_new(self._ptr, cmd, flags, ctypes.byref(out.ptr)))
        return Request(0, _handle=out)

    def __repr__(self) -> str:
        return (
            f"GenlFamily(name={self.name!r}, id={self.id:#x}, version={self.version}, "
            f"hdrsize={self.hdrsize}, maxattr={self.maxattr}, groups={self.groups!r})"
        )


def family_from_handle(handle: Any, owner: Optional[Any] = None) -> GenlFamily:
    """A GenlFamily over a C family: a _Handle it owns, or a pointer owned by `owner`."""
    if owner is None:
        return GenlFamily(handle.ptr, handle)
    return GenlFamily(handle, owner)
