//! Links for C: the reusable `nlrs_link` object, link dumps and gets, the `nlrs_link_change`
//! builder, creating and deleting links, and iproute2's names for flags and operstates. Each
//! function translates to one call of [`crate::rtnl::link`].

use std::ffi::c_char;
use std::os::raw::c_int;

use super::consts::{
    NLRS_MACVLAN_MODE_BRIDGE, NLRS_MACVLAN_MODE_PASSTHRU, NLRS_MACVLAN_MODE_PRIVATE,
    NLRS_MACVLAN_MODE_SOURCE, NLRS_MACVLAN_MODE_VEPA,
};
// The getters, setters, `_new`, `_free`, `_parse` and `_msg`, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::dump::nlrs_dump;
use super::macros::{arg_cstr, arg_mut, arg_struct, call_mut, ffi_handle, FfiResult, Handle};
use super::rtnl::{
    ifindex_arg, nlrs_ipaddr, raw_field, request, send, send_spec, start_dump, CText, Decoded,
    RawMsg,
};
use super::socket::nlrs_socket;
use crate::rtnl::link::{self, Link, LinkChange, LinkKind, LinkStats, MacvlanMode, Vxlan};
use crate::rtnl::HwAddr;
use crate::wire::ParseError;

/// A link (network interface) decoded from an `NLRS_RTM_NEWLINK` or `NLRS_RTM_DELLINK`
/// message: reusable, so a whole dump decodes into one object with no allocation per link.
///
/// Made with `nlrs_link_new()`, freed with `nlrs_link_free()`. Filled by `nlrs_link_parse()` (from
/// a message of `nlrs_link_dump()`, `nlrs_dump_next()` or a notification), `nlrs_link_get()` or
/// `nlrs_link_get_by_name()`. Read with the getters `nlrs_link_<field>()`; every other attribute
/// through the copy of the message, `nlrs_link_msg()`.
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
    raw_field!();

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

// ---------------------------------------------------------------------------------------------
// The object.

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
    start_dump(sock, out, || Ok(link::dump_request()))
}

/// Asks the kernel for the link with index `ifindex` and decodes its answer into `link`,
/// replacing what it held.
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, any other negative errno
/// the kernel answers with (kept on `sock` with its extended ACK, see `nlrs_socket_ext_msg()`),
/// `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock` or
/// `link`). On failure `link`'s content is unspecified until the next successful fill.
#[no_mangle]
pub extern "C" fn nlrs_link_get(
    sock: *mut nlrs_socket,
    ifindex: u32,
    link: *mut nlrs_link,
) -> c_int {
    // SAFETY: `sock` and `link` are NULL or live (the API contract).
    let (sock, link) = unsafe { (arg_mut(sock), arg_mut(link)) };
    call_mut(sock, |st| {
        let mut l = link?.live_mut()?;
        request(
            st,
            link::get_request(ifindex_arg(ifindex)?),
            Some(&mut |m| l.parse(m)),
        )
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
            link::get_request(name.to_bytes()),
            Some(&mut |m| l.parse(m)),
        )
    })
}

/// Deletes the link with index `ifindex` (`NLRS_RTM_DELLINK`; a veth's peer goes with it).
///
/// Returns 0 on success. Errors: `-ENODEV` when there is no such link, `-EOPNOTSUPP` for links
/// that cannot be deleted, any other negative errno the kernel answers with (kept on `sock`
/// with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`).
#[no_mangle]
pub extern "C" fn nlrs_link_delete(sock: *mut nlrs_socket, ifindex: u32) -> c_int {
    send(sock, || Ok(link::delete_request(ifindex_arg(ifindex)?)))
}

/// The body of the create functions: creates link `name` of the kind `kind` makes.
fn create(
    sock: *mut nlrs_socket,
    name: *const c_char,
    kind: impl FnOnce() -> FfiResult<LinkKind>,
) -> c_int {
    // SAFETY: `name` is NULL or NUL-terminated (the API contract).
    let name = unsafe { arg_cstr(name) };
    send(sock, || {
        Ok(link::create_request(name?.to_bytes(), &kind()?))
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
        Ok(LinkKind::Macvlan {
            parent: parent.into(),
            mode,
        })
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
        let mut vx = Vxlan::new(v.id, v.port);
        vx.local = v.local.ip_opt()?;
        vx.remote = v.remote.ip_opt()?;
        vx.group = v.group.ip_opt()?;
        vx.parent = (v.parent != 0).then_some(v.parent.into());
        Ok(LinkKind::Vxlan(vx))
    })
}

// ---------------------------------------------------------------------------------------------
// Changes.

/// A set of changes to one existing link, applied at once with `nlrs_link_change_apply()`:
/// what is not set is not touched (in particular, only `IFF_UP` changes among the flags).
///
/// Made with `nlrs_link_change_new()`, freed with `nlrs_link_change_free()`. Set with the setters
/// `nlrs_link_change_set_<field>()`. Applying never changes it, so it can be applied to several
/// links.
///
/// A change may be used from any thread, one thread at a time.
pub struct nlrs_link_change(Handle<LinkChange>);
ffi_handle!(nlrs_link_change => LinkChange);

/// The hardware address of `nlrs_link_change_set_address()`: 1 to 32 bytes, else `-EINVAL`.
fn hw_address(bytes: &[u8]) -> FfiResult<HwAddr> {
    if bytes.is_empty() {
        return Err(-libc::EINVAL);
    }
    HwAddr::new(bytes).ok_or(-libc::EINVAL)
}

/// Applies `change` to the link with index `ifindex` in one `NLRS_RTM_NEWLINK` request. `change`
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
    ifindex: u32,
    change: *const nlrs_link_change,
) -> c_int {
    send_spec(sock, change, |c| match c.request(ifindex_arg(ifindex)?) {
        Ok(req) => Ok(Ok(req)),
        Err(crate::conn::Error::Build(e)) => Ok(Err(e)),
        // Only a rename of a link named by name, which an index is not.
        Err(e) => Err(e.into()),
    })
}

// ---------------------------------------------------------------------------------------------
// Names.

#[cfg(test)]
mod tests {
    use super::generated::*;
    use super::*;
    use crate::ffi::consts::NLRS_PROTO_ROUTE;
    use crate::ffi::error::{NLRS_E_CONSUMED, NLRS_E_PANIC};
    use crate::ffi::rmsg::nlrs_rmsg;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = RawMsg::default().rmsg();
        assert_eq!(nlrs_link_new(null_mut()), EINVAL);
        nlrs_link_free(null_mut());
        assert_eq!(nlrs_link_parse(null_mut(), no_msg), EINVAL);
        assert_eq!(nlrs_link_ifindex(null()), 0);
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
        assert_eq!(nlrs_link_ifindex(l), 1);

        crate::ffi::macros::fault::arm();
        assert_eq!(nlrs_link_get(s, 1, l), -NLRS_E_PANIC);
        assert_eq!(nlrs_link_get(s, 1, l), -NLRS_E_CONSUMED);
        assert_eq!(nlrs_link_ifindex(l), 0);
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
