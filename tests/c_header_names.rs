//! The names of `include/libnlrs.h` against its own docs and the kernel's: every `NLRS_*` name a
//! doc comment mentions is defined (a C program that uses each one must compile), and every
//! constant that mirrors a kernel uapi constant is compared with it by `tests/c/ffi_smoke.c`.

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

fn header() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/libnlrs.h");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The text of the header's comments (`/* ... */` and `// ...`).
fn comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let block = rest.find("/*");
        let line = rest.find("//");
        match (block, line) {
            (Some(b), l) if l.is_none_or(|l| b < l) => {
                let end = rest[b..].find("*/").map_or(rest.len(), |e| b + e + 2);
                out.push_str(&rest[b..end]);
                rest = &rest[end..];
            }
            (_, Some(l)) => {
                let end = rest[l..].find('\n').map_or(rest.len(), |e| l + e);
                out.push_str(&rest[l..end]);
                rest = &rest[end..];
            }
            _ => return out,
        }
        out.push('\n');
    }
}

/// Each `NLRS_[A-Z0-9_]+` token of `text` and whether a `*` follows it (`NLRS_RTAX_*`: a
/// family of names, not one); not environment variables (`NLRS_X=...`).
fn nlrs_tokens(text: &str) -> BTreeSet<(String, bool)> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while let Some(at) = text[i..].find("NLRS_") {
        let start = i + at;
        let word_before =
            start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start + "NLRS_".len();
        while end < bytes.len()
            && (bytes[end].is_ascii_uppercase()
                || bytes[end].is_ascii_digit()
                || bytes[end] == b'_')
        {
            end += 1;
        }
        // `NLRS_BLESS=1`, in the banner, is an environment variable, not a C name.
        let env_var = bytes.get(end) == Some(&b'=');
        if !word_before && !env_var {
            out.insert((text[start..end].to_owned(), bytes.get(end) == Some(&b'*')));
        }
        i = end;
    }
    out
}

/// The names the header `#define`s.
fn defines(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("#define "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_name_the_docs_mention_is_defined() {
    let text = header();
    let defined = defines(&text);
    let mut exact = Vec::new();
    let mut families = Vec::new();
    for (name, family) in nlrs_tokens(&comments(&text)) {
        if family {
            families.push(name);
        } else {
            exact.push(name);
        }
    }
    assert!(
        exact.len() > 50,
        "too few names found in the comments: {exact:?}"
    );

    // A family (`NLRS_RTAX_*`) must have at least one member.
    let empty: Vec<_> = families
        .iter()
        .filter(|p| !defined.iter().any(|d| d.starts_with(p.as_str())))
        .collect();
    assert!(
        empty.is_empty(),
        "the docs name families of constants that have no member: {empty:?}"
    );

    // Exact names through the C compiler, which knows macros and enum constants alike; one
    // function per name, so the compiler reports each missing one by name.
    let mut c = String::from("#include <libnlrs.h>\n");
    for (i, name) in exact.iter().enumerate() {
        c.push_str(&format!(
            "long long documented_{i}(void) {{ return (long long)({name}); }}\n"
        ));
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("c_header_names-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let src = dir.join("documented.c");
    fs::write(&src, c).unwrap();
    let cc = env::var("CC").unwrap_or_else(|_| "gcc".into());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-I"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("include"))
        .arg(&src)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
    let undeclared: Vec<_> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("undeclared"))
        .map(str::to_owned)
        .collect();
    assert!(
        out.status.success(),
        "names the header's docs mention but does not define:\n{}\n{}",
        undeclared.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Prefixes of the constants nlrs itself defines (error codes, its own flags and enums): they
/// have no uapi counterpart. Every other `NLRS_X` mirrors the kernel's `X`.
const NLRS_OWN: &[&str] = &[
    "NLRS_VERSION_",
    "NLRS_E_",
    "NLRS_EVENT_",
    "NLRS_CHANGE_",
    "NLRS_OBJECT_",
    "NLRS_MIRROR_",
    "NLRS_MODE_",
    "NLRS_MONITOR_",
    "NLRS_ROUTE_HAS_",
    "NLRS_SOCKET_",
    "NLRS_FAMILY_OP_",
    "NLRS_ADDR_LIFETIME_FOREVER",
];

#[test]
fn every_kernel_constant_is_compared_with_the_uapi_headers() {
    let smoke_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/ffi_smoke.c");
    let smoke = fs::read_to_string(&smoke_path).unwrap();
    let checked: BTreeSet<String> = nlrs_tokens(&smoke).into_iter().map(|(n, _)| n).collect();
    let unchecked: Vec<_> = defines(&header())
        .into_iter()
        .filter(|d| d.starts_with("NLRS_"))
        .filter(|d| !NLRS_OWN.iter().any(|p| d.starts_with(p)))
        .filter(|d| !checked.contains(d))
        .collect();
    assert!(
        unchecked.is_empty(),
        "constants of include/libnlrs.h that tests/c/ffi_smoke.c does not compare with the \
         kernel's uapi headers (add a CHECK there, or, for a constant of nlrs's own, its prefix \
         to NLRS_OWN here): {unchecked:?}"
    );
}
