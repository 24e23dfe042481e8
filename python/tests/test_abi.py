"""The generated declarations against the header: regenerated and compared, and checked
against a C compiler's view of every constant, struct size and field offset."""

import ctypes
import importlib.util
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nlrs
from conftest import ROOT

HEADER = ROOT / "include" / "libnlrs.h"


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_abi", ROOT / "python" / "gen_abi.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_abi"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_installed_declarations_are_those_of_the_header() -> None:
    # Fails when the header changed after the package was built: reinstall it.
    assert inspect.getsource(nlrs.abi) == load_generator().generate(str(HEADER))


def test_every_header_function_is_declared_and_exported() -> None:
    gen = load_generator()
    abi = gen.parse(HEADER.read_text())
    assert set(abi.functions) == set(nlrs.abi.FUNCTIONS)
    symbols = (ROOT / "abi" / "symbols.txt").read_text().split()
    assert set(symbols) == set(nlrs.abi.FUNCTIONS)
    for name in symbols:
        assert getattr(nlrs._lib, name).argtypes is not None


def test_layouts_and_constants_match_a_c_compiler(tmp_path: Path) -> None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.fail("no C compiler")
    lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "libnlrs.h"', "int main(void) {"]
    for name in nlrs.abi.CONSTANTS:
        lines.append(f'    printf("%s %lld\\n", "{name}", (long long)({name}));')
    for sname, cls in nlrs.abi.STRUCTS.items():
        lines.append(f'    printf("sizeof.{sname} %zu\\n", sizeof({sname}));')
        for fname, _ in cls._fields_:
            lines.append(f'    printf("offsetof.{sname}.{fname} %zu\\n", offsetof({sname}, {fname}));')
    lines += ["    return 0;", "}"]
    src = tmp_path / "abi.c"
    src.write_text("\n".join(lines))
    exe = tmp_path / "abi"
    subprocess.run([cc, "-std=c99", "-Wall", "-Werror", f"-I{HEADER.parent}", str(src), "-o", str(exe)], check=True)
    seen = dict(line.rsplit(" ", 1) for line in subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.splitlines())
    want = {name: str(value) for name, value in nlrs.abi.CONSTANTS.items()}
    for sname, cls in nlrs.abi.STRUCTS.items():
        want[f"sizeof.{sname}"] = str(ctypes.sizeof(cls))
        for fname, _ in cls._fields_:
            want[f"offsetof.{sname}.{fname}"] = str(getattr(cls, fname).offset)
    assert seen == want


def test_generator_refuses_what_it_does_not_know() -> None:
    gen = load_generator()
    with pytest.raises(gen.HeaderError):
        gen.parse("union u { int a; };")
    with pytest.raises(gen.HeaderError):
        gen.parse("#pragma once\n")
    with pytest.raises(gen.HeaderError):
        gen.emit(gen.parse("float nlrs_f(void);"))
