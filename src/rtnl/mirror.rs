//! A mirror of kernel state that never silently drifts: subscribe first, then dump, apply
//! events, and re-dump whenever events were lost or a dump was inconsistent.

use super::addr::{self, Addr};
use super::events::{Event, Monitor};
use super::link::{self, Link};
use super::neigh::{self, Neigh};
use super::route::{Route, RouteFilter};
use crate::conn::{Result, Socket, SocketOptions};
use crate::wire::consts::*;
use crate::wire::{Msg, ParseError};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::ops::{Bound, ControlFlow};
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
///
/// Callbacks may stop the reporting early ([`Mirror::process_until`], [`Mirror::start_until`]):
/// nothing is lost, the next call goes on from the change after the one reported last.
#[derive(Debug)]
pub struct Mirror {
    monitor: Monitor,
    req: Socket,
    sel: Selection,
    objects: BTreeMap<Key, Object>,
    attempts: u32,
    resyncs: u64,
    /// A dumped table whose differences are not all applied yet (a callback stopped early).
    pending: Option<Pending>,
    /// Events were lost and no consistent dump has replaced them yet (a re-dump failed, or
    /// is still to be made): the next call dumps before it reads any event.
    need_resync: bool,
}

/// A dumped table being applied to the mirror, one difference at a time.
#[derive(Debug)]
struct Pending {
    /// What the kernel has; entries leave it as they are applied once removals are done.
    table: BTreeMap<Key, Object>,
    /// Whether the objects missing from `table` were removed already.
    removals_done: bool,
    /// A resynchronisation (reported when done), rather than the initial dump.
    resync: bool,
}

/// Whether a callback wants more: [`ControlFlow::Break`] stops the reporting early.
pub type Flow = ControlFlow<()>;

impl Mirror {
    /// Subscribes to the groups of `sel` (event socket receive buffer `rcvbuf`, or the
    /// default), then dumps: `cb` sees every object once as [`ChangeKind::Add`].
    pub fn start(
        sel: Selection,
        rcvbuf: Option<usize>,
        mut cb: impl FnMut(ChangeKind, &Object),
    ) -> Result<Self> {
        let (m, _) = Self::start_until(sel, rcvbuf, |k, o| {
            cb(k, o);
            Flow::Continue(())
        })?;
        Ok(m)
    }

    /// [`Mirror::start`] with a callback that may stop early ([`ControlFlow::Break`]): then
    /// the mirror holds only the objects reported so far, and the next
    /// [`Mirror::process_until`] (or [`Mirror::process_readable`]) reports the rest first.
    /// Returns the mirror and whether the callback stopped.
    pub fn start_until(
        sel: Selection,
        rcvbuf: Option<usize>,
        cb: impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Result<(Self, Flow)> {
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
            pending: None,
            need_resync: false,
        };
        let table = m.dump_all()?;
        m.pending = Some(Pending {
            table,
            removals_done: true,
            resync: false,
        });
        let flow = m.settle(cb, || Flow::Continue(()))?;
        Ok((m, flow))
    }

    /// How many consistent dumps a resynchronisation tries before it gives up with
    /// [`Error::DumpInterrupted`] (5 by default).
    ///
    /// [`Error::DumpInterrupted`]: crate::conn::Error::DumpInterrupted
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

    /// How many objects the mirror holds.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether the mirror holds no object.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The first object in the order of [`Mirror::objects`].
    pub fn first(&self) -> Option<&Object> {
        self.objects.values().next()
    }

    /// The object that follows `obj` in the order of [`Mirror::objects`]; `obj` need not be
    /// in the mirror any more (it is found by what identifies it).
    pub fn after(&self, obj: &Object) -> Option<&Object> {
        self.objects
            .range((Bound::Excluded(obj.key()), Bound::Unbounded))
            .next()
            .map(|(_, o)| o)
    }

    /// Applies every queued event without blocking, calling `cb` for each real change, and
    /// re-dumps after an overrun (then `on_resync` runs once the table is right again).
    /// Returns the number of events read.
    ///
    /// When a re-dump fails (an error, or an interrupted dump every attempt), the error is
    /// returned and the next call dumps again before it reads any event.
    pub fn process_readable(
        &mut self,
        mut cb: impl FnMut(ChangeKind, &Object),
        mut on_resync: impl FnMut(),
    ) -> Result<usize> {
        let (n, _) = self.process_until(
            |k, o| {
                cb(k, o);
                Flow::Continue(())
            },
            || {
                on_resync();
                Flow::Continue(())
            },
        )?;
        Ok(n)
    }

    /// [`Mirror::process_readable`] with callbacks that may stop early
    /// ([`ControlFlow::Break`]): the change just reported is applied, the rest waits for the
    /// next call, which reports it before reading anything new (call it again without waiting
    /// for the descriptor). Returns the number of events read and whether a callback stopped.
    pub fn process_until(
        &mut self,
        mut cb: impl FnMut(ChangeKind, &Object) -> Flow,
        mut on_resync: impl FnMut() -> Flow,
    ) -> Result<(usize, Flow)> {
        let mut n = 0;
        loop {
            if self.settle(&mut cb, &mut on_resync)?.is_break() {
                return Ok((n, Flow::Break(())));
            }
            let (removed, obj) = match self.monitor.next_event()? {
                None => return Ok((n, Flow::Continue(()))),
                Some(Event::Overrun) => {
                    n += 1;
                    self.need_resync = true;
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
            if apply(&mut self.objects, removed, obj, &mut cb).is_break() {
                return Ok((n, Flow::Break(())));
            }
        }
    }

    /// Re-dumps everything selected and reports the differences with what the mirror had.
    pub fn resync(&mut self, mut cb: impl FnMut(ChangeKind, &Object)) -> Result<()> {
        self.pending = None;
        self.need_resync = true;
        // The callbacks never stop, so the whole table is applied.
        let _ = self.settle(
            |k, o| {
                cb(k, o);
                Flow::Continue(())
            },
            || Flow::Continue(()),
        )?;
        Ok(())
    }

    /// [`Mirror::resync`] with a callback that may stop early: the rest is reported by the
    /// next [`Mirror::process_until`].
    pub fn resync_until(
        &mut self,
        cb: impl FnMut(ChangeKind, &Object) -> Flow,
        on_resync: impl FnMut() -> Flow,
    ) -> Result<Flow> {
        self.pending = None;
        self.need_resync = true;
        self.settle(cb, on_resync)
    }

    /// Finishes what must happen before events are read again: the re-dump after lost
    /// events, and applying a dumped table.
    fn settle(
        &mut self,
        mut cb: impl FnMut(ChangeKind, &Object) -> Flow,
        mut on_resync: impl FnMut() -> Flow,
    ) -> Result<Flow> {
        if self.need_resync {
            // Queued events are older than the dump about to be made: applied after it they
            // would bring back state that the lost events had changed.
            self.monitor.discard_queued()?;
            let table = self.dump_all()?;
            self.need_resync = false;
            self.pending = Some(Pending {
                table,
                removals_done: false,
                resync: true,
            });
        }
        let Some(mut p) = self.pending.take() else {
            return Ok(Flow::Continue(()));
        };
        if self.apply_table(&mut p, &mut cb).is_break() {
            self.pending = Some(p);
            return Ok(Flow::Break(()));
        }
        if p.resync {
            self.resyncs += 1;
            return Ok(on_resync());
        }
        Ok(Flow::Continue(()))
    }

    /// Makes the mirror equal `p.table`, reporting each difference: removals first, then
    /// additions and changes by key. Stops after the change the callback stopped at; calling
    /// again with the same `p` goes on from there.
    fn apply_table(
        &mut self,
        p: &mut Pending,
        cb: &mut impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Flow {
        if !p.removals_done {
            let gone: Vec<Key> = self
                .objects
                .keys()
                .filter(|k| !p.table.contains_key(k))
                .copied()
                .collect();
            for k in gone {
                if let Some(old) = self.objects.remove(&k) {
                    if cb(ChangeKind::Remove, &old).is_break() {
                        return Flow::Break(());
                    }
                }
            }
            p.removals_done = true;
        }
        while let Some((k, new)) = p.table.pop_first() {
            let kind = match self.objects.get(&k) {
                Some(old) if *old == new => continue,
                Some(_) => ChangeKind::Change,
                None => ChangeKind::Add,
            };
            self.objects.insert(k, new);
            if cb(kind, &self.objects[&k]).is_break() {
                return Flow::Break(());
            }
        }
        Flow::Continue(())
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

/// The mirror's apply step without its sockets: objects kept current by notification messages
/// that the caller reads itself, applied as a [`Mirror`] applies each event it reads. Sans-IO,
/// so it runs on recorded or made-up messages; it never re-dumps, so lost events are the
/// caller's to handle.
#[derive(Debug, Clone, Default)]
pub struct Table {
    sel: Selection,
    objects: BTreeMap<Key, Object>,
}

impl Table {
    /// An empty table following the kinds of objects `sel` selects.
    pub fn new(sel: Selection) -> Self {
        Table {
            sel,
            objects: BTreeMap::new(),
        }
    }

    /// Applies one notification message, calling `cb` if something really changed. Messages
    /// about kinds the selection leaves out are ignored; one that fails to decode is the error,
    /// and the table is left as it was.
    pub fn apply(
        &mut self,
        msg: Msg<'_>,
        mut cb: impl FnMut(ChangeKind, &Object),
    ) -> std::result::Result<(), ParseError> {
        if let Some((removed, obj)) = classify(Event::decode(msg)?, &self.sel) {
            let _ = apply(&mut self.objects, removed, obj, &mut |k, o| {
                cb(k, o);
                Flow::Continue(())
            });
        }
        Ok(())
    }

    /// Every object, in the order of [`Mirror::objects`].
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }
}

/// Applies one event's object to `objects` and reports it when something really changed.
fn apply(
    objects: &mut BTreeMap<Key, Object>,
    removed: bool,
    obj: Object,
    cb: &mut impl FnMut(ChangeKind, &Object) -> Flow,
) -> Flow {
    let key = obj.key();
    if removed {
        return match objects.remove(&key) {
            Some(old) => cb(ChangeKind::Remove, &old),
            None => Flow::Continue(()),
        };
    }
    let kind = match objects.get(&key) {
        Some(old) if *old == obj => return Flow::Continue(()),
        Some(_) => ChangeKind::Change,
        None => ChangeKind::Add,
    };
    objects.insert(key, obj);
    cb(kind, &objects[&key])
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
