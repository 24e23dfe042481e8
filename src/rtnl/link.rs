//! Links (network interfaces): `RTM_NEWLINK`, `RTM_DELLINK`, `RTM_GETLINK`.

use super::common::{HwAddr, Mode, Name};
use super::dump::typed_dump;
use super::IfIndex;
use crate::conn::{Error, Result, Socket};
use crate::wire::consts::*;
use crate::wire::{BuildError, IfInfoMsg, Msg, MsgBuilder, ParseError};

mod altnames;
mod flags;
mod kinds;
pub use super::codes::OperState;
pub use altnames::{
    add_altname, add_altname_request, delete_altname, delete_altname_request, AltNames,
};
pub use flags::LinkFlags;
pub use kinds::{BondMode, IpvlanMode, LinkData, LinkKind, MacvlanMode, VlanProtocol, Vxlan};

/// 64-bit interface counters (`IFLA_STATS64`, the first eight of `rtnl_link_stats64`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkStats {
    /// Packets received.
    pub rx_packets: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Send errors.
    pub tx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Packets dropped on send.
    pub tx_dropped: u64,
}

/// A link as the kernel describes it. Fields the kernel did not send are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Link {
    /// `AF_UNSPEC` for the link itself; bridges also describe their ports with `AF_BRIDGE`
    /// messages.
    pub family: u8,
    /// Interface index.
    pub index: IfIndex,
    /// Device type (`ARPHRD_*`).
    pub ifi_type: u16,
    /// `IFF_*` flags.
    pub flags: LinkFlags,
    /// Name (`IFLA_IFNAME`): bytes, not always UTF-8.
    pub name: Name,
    /// MTU.
    pub mtu: Option<u32>,
    /// Smallest MTU the device accepts.
    pub min_mtu: Option<u32>,
    /// Largest MTU the device accepts.
    pub max_mtu: Option<u32>,
    /// RFC 2863 operational state (`IF_OPER_*`).
    pub operstate: Option<OperState>,
    /// Hardware address.
    pub address: Option<HwAddr>,
    /// Hardware broadcast address.
    pub broadcast: Option<HwAddr>,
    /// Transmit queue length.
    pub txqlen: Option<u32>,
    /// Index of the master device (bridge, bond).
    pub master: Option<IfIndex>,
    /// Index of the underlying or peer device (`IFLA_LINK`; in another namespace when
    /// `link_netnsid` is set).
    pub link: Option<IfIndex>,
    /// Namespace id of the `link` device when it lives in another namespace.
    pub link_netnsid: Option<i32>,
    /// Kind (`IFLA_LINKINFO` > `IFLA_INFO_KIND`): "veth", "bridge", …
    pub kind: Option<String>,
    /// What the kind's settings say (`IFLA_LINKINFO` > `IFLA_INFO_DATA`) for the kinds
    /// [`LinkData`] knows.
    pub data: Option<LinkData>,
    /// 64-bit counters: boxed, so that a link without them (as the mirror keeps links) is
    /// no larger than a route; a reused `Link` reuses the box.
    pub stats: Option<Box<LinkStats>>,
    /// The alias (`IFLA_IFALIAS`, `ip link set dev X alias TEXT`): bytes, as the kernel keeps
    /// them; the kernel sends none for an empty one.
    pub alias: Option<Name>,
    /// Alternative names (`IFLA_PROP_LIST` > `IFLA_ALT_IFNAME`), which name the link in
    /// requests as its name does; empty when it has none.
    pub altnames: AltNames,
    /// How many times promiscuous mode was asked for (`IFLA_PROMISCUITY`: by `ip link set
    /// promisc on`, a bridge for each of its ports, a packet capture ...).
    pub promiscuity: Option<u32>,
    /// The device group (`IFLA_GROUP`; 0 is "default").
    pub group: Option<u32>,
    /// Transmit queues the device has (`IFLA_NUM_TX_QUEUES`).
    pub num_tx_queues: Option<u32>,
    /// Receive queues the device has (`IFLA_NUM_RX_QUEUES`).
    pub num_rx_queues: Option<u32>,
    /// Whether the device has a carrier (`IFLA_CARRIER`), whether it is up or not (the
    /// `LOWER_UP` flag says it only for a link that is up).
    pub carrier: Option<bool>,
}

/// The buffers [`Link::parse_into_spare`] keeps while the link decoded has no use for them.
#[derive(Debug, Default)]
pub struct LinkSpare {
    kind: String,
    alias: Name,
    stats: Option<Box<LinkStats>>,
}

impl Link {
    /// Decodes an `RTM_NEWLINK`/`RTM_DELLINK` message.
    pub fn parse(msg: &Msg<'_>) -> Result<Self, ParseError> {
        let mut link = Link::default();
        link.parse_into(msg)?;
        Ok(link)
    }

    /// Decodes into `self`, reusing its buffers: a dump decoded into one `Link` allocates
    /// nothing once the name, kind, alias and alternative names have grown (see
    /// [`Link::parse_into_spare`] for dumps mixing links with and without a kind or alias).
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        self.parse_into_spare(msg, &mut LinkSpare::default())
    }

    /// [`Link::parse_into`] that keeps the kind's and alias's buffers in `spare` while the link
    /// has none, so decoding any sequence of links into one `Link` (and one `spare`) allocates
    /// nothing once the buffers have grown. On failure `self` holds what was decoded so far.
    pub fn parse_into_spare(
        &mut self,
        msg: &Msg<'_>,
        spare: &mut LinkSpare,
    ) -> Result<(), ParseError> {
        let mut name = std::mem::take(&mut self.name);
        let mut altnames = std::mem::take(&mut self.altnames);
        let mut kind = self
            .kind
            .take()
            .unwrap_or_else(|| std::mem::take(&mut spare.kind));
        let mut alias = self
            .alias
            .take()
            .unwrap_or_else(|| std::mem::take(&mut spare.alias));
        name.set(&[]);
        altnames.clear();
        kind.clear();
        alias.set(&[]);
        let mut bufs = Buffers {
            name: &mut name,
            altnames: &mut altnames,
            kind: &mut kind,
            alias: &mut alias,
        };
        let stats = self.stats.take().or_else(|| spare.stats.take());
        let r = self.fill(msg, &mut bufs);
        self.name = name;
        self.altnames = altnames;
        let found = r.as_ref().copied().unwrap_or_default();
        if found.kind {
            self.kind = Some(kind);
        } else {
            spare.kind = kind;
        }
        if found.alias {
            self.alias = Some(alias);
        } else {
            spare.alias = alias;
        }
        match found.stats {
            Some(s) => {
                let mut b = stats.unwrap_or_default();
                *b = s;
                self.stats = Some(b);
            }
            None => spare.stats = stats,
        }
        r.map(drop)
    }

    /// Decodes the header and attributes into `self`, the strings into `bufs`; returns what
    /// goes into the buffers it does not hold.
    fn fill(&mut self, msg: &Msg<'_>, bufs: &mut Buffers<'_>) -> Result<Found, ParseError> {
        *self = Link::default();
        let hdr: IfInfoMsg = msg.fixed()?;
        self.family = hdr.family;
        self.index = IfIndex::from_c_int(hdr.index);
        self.ifi_type = hdr.ty;
        self.flags = LinkFlags::from_bits_retain(hdr.flags);
        let mut found = Found::default();
        for a in msg.attrs::<IfInfoMsg>()? {
            let a = a?;
            match a.kind() {
                ifla::IFNAME => bufs.name.set(a.cstr_bytes()?),
                ifla::MTU => self.mtu = Some(a.u32()?),
                ifla::MIN_MTU => self.min_mtu = Some(a.u32()?),
                ifla::MAX_MTU => self.max_mtu = Some(a.u32()?),
                ifla::OPERSTATE => self.operstate = Some(a.u8()?.into()),
                ifla::ADDRESS => self.address = Some(HwAddr::from_attr(&a)?),
                ifla::BROADCAST => self.broadcast = Some(HwAddr::from_attr(&a)?),
                ifla::TXQLEN => self.txqlen = Some(a.u32()?),
                ifla::MASTER => self.master = Some(a.u32()?.into()),
                ifla::LINK => self.link = Some(a.u32()?.into()),
                ifla::LINK_NETNSID => self.link_netnsid = Some(a.i32()?),
                ifla::LINKINFO => {
                    let mut data = None;
                    for i in a.nested() {
                        let i = i?;
                        match i.kind() {
                            ifla::INFO_KIND => {
                                bufs.kind.clear();
                                bufs.kind.push_str(i.str()?);
                                found.kind = true;
                            }
                            ifla::INFO_DATA => data = Some(i),
                            _ => {}
                        }
                    }
                    if let (true, Some(data)) = (found.kind, data) {
                        self.data = LinkData::parse(bufs.kind.as_str(), &data)?;
                    }
                }
                ifla::STATS64 => found.stats = Some(parse_stats(a.payload(), a.kind())?),
                ifla::IFALIAS => {
                    bufs.alias.set(a.cstr_bytes()?);
                    found.alias = true;
                }
                ifla::PROP_LIST => {
                    for n in a.nested() {
                        let n = n?;
                        if n.kind() == ifla::ALT_IFNAME {
                            bufs.altnames.push(n.cstr_bytes()?);
                        }
                    }
                }
                ifla::PROMISCUITY => self.promiscuity = Some(a.u32()?),
                ifla::GROUP => self.group = Some(a.u32()?),
                ifla::NUM_TX_QUEUES => self.num_tx_queues = Some(a.u32()?),
                ifla::NUM_RX_QUEUES => self.num_rx_queues = Some(a.u32()?),
                ifla::CARRIER => self.carrier = Some(a.u8()? != 0),
                _ => {}
            }
        }
        Ok(found)
    }

    /// Whether `IFF_UP` is set.
    pub fn is_up(&self) -> bool {
        self.flags.contains(LinkFlags::UP)
    }
}

/// What a decode found for the buffers it does not hold: whether a kind and an alias came,
/// and the counters.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    kind: bool,
    alias: bool,
    stats: Option<LinkStats>,
}

/// The buffers a decode writes a link's strings into.
struct Buffers<'b> {
    name: &'b mut Name,
    altnames: &'b mut AltNames,
    kind: &'b mut String,
    alias: &'b mut Name,
}

fn parse_stats(p: &[u8], attr_type: u16) -> Result<LinkStats, ParseError> {
    // The struct has grown over the years; the first eight counters are always there.
    if p.len() < 64 {
        return Err(ParseError::PayloadLen {
            attr_type,
            expected: 64,
            have: p.len(),
        });
    }
    let at = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&p[i * 8..i * 8 + 8]);
        u64::from_ne_bytes(b)
    };
    Ok(LinkStats {
        rx_packets: at(0),
        tx_packets: at(1),
        rx_bytes: at(2),
        tx_bytes: at(3),
        rx_errors: at(4),
        tx_errors: at(5),
        rx_dropped: at(6),
        tx_dropped: at(7),
    })
}

fn header(ty: u16, flags: u16, index: i32) -> MsgBuilder {
    MsgBuilder::with_header(
        ty,
        flags,
        &IfInfoMsg {
            index,
            ..IfInfoMsg::default()
        },
    )
}

/// `IFNAMSIZ`: the size of a link's name with its NUL.
const IFNAMSIZ: usize = 16;

/// A link as a request names it: by index, or by name (`IFLA_IFNAME`, or `IFLA_ALT_IFNAME`
/// for an alternative name longer than a name can be), which the kernel accepts wherever it
/// looks a link up (get, delete, change). Made from an [`IfIndex`] (or a
/// `u32`), or from a name as text or bytes: `link::get(&mut sock, "eth0")`,
/// `link::get(&mut sock, 1)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LinkRef {
    /// The interface index.
    Index(IfIndex),
    /// The name: bytes, as the kernel keeps names.
    Name(Name),
}

impl LinkRef {
    /// A request of type `ty` with header `hdr` naming this link: the index in the header,
    /// or index 0 and the name as `IFLA_IFNAME`.
    fn message(&self, ty: u16, flags: u16, hdr: IfInfoMsg) -> Result<MsgBuilder, BuildError> {
        let index = match self {
            LinkRef::Index(index) => index.c_int(),
            LinkRef::Name(_) => 0,
        };
        let mut m = MsgBuilder::with_header(ty, flags, &IfInfoMsg { index, ..hdr });
        if let LinkRef::Name(name) = self {
            // The kernel takes at most 15 bytes in IFLA_IFNAME (refusing more as invalid); a
            // longer name can only be an alternative one (up to 127 bytes), which it looks up
            // from IFLA_ALT_IFNAME, as iproute2 sends it.
            let attr = if name.as_bytes().len() < IFNAMSIZ {
                ifla::IFNAME
            } else {
                ifla::ALT_IFNAME
            };
            m.put_cstr(attr, name.as_bytes())?;
        }
        Ok(m)
    }
}

impl From<IfIndex> for LinkRef {
    fn from(index: IfIndex) -> Self {
        LinkRef::Index(index)
    }
}

impl From<u32> for LinkRef {
    fn from(index: u32) -> Self {
        LinkRef::Index(index.into())
    }
}

impl From<Name> for LinkRef {
    fn from(name: Name) -> Self {
        LinkRef::Name(name)
    }
}

impl From<&Name> for LinkRef {
    fn from(name: &Name) -> Self {
        LinkRef::Name(name.clone())
    }
}

impl From<&str> for LinkRef {
    fn from(name: &str) -> Self {
        LinkRef::Name(name.into())
    }
}

impl From<&[u8]> for LinkRef {
    fn from(name: &[u8]) -> Self {
        LinkRef::Name(name.into())
    }
}

/// `RTEXT_FILTER_VF`: the extension mask bit that adds the VF count to a link's message.
const RTEXT_FILTER_VF: u32 = 1;

/// The request that dumps every link (what [`LinkFilter::default`] asks for).
pub fn dump_request() -> MsgBuilder {
    let mut m = header(RTM_GETLINK, 0, 0);
    // With an extension mask the kernel sizes each dump datagram for the largest link
    // (`rtnl_calcit`); without one it uses a few KiB and leaves out, without a word, any link
    // whose message is larger (one with hundreds of alternative names). `RTEXT_FILTER_VF`, as
    // iproute2 sends it, adds only the VF count of devices that have VFs.
    m.put_u32(ifla::EXT_MASK, RTEXT_FILTER_VF)
        .expect("a 4-byte attribute fits a new message");
    m
}

/// What a link dump asks for; `Default` asks for every link. With strict checking (the
/// default) the kernel itself filters by master and kind; the dump checks them again, so the
/// result is right on kernels without it (or without the kind's module loaded, when the
/// kernel does not filter by kind).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkFilter {
    /// Only the ports of this master (`IFLA_MASTER`: a bridge, a bond).
    pub master: Option<IfIndex>,
    /// Only links of this kind (`IFLA_INFO_KIND`: "veth", "bridge", ...).
    pub kind: Option<String>,
}

impl LinkFilter {
    setters! {
        /// Only the ports of master `master`.
        opt master: IfIndex;
    }

    /// Only links of kind `kind`.
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// The dump request.
    pub fn dump_request(&self) -> Result<MsgBuilder, BuildError> {
        let mut m = dump_request();
        if let Some(master) = self.master {
            m.put_u32(ifla::MASTER, master.get())?;
        }
        if let Some(kind) = &self.kind {
            let info = m.nest_start(ifla::LINKINFO)?;
            m.put_str(ifla::INFO_KIND, kind)?;
            m.nest_end(info)?;
        }
        Ok(m)
    }

    /// Whether `l` passes the filter.
    pub fn matches(&self, l: &Link) -> bool {
        self.master.is_none_or(|m| l.master == Some(m))
            && self
                .kind
                .as_deref()
                .is_none_or(|k| l.kind.as_deref() == Some(k))
    }
}

typed_dump!(
    LinkFilter,
    Link,
    (),
    |_: &mut (), m: &Msg<'_>| Link::parse(m),
    LinkDump,
    "links"
);

/// The request that gets `link` (an index or a name).
pub fn get_request(link: impl Into<LinkRef>) -> Result<MsgBuilder, BuildError> {
    link.into().message(RTM_GETLINK, 0, IfInfoMsg::default())
}

/// The request that deletes `link` (an index or a name).
pub fn delete_request(link: impl Into<LinkRef>) -> Result<MsgBuilder, BuildError> {
    link.into().message(RTM_DELLINK, 0, IfInfoMsg::default())
}

/// The link `link` names, by index or by name (`ENODEV` when there is none).
pub fn get(sock: &mut Socket, link: impl Into<LinkRef>) -> Result<Link> {
    let replies = sock.request(&get_request(link)?)?;
    match replies.iter().next() {
        Some(m) => Ok(Link::parse(&m?)?),
        None => Err(Error::Invalid("the kernel answered without a link")),
    }
}

/// Deletes `link`, named by index or by name.
pub fn delete(sock: &mut Socket, link: impl Into<LinkRef>) -> Result<()> {
    sock.request(&delete_request(link)?).map(drop)
}

/// Changes to one existing link; fields left `None` are not touched. Made from `Default`
/// with the setters: `LinkChange::default().mtu(1400).up(true)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkChange {
    /// MTU.
    pub mtu: Option<u32>,
    /// Up (`true`) or down (`false`): only the `IFF_UP` bit changes.
    pub up: Option<bool>,
    /// New name (any bytes the kernel accepts in a name).
    pub name: Option<Name>,
    /// New hardware address.
    pub address: Option<HwAddr>,
    /// Transmit queue length.
    pub txqlen: Option<u32>,
    /// `Some(index)` enslaves to that master; `Some(IfIndex::new(0))` releases from any
    /// master.
    pub master: Option<IfIndex>,
    /// Moves the link to the network namespace of this file descriptor.
    pub netns_fd: Option<i32>,
    /// Moves the link to the network namespace of this process.
    pub netns_pid: Option<u32>,
    /// New alias (`IFLA_IFALIAS`, up to 255 bytes); an empty one clears it.
    pub alias: Option<Name>,
}

impl LinkChange {
    setters! {
        /// Sets the MTU.
        opt mtu: u32;
        /// Sets the link up (`true`) or down (`false`).
        opt up: bool;
        /// Renames the link.
        opt name: Name;
        /// Sets the hardware address.
        opt address: HwAddr;
        /// Sets the transmit queue length.
        opt txqlen: u32;
        /// Enslaves the link to master `master` (index 0: releases it from any master).
        opt master: IfIndex;
        /// Moves the link to the network namespace of the descriptor `netns_fd`.
        opt netns_fd: i32;
        /// Moves the link to the network namespace of process `netns_pid`.
        opt netns_pid: u32;
        /// Sets the alias; an empty one clears it (`ip link set dev X alias ""`).
        opt alias: Name;
    }

    /// The `RTM_NEWLINK` request applying the change to `link` (an index or a name).
    /// `ifi_change` is 0 unless `up` is set, and then covers `IFF_UP` alone, so no other flag
    /// is ever cleared. A link named by name cannot be renamed by the same request (the kernel
    /// finds it by the `IFLA_IFNAME` that would carry the new name): [`Error::Invalid`].
    pub fn request(&self, link: impl Into<LinkRef>) -> Result<MsgBuilder> {
        let link = link.into();
        if matches!(link, LinkRef::Name(_)) && self.name.is_some() {
            return Err(Error::Invalid(
                "a link named by its name cannot be renamed: name it by index",
            ));
        }
        let (flags, change) = match self.up {
            Some(true) => (IFF_UP, IFF_UP),
            Some(false) => (0, IFF_UP),
            None => (0, 0),
        };
        let mut m = link.message(
            RTM_NEWLINK,
            0,
            IfInfoMsg {
                flags,
                change,
                ..IfInfoMsg::default()
            },
        )?;
        if let Some(mtu) = self.mtu {
            m.put_u32(ifla::MTU, mtu)?;
        }
        if let Some(name) = &self.name {
            m.put_cstr(ifla::IFNAME, name.as_bytes())?;
        }
        if let Some(a) = &self.address {
            m.put(ifla::ADDRESS, a.as_bytes())?;
        }
        if let Some(q) = self.txqlen {
            m.put_u32(ifla::TXQLEN, q)?;
        }
        if let Some(master) = self.master {
            m.put_u32(ifla::MASTER, master.get())?;
        }
        if let Some(fd) = self.netns_fd {
            m.put_u32(ifla::NET_NS_FD, fd as u32)?;
        }
        if let Some(pid) = self.netns_pid {
            m.put_u32(ifla::NET_NS_PID, pid)?;
        }
        if let Some(alias) = &self.alias {
            // Without a NUL, as iproute2 sends it: the kernel keeps the payload's length as
            // the alias's, so with a NUL "" would be kept as an alias of one NUL byte (shown
            // as none) instead of cleared.
            m.put(ifla::IFALIAS, alias.as_bytes())?;
        }
        Ok(m)
    }

    /// Applies the change to `link` (an index or a name).
    pub fn apply(&self, sock: &mut Socket, link: impl Into<LinkRef>) -> Result<()> {
        sock.request(&self.request(link)?).map(drop)
    }
}

/// The `RTM_NEWLINK` request creating link `name` (bytes: a [`Name`], or text) of `kind`
/// (create-only: `EEXIST` when a link of that name exists).
pub fn create_request(name: impl AsRef<[u8]>, kind: &LinkKind) -> Result<MsgBuilder, BuildError> {
    let mut m = header(RTM_NEWLINK, Mode::Create.flags(), 0);
    m.put_cstr(ifla::IFNAME, name.as_ref())?;
    if let Some(parent) = kind.parent() {
        m.put_u32(ifla::LINK, parent.get())?;
    }
    let info = m.nest_start(ifla::LINKINFO)?;
    m.put_str(ifla::INFO_KIND, kind.name())?;
    kind.put_data(&mut m)?;
    m.nest_end(info)?;
    Ok(m)
}

/// Creates link `name` (bytes: a [`Name`], or text) of `kind`.
pub fn create(sock: &mut Socket, name: impl AsRef<[u8]>, kind: &LinkKind) -> Result<()> {
    sock.request(&create_request(name, kind)?).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_msg(name: &str, kind: Option<&str>) -> MsgBuilder {
        let mut m = header(RTM_NEWLINK, 0, 3);
        m.put_str(ifla::IFNAME, name).unwrap();
        if let Some(k) = kind {
            let n = m.nest_start(ifla::LINKINFO).unwrap();
            m.put_str(ifla::INFO_KIND, k).unwrap();
            m.nest_end(n).unwrap();
        }
        m
    }

    /// A name of up to 15 bytes goes as `IFLA_IFNAME`; a longer one, which only an
    /// alternative name can be, as `IFLA_ALT_IFNAME`.
    #[test]
    fn a_long_name_is_an_alternative_name() {
        let long = "an-alternative-name-of-more-than-15-bytes";
        for (name, attr) in [
            ("fifteen-bytes-1", ifla::IFNAME),
            ("sixteen-bytes-12", ifla::ALT_IFNAME),
            (long, ifla::ALT_IFNAME),
        ] {
            let m = get_request(name).unwrap();
            let msg = Msg::parse(m.bytes().unwrap()).unwrap();
            let kinds: Vec<u16> = msg
                .attrs::<IfInfoMsg>()
                .unwrap()
                .map(|a| a.unwrap().kind())
                .collect();
            assert_eq!(kinds, [attr], "{name}");
            let a = msg
                .attrs::<IfInfoMsg>()
                .unwrap()
                .find(attr)
                .unwrap()
                .unwrap();
            assert_eq!(a.cstr_bytes().unwrap(), name.as_bytes());
        }
    }

    /// A link message of kind `kind` whose `IFLA_INFO_DATA` holds `data` (type, payload).
    fn with_data(kind: &str, data: &[(u16, &[u8])]) -> Link {
        let mut m = header(RTM_NEWLINK, 0, 3);
        let n = m.nest_start(ifla::LINKINFO).unwrap();
        m.put_str(ifla::INFO_KIND, kind).unwrap();
        let d = m.nest_start(ifla::INFO_DATA).unwrap();
        for (ty, payload) in data {
            m.put(*ty, payload).unwrap();
        }
        m.nest_end(d).unwrap();
        m.nest_end(n).unwrap();
        Link::parse(&Msg::parse(m.bytes().unwrap()).unwrap()).unwrap()
    }

    /// The kind's data as the kernel lays it out (`vlan_fill_info`, `vrf_fillinfo`,
    /// `bond_fill_info`, `ipvlan_nl_fillinfo`); a value nlrs does not know, or data of
    /// another kind, gives none.
    #[test]
    fn kind_data_of_each_kind() {
        let vlan = with_data("vlan", &[(1, &7u16.to_ne_bytes()), (5, &[0x88, 0xa8])]);
        assert_eq!(
            vlan.data,
            Some(LinkData::Vlan {
                id: 7,
                protocol: VlanProtocol::Dot1Ad
            })
        );
        assert_eq!(
            with_data("vlan", &[(1, &7u16.to_ne_bytes()), (5, &[0x12, 0x34])]).data,
            None
        );
        assert_eq!(with_data("vlan", &[(1, &7u16.to_ne_bytes())]).data, None);
        assert_eq!(
            with_data("vrf", &[(1, &1000u32.to_ne_bytes())]).data,
            Some(LinkData::Vrf { table: 1000 })
        );
        assert_eq!(
            with_data("bond", &[(1, &[4])]).data,
            Some(LinkData::Bond {
                mode: BondMode::Lacp
            })
        );
        assert_eq!(with_data("bond", &[(1, &[7])]).data, None);
        assert_eq!(
            with_data(
                "ipvlan",
                &[(1, &2u16.to_ne_bytes()), (2, &0u16.to_ne_bytes())]
            )
            .data,
            Some(LinkData::Ipvlan {
                mode: IpvlanMode::L3s
            })
        );
        assert_eq!(with_data("veth", &[(1, &[0; 4])]).data, None);
        // A malformed setting is a malformed message.
        let mut m = header(RTM_NEWLINK, 0, 3);
        let n = m.nest_start(ifla::LINKINFO).unwrap();
        m.put_str(ifla::INFO_KIND, "vrf").unwrap();
        let d = m.nest_start(ifla::INFO_DATA).unwrap();
        m.put_u8(1, 1).unwrap();
        m.nest_end(d).unwrap();
        m.nest_end(n).unwrap();
        assert!(Link::parse(&Msg::parse(m.bytes().unwrap()).unwrap()).is_err());
    }

    /// The alias and alternative names, decoded into one reused value with and without them:
    /// the alias's buffer waits in the spare, the names' in the value.
    #[test]
    fn alias_and_altnames_reuse_their_buffers() {
        let mut with = link_msg("v0", None);
        with.put(ifla::IFALIAS, b"uplink\0").unwrap();
        let list = with.nest_start(ifla::PROP_LIST).unwrap();
        with.put_cstr(ifla::ALT_IFNAME, b"first-alternative-name")
            .unwrap();
        with.put_cstr(ifla::ALT_IFNAME, b"second").unwrap();
        with.nest_end(list).unwrap();
        with.put_u32(ifla::PROMISCUITY, 2).unwrap();
        with.put_u32(ifla::GROUP, 9).unwrap();
        with.put_u32(ifla::NUM_TX_QUEUES, 4).unwrap();
        with.put_u32(ifla::NUM_RX_QUEUES, 3).unwrap();
        with.put_u8(ifla::CARRIER, 1).unwrap();
        let without = link_msg("lo", None);
        let (mut l, mut spare) = (Link::default(), LinkSpare::default());
        l.parse_into_spare(&Msg::parse(with.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(l.alias.as_ref().and_then(Name::to_str), Some("uplink"));
        let names: AltNames = ["first-alternative-name", "second"].into_iter().collect();
        assert_eq!(l.altnames, names);
        assert_eq!(
            (
                l.promiscuity,
                l.group,
                l.num_tx_queues,
                l.num_rx_queues,
                l.carrier
            ),
            (Some(2), Some(9), Some(4), Some(3), Some(true))
        );
        let alias_cap = l.alias.as_ref().unwrap().as_bytes().len();
        l.parse_into_spare(&Msg::parse(without.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(
            (l.alias.as_ref(), l.altnames.len(), l.carrier),
            (None, 0, None)
        );
        assert!(spare.alias.as_bytes().is_empty() && alias_cap > 0);
        l.parse_into_spare(&Msg::parse(with.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(l.altnames, names);
    }

    /// An alias goes without a NUL, as iproute2 sends it: an empty one clears the alias.
    #[test]
    fn alias_is_sent_without_a_nul() {
        for alias in ["", "uplink"] {
            let m = LinkChange::default()
                .alias(alias.into())
                .request(3)
                .unwrap();
            let msg = Msg::parse(m.bytes().unwrap()).unwrap();
            let a = msg
                .attrs::<IfInfoMsg>()
                .unwrap()
                .find(ifla::IFALIAS)
                .unwrap()
                .unwrap();
            assert_eq!(a.payload(), alias.as_bytes());
        }
    }

    #[test]
    fn parse_into_spare_keeps_the_kind_buffer() {
        let (mut l, mut spare) = (Link::default(), LinkSpare::default());
        let with = link_msg("v0", Some("veth"));
        let without = link_msg("lo", None);
        l.parse_into_spare(&Msg::parse(with.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(
            (l.name.to_str(), l.kind.as_deref()),
            (Some("v0"), Some("veth"))
        );
        let cap = l.kind.as_ref().unwrap().capacity();
        l.parse_into_spare(&Msg::parse(without.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!((l.name.to_str(), l.kind.as_deref()), (Some("lo"), None));
        assert_eq!(
            spare.kind.capacity(),
            cap,
            "the kind's buffer waits in spare"
        );
        l.parse_into_spare(&Msg::parse(with.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(l.kind.as_deref(), Some("veth"));
        assert_eq!(l.index, IfIndex::new(3));
    }
}
