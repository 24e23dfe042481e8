//! A family driven from its description over a socket of the conn layer: do, dump,
//! notifications, with the kernel's errors named by the description.

use super::decode::{Decoder, Layout, Prepared};
use super::encode::{Encoded, Encoder};
use super::error::Error;
use super::sink::{JsonSink, Sink};
use super::tree::{Text, Tree};
use crate::conn::{self, Socket, SocketOptions};
use crate::genl::{self, AttrPolicy};
use crate::schema::{self, Op, Protocol, Spec};
use crate::wire::consts::{proto, NLMSG_HDRLEN};
use crate::wire::{align, AttrIter, FixedHeader, GenlMsgHdr, Msg, MsgBuilder};
use serde_json::Value;
use std::collections::VecDeque;
use std::os::fd::RawFd;

/// Size of `genlmsghdr`, the header every generic netlink message starts with.
const GENL_HDRLEN: usize = GenlMsgHdr::LEN;

/// The request sent last, kept to name what the kernel's error points at.
#[derive(Debug)]
struct Sent {
    op: usize,
    /// Whether it was a dump request.
    dump: bool,
    enc: Encoded,
}

/// A family, driven by its description.
///
/// The socket is opened (and a generic family's id resolved) at the first request, so a
/// description can be listed without the kernel knowing the family. Requests go out on one
/// socket, notifications come in on another ([`Client::subscribe`]). Usable from any thread,
/// one thread at a time.
#[derive(Debug)]
pub struct Client {
    spec: Spec,
    /// The decoder's tables of `spec`.
    prep: Prepared,
    sock: Option<Socket>,
    family: Option<genl::Family>,
    notify: Option<Socket>,
    sent: Option<Sent>,
    /// The operation of the dump running on `sock`, and the layout of its replies (looked
    /// up once for the whole dump; `None` if the description lacks what it names, said
    /// then by each message).
    dump_op: Option<(usize, Option<Layout>)>,
    /// Notifications received but not handed over yet.
    pending: VecDeque<Result<Tree, Error>>,
    /// The message [`Client::dump_next`] lent last, whose memory the next one reuses.
    lent: Tree,
}

impl Client {
    /// A client of the family `spec` describes.
    pub fn new(spec: Spec) -> Self {
        Self {
            prep: Prepared::new(&spec),
            spec,
            sock: None,
            family: None,
            notify: None,
            sent: None,
            dump_op: None,
            pending: VecDeque::new(),
            lent: Tree::Null,
        }
    }

    /// A client of the built-in description `name`.
    pub fn builtin(name: &str) -> Result<Self, Error> {
        match schema::builtin(name) {
            Some(spec) => Ok(Self::new(spec?)),
            None => Err(Error::NoSuchFamily(name.to_owned())),
        }
    }

    /// A client of the description in the YNL file at `path`.
    pub fn from_file(path: &std::path::Path) -> Result<Self, Error> {
        Ok(Self::new(schema::load_file(path)?))
    }

    /// The description.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    fn protocol(&self) -> i32 {
        match self.spec.protocol {
            Protocol::Genetlink => proto::GENERIC,
            Protocol::Raw { protonum } => protonum,
        }
    }

    /// The request socket, opened (and the generic family resolved) on first use.
    pub(super) fn socket(&mut self) -> Result<&mut Socket, Error> {
        if self.sock.is_none() {
            let mut sock = Socket::open(self.protocol()).map_err(Error::Conn)?;
            if self.spec.protocol == Protocol::Genetlink {
                let fam = genl::resolve(&mut sock, &self.spec.name).map_err(|e| match e {
                    conn::Error::Kernel(k) if k.errno == libc::ENOENT => Error::Usage(format!(
                        "the kernel has no generic netlink family '{}'",
                        self.spec.name
                    )),
                    e => Error::Conn(e),
                })?;
                self.family = Some(fam);
            }
            self.sock = Some(sock);
        }
        Ok(self.sock.as_mut().expect("opened above"))
    }

    /// The generic family as the controller described it (after the first request).
    pub(super) fn family(&self) -> Option<&genl::Family> {
        self.family.as_ref()
    }

    fn op_index(&self, name: &str) -> Result<usize, Error> {
        self.spec
            .ops
            .iter()
            .position(|o| o.name == name)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "family '{}' has no operation '{name}'",
                    self.spec.name
                ))
            })
    }

    /// Builds the request of operation `op` in mode do (or dump) from `value`.
    fn build(
        &mut self,
        op: &str,
        dump: bool,
        value: &Value,
        flags: u16,
    ) -> Result<MsgBuilder, Error> {
        let idx = self.op_index(op)?;
        let o = &self.spec.ops[idx];
        let (mode, what) = if dump {
            (&o.dump_mode, "dump")
        } else {
            (&o.do_mode, "do")
        };
        let req = match (mode, o.req_value) {
            (Some(_), Some(v)) => v,
            _ => return Err(Error::Usage(format!("operation '{op}' has no {what}"))),
        };
        let enc = Encoder::request(
            &self.spec,
            o.request_header(dump),
            o.attr_set.as_deref(),
            value,
        )
        .map_err(Error::Encode)?;
        self.socket()?;
        let mut fixed = Vec::new();
        let ty = match &self.family {
            Some(fam) => {
                let mut hdr = [0u8; GENL_HDRLEN];
                GenlMsgHdr {
                    cmd: req as u8,
                    version: fam.version as u8,
                    reserved: 0,
                }
                .write(&mut hdr);
                fixed.extend_from_slice(&hdr);
                fam.id
            }
            None => req as u16,
        };
        fixed.extend_from_slice(&enc.header);
        let mut msg = MsgBuilder::new(ty, flags);
        if !fixed.is_empty() {
            msg.fixed_bytes(&fixed)
                .map_err(conn::Error::from)
                .map_err(Error::Conn)?;
        }
        if !enc.attrs.is_empty() {
            msg.put_header_bytes(&enc.attrs)
                .map_err(conn::Error::from)
                .map_err(Error::Conn)?;
        }
        self.sent = Some(Sent { op: idx, dump, enc });
        Ok(msg)
    }

    /// Runs operation `op` as a do request built from `value`, with `flags` (`NLM_F_CREATE`,
    /// ...) added to `NLM_F_REQUEST | NLM_F_ACK`, and returns the replies that came before
    /// the ACK, decoded (none for most changes).
    pub fn do_op(&mut self, op: &str, value: &Value, flags: u16) -> Result<Vec<Tree>, Error> {
        let msg = self.build(op, false, value, flags)?;
        let idx = self.sent.as_ref().map_or(0, |s| s.op);
        let replies = self.socket()?.request(&msg);
        let replies = replies.map_err(|e| self.name_error(e))?;
        let op = &self.spec.ops[idx];
        let dec = Decoder::with(&self.spec, &self.prep);
        replies
            .iter()
            .map(|m| {
                let m = m.map_err(|e| Error::Conn(e.into()))?;
                dec.tree(Tree::Null, |v| decode_reply(&dec, op, None, false, &m, v))
            })
            .collect()
    }

    /// Starts a dump of operation `op` with a request built from `value`; read it with
    /// [`Client::dump_next`]. A dump still running is read to its end and discarded first.
    pub fn dump_start(&mut self, op: &str, value: &Value) -> Result<(), Error> {
        self.dump_op = None;
        let msg = self.build(op, true, value, 0)?;
        let idx = self.sent.as_ref().map_or(0, |s| s.op);
        let started = self.socket()?.dump_start(&msg);
        started.map_err(|e| self.name_error(e))?;
        let op = &self.spec.ops[idx];
        let layout = Decoder::with(&self.spec, &self.prep)
            .layout(op.reply_header(Some(true)), op.attr_set.as_deref())
            .ok();
        self.dump_op = Some((idx, layout));
        Ok(())
    }

    /// The next message of the dump, decoded, lent until the next call on the client (which
    /// builds the next message in its memory: a dump read this way allocates next to
    /// nothing per message); `None` at its successful end. Messages are read one datagram
    /// at a time, never the whole dump. An interrupted dump (`NLM_F_DUMP_INTR`) ends with
    /// `Err(Error::Conn(conn::Error::DumpInterrupted))` after its last message.
    /// [`Client::dump`] hands each message over instead.
    pub fn dump_next(&mut self) -> Option<Result<&Tree, Error>> {
        let mut lent = std::mem::take(&mut self.lent);
        let r = self.dump_next_into(&mut lent);
        // `self.lent` holds the `Null` taken above: nothing to drop, so no call to drop it.
        std::mem::forget(std::mem::replace(&mut self.lent, lent));
        Some(r?.map(|()| &self.lent))
    }

    /// The next message of the dump, built into `tree` (in the memory of the tree it held).
    fn dump_next_into(&mut self, tree: &mut Tree) -> Option<Result<(), Error>> {
        self.dump_next_with(|dec, op, layout, m| {
            dec.tree_into(tree, |v| decode_reply(dec, op, layout, true, m, v))
        })
    }

    /// The next message of the dump as JSON text, written over `out` (whose capacity is
    /// reused from message to message): the text of [`Client::dump_next`]'s value, written
    /// as it is decoded, with no value built. `None` at the dump's successful end; errors
    /// as `dump_next`'s (and then `out` holds nothing useful).
    pub fn dump_next_json(&mut self, out: &mut String) -> Option<Result<(), Error>> {
        out.clear();
        self.dump_next_with(|dec, op, layout, m| {
            decode_reply(dec, op, layout, true, m, &mut JsonSink::new(out))
        })
    }

    /// The next message of the dump, decoded by `decode` (given the decoder, the dump's
    /// operation and the layout of its replies).
    fn dump_next_with<T>(
        &mut self,
        decode: impl FnOnce(&Decoder<'_>, &Op, Option<Layout>, &Msg<'_>) -> Result<T, Error>,
    ) -> Option<Result<T, Error>> {
        let (idx, layout) = self.dump_op?;
        let sock = self.sock.as_mut()?;
        let dec = Decoder::with(&self.spec, &self.prep);
        let next = match sock.dump_next()? {
            Ok(m) => Ok(decode(&dec, &self.spec.ops[idx], layout, &m)),
            Err(e) => Err(e),
        };
        Some(match next {
            Ok(r) => r,
            Err(e) => {
                self.dump_op = None;
                Err(self.name_error(e))
            }
        })
    }

    /// Runs a dump and returns an iterator over its decoded messages.
    pub fn dump(&mut self, op: &str, value: &Value) -> Result<Dump<'_>, Error> {
        self.dump_start(op, value)?;
        Ok(Dump { client: self })
    }

    /// Decodes any message of the family, as a notification is: `{"name": OP, "msg": {...}}`
    /// with the operation its command (or message type) belongs to; a message no operation
    /// describes is named `unknown-N` and its attributes kept raw.
    pub fn decode_any(&self, m: &Msg<'_>) -> Result<Tree, Error> {
        decode_any(&Decoder::with(&self.spec, &self.prep), m)
    }

    /// Joins multicast group `group` (by its name in the description) on a socket of its
    /// own, non-blocking; read it with [`Client::notifications`] when [`Client::notify_fd`]
    /// is readable.
    pub fn subscribe(&mut self, group: &str) -> Result<(), Error> {
        let id = match self.spec.protocol {
            Protocol::Genetlink => {
                self.socket()?;
                self.family
                    .as_ref()
                    .and_then(|f| f.group(group))
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "the kernel's family '{}' has no group '{group}'",
                            self.spec.name
                        ))
                    })?
            }
            Protocol::Raw { .. } => self
                .spec
                .groups
                .iter()
                .find(|g| g.name == group)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "family '{}' has no group '{group}'",
                        self.spec.name
                    ))
                })?
                .value
                .ok_or_else(|| {
                    Error::Usage(format!("the description gives group '{group}' no number"))
                })?,
        };
        if self.notify.is_none() {
            let opts = SocketOptions::default().nonblocking(true);
            self.notify = Some(Socket::open_with(self.protocol(), &opts).map_err(Error::Conn)?);
        }
        let sock = self.notify.as_mut().expect("opened above");
        sock.join_group(id).map_err(Error::Conn)
    }

    /// The notification socket's descriptor, to poll; `None` before [`Client::subscribe`].
    pub fn notify_fd(&self) -> Option<RawFd> {
        self.notify.as_ref().map(Socket::fd)
    }

    /// Decodes every notification queued now ([`Client::decode_any`]) and hands each to
    /// `each` until it returns `false`; never waits. The notifications not handed over yet
    /// stay for the next call. Returns how many were handed over. A receive queue overrun is
    /// `Err(Error::Conn(conn::Error::Overrun))`: notifications were lost, the socket goes on.
    /// A message that does not fit the description is an error in its turn.
    pub fn notifications(&mut self, mut each: impl FnMut(Tree) -> bool) -> Result<usize, Error> {
        let mut n = 0;
        loop {
            while let Some(next) = self.pending.pop_front() {
                n += 1;
                if !each(next?) {
                    return Ok(n);
                }
            }
            let sock = self
                .notify
                .as_mut()
                .ok_or_else(|| Error::Usage("subscribe to a group first".into()))?;
            let msgs = match sock.recv_notifications() {
                Ok(msgs) => msgs,
                Err(conn::Error::WouldBlock) => return Ok(n),
                Err(e) => return Err(Error::Conn(e)),
            };
            for m in msgs {
                let v = m
                    .map_err(|e| Error::Conn(e.into()))
                    .and_then(|m| decode_any(&Decoder::with(&self.spec, &self.prep), &m));
                self.pending.push_back(v);
            }
        }
    }

    /// Names what a failed request's error points at, by the description.
    pub(super) fn name_error(&self, e: conn::Error) -> Error {
        let conn::Error::Kernel(k) = e else {
            return Error::Conn(e);
        };
        let Some(sent) = &self.sent else {
            return Error::Kernel {
                err: k,
                attr: None,
                missing: None,
                policy: None,
            };
        };
        let op = &self.spec.ops[sent.op];
        let genl = if self.spec.protocol == Protocol::Genetlink {
            GENL_HDRLEN
        } else {
            0
        };
        let fixed_at = NLMSG_HDRLEN + genl;
        let base = NLMSG_HDRLEN + align(genl + sent.enc.header.len());
        let attr = k.ext.offset.map(|o| o as usize).and_then(|o| {
            if o >= base {
                return sent.enc.at(o - base).map(|p| p.path.clone());
            }
            // In the fixed header: the field at that offset.
            let def = self.spec.structs.get(op.request_header(sent.dump)?)?;
            let rel = o.checked_sub(fixed_at)?;
            def.members
                .iter()
                .find(|m| m.offset <= rel && rel < m.offset + m.len)
                .map(|m| m.name.clone())
        });
        let missing = k.ext.miss_type.map(|ty| {
            let (set, prefix) = match k.ext.miss_nest.map(|n| n as usize) {
                Some(n) => match n
                    .checked_sub(base)
                    .and_then(|rel| sent.enc.starting_at(rel))
                {
                    Some(p) => (p.inner_set.clone(), p.path.clone()),
                    None => (None, String::new()),
                },
                None => (op.attr_set.clone(), String::new()),
            };
            let name = set
                .as_deref()
                .and_then(|s| self.spec.set(s))
                .and_then(|s| u16::try_from(ty).ok().and_then(|t| s.by_value(t)))
                .map_or_else(|| format!("type {ty}"), |a| a.name.clone());
            super::decode::join(&prefix, &name)
        });
        let policy = k
            .ext
            .policy
            .as_deref()
            .and_then(|p| AttrPolicy::parse(AttrIter::new(p)).ok())
            .map(|p| p.to_string());
        Error::Kernel {
            err: k,
            attr,
            missing,
            policy,
        }
    }
}

/// Decodes a reply to operation `op` (whose replies are of `layout`, when known): by the
/// operation whose replies carry the message's command (or type), which is `op` itself
/// unless the family answers with another (TASKSTATS answers GET with NEW).
fn decode_reply(
    dec: &Decoder<'_>,
    op: &Op,
    layout: Option<Layout>,
    dump: bool,
    m: &Msg<'_>,
    out: &mut impl Sink,
) -> Result<(), Error> {
    let spec = dec.spec();
    let b = body(spec, m)?;
    let value = msg_value(spec, m);
    let other = (op.rsp_value != Some(value))
        .then(|| spec.op_by_rsp(value))
        .flatten();
    let (op, layout) = match other {
        Some(other) => (other, None),
        None => (op, layout),
    };
    let layout = match layout {
        Some(l) => l,
        None => dec.layout(op.reply_header(Some(dump)), op.attr_set.as_deref())?,
    };
    dec.body_into(layout, b, out)?;
    Ok(())
}

/// The command of a generic netlink message, the type of another; the caller has checked
/// with [`body`] that a generic one has its header.
fn msg_value(spec: &Spec, m: &Msg<'_>) -> u32 {
    match spec.protocol {
        Protocol::Genetlink => m.payload().first().copied().map_or(0, u32::from),
        Protocol::Raw { .. } => u32::from(m.ty()),
    }
}

/// [`Client::decode_any`].
fn decode_any(dec: &Decoder<'_>, m: &Msg<'_>) -> Result<Tree, Error> {
    let spec = dec.spec();
    let b = body(spec, m)?;
    let value = msg_value(spec, m);
    let (name, map) = match spec.op_by_ntf(value) {
        Some(op) => (
            op.name.clone(),
            dec.body(op.reply_header(None), op.attr_set.as_deref(), b)?,
        ),
        None => (format!("unknown-{value}"), dec.body(None, None, b)?),
    };
    Ok(Tree::Object(vec![
        ("name", Tree::Str(Text::new(&name))),
        ("msg", map),
    ]))
}

/// The body of message `m` after its netlink and (for generic families) genetlink headers.
fn body<'m>(spec: &Spec, m: &Msg<'m>) -> Result<&'m [u8], Error> {
    let p = m.payload();
    match spec.protocol {
        Protocol::Genetlink if p.len() < GENL_HDRLEN => Err(Error::Decode(super::AttrError::new(
            "",
            format!("{} bytes are too few for a generic netlink header", p.len()),
        ))),
        Protocol::Genetlink => Ok(&p[GENL_HDRLEN..]),
        Protocol::Raw { .. } => Ok(p),
    }
}

/// A dump's decoded messages, from [`Client::dump`].
#[derive(Debug)]
pub struct Dump<'c> {
    client: &'c mut Client,
}

impl Iterator for Dump<'_> {
    type Item = Result<Tree, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut tree = Tree::Null;
        let r = self.client.dump_next_into(&mut tree)?;
        Some(r.map(|()| tree))
    }
}
