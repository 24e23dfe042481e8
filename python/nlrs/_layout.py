"""struct.Struct formats for the generated ctypes structs, so that a struct the C API filled
in is read in one call (`unpack_from`) instead of one ctypes attribute access per field.

The format is derived from the ctypes layout (offsets, sizes, nesting), never written by hand.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Dict, List, Tuple, Type

_CODES = {
    ctypes.c_uint8: "B",
    ctypes.c_uint16: "H",
    ctypes.c_uint32: "I",
    ctypes.c_uint64: "Q",
    ctypes.c_int8: "b",
    ctypes.c_int16: "h",
    ctypes.c_int32: "i",
    ctypes.c_int64: "q",
    ctypes.c_bool: "?",
    ctypes.c_size_t: "N",
    ctypes.c_void_p: "P",
}


def _flatten(cls: Type[ctypes.Structure], base: int, prefix: str, out: List[Tuple[int, str, str]]) -> None:
    for field in cls._fields_:
        name, ctype = field[0], field[1]
        offset = getattr(cls, name).offset + base
        if isinstance(ctype, type) and issubclass(ctype, ctypes.Structure):
            _flatten(ctype, offset, f"{prefix}{name}.", out)
        elif isinstance(ctype, type) and issubclass(ctype, ctypes.Array) and ctype._type_ is ctypes.c_uint8:
            out.append((offset, f"{ctype._length_}s", prefix + name))
        else:
            out.append((offset, _CODES[ctype], prefix + name))


def layout(cls: Type[ctypes.Structure]) -> Tuple[struct.Struct, Dict[str, int]]:
    """A Struct reading `cls` with native sizes and explicit padding, and the index of each
    (flattened, dotted: `dst.addr`) field in the tuple it unpacks."""
    fields: List[Tuple[int, str, str]] = []
    _flatten(cls, 0, "", fields)
    fmt = "="
    pos = 0
    index = {}
    for i, (offset, code, name) in enumerate(fields):
        fmt += "x" * (offset - pos) + code
        pos = offset + struct.calcsize("=" + code)
        index[name] = i
    fmt += "x" * (ctypes.sizeof(cls) - pos)
    s = struct.Struct(fmt)
    if s.size != ctypes.sizeof(cls):
        raise ImportError(f"nlrs: layout of {cls.__name__}: {s.size} != {ctypes.sizeof(cls)}")
    return s, index
