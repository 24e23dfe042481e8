//! `make install` end to end: install into a temporary prefix, then build a small C program
//! against it with pkg-config, linked dynamically (resolving the SONAME file in the prefix) and
//! statically (`libnlrs.a` plus `Libs.private`), and run both, under valgrind when it exists;
//! then a C++ program on the installed `nlrs.hpp`, with the same pkg-config flags.
//!
//! Needs make, pkg-config, gcc and g++. valgrind is optional locally; with `CI` set in the
//! environment a missing valgrind fails the test.

mod common;

use common::cbuild::{manifest_dir, target_dir};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROGRAM: &str = r#"
#include <libnlrs.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char want[64], text[256], small[4];
    const char *version = nlrs_version();
    int n, need;

    snprintf(want, sizeof want, "%d.%d.%d", NLRS_VERSION_MAJOR, NLRS_VERSION_MINOR,
             NLRS_VERSION_PATCH);
    if (version == NULL || strncmp(version, want, strlen(want)) != 0) {
        fprintf(stderr, "library version %s, header version %s\n", version, want);
        return 1;
    }
    n = nlrs_strerror(-ENODEV, text, sizeof text);
    if (n <= 0 || (size_t)n >= sizeof text || strlen(text) != (size_t)n) {
        fprintf(stderr, "nlrs_strerror(-ENODEV) returned %d\n", n);
        return 2;
    }
    need = nlrs_strerror(-NLRS_E_TIMEOUT, NULL, 0);
    if (nlrs_strerror(-NLRS_E_TIMEOUT, small, sizeof small) != need || strlen(small) != 3) {
        fprintf(stderr, "nlrs_strerror does not truncate like snprintf\n");
        return 3;
    }
    if (nlrs_strerror(0, NULL, 1) != -EINVAL) {
        fprintf(stderr, "nlrs_strerror accepted a NULL buffer with len 1\n");
        return 4;
    }
    printf("nlrs %s\n%s\n", version, text);
    return 0;
}
"#;

/// The C++ program: nlrs.hpp from the prefix, its error codes, and the library's version.
const CPP_PROGRAM: &str = r#"
#include <nlrs.hpp>

#include <cerrno>
#include <cstdio>

int main() {
    std::error_code ec = nlrs::make_error_code(-ENODEV);
    if (ec != std::errc::no_such_device || ec.category().name() != std::string("nlrs"))
        return 1;
    std::printf("nlrs %s\n%s\n", nlrs_version(), ec.message().c_str());
    return 0;
}
"#;

fn check(what: &str, cmd: &mut Command) -> Output {
    eprintln!("+ {cmd:?}");
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {:?}: {e}", cmd.get_program()));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

fn soname() -> String {
    if env!("CARGO_PKG_VERSION_MAJOR") == "0" {
        format!("libnlrs.so.0.{}", env!("CARGO_PKG_VERSION_MINOR"))
    } else {
        format!("libnlrs.so.{}", env!("CARGO_PKG_VERSION_MAJOR"))
    }
}

fn needed(binary: &Path) -> String {
    stdout(&check(
        "readelf -d",
        Command::new("readelf").arg("-d").arg(binary),
    ))
}

/// Runs `binary`, and again under valgrind when it is installed.
fn run_program(binary: &Path, lib_path: Option<&Path>) {
    let with_env = |mut cmd: Command| {
        if let Some(dir) = lib_path {
            cmd.env("LD_LIBRARY_PATH", dir);
        }
        cmd
    };
    let out = stdout(&check("the C program", &mut with_env(Command::new(binary))));
    assert!(
        out.starts_with(&format!("nlrs {}", env!("CARGO_PKG_VERSION"))),
        "unexpected output: {out}"
    );

    if has("valgrind") {
        let mut cmd = with_env(Command::new("valgrind"));
        cmd.args([
            "--error-exitcode=99",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "--quiet",
        ])
        .arg(binary);
        check("the C program under valgrind", &mut cmd);
    } else if env::var_os("CI").is_some() {
        panic!("valgrind is not installed, and CI is set: install it (see .ci/run)");
    } else {
        eprintln!("valgrind not installed: skipped the valgrind runs");
    }
}

#[test]
fn make_install_then_link_with_pkg_config() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-test");
    let _ = fs::remove_dir_all(&work);
    let prefix = work.join("prefix");
    fs::create_dir_all(&prefix).unwrap();
    let lib_dir = prefix.join("lib");

    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    check(
        "make install",
        Command::new("make")
            .arg("-C")
            .arg(manifest_dir())
            .arg("install")
            .arg(format!("PREFIX={}", prefix.display()))
            .arg(format!("CARGO={cargo}"))
            .env("CARGO_TARGET_DIR", target_dir()),
    );

    // The installed layout.
    let real = lib_dir.join(format!("libnlrs.so.{}", env!("CARGO_PKG_VERSION")));
    assert!(
        real.is_file() && !real.is_symlink(),
        "{} missing",
        real.display()
    );
    let so = lib_dir.join(soname());
    assert_eq!(fs::read_link(&so).unwrap(), real.file_name().unwrap());
    assert_eq!(
        fs::read_link(lib_dir.join("libnlrs.so")).unwrap(),
        so.file_name().unwrap()
    );
    for file in [
        "lib/libnlrs.a",
        "include/libnlrs.h",
        "include/nlrs.hpp",
        "lib/pkgconfig/nlrs.pc",
    ] {
        assert!(prefix.join(file).is_file(), "{file} not installed");
    }
    // The headers as in the tree: nlrs.hpp with each of its parts.
    let mut headers = vec![
        PathBuf::from("include/libnlrs.h"),
        "include/nlrs.hpp".into(),
    ];
    for part in fs::read_dir(manifest_dir().join("include/nlrs")).unwrap() {
        let name = part.unwrap().file_name();
        headers.push(Path::new("include/nlrs").join(name));
    }
    for header in headers {
        assert_eq!(
            fs::read(prefix.join(&header)).unwrap_or_default(),
            fs::read(manifest_dir().join(&header)).unwrap(),
            "{} not installed as in the tree",
            header.display()
        );
    }

    let src = work.join("prog.c");
    fs::write(&src, PROGRAM).unwrap();
    let pkg_config = |args: &[&str]| -> Vec<String> {
        let out = check(
            "pkg-config",
            Command::new("pkg-config")
                .args(args)
                .arg("nlrs")
                .env("PKG_CONFIG_PATH", lib_dir.join("pkgconfig")),
        );
        stdout(&out).split_whitespace().map(String::from).collect()
    };
    let version = pkg_config(&["--modversion"]);
    assert_eq!(version, [env!("CARGO_PKG_VERSION")]);
    let cflags = pkg_config(&["--cflags"]);
    let gcc = |out: &Path, libs: &[String]| {
        check(
            "compiling the C program",
            Command::new(env::var("CC").unwrap_or_else(|_| "gcc".into()))
                .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"])
                .args(&cflags)
                .arg(&src)
                .arg("-o")
                .arg(out)
                .args(libs),
        );
    };

    // Dynamic: the program needs the SONAME, which resolves to the file in the prefix.
    let dynamic = work.join("prog-dynamic");
    gcc(&dynamic, &pkg_config(&["--libs"]));
    let dynamic_section = needed(&dynamic);
    assert!(
        dynamic_section.contains(&format!("Shared library: [{}]", soname())),
        "the program does not need {}:\n{dynamic_section}",
        soname()
    );
    let ldd = stdout(&check(
        "ldd",
        Command::new("ldd")
            .arg(&dynamic)
            .env("LD_LIBRARY_PATH", &lib_dir),
    ));
    let resolved = format!("{} => {}", soname(), so.display());
    assert!(ldd.contains(&resolved), "expected `{resolved}` in:\n{ldd}");
    run_program(&dynamic, Some(&lib_dir));

    // Static: libnlrs.a by exact name (`-l:`), plus Libs.private from `--static`.
    let static_libs: Vec<String> = pkg_config(&["--static", "--libs"])
        .into_iter()
        .map(|flag| {
            if flag == "-lnlrs" {
                "-l:libnlrs.a".into()
            } else {
                flag
            }
        })
        .collect();
    let stat = work.join("prog-static");
    gcc(&stat, &static_libs);
    let dynamic_section = needed(&stat);
    assert!(
        !dynamic_section.contains("libnlrs"),
        "the static program still needs libnlrs:\n{dynamic_section}"
    );
    run_program(&stat, None);

    // C++: the same pkg-config flags serve nlrs.hpp.
    let cpp_src = work.join("prog.cpp");
    fs::write(&cpp_src, CPP_PROGRAM).unwrap();
    let cpp = work.join("prog-cpp");
    check(
        "compiling the C++ program",
        Command::new(env::var("CXX").unwrap_or_else(|_| "g++".into()))
            .args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic"])
            .args(&cflags)
            .arg(&cpp_src)
            .arg("-o")
            .arg(&cpp)
            .args(pkg_config(&["--libs"])),
    );
    run_program(&cpp, Some(&lib_dir));
}
