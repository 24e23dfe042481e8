"""Generates nlrs/_abi.py, the ctypes view of the C API, from include/libnlrs.h.

Run at build time by setup.py, and by the tests to check that the installed package still
matches the header. Nothing in the package repeats a constant, a struct layout or a function
signature by hand: all of them come from here.

The header is cbindgen's output, a small regular subset of C: `#define NAME <integer>` (with a
`u` suffix for a u32), `typedef struct NAME NAME;` (opaque handles), `typedef struct { ... } NAME;` (plain structs),
`typedef RET (*NAME)(ARGS);` (callbacks) and `RET NAME(ARGS);` (functions). Anything else
outside comments and the preprocessor lines it knows is an error, so that a new construct in
the header stops the build instead of being skipped.

    python3 gen_abi.py HEADER OUTPUT
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

# C scalar types as ctypes names.
SCALARS = {
    "void": None,
    "bool": "ctypes.c_bool",
    "char": "ctypes.c_char",
    "int": "ctypes.c_int",
    "size_t": "ctypes.c_size_t",
    "uint8_t": "ctypes.c_uint8",
    "uint16_t": "ctypes.c_uint16",
    "uint32_t": "ctypes.c_uint32",
    "uint64_t": "ctypes.c_uint64",
    "int8_t": "ctypes.c_int8",
    "int16_t": "ctypes.c_int16",
    "int32_t": "ctypes.c_int32",
    "int64_t": "ctypes.c_int64",
}
# Pointers to these are passed as untyped addresses: bytes objects, buffers or integers.
BYTE_POINTEES = {"void", "uint8_t"}

# Preprocessor lines the header may carry besides #define.
KNOWN_DIRECTIVES = re.compile(r"#\s*(include|ifndef|ifdef|endif|if|else)\b")


class HeaderError(ValueError):
    """The header holds something this generator does not understand."""


@dataclass
class Abi:
    """What the header declares, in the header's order."""

    constants: dict[str, int] = field(default_factory=dict)
    opaque: list[str] = field(default_factory=list)
    # name -> [(field name, C type, array length or None)]
    structs: dict[str, list[tuple[str, str, int | None]]] = field(default_factory=dict)
    # name -> (C return type, [C argument types])
    callbacks: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    functions: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def strip_comments(text: str) -> str:
    """The header without /* */ and // comments (cbindgen never puts them inside strings)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse(text: str) -> Abi:
    """Reads cbindgen's header into an Abi."""
    abi = Abi()
    body = []
    for line in strip_comments(text).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            # cbindgen writes a u32 constant with a `u` suffix and a u64 one with `ull`.
            m = re.fullmatch(r"#\s*define\s+(\w+)(?:\s+(-?\w+?)(?:u|ull|ll)?)?", stripped)
            if m:
                if m.group(2) is not None:
                    abi.constants[m.group(1)] = int(m.group(2), 0)
            elif not KNOWN_DIRECTIVES.match(stripped):
                raise HeaderError(f"unknown preprocessor line: {stripped}")
            continue
        body.append(line)
    code = " ".join(body)
    # The C++ guard's `extern "C" {` and its closing brace.
    code = re.sub(r'extern\s+"C"\s*\{', " ", code)
    code = re.sub(r"\s+", " ", code).strip()

    pos = 0
    while pos < len(code):
        m = re.compile(r"\s*typedef struct\s*\{(.*?)\}\s*(\w+)\s*;").match(code, pos)
        if m:
            abi.structs[m.group(2)] = [parse_field(f) for f in m.group(1).split(";") if f.strip()]
            pos = m.end()
            continue
        end = code.find(";", pos)
        if end < 0:
            rest = code[pos:].strip()
            if rest in ("", "}"):
                break
            raise HeaderError(f"trailing text: {rest[:80]}")
        stmt = code[pos:end].strip()
        pos = end + 1
        if stmt.startswith("}"):  # the end of extern "C"
            stmt = stmt[1:].strip()
        parse_statement(stmt, abi)
    return abi


def parse_field(text: str) -> tuple[str, str, int | None]:
    """`const uint8_t *ptr` or `uint8_t addr[16]` as (name, C type, array length)."""
    m = re.fullmatch(r"\s*(.+?)\s*(\w+)\s*(?:\[(\d+)\])?\s*", text)
    if not m:
        raise HeaderError(f"unknown struct field: {text}")
    return m.group(2), norm_type(m.group(1)), int(m.group(3)) if m.group(3) else None


def parse_statement(stmt: str, abi: Abi) -> None:
    """One `;`-terminated declaration other than a struct body."""
    m = re.fullmatch(r"typedef struct (\w+) (\w+)", stmt)
    if m and m.group(1) == m.group(2):
        abi.opaque.append(m.group(1))
        return
    m = re.fullmatch(r"typedef (.+?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)", stmt)
    if m:
        abi.callbacks[m.group(2)] = (norm_type(m.group(1)), parse_args(m.group(3)))
        return
    m = re.fullmatch(r"(.+?)\b(nlrs_\w+)\s*\((.*)\)", stmt)
    if m:
        abi.functions[m.group(2)] = (norm_type(m.group(1)), parse_args(m.group(3)))
        return
    raise HeaderError(f"unknown declaration: {stmt[:120]}")


def parse_args(text: str) -> list[str]:
    """The C types of a parameter list (names dropped); `void` alone is no parameter."""
    text = text.strip()
    if text in ("", "void"):
        return []
    types = []
    for arg in text.split(","):
        m = re.fullmatch(r"\s*(.+?)\s*\b\w+\s*", arg)
        if not m:
            raise HeaderError(f"unknown parameter: {arg}")
        types.append(norm_type(m.group(1)))
    return types


def norm_type(text: str) -> str:
    """A C type with single spaces and `*` written apart: `const char *`."""
    text = text.replace("*", " * ")
    return re.sub(r"\s+", " ", text).strip()


class Emitter:
    """Turns C types into ctypes expressions for one Abi."""

    def __init__(self, abi: Abi):
        self.abi = abi

    def ctype(self, ctype: str, *, is_return: bool = False) -> str | None:
        """The ctypes expression for a C type (None for void)."""
        words = ctype.replace("const ", "").split()
        stars = words.count("*")
        base = " ".join(w for w in words if w != "*")
        if stars == 0:
            if base in SCALARS:
                return SCALARS[base]
            if base in self.abi.structs or base in self.abi.callbacks:
                return base
            raise HeaderError(f"unknown type: {ctype}")
        if stars > 2:
            raise HeaderError(f"unsupported pointer type: {ctype}")
        # The pointee: strings as c_char_p (returned strings are borrowed: c_char_p reads them
        # as bytes at once), bytes and opaque handles as plain addresses.
        if base == "char":
            inner = "ctypes.c_char_p"
        elif base in BYTE_POINTEES or base in self.abi.opaque:
            inner = "ctypes.c_void_p"
        else:
            inner = f"ctypes.POINTER({self.ctype(base)})"
        return inner if stars == 1 else f"ctypes.POINTER({inner})"

    def field_type(self, ctype: str, length: int | None) -> str:
        """A struct field's ctypes type; pointers inside structs are plain addresses."""
        inner = "ctypes.c_void_p" if "*" in ctype else self.ctype(ctype)
        return f"{inner} * {length}" if length else str(inner)


def emit(abi: Abi) -> str:
    """The source of nlrs/_abi.py."""
    em = Emitter(abi)
    out = [
        '"""The C API of libnlrs as ctypes declarations.',
        "",
        "Generated from include/libnlrs.h by gen_abi.py at build time: do not edit.",
        '"""',
        "",
        "import ctypes",
        "",
        "# Every #define of the header, by name.",
    ]
    out += [f"{name} = {value}" for name, value in abi.constants.items()]
    out += ["", "CONSTANTS = {"]
    out += [f"    {name!r}: {name}," for name in abi.constants]
    out += ["}", "", "# Opaque handles, passed as addresses.", f"OPAQUE = {tuple(abi.opaque)!r}", ""]
    for name, fields in abi.structs.items():
        out += ["", f"class {name}(ctypes.Structure):", f'    """`{name}` of libnlrs.h."""', ""]
        out.append("    _fields_ = [")
        out += [f"        ({fname!r}, {em.field_type(ct, n)})," for fname, ct, n in fields]
        out.append("    ]")
        out.append("")
    out += ["", "# Callback types."]
    for name, (ret, args) in abi.callbacks.items():
        types = [em.ctype(ret, is_return=True)] + [em.ctype(a) for a in args]
        out.append(f"{name} = ctypes.CFUNCTYPE({', '.join(str(t) for t in types)})")
    out += ["", "", "STRUCTS = {"]
    out += [f"    {name!r}: {name}," for name in abi.structs]
    out += ["}", "", "# Every function: name -> (return type, argument types).", "FUNCTIONS = {"]
    for name, (ret, args) in abi.functions.items():
        argtypes = ", ".join(str(em.ctype(a)) for a in args)
        out.append(f"    {name!r}: ({em.ctype(ret, is_return=True)}, [{argtypes}]),")
    out += ["}", ""]
    return "\n".join(out)


def generate(header_path: str) -> str:
    """The source of nlrs/_abi.py for the header at `header_path`."""
    with open(header_path, encoding="utf-8") as f:
        return emit(parse(f.read()))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} HEADER OUTPUT", file=sys.stderr)
        return 2
    source = generate(argv[1])
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(source)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
