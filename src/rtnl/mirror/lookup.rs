//! The indexes that answer a mirror's questions about links and addresses without walking
//! it: links by name, addresses by (interface, address); and what names a route to find.
//! Kept beside the table by identity, changed with it object by object.

use super::key::{peer_prefix, Key, RouteGroup};
use super::Object;
use crate::rtnl::link::Link;
use crate::rtnl::{IfIndex, IpPrefix};
use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

/// Where a link, address or neighbour is kept in a [`Table`](super::Table)'s store.
pub(super) type Slot = usize;

/// The secondary indexes of a [`Table`](super::Table)'s links and addresses.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// The links holding each name (or alternative name), the latest last. Two links may hold one name for a
    /// moment while a re-dump is applied (one renamed, the other not yet): the latest holder
    /// is the answer, and the other keeps the name when the latest leaves it.
    names: HashMap<Vec<u8>, Vec<IfIndex>>,
    /// Every address by interface, address, family, prefix length and peer prefix (IPv4
    /// allows one address twice on an interface with different prefix lengths, or peers).
    addrs: BTreeSet<(IfIndex, IpAddr, u8, u8, Option<IpAddr>)>,
}

impl Index {
    /// Records `obj`, just stored.
    pub(super) fn insert(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                for name in names_of(l) {
                    let holders = self.names.entry(name.to_vec()).or_default();
                    holders.retain(|&i| i != l.index);
                    holders.push(l.index);
                }
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs
                        .insert((a.index, ip, a.family, a.prefixlen, peer_prefix(a)));
                }
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// Forgets `obj`, just taken out.
    pub(super) fn remove(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                for name in names_of(l) {
                    if let Some(holders) = self.names.get_mut(name) {
                        holders.retain(|&i| i != l.index);
                        if holders.is_empty() {
                            self.names.remove(name);
                        }
                    }
                }
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs
                        .remove(&(a.index, ip, a.family, a.prefixlen, peer_prefix(a)));
                }
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// The index of the link named `name` (its name or an alternative name).
    pub(super) fn link_named(&self, name: &[u8]) -> Option<IfIndex> {
        self.names.get(name)?.last().copied()
    }

    /// The key of the address `ip` on interface `index` (the shortest prefix length when it
    /// is there with several, and of those the lowest peer prefix).
    pub(super) fn addr_key(&self, index: IfIndex, ip: IpAddr) -> Option<Key> {
        let (i, a, family, len, peer) = *self.addrs.range((index, ip, 0, 0, None)..).next()?;
        (i == index && a == ip).then_some(Key::Addr(family, index, len, Some(ip), peer))
    }
}

/// The names a link answers to: its name, then its alternative names (the kernel finds a link
/// by either, and keeps them all distinct in a namespace).
fn names_of(l: &Link) -> impl Iterator<Item = &[u8]> {
    std::iter::once(l.name.as_bytes()).chain(l.altnames.iter())
}

/// Which route to find: the fields that place it in the kernel's tables (a route with a
/// source prefix is never found this way). Made by [`RouteId::new`], TOS and priority set
/// with the setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteId {
    /// Table id.
    pub table: u32,
    /// Destination (`0.0.0.0/0` or `::/0` for a default route; host bits are ignored); its
    /// family is the route's.
    pub dst: IpPrefix,
    /// Type of service (always 0 for IPv6).
    pub tos: u8,
    /// Priority (metric); an absent `RTA_PRIORITY` is 0.
    pub priority: u32,
}

impl RouteId {
    /// The route to `dst` in table `table`, TOS and priority 0.
    pub fn new(table: u32, dst: IpPrefix) -> Self {
        RouteId {
            table,
            dst,
            tos: 0,
            priority: 0,
        }
    }

    setters! {
        /// With type of service `tos`.
        set tos: u8;
        /// With priority (metric) `priority`.
        set priority: u32;
    }

    /// The group of routes this identifies.
    pub(super) fn group(&self) -> RouteGroup {
        let dst = self.dst.network();
        RouteGroup {
            family: dst.family(),
            table: self.table,
            dst: (!dst.is_default()).then_some(dst.addr()),
            dst_len: dst.len(),
            tos: self.tos,
            priority: self.priority,
            ..RouteGroup::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeKind, Flow, Object, Selection, Table};
    use crate::rtnl::addr::AddrSpec;
    use crate::rtnl::common::Spec;
    use crate::rtnl::{IfIndex, IpPrefix};
    use crate::wire::consts::*;
    use crate::wire::Msg;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// Applies the notification `ty` of address `local/len` with peer `peer` on interface 3,
    /// returning the changes reported.
    fn apply(t: &mut Table, ty: u16, local: &str, len: u8, peer: &str) -> Vec<ChangeKind> {
        let spec =
            AddrSpec::new(IfIndex::new(3), IpPrefix::new(ip(local), len).unwrap()).peer(ip(peer));
        let b = spec.request(ty, 0).unwrap();
        let msg = Msg::parse(b.bytes().unwrap()).unwrap();
        let mut seen = Vec::new();
        t.apply(&msg, &mut |k, _| {
            seen.push(k);
            Flow::Continue(())
        });
        seen
    }

    fn peer_of(o: Option<Object>) -> Option<IpAddr> {
        match o {
            Some(Object::Addr(a)) => a.address,
            _ => None,
        }
    }

    #[test]
    fn ipv4_addresses_that_differ_in_their_peer_alone_are_two_addresses() {
        let mut t = Table::new(Selection::default().addrs(true));
        let (local, add, del) = ("10.2.0.1", RTM_NEWADDR, RTM_DELADDR);
        assert_eq!(apply(&mut t, add, local, 32, "10.2.0.2"), [ChangeKind::Add]);
        assert_eq!(apply(&mut t, add, local, 32, "10.2.0.3"), [ChangeKind::Add]);
        assert_eq!(t.len(), 2);
        // The lookup finds one of them, then the one left.
        assert!(peer_of(t.addr(IfIndex::new(3), ip(local))).is_some());
        assert_eq!(
            apply(&mut t, del, local, 32, "10.2.0.2"),
            [ChangeKind::Remove]
        );
        assert_eq!(
            peer_of(t.addr(IfIndex::new(3), ip(local))),
            Some(ip("10.2.0.3"))
        );
        // Peers in one prefix are one address, as the kernel refuses a second one.
        assert_eq!(apply(&mut t, add, local, 24, "10.3.0.1"), [ChangeKind::Add]);
        assert_eq!(
            apply(&mut t, add, local, 24, "10.3.0.9"),
            [ChangeKind::Change]
        );
        assert_eq!(t.len(), 2);
    }
}
