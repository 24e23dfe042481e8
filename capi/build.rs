//! Build script of the C library: generates the C header and sets the shared library's link
//! arguments.
//!
//! - cbindgen (a pinned build-dependency) parses the C ABI, `src/ffi/` of the `nlrs` crate,
//!   and writes `$OUT_DIR/libnlrs.h`, nothing else. `include/libnlrs.h` is the checked-in copy;
//!   `capi/tests/c_header.rs` fails when the two differ, and `NLRS_BLESS=1 cargo test -p
//!   nlrs-capi --test c_header` rewrites it.
//! - The `NLRS_*` constants, which `src/ffi/consts.rs` makes with a macro that cbindgen cannot
//!   see, come from their table (`src/ffi/consts_table.rs`): this script compiles it too, with
//!   the files its values come from, and writes it into the header as `#define`s, each with the
//!   doc its group gives it.
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
    name: &'static str,
    /// The value as a C integer literal.
    value: String,
    /// The doc comment, lines apart by `\n`.
    doc: String,
}

impl CConst {
    /// A constant of Rust type `ty` (its name, e.g. `u32`): a `u32` is written unsigned (`u`),
    /// so that flag masks and group numbers have the type of the fields they go into.
    fn new(name: &'static str, value: i128, ty: &str, doc: String) -> CConst {
        let value = match ty {
            "u32" => format!("{value}u"),
            _ => value.to_string(),
        };
        CConst { name, value, doc }
    }
}

/// Makes the table a list of [`CConst`]s (`src/ffi/consts.rs` makes it Rust constants; the
/// table's head comment explains its three kinds of group). A `kernel` group's doc names the
/// kernel constant, and with `hex` shows its value.
macro_rules! nlrs_consts {
    ($($kind:ident($($head:tt)*) { $($body:tt)* })*) => {{
        let mut table: Vec<CConst> = Vec::new();
        $(table.extend(nlrs_consts!(@$kind ($($head)*) $($body)*));)*
        table
    }};
    (@docs () $($(#[doc = $doc:literal])* $name:ident: $ty:ty = $value:expr;)*) => {
        [$({
            const VALUE: $ty = $value;
            let doc: Vec<&str> =
                [$($doc),*].iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
            CConst::new(stringify!($name), VALUE as i128, stringify!($ty), doc.join("\n"))
        }),*]
    };
    (@kernel ($ty:ty = $m:ident, $($hex:ident)? $what:literal, $prefix:literal, $where:literal)
        $($name:ident = $member:ident $(: $words:literal)?;)*) => {{
        let hex = stringify!($($hex)?) == "hex";
        [$({
            const VALUE: $ty = $m::$member;
            let value = if hex { format!(" = `{VALUE:#x}`") } else { String::new() };
            let kernel = concat!($prefix, stringify!($member));
            let words = concat!("" $(, ": ", $words)?);
            let doc = format!("{} `{kernel}`{value}{}{words}.", $what, $where);
            CConst::new(stringify!($name), VALUE as i128, stringify!($ty), doc)
        }),*]
    }};
    (@nlrs ($ty:ty, $what:literal) $($name:ident = $($value:tt)::+: $words:literal;)*) => {
        [$({
            const VALUE: $ty = $($value)::+;
            let doc = concat!($what, ": ", $words, ".").to_string();
            CConst::new(stringify!($name), VALUE as i128, stringify!($ty), doc)
        }),*]
    };
}

/// `line` in lines of at most `width` characters, broken between words.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in line.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if last.is_empty() {
            last.push_str(word);
        } else if last.len() + 1 + word.len() <= width {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// The `#define`s of the `NLRS_*` constants, each with its doc comment as cbindgen writes one.
fn c_constants() -> String {
    use consts::*;
    let table = include!("../src/ffi/consts_table.rs");
    let mut c = String::new();
    for k in &table {
        c.push_str("\n\n/**\n");
        for line in k.doc.lines().flat_map(|l| wrap(l, 96)) {
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
