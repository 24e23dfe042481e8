//! The plain accessors of the C API's other handles (sockets, messages, generic netlink
//! families, mirrors, ...), generated from one table (`tests/ffi_handles/table.rs`) into
//! checked-in Rust under `src/ffi/<module>/accessors.rs`, which cbindgen reads (it cannot
//! expand macros). The typed objects' accessors come from `tests/ffi_generated.rs`, which
//! shares the header, doc wrapping, rustfmt and drift test of `tests/codegen/mod.rs`.
//!
//! This test fails when a generated file differs from what the table gives. After editing the
//! table, rewrite the files with `NLRS_BLESS=1 cargo test --test ffi_handles`, then the header
//! with `NLRS_BLESS=1 cargo test -p nlrs-capi --test c_header`. When a change leaves them
//! unable to compile, run this file alone, which needs nothing but rustfmt:
//! `CARGO_MANIFEST_DIR=$PWD rustc --test --edition 2021 tests/ffi_handles.rs -o
//! target/ffi_handles && NLRS_BLESS=1 target/ffi_handles`.
//!
//! Each kind of accessor has one shape and one documentation pattern, which says what a NULL
//! handle gives; the table gives what differs: the name, the expression, what it returns.

use std::fmt::Write as _;

mod codegen;
#[path = "ffi_handles/table.rs"]
mod table;

use codegen::{doc, rustfmt};

/// One exported function: its documentation, signature after `fn nlrs_` and one-expression
/// body.
pub struct Accessor {
    doc: String,
    sig: String,
    body: String,
}

/// The accessors of one `src/ffi/<module>.rs`, written to `src/ffi/<module>/accessors.rs`.
pub struct Module {
    pub module: &'static str,
    pub accessors: Vec<Accessor>,
}

/// A handle parameter: `(name, C type without nlrs_)`, e.g. `("sock", "socket")`.
pub type Param = (&'static str, &'static str);

/// The handle's `_free`: `what` says what goes with it, ending in a full stop.
pub fn free((p, ty): Param, what: &str) -> Accessor {
    Accessor {
        doc: format!("{what} NULL is a no-op; freeing twice is undefined."),
        sig: format!("{ty}_free({p}: *mut nlrs_{ty})"),
        body: format!(
            "// SAFETY: `{p}` is NULL or a live handle the caller gives up (the API contract).\n\
             unsafe {{ free({p}) }}"
        ),
    }
}

/// A getter returning `ty`: `expr` read from the object `o`, or `none` (`0`, `false`) for a
/// NULL handle.
pub fn value(name: &str, (p, ty): Param, ret: &str, none: &str, expr: &str, doc: &str) -> Accessor {
    Accessor {
        doc: format!("Returns {doc}; {none} for a NULL `{p}`."),
        sig: format!("{name}({p}: *const nlrs_{ty}) -> {ret}"),
        body: format!("get({p}, {none}, |o| Ok({expr}))"),
    }
}

/// A getter of a string that belongs to the object: `expr` gives an `Option<&CStr>`.
pub fn text(name: &str, (p, ty): Param, expr: &str, doc: &str) -> Accessor {
    Accessor {
        doc: format!(
            "Returns {doc}; NULL when there is none or `{p}` is NULL. The string belongs to \
             `{p}` and is valid until the next call that changes, or frees, `{p}`."
        ),
        sig: format!("{name}({p}: *const nlrs_{ty}) -> *const c_char"),
        body: format!(
            "get({p}, std::ptr::null(), |o| Ok(({expr}).map_or(std::ptr::null(), CStr::as_ptr)))"
        ),
    }
}

/// A descriptor the handle owns, for poll(): `expr` gives it.
pub fn fd(name: &str, (p, ty): Param, expr: &str, doc: &str) -> Accessor {
    Accessor {
        doc: format!(
            "Returns {doc}, to poll for readability (`POLLIN`). It stays owned by `{p}`: do not \
             close it or read from it. `-EINVAL` for a NULL `{p}`."
        ),
        sig: format!("{name}({p}: *const nlrs_{ty}) -> c_int"),
        body: format!("call({p}, |o| Ok({expr}))"),
    }
}

/// A call that changes the object with the arguments `params` (`", group: u32"`): `expr`, a
/// `Result` of the layers below, on the object `o`; `errors` lists the errors besides a NULL
/// handle's `-EINVAL`.
pub fn change(
    name: &str,
    (p, ty): Param,
    params: &str,
    expr: &str,
    doc: &str,
    errors: &str,
) -> Accessor {
    Accessor {
        doc: format!("{doc}\n\nReturns 0, or `-EINVAL` (NULL `{p}`){errors}."),
        sig: format!("{name}({p}: *mut nlrs_{ty}{params}) -> c_int"),
        body: format!("call_mut({p}, |o| Ok({expr}?))"),
    }
}

/// A field the kernel may leave out: `expr` gives an `Option<ty>`, written to `*out`.
pub fn optional(name: &str, (p, ty): Param, ret: &str, expr: &str, doc: &str) -> Accessor {
    Accessor {
        doc: format!(
            "Writes {doc} to `*out`.\n\nReturns 1 and writes `*out` when there is one, 0 when \
             there is none, `-EINVAL` for a NULL `{p}` or `out`. `*out` is written only when 1 \
             is returned."
        ),
        sig: format!("{name}({p}: *const nlrs_{ty}, out: *mut {ret}) -> c_int"),
        body: format!(
            "// SAFETY: `out` is NULL or writable (the API contract).\n\
             let out = unsafe {{ arg_out(out) }};\n\
             call({p}, |o| out?.set_some({expr}))"
        ),
    }
}

/// A function with a body of its own (`body`, one expression or a block's statements) and a
/// full documentation.
pub fn custom(sig: &str, body: &str, doc: &str) -> Accessor {
    Accessor {
        doc: doc.to_owned(),
        sig: sig.to_owned(),
        body: body.to_owned(),
    }
}

/// The generated source of one module, formatted by rustfmt.
fn generate(m: &Module) -> String {
    let mut out = codegen::header("ffi_handles");
    out.push_str(
        "// Each file uses a part of these.\n#![allow(unused_imports)]\n\n\
         use super::*;\nuse std::ffi::{CStr, CString};\nuse std::os::raw::{c_char, c_int};\n\n",
    );
    for a in &m.accessors {
        doc(&mut out, &a.doc);
        writeln!(
            out,
            "#[no_mangle]\npub extern \"C\" fn nlrs_{} {{\n{}\n}}\n",
            a.sig, a.body
        )
        .unwrap();
    }
    rustfmt(&out)
}

#[test]
fn generated_accessors_match_the_table() {
    let mut names = std::collections::BTreeSet::new();
    let modules = table::modules();
    for a in modules.iter().flat_map(|m| &m.accessors) {
        let name = a.sig.split('(').next().unwrap();
        assert!(names.insert(name), "nlrs_{name} twice");
    }
    codegen::check(
        "ffi_handles",
        modules
            .iter()
            .map(|m| (format!("src/ffi/{}/accessors.rs", m.module), generate(m))),
    );
}
