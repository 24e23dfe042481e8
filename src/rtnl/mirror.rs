//! A mirror of kernel state that never silently drifts: subscribe first, then dump, apply
//! events, and re-dump whenever events were lost or a dump was inconsistent.

use super::addr::{self, Addr};
use super::events::{Event, Monitor};
use super::link::{self, Link};
use super::neigh::{self, Neigh};
use super::route::{Route, RouteFilter};
use crate::conn::{Result, Socket, SocketOptions};
use crate::wire::consts::*;
use crate::wire::Msg;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::os::fd::RawFd;

/// `RTM_F_CLONED`: a route cache entry, not a route anyone configured.
const RTM_F_CLONED: u32 = 0x200;

/// Decodes one dumped message into a mirrored object, or skips it.
type Decode = fn(Msg<'_>) -> Option<Object>;

/// Which kinds of objects to mirror.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Links.
    pub links: bool,
    /// IPv4 and IPv6 addresses.
    pub addrs: bool,
    /// IPv4 and IPv6 routes, every table.
    pub routes: bool,
    /// Neighbour entries.
    pub neighs: bool,
}

/// One mirrored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// A link (without its counters, which change all the time).
    Link(Link),
    /// An address (without its lifetimes, which count down).
    Addr(Addr),
    /// A route.
    Route(Route),
    /// A neighbour entry.
    Neigh(Neigh),
}

/// What identifies an object across changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Link(i32),
    Addr(u8, u32, u8, Option<IpAddr>),
    Route(u8, u32, Option<IpAddr>, u8, u8, u32, Option<u32>),
    Neigh(u8, i32, Option<IpAddr>, Option<[u8; 6]>),
}

impl Object {
    fn key(&self) -> Key {
        match self {
            Object::Link(l) => Key::Link(l.index),
            Object::Addr(a) => Key::Addr(a.family, a.index, a.prefixlen, a.ip()),
            Object::Route(r) => Key::Route(
                r.family,
                r.table,
                r.dst,
                r.dst_len,
                r.tos,
                r.priority.unwrap_or(0),
                r.oif,
            ),
            Object::Neigh(n) => {
                // Bridge forwarding entries have no network address: the MAC tells them apart.
                let mac = n.dst.is_none().then(|| {
                    let mut m = [0u8; 6];
                    if let Some(ll) = n.lladdr {
                        let b = ll.as_bytes();
                        m[..b.len().min(6)].copy_from_slice(&b[..b.len().min(6)]);
                    }
                    m
                });
                Key::Neigh(n.family, n.ifindex, n.dst, mac)
            }
        }
    }
}

/// How an object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// It appeared.
    Add,
    /// It is still there, with other values.
    Change,
    /// It went away (the object passed is its last known state).
    Remove,
}

/// A mirror of links, addresses, routes and/or neighbours.
///
/// Poll [`Mirror::fd`] and call [`Mirror::process_readable`] when it is readable: it applies
/// every queued event and reports each real difference to a callback. When events were lost
/// (the kernel's `ENOBUFS`), it re-dumps (retrying interrupted dumps a bounded number of times)
/// and reports exactly the differences between what it had and what the kernel has.
#[derive(Debug)]
pub struct Mirror {
    monitor: Monitor,
    req: Socket,
    sel: Selection,
    objects: BTreeMap<Key, Object>,
    attempts: u32,
    resyncs: u64,
}

impl Mirror {
    /// Subscribes to the groups of `sel` (event socket receive buffer `rcvbuf`, or the
    /// default), then dumps: `cb` sees every object once as [`ChangeKind::Add`].
    pub fn start(
        sel: Selection,
        rcvbuf: Option<usize>,
        cb: impl FnMut(ChangeKind, &Object),
    ) -> Result<Self> {
        let mut groups = Vec::new();
        if sel.links {
            groups.push(rtnlgrp::LINK);
        }
        if sel.addrs {
            groups.extend([rtnlgrp::IPV4_IFADDR, rtnlgrp::IPV6_IFADDR]);
        }
        if sel.routes {
            groups.extend([rtnlgrp::IPV4_ROUTE, rtnlgrp::IPV6_ROUTE]);
        }
        if sel.neighs {
            groups.push(rtnlgrp::NEIGH);
        }
        let opts = SocketOptions {
            nonblocking: true,
            rcvbuf: rcvbuf.or(SocketOptions::default().rcvbuf),
            ..SocketOptions::default()
        };
        // Subscribed before the dump, so no change can fall between the two.
        let monitor = Monitor::with_options(&groups, &opts)?;
        let mut m = Mirror {
            monitor,
            req: Socket::open(proto::ROUTE)?,
            sel,
            objects: BTreeMap::new(),
            attempts: 5,
            resyncs: 0,
        };
        m.resync_with(cb)?;
        m.resyncs = 0;
        Ok(m)
    }

    /// How many consistent dumps a resynchronisation tries before it gives up with
    /// [`Error::DumpInterrupted`] (5 by default).
    pub fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts.max(1);
    }

    /// The descriptor to poll for readability.
    pub fn fd(&self) -> RawFd {
        self.monitor.fd()
    }

    /// How many times events were lost and the mirror re-dumped.
    pub fn resyncs(&self) -> u64 {
        self.resyncs
    }

    /// Every mirrored object, links first, then addresses, routes and neighbours, each by key.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }

    /// Applies every queued event without blocking, calling `cb` for each real change, and
    /// re-dumps after an overrun (then `on_resync` runs once the table is right again).
    /// Returns the number of events read.
    pub fn process_readable(
        &mut self,
        mut cb: impl FnMut(ChangeKind, &Object),
        mut on_resync: impl FnMut(),
    ) -> Result<usize> {
        let mut n = 0;
        loop {
            let obj = match self.monitor.next_event()? {
                None => return Ok(n),
                Some(Event::Overrun) => {
                    n += 1;
                    self.monitor.discard_queued()?;
                    self.resync_with(&mut cb)?;
                    self.resyncs += 1;
                    on_resync();
                    continue;
                }
                Some(ev) => {
                    n += 1;
                    match classify(ev, &self.sel) {
                        Some(x) => x,
                        None => continue,
                    }
                }
            };
            let (removed, obj) = obj;
            let key = obj.key();
            if removed {
                if let Some(old) = self.objects.remove(&key) {
                    cb(ChangeKind::Remove, &old);
                }
            } else {
                let kind = match self.objects.get(&key) {
                    Some(old) if *old == obj => continue,
                    Some(_) => ChangeKind::Change,
                    None => ChangeKind::Add,
                };
                let slot = self.objects.entry(key).or_insert(obj.clone());
                *slot = obj;
                cb(kind, slot);
            }
        }
    }

    /// Re-dumps everything selected and reports the differences with what the mirror had.
    pub fn resync(&mut self, cb: impl FnMut(ChangeKind, &Object)) -> Result<()> {
        self.resync_with(cb)?;
        self.resyncs += 1;
        Ok(())
    }

    fn resync_with(&mut self, mut cb: impl FnMut(ChangeKind, &Object)) -> Result<()> {
        let fresh = self.dump_all()?;
        for (k, old) in &self.objects {
            if !fresh.contains_key(k) {
                cb(ChangeKind::Remove, old);
            }
        }
        for (k, new) in &fresh {
            match self.objects.get(k) {
                None => cb(ChangeKind::Add, new),
                Some(old) if old != new => cb(ChangeKind::Change, new),
                Some(_) => {}
            }
        }
        self.objects = fresh;
        Ok(())
    }

    /// One consistent snapshot of everything selected, re-dumping interrupted kinds.
    fn dump_all(&mut self) -> Result<BTreeMap<Key, Object>> {
        let mut table = BTreeMap::new();
        let sel = self.sel;
        let mut kinds: Vec<(crate::wire::MsgBuilder, Decode)> = Vec::new();
        if sel.links {
            kinds.push((link::dump_request(), |m| {
                normalize_link(Link::parse(&m).ok()?)
            }));
        }
        if sel.addrs {
            kinds.push((addr::dump_request(AF_UNSPEC, 0), |m| {
                Some(normalize_addr(Addr::parse(&m).ok()?))
            }));
        }
        if sel.routes {
            kinds.push((RouteFilter::default().dump_request()?, |m| {
                keep_route(Route::parse(&m).ok()?)
            }));
        }
        if sel.neighs {
            kinds.push((neigh::dump_request(AF_UNSPEC, 0)?, |m| {
                Some(Object::Neigh(Neigh::parse(&m).ok()?))
            }));
        }
        for (req, decode) in kinds {
            let objs = self
                .req
                .dump_consistent(&req, self.attempts, Vec::new, |v, m| {
                    if let Some(o) = decode(m) {
                        v.push(o);
                    }
                    Ok(())
                })?;
            table.extend(objs.into_iter().map(|o| (o.key(), o)));
        }
        Ok(table)
    }
}

fn normalize_link(mut l: Link) -> Option<Object> {
    l.stats = None;
    Some(Object::Link(l))
}

fn normalize_addr(mut a: Addr) -> Object {
    a.valid_lft = None;
    a.preferred_lft = None;
    Object::Addr(a)
}

fn keep_route(r: Route) -> Option<Object> {
    (r.flags & RTM_F_CLONED == 0).then_some(Object::Route(r))
}

/// The object an event is about and whether it was removed; `None` for events the mirror
/// does not follow.
fn classify(ev: Event<'_>, sel: &Selection) -> Option<(bool, Object)> {
    Some(match ev {
        // Bridges also send per-port link messages (family AF_BRIDGE); a DELLINK of those
        // means "left the bridge", not "gone".
        Event::NewLink(l) if sel.links && l.family == AF_UNSPEC => (false, normalize_link(l)?),
        Event::DelLink(l) if sel.links && l.family == AF_UNSPEC => (true, normalize_link(l)?),
        Event::NewAddr(a) if sel.addrs => (false, normalize_addr(a)),
        Event::DelAddr(a) if sel.addrs => (true, normalize_addr(a)),
        Event::NewRoute(r) if sel.routes => (false, keep_route(r)?),
        Event::DelRoute(r) if sel.routes => (true, keep_route(r)?),
        Event::NewNeigh(n) if sel.neighs => (false, Object::Neigh(n)),
        Event::DelNeigh(n) if sel.neighs => (true, Object::Neigh(n)),
        _ => return None,
    })
}
