//! The typed objects' C accessors, generated from one table (`tests/ffi_generated/table.rs`)
//! into checked-in Rust under `src/ffi/<module>/generated.rs`, which cbindgen reads (it
//! cannot expand macros).
//!
//! This test fails when a generated file differs from what the table gives. After editing the
//! table, rewrite the files with `NLRS_BLESS=1 cargo test --test ffi_generated`, then the
//! header with `NLRS_BLESS=1 cargo test --test c_header`. The library builds without the
//! generated files (nothing in it calls them), so when a change leaves them unable to compile,
//! empty them (`: > src/ffi/rtnl_link/generated.rs` ...) and bless again.
//!
//! Each kind of accessor has one shape, calling one helper of `src/ffi/rtnl.rs`: `value` (a
//! plain getter), `optional` (1 and `*out`, or 0), `value` again for a borrowed string, and
//! `modify` (a setter).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "ffi_generated/table.rs"]
mod table;

use table::{Decoded, Getter, Handle, Kind, Module, Name, Parser, Setter, MODULES};

/// Text wider than this is wrapped in doc comments (rustfmt leaves comments alone).
const WIDTH: usize = 100;

/// Appends `text` as `///` lines, wrapped at [`WIDTH`].
fn doc(out: &mut String, text: &str) {
    let mut line = String::from("///");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 3 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("///");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// `*const nlrs_<name>` for a handle's getters, `*mut` for the rest.
fn handle_ty(h: &Handle, mutable: bool) -> String {
    format!("*{} nlrs_{}", if mutable { "mut" } else { "const" }, h.name)
}

/// The lifetime sentence of everything borrowed from a handle.
fn lent(h: &Handle) -> String {
    format!(
        "Borrowed from `{p}`: valid until the next call that changes, or frees, `{p}`.",
        p = h.param
    )
}

fn lifecycle(out: &mut String, h: &Handle) {
    let (name, p) = (h.name, h.param);
    if let Some(what) = h.new {
        doc(out, &format!("Makes {what}."));
        out.push_str("///\n");
        doc(
            out,
            &format!(
                "On success returns 0 and writes the new object to `*out`, which the caller owns \
                 and frees with `nlrs_{name}_free()`. `*out` is untouched on failure. Errors: \
                 `-EINVAL` (NULL `out`)."
            ),
        );
        writeln!(
            out,
            "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_new(out: *mut *mut nlrs_{name}) -> c_int \
             {{\n    new_handle(out)\n}}\n"
        )
        .unwrap();
    }
    let what = match h.decoded {
        Some(_) => "the object and everything borrowed from it".to_string(),
        None => format!("the {}", name.rsplit('_').next().unwrap()),
    };
    doc(
        out,
        &format!("Frees {what}. NULL is a no-op; freeing twice is undefined."),
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_free({p}: {}) {{\n    \
         // SAFETY: `{p}` is NULL or a live handle the caller gives up (the API contract).\n    \
         unsafe {{ free({p}) }}\n}}\n",
        handle_ty(h, true)
    )
    .unwrap();
    if let Some(d) = &h.decoded {
        decoded(out, h, d);
    }
}

fn decoded(out: &mut String, h: &Handle, d: &Decoded) {
    let (name, p) = (h.name, h.param);
    doc(
        out,
        &format!(
            "Decodes `msg`, {}, into `{p}`, replacing what it held. The object keeps a copy of \
             the message (`nlrs_{name}_msg()`), so `msg` itself may go away afterwards. It may \
             also be that very copy: `nlrs_{name}_parse({p}, nlrs_{name}_msg({p}))` decodes it \
             again.",
            d.what
        ),
    );
    out.push_str("///\n");
    doc(
        out,
        &format!(
            "Returns 0 on success. Errors: `-EINVAL` (NULL `{p}`, a NULL `msg.ptr` with a \
             length, a message of another type), `-EBADMSG` (malformed message; the object's \
             fields are unspecified until the next successful decode, and it holds the message's \
             copy)."
        ),
    );
    let types = d.types.join(", ");
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_parse({p}: {}, msg: nlrs_rmsg) -> c_int {{\n    \
         // SAFETY: `{p}` is NULL or live; `msg` came from nlrs and is still valid (the contract).\n    \
         unsafe {{ parse_into(arg_mut({p}), msg, &[{types}]) }}\n}}\n",
        handle_ty(h, true)
    )
    .unwrap();
    doc(
        out,
        &format!(
            "Returns the object's copy of the message it was last filled from, for attributes \
             nlrs has no getter for: read them with `nlrs_rmsg_attrs(msg, sizeof({}), &it)`. \
             Valid until the next call that changes, or frees, `{p}`. `{{NULL, 0}}` before the \
             first fill or for a NULL `{p}`.",
            d.header
        ),
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_msg({p}: {}) -> nlrs_rmsg {{\n    \
         value({p}, RawMsg::default().rmsg(), |o| o.raw().rmsg())\n}}\n",
        handle_ty(h, false)
    )
    .unwrap();
}

fn getter(out: &mut String, h: &Handle, g: &Getter) {
    let (name, p) = (h.name, h.param);
    let this = handle_ty(h, false);
    let signature = |rest: &str| {
        format!(
            "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_{}({p}: {this}{rest}",
            g.name
        )
    };
    let returns_one = format!(
        "Returns 1 when the kernel sent it, 0 when not (then `*out` is untouched), `-EINVAL` for \
         a NULL `{p}` or `out`."
    );
    match g.kind {
        Kind::Value => {
            doc(out, &format!("Returns {}; 0 for a NULL `{p}`.", g.doc));
            writeln!(
                out,
                "{} -> {} {{\n    value({p}, 0, |o| {})\n}}\n",
                signature(")"),
                g.ty,
                g.expr
            )
            .unwrap();
        }
        Kind::Text => {
            doc(
                out,
                &format!(
                    "Returns {}, NUL-terminated, or NULL when it is absent or `{p}` is NULL. {}",
                    g.doc,
                    lent(h)
                ),
            );
            writeln!(
                out,
                "{} -> *const c_char {{\n    value({p}, std::ptr::null(), |o| {})\n}}\n",
                signature(")"),
                g.expr
            )
            .unwrap();
        }
        Kind::Optional | Kind::OptionalBorrowed => {
            let borrowed = match g.kind {
                Kind::OptionalBorrowed => format!(
                    ", borrowed from `{p}`: valid until the next call that changes, or frees, `{p}`"
                ),
                _ => String::new(),
            };
            doc(
                out,
                &format!("Writes {} to `*out`{borrowed}. {returns_one}", g.doc),
            );
            writeln!(
                out,
                "{} -> c_int {{\n    optional({p}, out, |o| {})\n}}\n",
                signature(&format!(", out: *mut {})", g.ty)),
                g.expr
            )
            .unwrap();
        }
    }
}

/// The call converting pointer parameter `arg`, and the SAFETY clause it relies on.
fn conversion(arg: &str, conversion: &str, params: &[(&str, &str)]) -> (String, String) {
    match conversion {
        "arg_struct" => (
            format!("arg_struct({arg})"),
            format!("`{arg}` is NULL or readable"),
        ),
        "arg_cstr" | "arg_str" => (
            format!("{conversion}({arg})"),
            format!("`{arg}` is NULL or NUL-terminated"),
        ),
        "arg_slice" => {
            let len = params
                .iter()
                .skip_while(|(n, _)| *n != arg)
                .nth(1)
                .expect("a length after the slice")
                .0;
            (
                format!("arg_slice({arg}, {len})"),
                format!("`({arg}, {len})` is NULL/0 or readable"),
            )
        }
        other => panic!("unknown conversion {other}"),
    }
}

fn setter(out: &mut String, h: &Handle, s: &Setter) {
    let (name, p) = (h.name, h.param);
    let mut nulls = vec![format!("`{p}`")];
    for (arg, conversion) in s.args {
        if conversion != &"arg_slice" {
            nulls.push(format!("`{arg}`"));
        }
    }
    doc(
        out,
        &format!(
            "{} Returns 0, or `-EINVAL` for a NULL {}{}.",
            s.doc,
            nulls.join(" or "),
            s.errors
        ),
    );
    let params: String = s
        .params
        .iter()
        .map(|(n, t)| format!(", {n}: {t}"))
        .collect();
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_{}({p}: {}{params}) -> c_int {{",
        s.name,
        handle_ty(h, true)
    )
    .unwrap();
    for (arg, how) in s.args {
        let (call, safety) = conversion(arg, how, s.params);
        writeln!(
            out,
            "    // SAFETY: {safety} (the API contract).\n    let {arg} = unsafe {{ {call} }};"
        )
        .unwrap();
    }
    writeln!(
        out,
        "    modify({p}, |s| {{\n        {}\n        Ok(())\n    }})\n}}\n",
        s.body
    )
    .unwrap();
}

fn name(out: &mut String, n: &Name) {
    let (param, ty) = n.param;
    doc(out, &format!("Writes {}.", n.doc));
    out.push_str("///\n");
    doc(
        out,
        "Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`; \
         `buf` may be NULL when `len` is 0, to ask for the size. Returns the full text's length \
         without its NUL, or `-EINVAL` for a NULL `buf` with `len > 0`.",
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{}({param}: {ty}, buf: *mut c_char, len: usize) -> c_int {{\n    \
         // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).\n    \
         unsafe {{ name_into(buf, len, {}) }}\n}}\n",
        n.name, n.expr
    )
    .unwrap();
}

fn parser(out: &mut String, p: &Parser) {
    doc(
        out,
        &format!(
            "Reads {}, into `*out`. Returns 0, or `-EINVAL` for a NULL `text` or `out` or a text \
             that is neither (then `*out` is untouched).",
            p.doc
        ),
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{}(text: *const c_char, out: *mut {}) -> c_int {{\n    \
         // SAFETY: `text` is NULL or NUL-terminated, `out` is NULL or writable (the API contract).\n    \
         unsafe {{ parse_name(text, out, {}) }}\n}}\n",
        p.name, p.ty, p.parse
    )
    .unwrap();
}

/// Where the names the generated code uses come from; the module's own items (the handle
/// types, their helpers) come with `use super::*`.
const IMPORTS: &[(&str, &str)] = &[
    ("std::os::raw", "c_char"),
    ("std::os::raw", "c_int"),
    ("crate::ffi::macros", "arg_cstr"),
    ("crate::ffi::macros", "arg_mut"),
    ("crate::ffi::macros", "arg_slice"),
    ("crate::ffi::macros", "arg_str"),
    ("crate::ffi::macros", "arg_struct"),
    ("crate::ffi::macros", "free"),
    ("crate::ffi::rmsg", "nlrs_bytes"),
    ("crate::ffi::rmsg", "nlrs_rmsg"),
    ("crate::ffi::rtnl", "modify"),
    ("crate::ffi::rtnl", "name_into"),
    ("crate::ffi::rtnl", "NameOr"),
    ("crate::ffi::rtnl", "parse_name"),
    ("crate::ffi::rtnl", "ifindex_out"),
    ("crate::ffi::rtnl", "ip_out"),
    ("crate::ffi::rtnl", "new_handle"),
    ("crate::ffi::rtnl", "nlrs_ipaddr"),
    ("crate::ffi::rtnl", "optional"),
    ("crate::ffi::rtnl", "parse_into"),
    ("crate::ffi::rtnl", "value"),
    ("crate::ffi::rtnl", "Decoded"),
    ("crate::ffi::rtnl", "RawMsg"),
];

/// The `use` lines for the names `code` (without its comments) uses.
fn imports(code: &str) -> String {
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let used: std::collections::BTreeSet<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    let mut by_path: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (path, name) in IMPORTS {
        if used.contains(name) {
            by_path.entry(path).or_default().push(name);
        }
    }
    let consts: Vec<&str> = used
        .iter()
        .copied()
        .filter(|w| w.starts_with("RTM_"))
        .collect();
    if !consts.is_empty() {
        by_path.insert("crate::wire::consts", consts);
    }
    let mut out = String::from("use super::*;\n");
    for (path, names) in by_path {
        writeln!(out, "use {path}::{{{}}};", names.join(", ")).unwrap();
    }
    out
}

/// The generated source of one module, formatted by rustfmt.
fn generate(m: &Module) -> String {
    let mut body = String::new();
    for h in m.handles {
        lifecycle(&mut body, h);
        for g in h.getters {
            getter(&mut body, h, g);
        }
        for s in h.setters {
            setter(&mut body, h, s);
        }
    }
    for n in m.names {
        name(&mut body, n);
    }
    for p in m.parsers {
        parser(&mut body, p);
    }
    let out = format!(
        "//! Generated by `tests/ffi_generated.rs` from `tests/ffi_generated/table.rs`: do not \
         edit.\n//! Regenerate with `NLRS_BLESS=1 cargo test --test ffi_generated`.\n\n{}\n{body}",
        imports(&body)
    );
    rustfmt(&out)
}

/// `source` as `cargo fmt` leaves it (the repository's rustfmt settings).
fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let done = child.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "rustfmt refused the generated code:\n{source}"
    );
    String::from_utf8(done.stdout).unwrap()
}

fn path(m: &Module) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/ffi/{}/generated.rs", m.module))
}

#[test]
fn generated_accessors_match_the_table() {
    let bless = std::env::var_os("NLRS_BLESS").is_some();
    let mut stale = Vec::new();
    for m in MODULES {
        let (want, file) = (generate(m), path(m));
        let have = std::fs::read_to_string(&file).unwrap_or_default();
        if have == want {
            continue;
        }
        if bless {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, want).unwrap();
        } else {
            stale.push(file.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated accessors differ from tests/ffi_generated/table.rs: {stale:?}\n\
         regenerate them with `NLRS_BLESS=1 cargo test --test ffi_generated`"
    );
}

/// Every accessor the table names is declared once: no two rows make the same C function.
#[test]
fn no_function_is_declared_twice() {
    let mut names = std::collections::BTreeSet::new();
    for m in MODULES {
        for h in m.handles {
            let rows = h
                .getters
                .iter()
                .map(|g| g.name)
                .chain(h.setters.iter().map(|s| s.name));
            for row in rows {
                assert!(
                    names.insert(format!("nlrs_{}_{row}", h.name)),
                    "nlrs_{}_{row} twice",
                    h.name
                );
            }
        }
    }
}
