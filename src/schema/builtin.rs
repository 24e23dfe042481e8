//! The descriptions compiled into the library: every `specs/*.yaml` of the repository at
//! build time (see `build.rs`), named by file name without `.yaml`.

use super::load::load_str;
use super::model::Spec;
use super::yaml::LoadError;
use std::ffi::CStr;

include!(concat!(env!("OUT_DIR"), "/builtin_specs.rs"));

/// The names of the built-in descriptions, sorted, as C strings (the C API hands them out).
pub fn builtin_names() -> impl Iterator<Item = &'static CStr> {
    SPECS.iter().map(|(name, _)| *name)
}

/// The built-in description `name`, loaded; `None` when there is none of that name. Each
/// built-in is loaded by a test, so an error here means a description added without running
/// the tests.
pub fn builtin(name: &str) -> Option<Result<Spec, LoadError>> {
    let (cname, text) = SPECS
        .iter()
        .find(|(n, _)| n.to_bytes() == name.as_bytes())?;
    let source = format!("builtin:{}", cname.to_string_lossy());
    Some(load_str(text, &source))
}
