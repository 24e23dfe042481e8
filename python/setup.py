"""Builds the nlrs wheel: the Rust library by cargo, the ctypes declarations from its header.

setuptools-rust runs cargo on the C library's package, capi/Cargo.toml, and copies the cdylib into the
package (`Binding.NoBinding`: a plain C library, no Python extension API); `build_py` then
generates `nlrs/_abi.py` from `include/libnlrs.h` with gen_abi.py. Both inputs are outside this
folder, so the package builds from a checkout of the repository: `pip install ./python`, or
`pip install .` from the root, whose setup.py runs this one (the metadata is here, not in
pyproject.toml, so that both builds share it; paths are relative to the folder pip builds in).
"""

import os
import re
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools_rust import Binding, RustExtension, Strip

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HEADER = ROOT / "include" / "libnlrs.h"


def cargo_version() -> str:
    """The version of nlrs, from the [workspace.package] section of the root Cargo.toml."""
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise SystemExit("no version in Cargo.toml")
    return m.group(1)


class BuildPyWithAbi(build_py):
    """build_py, plus nlrs/_abi.py generated from the C header."""

    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(HERE))
        import gen_abi

        target = Path(self.build_lib) / "nlrs" / "_abi.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(gen_abi.generate(str(HEADER)), encoding="utf-8")


setup(
    name="nlrs",
    version=cargo_version(),
    description="Python bindings of nlrs, a safe and fast netlink library (rtnetlink, generic netlink)",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT OR Apache-2.0",
    python_requires=">=3.9",
    classifiers=[
        "Operating System :: POSIX :: Linux",
        "Programming Language :: Python :: 3",
        "Topic :: System :: Networking",
        "Typing :: Typed",
    ],
    extras_require={"test": ["pytest"]},
    # setuptools wants the package's folder relative to the one it builds in: "." from
    # python/, "python" from the root.
    package_dir={"": os.path.relpath(HERE, Path.cwd())},
    packages=["nlrs"],
    package_data={"nlrs": ["py.typed"]},
    rust_extensions=[
        RustExtension(
            "nlrs.libnlrs",
            path=str(ROOT / "capi" / "Cargo.toml"),
            binding=Binding.NoBinding,
            # The release profile keeps line tables for profiling; a wheel needs no debug info.
            strip=Strip.Debug,
        )
    ],
    cmdclass={"build_py": BuildPyWithAbi},
    zip_safe=False,
)
