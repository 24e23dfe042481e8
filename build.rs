//! Build script: generates the C header and sets the shared library's link arguments.
//!
//! - cbindgen (a pinned build-dependency) parses `src/ffi/` and writes `$OUT_DIR/libnlrs.h`,
//!   nothing else. `include/libnlrs.h` is the checked-in copy; `tests/c_header.rs` fails when the
//!   two differ, and `NLRS_BLESS=1 cargo test --test c_header` rewrites it.
//! - On Linux the cdylib gets the SONAME `libnlrs.so.0.<minor>` (`libnlrs.so.<major>` from 1.0
//!   on).
//!
//! Exported symbols: rustc already links a cdylib with its own version script that exports
//! exactly the `#[no_mangle] extern "C"` functions and makes everything else local. A second
//! script cannot narrow that list (an exact `global:` name beats a `local: *` wildcard; tried
//! with `nlrs_*`), so none is added: `tests/c_abi_symbols.rs` checks that `nm -D --defined-only`
//! shows only `nlrs_*` symbols, and exactly those in `abi/symbols.txt`.

use std::env;
use std::path::{Path, PathBuf};
use std::process::exit;

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src");

    let version = |part: &str| -> u64 {
        let var = format!("CARGO_PKG_VERSION_{part}");
        let value = env::var(&var).unwrap_or_default();
        value
            .parse()
            .unwrap_or_else(|_| fail(&format!("{var} is not a number: {value:?}")))
    };
    let (major, minor, patch) = (version("MAJOR"), version("MINOR"), version("PATCH"));

    embed_specs(&manifest_dir, &out_dir.join("builtin_specs.rs"));

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
         #define NLRS_VERSION_PATCH {patch}"
    ));
    let root = manifest_dir.join("src/ffi/mod.rs");
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

/// Writes `$OUT_DIR/builtin_specs.rs`: one `(name, text)` entry per `specs/*.yaml`, sorted by
/// name, the text included with `include_str!`, so the descriptions are compiled into the
/// library. Without a `specs/` folder the list is empty.
fn embed_specs(manifest_dir: &Path, out: &Path) {
    let dir = manifest_dir.join("specs");
    let mut specs = Vec::new();
    // Watched even when absent, so that a folder added later is embedded (while it is
    // absent, cargo reruns this script at each build).
    println!("cargo:rerun-if-changed=specs");
    if dir.is_dir() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())))
                .path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if let Some(stem) = name.strip_suffix(".yaml") {
                let ok = !stem.is_empty()
                    && stem
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if !ok {
                    fail(&format!("specs/{name}: a description's name may hold only letters, digits, '-' and '_'"));
                }
                println!("cargo:rerun-if-changed={}", path.display());
                specs.push((stem.to_owned(), path));
            }
        }
    }
    specs.sort();
    let mut code = String::from("/// The descriptions in `specs/`: name, text.\npub(super) const SPECS: &[(&std::ffi::CStr, &str)] = &[\n");
    for (name, path) in &specs {
        code.push_str(&format!(
            "    (c{name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out, code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}

fn fail(msg: &str) -> ! {
    eprintln!("error: nlrs build script: {msg}");
    println!(
        "cargo:warning=nlrs build script: {}",
        msg.lines().next().unwrap_or(msg)
    );
    exit(1)
}
