//! Build script of the C library: generates the C header and sets the shared library's link
//! arguments.
//!
//! - cbindgen (a pinned build-dependency) parses the C ABI, `src/ffi/` of the `nlrs` crate,
//!   and writes `$OUT_DIR/libnlrs.h`, nothing else. `include/libnlrs.h` is the checked-in copy;
//!   `capi/capi/tests/c_header.rs` fails when the two differ, and `NLRS_BLESS=1 cargo test --test
//!   header` rewrites it.
//! - The `NLRS_*` constants, which `src/ffi/consts.rs` makes with a macro that cbindgen cannot
//!   see, come from their table (`src/ffi/consts_table.rs`): this script compiles it too, with
//!   the files its values come from, and writes it into the header as `#define`s.
//! - On Linux the cdylib gets the SONAME `libnlrs.so.0.<minor>` (`libnlrs.so.<major>` from 1.0
//!   on).
//!
//! Exported symbols: rustc already links a cdylib with its own version script that exports
//! exactly the `#[no_mangle] extern "C"` functions (those of the `nlrs` crate it links
//! included) and makes everything else local. A second script cannot narrow that list (an exact
//! `global:` name beats a `local: *` wildcard; tried with `nlrs_*`), so none is added:
//! `tests/c_abi_symbols.rs` checks that `nm -D --defined-only` shows only `nlrs_*` symbols, and
//! exactly those in `abi/symbols.txt`.

use std::env;
use std::os::raw::c_int;
use std::path::{Path, PathBuf};
use std::process::exit;

// The files the constants' values come from (they import nothing, so they compile here too).
#[allow(dead_code)]
#[path = "../src/conn/code.rs"]
mod code;
#[allow(dead_code)]
#[path = "../src/wire/consts.rs"]
mod consts;
#[allow(dead_code)]
#[path = "../src/rtnl/route/has.rs"]
mod has;

/// One `NLRS_*` constant of the table, as C sees it.
struct CConst {
    /// The doc comment's lines, each with the space after `///`.
    doc: &'static [&'static str],
    name: &'static str,
    /// The value as a C integer literal.
    value: String,
}

/// Makes the table a list of [`CConst`]s (`src/ffi/consts.rs` makes it Rust constants).
macro_rules! nlrs_consts {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty = $value:expr;)*) => {
        vec![$(CConst {
            doc: &[$($doc),*],
            name: stringify!($name),
            value: {
                const VALUE: $ty = $value;
                c_literal(VALUE as i128, stringify!($ty))
            },
        }),*]
    };
}

/// `value` as the header writes a constant of Rust type `ty`: a `u32` unsigned (`u`), so that
/// flag masks and group numbers have the type of the fields they go into; others plain.
fn c_literal(value: i128, ty: &str) -> String {
    match ty {
        "u32" => format!("{value}u"),
        _ => value.to_string(),
    }
}

/// The `#define`s of the `NLRS_*` constants, each with its doc comment as cbindgen writes one.
fn c_constants() -> String {
    let table: Vec<CConst> = include!("../src/ffi/consts_table.rs");
    let mut c = String::new();
    for k in &table {
        c.push_str("\n\n/**\n");
        for line in k.doc {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.is_empty() {
                c.push_str(" *\n");
            } else {
                c.push_str(&format!(" * {line}\n"));
            }
        }
        c.push_str(&format!(" */\n#define {} {}", k.name, k.value));
    }
    c
}

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=../src/ffi");
    for values in [
        "../src/conn/code.rs",
        "../src/wire/consts.rs",
        "../src/rtnl/route/has.rs",
    ] {
        println!("cargo:rerun-if-changed={values}");
    }

    let version = |part: &str| -> u64 {
        let var = format!("CARGO_PKG_VERSION_{part}");
        let value = env::var(&var).unwrap_or_default();
        value
            .parse()
            .unwrap_or_else(|_| fail(&format!("{var} is not a number: {value:?}")))
    };
    let (major, minor, patch) = (version("MAJOR"), version("MINOR"), version("PATCH"));

    generate_header(
        &manifest_dir,
        &out_dir.join("libnlrs.h"),
        (major, minor, patch),
    );

    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let soname = if major == 0 {
            format!("libnlrs.so.0.{minor}")
        } else {
            format!("libnlrs.so.{major}")
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    }
}

fn generate_header(manifest_dir: &Path, header: &Path, (major, minor, patch): (u64, u64, u64)) {
    let config_file = manifest_dir.join("cbindgen.toml");
    let mut config = cbindgen::Config::from_file(&config_file)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", config_file.display())));
    config.after_includes = Some(format!(
        "\n/** The version of nlrs this header belongs to; see nlrs_version() for the library's. */\n\
         #define NLRS_VERSION_MAJOR {major}\n\
         #define NLRS_VERSION_MINOR {minor}\n\
         #define NLRS_VERSION_PATCH {patch}{}",
        c_constants()
    ));
    let root = manifest_dir.join("../src/ffi/mod.rs");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(&root)
        .generate()
        .unwrap_or_else(|e| {
            fail(&format!(
                "cbindgen could not generate the C header from {}: {e}\n\
                 (Is a source file under src/ffi/ half-written or not valid Rust? Fix it and \
                 build again.)",
                root.display()
            ))
        });
    bindings.write_to_file(header);
}

fn fail(msg: &str) -> ! {
    eprintln!("error: nlrs-capi build script: {msg}");
    println!(
        "cargo:warning=nlrs-capi build script: {}",
        msg.lines().next().unwrap_or(msg)
    );
    exit(1)
}
