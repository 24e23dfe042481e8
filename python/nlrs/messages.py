"""Raw netlink messages: built with Request, read as Message, for what the typed calls of
Socket do not cover (generic netlink families, other rtnetlink requests).

A Message owns a copy of its bytes, so it stays valid after the socket moves on; its
attributes are read through the C API's attribute cursor (`nlrs_rmsg_attrs()`,
`nlrs_attr_next()`), which checks every length.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any, List, Optional

from . import _abi
from ._lib import lib
from ._handle import Handle
from .errors import check


@dataclass(frozen=True)
class Attribute:
    """One attribute: its type (flags masked off), the type as on the wire, and its payload."""

    type: int
    raw_type: int
    data: bytes

    @property
    def nested(self) -> bool:
        """Whether the kernel flagged it NLA_F_NESTED."""
        return bool(self.raw_type & _abi.NLRS_NLA_F_NESTED)

    def u8(self) -> int:
        """The payload as a u8 (ValueError for another length)."""
        return self._int(1)

    def u16(self) -> int:
        """The payload as a host-order u16."""
        return self._int(2)

    def u32(self) -> int:
        """The payload as a host-order u32."""
        return self._int(4)

    def u64(self) -> int:
        """The payload as a host-order u64."""
        return self._int(8)

    def string(self) -> str:
        """The payload as a NUL-terminated string (the NUL dropped)."""
        return self.data.split(b"\0", 1)[0].decode(errors="surrogateescape")

    def attrs(self) -> List["Attribute"]:
        """The attributes nested in the payload."""
        return attributes(self.data)

    def _int(self, size: int) -> int:
        if len(self.data) != size:
            raise ValueError(f"attribute {self.type}: {len(self.data)} bytes, not {size}")
        return int.from_bytes(self.data, "little" if _LITTLE else "big")


_LITTLE = ctypes.c_uint16(1).value == int.from_bytes(bytes(ctypes.c_uint16(1)), "little")


def attributes(data: bytes, offset: int = 0) -> List[Attribute]:
    """The attributes packed in `data` from `offset` on, through nlrs_attr_next()."""
    buf = ctypes.create_string_buffer(data[offset:], len(data) - offset)
    it = _abi.nlrs_attr_iter(ctypes.cast(buf, ctypes.c_void_p).value, len(data) - offset)
    return _read_attrs(it, buf)


def _read_attrs(it: Any, keep: Any) -> List[Attribute]:
    out = []
    attr = _abi.nlrs_attr()
    while check(lib.nlrs_attr_next(ctypes.byref(it), ctypes.byref(attr))) > 0:
        out.append(Attribute(attr.type, attr.raw_type, ctypes.string_at(attr.data, attr.len)))
    del keep  # the buffer the cursor points into lives until here
    return out


class Message:
    """A received netlink message (a copy): header fields, family header and attributes.
    Compares by its bytes."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    @classmethod
    def from_rmsg(cls, rmsg: Any) -> "Message":
        """A copy of a borrowed nlrs_rmsg."""
        return cls(ctypes.string_at(rmsg.ptr, rmsg.len))

    def _rmsg(self, buf: Any) -> Any:
        return _abi.nlrs_rmsg(ctypes.cast(buf, ctypes.c_void_p).value, len(self.data))

    @property
    def type(self) -> int:
        """nlmsg_type."""
        return int(lib.nlrs_rmsg_type(self._rmsg(self.data)))

    @property
    def flags(self) -> int:
        """nlmsg_flags."""
        return int(lib.nlrs_rmsg_flags(self._rmsg(self.data)))

    @property
    def seq(self) -> int:
        """nlmsg_seq."""
        return int(lib.nlrs_rmsg_seq(self._rmsg(self.data)))

    def header(self, size: int) -> bytes:
        """The family header after the nlmsghdr: `size` bytes (e.g. sizeof(nlrs_ifinfomsg))."""
        out = _abi.nlrs_bytes()
        check(lib.nlrs_rmsg_header(self._rmsg(self.data), size, ctypes.byref(out)))
        return ctypes.string_at(out.ptr, out.len)

    def header_as(self, struct: Any) -> Any:
        """The family header as an instance of a generated struct (`nlrs.abi.nlrs_ifinfomsg`)."""
        return struct.from_buffer_copy(self.header(ctypes.sizeof(struct)))

    def attrs(self, hdr_len: int) -> List[Attribute]:
        """The attributes after a family header of `hdr_len` bytes."""
        buf = ctypes.create_string_buffer(self.data, len(self.data))
        it = _abi.nlrs_attr_iter()
        check(lib.nlrs_rmsg_attrs(self._rmsg(buf), hdr_len, ctypes.byref(it)))
        return _read_attrs(it, buf)

    def __eq__(self, other: object) -> bool:
        # By value, as the typed objects compare: two copies of one message are equal.
        return isinstance(other, Message) and self.data == other.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __repr__(self) -> str:
        return f"Message(type={self.type}, flags={self.flags:#x}, len={len(self.data)})"


class Request:
    """A netlink message being built (nlrs_msg): a family header, then attributes.

    `Request(nlrs.abi.NLRS_RTM_GETLINK)`, `.header(bytes or ctypes struct)`, `.put_u32(type, v)`,
    `.nest(type)` as a context manager, ...; send it with `Socket.request()` or `Socket.dump()`.
    """

    def __init__(self, msg_type: int, flags: int = 0, *, _handle: Optional[Handle] = None) -> None:
        if _handle is None:
            _handle = Handle(lib.nlrs_msg_free, "nlrs.Request")
            check(lib.nlrs_msg_new(msg_type, flags, ctypes.byref(_handle.ptr)))
        self._handle = _handle

    def _put(self, fn: Any, *args: Any) -> "Request":
        """`fn(message, *args)`, a C call that adds to the message; returns the Request."""
        with self._handle as ptr:
            check(fn(ptr, *args))
        return self

    def header(self, hdr: Any) -> "Request":
        """Appends the family header: bytes or a ctypes struct."""
        data = bytes(hdr)
        return self._put(lib.nlrs_msg_put_header, data, len(data))

    def put_u8(self, attr_type: int, value: int) -> "Request":
        """Appends a u8 attribute."""
        return self._put(lib.nlrs_msg_put_u8, attr_type, value)

    def put_u16(self, attr_type: int, value: int) -> "Request":
        """Appends a u16 attribute."""
        return self._put(lib.nlrs_msg_put_u16, attr_type, value)

    def put_u32(self, attr_type: int, value: int) -> "Request":
        """Appends a u32 attribute."""
        return self._put(lib.nlrs_msg_put_u32, attr_type, value)

    def put_u64(self, attr_type: int, value: int) -> "Request":
        """Appends a u64 attribute."""
        return self._put(lib.nlrs_msg_put_u64, attr_type, value)

    def put_string(self, attr_type: int, value: str) -> "Request":
        """Appends a NUL-terminated string attribute."""
        return self._put(lib.nlrs_msg_put_string, attr_type, value.encode(errors="surrogateescape"))

    def put_bytes(self, attr_type: int, value: bytes) -> "Request":
        """Appends an attribute with `value` as its payload."""
        return self._put(lib.nlrs_msg_put_bytes, attr_type, value, len(value))

    def put_flag(self, attr_type: int) -> "Request":
        """Appends an attribute without payload."""
        return self._put(lib.nlrs_msg_put_flag, attr_type)

    def nest(self, attr_type: int) -> "_Nest":
        """`with req.nest(T): ...`: the attributes added inside are nested in attribute T."""
        self._put(lib.nlrs_msg_nest_start, attr_type)
        return _Nest(self)

    def bytes(self) -> bytes:
        """The message as it is now (sequence number 0 until sent)."""
        out = _abi.nlrs_bytes()
        with self._handle as ptr:
            check(lib.nlrs_msg_bytes(ptr, ctypes.byref(out)))
            return ctypes.string_at(out.ptr, out.len)


class _Nest:
    def __init__(self, req: Request) -> None:
        self.req = req

    def __enter__(self) -> Request:
        return self.req

    def __exit__(self, *exc: Any) -> None:
        self.req._put(lib.nlrs_msg_nest_end)

