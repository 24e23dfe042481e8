//! Building the C examples of `c-examples/` for the tests that run them (`tests/c_examples.rs`,
//! `tests/nlip.rs`): `cargo build --release --lib`, then `make -C c-examples`, plainly and with
//! `SANITIZE=1`, once per test binary, into this target directory's `c-examples/`, so the
//! source tree's `c-examples/build/` is left alone.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Where the built programs are.
pub struct Built {
    /// `make -C c-examples`: the programs.
    pub plain: PathBuf,
    /// `make -C c-examples SANITIZE=1`: the programs with ASan and UBSan.
    pub asan: PathBuf,
    /// The release `libnlrs.so`.
    pub lib: PathBuf,
}

/// The repository root.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory this test was built in (`<target>/<profile>/deps/<test>`), so the
/// release build lands next to it instead of starting a new target directory.
pub fn target_dir() -> PathBuf {
    let exe = env::current_exe().expect("current_exe");
    exe.ancestors()
        .nth(3)
        .expect("test executable is in <target>/<profile>/deps")
        .to_owned()
}

fn run_build_step(what: &str, cmd: &mut Command) -> Result<(), String> {
    eprintln!("+ {cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot run {:?}: {e}", cmd.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Builds the library and the examples, once per test binary. A failure is reported by every
/// test that needs them.
pub fn built() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let target = target_dir();
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        run_build_step(
            "cargo build --release --lib",
            Command::new(&cargo)
                .args(["build", "--release", "--lib"])
                .current_dir(manifest_dir())
                .env("CARGO_TARGET_DIR", &target),
        )?;
        let libdir = target.join("release");
        let plain = target.join("c-examples").join("build");
        let asan = target.join("c-examples").join("build-asan");
        for (dir, sanitize) in [(&plain, false), (&asan, true)] {
            let mut make = Command::new("make");
            make.arg("-C")
                .arg(manifest_dir().join("c-examples"))
                .arg(format!("BUILD={}", dir.display()))
                .arg(format!("NLRS_LIBDIR={}", libdir.display()));
            if sanitize {
                make.arg("SANITIZE=1");
            }
            run_build_step("make -C c-examples", &mut make)?;
        }
        Ok(Built {
            plain,
            asan,
            lib: libdir.join("libnlrs.so"),
        })
    });
    match built {
        Ok(b) => b,
        Err(e) => panic!("building the C examples failed:\n{e}"),
    }
}
