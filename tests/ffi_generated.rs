//! The typed objects' C accessors, generated from one table (`tests/ffi_generated/table.rs`)
//! into checked-in Rust under `src/ffi/<module>/generated.rs`, which cbindgen reads (it
//! cannot expand macros). The other handles' accessors come from `tests/ffi_handles.rs`; both
//! share the header, doc wrapping, rustfmt and drift test of `tests/codegen/mod.rs`.
//!
//! This test fails when a generated file differs from what the table gives. After editing the
//! table, rewrite the files with `NLRS_BLESS=1 cargo test --test ffi_generated`, then the
//! header with `NLRS_BLESS=1 cargo test -p nlrs-capi --test c_header`. The library needs the
//! generated files (they declare the handle types), so when a change leaves them unable to
//! compile, run this file alone, which needs nothing but rustfmt: `CARGO_MANIFEST_DIR=$PWD
//! rustc --test --edition 2021 tests/ffi_generated.rs -o target/ffi_generated &&
//! NLRS_BLESS=1 target/ffi_generated`.
//!
//! Each kind of function has one shape. Getters and setters use the idiom of every handle
//! (`src/ffi/macros.rs`): `get` (a plain getter, and a borrowed string), `call` with
//! `Out::set_some` (1 and `*out`, or 0), `call_mut` (a setter). The rest call one helper of
//! `src/ffi/rtnl.rs`: `new_handle` (a constructor), `start_dump` (a dump), `get_into` (one
//! object asked for), `send` (a request built from the arguments) and `send_spec` (one built
//! from a spec handle).

use std::fmt::Write as _;

mod codegen;
#[path = "ffi_generated/table.rs"]
mod table;

use codegen::{doc, rustfmt};
use table::{Call, CallKind, Decoded, Getter, Handle, Kind, Module, Name, Parser, Setter, MODULES};

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

/// The NULL pointers `args` refuse, in the words of the documentation: "`a` or `b`".
fn nulls(first: &[String], args: &[(&str, &str)], last: &[&str]) -> String {
    let mut nulls = first.to_vec();
    for (arg, conversion) in args {
        if !matches!(*conversion, "arg_slice" | "arg_opt_struct") {
            nulls.push(format!("`{arg}`"));
        }
    }
    nulls.extend(last.iter().map(|n| format!("`{n}`")));
    nulls.join(" or ")
}

/// `, name: type` for each parameter.
fn param_list(params: &[(&str, &str)]) -> String {
    params.iter().map(|(n, t)| format!(", {n}: {t}")).collect()
}

/// The conversions of the pointer parameters `args`, one statement each.
fn convert(out: &mut String, args: &[(&str, &str)], params: &[(&str, &str)]) {
    for (arg, how) in args {
        let (call, safety) = conversion(arg, how, params);
        writeln!(
            out,
            "    // SAFETY: {safety} (the API contract).\n    let {arg} = unsafe {{ {call} }};"
        )
        .unwrap();
    }
}

/// The Rust type of a decoded object: its value, message copy and string views, decoded from
/// the copy or shown from a mirror.
fn decoded_type(out: &mut String, h: &Handle, d: &Decoded) {
    let ((field, ty), inner, noun) = (d.value, h.inner, d.noun);
    // The module's own functions read the value too.
    let mut fields = format!("pub(super) {field}: {ty},\nraw: RawMsg,\n");
    if let Some(spare) = d.spare {
        writeln!(fields, "spare: {spare},").unwrap();
    }
    // The C views of the strings, refreshed after each decode or show.
    let (mut what, mut refresh, mut views) = (" and its message copy", "", String::new());
    let mut decoded = d.decode.to_string();
    if !d.views.is_empty() {
        what = ", its message copy and the C views of its strings";
        refresh = "self.views();\n";
        decoded = format!("let r = {decoded};\nself.views();\nr");
        views =
            "\n/// Makes the C views of its strings the value's.\nfn views(&mut self) {\n".into();
        for (view, bytes) in d.views {
            writeln!(fields, "{view}: CText,").unwrap();
            writeln!(views, "self.{view}.set({bytes});").unwrap();
        }
        views.push_str("}\n");
    }
    writeln!(
        out,
        "/// The decoded {noun}{what}.\n\
         #[derive(Default)]\npub(crate) struct {inner} {{\n{fields}}}\n\n\
         impl Decoded for {inner} {{\n\
         fn raw(&self) -> &RawMsg {{\n&self.raw\n}}\n\n\
         fn raw_mut(&mut self) -> &mut RawMsg {{\n&mut self.raw\n}}\n\n\
         fn decode(&mut self) -> Result<(), ParseError> {{\n\
         let m = self.raw.msg()?;\n{decoded}\n}}\n}}\n\n\
         impl {inner} {{\n\
         /// Shows a {noun} of a mirror: `fill` writes it into the object (reusing its\n\
         /// buffers); the object then holds no message copy. Inlined: a mirror's\n\
         /// lookups lend their answer through it.\n\
         #[inline]\n\
         pub(crate) fn show(&mut self, fill: impl FnOnce(&mut {ty})) {{\n\
         fill(&mut self.{field});\nself.raw.clear();\n{refresh}}}\n{views}}}\n"
    )
    .unwrap();
}

fn lifecycle(out: &mut String, h: &Handle) {
    let (name, p, new) = (h.name, h.param, &h.new);
    if let Some(d) = &h.decoded {
        decoded_type(out, h, d);
    }
    doc(out, h.doc);
    writeln!(
        out,
        "pub struct nlrs_{name}(Handle<{inner}>);\nffi_handle!(nlrs_{name} => {inner});\n",
        inner = h.inner
    )
    .unwrap();
    let noun = match h.decoded {
        Some(_) => "object",
        None => name.rsplit('_').next().unwrap(),
    };
    doc(
        out,
        &format!(
            "Makes {}.\n\nOn success returns 0 and writes the new {noun} to `*out`, which the \
             caller owns and frees with `nlrs_{name}_free()`. `*out` is untouched on failure. \
             Errors: `-EINVAL` (NULL {}){}.",
            new.what,
            nulls(&[], new.args, &["out"]),
            new.errors
        ),
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_new({}out: *mut *mut nlrs_{name}) -> c_int {{",
        new.params
            .iter()
            .map(|(n, t)| format!("{n}: {t}, "))
            .collect::<String>()
    )
    .unwrap();
    convert(out, new.args, new.params);
    writeln!(out, "    new_handle(out, || {})\n}}\n", new.body).unwrap();
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
         get({p}, RawMsg::default().rmsg(), |o| Ok(o.raw().rmsg()))\n}}\n",
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
                "{} -> {} {{\n    get({p}, 0, |o| Ok({}))\n}}\n",
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
                "{} -> *const c_char {{\n    get({p}, std::ptr::null(), |o| Ok({}))\n}}\n",
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
                "{} -> c_int {{\n    \
                 // SAFETY: `out` is NULL or writable (the API contract).\n    \
                 let out = unsafe {{ arg_out(out) }};\n    \
                 call({p}, |o| out?.set_some({}))\n}}\n",
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
        "arg_opt_struct" => (
            format!("arg_opt_struct({arg})"),
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
    doc(
        out,
        &format!(
            "{} Returns 0, or `-EINVAL` for a NULL {}{}.",
            s.doc,
            nulls(&[format!("`{p}`")], s.args, &[]),
            s.errors
        ),
    );
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{name}_{}({p}: {}{}) -> c_int {{",
        s.name,
        handle_ty(h, true),
        param_list(s.params)
    )
    .unwrap();
    convert(out, s.args, s.params);
    writeln!(
        out,
        "    call_mut({p}, |s| {{\n        {}\n        Ok(())\n    }})\n}}\n",
        s.body
    )
    .unwrap();
}

/// What every dump says after its own description.
const DUMP_DOC: &str = "\n\nRead the dump with `nlrs_dump_next()` and decode each message with \
    `nlrs_{obj}_parse()`; the message stays available for raw attributes until the next \
    `nlrs_dump_next()`.\n\nOn success returns 0 and writes a new `nlrs_dump` to `*out`, which \
    the caller owns and frees with `nlrs_dump_free()` (it borrows `sock`, see `nlrs_dump`). \
    `*out` is untouched on failure. Errors: as `nlrs_socket_dump()`: `-EINVAL` (NULL `sock` or \
    `out`), a negative errno of sendto(); a refusal by the kernel comes from the first \
    `nlrs_dump_next()` and is kept on `sock` with its extended ACK.";

fn request(out: &mut String, c: &Call) {
    let mut text = c.doc.to_string();
    let mut params = param_list(c.params);
    let call = match c.kind {
        CallKind::Dump(obj) => {
            text += &DUMP_DOC.replace("{obj}", obj);
            params += ", out: *mut *mut nlrs_dump";
            format!("start_dump(sock, out, || {})", c.body)
        }
        CallKind::Get(p) => {
            write!(
                text,
                "\n\nReturns 0 on success. Errors: {}. On failure `{p}`'s content is unspecified \
                 until the next successful fill.",
                c.errors
            )
            .unwrap();
            format!("get_into(sock, {p}, || {})", c.body)
        }
        CallKind::Send => {
            write!(text, "\n\nReturns 0 on success. Errors: {}.", c.errors).unwrap();
            format!("send(sock, || {})", c.body)
        }
        CallKind::SendSpec(p) => {
            write!(text, "\n\nReturns 0 on success. Errors: {}.", c.errors).unwrap();
            format!("send_spec(sock, {p}, |s| {})", c.body)
        }
    };
    doc(out, &text);
    writeln!(
        out,
        "#[no_mangle]\npub extern \"C\" fn nlrs_{}(sock: *mut nlrs_socket{params}) -> c_int {{",
        c.name
    )
    .unwrap();
    convert(out, c.args, c.params);
    writeln!(out, "    {call}\n}}\n").unwrap();
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
    ("crate::ffi::macros", "arg_out"),
    ("crate::ffi::macros", "arg_slice"),
    ("crate::ffi::macros", "arg_str"),
    ("crate::ffi::macros", "arg_struct"),
    ("crate::ffi::macros", "call"),
    ("crate::ffi::macros", "call_mut"),
    ("crate::ffi::macros", "ffi_handle"),
    ("crate::ffi::macros", "free"),
    ("crate::ffi::macros", "get"),
    ("crate::ffi::macros", "Handle"),
    ("crate::ffi::dump", "nlrs_dump"),
    ("crate::ffi::socket", "nlrs_socket"),
    ("crate::ffi::rtnl", "arg_opt_struct"),
    ("crate::ffi::rtnl", "get_into"),
    ("crate::ffi::rtnl", "ifindex_arg"),
    ("crate::ffi::rtnl", "mode_arg"),
    ("crate::ffi::rtnl", "send"),
    ("crate::ffi::rtnl", "send_spec"),
    ("crate::ffi::rtnl", "start_dump"),
    ("crate::ffi::rmsg", "nlrs_bytes"),
    ("crate::ffi::rmsg", "nlrs_rmsg"),
    ("crate::ffi::rtnl", "name_into"),
    ("crate::ffi::rtnl", "NameOr"),
    ("crate::ffi::rtnl", "parse_name"),
    ("crate::ffi::rtnl", "ifindex_out"),
    ("crate::ffi::rtnl", "ip_out"),
    ("crate::ffi::rtnl", "new_handle"),
    ("crate::ffi::rtnl", "nlrs_ipaddr"),
    ("crate::ffi::rtnl", "parse_into"),
    ("crate::ffi::rtnl", "Decoded"),
    ("crate::ffi::rtnl", "CText"),
    ("crate::wire", "ParseError"),
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
    for c in m.calls {
        request(&mut body, c);
    }
    for n in m.names {
        name(&mut body, n);
    }
    for p in m.parsers {
        parser(&mut body, p);
    }
    let out = format!(
        "{}{}\n{body}{}",
        codegen::header("ffi_generated"),
        imports(&body),
        null_test(m)
    );
    rustfmt(&out)
}

/// The argument a test passes for a parameter of type `ty`: NULL for a pointer, else zero.
fn zero(ty: &str) -> &'static str {
    match ty {
        _ if ty.starts_with("*const") => "null()",
        _ if ty.starts_with("*mut") => "null_mut()",
        "bool" => "false",
        _ => "0",
    }
}

/// The arguments of a call: `first`, `zero` of each parameter, then `last`.
fn zeros(first: &[&str], params: &[(&str, &str)], last: &[&str]) -> String {
    let params = params.iter().map(|(_, t)| zero(t));
    let all: Vec<&str> = first
        .iter()
        .copied()
        .chain(params)
        .chain(last.iter().copied())
        .collect();
    all.join(", ")
}

/// The unit test of what every generated function promises for NULL: a NULL handle, `out`,
/// socket or text is refused (getters return 0 or NULL), and an empty object holds no optional
/// field.
fn null_test(m: &Module) -> String {
    let mut t = String::new();
    for h in m.handles {
        let name = h.name;
        let new = &h.new;
        writeln!(
            t,
            "nlrs_{name}_free(null_mut());\n\
             assert_eq!(nlrs_{name}_new({}), EINVAL);",
            zeros(&[], new.params, &["null_mut()"])
        )
        .unwrap();
        if h.decoded.is_some() {
            writeln!(
                t,
                "assert_eq!(nlrs_{name}_parse(null_mut(), no_msg()), EINVAL);\n\
                 assert!(nlrs_{name}_msg(null()).ptr.is_null());"
            )
            .unwrap();
        }
        for g in h.getters {
            let f = format!("nlrs_{name}_{}", g.name);
            match g.kind {
                Kind::Value => writeln!(t, "assert_eq!({f}(null()), 0);"),
                Kind::Text => writeln!(t, "assert!({f}(null()).is_null());"),
                Kind::Optional | Kind::OptionalBorrowed => {
                    writeln!(
                        t,
                        "assert_eq!({f}(null(), MaybeUninit::uninit().as_mut_ptr()), EINVAL);"
                    )
                }
            }
            .unwrap();
        }
        for s in h.setters {
            let args = zeros(&["null_mut()"], s.params, &[]);
            writeln!(t, "assert_eq!(nlrs_{name}_{}({args}), EINVAL);", s.name).unwrap();
        }
        if !new.params.is_empty() {
            continue;
        }
        // An empty object: nothing decoded, nothing set.
        writeln!(
            t,
            "let mut obj = null_mut();\nassert_eq!(nlrs_{name}_new(&mut obj), 0);"
        )
        .unwrap();
        if h.decoded.is_some() {
            writeln!(
                t,
                "assert!(nlrs_{name}_msg(obj).ptr.is_null());\n\
                 assert_eq!(nlrs_{name}_parse(obj, no_msg()), -libc::EBADMSG);"
            )
            .unwrap();
        }
        for g in h.getters {
            let f = format!("nlrs_{name}_{}", g.name);
            match g.kind {
                Kind::Value => {}
                Kind::Text => writeln!(t, "assert!({f}(obj).is_null());").unwrap(),
                Kind::Optional | Kind::OptionalBorrowed => writeln!(
                    t,
                    "assert_eq!({f}(obj, MaybeUninit::uninit().as_mut_ptr()), 0);\n\
                     assert_eq!({f}(obj, null_mut()), EINVAL);"
                )
                .unwrap(),
            }
        }
        for s in h.setters {
            if s.args.iter().any(|(_, how)| *how != "arg_slice") {
                let args = zeros(&["obj"], s.params, &[]);
                writeln!(t, "assert_eq!(nlrs_{name}_{}({args}), EINVAL);", s.name).unwrap();
            }
        }
        writeln!(t, "nlrs_{name}_free(obj);").unwrap();
    }
    for c in m.calls {
        let out: &[&str] = match c.kind {
            CallKind::Dump(_) => &["null_mut()"],
            _ => &[],
        };
        let args = zeros(&["null_mut()"], c.params, out);
        writeln!(t, "assert_eq!(nlrs_{}({args}), EINVAL);", c.name).unwrap();
    }
    for n in m.names {
        writeln!(t, "assert_eq!(nlrs_{}(0, null_mut(), 1), EINVAL);", n.name).unwrap();
    }
    for p in m.parsers {
        writeln!(
            t,
            "assert_eq!(nlrs_{}(null(), MaybeUninit::uninit().as_mut_ptr()), EINVAL);\n\
             assert_eq!(nlrs_{}(c\"0\".as_ptr(), null_mut()), EINVAL);",
            p.name, p.name
        )
        .unwrap();
    }
    let mut test_doc = String::new();
    doc(
        &mut test_doc,
        "NULL handles, `out`s, sockets and texts are refused (getters return 0 or NULL), and an \
         empty object holds no optional field.",
    );
    format!(
        "\n#[cfg(test)]\nmod tests {{\n\
         use super::*;\n\
         use crate::ffi::rtnl::testing::*;\n\
         use std::mem::MaybeUninit;\n\n\
         /// A message of no bytes.\n\
         fn no_msg() -> nlrs_rmsg {{\n\
         crate::ffi::rtnl::RawMsg::default().rmsg()\n}}\n\n\
         {test_doc}#[test]\nfn null_arguments_are_refused() {{\n{t}}}\n}}\n"
    )
}

#[test]
fn generated_accessors_match_the_table() {
    codegen::check(
        "ffi_generated",
        MODULES
            .iter()
            .map(|m| (format!("src/ffi/{}/generated.rs", m.module), generate(m))),
    );
}

/// Every function the table names is declared once: no two rows make the same C function.
#[test]
fn no_function_is_declared_twice() {
    let mut names = std::collections::BTreeSet::new();
    for m in MODULES {
        let mut rows: Vec<String> = Vec::new();
        for h in m.handles {
            let accessors = ["new", "free"]
                .into_iter()
                .chain(h.getters.iter().map(|g| g.name))
                .chain(h.setters.iter().map(|s| s.name));
            rows.extend(accessors.map(|a| format!("{}_{a}", h.name)));
        }
        rows.extend(m.calls.iter().map(|c| c.name.to_string()));
        rows.extend(m.names.iter().map(|n| n.name.to_string()));
        rows.extend(m.parsers.iter().map(|p| p.name.to_string()));
        for row in rows {
            assert!(names.insert(row.clone()), "nlrs_{row} twice");
        }
    }
}
