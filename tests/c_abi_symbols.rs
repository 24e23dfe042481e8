//! The shared library's ABI surface: the symbols `libnlrs.so` exports must be exactly those in
//! `abi/symbols.txt` (all `nlrs_*`), and its SONAME must be `libnlrs.so.0.<minor>` (before 1.0).
//!
//! After a deliberate ABI change, rewrite the list with `NLRS_BLESS=1 cargo test --test
//! c_abi_symbols` and commit `abi/symbols.txt` with the change, so every ABI change shows in
//! review.

mod common;

use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

fn run(tool: &str, args: &[&str], lib: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(lib)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (install binutils): {e}"));
    assert!(
        output.status.success(),
        "{tool} {args:?} {} failed:\n{}",
        lib.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

fn exported_symbols(lib: &Path) -> Vec<String> {
    let mut symbols: Vec<String> = run("nm", &["-D", "--defined-only"], lib)
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .map(|name| name.split('@').next().unwrap_or(name).to_owned())
        .collect();
    symbols.sort();
    symbols.dedup();
    symbols
}

#[test]
fn exported_symbols_match_the_committed_list() {
    let lib = common::cbuild::debug_cdylib();
    let actual = exported_symbols(lib);
    let foreign: Vec<&String> = actual.iter().filter(|s| !s.starts_with("nlrs_")).collect();
    assert!(
        foreign.is_empty(),
        "{} exports symbols without the nlrs_ prefix: {foreign:?}",
        lib.display()
    );

    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("abi/symbols.txt");
    let committed = fs::read_to_string(&list).unwrap_or_default();
    let expected: Vec<&str> = committed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if expected == actual {
        return;
    }
    if env::var_os("NLRS_BLESS").is_some_and(|v| v == "1") {
        let mut text = actual.join("\n");
        text.push('\n');
        fs::write(&list, text).expect("write abi/symbols.txt");
        eprintln!("blessed: rewrote {}", list.display());
        return;
    }
    let added: Vec<&String> = actual
        .iter()
        .filter(|s| !expected.contains(&s.as_str()))
        .collect();
    let removed: Vec<&&str> = expected
        .iter()
        .filter(|s| !actual.iter().any(|a| a == **s))
        .collect();
    panic!(
        "{} exports a different symbol set than abi/symbols.txt\n  added:   {added:?}\n  \
         removed: {removed:?}\n  (or the list is not sorted)\nIf the ABI change is deliberate, \
         run `NLRS_BLESS=1 cargo test --test c_abi_symbols` and commit abi/symbols.txt.",
        lib.display()
    );
}

#[test]
fn soname_is_versioned() {
    let lib = common::cbuild::debug_cdylib();
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap();
    let want = if major == 0 {
        format!("libnlrs.so.0.{}", env!("CARGO_PKG_VERSION_MINOR"))
    } else {
        format!("libnlrs.so.{major}")
    };
    let dynamic = run("readelf", &["-d"], lib);
    let soname = dynamic
        .lines()
        .find(|l| l.contains("(SONAME)"))
        .and_then(|l| l.split('[').nth(1))
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_else(|| panic!("{} has no SONAME:\n{dynamic}", lib.display()));
    assert_eq!(soname, want, "SONAME of {}", lib.display());
}
