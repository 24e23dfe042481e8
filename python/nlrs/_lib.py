"""Loads the bundled libnlrs and declares every function of its header.

The library sits next to this file, where the wheel put it; the declarations are the
generated `_abi` module's, so a function's argument and return types always match the header
the package was built against.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

from . import _abi


def _library_path() -> Path:
    """The shared library bundled in the package (setuptools-rust names it libnlrs*.so)."""
    here = Path(__file__).resolve().parent
    found = sorted(here.glob("libnlrs*.so"))
    if not found:
        raise ImportError(f"nlrs: no libnlrs*.so in {here}: the package was not built with its library")
    return found[0]


def _load() -> Any:
    lib = ctypes.CDLL(str(_library_path()))
    for name, (restype, argtypes) in _abi.FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
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
