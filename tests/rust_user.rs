//! What a Rust program that depends on `nlrs` builds: the crate and its Rust dependencies, and
//! none of the C library's steps (cbindgen, `libnlrs.so`, `libnlrs.a`, the header), which
//! belong to `capi/`. Builds `tests/user-crate/`, a user's program, the way its author would,
//! and runs it; also checks what `cargo package` would publish.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The user's crate, copied out of the repository (as a user's crate lives outside it) with
/// the repository's lock file, so that it resolves to the crates already fetched.
fn user_crate(target: &Path) -> PathBuf {
    let dir = target.join("user-crate");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = std::fs::read_to_string(root().join("tests/user-crate/Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        "path = \"../..\"",
        &format!("path = {:?}", root().display().to_string()),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(
        root().join("tests/user-crate/src/main.rs"),
        dir.join("src/main.rs"),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

#[test]
fn a_rust_user_builds_no_c_library() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust-user");
    let dir = user_crate(&target);
    let build_dir = target.join("target");

    // Every crate the build compiles, build scripts' dependencies included.
    let tree = run(cargo()
        .current_dir(&dir)
        .args([
            "tree",
            "--offline",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}"]));
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert!(tree.contains("nlrs v"), "nlrs is not in the tree:\n{tree}");
    for c_tool in ["cbindgen", "cc v", "nlrs-capi"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(c_tool)),
            "a Rust user's build would compile {c_tool}:\n{tree}"
        );
    }

    // The build itself, every rustc invocation shown.
    let build = run(cargo()
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &build_dir)
        .args(["build", "--offline", "-v"]));
    let log = String::from_utf8_lossy(&build.stderr);
    for step in ["cdylib", "staticlib", "cbindgen", "libnlrs.h"] {
        assert!(
            !log.contains(step),
            "a Rust user's build has a C-library step ({step}):\n{log}"
        );
    }
    for built in ["libnlrs.so", "libnlrs.a"] {
        assert!(
            !build_dir.join("debug").join(built).exists(),
            "a Rust user's build made {built}"
        );
    }

    // And the program works: this test runs in the test's network namespace or the host's,
    // either of which has at least the loopback device.
    let listed = run(&mut Command::new(build_dir.join("debug/nlrs-user")));
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.lines().any(|l| l.ends_with(" lo")),
        "the user's program did not list lo:\n{listed}"
    );
}

#[test]
fn the_published_crate_holds_the_rust_library_only() {
    let listed = run(cargo().current_dir(root()).args([
        "package",
        "-p",
        "nlrs",
        "--list",
        "--offline",
        "--allow-dirty",
    ]));
    let files: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    for needed in ["Cargo.toml", "build.rs", "src/lib.rs", "README.md"] {
        assert!(
            files.iter().any(|f| f == needed),
            "{needed} missing: {files:?}"
        );
    }
    for spec in std::fs::read_dir(root().join("specs")).unwrap() {
        let name = spec.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".yaml") {
            let path = format!("specs/{name}");
            assert!(files.contains(&path), "{path} missing: {files:?}");
        }
    }
    for left_out in [
        "capi/",
        "tests/",
        "python/",
        "c-examples/",
        "include/",
        "fuzz/",
    ] {
        assert!(
            !files.iter().any(|f| f.starts_with(left_out)),
            "the crate would ship {left_out}: {files:?}"
        );
    }
}
