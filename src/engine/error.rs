//! What driving a family can fail with, and the C code of each failure.

use super::value::AttrError;
use crate::conn::{self, errno_text, KernelError};
use crate::schema::LoadError;
use thiserror::Error;

/// A failure of the engine: the description, the value given, the kernel, or the socket.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The description could not be loaded.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// No built-in description has that name.
    #[error("no built-in description of family '{0}'")]
    NoSuchFamily(String),
    /// The call does not fit the description: an unknown operation or group, a mode the
    /// operation lacks, a check of a family that has no policies to compare.
    #[error("{0}")]
    Usage(String),
    /// The value given could not be made into a request.
    #[error("{0}")]
    Encode(AttrError),
    /// A message from the kernel does not fit the description.
    #[error("cannot decode: {0}")]
    Decode(AttrError),
    /// The kernel refused the request; the attributes are named by the description.
    #[error("{}", kernel_text(.err, .attr.as_deref(), .missing.as_deref(), .policy.as_deref()))]
    Kernel {
        /// The kernel's error and extended ACK.
        err: Box<KernelError>,
        /// The offending attribute as a path of names (`header.dev-index`).
        attr: Option<String>,
        /// The missing attribute as a path of names.
        missing: Option<String>,
        /// What the kernel's policy allows for the offending attribute
        /// (`u32 min 1 max 4096`).
        policy: Option<String>,
    },
    /// The conversation failed otherwise (a system call, a timeout, an interrupted dump...).
    #[error("{0}")]
    Conn(conn::Error),
}

/// `<errno text>: <kernel text> (attribute PATH, policy ...)`, the parts there are.
fn kernel_text(
    err: &KernelError,
    attr: Option<&str>,
    missing: Option<&str>,
    policy: Option<&str>,
) -> String {
    let mut s = errno_text(err.errno);
    if let Some(m) = &err.ext.message {
        s.push_str(": ");
        s.push_str(m);
    }
    match (attr, policy) {
        (Some(a), Some(p)) => s.push_str(&format!(" (attribute {a}: {p})")),
        (Some(a), None) => s.push_str(&format!(" (attribute {a})")),
        (None, Some(p)) => s.push_str(&format!(" (policy: {p})")),
        (None, None) => {}
    }
    if let Some(m) = missing {
        s.push_str(&format!(" (missing attribute {m})"));
    }
    s
}

/// Decoding is where `?` meets an [`AttrError`]; the encoder's are mapped to
/// [`Error::Encode`] where it is called.
impl From<AttrError> for Error {
    fn from(e: AttrError) -> Self {
        Error::Decode(e)
    }
}

impl Error {
    /// The error as a negative code for C: the kernel's errno, `-EINVAL` for a description
    /// or value that does not fit, `-ENOENT` for an unknown built-in, `-EBADMSG` for a reply
    /// that does not fit the description, else the conversation's code.
    pub fn code(&self) -> i32 {
        match self {
            Error::Load(_) | Error::Usage(_) | Error::Encode(_) => -libc::EINVAL,
            Error::NoSuchFamily(_) => -libc::ENOENT,
            Error::Decode(_) => -libc::EBADMSG,
            Error::Kernel { err, .. } => -err.errno,
            Error::Conn(e) => e.code(),
        }
    }

    /// The offending attribute's path of names, when one is known: the one the kernel
    /// pointed at, or the one whose value could not be encoded.
    pub fn attr_path(&self) -> Option<&str> {
        match self {
            Error::Kernel { attr, .. } => attr.as_deref(),
            Error::Encode(e) if !e.path.is_empty() => Some(&e.path),
            Error::Decode(e) if !e.path.is_empty() => Some(&e.path),
            _ => None,
        }
    }
}
