//! Layer 2: sockets and conversations with the kernel.

mod error;

pub use error::{code, code_text, errno_text, Error, KernelError, Result};
