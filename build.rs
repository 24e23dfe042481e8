//! Build script: compiles the built-in family descriptions of `specs/` into the crate.
//!
//! The C library and its header are built by `capi/` (its own build script), not here, so a
//! Rust program that depends on `nlrs` runs no C tooling.

use std::env;
use std::path::{Path, PathBuf};
use std::process::exit;

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=build.rs");
    embed_specs(&manifest_dir, &out_dir.join("builtin_specs.rs"));
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
