"""The exceptions nlrs raises: NetlinkError and its documented subclasses.

Every failed call raises NetlinkError (an OSError) or one of its subclasses. `errno` is the
positive code: a real errno (`errno.EINVAL`, ...) when the failure has one, otherwise one of
the library's own codes at 4096 and above (`nlrs.abi.NLRS_E_DUMP_INTR`, ...), which never
collide with an errno. `str()` is the text the C API gives (`nlrs_socket_error_text()`): the
errno's text, then the kernel's own explanation and the attribute it points at, when the
kernel sent them.
"""

from __future__ import annotations

import ctypes
import errno as _errno
from typing import Any, Optional, Tuple

from . import _abi
from ._lib import lib, snprintf_text, strerror


class NetlinkError(OSError):
    """A netlink call failed.

    Attributes (besides OSError's `errno` and `strerror`):
      code: the negative code the C call returned (`-errno`).
      kernel_message: the kernel's text from its extended ACK, or None.
      attribute_path: the path of the attribute the kernel pointed at in the request, as text
        (`"IFLA_LINKINFO > IFLA_INFO_KIND"`), or None.
      attribute_types: the same path as attribute type numbers, outermost first.
      missing_attribute: the type of the attribute the kernel said the request lacks
        (`NLMSGERR_ATTR_MISS_TYPE`), or None.
    """

    def __init__(
        self,
        code: int,
        text: str,
        kernel_message: Optional[str] = None,
        attribute_path: Optional[str] = None,
        attribute_types: Tuple[int, ...] = (),
        missing_attribute: Optional[int] = None,
    ) -> None:
        super().__init__(-code, text)
        self.code = code
        self.kernel_message = kernel_message
        self.attribute_path = attribute_path
        self.attribute_types = attribute_types
        self.missing_attribute = missing_attribute

    def __reduce__(self) -> Any:
        return (
            type(self),
            (self.code, self.strerror, self.kernel_message, self.attribute_path, self.attribute_types, self.missing_attribute),
        )


class Overrun(NetlinkError):
    """ENOBUFS: the socket's receive queue overflowed and messages were lost.

    The socket still works; state followed through notifications must be re-read with a dump
    (a Mirror does this by itself).
    """


class DumpInterrupted(NetlinkError):
    """The kernel's table changed while it was dumped (NLM_F_DUMP_INTR).

    Raised once, after the last item of a dump: everything yielded before may be inconsistent.
    Dump again for a consistent view.
    """


class Timeout(NetlinkError, TimeoutError):
    """No answer came within the socket's timeout (`Socket(timeout=...)`, 5 s by default)."""


class WouldBlock(NetlinkError, BlockingIOError):
    """EAGAIN on a non-blocking socket (`Socket.set_nonblocking()`): nothing to read yet.

    Wait for the socket to be readable (`select` on `fileno()`, asyncio's add_reader), then
    call again. A BlockingIOError, as Python's own non-blocking sockets raise.
    """


_SUBCLASSES = {
    -_errno.EAGAIN: WouldBlock,
    -_errno.ENOBUFS: Overrun,
    -_abi.NLRS_E_DUMP_INTR: DumpInterrupted,
    -_abi.NLRS_E_TIMEOUT: Timeout,
}


def error_from_code(code: int, kernel_message: Optional[str] = None) -> NetlinkError:
    """The exception for a code of a call that involved no socket, or of one request of a
    batch, with the kernel's text for it (`nlrs_batch_result_msg()`)."""
    text = strerror(code) if kernel_message is None else f"{strerror(code)}: {kernel_message}"
    return _SUBCLASSES.get(code, NetlinkError)(code, text, kernel_message)


def error_from_socket(sock: Any, code: int) -> NetlinkError:
    """The exception for a code a call on the socket handle `sock` returned, with the kernel's
    extended ACK when the code is the kernel's own error. Must be called before the next call
    on `sock`, which replaces what it kept."""
    text = snprintf_text(lib.nlrs_socket_error_text, sock, code)
    kernel = None
    path = None
    types: Tuple[int, ...] = ()
    missing = None
    if -code == lib.nlrs_socket_last_errno(sock):
        msg = lib.nlrs_socket_ext_msg(sock)
        kernel = msg.decode(errors="replace") if msg is not None else None
        path = snprintf_text(lib.nlrs_socket_ext_path, sock) or None
        depth = lib.nlrs_socket_ext_path_types(sock, None, 0)
        if depth:
            buf = (ctypes.c_uint16 * depth)()
            lib.nlrs_socket_ext_path_types(sock, buf, depth)
            types = tuple(buf)
        miss = ctypes.c_uint32()
        if lib.nlrs_socket_ext_miss_type(sock, ctypes.byref(miss)) == 1:
            missing = miss.value
    return _SUBCLASSES.get(code, NetlinkError)(code, text or strerror(code), kernel, path, types, missing)


def error_from_family(fam: Any, code: int) -> NetlinkError:
    """The exception for a code a call on the described family `fam` returned: the engine's
    text (`nlrs_family_error()`, which has the kernel's text and names the attribute by the
    description) and the attribute's path in the description's names
    (`nlrs_family_error_attr()`, e.g. `"header.dev-name"`). Must be called before the next
    call on `fam`, which replaces them."""
    text = lib.nlrs_family_error(fam)
    path = lib.nlrs_family_error_attr(fam)
    return _SUBCLASSES.get(code, NetlinkError)(
        code,
        text.decode(errors="replace") if text is not None else strerror(code),
        None,
        path.decode(errors="replace") if path is not None else None,
    )


def check(code: int) -> int:
    """Returns a non-negative code; raises for a negative one (a call without a socket)."""
    if code < 0:
        raise error_from_code(code)
    return code
