//! A mirror of kernel state that never silently drifts: subscribe first, then dump, apply
//! events, and re-dump whenever events were lost or a dump was inconsistent.

mod huge;
mod key;
mod lens;
mod lookup;
mod order;
mod records;
mod routes;
mod slots;
mod table;

pub use lookup::RouteId;
pub(crate) use table::Place;
pub use table::{Applied, Table};

use super::addr::{self, Addr};
use super::events::{Monitor, RawEvent};
use super::link::{self, Link};
use super::neigh::{self, Neigh};
use super::route::{Route, RouteFilter, RouteInfo};
use super::IfIndex;
use crate::conn::{Error, Result, Socket, SocketOptions};
use crate::wire::consts::*;
use crate::wire::{Msg, MsgBuilder, ParseError};
use routes::Dumped;
use std::ops::ControlFlow;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use table::{addr_object, kept_route, link_object, Fresh};

/// Decodes one dumped message into a mirrored object, or skips it.
type Decode<T> = fn(Msg<'_>) -> std::result::Result<Option<T>, ParseError>;

/// How many times a dump is made again when one of its datagrams was larger than the
/// receive buffer (which then grows to fit it).
const TRUNCATED_RETRIES: u32 = 3;

/// Which kinds of objects to mirror: `Selection::default().links(true).routes(true)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
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

impl Selection {
    /// Every kind: links, addresses, routes and neighbours.
    pub const ALL: Selection = Selection {
        links: true,
        addrs: true,
        routes: true,
        neighs: true,
    };

    setters! {
        /// Mirrors links (`true`) or not.
        set links: bool;
        /// Mirrors IPv4 and IPv6 addresses (`true`) or not.
        set addrs: bool;
        /// Mirrors IPv4 and IPv6 routes (`true`) or not.
        set routes: bool;
        /// Mirrors neighbour entries (`true`) or not.
        set neighs: bool;
    }
}

/// One mirrored object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Object {
    /// A link (without its counters, which change all the time, nor its carrier, which the
    /// kernel changes unannounced on a link that is down: the `LOWER_UP` flag says it).
    Link(Link),
    /// An address (without its lifetimes, which count down).
    Addr(Addr),
    /// A route (without its remaining lifetime, [`Route::expires`], which counts down: an
    /// expiring route reads `None` there, and a change of its lifetime alone, as an
    /// `ip route replace` with another `expires` makes, is no change).
    Route(Route),
    /// A neighbour entry.
    Neigh(Neigh),
}

// A link, with its new fields, makes no slot of the mirror's store larger than a route does
// (the counters a mirror drops are boxed for this).
const _: () = assert!(std::mem::size_of::<Link>() <= std::mem::size_of::<Route>());

/// How an object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
/// (the kernel's `ENOBUFS`, a notification larger than the receive buffer), when a
/// notification does not decode or does not say which object changed, and when the kernel
/// changed routes without a route notification (a link going down, a nexthop object deleted:
/// see [`Table::apply`]), it re-dumps (retrying interrupted dumps a bounded number of times)
/// and reports exactly the differences between what it had and what the kernel has.
///
/// Objects are told apart as the kernel tells them apart (two IPv4 routes appended to one
/// prefix with different gateways are two routes; a bridge's forwarding entry is one entry per
/// bridge, MAC and VLAN, whichever port it moves to, and a VXLAN device's entry for a unicast
/// MAC is one entry, whichever remote replaces its remote; two IPv4 addresses with one address
/// and prefix length and peers in different prefixes are two addresses). They are ordered by
/// kind, then by what identifies them: addresses by family, interface, prefix length, address
/// and (IPv4) the peer's prefix, which is not the order in which the kernel lists an
/// interface's addresses; an IPv4 address's primary/secondary status is its
/// `IFA_F_SECONDARY` flag ([`Addr::is_secondary`]).
///
/// A change the kernel makes without any notification, and that no notification implies,
/// shows only at the next re-dump. Such changes are:
/// - the neighbour entries the kernel makes for multicast and broadcast addresses
///   (`NUD_NOARP`);
/// - the forwarding entries a device without a forwarding table of its own lists for its
///   unicast and multicast addresses (`NTF_SELF`, which change with its IP addresses);
/// - the port of a bridge's local entry when the link it points at leaves the bridge or
///   changes its MAC while another link of the bridge has that MAC (the entry moves to it);
/// - the namespace id of a veth's peer ([`Link::link_netnsid`]) when the peer moves to another
///   namespace;
/// - the `IFA_F_TENTATIVE` flag of the IPv6 addresses a link keeps when it goes down
///   (`keep_addr_on_down`): set then, and cleared, announced, once duplicate address
///   detection ends after the link comes back up;
/// - a change of a tentative IPv6 address (a replace), announced only once its duplicate
///   address detection ends (never, while its link is down);
/// - an IPv6 address added without duplicate address detection (`IFA_F_NODAD`), which the
///   kernel announces from its DAD worker, a moment after adding it: when its link goes down
///   before the worker ran, and keeps it (`keep_addr_on_down`), the worker is cancelled, and
///   the address is announced only when its link comes up again;
/// - the MTU of an expiring IPv6 route (`expires`) that an `ip route append` or `prepend`
///   (`NLM_F_CREATE` without `NLM_F_EXCL`) of its destination, metric and next hop with an
///   MTU gives it: the request fails (`EEXIST`), but the kernel first sets the route's MTU to
///   the new one (and its lifetime to the new one's), announcing neither
///   (`fib6_add_rt2node`).
///
/// Proxy ARP and NDP entries are not mirrored: the kernel tells no one of them, and dumps them
/// only when asked for them alone ([`neigh::NeighFilter::proxy`]).
///
/// The kernel can hold two IPv6 routes equal in every field (an IPv6 replace takes the first
/// route of its metric that is as eligible for multipath as the new one: `route change
/// prohibit X` beside a route to X and a `prohibit X` of that metric replaces the route to X,
/// and `route replace unreachable ::/0` beside `nhid 6` and `unreachable` routes of one
/// metric leaves two `unreachable` routes, a route through a nexthop object never being
/// eligible). The mirror holds such routes as often as the kernel does, and reports each.
/// A route the kernel holds that the mirror may miss: an IPv6 route of one metric that the
/// kernel lists between the paths of a multipath route of that metric: its dump jumps from
/// the multipath route's first path to its last, so the route is in no dump (nor in `ip
/// route`); a mirror that follows events holds it, one that re-dumped does not.
///
/// Callbacks may stop the reporting early ([`Mirror::process_until`], [`Mirror::start_until`]):
/// nothing is lost, the next call goes on from the change after the one reported last.
#[derive(Debug)]
pub struct Mirror {
    monitor: Monitor,
    req: Socket,
    table: Table,
    attempts: u32,
    resyncs: u64,
    /// A dumped table whose differences are not all applied yet (a callback stopped early),
    /// and whether it is a resynchronisation (reported when done) rather than the first dump.
    pending: Option<(Fresh, bool)>,
    /// The mirror may differ from the kernel (events were lost, or one could not be applied)
    /// and no consistent dump has replaced it yet (a re-dump failed, or is still to be made):
    /// the next call dumps before it reads any event.
    need_resync: bool,
}

/// Whether a callback wants more: [`ControlFlow::Break`] stops the reporting early.
pub type Flow = ControlFlow<()>;

/// Who is told of the changes a mirror makes: [`Mirror`]'s callbacks (any
/// `FnMut(ChangeKind, &Object) -> Flow`), or the C API's reporter, which reads each route of
/// the first dump, and decodes each route event, straight into the route object it lends C,
/// where a callback is given the table's object and would copy it (a copy per route of a
/// million, and per event).
pub(crate) trait Report {
    /// Reports that `o` changed as `k` says.
    fn change(&mut self, k: ChangeKind, o: &Object) -> Flow;

    /// Reports a route of the first dump, added, which `read` writes into the route it is
    /// given: by default `buf`, the table's reused route object, then reported as a change.
    fn add_route(&mut self, buf: &mut Object, read: impl FnOnce(&mut Route)) -> Flow {
        if let Object::Route(r) = buf {
            read(r);
        }
        self.change(ChangeKind::Add, buf)
    }

    /// Reports the route of a route event, which `apply` decodes into the route it is given
    /// and applies, giving how it changed (`None`: it is not to be reported): by default
    /// `buf`, the table's reused route object, then reported as a change. `apply` reports
    /// nothing itself.
    fn route_event(
        &mut self,
        buf: &mut Object,
        apply: impl FnOnce(&mut Route) -> Option<ChangeKind>,
    ) -> Flow {
        let change = match buf {
            Object::Route(r) => apply(r),
            _ => None,
        };
        match change {
            Some(k) => self.change(k, buf),
            None => Flow::Continue(()),
        }
    }
}

impl<F: FnMut(ChangeKind, &Object) -> Flow> Report for F {
    fn change(&mut self, k: ChangeKind, o: &Object) -> Flow {
        self(k, o)
    }
}

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
        mut cb: impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Result<(Self, Flow)> {
        Self::start_reporting(sel, rcvbuf, &mut cb)
    }

    /// [`Mirror::start_until`] reporting to `r`.
    pub(crate) fn start_reporting(
        sel: Selection,
        rcvbuf: Option<usize>,
        r: &mut impl Report,
    ) -> Result<(Self, Flow)> {
        let opts = SocketOptions {
            nonblocking: true,
            rcvbuf: rcvbuf.or(SocketOptions::default().rcvbuf),
            ..SocketOptions::default()
        };
        let events = Socket::open_with(proto::ROUTE, &opts)?;
        Self::start_on_reporting(events, Socket::open(proto::ROUTE)?, sel, r)
    }

    /// [`Mirror::start_until`] over route sockets the caller opened, on any transport (a
    /// [`FakeTransport`](crate::conn::FakeTransport) in tests): `events` receives the
    /// notifications (it is subscribed here to the groups of `sel` and made non-blocking),
    /// `requests` runs the dumps.
    pub fn start_on(
        events: Socket,
        requests: Socket,
        sel: Selection,
        mut cb: impl FnMut(ChangeKind, &Object) -> Flow,
    ) -> Result<(Self, Flow)> {
        Self::start_on_reporting(events, requests, sel, &mut cb)
    }

    /// [`Mirror::start_on`] reporting to `r`.
    fn start_on_reporting(
        mut events: Socket,
        requests: Socket,
        sel: Selection,
        r: &mut impl Report,
    ) -> Result<(Self, Flow)> {
        let mut groups = Vec::new();
        // Routes follow the state of links (and IPv4 addresses, below) too, and neighbour
        // entries leave with their link (see `Table::apply`).
        if sel.links || sel.routes || sel.neighs {
            groups.push(rtnlgrp::LINK);
        }
        if sel.addrs {
            groups.extend([rtnlgrp::IPV4_IFADDR, rtnlgrp::IPV6_IFADDR]);
        } else if sel.routes {
            groups.push(rtnlgrp::IPV4_IFADDR);
        }
        if sel.routes {
            groups.extend([rtnlgrp::IPV4_ROUTE, rtnlgrp::IPV6_ROUTE]);
        }
        if sel.neighs {
            groups.push(rtnlgrp::NEIGH);
        }
        events.set_nonblocking(true)?;
        // Subscribed before the dump, so no change can fall between the two.
        let mut monitor = Monitor::on_socket(events, &groups)?;
        if sel.routes {
            // Routes follow their nexthop objects (see `Table::apply`). A kernel without
            // them (before 5.3) refuses the group, and has no route that uses one.
            match monitor.join(rtnlgrp::NEXTHOP) {
                Err(e) if e.errno() == Some(libc::EINVAL) => {}
                other => other?,
            }
        }
        let mut m = Mirror {
            monitor,
            req: requests,
            table: Table::new(sel),
            attempts: 5,
            resyncs: 0,
            pending: None,
            need_resync: false,
        };
        let fresh = m.dump_all(true)?;
        m.pending = Some((fresh, false));
        let flow = m.settle(r, || Flow::Continue(()))?;
        Ok((m, flow))
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

    /// How many times the mirror re-dumped to catch up with the kernel (after lost events,
    /// or an event it could not apply).
    pub fn resyncs(&self) -> u64 {
        self.resyncs
    }

    /// Every mirrored object: links, then addresses, each by what identifies it, then routes
    /// (in no particular order), then neighbours by what identifies them. Each is made from
    /// what the mirror keeps (routes are kept compactly).
    pub fn objects(&self) -> impl Iterator<Item = Object> + '_ {
        self.table.objects()
    }

    /// How many objects the mirror holds.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the mirror holds no object.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The first object in the order of [`Mirror::objects`].
    pub fn first(&self) -> Option<Object> {
        self.table.objects().next()
    }

    /// The object that follows `obj` in the order of [`Mirror::objects`]; `obj` need not be
    /// in the mirror any more (it is found by what identifies it), but after a route that is
    /// not, the walk goes on with the neighbours.
    pub fn after(&self, obj: &Object) -> Option<Object> {
        self.table.after(obj)
    }

    /// The table the mirror keeps: where its objects are, for the C API's lookups.
    pub(crate) fn table(&self) -> &Table {
        &self.table
    }

    /// The link with interface index `index`.
    pub fn link(&self, index: IfIndex) -> Option<Object> {
        self.table.link(index)
    }

    /// The link named `name` (its bytes, as the kernel sends them; its name or one of its
    /// alternative names, as the kernel finds a link).
    pub fn link_by_name(&self, name: &[u8]) -> Option<Object> {
        self.table.link_by_name(name)
    }

    /// The address `ip` on interface `index` (see [`Table::addr`]).
    pub fn addr(&self, index: IfIndex, ip: std::net::IpAddr) -> Option<Object> {
        self.table.addr(index, ip)
    }

    /// The neighbour entry for `dst` on interface `index` (see [`Table::neigh`]).
    pub fn neigh(&self, index: IfIndex, dst: std::net::IpAddr) -> Option<Object> {
        self.table.neigh(index, dst)
    }

    /// The route `id` names (see [`Table::route`]).
    pub fn route(&self, id: &RouteId, gateway: Option<std::net::IpAddr>) -> Option<Object> {
        self.table.route(id, gateway)
    }

    /// The route a lookup of `ip` in table `table` gives (see [`Table::route_lookup`]).
    pub fn route_lookup(&self, table: u32, ip: std::net::IpAddr) -> Option<Object> {
        self.table.route_lookup(table, ip)
    }

    /// Applies every queued event without blocking, calling `cb` for each real change, and
    /// re-dumps when it must (then `on_resync` runs once the table is right again).
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
        on_resync: impl FnMut() -> Flow,
    ) -> Result<(usize, Flow)> {
        self.process_reporting(&mut cb, on_resync)
    }

    /// [`Mirror::process_until`] reporting to `r`.
    pub(crate) fn process_reporting(
        &mut self,
        r: &mut impl Report,
        mut on_resync: impl FnMut() -> Flow,
    ) -> Result<(usize, Flow)> {
        let mut n = 0;
        loop {
            if self.settle(r, &mut on_resync)?.is_break() {
                return Ok((n, Flow::Break(())));
            }
            let applied = match self.monitor.next_raw()? {
                None => return Ok((n, Flow::Continue(()))),
                Some(RawEvent::Overrun) => Applied::Resync,
                Some(RawEvent::Msg(msg)) => self.table.apply_reporting(&msg, r),
            };
            n += 1;
            // The events received with this one: the hash table entries of their routes are
            // loaded now, all at once, instead of one cache miss after the other as each is
            // applied.
            for d in self.monitor.received_with_current() {
                self.table.prefetch(d);
            }
            match applied {
                Applied::Done(Flow::Break(())) => return Ok((n, Flow::Break(()))),
                Applied::Done(Flow::Continue(())) => {}
                Applied::Resync => self.need_resync = true,
            }
        }
    }

    /// Re-dumps everything selected and reports the differences with what the mirror had.
    pub fn resync(&mut self, mut cb: impl FnMut(ChangeKind, &Object)) -> Result<()> {
        // The callbacks never stop, so the whole table is applied.
        let _ = self.resync_until(
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
        mut cb: impl FnMut(ChangeKind, &Object) -> Flow,
        on_resync: impl FnMut() -> Flow,
    ) -> Result<Flow> {
        self.pending = None;
        self.need_resync = true;
        self.settle(&mut cb, on_resync)
    }

    /// Finishes what must happen before events are read again: the changes of the last event
    /// that a callback stopped, the re-dump, and applying a dumped table. Inlined, so that
    /// an event of a burst, with nothing of that to do, pays a test, not a call.
    #[inline]
    fn settle(&mut self, r: &mut impl Report, on_resync: impl FnMut() -> Flow) -> Result<Flow> {
        if !self.need_resync && self.pending.is_none() && !self.table.has_queued() {
            return Ok(Flow::Continue(()));
        }
        self.settle_all(r, on_resync)
    }

    /// [`Mirror::settle`] when there is something to do.
    #[inline(never)]
    fn settle_all(
        &mut self,
        r: &mut impl Report,
        mut on_resync: impl FnMut() -> Flow,
    ) -> Result<Flow> {
        if self.need_resync {
            // Queued events are older than the dump about to be made: applied after it they
            // would bring back state that the lost events had changed.
            self.monitor.discard_queued()?;
            self.table.clear_queued();
            let fresh = self.dump_all(false)?;
            self.need_resync = false;
            self.pending = Some((fresh, true));
        }
        if self
            .table
            .apply_queued(&mut |k, o| r.change(k, o))
            .is_break()
        {
            return Ok(Flow::Break(()));
        }
        let Some((mut fresh, resync)) = self.pending.take() else {
            return Ok(Flow::Continue(()));
        };
        if self.table.replace_with(&mut fresh, r).is_break() {
            self.pending = Some((fresh, resync));
            return Ok(Flow::Break(()));
        }
        if resync {
            self.resyncs += 1;
            return Ok(on_resync());
        }
        Ok(Flow::Continue(()))
    }

    /// One consistent snapshot of everything selected (and of the links and IPv4 addresses,
    /// whose state routes follow), re-dumping interrupted kinds, and kinds one of whose
    /// datagrams did not fit the receive buffer (it grows to fit). `first`: the mirror is
    /// still empty, so nothing can have been removed.
    fn dump_all(&mut self, first: bool) -> Result<Fresh> {
        let sel = self.table.selection();
        let links = if sel.links || sel.routes {
            self.dump_kind(&link::dump_request(), |m| Ok(Some(Link::parse(&m)?)))?
        } else {
            Vec::new()
        };
        let addrs = if sel.addrs || sel.routes {
            let family = if sel.addrs { AF_UNSPEC } else { AF_INET };
            self.dump_kind(
                &addr::AddrFilter::default().family(family).dump_request()?,
                |m| Ok(Some(Addr::parse(&m)?)),
            )?
        } else {
            Vec::new()
        };
        let mut objs: Vec<Object> = Vec::new();
        if sel.links {
            objs.extend(links.iter().cloned().map(link_object));
        }
        if sel.addrs {
            objs.extend(addrs.iter().cloned().map(addr_object));
        }
        let routes = if sel.routes {
            Some(self.dump_routes(first)?)
        } else {
            None
        };
        if sel.neighs {
            // A dump of `AF_UNSPEC` lists the ARP and NDP tables only; the forwarding entries,
            // which arrive as events of the same group, are a dump of their own.
            for family in [AF_UNSPEC, AF_BRIDGE] {
                let req = neigh::NeighFilter::default()
                    .family(family)
                    .dump_request()?;
                objs.extend(self.dump_kind(&req, |m| Ok(Some(Object::Neigh(Neigh::parse(&m)?))))?);
            }
        }
        Ok(Fresh::new(objs, routes, &links, &addrs, first))
    }

    /// One consistent dump of every route (but the route cache), decoded straight into a
    /// compact route store, none of them live yet: a plain route (most of a full table)
    /// from its flat decoding alone, any other through a `Route`. The first dump (`first`)
    /// keeps every route; a re-dump is matched against the table's routes as it is read.
    fn dump_routes(&mut self, first: bool) -> Result<Dumped> {
        let mut r = Route::default();
        let mut info = RouteInfo::default();
        let table = (!first).then(|| self.table.routes());
        let mut dumped = dump_with(
            &mut self.req,
            self.attempts,
            &RouteFilter::default().dump_request()?,
            Dumped::default,
            |store, m| {
                match info.parse_plain(&m)? {
                    Some(rtm_table) if kept_route(info.flags) => {
                        store.push_plain(&info, rtm_table, table);
                    }
                    Some(_) => {}
                    None => {
                        r.parse_into(&m)?;
                        if kept_route(r.flags) {
                            store.push(&r, table);
                        }
                    }
                }
                Ok(())
            },
        )?;
        dumped.finish(table);
        Ok(dumped)
    }

    /// One consistent dump of `req`, each message decoded (or skipped) by `decode`.
    fn dump_kind<T>(&mut self, req: &MsgBuilder, decode: Decode<T>) -> Result<Vec<T>> {
        dump_with(&mut self.req, self.attempts, req, Vec::new, |v, m| {
            v.extend(decode(m)?);
            Ok(())
        })
    }
}

/// One consistent dump of `req` on `sock` (at most `attempts` tries when interrupted) folded
/// by `each` into what `init` makes, made again when one of its datagrams did not fit the
/// receive buffer (which grows to fit it). Not a method: a re-dump of routes reads the
/// mirror's table while it dumps on the mirror's socket.
fn dump_with<S>(
    sock: &mut Socket,
    attempts: u32,
    req: &MsgBuilder,
    mut init: impl FnMut() -> S,
    mut each: impl FnMut(&mut S, Msg<'_>) -> Result<()>,
) -> Result<S> {
    let mut truncated = 0;
    loop {
        match sock.dump_consistent(req, attempts, &mut init, &mut each) {
            Err(Error::Truncated) if truncated < TRUNCATED_RETRIES => truncated += 1,
            other => return other,
        }
    }
}

impl AsRawFd for Mirror {
    /// The descriptor to poll for readability, as [`Mirror::fd`] gives it.
    fn as_raw_fd(&self) -> RawFd {
        self.monitor.as_raw_fd()
    }
}

impl AsFd for Mirror {
    /// The descriptor to poll for readability, borrowed from the mirror.
    ///
    /// # Panics
    ///
    /// Over a transport without a descriptor, as [`Socket`]'s.
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.monitor.as_fd()
    }
}
