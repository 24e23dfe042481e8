//! The mirrored objects and how one notification changes them, without any I/O: what
//! [`Mirror`](super::Mirror) does with each message it reads, and what a test or a fuzzer can
//! drive alone.

use super::key::{peer_prefix, Hop, Key, NeighKey, RouteGroup, RouteKey};
use super::lookup::{Index, RouteId, Slot};
use super::order::Position;
use super::routes::{Dumped, Record, Routes, AHEAD};
use super::{ChangeKind, Flow, Object, Report, Selection};
use crate::rtnl::addr::Addr;
use crate::rtnl::events::{Event, EventKind};
use crate::rtnl::link::{Link, LinkFlags};
use crate::rtnl::route::{Nexthop, Route, RoutePrefix};
use crate::rtnl::IfIndex;
use crate::wire::consts::*;
use crate::wire::Msg;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::IpAddr;
use std::ops::Bound;

/// `RTM_NEWNEXTHOP` and `RTM_DELNEXTHOP`: a nexthop object, which routes may use (`nhid`).
const RTM_NEWNEXTHOP: u16 = 104;
const RTM_DELNEXTHOP: u16 = 105;

/// The link flags whose change changes routes without a route notification: when a link
/// goes down the kernel flushes its IPv4 routes, and when it loses its carrier it marks their
/// next hops `RTNH_F_LINKDOWN`, telling no one (`fib_sync_down_dev`). `RUNNING` too: the
/// carrier (`LOWER_UP`) shows in the link's messages as soon as the driver changes it, the
/// routes change when linkwatch handles it, up to a second later, with `RUNNING` (its
/// operational state). A re-dump in between (another link's change asks for one: a veth
/// brings its peer's carrier with its own `UP`) sees the new carrier and the old routes, and
/// linkwatch's message, the same carrier, would change nothing else.
const ROUTE_LINK_FLAGS: LinkFlags = LinkFlags::UP
    .union(LinkFlags::LOWER_UP)
    .union(LinkFlags::RUNNING);

/// What [`Table::apply`] made of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Applied {
    /// Every change it makes was applied and reported, or the callback stopped early (the
    /// rest is reported by the next [`Table::apply_queued`]).
    Done(Flow),
    /// The table can no longer be trusted: the message did not decode, or it does not say
    /// which object changed (see [`Table::apply`]). Re-dump and compare, as after lost events.
    Resync,
}

/// One step of bringing the table up to date, reported when it is applied.
#[derive(Debug)]
enum Edit {
    /// The object (not a route) with this key went away.
    Remove(Key),
    /// The route with the identity of this one went away.
    RemoveRoute(Route),
    /// This object (not a route) appeared, or replaced the one with its identity.
    Put(Object),
    /// This route appeared, put among those of its prefix as the place says, or replaced the
    /// one with its identity.
    PutRoute(Route, Position),
}

/// What applying a route changes, to be reported. Small: a route moved along with it cost a
/// copy per event.
#[derive(Debug, Clone, Copy)]
enum RouteChange {
    /// Nothing, or nothing but the edits it queued.
    Nothing,
    /// The route applied was added or changed as this says.
    Route(ChangeKind),
    /// The route of the table at this record is to be removed ([`Table::remove_route`]).
    Remove(Record),
    /// The table can no longer be trusted ([`Applied::Resync`]).
    Resync,
}

/// Where a mirrored object is kept: links, addresses and neighbours in the table's store by
/// identity, routes in its compact route store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Slot of the store of links, addresses and neighbours.
    Other(Slot),
    /// Record of the route store.
    Route(Record),
}

/// The objects of a mirror, by identity, and the changes not reported yet.
///
/// Links, addresses and neighbours are few: they are kept whole, ordered by identity. Routes
/// may be a million: they are kept compactly (see `routes.rs`), in no particular order.
#[derive(Debug, Default)]
pub struct Table {
    sel: Selection,
    /// Where each link, address and neighbour is in `store`, by identity.
    objects: BTreeMap<Key, Slot>,
    /// The links, addresses and neighbours; a slot that is `None` is free, and listed in
    /// `free`. Kept apart from `objects` so that the indexes can name an object by its slot.
    store: Vec<Option<Object>>,
    free: Vec<Slot>,
    /// The routes.
    routes: Routes,
    /// What finds links and addresses by other fields than their identity.
    index: Index,
    /// Changes worked out from a notification whose reporting a callback stopped.
    queued: VecDeque<Edit>,
    /// What routes depend on that can change them without route notifications, while
    /// routes are followed.
    deps: RouteDeps,
    /// The object a route notification is decoded into and reported as, made once: a burst
    /// of route events then moves and allocates nothing per event (the route is ~200 bytes,
    /// and was copied at every step from its decoding to the callback). The routes of the
    /// first dump are read into it too, to be reported. Unused by a reporter with a route
    /// object of its own (see [`Report`]).
    decoded: Option<Box<Object>>,
}

/// The state of links and addresses that the kernel's routes follow unannounced.
/// An IPv4 address in [`RouteDeps::v4_addrs`].
type V4Addr = (IfIndex, Option<IpAddr>, u8, Option<IpAddr>);

/// The [`V4Addr`] of `a`.
fn v4_addr(a: &Addr) -> V4Addr {
    (a.index, a.ip(), a.prefixlen, peer_prefix(a))
}

#[derive(Debug, Default)]
struct RouteDeps {
    /// The [`ROUTE_LINK_FLAGS`] of every link, by index.
    link_flags: BTreeMap<IfIndex, LinkFlags>,
    /// Every IPv4 address, by interface index, address, prefix length and peer prefix (as
    /// [`Key::Addr`] tells them apart): when the last one of an interface goes, the kernel
    /// flushes the IPv4 routes through it (`fib_disable_ip`).
    v4_addrs: BTreeSet<V4Addr>,
}

impl Table {
    /// An empty table that follows the kinds of objects `sel` names.
    pub fn new(sel: Selection) -> Self {
        Table {
            sel,
            ..Table::default()
        }
    }

    /// The kinds of objects the table follows.
    pub fn selection(&self) -> Selection {
        self.sel
    }

    /// Where every object is, links first, then addresses, routes and neighbours (see
    /// [`Table::objects`]).
    pub(crate) fn places(&self) -> impl Iterator<Item = Place> + '_ {
        let others = |neighs: bool| {
            self.objects
                .iter()
                .filter(move |(k, _)| matches!(k, Key::Neigh(_)) == neighs)
                .map(|(_, &s)| Place::Other(s))
        };
        let routes =
            std::iter::successors(self.routes.live_from(0), |&r| self.routes.live_from(r + 1))
                .map(Place::Route);
        others(false).chain(routes).chain(others(true))
    }

    /// Every object: links, then addresses, each by identity, then routes (in no particular
    /// order), then neighbours by identity.
    pub fn objects(&self) -> impl Iterator<Item = Object> + '_ {
        self.places().filter_map(|p| self.object(p))
    }

    /// The object at `p`.
    pub(crate) fn object(&self, p: Place) -> Option<Object> {
        match p {
            Place::Other(s) => self.at(s).cloned(),
            Place::Route(r) => self
                .routes
                .is_live(r)
                .then(|| Object::Route(self.routes.get(r))),
        }
    }

    /// Writes route `p` into `out` (reusing its buffers); false when `p` is not a route of
    /// the table.
    pub(crate) fn route_into(&self, p: Place, out: &mut Route) -> bool {
        match p {
            Place::Route(r) if self.routes.is_live(r) => {
                self.routes.read_into(r, out);
                true
            }
            _ => false,
        }
    }

    /// The object in slot `s` of the store.
    pub(crate) fn at(&self, s: Slot) -> Option<&Object> {
        self.store.get(s)?.as_ref()
    }

    /// Where the object with key `key` is.
    fn get(&self, key: &Key) -> Option<Place> {
        self.objects.get(key).map(|&s| Place::Other(s))
    }

    /// How many objects the table holds.
    pub fn len(&self) -> usize {
        self.objects.len() + self.routes.len()
    }

    /// Whether the table holds no object.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The table's routes: what a re-dump is matched against as it is read.
    pub(super) fn routes(&self) -> &Routes {
        &self.routes
    }

    /// The place that follows the object with the identity of `obj` in the order of
    /// [`Table::objects`]; `obj` need not be in the table any more (it is found by what
    /// identifies it), but a route that is not goes on with the neighbours.
    pub(crate) fn place_after(&self, obj: &Object) -> Option<Place> {
        let first_route = || self.routes.live_from(0).map(Place::Route);
        let neigh_after = |from: Bound<Key>| {
            self.objects
                .range((from, Bound::Unbounded))
                .find(|(k, _)| matches!(k, Key::Neigh(_)))
                .map(|(_, &s)| Place::Other(s))
        };
        match obj {
            Object::Route(r) => match self.routes.find(r) {
                Some(at) => self.place_after_route(at),
                None => self.first_neigh(),
            },
            Object::Neigh(_) => neigh_after(Bound::Excluded(Key::of(obj)?)),
            _ => {
                let next = self
                    .objects
                    .range((Bound::Excluded(Key::of(obj)?), Bound::Unbounded))
                    .next();
                match next {
                    Some((k, &s)) if !matches!(k, Key::Neigh(_)) => Some(Place::Other(s)),
                    _ => first_route().or_else(|| self.first_neigh()),
                }
            }
        }
    }

    /// The place that follows place `p` in the order of [`Table::objects`].
    pub(crate) fn next_place(&self, p: Place) -> Option<Place> {
        match p {
            Place::Other(s) => self.place_after(self.at(s)?),
            Place::Route(r) => self.place_after_route(r),
        }
    }

    /// The place after route record `r`: the next live route, else the first neighbour.
    fn place_after_route(&self, r: Record) -> Option<Place> {
        self.routes
            .live_from(r + 1)
            .map(Place::Route)
            .or_else(|| self.first_neigh())
    }

    /// The first neighbour entry.
    fn first_neigh(&self) -> Option<Place> {
        self.objects
            .iter()
            .find(|(k, _)| matches!(k, Key::Neigh(_)))
            .map(|(_, &s)| Place::Other(s))
    }

    /// The object that follows `obj` in the order of [`Table::objects`]; `obj` need not be in
    /// the table any more (it is found by what identifies it), but after a route that is not,
    /// the walk goes on with the neighbours.
    pub fn after(&self, obj: &Object) -> Option<Object> {
        self.object(self.place_after(obj)?)
    }

    /// The first object in the order of [`Table::objects`].
    pub(crate) fn first_place(&self) -> Option<Place> {
        self.places().next()
    }

    /// Where the link with interface index `index` is.
    pub(crate) fn link_place(&self, index: IfIndex) -> Option<Place> {
        self.get(&Key::Link(index))
    }

    /// Where the link named `name` (its bytes, as the kernel sends them; its name or one of
    /// its alternative names) is.
    pub(crate) fn link_by_name_place(&self, name: &[u8]) -> Option<Place> {
        self.link_place(self.index.link_named(name)?)
    }

    /// Where the address `ip` on interface `index` is (with the shortest prefix length when
    /// IPv4 has it there several times).
    pub(crate) fn addr_place(&self, index: IfIndex, ip: IpAddr) -> Option<Place> {
        self.get(&self.index.addr_key(index, ip)?)
    }

    /// Where the ARP or NDP entry (not a proxy entry) for `dst` on interface `index` is.
    pub(crate) fn neigh_place(&self, index: IfIndex, dst: IpAddr) -> Option<Place> {
        self.get(&Key::Neigh(NeighKey::at(index, dst)))
    }

    /// Where the route `id` names is. When several do (IPv4 routes appended to one prefix),
    /// the one whose gateway (or first path's gateway) is `gateway`, or, when `gateway` is
    /// `None`, the one the kernel lists first.
    pub(crate) fn route_place(&self, id: &RouteId, gateway: Option<IpAddr>) -> Option<Place> {
        let found = self
            .routes
            .group(&id.group())
            .into_iter()
            .filter(|&r| {
                let r = self.routes.get(r);
                let first = r.multipath.first().and_then(|h| h.gateway);
                gateway.is_none() || r.gateway.or(first) == gateway
            })
            .min_by_key(|&r| self.routes.rank(r));
        found.map(Place::Route)
    }

    /// Where the route the kernel's lookup of `ip` in table `table` alone gives is: the
    /// longest prefix holding `ip`, and of its routes the one with the lowest priority
    /// (metric). Only routes without a source prefix and, for IPv4, with TOS 0 match (a
    /// lookup with TOS 0). Of several IPv4 routes of one prefix and priority (`ip route
    /// append`, `prepend`), the one the kernel lists first, as its lookup takes it; of
    /// several IPv6 routes of one metric that the kernel could not merge into one multipath
    /// route (of other types, or through nexthop objects), any (the kernel picks by the state
    /// of their next hops). Whatever the route's type (an `unreachable` route is a match) and
    /// the state of its next hops (the kernel skips dead ones).
    pub(crate) fn route_lookup_place(&self, table: u32, ip: IpAddr) -> Option<Place> {
        self.routes.longest_match(table, ip).map(Place::Route)
    }

    /// The link with interface index `index`.
    pub fn link(&self, index: IfIndex) -> Option<Object> {
        self.object(self.link_place(index)?)
    }

    /// The link named `name` (its bytes, as the kernel sends them; its name or one of its
    /// alternative names, as the kernel finds a link).
    pub fn link_by_name(&self, name: &[u8]) -> Option<Object> {
        self.object(self.link_by_name_place(name)?)
    }

    /// The address `ip` on interface `index` (with the shortest prefix length when IPv4 has it
    /// there several times, and of those the one whose peer's prefix is lowest).
    pub fn addr(&self, index: IfIndex, ip: IpAddr) -> Option<Object> {
        self.object(self.addr_place(index, ip)?)
    }

    /// The ARP or NDP entry (not a proxy entry) for `dst` on interface `index`.
    pub fn neigh(&self, index: IfIndex, dst: IpAddr) -> Option<Object> {
        self.object(self.neigh_place(index, dst)?)
    }

    /// The route `id` names. When several do (IPv4 routes appended to one prefix), the one
    /// whose gateway (or first path's gateway) is `gateway`, or, when `gateway` is `None`, the
    /// one the kernel lists first.
    pub fn route(&self, id: &RouteId, gateway: Option<IpAddr>) -> Option<Object> {
        self.object(self.route_place(id, gateway)?)
    }

    /// The route the kernel's lookup of `ip` in table `table` alone gives: the longest prefix
    /// holding `ip`, and of its routes without a source prefix (and, for IPv4, with TOS 0)
    /// the one with the lowest priority (metric) (of several IPv4 routes of that priority,
    /// the one the kernel lists first), whatever its type and the state of its next hops.
    pub fn route_lookup(&self, table: u32, ip: IpAddr) -> Option<Object> {
        self.object(self.route_lookup_place(table, ip)?)
    }

    /// Takes the object with key `key` out, and out of the indexes.
    fn take(&mut self, key: &Key) -> Option<Object> {
        let s = self.objects.remove(key)?;
        let old = self.store.get_mut(s)?.take()?;
        self.free.push(s);
        self.index.remove(&old);
        Some(old)
    }

    /// Applies one notification message and reports each real change to `cb` (when `cb`
    /// stops, the rest stays queued for [`Table::apply_queued`]). Messages about objects the
    /// selection does not name, route cache entries and bridge port links are ignored. A
    /// link that goes away takes its neighbour entries (and a bridge's forwarding entries)
    /// along, whether or not links are mirrored.
    ///
    /// [`Applied::Resync`] when the message does not decode, and when it does not say which
    /// object it changed: an `NLM_F_REPLACE` route when the mirror holds several routes the
    /// kernel may have replaced, and the removal of one path of an IPv6 multipath route
    /// (the kernel then reports the path, not what is left of the route). When routes are
    /// followed, also when the kernel changes routes without a route notification: when a
    /// link goes up or down, gains or loses its carrier, goes away, loses its last IPv4
    /// address (IPv4 routes through it are flushed or marked) or gains its first (the paths
    /// through it marked dead come back), and when a nexthop object is deleted or replaced
    /// (the routes using it change with it).
    pub fn apply(
        &mut self,
        msg: &Msg<'_>,
        cb: &mut impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Applied {
        self.apply_reporting(msg, cb)
    }

    /// [`Table::apply`] reporting to `r`.
    #[inline]
    pub(super) fn apply_reporting(&mut self, msg: &Msg<'_>, r: &mut impl Report) -> Applied {
        let sel = self.sel;
        if sel.routes && nexthop_changes_routes(msg) {
            return Applied::Resync;
        }
        let kind = EventKind::of(msg.ty());
        if let EventKind::NewRoute | EventKind::DelRoute = kind {
            if !sel.routes {
                return Applied::Done(Flow::Continue(()));
            }
            return self.apply_route_msg(kind == EventKind::DelRoute, msg, r);
        }
        let followed = match kind {
            EventKind::NewLink | EventKind::DelLink => sel.links || sel.routes || sel.neighs,
            EventKind::NewAddr | EventKind::DelAddr => sel.addrs || sel.routes,
            EventKind::NewNeigh | EventKind::DelNeigh => sel.neighs,
            // Routes were applied above.
            EventKind::NewRoute | EventKind::DelRoute | EventKind::Other | EventKind::Overrun => {
                false
            }
        };
        if !followed {
            return Applied::Done(Flow::Continue(()));
        }
        let Ok(ev) = Event::decode(*msg) else {
            return Applied::Resync;
        };
        let (removed, obj) = match ev {
            // Bridges also send per-port link messages (family AF_BRIDGE); a DELLINK of
            // those means "left the bridge", not "gone".
            Event::NewLink(l) | Event::DelLink(l) if l.family == AF_UNSPEC => {
                let removed = msg.ty() == RTM_DELLINK;
                if sel.routes && self.link_changes_routes(removed, &l) {
                    return Applied::Resync;
                }
                if removed && sel.neighs {
                    self.queue_neigh_removals(l.index);
                }
                if !sel.links {
                    return Applied::Done(self.apply_queued(&mut |k, o| r.change(k, o)));
                }
                (removed, link_object(l))
            }
            Event::NewAddr(a) | Event::DelAddr(a) => {
                let removed = msg.ty() == RTM_DELADDR;
                if sel.routes && self.addr_changes_routes(removed, &a) {
                    return Applied::Resync;
                }
                if !sel.addrs {
                    return Applied::Done(Flow::Continue(()));
                }
                (removed, addr_object(a))
            }
            Event::NewNeigh(n) => (false, Object::Neigh(n)),
            Event::DelNeigh(n) => (true, Object::Neigh(n)),
            _ => return Applied::Done(Flow::Continue(())),
        };
        let edit = match Key::of(&obj) {
            Some(k) if removed => Edit::Remove(k),
            _ => Edit::Put(obj),
        };
        self.queued.push_back(edit);
        Applied::Done(self.apply_queued(&mut |k, o| r.change(k, o)))
    }

    /// Queues the removal of the neighbour entries of link `index`, which left the namespace
    /// (see [`NeighKey::on_link`]): the kernel announces the removal of most, but not of a
    /// VXLAN device's forwarding entries when the device moves to another namespace (they
    /// move with it).
    fn queue_neigh_removals(&mut self, index: IfIndex) {
        let gone = self
            .objects
            .keys()
            .filter(|k| matches!(k, Key::Neigh(n) if n.on_link(index)));
        self.queued.extend(gone.cloned().map(Edit::Remove));
    }

    /// Whether a change of link `l` (`removed`: its deletion) changes routes without route
    /// notifications: its [`ROUTE_LINK_FLAGS`] changed, or it went away (its IPv4 routes go
    /// with it). Records its flags.
    fn link_changes_routes(&mut self, removed: bool, l: &Link) -> bool {
        if removed {
            self.deps.link_flags.remove(&l.index);
            return true;
        }
        let flags = l.flags & ROUTE_LINK_FLAGS;
        self.deps
            .link_flags
            .insert(l.index, flags)
            .is_some_and(|old| old != flags)
    }

    /// Whether a change of address `a` (`removed`: its deletion) changes routes without
    /// route notifications: it was the last IPv4 address of its interface (the kernel
    /// flushes the routes through it, and marks the paths through it of multipath routes
    /// dead: `fib_disable_ip`), or the first (the kernel brings those paths back:
    /// `fib_sync_up`). Records it.
    fn addr_changes_routes(&mut self, removed: bool, a: &Addr) -> bool {
        if a.family != AF_INET {
            return false;
        }
        let entry = v4_addr(a);
        let v4_addrs = &mut self.deps.v4_addrs;
        let changed = if removed {
            v4_addrs.remove(&entry)
        } else {
            v4_addrs.insert(entry)
        };
        // After the change, the interface has none left, or this one alone (two are enough
        // to tell: an interface may have thousands).
        let on_link = v4_addrs
            .range((a.index, None, 0, None)..)
            .take_while(|e| e.0 == a.index)
            .take(2)
            .count();
        changed && on_link == usize::from(!removed)
    }

    /// Starts loading what applying the notification in `datagram` will read first: the
    /// hash table entry of its route's prefix, a cache miss in a large table. Only a hint.
    pub(super) fn prefetch(&self, datagram: &[u8]) {
        let Ok(msg) = Msg::parse(datagram) else {
            return;
        };
        if !self.sel.routes || !matches!(msg.ty(), RTM_NEWROUTE | RTM_DELROUTE) {
            return;
        }
        // The prefix alone: the whole decoding here, then again to apply, cost a tenth of
        // an event's instructions.
        if let Ok(p) = RoutePrefix::of(&msg) {
            self.routes
                .prefetch_prefix(p.family, p.table, &p.dst, p.dst_len);
        }
    }

    /// Applies and reports the changes a stopped callback left queued.
    pub fn apply_queued(&mut self, cb: &mut impl FnMut(ChangeKind, &Object) -> Flow) -> Flow {
        while let Some(edit) = self.queued.pop_front() {
            if self.edit(edit, cb).is_break() {
                return Flow::Break(());
            }
        }
        Flow::Continue(())
    }

    /// Whether changes wait to be applied and reported ([`Table::apply_queued`]).
    pub(super) fn has_queued(&self) -> bool {
        !self.queued.is_empty()
    }

    /// Forgets the queued changes and the dumped routes not applied yet: a dump is about to
    /// replace what they would change.
    pub(super) fn clear_queued(&mut self) {
        self.queued.clear();
        self.routes.drop_pending();
    }

    /// Applies one edit, reporting it when it changes something.
    fn edit(&mut self, edit: Edit, cb: &mut impl FnMut(ChangeKind, &Object) -> Flow) -> Flow {
        match edit {
            Edit::Remove(key) => match self.take(&key) {
                Some(old) => cb(ChangeKind::Remove, &old),
                None => Flow::Continue(()),
            },
            Edit::RemoveRoute(r) => {
                let at = self.routes.find(&r);
                match self.change_route(true, at, &r, Position::Any) {
                    RouteChange::Remove(at) => self.remove_route(at, cb),
                    _ => Flow::Continue(()),
                }
            }
            Edit::PutRoute(r, place) => {
                let at = self.routes.find(&r);
                match self.change_route(false, at, &r, place) {
                    RouteChange::Route(k) => cb(k, &Object::Route(r)),
                    _ => Flow::Continue(()),
                }
            }
            Edit::Put(obj) => match Key::of(&obj) {
                Some(key) => self.put(key, obj, cb),
                None => Flow::Continue(()),
            },
        }
    }

    /// Stores route `r`, which the table has at record `at` (found by identity) if anywhere,
    /// or (`removed`) tells which record to remove, and tells what to report.
    fn change_route(
        &mut self,
        removed: bool,
        at: Option<Record>,
        r: &Route,
        place: Position,
    ) -> RouteChange {
        match (at, removed) {
            (Some(at), true) => RouteChange::Remove(at),
            (None, true) => RouteChange::Nothing,
            (Some(at), false) if self.routes.equals(at, r) => RouteChange::Nothing,
            (Some(at), false) => {
                self.routes.replace(at, r);
                RouteChange::Route(ChangeKind::Change)
            }
            (None, false) => {
                self.routes.insert(r, place);
                RouteChange::Route(ChangeKind::Add)
            }
        }
    }

    /// Takes route record `at` out of the table, reporting its removal.
    fn remove_route(
        &mut self,
        at: Record,
        cb: &mut impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Flow {
        let old = Object::Route(self.routes.get(at));
        self.routes.remove(at);
        cb(ChangeKind::Remove, &old)
    }

    /// Stores `obj` (not a route) under `key`, reporting an addition or a change (nothing
    /// when equal).
    fn put(
        &mut self,
        key: Key,
        obj: Object,
        cb: &mut impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Flow {
        let s = match self.objects.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let s = match self.free.pop() {
                    Some(s) => s,
                    None => {
                        self.store.push(None);
                        self.store.len() - 1
                    }
                };
                e.insert(s);
                self.index.insert(&obj);
                let o = self.store[s].insert(obj);
                return cb(ChangeKind::Add, o);
            }
        };
        let Some(slot) = self.store.get_mut(s) else {
            return Flow::Continue(());
        };
        if slot.as_ref() == Some(&obj) {
            return Flow::Continue(());
        }
        if let Some(old) = slot.take() {
            self.index.remove(&old);
        }
        self.index.insert(&obj);
        let o = self.store[s].insert(obj);
        cb(ChangeKind::Change, o)
    }

    /// The table's reused route object ([`Table::decoded`]), taken out to be filled and
    /// reported; put back when done.
    fn take_decoded(&mut self) -> Box<Object> {
        match self.decoded.take() {
            Some(obj) if matches!(*obj, Object::Route(_)) => obj,
            _ => Box::new(Object::Route(Route::default())),
        }
    }

    /// Applies a route notification (`removed`: `RTM_DELROUTE`), decoded into the route
    /// object `r` reports it in (see [`Table::apply`]): the table's reused one, or the one the
    /// C API lends, so that the route reaches C without a copy. Nothing is reported while the
    /// route is decoded and applied: the route it replaces or removes, and the changes
    /// queued, are reported after it.
    fn apply_route_msg(&mut self, removed: bool, msg: &Msg<'_>, r: &mut impl Report) -> Applied {
        let mut buf = self.take_decoded();
        // Unless `apply` runs.
        let mut change = RouteChange::Resync;
        let flow = r.route_event(&mut buf, |route| {
            change = match route.parse_into(msg) {
                Err(_) => RouteChange::Resync,
                Ok(()) if !kept_route(route.flags) => RouteChange::Nothing,
                Ok(()) => {
                    // Reported as the mirror keeps it: without its countdown (see `Mirror`).
                    route.expires = None;
                    self.apply_route(removed, msg.flags(), route)
                }
            };
            match change {
                RouteChange::Route(k) => Some(k),
                _ => None,
            }
        });
        self.decoded = Some(buf);
        let flow = match change {
            RouteChange::Resync => return Applied::Resync,
            RouteChange::Remove(at) => self.remove_route(at, &mut |k, o| r.change(k, o)),
            RouteChange::Route(_) | RouteChange::Nothing => flow,
        };
        if flow.is_break() {
            return Applied::Done(flow);
        }
        Applied::Done(self.apply_queued(&mut |k, o| r.change(k, o)))
    }

    /// Applies route `r` as the kernel's tables change (see [`Table::apply`]), or queues
    /// the edits that do (reported by [`Table::apply_queued`]); `r` may be changed (the
    /// order of an IPv6 route's siblings).
    fn apply_route(&mut self, removed: bool, nlflags: u16, r: &mut Route) -> RouteChange {
        let found = self.routes.find(r);
        let place = Position::of(r, nlflags);
        // A replace names the route put in, not the one taken out: the kernel took the first
        // route of the group out (IPv6: whatever its next hops), which may be another route
        // than the one found with the identity of the new one.
        let replace = !removed && nlflags & NLM_F_REPLACE != 0;
        if (found.is_some() && !replace) || (removed && r.family == AF_INET) {
            // The route itself, or (IPv4, which never merges routes) one already gone: one
            // change, applied at once unless older ones wait (found once, as a burst of
            // events needs).
            if self.queued.is_empty() {
                return self.change_route(removed, found, r, place);
            }
            self.queued.push_back(if removed {
                Edit::RemoveRoute(r.clone())
            } else {
                Edit::PutRoute(r.clone(), place)
            });
            return RouteChange::Nothing;
        }
        let v6 = r.family == AF_INET6;
        // The other routes of the group matter only to what the kernel may have merged or
        // replaced: the removal of an IPv6 route (IPv4 ones went above), a replacement, and
        // IPv6 paths added. A plain addition (most events of a burst) needs neither the group
        // nor the key (with its list of next hops); nor does a route whose group is empty.
        let merged = removed || nlflags & NLM_F_REPLACE != 0 || (v6 && r.multipath.len() > 1);
        let group = if merged {
            self.routes.group(&RouteGroup::of(r))
        } else {
            Vec::new()
        };
        if group.is_empty() && self.queued.is_empty() {
            // `r` is not in the table, as `find` said.
            return self.change_route(removed, None, r, place);
        }
        let key = RouteKey::of(r);
        let paths = &key.rest.nexthops;
        // All of them, those whose paths are all paths of `r`, and whether one has all the
        // paths of `r` among its own, by gateway and interface: the kernel reports a path
        // leaving an IPv6 multipath route as a route of its own, without its weight.
        let mut others = Vec::new();
        let mut within = Vec::new();
        let mut has_all = false;
        let goes_to = |h: &Hop| (h.0, h.1);
        for at in group {
            let old = self.routes.get(at);
            let rk = RouteKey::of(&old);
            if rk.rest.nexthops.iter().all(|h| paths.contains(h)) {
                within.push(old.clone());
            }
            let old_paths: Vec<_> = rk.rest.nexthops.iter().map(goes_to).collect();
            has_all |= paths.iter().all(|h| old_paths.contains(&goes_to(h)));
            others.push(old);
        }
        let mut edits = Vec::new();
        if removed {
            // IPv6: gone already, or one path of a multipath route (the kernel reports that
            // path alone, not what is left of the route).
            if v6 && has_all {
                return RouteChange::Resync;
            }
        } else if nlflags & NLM_F_REPLACE != 0 {
            // The kernel replaced one route of the group (IPv4: the first alias with this
            // TOS and priority; IPv6: the first route with this metric, with its siblings)
            // and says only what replaced it: clear when the mirror has one candidate.
            match others.as_mut_slice() {
                [] => {}
                // The route found, the only candidate: replaced in place.
                [_] if found.is_some() => {}
                [one] => edits.push(Edit::RemoveRoute(std::mem::take(one))),
                _ => return RouteChange::Resync,
            }
        } else if v6 && r.multipath.len() > 1 {
            // Paths added to an IPv6 route: the kernel merges a route with the same
            // destination and metric into the multipath route as one more sibling, and
            // reports the whole route as the new sibling has it (its protocol, preferred
            // source and metrics), listing it first. A dump shows the route as its first
            // sibling has it, and the siblings in the order they were added.
            match within.as_mut_slice() {
                [] => {}
                [old] => {
                    *r = Route {
                        multipath: sibling_order(old, &r.multipath),
                        gateway: r.gateway,
                        oif: r.oif,
                        flags: r.flags,
                        ..old.clone()
                    };
                    edits.push(Edit::RemoveRoute(std::mem::take(old)));
                }
                _ => return RouteChange::Resync,
            }
        }
        if edits.is_empty() && self.queued.is_empty() {
            // Nothing to take out first: `r` is where `find` said (nowhere, but for a replace
            // in place).
            return self.change_route(removed, found, r, place);
        }
        if !removed {
            edits.push(Edit::PutRoute(r.clone(), place));
        }
        self.queued.extend(edits);
        RouteChange::Nothing
    }

    /// Makes the table equal `fresh`, reporting each difference: removals first, then
    /// additions and changes by identity. Stops after the change the callback stopped at;
    /// calling again with the same `fresh` goes on from there.
    pub(super) fn replace_with(&mut self, fresh: &mut Fresh, r: &mut impl Report) -> Flow {
        if let Some(deps) = fresh.deps.take() {
            self.deps = deps;
        }
        if fresh.adopt {
            // The first dump: its routes become the table's, made live one by one.
            if let Some(dumped) = fresh.routes.take() {
                self.routes = dumped.routes;
                self.routes.reserve(self.routes.records());
            }
            fresh.adopt = false;
        }
        if !fresh.removals_done {
            let gone: Vec<Key> = self
                .objects
                .keys()
                .filter(|k| !fresh.table.contains_key(k))
                .cloned()
                .collect();
            for k in gone {
                if let Some(old) = self.take(&k) {
                    if r.change(ChangeKind::Remove, &old).is_break() {
                        return Flow::Break(());
                    }
                }
            }
            if let Some(new) = &fresh.routes {
                while let Some(at) = self.routes.live_from(fresh.cursor) {
                    fresh.cursor = at + 1;
                    if !new.kept.contains(at) {
                        let old = Object::Route(self.routes.get(at));
                        self.routes.remove(at);
                        if r.change(ChangeKind::Remove, &old).is_break() {
                            return Flow::Break(());
                        }
                    }
                }
            }
            fresh.removals_done = true;
            fresh.cursor = 0;
        }
        while let Some((k, new)) = fresh.table.pop_first() {
            if self.put(k, new, &mut |k, o| r.change(k, o)).is_break() {
                return Flow::Break(());
            }
        }
        match &fresh.routes {
            // A resynchronisation: each dumped route that differs from the table's, put in
            // place of the route of its identity it was matched with, or added (the routes
            // kept are live until the dump is applied, so no record matched is reused).
            Some(Dumped {
                routes: new,
                differ,
                ..
            }) => {
                while let Some(&(at, old)) = differ.get(fresh.cursor as usize) {
                    fresh.cursor += 1;
                    let route = new.get(at);
                    let flow = match old {
                        Some(old) => {
                            self.routes.replace(old, &route);
                            r.change(ChangeKind::Change, &Object::Route(route))
                        }
                        None => {
                            self.routes.insert(&route, Position::Any);
                            r.change(ChangeKind::Add, &Object::Route(route))
                        }
                    };
                    if flow.is_break() {
                        return Flow::Break(());
                    }
                }
                self.routes
                    .order_as_dumped(&std::mem::take(&mut fresh.followers));
            }
            // The first dump: each route made live, and reported read into the reporter's
            // own route object or else into the table's reused one (a `Route` made, moved
            // and dropped for each of a million routes cost a fifth of nlrs's part of the
            // start).
            None => {
                let mut obj = self.take_decoded();
                let mut flow = Flow::Continue(());
                while let Some(at) = self.routes.record_from(fresh.cursor) {
                    if flow.is_break() {
                        break;
                    }
                    fresh.cursor = at + 1;
                    self.routes.prefetch_home(&self.routes, at + AHEAD);
                    self.routes.make_live(at);
                    let routes = &self.routes;
                    flow = r.add_route(&mut obj, |route| routes.read_into(at, route));
                }
                self.decoded = Some(obj);
                if self.routes.record_from(fresh.cursor).is_none() {
                    self.routes
                        .order_as_dumped(&std::mem::take(&mut fresh.followers));
                }
                return flow;
            }
        }
        Flow::Continue(())
    }
}

/// A dumped table, applied to a [`Table`] one difference at a time.
#[derive(Debug)]
pub(super) struct Fresh {
    /// What the kernel has but routes; entries leave it as they are applied once removals
    /// are done.
    table: BTreeMap<Key, Object>,
    /// The dumped routes, when routes are followed: taken by the table when it was empty
    /// (`adopt`), else matched against the table's.
    routes: Option<Dumped>,
    /// The dumped IPv4 routes that followed one of their prefix: put last once every route
    /// is applied, so that the table orders them as the kernel does (see [`super::order::Runs`]).
    followers: Vec<Route>,
    /// Whether the table takes the dumped routes as they are (it holds none yet).
    adopt: bool,
    /// The next route record to look at: the table's while removals are made, then the
    /// place in the dumped routes that differ (or, adopted, the table's record again).
    cursor: Record,
    /// Whether the objects missing from the dump were removed already.
    removals_done: bool,
    /// What the dumped links and addresses say routes depend on, until the table takes it.
    deps: Option<RouteDeps>,
}

impl Fresh {
    /// The dumped objects `objs` (no route among them), the dumped routes `routes` (none
    /// made live), and the links and addresses `links` and `addrs` (dumped for what routes
    /// depend on, whether or not they are mirrored); `first` when the table they replace is
    /// empty.
    pub(super) fn new(
        objs: impl IntoIterator<Item = Object>,
        mut routes: Option<Dumped>,
        links: &[Link],
        addrs: &[Addr],
        first: bool,
    ) -> Self {
        let followers = routes
            .as_mut()
            .map(|d| std::mem::take(&mut d.runs.followers))
            .unwrap_or_default();
        Fresh {
            table: objs
                .into_iter()
                .filter_map(|o| Some((Key::of(&o)?, o)))
                .collect(),
            routes,
            followers,
            adopt: first,
            cursor: 0,
            removals_done: first,
            deps: Some(RouteDeps {
                link_flags: links
                    .iter()
                    .map(|l| (l.index, l.flags & ROUTE_LINK_FLAGS))
                    .collect(),
                v4_addrs: addrs
                    .iter()
                    .filter(|a| a.family == AF_INET)
                    .map(v4_addr)
                    .collect(),
            }),
        }
    }
}

/// A link as the mirror keeps it: without its counters, which change all the time, and its
/// carrier, which the kernel changes without a word on a link that is down (linkwatch
/// announces a carrier only for a link that is up, where `LOWER_UP` says it).
pub(super) fn link_object(mut l: Link) -> Object {
    l.stats = None;
    l.carrier = None;
    Object::Link(l)
}

/// An address as the mirror keeps it: without its lifetimes, which count down.
pub(super) fn addr_object(mut a: Addr) -> Object {
    a.valid_lft = None;
    a.preferred_lft = None;
    Object::Addr(a)
}

/// Whether `msg` changes routes without route notifications: the deletion of a nexthop object
/// takes the routes using it along unannounced, and a nexthop object replaced changes them
/// unannounced unless `net.ipv4.nexthop_compat_mode` is set.
fn nexthop_changes_routes(msg: &Msg<'_>) -> bool {
    match msg.ty() {
        RTM_DELNEXTHOP => true,
        RTM_NEWNEXTHOP => msg.flags() & NLM_F_REPLACE != 0,
        _ => false,
    }
}

/// Whether the mirror keeps a route with `RTM_F_*` flags `flags`: not the route cache.
pub(super) fn kept_route(flags: u32) -> bool {
    flags & rtm_f::CLONED == 0
}

/// The paths of a merged IPv6 route in the kernel's sibling order: the paths of `old` first,
/// as they were, then the added ones in the order `merged` lists them.
fn sibling_order(old: &Route, merged: &[Nexthop]) -> Vec<Nexthop> {
    let old_paths: Vec<Nexthop> = if old.multipath.is_empty() {
        merged
            .iter()
            .filter(|h| h.gateway == old.gateway && Some(h.ifindex) == old.oif)
            .copied()
            .collect()
    } else {
        old.multipath
            .iter()
            .filter_map(|o| {
                merged
                    .iter()
                    .find(|h| h.gateway == o.gateway && h.ifindex == o.ifindex)
            })
            .copied()
            .collect()
    };
    let added = merged.iter().filter(|h| !old_paths.contains(h)).copied();
    old_paths.iter().copied().chain(added).collect()
}

#[cfg(test)]
mod tests {
    //! The rules that cannot all be met by the real kernel on demand (a notification that
    //! does not decode) or that decide between precise application and a re-dump. The real
    //! kernel's behaviour is checked in tests/rtnl_mirror_identity.rs.
    use super::*;
    use crate::rtnl::addr::AddrSpec;
    use crate::rtnl::common::Spec;
    use crate::rtnl::events::tests::undecodable_link;
    use crate::rtnl::route::RouteSpec;
    use crate::rtnl::IpPrefix;
    use crate::wire::{IfInfoMsg, MsgBuilder};
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// A route notification for `dst/len` via `gw` on interface `oif`.
    fn route_msg(ty: u16, flags: u16, dst: &str, len: u8, hops: &[(&str, u32)]) -> Vec<u8> {
        let mut spec = RouteSpec::new(IpPrefix::new(ip(dst), len).unwrap());
        if let [(gw, oif)] = hops {
            spec.gateway = Some(ip(gw));
            spec.oif = Some((*oif).into());
        } else {
            spec.multipath = hops
                .iter()
                .map(|&(gw, oif)| Nexthop::new(oif.into()).gateway(ip(gw)))
                .collect();
        }
        // As the kernel reports it: a deleted route is described as it was, not as a delete
        // request would select it.
        let b = spec.request(RTM_NEWROUTE, flags).unwrap();
        let mut bytes = b.bytes().unwrap().to_vec();
        bytes[4..6].copy_from_slice(&ty.to_ne_bytes());
        bytes
    }

    /// A notification about 10.9.0.0/16.
    fn v4(ty: u16, flags: u16, hops: &[(&str, u32)]) -> Vec<u8> {
        route_msg(ty, flags, "10.9.0.0", 16, hops)
    }

    /// A notification about 2001:db8:9::/64.
    fn v6(ty: u16, flags: u16, hops: &[(&str, u32)]) -> Vec<u8> {
        route_msg(ty, flags, "2001:db8:9::", 64, hops)
    }

    /// Applies `b` and returns the outcome and the changes reported, as `+`/`~`/`-` and the
    /// route's gateways.
    fn apply(t: &mut Table, bytes: &[u8]) -> (Applied, Vec<String>) {
        let msg = Msg::parse(bytes).unwrap();
        let mut seen = Vec::new();
        let out = t.apply(&msg, &mut |k, o| {
            let Object::Route(r) = o else { panic!("{o:?}") };
            let sign = match k {
                ChangeKind::Add => '+',
                ChangeKind::Change => '~',
                ChangeKind::Remove => '-',
            };
            let gws: Vec<String> = match r.gateway {
                Some(g) => vec![g.to_string()],
                None => r
                    .multipath
                    .iter()
                    .map(|h| format!("{:?}", h.gateway))
                    .collect(),
            };
            seen.push(format!("{sign}{}", gws.join(",")));
            Flow::Continue(())
        });
        (out, seen)
    }

    fn routes() -> Table {
        Table::new(Selection {
            routes: true,
            ..Selection::default()
        })
    }

    const DONE: Applied = Applied::Done(Flow::Continue(()));

    #[test]
    fn a_notification_that_does_not_decode_asks_for_a_resync() {
        let mut t = Table::new(Selection {
            links: true,
            ..Selection::default()
        });
        let bytes = undecodable_link();
        let msg = Msg::parse(&bytes).unwrap();
        assert_eq!(
            t.apply(&msg, &mut |_, _| panic!("nothing applies")),
            Applied::Resync
        );
        // A message the selection does not follow is not looked at (links are followed for
        // routes and neighbours too).
        let mut n = Table::new(Selection {
            addrs: true,
            ..Selection::default()
        });
        assert_eq!(n.apply(&msg, &mut |_, _| panic!("ignored")), DONE);
        assert_eq!(
            routes().apply(&msg, &mut |_, _| panic!("nothing applies")),
            Applied::Resync
        );
    }

    /// The gateway of the route a lookup of 10.9.1.1 in table 254 gives.
    fn chosen(t: &Table) -> Option<IpAddr> {
        match t.route_lookup(254, "10.9.1.1".parse().unwrap()) {
            Some(Object::Route(r)) => r.gateway,
            other => panic!("{other:?}"),
        }
    }

    /// The kernel's lookup takes the first of the IPv4 routes of one prefix and priority:
    /// an append (`NLM_F_APPEND`) puts a route last, a prepend (no `NLM_F_EXCL`) first, and a
    /// lookup gives the first, whichever record each is kept in.
    #[test]
    fn a_lookup_gives_the_first_of_appended_and_prepended_routes() {
        let mut t = routes();
        let gw = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let add = |t: &mut Table, flags, via| {
            assert_eq!(apply(t, &v4(RTM_NEWROUTE, flags, &[(via, 3)])).0, DONE);
        };
        add(&mut t, NLM_F_CREATE | NLM_F_EXCL, "10.1.0.2");
        add(&mut t, NLM_F_CREATE | NLM_F_APPEND, "10.1.0.3");
        assert_eq!(chosen(&t), gw("10.1.0.2"));
        add(&mut t, NLM_F_CREATE, "10.1.0.4");
        add(&mut t, NLM_F_CREATE | NLM_F_APPEND, "10.1.0.5");
        assert_eq!(chosen(&t), gw("10.1.0.4"));
        // Without the first, the second: the route first added.
        let del = v4(RTM_DELROUTE, 0, &[("10.1.0.4", 3)]);
        assert_eq!(apply(&mut t, &del).0, DONE);
        assert_eq!(chosen(&t), gw("10.1.0.2"));
        // A record reused by another route does not keep the rank of the one it held.
        let del = v4(RTM_DELROUTE, 0, &[("10.1.0.2", 3)]);
        assert_eq!(apply(&mut t, &del).0, DONE);
        assert_eq!(chosen(&t), gw("10.1.0.3"));
        add(&mut t, NLM_F_CREATE | NLM_F_APPEND, "10.1.0.6");
        assert_eq!(chosen(&t), gw("10.1.0.3"));
        add(&mut t, NLM_F_CREATE, "10.1.0.7");
        assert_eq!(chosen(&t), gw("10.1.0.7"));
    }

    #[test]
    fn ipv4_appended_routes_stay_apart_and_a_replace_resolves_or_resyncs() {
        let mut t = routes();
        let a = v4(RTM_NEWROUTE, 0, &[("10.1.0.2", 3)]);
        let b = v4(RTM_NEWROUTE, NLM_F_APPEND, &[("10.2.0.2", 4)]);
        assert_eq!(apply(&mut t, &a), (DONE, vec!["+10.1.0.2".into()]));
        assert_eq!(apply(&mut t, &b), (DONE, vec!["+10.2.0.2".into()]));
        assert_eq!(t.len(), 2);
        // Which one replaced: the kernel does not say, and two are candidates.
        let c = v4(RTM_NEWROUTE, NLM_F_REPLACE, &[("10.2.0.3", 4)]);
        assert_eq!(apply(&mut t, &c).0, Applied::Resync);
        let del_a = v4(RTM_DELROUTE, 0, &[("10.1.0.2", 3)]);
        assert_eq!(apply(&mut t, &del_a), (DONE, vec!["-10.1.0.2".into()]));
        // One candidate: it is the one replaced.
        assert_eq!(
            apply(&mut t, &c),
            (DONE, vec!["-10.2.0.2".into(), "+10.2.0.3".into()])
        );
        assert_eq!(t.len(), 1);
        // Removing a route that is gone already changes nothing.
        assert_eq!(apply(&mut t, &del_a), (DONE, vec![]));
    }

    #[test]
    fn ipv6_siblings_merge_and_one_leaving_asks_for_a_resync() {
        let mut t = routes();
        let a = v6(RTM_NEWROUTE, 0, &[("2001:db8:1::2", 3)]);
        assert_eq!(apply(&mut t, &a), (DONE, vec!["+2001:db8:1::2".into()]));
        // The kernel reports the merged route with the new sibling first.
        let ab = v6(
            RTM_NEWROUTE,
            NLM_F_APPEND,
            &[("2001:db8:2::2", 4), ("2001:db8:1::2", 3)],
        );
        let (out, seen) = apply(&mut t, &ab);
        assert_eq!(out, DONE);
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[0], "-2001:db8:1::2");
        // Stored in the order a dump lists the siblings: the first one first.
        assert_eq!(
            seen[1], "+Some(2001:db8:1::2),Some(2001:db8:2::2)",
            "{seen:?}"
        );
        assert_eq!(t.len(), 1);
        let del_b = v6(RTM_DELROUTE, 0, &[("2001:db8:2::2", 4)]);
        assert_eq!(apply(&mut t, &del_b).0, Applied::Resync);
        // A path of another weight leaving: reported alone, without its weight.
        let mut weighted = Route::parse(&Msg::parse(&ab).unwrap()).unwrap();
        weighted.multipath[0].hops = 2;
        let mut w = routes();
        w.routes.insert(&weighted, Position::Any);
        assert_eq!(apply(&mut w, &del_b).0, Applied::Resync);
        // The whole multipath route, deleted at once, is found whatever the order.
        let del_ba = v6(
            RTM_DELROUTE,
            0,
            &[("2001:db8:2::2", 4), ("2001:db8:1::2", 3)],
        );
        assert_eq!(apply(&mut t, &del_ba).1.len(), 1);
        assert!(t.is_empty());
    }

    #[test]
    fn the_last_ipv4_address_of_a_link_is_told_apart_by_its_peer_too() {
        let mut t = routes();
        // `10.2.0.1 peer 10.2.0.2/32` and `10.2.0.1 peer 10.2.0.3/32`: two addresses.
        let addr = |peer: &str| Addr {
            family: AF_INET,
            index: IfIndex::new(3),
            prefixlen: 32,
            local: Some(ip("10.2.0.1")),
            address: Some(ip(peer)),
            ..Addr::default()
        };
        assert!(t.addr_changes_routes(false, &addr("10.2.0.2")), "the first");
        assert!(!t.addr_changes_routes(false, &addr("10.2.0.3")));
        assert!(
            !t.addr_changes_routes(true, &addr("10.2.0.2")),
            "another is left"
        );
        assert!(t.addr_changes_routes(true, &addr("10.2.0.3")), "the last");
    }

    #[test]
    fn a_merged_ipv6_route_is_kept_as_its_first_sibling_has_it() {
        let mut t = routes();
        let mut a = v6(RTM_NEWROUTE, 0, &[("2001:db8:1::2", 3)]);
        // The header's protocol (after the 16-byte netlink header, family, lengths, TOS and
        // table).
        a[16 + 5] = rtprot::STATIC;
        apply(&mut t, &a);
        // The kernel reports the merged route with the protocol of the sibling added.
        let ab = v6(
            RTM_NEWROUTE,
            NLM_F_APPEND,
            &[("2001:db8:2::2", 4), ("2001:db8:1::2", 3)],
        );
        assert_eq!(apply(&mut t, &ab).0, DONE);
        let routes: Vec<Object> = t.objects().collect();
        let [Object::Route(merged)] = routes.as_slice() else {
            panic!("{routes:?}")
        };
        assert_eq!(u8::from(merged.protocol), rtprot::STATIC);
        assert_eq!(merged.multipath.len(), 2);
    }

    #[test]
    fn a_replace_by_a_route_the_table_has_beside_others_asks_for_a_resync() {
        let mut t = routes();
        let a = v6(RTM_NEWROUTE, 0, &[("2001:db8:1::2", 3)]);
        let b = v6(RTM_NEWROUTE, 0, &[("2001:db8:2::2", 4)]);
        let b_again = v6(RTM_NEWROUTE, NLM_F_REPLACE, &[("2001:db8:2::2", 4)]);
        apply(&mut t, &b);
        // The route itself, alone: replaced in place, by the same values.
        assert_eq!(apply(&mut t, &b_again), (DONE, vec![]));
        apply(&mut t, &a);
        // The kernel replaced the first route of the group, maybe the other one.
        assert_eq!(apply(&mut t, &b_again).0, Applied::Resync);
    }

    /// A notification about the route to `dst/len` in table 254 via 10.1.0.2 on interface 3,
    /// with `priority` and `tos`.
    fn prio_msg(ty: u16, dst: &str, len: u8, priority: u32, tos: u8) -> Vec<u8> {
        let mut spec = RouteSpec::new(IpPrefix::new(ip(dst), len).unwrap());
        spec.table = 254;
        spec.gateway = Some(ip("10.1.0.2"));
        spec.oif = Some(IfIndex::new(3));
        spec.priority = Some(priority);
        let b = spec.request(RTM_NEWROUTE, 0).unwrap();
        let mut bytes = b.bytes().unwrap().to_vec();
        bytes[4..6].copy_from_slice(&ty.to_ne_bytes());
        // rtm_tos, after the 16-byte header, family, dst_len and src_len.
        bytes[19] = tos;
        bytes
    }

    #[test]
    fn a_lookup_gives_the_longest_prefix_and_its_lowest_priority_as_routes_come_and_go() {
        let mut t = routes();
        let found = |t: &Table, a: &str| match t.route_lookup(254, ip(a)) {
            Some(Object::Route(r)) => Some((r.dst.len(), r.priority.unwrap_or(0))),
            _ => None,
        };
        for (dst, len, prio, tos) in [
            ("10.0.0.0", 8, 20, 0),
            ("10.0.0.0", 8, 10, 0),
            ("10.1.0.0", 16, 5, 0x10),
            ("10.1.2.0", 24, 7, 0),
            ("10.9.9.0", 24, 1, 0),
        ] {
            assert_eq!(
                apply(&mut t, &prio_msg(RTM_NEWROUTE, dst, len, prio, tos)).0,
                DONE
            );
        }
        assert_eq!(found(&t, "10.1.2.3"), Some((24, 7)));
        assert_eq!(
            found(&t, "10.1.3.3"),
            Some((8, 10)),
            "a TOS route is not taken"
        );
        assert_eq!(found(&t, "11.0.0.1"), None);
        assert!(
            t.route_lookup(255, ip("10.1.2.3")).is_none(),
            "another table"
        );
        apply(&mut t, &prio_msg(RTM_DELROUTE, "10.0.0.0", 8, 10, 0));
        assert_eq!(found(&t, "10.1.3.3"), Some((8, 20)), "the next priority");
        apply(&mut t, &prio_msg(RTM_DELROUTE, "10.1.2.0", 24, 7, 0));
        // The table still has length 24 (in 10.9/16, where it is still found).
        assert_eq!(found(&t, "10.1.2.3"), Some((8, 20)), "the next length");
        assert_eq!(found(&t, "10.9.9.9"), Some((24, 1)));
        apply(&mut t, &prio_msg(RTM_DELROUTE, "10.9.9.0", 24, 1, 0));
        apply(&mut t, &prio_msg(RTM_DELROUTE, "10.0.0.0", 8, 20, 0));
        assert_eq!(found(&t, "10.1.2.3"), None);
        // The freed slots are taken again, and the objects stay whole.
        apply(&mut t, &prio_msg(RTM_NEWROUTE, "10.1.2.0", 25, 3, 0));
        apply(&mut t, &prio_msg(RTM_NEWROUTE, "10.1.2.128", 25, 4, 0));
        assert_eq!(found(&t, "10.1.2.3"), Some((25, 3)));
        assert_eq!(found(&t, "10.1.2.200"), Some((25, 4)));
        assert_eq!(t.len(), 3);
        assert_eq!(t.objects().count(), 3);
    }

    #[test]
    fn a_resync_reports_removals_then_differences_and_resumes_where_stopped() {
        // An IPv6 route as a dump has it, with `RTM_F_*` and next-hop flags `flags` (not part
        // of its identity: the kernel changes them in place, `RTNH_F_LINKDOWN` when its link
        // loses its carrier).
        let dumped = |dst, flags: u8| {
            let mut b = route_msg(RTM_NEWROUTE, 0, dst, 64, &[("fe80::1", 3)]);
            // rtm_flags, after the 16-byte header and 8 bytes of fields.
            b[24] = flags;
            b
        };
        let mut t = routes();
        for (dst, flags) in [
            ("2001:db8:1::", 0),
            ("2001:db8:2::", 0),
            ("2001:db8:3::", 0),
        ] {
            apply(&mut t, &dumped(dst, flags));
        }
        // Kept as it is, changed (same identity, other flags), gone, and new.
        let mut dump = Dumped::default();
        for (dst, flags) in [
            ("2001:db8:4::", 0),
            ("2001:db8:2::", 0x10),
            ("2001:db8:1::", 0),
        ] {
            let r = Route::parse(&Msg::parse(&dumped(dst, flags)).unwrap()).unwrap();
            dump.push(&r, Some(t.routes()));
        }
        dump.finish(Some(t.routes()));
        let mut fresh = Fresh::new([], Some(dump), &[], &[], false);
        // The callback stops at every change: each call reports one more.
        let mut seen = Vec::new();
        loop {
            let before = seen.len();
            let flow = t.replace_with(&mut fresh, &mut |k, o: &Object| {
                let Object::Route(r) = o else { panic!("{o:?}") };
                seen.push(format!("{k:?} {} {}", r.dst, r.flags));
                Flow::Break(())
            });
            if flow.is_continue() {
                assert_eq!(seen.len(), before);
                break;
            }
            assert_eq!(seen.len(), before + 1);
        }
        assert_eq!(
            seen,
            [
                "Remove 2001:db8:3::/64 0",
                "Add 2001:db8:4::/64 0",
                "Change 2001:db8:2::/64 16"
            ]
        );
        let mut now: Vec<String> = t
            .objects()
            .map(|o| match o {
                Object::Route(r) => format!("{} {}", r.dst, r.flags),
                o => panic!("{o:?}"),
            })
            .collect();
        now.sort();
        let want = [
            "2001:db8:1::/64 0",
            "2001:db8:2::/64 16",
            "2001:db8:4::/64 0",
        ];
        assert_eq!(now, want);
    }

    #[test]
    fn a_first_dump_cut_short_leaves_no_unapplied_route_behind_a_resync() {
        let mut dump = Dumped::default();
        for dst in ["10.1.0.0", "10.2.0.0", "10.3.0.0"] {
            let b = route_msg(RTM_NEWROUTE, 0, dst, 16, &[("10.1.0.2", 3)]);
            dump.push(&Route::parse(&Msg::parse(&b).unwrap()).unwrap(), None);
        }
        let mut t = routes();
        let mut fresh = Fresh::new([], Some(dump), &[], &[], true);
        let flow = t.replace_with(&mut fresh, &mut |_, _: &Object| Flow::Break(()));
        assert!(flow.is_break());
        assert_eq!(t.len(), 1);
        // A re-dump replaces the rest: the two routes never applied are freed, not found.
        t.clear_queued();
        assert_eq!(t.len(), 1);
        assert_eq!(t.objects().count(), 1);
        let b = route_msg(RTM_NEWROUTE, 0, "10.4.0.0", 16, &[("10.1.0.2", 3)]);
        t.routes.insert(
            &Route::parse(&Msg::parse(&b).unwrap()).unwrap(),
            Position::Any,
        );
        assert_eq!(t.routes.records(), 3, "a freed record reused");
        assert_eq!(t.objects().count(), 2);
    }

    /// A notification that link 3 has the `IFF_*` flags `flags`.
    fn link_msg(flags: u32) -> Vec<u8> {
        let hdr = IfInfoMsg {
            index: 3,
            flags,
            ..IfInfoMsg::default()
        };
        let b = MsgBuilder::with_header(RTM_NEWLINK, 0, &hdr);
        b.bytes().unwrap().to_vec()
    }

    #[test]
    fn a_link_that_linkwatch_brings_up_after_a_re_dump_asks_for_another() {
        let mut t = routes();
        let carrier = (LinkFlags::UP | LinkFlags::LOWER_UP).bits();
        // A re-dump saw the carrier, and the routes linkwatch has not changed yet.
        assert_eq!(apply(&mut t, &link_msg(carrier)).0, DONE);
        // Linkwatch changes them, unannounced, and says only that the link is running.
        let running = carrier | LinkFlags::RUNNING.bits();
        assert_eq!(apply(&mut t, &link_msg(running)).0, Applied::Resync);
        assert_eq!(apply(&mut t, &link_msg(running)).0, DONE);
    }

    #[test]
    fn the_first_ipv4_address_of_a_link_and_its_last_ask_for_a_resync() {
        let mut t = routes();
        let addr = |ty: u16, a: &str| {
            let spec = AddrSpec::new(IfIndex::new(3), IpPrefix::new(ip(a), 24).unwrap());
            spec.request(ty, 0).unwrap().bytes().unwrap().to_vec()
        };
        // The first brings back the paths through the link that the last one took.
        assert_eq!(
            apply(&mut t, &addr(RTM_NEWADDR, "10.1.0.1")).0,
            Applied::Resync
        );
        assert_eq!(apply(&mut t, &addr(RTM_NEWADDR, "10.1.0.1")).0, DONE);
        assert_eq!(apply(&mut t, &addr(RTM_NEWADDR, "10.3.0.1")).0, DONE);
        assert_eq!(apply(&mut t, &addr(RTM_DELADDR, "10.1.0.1")).0, DONE);
        assert_eq!(
            apply(&mut t, &addr(RTM_DELADDR, "10.3.0.1")).0,
            Applied::Resync
        );
        // IPv6 addresses change no route unannounced.
        assert_eq!(apply(&mut t, &addr(RTM_NEWADDR, "2001:db8::1")).0, DONE);
    }

    #[test]
    fn a_stopped_callback_leaves_the_rest_queued() {
        let mut t = routes();
        let a = v4(RTM_NEWROUTE, 0, &[("10.1.0.2", 3)]);
        let c = v4(RTM_NEWROUTE, NLM_F_REPLACE, &[("10.2.0.3", 4)]);
        apply(&mut t, &a);
        let msg = Msg::parse(&c).unwrap();
        let mut n = 0;
        let out = t.apply(&msg, &mut |k, _| {
            assert_eq!(k, ChangeKind::Remove);
            n += 1;
            Flow::Break(())
        });
        assert_eq!((out, n), (Applied::Done(Flow::Break(())), 1));
        assert!(t.is_empty());
        let mut added = 0;
        let _ = t.apply_queued(&mut |k, _| {
            assert_eq!(k, ChangeKind::Add);
            added += 1;
            Flow::Continue(())
        });
        assert_eq!((added, t.len()), (1, 1));
    }
}
