//! Links for C: the reusable `nlrs_link` object, link dumps and gets, the `nlrs_link_change`
//! builder, creating and deleting links, and iproute2's names for flags and operstates. Each
//! function translates to one call of [`crate::rtnl::link`].

use std::ffi::c_char;
use std::os::raw::c_int;

use super::dump::{self, nlrs_dump};
use super::macros::{
    arg_cstr, arg_mut, arg_out, arg_ref, arg_slice, arg_struct, call, call_mut, ffi_handle, free,
    get, guard, into_raw, FfiResult, Handle,
};
use super::rmsg::{nlrs_bytes, nlrs_rmsg};
use super::rtnl::{
    name_into, nlrs_ipaddr, opt_out, parse_into, request, CText, Decoded, NameOr, RawMsg,
};
use super::socket::nlrs_socket;
use crate::rtnl::link::{self, Link, LinkChange, LinkKind, LinkStats, MacvlanMode, Vxlan};
use crate::rtnl::HwAddr;
use crate::wire::consts::{RTM_DELLINK, RTM_NEWLINK};
use crate::wire::ParseError;

/// A link (network interface) decoded from an `NLRS_RTM_NEWLINK` or `NLRS_RTM_DELLINK`
/// message: reusable, so a whole dump decodes into one object with no allocation per link.
///
/// Made with `nlrs_link_new()`, freed with `nlrs_link_free()`. Filled by `nlrs_link_parse()`
/// (from a message of `nlrs_link_dump()`, `nlrs_dump_next()` or a notification),
/// `nlrs_link_get()` or `nlrs_link_get_by_name()`. Read with `nlrs_link_index()`,
/// `nlrs_link_name()`, `nlrs_link_flags()`, `nlrs_link_type()`, `nlrs_link_family()`,
/// `nlrs_link_mtu()`, `nlrs_link_min_mtu()`, `nlrs_link_max_mtu()`, `nlrs_link_operstate()`,
/// `nlrs_link_txqlen()`, `nlrs_link_master()`, `nlrs_link_link()`, `nlrs_link_link_netnsid()`,
/// `nlrs_link_kind()`, `nlrs_link_address()`, `nlrs_link_broadcast()`, `nlrs_link_stats()`;
/// every other attribute through the copy of the message, `nlrs_link_msg()`.
///
/// Optional fields are read with `int` getters that return 1 and write `*out` when the kernel
/// sent the field, 0 when it did not. Everything borrowed from the object (strings, bytes, the
/// message) is valid until the next call that changes, or frees, the object.
///
/// An object may be used from any thread, one thread at a time.
pub struct nlrs_link(Handle<LinkObj>);
ffi_handle!(nlrs_link => LinkObj);

/// The decoded link, its buffers, and the C views of its strings.
#[derive(Default)]
pub(crate) struct LinkObj {
    link: Link,
    spare: String,
    raw: RawMsg,
    name: CText,
    kind: CText,
}

impl Decoded for LinkObj {
    fn raw(&mut self) -> &mut RawMsg {
        &mut self.raw
    }

    fn decode(&mut self) -> Result<(), ParseError> {
        let m = self.raw.msg()?;
        // The unit tests' panic halfway through a decode (see `fault`); not in the library.
        #[cfg(test)]
        crate::ffi::macros::fault::point();
        let r = self.link.parse_into_spare(&m, &mut self.spare);
        self.name.set(Some(self.link.name.as_bytes()));
        self.kind.set(self.link.kind.as_deref().map(str::as_bytes));
        r
    }
}

impl LinkObj {
    /// Shows a link of a mirror: `fill` writes it into the object; the object then holds no
    /// message copy.
    pub(crate) fn show(&mut self, fill: impl FnOnce(&mut Link)) {
        fill(&mut self.link);
        self.raw = RawMsg::default();
        self.name.set(Some(self.link.name.as_bytes()));
        self.kind.set(self.link.kind.as_deref().map(str::as_bytes));
    }
}

/// 64-bit interface counters (`IFLA_STATS64`), filled in by `nlrs_link_stats()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_link_stats64 {
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

impl From<LinkStats> for nlrs_link_stats64 {
    fn from(s: LinkStats) -> Self {
        nlrs_link_stats64 {
            rx_packets: s.rx_packets,
            tx_packets: s.tx_packets,
            rx_bytes: s.rx_bytes,
            tx_bytes: s.tx_bytes,
            rx_errors: s.rx_errors,
            tx_errors: s.tx_errors,
            rx_dropped: s.rx_dropped,
            tx_dropped: s.tx_dropped,
        }
    }
}

/// The settings of a VXLAN device for `nlrs_link_create_vxlan()`, passed by pointer. Zero it,
/// then set what is needed: `{0}` plus `id` and `port` is a valid VXLAN.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct nlrs_vxlan {
    /// The VXLAN network identifier (24 bits).
    pub id: u32,
    /// Index of the underlying device, 0 for none.
    pub parent: u32,
    /// UDP destination port, host byte order (4789 is IANA's).
    pub port: u16,
    /// Local address; `NLRS_AF_UNSPEC` for none.
    pub local: nlrs_ipaddr,
    /// Remote unicast address; `NLRS_AF_UNSPEC` for none.
    pub remote: nlrs_ipaddr,
    /// Multicast group; `NLRS_AF_UNSPEC` for none.
    pub group: nlrs_ipaddr,
}

// The C side checks the same sizes (c-examples/nlip.c).
const _: () = {
    assert!(std::mem::size_of::<nlrs_link_stats64>() == 64);
    assert!(std::mem::size_of::<nlrs_vxlan>() == 64);
    assert!(std::mem::offset_of!(nlrs_vxlan, local) == 10);
};

/// macvlan mode (`MACVLAN_MODE_PRIVATE`): no traffic between macvlans of one parent.
pub const NLRS_MACVLAN_MODE_PRIVATE: u32 = 1_u32;
/// macvlan mode (`MACVLAN_MODE_VEPA`): traffic between macvlans goes through the switch.
pub const NLRS_MACVLAN_MODE_VEPA: u32 = 2_u32;
/// macvlan mode (`MACVLAN_MODE_BRIDGE`): macvlans of one parent talk directly.
pub const NLRS_MACVLAN_MODE_BRIDGE: u32 = 4_u32;
/// macvlan mode (`MACVLAN_MODE_PASSTHRU`): one macvlan takes over the parent.
pub const NLRS_MACVLAN_MODE_PASSTHRU: u32 = 8_u32;
/// macvlan mode (`MACVLAN_MODE_SOURCE`): by source MAC address.
pub const NLRS_MACVLAN_MODE_SOURCE: u32 = 16_u32;

const _: () = {
    assert!(NLRS_MACVLAN_MODE_PRIVATE == MacvlanMode::Private as u32);
    assert!(NLRS_MACVLAN_MODE_VEPA == MacvlanMode::Vepa as u32);
    assert!(NLRS_MACVLAN_MODE_BRIDGE == MacvlanMode::Bridge as u32);
    assert!(NLRS_MACVLAN_MODE_PASSTHRU == MacvlanMode::Passthru as u32);
    assert!(NLRS_MACVLAN_MODE_SOURCE == MacvlanMode::Source as u32);
};

/// Operational state (`IF_OPER_UNKNOWN`), read with `nlrs_link_operstate()`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_UNKNOWN: u8 = 0;
/// Operational state `IF_OPER_NOTPRESENT`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_NOTPRESENT: u8 = 1;
/// Operational state `IF_OPER_DOWN`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_DOWN: u8 = 2;
/// Operational state `IF_OPER_LOWERLAYERDOWN`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_LOWERLAYERDOWN: u8 = 3;
/// Operational state `IF_OPER_TESTING`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_TESTING: u8 = 4;
/// Operational state `IF_OPER_DORMANT`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_DORMANT: u8 = 5;
/// Operational state `IF_OPER_UP`.
#[allow(dead_code)] // read by C only
pub const NLRS_IF_OPER_UP: u8 = 6;

// ---------------------------------------------------------------------------------------------
// The object.

/// Makes an empty link object, to be filled by `nlrs_link_parse()`, `nlrs_link_get()` or
/// `nlrs_link_get_by_name()`.
///
/// On success returns 0 and writes the new object to `*out`, which the caller owns and frees
/// with `nlrs_link_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_link_new(out: *mut *mut nlrs_link) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(LinkObj::default()));
        Ok(0)
    })
}

/// Frees the object and everything borrowed from it. NULL is a no-op; freeing twice is
/// undefined.
#[no_mangle]
pub extern "C" fn nlrs_link_free(link: *mut nlrs_link) {
    // SAFETY: `link` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(link) }
}

/// Decodes `msg`, an `NLRS_RTM_NEWLINK` or `NLRS_RTM_DELLINK` message (from a dump, a
/// notification or replies), into `link`, replacing what it held. The object keeps a copy of
/// the message (`nlrs_link_msg()`), so `msg` itself may go away afterwards. It may
/// also be that very copy: `nlrs_link_parse(link, nlrs_link_msg(link))` decodes it again.
///
/// Returns 0 on success. Errors: `-EINVAL` (NULL `link`, a NULL `msg.ptr` with a length, a
/// message of another type), `-EBADMSG` (malformed message; the object then holds what was
/// decoded before the fault, and its message copy).
#[no_mangle]
pub extern "C" fn nlrs_link_parse(link: *mut nlrs_link, msg: nlrs_rmsg) -> c_int {
    // SAFETY: `link` is NULL or live; `msg` came from nlrs and is still valid (the contract).
    unsafe { parse_into(arg_mut(link), msg, &[RTM_NEWLINK, RTM_DELLINK]) }
}

/// Returns the object's copy of the message it was last filled from, for attributes nlrs has
/// no getter for: read them with `nlrs_rmsg_attrs(msg, sizeof(nlrs_ifinfomsg), &it)`. Valid
/// until the next call that changes, or frees, `link`. `{NULL, 0}` before the first fill or for
/// a NULL `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_msg(link: *const nlrs_link) -> nlrs_rmsg {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, RawMsg::default().rmsg(), |l| Ok(l.raw.rmsg()))
}

/// Returns the interface index (`ifi_index`); 0 for a NULL `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_index(link: *const nlrs_link) -> i32 {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, 0, |l| Ok(l.link.index))
}

/// Returns the address family of the message (`ifi_family`): `NLRS_AF_UNSPEC` for the link
/// itself, `NLRS_AF_BRIDGE` for a bridge port's description; 0 for a NULL `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_family(link: *const nlrs_link) -> u8 {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, 0, |l| Ok(l.link.family))
}

/// Returns the device type (`ifi_type`, `ARPHRD_*`: 1 for Ethernet, 772 for loopback, 65534
/// for none); 0 for a NULL `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_type(link: *const nlrs_link) -> u16 {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, 0, |l| Ok(l.link.ifi_type))
}

/// Returns the `NLRS_IFF_*` flags (`ifi_flags`); 0 for a NULL `link`. `nlrs_link_flags_text()`
/// names them as iproute2 does.
#[no_mangle]
pub extern "C" fn nlrs_link_flags(link: *const nlrs_link) -> u32 {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, 0, |l| Ok(l.link.flags))
}

/// Returns the link's name (`IFLA_IFNAME`; empty when the kernel sent none), NUL-terminated,
/// its bytes as the kernel sent them: Linux allows names that are not UTF-8.
/// Borrowed from `link`: valid until the next call that changes, or frees, `link`. NULL before
/// the first fill or for a NULL `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_name(link: *const nlrs_link) -> *const c_char {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, std::ptr::null(), |l| Ok(l.name.ptr()))
}

/// Returns the link's kind (`IFLA_LINKINFO` > `IFLA_INFO_KIND`: "veth", "bridge", "vxlan",
/// ...), NUL-terminated, or NULL when the kernel sent none (physical devices, loopback) or
/// `link` is NULL. Borrowed from `link`: valid until the next call that changes, or frees,
/// `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_kind(link: *const nlrs_link) -> *const c_char {
    // SAFETY: `link` is NULL or live (the API contract).
    let link = unsafe { arg_ref(link) };
    get(link, std::ptr::null(), |l| Ok(l.kind.ptr()))
}

/// The body of the optional `uint32_t` getters.
fn opt_u32(
    link: *const nlrs_link,
    out: *mut u32,
    field: impl FnOnce(&Link) -> Option<u32>,
) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| opt_out(out, field(&l.link)))
}

/// Writes the MTU (`IFLA_MTU`) to `*out`. Returns 1 when the kernel sent it, 0 when not (then
/// `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_mtu(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.mtu)
}

/// Writes the smallest MTU the device accepts (`IFLA_MIN_MTU`) to `*out`. Returns 1 when the
/// kernel sent it, 0 when not (then `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_min_mtu(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.min_mtu)
}

/// Writes the largest MTU the device accepts (`IFLA_MAX_MTU`) to `*out`. Returns 1 when the
/// kernel sent it, 0 when not (then `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_max_mtu(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.max_mtu)
}

/// Writes the transmit queue length (`IFLA_TXQLEN`) to `*out`. Returns 1 when the kernel sent
/// it, 0 when not (then `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_txqlen(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.txqlen)
}

/// Writes the index of the link's master (bridge, bond; `IFLA_MASTER`) to `*out`. Returns 1
/// when it has one, 0 when not (then `*out` is untouched), `-EINVAL` for a NULL `link` or
/// `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_master(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.master)
}

/// Writes the index of the underlying or peer device (`IFLA_LINK`: a macvlan's parent, a
/// veth's peer) to `*out`; it may be 0, and it lives in another namespace when
/// `nlrs_link_link_netnsid()` returns 1. Returns 1 when the kernel sent it, 0 when not (then
/// `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_link(link: *const nlrs_link, out: *mut u32) -> c_int {
    opt_u32(link, out, |l| l.link)
}

/// Writes the namespace id of the `IFLA_LINK` device (`IFLA_LINK_NETNSID`) to `*out`, sent
/// when it lives in another network namespace. Returns 1 when the kernel sent it, 0 when not
/// (then `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_link_netnsid(link: *const nlrs_link, out: *mut i32) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| opt_out(out, l.link.link_netnsid))
}

/// Writes the RFC 2863 operational state (`IFLA_OPERSTATE`, `NLRS_IF_OPER_*`) to `*out`;
/// `nlrs_link_operstate_name()` names it. Returns 1 when the kernel sent it, 0 when not (then
/// `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_operstate(link: *const nlrs_link, out: *mut u8) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| opt_out(out, l.link.operstate))
}

/// Writes the hardware address (`IFLA_ADDRESS`, e.g. 6 bytes of MAC) to `*out`, borrowed from
/// `link`: valid until the next call that changes, or frees, `link`. Returns 1 when the kernel
/// sent it, 0 when not (tun devices, ...; then `*out` is untouched), `-EINVAL` for a NULL
/// `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_address(link: *const nlrs_link, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| {
        opt_out(
            out,
            l.link
                .address
                .as_ref()
                .map(|a| nlrs_bytes::new(a.as_bytes())),
        )
    })
}

/// Writes the hardware broadcast address (`IFLA_BROADCAST`; the peer on point-to-point links)
/// to `*out`, borrowed from `link`: valid until the next call that changes, or frees, `link`.
/// Returns 1 when the kernel sent it, 0 when not (then `*out` is untouched), `-EINVAL` for a
/// NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_broadcast(link: *const nlrs_link, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| {
        opt_out(
            out,
            l.link
                .broadcast
                .as_ref()
                .map(|a| nlrs_bytes::new(a.as_bytes())),
        )
    })
}

/// Writes the 64-bit counters (`IFLA_STATS64`) to `*out`. Returns 1 when the kernel sent them,
/// 0 when not (then `*out` is untouched), `-EINVAL` for a NULL `link` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_link_stats(link: *const nlrs_link, out: *mut nlrs_link_stats64) -> c_int {
    // SAFETY: `link` is NULL or live, `out` is NULL or writable (the API contract).
    let (link, out) = unsafe { (arg_ref(link), arg_out(out)) };
    call(link, |l| {
        opt_out(out, l.link.stats.map(nlrs_link_stats64::from))
    })
}

// ---------------------------------------------------------------------------------------------
// Conversations.

/// Starts a dump of every link on `sock` (`NLRS_RTM_GETLINK`). Read it with `nlrs_dump_next()`
/// and decode each message with `nlrs_link_parse()`; the message stays available for raw
/// attributes until the next `nlrs_dump_next()`.
///
/// On success returns 0 and writes a new `nlrs_dump` to `*out`, which the caller owns and frees
/// with `nlrs_dump_free()` (it borrows `sock`, see `nlrs_dump`). `*out` is untouched on failure.
/// Errors: as `nlrs_socket_dump()`: `-EINVAL` (NULL `sock` or `out`), a negative errno of
/// sendto(); a refusal by the kernel comes from the first `nlrs_dump_next()` and is kept on
/// `sock` with its extended ACK.
#[no_mangle]
pub extern "C" fn nlrs_link_dump(sock: *mut nlrs_socket, out: *mut *mut nlrs_dump) -> c_int {
    let sock_ptr = sock;
    // SAFETY: `sock` is NULL or live, `out` is NULL or writable (the API contract).
    let (sock, out) = unsafe { (arg_mut(sock), arg_out(out)) };
    call_mut(sock, |st| {
        dump::start(sock_ptr, st, &link::dump_request(), out?)
    })
}

/// Asks the kernel for the link with index `index` and decodes its answer into `link`,
/// replacing what it held.
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, any other negative errno
/// the kernel answers with (kept on `sock` with its extended ACK, see `nlrs_socket_ext_msg()`),
/// `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock` or
/// `link`). On failure `link`'s content is unspecified until the next successful fill.
#[no_mangle]
pub extern "C" fn nlrs_link_get(sock: *mut nlrs_socket, index: i32, link: *mut nlrs_link) -> c_int {
    // SAFETY: `sock` and `link` are NULL or live (the API contract).
    let (sock, link) = unsafe { (arg_mut(sock), arg_mut(link)) };
    call_mut(sock, |st| {
        let mut l = link?.live_mut()?;
        request(st, Ok(link::get_request(index)), Some(&mut |m| l.parse(m)))
    })
}

/// Asks the kernel for the link named `name` (its bytes as they are, UTF-8 or not; it may be
/// `nlrs_link_name(link)`) and decodes its answer into `link`, replacing what it held.
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, any other negative errno
/// the kernel answers with (kept on `sock`), `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer,
/// or none), `-EINVAL` (NULL `sock`, `name` or `link`). On failure
/// `link`'s content is unspecified until the next successful fill.
#[no_mangle]
pub extern "C" fn nlrs_link_get_by_name(
    sock: *mut nlrs_socket,
    name: *const c_char,
    link: *mut nlrs_link,
) -> c_int {
    // SAFETY: `sock` and `link` are NULL or live, `name` is NULL or NUL-terminated.
    let (sock, name, link) = unsafe { (arg_mut(sock), arg_cstr(name), arg_mut(link)) };
    call_mut(sock, |st| {
        let (name, mut l) = (name?, link?.live_mut()?);
        request(
            st,
            // Built before `link` changes: `name` may be its own (`nlrs_link_name(link)`).
            link::get_by_name_request(name.to_bytes()),
            Some(&mut |m| l.parse(m)),
        )
    })
}

/// Deletes the link with index `index` (`NLRS_RTM_DELLINK`; a veth's peer goes with it).
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, `-EOPNOTSUPP` for links
/// that cannot be deleted, any other negative errno the kernel answers with (kept on `sock`
/// with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`).
#[no_mangle]
pub extern "C" fn nlrs_link_delete(sock: *mut nlrs_socket, index: i32) -> c_int {
    // SAFETY: `sock` is NULL or live (the API contract).
    let sock = unsafe { arg_mut(sock) };
    call_mut(sock, |st| {
        request(st, Ok(link::delete_request(index)), None)
    })
}

/// The body of the create functions: creates link `name` of the kind `kind` makes.
fn create(
    sock: *mut nlrs_socket,
    name: *const c_char,
    kind: impl FnOnce() -> FfiResult<LinkKind>,
) -> c_int {
    // SAFETY: `sock` is NULL or live, `name` is NULL or NUL-terminated (the API contract).
    let (sock, name) = unsafe { (arg_mut(sock), arg_cstr(name)) };
    call_mut(sock, |st| {
        let (name, kind) = (name?, kind()?);
        request(st, link::create_request(name.to_bytes(), &kind), None)
    })
}

/// Creates a veth pair: link `name` and its peer `peer`, both down, in `sock`'s namespace.
/// Create-only: `-EEXIST` when a link of either name exists.
///
/// Returns 0 on success. Errors: the kernel's negative errno (kept on `sock` with its extended
/// ACK: `nlrs_socket_ext_msg()`), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`, `name` or
/// `peer`).
#[no_mangle]
pub extern "C" fn nlrs_link_create_veth(
    sock: *mut nlrs_socket,
    name: *const c_char,
    peer: *const c_char,
) -> c_int {
    // SAFETY: `peer` is NULL or NUL-terminated (the API contract).
    let peer = unsafe { arg_cstr(peer) };
    create(sock, name, || {
        Ok(LinkKind::Veth {
            peer: peer?.to_bytes().into(),
        })
    })
}

/// Creates a bridge named `name`, down. Create-only: `-EEXIST` when a link of that name exists.
///
/// Returns 0 on success. Errors: the kernel's negative errno (kept on `sock` with its extended
/// ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`).
#[no_mangle]
pub extern "C" fn nlrs_link_create_bridge(sock: *mut nlrs_socket, name: *const c_char) -> c_int {
    create(sock, name, || Ok(LinkKind::Bridge))
}

/// Creates an intermediate functional block device (ifb) named `name`, down. Create-only:
/// `-EEXIST` when a link of that name exists.
///
/// Returns 0 on success. Errors: the kernel's negative errno (kept on `sock` with its extended
/// ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`).
#[no_mangle]
pub extern "C" fn nlrs_link_create_ifb(sock: *mut nlrs_socket, name: *const c_char) -> c_int {
    create(sock, name, || Ok(LinkKind::Ifb))
}

/// Creates a macvlan named `name` on the link with index `parent`, in mode `mode`
/// (`NLRS_MACVLAN_MODE_*`), down. Create-only: `-EEXIST` when a link of that name exists.
///
/// Returns 0 on success. Errors: the kernel's negative errno (kept on `sock` with its extended
/// ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`, an unknown `mode`).
#[no_mangle]
pub extern "C" fn nlrs_link_create_macvlan(
    sock: *mut nlrs_socket,
    name: *const c_char,
    parent: u32,
    mode: u32,
) -> c_int {
    create(sock, name, || {
        let mode = match mode {
            NLRS_MACVLAN_MODE_PRIVATE => MacvlanMode::Private,
            NLRS_MACVLAN_MODE_VEPA => MacvlanMode::Vepa,
            NLRS_MACVLAN_MODE_BRIDGE => MacvlanMode::Bridge,
            NLRS_MACVLAN_MODE_PASSTHRU => MacvlanMode::Passthru,
            NLRS_MACVLAN_MODE_SOURCE => MacvlanMode::Source,
            _ => return Err(-libc::EINVAL),
        };
        Ok(LinkKind::Macvlan { parent, mode })
    })
}

/// Creates a VXLAN device named `name` with the settings in `*vxlan` (read during the call
/// only), down. Create-only: `-EEXIST` when a link of that name exists.
///
/// Returns 0 on success. Errors: the kernel's negative errno (kept on `sock` with its extended
/// ACK: e.g. a missing or clashing setting), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`, `name`
/// or `vxlan`), `-EAFNOSUPPORT` (an address whose family is not
/// `NLRS_AF_UNSPEC`, `NLRS_AF_INET` or `NLRS_AF_INET6`).
#[no_mangle]
pub extern "C" fn nlrs_link_create_vxlan(
    sock: *mut nlrs_socket,
    name: *const c_char,
    vxlan: *const nlrs_vxlan,
) -> c_int {
    // SAFETY: `vxlan` is NULL or readable (the API contract).
    let vxlan = unsafe { arg_struct(vxlan) };
    create(sock, name, || {
        let v = vxlan?;
        Ok(LinkKind::Vxlan(Vxlan {
            id: v.id,
            port: v.port,
            local: v.local.ip_opt()?,
            remote: v.remote.ip_opt()?,
            group: v.group.ip_opt()?,
            parent: (v.parent != 0).then_some(v.parent),
        }))
    })
}

// ---------------------------------------------------------------------------------------------
// Changes.

/// A set of changes to one existing link, applied at once with `nlrs_link_change_apply()`:
/// what is not set is not touched (in particular, only `IFF_UP` changes among the flags).
///
/// Made with `nlrs_link_change_new()`, freed with `nlrs_link_change_free()`. Set with
/// `nlrs_link_change_set_mtu()`, `_set_up()`, `_set_name()`, `_set_address()`,
/// `_set_txqlen()`, `_set_master()`, `_set_netns_fd()`, `_set_netns_pid()`. Applying never
/// changes it, so it can be applied to several links.
///
/// A change may be used from any thread, one thread at a time.
pub struct nlrs_link_change(Handle<LinkChange>);
ffi_handle!(nlrs_link_change => LinkChange);

/// Makes an empty change.
///
/// On success returns 0 and writes the new change to `*out`, which the caller owns and frees
/// with `nlrs_link_change_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL
/// `out`).
#[no_mangle]
pub extern "C" fn nlrs_link_change_new(out: *mut *mut nlrs_link_change) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(LinkChange::default()));
        Ok(0)
    })
}

/// Frees the change. NULL is a no-op; freeing twice is undefined.
#[no_mangle]
pub extern "C" fn nlrs_link_change_free(change: *mut nlrs_link_change) {
    // SAFETY: `change` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(change) }
}

/// The body of the setters.
fn set(change: *mut nlrs_link_change, f: impl FnOnce(&mut LinkChange) -> FfiResult<()>) -> c_int {
    // SAFETY: `change` is NULL or live (the API contract).
    let change = unsafe { arg_mut(change) };
    call_mut(change, |c| {
        f(c)?;
        Ok(0)
    })
}

/// Sets the MTU (`IFLA_MTU`). Returns 0, or `-EINVAL` for a NULL `change`. The kernel checks the
/// value against the device's limits when the change is applied.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_mtu(change: *mut nlrs_link_change, mtu: u32) -> c_int {
    set(change, |c| {
        c.mtu = Some(mtu);
        Ok(())
    })
}

/// Sets the link up (`up` true) or down: only the `IFF_UP` flag changes (`ifi_change` covers
/// that bit alone). Returns 0, or `-EINVAL` for a NULL `change`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_up(change: *mut nlrs_link_change, up: bool) -> c_int {
    set(change, |c| {
        c.up = Some(up);
        Ok(())
    })
}

/// Renames the link to `name` (copied: its bytes as they are, UTF-8 or not). Returns 0, or
/// `-EINVAL` for a NULL `change` or `name`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_name(
    change: *mut nlrs_link_change,
    name: *const c_char,
) -> c_int {
    // SAFETY: `name` is NULL or NUL-terminated (the API contract).
    let name = unsafe { arg_cstr(name) };
    set(change, |c| {
        c.name = Some(name?.to_bytes().into());
        Ok(())
    })
}

/// Sets the hardware address to the `len` bytes at `addr` (copied; 6 for Ethernet). Returns 0,
/// or `-EINVAL` for a NULL `change`, a NULL `addr`, `len` 0 or above 32.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_address(
    change: *mut nlrs_link_change,
    addr: *const u8,
    len: usize,
) -> c_int {
    // SAFETY: `(addr, len)` is NULL/0 or readable (the API contract).
    let addr = unsafe { arg_slice(addr, len) };
    set(change, |c| {
        let a = addr?;
        if a.is_empty() {
            return Err(-libc::EINVAL);
        }
        c.address = Some(HwAddr::new(a).ok_or(-libc::EINVAL)?);
        Ok(())
    })
}

/// Sets the transmit queue length (`IFLA_TXQLEN`). Returns 0, or `-EINVAL` for a NULL `change`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_txqlen(change: *mut nlrs_link_change, txqlen: u32) -> c_int {
    set(change, |c| {
        c.txqlen = Some(txqlen);
        Ok(())
    })
}

/// Enslaves the link to the master (a bridge, ...) with index `master`, or, with `master` 0,
/// releases it from any master (`ip link set ... nomaster`). Returns 0, or `-EINVAL` for a NULL
/// `change`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_master(change: *mut nlrs_link_change, master: u32) -> c_int {
    set(change, |c| {
        c.master = Some(master);
        Ok(())
    })
}

/// Moves the link to the network namespace the open file descriptor `fd` refers to (from
/// open() of `/run/netns/NAME` or `/proc/PID/ns/net`; it stays the caller's and must stay open
/// until the change is applied). Returns 0, `-EBADF` for a negative `fd`, or `-EINVAL` for a
/// NULL `change`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_netns_fd(change: *mut nlrs_link_change, fd: c_int) -> c_int {
    set(change, |c| {
        if fd < 0 {
            return Err(-libc::EBADF);
        }
        c.netns_fd = Some(fd);
        Ok(())
    })
}

/// Moves the link to the network namespace of process `pid`. Returns 0, or `-EINVAL` for a
/// NULL `change`.
#[no_mangle]
pub extern "C" fn nlrs_link_change_set_netns_pid(change: *mut nlrs_link_change, pid: u32) -> c_int {
    set(change, |c| {
        c.netns_pid = Some(pid);
        Ok(())
    })
}

/// Applies `change` to the link with index `index` in one `NLRS_RTM_NEWLINK` request. `change`
/// itself is not changed.
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, `-EINVAL` with the
/// kernel's text for a value it refuses (e.g. an MTU below the minimum: read it with
/// `nlrs_socket_ext_msg()`), `-EBUSY`, `-EEXIST` (a name taken), any other negative errno the
/// kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL`
/// (NULL `sock` or `change`).
#[no_mangle]
pub extern "C" fn nlrs_link_change_apply(
    sock: *mut nlrs_socket,
    index: i32,
    change: *const nlrs_link_change,
) -> c_int {
    // SAFETY: `sock` and `change` are NULL or live (the API contract).
    let (sock, change) = unsafe { (arg_mut(sock), arg_ref(change)) };
    call_mut(sock, |st| {
        let c = change?.live()?;
        request(st, c.request(index), None)
    })
}

// ---------------------------------------------------------------------------------------------
// Names.

/// Writes `flags` (`NLRS_IFF_*`) as iproute2 6.1 prints them, comma-separated: e.g.
/// `"NO-CARRIER,BROADCAST,MULTICAST,UP"` (`NO-CARRIER` first for a link that is up without
/// `IFF_RUNNING`, which itself is never named; bits without a name last, in hex). These are
/// the elements of `ip -j`'s `flags` array, and what `ip` prints between `<` and `>` (iproute2
/// adds `M-DOWN` when the `IFLA_LINK` device is down).
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0, to ask for the size. Returns the full text's length
/// without its NUL, or `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_link_flags_text(flags: u32, buf: *mut c_char, len: usize) -> c_int {
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, link::flags_text(flags)) }
}

/// Writes the name iproute2 6.1 gives operational state `state` (`"UP"`, `"DOWN"`,
/// `"UNKNOWN"`, ...; `operstate` in `ip -j`), or for a state past `NLRS_IF_OPER_UP`, which has
/// no name, its decimal number (iproute2 prints it as `operstate_index` instead).
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_link_operstate_name(state: u8, buf: *mut c_char, len: usize) -> c_int {
    let text = NameOr(link::operstate_known_name(state), u32::from(state));
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, text) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::consts::NLRS_PROTO_ROUTE;
    use crate::ffi::error::{NLRS_E_CONSUMED, NLRS_E_PANIC};
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = nlrs_rmsg {
            ptr: null(),
            len: 0,
        };
        assert_eq!(nlrs_link_new(null_mut()), EINVAL);
        nlrs_link_free(null_mut());
        assert_eq!(nlrs_link_parse(null_mut(), no_msg), EINVAL);
        assert_eq!(nlrs_link_index(null()), 0);
        assert_eq!(nlrs_link_flags(null()), 0);
        assert!(nlrs_link_name(null()).is_null());
        assert!(nlrs_link_kind(null()).is_null());
        assert!(nlrs_link_msg(null()).ptr.is_null());
        let mut v = 0u32;
        assert_eq!(nlrs_link_mtu(null(), &mut v), EINVAL);

        let mut l = null_mut();
        assert_eq!(nlrs_link_new(&mut l), 0);
        // Nothing decoded yet: no name, no fields.
        assert!(nlrs_link_name(l).is_null());
        assert_eq!(nlrs_link_mtu(l, &mut v), 0);
        assert_eq!(nlrs_link_mtu(l, null_mut()), EINVAL);
        assert_eq!(nlrs_link_address(l, null_mut()), EINVAL);
        assert_eq!(nlrs_link_stats(l, null_mut()), EINVAL);
        assert_eq!(nlrs_link_parse(l, no_msg), -libc::EBADMSG);
        let bad = nlrs_rmsg {
            ptr: null(),
            len: 4,
        };
        assert_eq!(nlrs_link_parse(l, bad), EINVAL);

        let mut s = null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_link_dump(null_mut(), &mut d), EINVAL);
        assert_eq!(nlrs_link_dump(s, null_mut()), EINVAL);
        assert_eq!(nlrs_link_get(null_mut(), 1, l), EINVAL);
        assert_eq!(nlrs_link_get(s, 1, null_mut()), EINVAL);
        assert_eq!(nlrs_link_get_by_name(s, null(), l), EINVAL);
        assert_eq!(nlrs_link_delete(null_mut(), 1), EINVAL);
        assert_eq!(nlrs_link_create_veth(s, c"a".as_ptr(), null()), EINVAL);
        assert_eq!(nlrs_link_create_bridge(s, null()), EINVAL);
        assert_eq!(nlrs_link_create_ifb(null_mut(), c"a".as_ptr()), EINVAL);
        assert_eq!(nlrs_link_create_macvlan(s, c"a".as_ptr(), 1, 3), EINVAL);
        assert_eq!(nlrs_link_create_vxlan(s, c"a".as_ptr(), null()), EINVAL);
        let vx = nlrs_vxlan {
            local: nlrs_ipaddr {
                family: 99,
                addr: [0; 16],
            },
            ..nlrs_vxlan::default()
        };
        assert_eq!(
            nlrs_link_create_vxlan(s, c"a".as_ptr(), &vx),
            -libc::EAFNOSUPPORT
        );

        let mut c = null_mut();
        assert_eq!(nlrs_link_change_new(null_mut()), EINVAL);
        assert_eq!(nlrs_link_change_new(&mut c), 0);
        assert_eq!(nlrs_link_change_set_mtu(null_mut(), 1400), EINVAL);
        assert_eq!(nlrs_link_change_set_up(null_mut(), true), EINVAL);
        assert_eq!(nlrs_link_change_set_name(c, null()), EINVAL);
        assert_eq!(nlrs_link_change_set_address(c, null(), 6), EINVAL);
        assert_eq!(nlrs_link_change_set_address(c, [1u8].as_ptr(), 0), EINVAL);
        assert_eq!(
            nlrs_link_change_set_address(c, [0u8; 33].as_ptr(), 33),
            EINVAL
        );
        assert_eq!(nlrs_link_change_set_netns_fd(c, -1), -libc::EBADF);
        assert_eq!(nlrs_link_change_set_master(null_mut(), 0), EINVAL);
        assert_eq!(nlrs_link_change_apply(null_mut(), 1, c), EINVAL);
        assert_eq!(nlrs_link_change_apply(s, 1, null()), EINVAL);
        nlrs_link_change_free(c);
        nlrs_link_change_free(null_mut());

        assert_eq!(nlrs_link_flags_text(0x41, null_mut(), 0), 2);
        assert_eq!(nlrs_link_flags_text(1, null_mut(), 0), 13); // NO-CARRIER,UP
        assert_eq!(nlrs_link_flags_text(1, null_mut(), 4), EINVAL);
        assert_eq!(nlrs_link_operstate_name(9, null_mut(), 0), 1);
        nlrs_link_free(l);
        nlrs_socket_free(s);
    }

    /// A route socket, and a link object filled with link 1 (`lo`, in every namespace).
    fn socket_and_lo() -> (*mut nlrs_socket, *mut nlrs_link) {
        let (mut s, mut l) = (null_mut(), null_mut());
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        assert_eq!(nlrs_link_new(&mut l), 0);
        assert_eq!(nlrs_link_get(s, 1, l), 0);
        (s, l)
    }

    /// An out-parameter that is not aligned for its type is refused, and not written.
    #[test]
    fn misaligned_out_pointer_is_refused() {
        let (s, l) = socket_and_lo();
        let mut buf = [0u32; 2];
        let misaligned = buf.as_mut_ptr().cast::<u8>().wrapping_add(1).cast::<u32>();
        assert_eq!(nlrs_link_mtu(l, misaligned), EINVAL);
        let mut stats = [nlrs_link_stats64::default(); 2];
        let misaligned = stats.as_mut_ptr().cast::<u8>().wrapping_add(4);
        assert_eq!(nlrs_link_stats(l, misaligned.cast()), EINVAL);
        assert_eq!(buf, [0, 0]);
        assert_eq!(nlrs_link_mtu(l, buf.as_mut_ptr()), 1);
        assert_ne!(buf[0], 0);
        nlrs_link_free(l);
        nlrs_socket_free(s);
    }

    /// A panic while the answer of a get is decoded into the object poisons both handles the
    /// call had: the socket and the half-filled object.
    #[test]
    fn panic_in_a_decode_poisons_the_object_too() {
        let (s, l) = socket_and_lo();
        assert_eq!(nlrs_link_index(l), 1);

        crate::ffi::macros::fault::arm();
        assert_eq!(nlrs_link_get(s, 1, l), -NLRS_E_PANIC);
        assert_eq!(nlrs_link_get(s, 1, l), -NLRS_E_CONSUMED);
        assert_eq!(nlrs_link_index(l), 0);
        assert!(nlrs_link_msg(l).ptr.is_null());
        let mut mtu = 0u32;
        assert_eq!(nlrs_link_mtu(l, &mut mtu), -NLRS_E_CONSUMED);
        let mut fresh = null_mut();
        assert_eq!(nlrs_link_new(&mut fresh), 0);
        assert_eq!(nlrs_link_get(s, 1, fresh), -NLRS_E_CONSUMED);
        nlrs_link_free(fresh);
        nlrs_link_free(l);
        nlrs_socket_free(s);
    }
}
