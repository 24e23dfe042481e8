//! The C header: the checked-in `include/libnlrs.h` must equal the one `capi/build.rs` generates,
//! its `NLRS_*` constants must be those of their one table, and it must compile cleanly as C99,
//! C11 and C++11.
//!
//! After a deliberate change to the C API, rewrite the checked-in copy with
//! `NLRS_BLESS=1 cargo test --test c_header` and commit it with the change.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The header cbindgen generated for this build (cargo sets `OUT_DIR` for every target of a
/// package that has a build script).
const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/libnlrs.h"));

fn checked_in() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/libnlrs.h")
}

fn bless() -> bool {
    env::var_os("NLRS_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn checked_in_header_is_up_to_date() {
    let path = checked_in();
    let current = fs::read_to_string(&path).unwrap_or_default();
    if current == GENERATED {
        return;
    }
    if bless() {
        fs::write(&path, GENERATED).expect("write include/libnlrs.h");
        eprintln!("blessed: rewrote {}", path.display());
        return;
    }
    let first_diff = current
        .lines()
        .zip(GENERATED.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| current.lines().count().min(GENERATED.lines().count()));
    panic!(
        "include/libnlrs.h differs from the header build.rs generated ({}/libnlrs.h), first at \
         line {}:\n  checked in: {:?}\n  generated:  {:?}\nIf the C API change is deliberate, \
         run `NLRS_BLESS=1 cargo test --test c_header` and commit include/libnlrs.h.",
        env!("OUT_DIR"),
        first_diff + 1,
        current.lines().nth(first_diff).unwrap_or("<end of file>"),
        GENERATED.lines().nth(first_diff).unwrap_or("<end of file>"),
    );
}

/// Every `NLRS_*` constant is defined once, from `src/ffi/consts_table.rs`: one written as a
/// `pub const` elsewhere in `src/ffi/` (which cbindgen would also put into the header) fails.
#[test]
fn every_constant_comes_from_the_table() {
    let table = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/ffi/consts_table.rs"),
    )
    .expect("read src/ffi/consts_table.rs");
    // An entry starts its line with its name, then `:` (a `docs` entry) or ` =` (the others).
    let from_table: Vec<&str> = table
        .lines()
        .filter_map(|l| l.trim().split_once([':', ' ']).map(|(name, _)| name))
        .filter(|name| name.starts_with("NLRS_"))
        .collect();
    let defined: Vec<&str> = GENERATED
        .lines()
        .filter_map(|l| l.strip_prefix("#define NLRS_"))
        .filter(|rest| !rest.starts_with("VERSION_"))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let defined: Vec<String> = defined.iter().map(|d| format!("NLRS_{d}")).collect();
    assert!(
        from_table.len() > 300,
        "the table has {} entries",
        from_table.len()
    );
    let not_from_table: Vec<&String> = defined
        .iter()
        .filter(|d| !from_table.contains(&d.as_str()))
        .collect();
    assert!(
        not_from_table.is_empty(),
        "NLRS_* constants written outside src/ffi/consts_table.rs: {not_from_table:?}; \
         move them into the table"
    );
    assert_eq!(
        defined, from_table,
        "the header defines each table entry once, in order"
    );
}

/// A translation unit that includes the header and touches each kind of declaration.
const PROBE: &str = r#"
#include <libnlrs.h>
#include <libnlrs.h> /* the include guard works */

#if !defined(NLRS_VERSION_MAJOR) || !defined(NLRS_VERSION_MINOR) || !defined(NLRS_VERSION_PATCH)
#error "version macros missing"
#endif

/* The constants are plain integer literals: usable in #if and in case labels. */
#if NLRS_RT_TABLE_MAIN != 254u || NLRS_NLM_F_DUMP != 0x300
#error "constants are not preprocessor integers"
#endif

int probe(void);
int probe(void) {
    char buf[64];
    const char *v = nlrs_version();
    int n = nlrs_strerror(-NLRS_E_PANIC, buf, sizeof buf);
    switch (n) {
    case NLRS_E_TIMEOUT:
    case NLRS_RTM_NEWLINK:
        n = 0;
        break;
    default:
        break;
    }
    return (v != NULL) + n + NLRS_VERSION_MAJOR;
}
"#;

fn compile(compiler: &str, lang: &str, std: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("header-{std}"));
    fs::create_dir_all(&dir).unwrap();
    let src = dir.join(format!("probe.{}", if lang == "c" { "c" } else { "cpp" }));
    fs::write(&src, PROBE).unwrap();
    let include = Path::new(env!("OUT_DIR"));
    let output = Command::new(compiler)
        .args([
            &format!("-std={std}"),
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-c",
        ])
        .arg("-I")
        .arg(include)
        .arg(&src)
        .arg("-o")
        .arg(dir.join("probe.o"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {compiler}: {e}"));
    assert!(
        output.status.success(),
        "the header does not compile with {compiler} -std={std}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn cc() -> String {
    env::var("CC").unwrap_or_else(|_| "gcc".into())
}

fn cxx() -> String {
    env::var("CXX").unwrap_or_else(|_| "g++".into())
}

#[test]
fn header_compiles_as_c99() {
    compile(&cc(), "c", "c99");
}

#[test]
fn header_compiles_as_c11() {
    compile(&cc(), "c", "c11");
}

#[test]
fn header_compiles_as_cxx11() {
    compile(&cxx(), "c++", "c++11");
}
