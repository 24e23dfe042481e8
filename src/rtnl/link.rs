//! Links (network interfaces): `RTM_NEWLINK`, `RTM_DELLINK`, `RTM_GETLINK`.

use super::common::{put_ip, HwAddr, Mode, Name};
use super::dump::typed_dump;
use super::IfIndex;
use crate::conn::{Error, Result, Socket};
use crate::wire::consts::*;
use crate::wire::{BuildError, IfInfoMsg, Msg, MsgBuilder, ParseError};
use std::net::IpAddr;

mod flags;
pub use super::codes::OperState;
pub use flags::LinkFlags;

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
    /// 64-bit counters.
    pub stats: Option<LinkStats>,
}

impl Link {
    /// Decodes an `RTM_NEWLINK`/`RTM_DELLINK` message.
    pub fn parse(msg: &Msg<'_>) -> Result<Self, ParseError> {
        let mut link = Link::default();
        link.parse_into(msg)?;
        Ok(link)
    }

    /// Decodes into `self`, reusing its buffers: a dump decoded into one `Link` allocates
    /// nothing once the name and kind have grown (see [`Link::parse_into_spare`] for dumps
    /// mixing links with and without a kind).
    pub fn parse_into(&mut self, msg: &Msg<'_>) -> Result<(), ParseError> {
        self.parse_into_spare(msg, &mut String::new())
    }

    /// [`Link::parse_into`] that keeps the kind's buffer in `spare` while the link has no kind,
    /// so decoding any sequence of links into one `Link` (and one `spare`) allocates nothing
    /// once the buffers have grown. On failure `self` holds what was decoded so far.
    pub fn parse_into_spare(
        &mut self,
        msg: &Msg<'_>,
        spare: &mut String,
    ) -> Result<(), ParseError> {
        let mut name = std::mem::take(&mut self.name);
        let mut kind = self.kind.take().unwrap_or_else(|| std::mem::take(spare));
        name.set(&[]);
        kind.clear();
        let r = self.fill(msg, &mut name, &mut kind);
        self.name = name;
        match r {
            Ok(true) => self.kind = Some(kind),
            _ => *spare = kind,
        }
        r.map(drop)
    }

    /// Decodes the header and attributes into `self`, the name and kind into the buffers;
    /// returns whether a kind was found.
    fn fill(
        &mut self,
        msg: &Msg<'_>,
        name: &mut Name,
        kind: &mut String,
    ) -> Result<bool, ParseError> {
        *self = Link::default();
        let hdr: IfInfoMsg = msg.fixed()?;
        self.family = hdr.family;
        self.index = IfIndex::from_c_int(hdr.index);
        self.ifi_type = hdr.ty;
        self.flags = LinkFlags::from_bits_retain(hdr.flags);
        let mut has_kind = false;
        for a in msg.attrs::<IfInfoMsg>()? {
            let a = a?;
            match a.kind() {
                ifla::IFNAME => name.set(a.cstr_bytes()?),
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
                    if let Some(k) = a.nested().find(ifla::INFO_KIND)? {
                        kind.clear();
                        kind.push_str(k.str()?);
                        has_kind = true;
                    }
                }
                ifla::STATS64 => self.stats = Some(parse_stats(a.payload(), a.kind())?),
                _ => {}
            }
        }
        Ok(has_kind)
    }

    /// Whether `IFF_UP` is set.
    pub fn is_up(&self) -> bool {
        self.flags.contains(LinkFlags::UP)
    }
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
        Ok(m)
    }

    /// Applies the change to `link` (an index or a name).
    pub fn apply(&self, sock: &mut Socket, link: impl Into<LinkRef>) -> Result<()> {
        sock.request(&self.request(link)?).map(drop)
    }
}

/// `macvlan` modes (`MACVLAN_MODE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MacvlanMode {
    /// Private.
    Private = macvlan_mode::PRIVATE as isize,
    /// VEPA.
    Vepa = macvlan_mode::VEPA as isize,
    /// Bridge.
    Bridge = macvlan_mode::BRIDGE as isize,
    /// Passthru.
    Passthru = macvlan_mode::PASSTHRU as isize,
    /// Source.
    Source = macvlan_mode::SOURCE as isize,
}

/// VXLAN settings: made by [`Vxlan::new`], the addresses and the parent set with the setters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Vxlan {
    /// VNI.
    pub id: u32,
    /// UDP destination port (4789 is IANA's).
    pub port: u16,
    /// Local address.
    pub local: Option<IpAddr>,
    /// Remote address (unicast).
    pub remote: Option<IpAddr>,
    /// Multicast group.
    pub group: Option<IpAddr>,
    /// Underlying device.
    pub parent: Option<IfIndex>,
}

impl Vxlan {
    /// VNI `id` on UDP port `port`, no address or parent set.
    pub fn new(id: u32, port: u16) -> Self {
        Vxlan {
            id,
            port,
            local: None,
            remote: None,
            group: None,
            parent: None,
        }
    }

    setters! {
        /// With local address `local`.
        opt local: IpAddr;
        /// With unicast remote `remote`.
        opt remote: IpAddr;
        /// With multicast group `group`.
        opt group: IpAddr;
        /// Over the underlying device `parent`.
        opt parent: IfIndex;
    }
}

/// Link kinds nlrs can create.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair; the peer gets this name.
    Veth {
        /// The peer's name.
        peer: Name,
    },
    /// A bridge.
    Bridge,
    /// A macvlan on top of `parent`.
    Macvlan {
        /// Index of the parent device.
        parent: IfIndex,
        /// Mode.
        mode: MacvlanMode,
    },
    /// A VXLAN device.
    Vxlan(Vxlan),
    /// An intermediate functional block device.
    Ifb,
}

/// IFLA_VXLAN_* attributes used here.
mod vxlan_attr {
    pub const ID: u16 = 1;
    pub const GROUP: u16 = 2;
    pub const LINK: u16 = 3;
    pub const LOCAL: u16 = 4;
    pub const PORT: u16 = 15;
    pub const GROUP6: u16 = 16;
    pub const LOCAL6: u16 = 17;
}
const IFLA_MACVLAN_MODE: u16 = 1;
const VETH_INFO_PEER: u16 = 1;

/// The `RTM_NEWLINK` request creating link `name` (bytes: a [`Name`], or text) of `kind`
/// (create-only: `EEXIST` when a link of that name exists).
pub fn create_request(name: impl AsRef<[u8]>, kind: &LinkKind) -> Result<MsgBuilder, BuildError> {
    let mut m = header(RTM_NEWLINK, Mode::Create.flags(), 0);
    m.put_cstr(ifla::IFNAME, name.as_ref())?;
    if let LinkKind::Macvlan { parent, .. } = kind {
        m.put_u32(ifla::LINK, parent.get())?;
    }
    let info = m.nest_start(ifla::LINKINFO)?;
    let kind_name = match kind {
        LinkKind::Veth { .. } => "veth",
        LinkKind::Bridge => "bridge",
        LinkKind::Macvlan { .. } => "macvlan",
        LinkKind::Vxlan(_) => "vxlan",
        LinkKind::Ifb => "ifb",
    };
    m.put_str(ifla::INFO_KIND, kind_name)?;
    match kind {
        LinkKind::Veth { peer } => {
            let data = m.nest_start(ifla::INFO_DATA)?;
            let p = m.nest_start(VETH_INFO_PEER)?;
            // The peer is described by a whole ifinfomsg followed by its attributes.
            m.put_header(&IfInfoMsg::default())?;
            m.put_cstr(ifla::IFNAME, peer.as_bytes())?;
            m.nest_end(p)?;
            m.nest_end(data)?;
        }
        LinkKind::Macvlan { mode, .. } => {
            let data = m.nest_start(ifla::INFO_DATA)?;
            m.put_u32(IFLA_MACVLAN_MODE, *mode as u32)?;
            m.nest_end(data)?;
        }
        LinkKind::Vxlan(v) => {
            let data = m.nest_start(ifla::INFO_DATA)?;
            m.put_u32(vxlan_attr::ID, v.id)?;
            m.put_u16_be(vxlan_attr::PORT, v.port)?;
            for (ip, v4, v6) in [
                (&v.local, vxlan_attr::LOCAL, vxlan_attr::LOCAL6),
                (&v.remote, vxlan_attr::GROUP, vxlan_attr::GROUP6),
                (&v.group, vxlan_attr::GROUP, vxlan_attr::GROUP6),
            ] {
                match ip {
                    Some(a @ IpAddr::V4(_)) => put_ip(&mut m, v4, a)?,
                    Some(a @ IpAddr::V6(_)) => put_ip(&mut m, v6, a)?,
                    None => {}
                }
            }
            if let Some(parent) = v.parent {
                m.put_u32(vxlan_attr::LINK, parent.get())?;
            }
            m.nest_end(data)?;
        }
        LinkKind::Bridge | LinkKind::Ifb => {}
    }
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

    #[test]
    fn parse_into_spare_keeps_the_kind_buffer() {
        let (mut l, mut spare) = (Link::default(), String::new());
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
        assert_eq!(spare.capacity(), cap, "the kind's buffer waits in spare");
        l.parse_into_spare(&Msg::parse(with.bytes().unwrap()).unwrap(), &mut spare)
            .unwrap();
        assert_eq!(l.kind.as_deref(), Some("veth"));
        assert_eq!(l.index, IfIndex::new(3));
    }
}
