//! The indexes that answer a mirror's questions about links and addresses without walking
//! it: links by name, addresses by (interface, address); and what names a route to find.
//! Kept beside the table by identity, changed with it object by object.

use super::key::{Key, RouteGroup};
use super::routes::{bits, ip_of, masked};
use super::Object;
use crate::wire::consts::*;
use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

/// Where a link, address or neighbour is kept in a [`Table`](super::Table)'s store.
pub(super) type Slot = usize;

/// The secondary indexes of a [`Table`](super::Table)'s links and addresses.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Link index by name. Two links may hold one name for a moment while a re-dump is
    /// applied (one renamed, the other not yet): the latest holder wins, and a link leaving
    /// a name takes it away only when it still points at that link.
    names: HashMap<Vec<u8>, i32>,
    /// Every address by interface, address, family and prefix length (IPv4 allows one
    /// address twice on an interface with different prefix lengths).
    addrs: BTreeSet<(u32, IpAddr, u8, u8)>,
}

/// The family of `ip`.
pub(super) fn family_of(ip: &IpAddr) -> u8 {
    if ip.is_ipv4() {
        AF_INET
    } else {
        AF_INET6
    }
}

impl Index {
    /// Records `obj`, just stored.
    pub(super) fn insert(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                self.names.insert(l.name.as_bytes().to_vec(), l.index);
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs.insert((a.index, ip, a.family, a.prefixlen));
                }
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// Forgets `obj`, just taken out.
    pub(super) fn remove(&mut self, obj: &Object) {
        match obj {
            Object::Link(l) => {
                let name = l.name.as_bytes();
                if self.names.get(name) == Some(&l.index) {
                    self.names.remove(name);
                }
            }
            Object::Addr(a) => {
                if let Some(ip) = a.ip() {
                    self.addrs.remove(&(a.index, ip, a.family, a.prefixlen));
                }
            }
            Object::Route(_) | Object::Neigh(_) => {}
        }
    }

    /// The index of the link named `name`.
    pub(super) fn link_named(&self, name: &[u8]) -> Option<i32> {
        self.names.get(name).copied()
    }

    /// The key of the address `ip` on interface `index` (the shortest prefix length when it
    /// is there with several).
    pub(super) fn addr_key(&self, index: u32, ip: IpAddr) -> Option<Key> {
        let (i, a, family, len) = *self.addrs.range((index, ip, 0, 0)..).next()?;
        (i == index && a == ip).then_some(Key::Addr(family, index, len, Some(ip)))
    }
}

/// Which route to find: the fields that place it in the kernel's tables (a route with a
/// source prefix is never found this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteId {
    /// Table id.
    pub table: u32,
    /// Destination (any address of the family for a default route, `dst_len` 0); its family
    /// is the route's.
    pub dst: IpAddr,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Type of service (always 0 for IPv6).
    pub tos: u8,
    /// Priority (metric); an absent `RTA_PRIORITY` is 0.
    pub priority: u32,
}

impl RouteId {
    /// The group of routes this identifies.
    pub(super) fn group(&self) -> RouteGroup {
        let family = family_of(&self.dst);
        let dst = ip_of(family, masked(bits(self.dst), self.dst_len));
        RouteGroup {
            family,
            table: self.table,
            dst: (self.dst_len > 0).then_some(dst),
            dst_len: self.dst_len,
            tos: self.tos,
            priority: self.priority,
            ..RouteGroup::default()
        }
    }
}
