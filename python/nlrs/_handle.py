"""C handles and the Python objects that own one."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, List, Tuple, TypeVar

from .errors import check

T = TypeVar("T", bound="HandleOwner")


class Handle:
    """A C handle with its free function; freed once, by close() or when collected."""

    __slots__ = ("ptr", "_free")

    def __init__(self, free: Callable[[Any], None]) -> None:
        self.ptr = ctypes.c_void_p()
        self._free = free

    def close(self) -> None:
        """Frees the handle (idempotent); `ptr` is NULL afterwards."""
        if self.ptr:
            self._free(self.ptr)
            self.ptr = ctypes.c_void_p()

    def __del__(self) -> None:
        self.close()


def c_object(kind: str) -> Handle:
    """A new typed C object, `nlrs_<kind>_new()` (link, addr, route, neigh), freed with its
    `nlrs_<kind>_free()`."""
    from ._lib import lib

    obj = Handle(getattr(lib, f"nlrs_{kind}_free"))
    check(getattr(lib, f"nlrs_{kind}_new")(ctypes.byref(obj.ptr)))
    return obj


class HandleOwner:
    """Base of Socket, Monitor and Mirror: one C handle, freed by close() or `with`, and the
    descriptor it polls on (`_fd_of`, the C API's `nlrs_*_fd`)."""

    _handle: Handle
    _fd_of: Callable[[Any], int]

    def close(self) -> None:
        """Frees the C object (and closes its socket). Idempotent."""
        self._handle.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def _ptr(self) -> ctypes.c_void_p:
        if not self._handle.ptr:
            raise ValueError(f"nlrs.{type(self).__name__} is closed")
        return self._handle.ptr

    def fileno(self) -> int:
        """The descriptor to wait on for readability (selectors, asyncio's add_reader); owned
        by this object: do not close it or read from it."""
        return check(type(self)._fd_of(self._ptr))


def call_with_callback(cbtype: Any, call: Callable[[Any], int], convert: Callable[..., Any]) -> Tuple[int, List[Any]]:
    """Runs `call(cb)`, a C call that calls back, with a callback of C type `cbtype` that
    appends `convert(*args)` (args without the userdata) to a list. An exception in `convert`
    aborts the C call (the callback returns -1) and is raised here. Returns the call's code
    and the list."""
    out: List[Any] = []
    err: List[BaseException] = []

    def callback(_userdata: Any, *args: Any) -> int:
        try:
            out.append(convert(*args))
            return 0
        except BaseException as e:  # noqa: BLE001 - carried out of the C call, raised below
            err.append(e)
            return -1

    rc = call(cbtype(callback))
    if err:
        raise err[0]
    return rc, out
