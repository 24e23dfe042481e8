"""Loads the bundled libnlrs and declares every function of its header.

The library sits next to this file, where the wheel put it; the declarations are the
generated `_abi` module's, so a function's argument and return types always match the header
the package was built against. An integer argument is checked against its C type before the
call: ctypes would drop its high bits and pass another number.
"""

from __future__ import annotations

import ctypes
import operator
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

from . import _abi


def _library_path() -> Path:
    """The shared library bundled in the package (setuptools-rust names it libnlrs*.so)."""
    here = Path(__file__).resolve().parent
    found = sorted(here.glob("libnlrs*.so"))
    if not found:
        raise ImportError(f"nlrs: no libnlrs*.so in {here}: the package was not built with its library")
    return found[0]


def _int_range(ctype: Any) -> Tuple[int, int]:
    """The smallest and largest value of the C integer type `ctype`."""
    bits = 8 * ctypes.sizeof(ctype)
    if ctype(-1).value == -1:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


# The range of each C integer type of the header. ctypes converts a Python int to one of them
# by dropping the high bits (2**32 + 1 becomes 1, -1 becomes 0xffffffff), which would send
# another number to the kernel: every integer is checked against its type first.
_INT_RANGES: Dict[Any, Tuple[int, int]] = {
    t: _int_range(t)
    for t in (ctypes.c_int8, ctypes.c_int16, ctypes.c_int32, ctypes.c_int64, ctypes.c_int)
    + (ctypes.c_uint8, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_uint64, ctypes.c_size_t)
}


def checked_int(ctype: Any, value: Any, what: str) -> int:
    """`value` as an int that the C integer type `ctype` holds unchanged: TypeError for what is
    not an integer (a float, a str), ValueError for one out of the type's range; `what` names
    it in the message."""
    try:
        v = operator.index(value)
    except TypeError:
        raise TypeError(f"{what}: an integer is required, not {type(value).__name__}") from None
    lo, hi = _INT_RANGES[ctype]
    if not lo <= v <= hi:
        raise ValueError(f"{what}: {v} is out of range ({lo} to {hi})")
    return v


def checked_struct(cls: Any, **fields: Any) -> Any:
    """An instance of the generated struct `cls` with `fields` set, each integer field checked
    as `checked_int()` checks an argument (a struct field truncates as silently)."""
    types = dict((f[0], f[1]) for f in cls._fields_)
    for name, value in fields.items():
        if types[name] in _INT_RANGES:
            fields[name] = checked_int(types[name], value, name)
    return cls(**fields)


def _checked(name: str, fn: Any, ints: List[Tuple[int, Any]]) -> Callable[..., Any]:
    """`fn` behind a check of its integer arguments (`ints`: position and C type)."""

    def call(*args: Any) -> Any:
        args_ = list(args)
        for i, ctype in ints:
            args_[i] = checked_int(ctype, args_[i], f"{name}() argument {i + 1}")
        return fn(*args_)

    call.__name__ = name
    # What the declaration says stays readable, as on the ctypes function.
    call.argtypes, call.restype = fn.argtypes, fn.restype  # type: ignore[attr-defined]
    return call


def _load() -> Any:
    lib = ctypes.CDLL(str(_library_path()))
    for name, (restype, argtypes) in _abi.FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
        ints = [(i, t) for i, t in enumerate(argtypes) if t in _INT_RANGES]
        if ints:
            setattr(lib, name, _checked(name, fn, ints))
    return lib


lib = _load()


def strerror(code: int) -> str:
    """nlrs_strerror(): the text of any code an nlrs call returned."""
    size = lib.nlrs_strerror(code, None, 0) + 1
    buf = ctypes.create_string_buffer(size)
    lib.nlrs_strerror(code, buf, size)
    return buf.value.decode(errors="replace")


def snprintf_text(fn: Any, *args: Any) -> str:
    """Calls an snprintf-style function of the C API (`fn(*args, buf, len)`) for its whole text.

    Returns "" when the call fails (a negative result).
    """
    size = fn(*args, None, 0)
    if size < 0:
        return ""
    buf = ctypes.create_string_buffer(size + 1)
    fn(*args, buf, size + 1)
    return buf.value.decode(errors="replace")
