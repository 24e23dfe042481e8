//! Building and running the C and C++ programs the tests run: `cargo build --release --lib`,
//! then `make -C c-examples`, plainly and with `SANITIZE=1`, plus the test programs of `tests/c/`
//! and `tests/cpp/` and the complete programs of `README.md` the same two ways (those whose
//! source, header or library changed), once per test binary, into this target directory's
//! `c-examples/`, so the source tree's `c-examples/build/` is left alone. A program runs
//! plainly, under valgrind, or built with the sanitizers ([`Mode`]); valgrind is optional
//! locally, but with `CI` set a missing valgrind fails.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
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

/// C programs of `tests/c/` that the tests run, built next to the examples.
const TEST_PROGRAMS: &[&str] = &[
    "events_monitor", // tests/c_events.rs
    "reentry",        // tests/c_reentry.rs
    "borrowed",       // tests/c_borrowed.rs
    "mirror_lookup",  // tests/rtnl_mirror_lookup.rs
    "route_metrics",  // tests/rtnl_route_metrics.rs
    "link_kinds",     // tests/rtnl_link_kinds.rs
];

/// C++17 programs of `tests/cpp/` on `include/nlrs.hpp`, built the same way with `c++`
/// (`tests/cpp_header.rs` runs them).
const CPP_TEST_PROGRAMS: &[&str] = &["hpp_api", "hpp_make"];

/// The warnings a strict C++ build adds to `-Wall -Wextra -pedantic`, which `nlrs.hpp` must
/// not raise (its templates are checked where they are instantiated).
pub const CXX_STRICT: &[&str] = &["-Wconversion", "-Wshadow"];

/// The complete C programs of `README.md`: every ```` ```c ```` block whose first line is
/// `/* NAME.c: ...`, written to `dir/NAME.c` so that they build like the test programs and the
/// README shows only code that compiles and runs. Returns each name and file.
fn readme_programs(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md"))
        .map_err(|e| format!("README.md: {e}"))?;
    let mut programs = Vec::new();
    for block in readme.split("```c\n").skip(1) {
        let code = block.split("```").next().unwrap_or_default();
        let first = code.lines().next().unwrap_or_default();
        let Some(name) = first
            .strip_prefix("/* ")
            .and_then(|r| r.split_once(".c: "))
            .map(|(name, _)| name)
        else {
            continue;
        };
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let src = dir.join(format!("{name}.c"));
        // Written only when it changed, so that its program is not built again for nothing.
        if std::fs::read_to_string(&src).ok().as_deref() != Some(code) {
            std::fs::write(&src, code).map_err(|e| format!("{}: {e}", src.display()))?;
        }
        programs.push((name.to_owned(), src));
    }
    Ok(programs)
}

/// Whether `out` exists and was written after every one of `inputs` (false when a time
/// cannot be read).
fn newer(out: &Path, inputs: &[&Path]) -> bool {
    let time = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match time(out) {
        Some(t) => inputs.iter().all(|i| time(i).is_some_and(|ti| ti <= t)),
        None => false,
    }
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

/// The C library as a debug `cargo build -p nlrs-capi` makes it, built once per test binary
/// into this test's target directory: `cargo test` builds test targets only, and none links
/// the C library (capi/), so it may not exist yet, or be stale.
pub fn debug_cdylib() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let target = target_dir();
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        if let Err(e) = run_build_step(
            "cargo build -p nlrs-capi",
            Command::new(cargo)
                .args(["build", "-p", "nlrs-capi"])
                .current_dir(manifest_dir())
                .env("CARGO_TARGET_DIR", &target),
        ) {
            panic!("{e}");
        }
        target.join("debug").join("libnlrs.so")
    })
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
            let test_src = |ext: &str, name: &str| {
                let src = manifest_dir().join(format!("tests/{ext}/{name}.{ext}"));
                (name.to_owned(), src)
            };
            let c = TEST_PROGRAMS.iter().map(|n| test_src("c", n));
            let c = c.chain(readme_programs(&dir.join("readme"))?);
            let cpp = CPP_TEST_PROGRAMS.iter().map(|n| test_src("cpp", n));
            let programs = c
                .map(|(name, src)| ("cc", "-std=c99", name, src))
                .chain(cpp.map(|(name, src)| ("c++", "-std=c++17", name, src)));
            let header = manifest_dir().join("include").join("libnlrs.h");
            // nlrs.hpp and its parts (include/nlrs/*.hpp).
            let mut hpp = vec![manifest_dir().join("include").join("nlrs.hpp")];
            let parts = std::fs::read_dir(manifest_dir().join("include").join("nlrs"))
                .map_err(|e| format!("include/nlrs: {e}"))?;
            for part in parts {
                hpp.push(part.map_err(|e| format!("include/nlrs: {e}"))?.path());
            }
            // The CHECK macro the C++ test programs include.
            let check_hpp = manifest_dir().join("tests/cpp/check.hpp");
            let lib = dir.join("lib").join("libnlrs.so");
            for (compiler, std, name, src) in programs {
                // Built again only when its source, the headers or the library is newer (each
                // test binary asks; building them all takes seconds).
                let mut inputs: Vec<&Path> = vec![&src, &header, &lib];
                if compiler == "c++" {
                    inputs.extend(hpp.iter().map(PathBuf::as_path));
                    inputs.push(&check_hpp);
                }
                if newer(&dir.join(&name), &inputs) {
                    continue;
                }
                // Built like the examples, against the library the Makefile linked into dir/lib.
                let mut cc = Command::new(compiler);
                cc.args([std, "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"])
                    .args(if compiler == "c++" {
                        // As c-examples/Makefile builds its C++: nlrs.hpp's templates are
                        // checked where a strict C++ build instantiates them.
                        CXX_STRICT
                    } else {
                        &[]
                    })
                    .arg("-D_POSIX_C_SOURCE=200809L")
                    .arg(format!("-I{}", manifest_dir().join("include").display()))
                    .arg("-o")
                    .arg(dir.join(&name))
                    .arg(&src)
                    .arg(format!("-L{}", dir.join("lib").display()))
                    .arg(format!("-Wl,-rpath,{}", dir.join("lib").display()))
                    .arg("-lnlrs");
                if sanitize {
                    cc.arg("-fsanitize=address,undefined");
                }
                run_build_step(&format!("{compiler} {}", src.display()), &mut cc)?;
            }
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

/// How a C program runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// As built.
    Plain,
    /// Under valgrind: no errors, no definite leaks.
    Valgrind,
    /// Built with `-fsanitize=address,undefined`, leak detection on.
    Sanitizers,
}

/// The exit code valgrind gives a program with errors or definite leaks.
pub const VALGRIND_ERROR: i32 = 99;
/// The exit code ASan/LSan give a program with errors or leaks (UBSan aborts).
pub const ASAN_ERROR: i32 = 98;

impl Mode {
    /// The command for program `name` (an example, or a test program of `tests/c/`) with
    /// `args`.
    pub fn command(self, name: &str, args: &[&str]) -> Command {
        let b = built();
        let mut cmd = match self {
            Mode::Plain => Command::new(b.plain.join(name)),
            Mode::Valgrind => {
                let mut cmd = Command::new("valgrind");
                cmd.args([
                    &format!("--error-exitcode={VALGRIND_ERROR}"),
                    "--leak-check=full",
                    "--errors-for-leak-kinds=definite",
                    "--quiet",
                ])
                .arg(b.plain.join(name));
                cmd
            }
            Mode::Sanitizers => {
                let mut cmd = Command::new(b.asan.join(name));
                cmd.env(
                    "ASAN_OPTIONS",
                    format!("detect_leaks=1:exitcode={ASAN_ERROR}:abort_on_error=0"),
                )
                .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
                cmd
            }
        };
        cmd.args(args);
        cmd
    }

    /// Whether the mode can run here: valgrind must be installed (and must be, under CI).
    pub fn available(self) -> bool {
        if self != Mode::Valgrind || Command::new("valgrind").arg("--version").output().is_ok() {
            return true;
        }
        if env::var_os("CI").is_some() {
            panic!("valgrind is not installed, and CI is set: install it (see .ci/run)");
        }
        eprintln!("valgrind not installed: skipped the valgrind runs");
        false
    }

    /// Checks what the tools themselves say: nothing, and not their exit codes.
    pub fn check_tool(self, what: &str, status: ExitStatus, stderr: &str) {
        let code = status.code();
        match self {
            Mode::Plain => {}
            Mode::Valgrind => assert!(
                code != Some(VALGRIND_ERROR) && !stderr.contains("=="),
                "{what}: valgrind found errors or leaks ({status}):\n{stderr}"
            ),
            Mode::Sanitizers => assert!(
                code != Some(ASAN_ERROR)
                    && !stderr.contains("Sanitizer")
                    && !stderr.contains("runtime error"),
                "{what}: the sanitizers found errors or leaks ({status}):\n{stderr}"
            ),
        }
        assert!(
            status.code().is_some(),
            "{what}: killed by a signal ({status}):\n{stderr}"
        );
    }
}
