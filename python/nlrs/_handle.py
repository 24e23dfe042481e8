"""C handles and the Python objects that own one."""

from __future__ import annotations

import ctypes
import errno
import threading
from typing import Any, Callable, List, TypeVar

from .errors import NetlinkError, check, error_from_code

T = TypeVar("T", bound="HandleOwner")


class Handle:
    """A C handle with its free function; freed once, by close() or when collected.

    The C API lets one thread at a time use a handle (two at once is undefined behaviour, and
    ctypes lets go of the GIL during a call), so every call takes the handle first: `with
    handle as ptr: lib.nlrs_x(ptr, ...)`. A handle taken by another thread, or by the call a
    signal handler interrupted, is refused with NetlinkError EBUSY, as the C API refuses a
    busy handle to a callback; close() while a call has it frees it when that call ends.
    """

    __slots__ = ("ptr", "_free", "_what", "_lock", "_closing")

    def __init__(self, free: Callable[[Any], None], what: str) -> None:
        self.ptr = ctypes.c_void_p()
        self._free = free
        self._what = what  # for messages: "nlrs.Socket"
        self._lock = threading.Lock()
        self._closing = False

    def __enter__(self) -> ctypes.c_void_p:
        """Takes the handle for one call: NetlinkError EBUSY when a call has it, ValueError
        when it was closed."""
        if not self._lock.acquire(blocking=False):
            raise NetlinkError(
                -errno.EBUSY,
                f"{self._what} is in use by another call (another thread, or the call a signal "
                "handler interrupted): use it from one thread at a time",
            )
        if not self.ptr:
            self._lock.release()
            raise ValueError(f"{self._what} is closed")
        return self.ptr

    def __exit__(self, *exc: Any) -> None:
        self._lock.release()
        if self._closing:
            self.close()

    def close(self) -> None:
        """Frees the handle (idempotent; `ptr` is NULL afterwards), at once or, when a call
        has it now, as that call ends."""
        self._closing = True
        # Whoever holds the lock sees `_closing` when it lets go (`__exit__`) and frees it.
        if self._lock.acquire(blocking=False):
            try:
                if self.ptr:
                    self._free(self.ptr)
                    self.ptr = ctypes.c_void_p()
            finally:
                self._lock.release()

    def __del__(self) -> None:
        self.close()


def c_object(kind: str) -> Handle:
    """A new typed C object, `nlrs_<kind>_new()` (link, addr, route, neigh), freed with its
    `nlrs_<kind>_free()`."""
    from ._lib import lib

    obj = Handle(getattr(lib, f"nlrs_{kind}_free"), f"nlrs_{kind}")
    check(getattr(lib, f"nlrs_{kind}_new")(ctypes.byref(obj.ptr)))
    return obj


class HandleOwner:
    """Base of Socket, Monitor, Mirror and Family: one C handle, freed by close() or `with`,
    taken for each call (`_call()`), and the descriptor it polls on (`_fd_of`, the C API's
    `nlrs_*_fd`)."""

    _handle: Handle
    _fd_of: Callable[[Any], int]

    def close(self) -> None:
        """Frees the C object (and closes its socket). Idempotent."""
        self._handle.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _call(self, fn: Callable[..., int], *args: Any) -> int:
        """`fn(handle, *args)` with the handle taken for the call (see Handle); a negative
        result raises `_error()`'s exception."""
        with self._handle as ptr:
            return self._checked(ptr, fn(ptr, *args))

    def _checked(self, ptr: Any, code: int) -> int:
        """`code`, a non-negative result of a call on the handle `ptr`; a negative one raises
        `_error()`'s exception. Called with the handle still taken."""
        if code < 0:
            raise self._error(ptr, code)
        return code

    def _error(self, ptr: Any, code: int) -> NetlinkError:
        """The exception for a negative code a call on the handle `ptr` returned (read while
        the handle is still taken: a Socket's keeps the kernel's extended ACK)."""
        return error_from_code(code)

    def fileno(self) -> int:
        """The descriptor to wait on for readability (selectors, asyncio's add_reader); owned
        by this object: do not close it or read from it."""
        return self._call(type(self)._fd_of)


def call_with_callback(cbtype: Any, call: Callable[[Any], int], convert: Callable[..., Any], out: List[Any]) -> int:
    """Runs `call(cb)`, a C call that calls back, with a callback of C type `cbtype` that
    appends `convert(*args)` (args without the userdata) to `out`; returns the call's code.

    An exception in `convert` (most likely the KeyboardInterrupt a signal handler raised in
    it) is raised here once the C call has returned, and loses nothing: the item at hand,
    which the C call will not hand out again, is converted a second time, and the callback
    returns 1, which stops the C call with the rest kept for its next run. `out` then holds
    what was converted, for the caller to hand out first next time."""
    err: List[BaseException] = []

    def callback(_userdata: Any, *args: Any) -> int:
        try:
            out.append(convert(*args))
            return 0
        except BaseException as e:  # noqa: BLE001 - carried out of the C call, raised below
            err.append(e)
            try:
                out.append(convert(*args))
            except BaseException:  # noqa: BLE001 - it fails for good: the first exception tells
                pass
            return 1

    rc = call(cbtype(callback))
    if err:
        raise err[0]
    return rc
