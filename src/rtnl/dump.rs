//! Typed dumps: the objects of a dump decoded one at a time as its datagrams arrive, never the
//! whole dump in memory, and the filters that choose them (one filter type per kind of
//! object: [`LinkFilter`], [`AddrFilter`], [`RouteFilter`], [`NeighFilter`]).
//!
//! [`LinkFilter`]: super::link::LinkFilter
//! [`AddrFilter`]: super::addr::AddrFilter
//! [`RouteFilter`]: super::route::RouteFilter
//! [`NeighFilter`]: super::neigh::NeighFilter

use crate::conn::{Dump, Result, Socket};
use crate::wire::{BuildError, Msg, MsgBuilder, ParseError};

/// What a dump of one kind of object asks the kernel for, how its messages decode, and which
/// objects pass. Each kind's filter implements it; `Default` asks for everything.
pub trait Filter: Clone + std::fmt::Debug {
    /// The object the dump yields.
    type Object;
    /// What decoding keeps from one message to the next (a route's attribute layout).
    type Decoder: Default + std::fmt::Debug;

    /// The dump request, carrying the filter where the kernel filters itself (with strict
    /// checking, on by default).
    fn request(&self) -> Result<MsgBuilder, BuildError>;

    /// Decodes one message of the dump.
    fn decode(decoder: &mut Self::Decoder, msg: &Msg<'_>) -> Result<Self::Object, ParseError>;

    /// Whether `obj` passes. Checked on every object, since a kernel without strict checking
    /// (or one that does not know a filter attribute) sends more than was asked for.
    fn accepts(&self, obj: &Self::Object) -> bool;
}

/// A dump in progress, yielding each object that passes its filter, decoded and owned, as it
/// arrives. It borrows the socket until it is dropped; one dropped before its end is drained
/// before the socket's next conversation.
///
/// Errors are those of [`Socket::dump_next`]: the last item of a dump the kernel's table
/// changed under is `Err(Error::DumpInterrupted)` (every object was still delivered); after
/// an error that does not end the dump (a timeout, a signal, a lost datagram) the next call
/// goes on. A message that does not decode is an `Err(Error::Parse)` item, and the dump goes
/// on after it. Collect into `Result<Vec<_>>` to stop at the first error.
#[derive(Debug)]
pub struct TypedDump<'s, F: Filter> {
    dump: Dump<'s>,
    decoding: Decoding<F>,
}

impl<F: Filter> TypedDump<'_, F> {
    /// Whether any message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.dump.interrupted()
    }
}

impl<F: Filter> Iterator for TypedDump<'_, F> {
    type Item = Result<F::Object>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(obj) = self.decoding.take(self.dump.next()?) {
                return Some(obj);
            }
        }
    }
}

/// What turns the messages of a dump into the objects passing its filter, message by
/// message: shared by the blocking and the async dumps.
#[derive(Debug)]
pub(crate) struct Decoding<F: Filter> {
    filter: F,
    decoder: F::Decoder,
}

impl<F: Filter> Decoding<F> {
    pub(crate) fn new(filter: &F) -> Self {
        Self {
            filter: filter.clone(),
            decoder: F::Decoder::default(),
        }
    }

    /// The item for one message (or error) of the dump: `None` when its object does not
    /// pass the filter.
    pub(crate) fn take(&mut self, msg: Result<Msg<'_>>) -> Option<Result<F::Object>> {
        match msg.and_then(|m| Ok(F::decode(&mut self.decoder, &m)?)) {
            Ok(o) if !self.filter.accepts(&o) => None,
            other => Some(other),
        }
    }
}

/// Starts the dump `filter` asks for on `sock`.
pub(super) fn dump<'s, F: Filter>(sock: &'s mut Socket, filter: &F) -> Result<TypedDump<'s, F>> {
    let req = filter.request()?;
    Ok(TypedDump {
        dump: sock.dump(&req)?,
        decoding: Decoding::new(filter),
    })
}

/// Every object passing `filter`, in the kernel's order; the first error ends it.
pub(super) fn list<F: Filter>(sock: &mut Socket, filter: &F) -> Result<Vec<F::Object>> {
    dump(sock, filter)?.collect()
}

/// Makes `$filter` the [`Filter`] of its kind's dumps, whose objects are `$object`s decoded by
/// `$decode` (a closure of the decoder, a `$decoder`, and the message), and declares the
/// kind's dump type `$dump` and its `dump` and `list` functions; `$what` names the objects
/// in their docs. `$filter` has `dump_request` and `matches` of its own.
macro_rules! typed_dump {
    ($filter:ident, $object:ident, $decoder:ty, $decode:expr, $dump:ident, $what:literal) => {
        impl $crate::rtnl::Filter for $filter {
            type Object = $object;
            type Decoder = $decoder;

            fn request(&self) -> Result<MsgBuilder, BuildError> {
                self.dump_request()
            }

            fn decode(decoder: &mut $decoder, msg: &Msg<'_>) -> Result<$object, ParseError> {
                ($decode)(decoder, msg)
            }

            fn accepts(&self, obj: &$object) -> bool {
                self.matches(obj)
            }
        }

        #[doc = concat!("A dump of ", $what, " in progress: each passing the filter, as it arrives.")]
        pub type $dump<'s> = $crate::rtnl::TypedDump<'s, $filter>;

        #[doc = concat!("Starts a dump of the ", $what, " passing `filter`.")]
        pub fn dump<'s>(sock: &'s mut Socket, filter: &$filter) -> Result<$dump<'s>> {
            $crate::rtnl::dump::dump(sock, filter)
        }

        #[doc = concat!("Every one of the ", $what, " passing `filter`, in the kernel's order.")]
        pub fn list(sock: &mut Socket, filter: &$filter) -> Result<Vec<$object>> {
            $crate::rtnl::dump::list(sock, filter)
        }
    };
}
pub(crate) use typed_dump;
