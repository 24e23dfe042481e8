//! Layer 3: family descriptions in the kernel's YNL format.
//!
//! The kernel describes its netlink families in YAML (`Documentation/netlink/specs/` in a
//! kernel tree). [`load_str`] and [`load_file`] read such a file into a [`Spec`], with every
//! reference checked and every implicit number worked out; [`builtin`] gives the descriptions
//! compiled into the library from the repository's `specs/` folder. The engine
//! ([`crate::engine`]) drives a family from its `Spec`.

mod builtin;
mod load;
mod model;
mod yaml;

pub use builtin::{builtin, builtin_names};
pub use load::{load_file, load_str};
pub use model::*;
pub use yaml::LoadError;
