//! A link's alternative names (`IFLA_PROP_LIST` > `IFLA_ALT_IFNAME`): as read, and as added
//! and deleted (`RTM_NEWLINKPROP`, `RTM_DELLINKPROP`, as `ip link property add dev X altname
//! Y` does).

use super::LinkRef;
use crate::conn::{Result, Socket};
use crate::wire::consts::*;
use crate::wire::{BuildError, IfInfoMsg, MsgBuilder};
use std::fmt;

/// A link's alternative names, in the kernel's order. Kept in one buffer, each name followed
/// by a NUL (a name holds none), so that decoding links into one reused value allocates
/// nothing once the buffer has grown, and C borrows each name as it is.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct AltNames(Vec<u8>);

impl AltNames {
    /// The names, each its bytes (not always UTF-8), without a NUL.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.0
            .split_inclusive(|&b| b == 0)
            .map(|n| &n[..n.len() - 1])
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.iter().filter(|&&b| b == 0).count()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `name` is one of them.
    pub fn contains(&self, name: impl AsRef<[u8]>) -> bool {
        self.iter().any(|n| n == name.as_ref())
    }

    /// Name `i` (from 0) with its NUL, for C.
    pub(crate) fn nul_terminated(&self, i: usize) -> Option<&[u8]> {
        self.0.split_inclusive(|&b| b == 0).nth(i)
    }

    /// Forgets the names, keeping the buffer.
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }

    /// Adds `name` (bytes up to their first NUL, as a string attribute ends there).
    pub(super) fn push(&mut self, name: &[u8]) {
        let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        self.0.extend_from_slice(&name[..end]);
        self.0.push(0);
    }
}

impl fmt::Debug for AltNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(String::from_utf8_lossy))
            .finish()
    }
}

impl<N: AsRef<[u8]>> FromIterator<N> for AltNames {
    fn from_iter<I: IntoIterator<Item = N>>(names: I) -> Self {
        let mut out = AltNames::default();
        for n in names {
            out.push(n.as_ref());
        }
        out
    }
}

/// The request that gives `link` (an index or a name) the alternative name `name`: up to 127
/// bytes, unique among the namespace's names. iproute2's flags, which the kernel ignores.
pub fn add_altname_request(
    link: impl Into<LinkRef>,
    name: impl AsRef<[u8]>,
) -> Result<MsgBuilder, BuildError> {
    altname_request(
        RTM_NEWLINKPROP,
        NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND,
        link.into(),
        name.as_ref(),
    )
}

/// The request that takes the alternative name `name` from `link` (an index or a name).
pub fn delete_altname_request(
    link: impl Into<LinkRef>,
    name: impl AsRef<[u8]>,
) -> Result<MsgBuilder, BuildError> {
    altname_request(RTM_DELLINKPROP, 0, link.into(), name.as_ref())
}

fn altname_request(
    ty: u16,
    flags: u16,
    link: LinkRef,
    name: &[u8],
) -> Result<MsgBuilder, BuildError> {
    let mut m = link.message(ty, flags, IfInfoMsg::default())?;
    let list = m.nest_start(ifla::PROP_LIST)?;
    m.put_cstr(ifla::ALT_IFNAME, name)?;
    m.nest_end(list)?;
    Ok(m)
}

/// Gives `link` (an index or a name) the alternative name `name` (`EEXIST` when a link has
/// that name).
pub fn add_altname(
    sock: &mut Socket,
    link: impl Into<LinkRef>,
    name: impl AsRef<[u8]>,
) -> Result<()> {
    sock.request(&add_altname_request(link, name)?).map(drop)
}

/// Takes the alternative name `name` from `link` (an index or a name; `ENOENT` when it has no
/// such name).
pub fn delete_altname(
    sock: &mut Socket,
    link: impl Into<LinkRef>,
    name: impl AsRef<[u8]>,
) -> Result<()> {
    sock.request(&delete_altname_request(link, name)?).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_one_buffer() {
        let mut a = AltNames::default();
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
        assert_eq!(a.iter().count(), 0);
        assert_eq!(a.nul_terminated(0), None);
        a.push(b"first");
        a.push(b"");
        a.push(b"third\0junk");
        assert_eq!(a.len(), 3);
        assert_eq!(a.iter().collect::<Vec<_>>(), [&b"first"[..], b"", b"third"]);
        assert_eq!(a.nul_terminated(0), Some(&b"first\0"[..]));
        assert_eq!(a.nul_terminated(1), Some(&b"\0"[..]));
        assert_eq!(a.nul_terminated(2), Some(&b"third\0"[..]));
        assert_eq!(a.nul_terminated(3), None);
        assert!(a.contains("third") && !a.contains("junk"));
        assert_eq!(format!("{a:?}"), r#"["first", "", "third"]"#);
        let cap = a.0.capacity();
        a.clear();
        assert!(a.is_empty());
        assert_eq!(a.0.capacity(), cap);
    }
}
