//! Neighbours (ARP and NDP entries) for C: the reusable `nlrs_neigh` object, neighbour dumps,
//! adding, replacing and deleting entries, and iproute2's names for their states. Each
//! function translates to one call of [`crate::rtnl::neigh`].

use std::ffi::c_char;
use std::os::raw::c_int;

use super::dump::{self, nlrs_dump};
use super::macros::{
    arg_mut, arg_out, arg_ref, arg_slice, arg_struct, call, call_mut, ffi_handle, free, get, guard,
    into_raw, Handle,
};
use super::rmsg::{nlrs_bytes, nlrs_rmsg};
use super::rtnl::{mode, name_into, nlrs_ipaddr, opt_out, parse_into, request, Decoded, RawMsg};
use super::socket::nlrs_socket;
use crate::rtnl::neigh::{self, nud, Neigh, NeighSpec};
use crate::rtnl::{HwAddr, Spec};
use crate::wire::consts::{RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH};
use crate::wire::ParseError;

/// A neighbour entry decoded from an `NLRS_RTM_NEWNEIGH`, `NLRS_RTM_DELNEIGH` or
/// `NLRS_RTM_GETNEIGH` message: reusable, so a whole dump decodes into one object with no
/// allocation.
///
/// Made with `nlrs_neigh_new()`, freed with `nlrs_neigh_free()`, filled by
/// `nlrs_neigh_parse()` (from a message of `nlrs_neigh_dump()` or a notification). Read with
/// `nlrs_neigh_family()`, `nlrs_neigh_ifindex()`, `nlrs_neigh_state()`, `nlrs_neigh_flags()`,
/// `nlrs_neigh_type()`, `nlrs_neigh_dst()`, `nlrs_neigh_lladdr()`, `nlrs_neigh_vlan()`,
/// `nlrs_neigh_master()`; every other attribute (cache times, probes, ...) through the copy of
/// the message, `nlrs_neigh_msg()`.
///
/// Everything borrowed from the object is valid until the next call that changes, or frees,
/// the object. An object may be used from any thread, one thread at a time.
pub struct nlrs_neigh(Handle<NeighObj>);
ffi_handle!(nlrs_neigh => NeighObj);

/// The decoded entry and its message copy.
#[derive(Default)]
pub(crate) struct NeighObj {
    neigh: Neigh,
    raw: RawMsg,
}

impl Decoded for NeighObj {
    fn raw(&mut self) -> &mut RawMsg {
        &mut self.raw
    }

    fn decode(&mut self) -> Result<(), ParseError> {
        self.neigh = Neigh::parse(&self.raw.msg()?)?;
        Ok(())
    }
}

impl NeighObj {
    /// Shows a neighbour entry of a mirror: `fill` writes it into the object; the object then
    /// holds no message copy.
    pub(crate) fn show(&mut self, fill: impl FnOnce(&mut Neigh)) {
        fill(&mut self.neigh);
        self.raw = RawMsg::default();
    }
}

/// Neighbour state `NUD_NONE`: no state (an entry being created or removed).
pub const NLRS_NUD_NONE: u16 = 0x00;
/// Neighbour state `NUD_INCOMPLETE`: resolution in progress.
pub const NLRS_NUD_INCOMPLETE: u16 = 0x01;
/// Neighbour state `NUD_REACHABLE`: confirmed reachable.
pub const NLRS_NUD_REACHABLE: u16 = 0x02;
/// Neighbour state `NUD_STALE`: reachability unconfirmed.
pub const NLRS_NUD_STALE: u16 = 0x04;
/// Neighbour state `NUD_DELAY`: waiting before probing.
pub const NLRS_NUD_DELAY: u16 = 0x08;
/// Neighbour state `NUD_PROBE`: probing.
pub const NLRS_NUD_PROBE: u16 = 0x10;
/// Neighbour state `NUD_FAILED`: resolution failed.
pub const NLRS_NUD_FAILED: u16 = 0x20;
/// Neighbour state `NUD_NOARP`: no resolution needed.
pub const NLRS_NUD_NOARP: u16 = 0x40;
/// Neighbour state `NUD_PERMANENT`: set by the administrator, never expires.
pub const NLRS_NUD_PERMANENT: u16 = 0x80;

/// Neighbour flag `NTF_USE`.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_USE: u8 = 0x01;
/// Neighbour flag `NTF_SELF`: a bridge device's own entry.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_SELF: u8 = 0x02;
/// Neighbour flag `NTF_MASTER`: an entry of the bridge master.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_MASTER: u8 = 0x04;
/// Neighbour flag `NTF_PROXY`: a proxy ARP/NDP entry.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_PROXY: u8 = 0x08;
/// Neighbour flag `NTF_EXT_LEARNED`: learned by an external agent.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_EXT_LEARNED: u8 = 0x10;
/// Neighbour flag `NTF_OFFLOADED`: offloaded to hardware.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_OFFLOADED: u8 = 0x20;
/// Neighbour flag `NTF_STICKY`: a bridge entry that does not move.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_STICKY: u8 = 0x40;
/// Neighbour flag `NTF_ROUTER`: the neighbour is an IPv6 router.
#[allow(dead_code)] // read by C only
pub const NLRS_NTF_ROUTER: u8 = 0x80;

const _: () = {
    assert!(NLRS_NUD_NONE == nud::NONE);
    assert!(NLRS_NUD_INCOMPLETE == nud::INCOMPLETE && NLRS_NUD_REACHABLE == nud::REACHABLE);
    assert!(NLRS_NUD_STALE == nud::STALE && NLRS_NUD_DELAY == nud::DELAY);
    assert!(NLRS_NUD_PROBE == nud::PROBE && NLRS_NUD_FAILED == nud::FAILED);
    assert!(NLRS_NUD_NOARP == nud::NOARP && NLRS_NUD_PERMANENT == nud::PERMANENT);
};

// ---------------------------------------------------------------------------------------------
// The object.

/// Makes an empty neighbour object, to be filled by `nlrs_neigh_parse()`.
///
/// On success returns 0 and writes the new object to `*out`, which the caller owns and frees
/// with `nlrs_neigh_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`).
#[no_mangle]
pub extern "C" fn nlrs_neigh_new(out: *mut *mut nlrs_neigh) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    guard(|| {
        out?.set(into_raw(NeighObj::default()));
        Ok(0)
    })
}

/// Frees the object and everything borrowed from it. NULL is a no-op; freeing twice is
/// undefined.
#[no_mangle]
pub extern "C" fn nlrs_neigh_free(neigh: *mut nlrs_neigh) {
    // SAFETY: `neigh` is NULL or a live handle the caller gives up (the API contract).
    unsafe { free(neigh) }
}

/// Decodes `msg`, an `NLRS_RTM_NEWNEIGH`, `NLRS_RTM_DELNEIGH` or `NLRS_RTM_GETNEIGH` (a
/// resolution request of the kernel) message, into `neigh`, replacing what it held. The object
/// keeps a copy of the message (`nlrs_neigh_msg()`), so `msg` itself may go away afterwards. It may
/// also be that very copy: `nlrs_neigh_parse(neigh, nlrs_neigh_msg(neigh))` decodes it again.
///
/// Returns 0 on success. Errors: `-EINVAL` (NULL `neigh`, a NULL `msg.ptr` with a length, a
/// message of another type), `-EBADMSG` (malformed message; the object's fields are then
/// unspecified until the next successful decode).
#[no_mangle]
pub extern "C" fn nlrs_neigh_parse(neigh: *mut nlrs_neigh, msg: nlrs_rmsg) -> c_int {
    // SAFETY: `neigh` is NULL or live; `msg` came from nlrs and is still valid (the contract).
    unsafe {
        parse_into(
            arg_mut(neigh),
            msg,
            &[RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH],
        )
    }
}

/// Returns the object's copy of the message it was last decoded from, for attributes nlrs has
/// no getter for: read them with `nlrs_rmsg_attrs(msg, sizeof(nlrs_ndmsg), &it)`. Valid until
/// the next call that changes, or frees, `neigh`. `{NULL, 0}` before the first decode or for a
/// NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_msg(neigh: *const nlrs_neigh) -> nlrs_rmsg {
    // SAFETY: `neigh` is NULL or live (the API contract).
    let neigh = unsafe { arg_ref(neigh) };
    get(neigh, RawMsg::default().rmsg(), |n| Ok(n.raw.rmsg()))
}

/// The body of the plain getters.
fn field<T>(neigh: *const nlrs_neigh, fallback: T, f: impl FnOnce(&Neigh) -> T) -> T {
    // SAFETY: `neigh` is NULL or live (the API contract).
    let neigh = unsafe { arg_ref(neigh) };
    get(neigh, fallback, |n| Ok(f(&n.neigh)))
}

/// Returns the family (`ndm_family`): `NLRS_AF_INET` (ARP), `NLRS_AF_INET6` (NDP), or
/// `NLRS_AF_BRIDGE` for forwarding entries; 0 for a NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_family(neigh: *const nlrs_neigh) -> u8 {
    field(neigh, 0, |n| n.family)
}

/// Returns the index of the interface the entry is on (`ndm_ifindex`); 0 for a NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_ifindex(neigh: *const nlrs_neigh) -> i32 {
    field(neigh, 0, |n| n.ifindex)
}

/// Returns the `NLRS_NUD_*` state bits (`ndm_state`; `nlrs_neigh_state_text()` names them); 0
/// for a NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_state(neigh: *const nlrs_neigh) -> u16 {
    field(neigh, 0, |n| n.state)
}

/// Returns the `NLRS_NTF_*` flags (`ndm_flags`); 0 for a NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_flags(neigh: *const nlrs_neigh) -> u8 {
    field(neigh, 0, |n| n.flags)
}

/// Returns the neighbour type (`ndm_type`); 0 for a NULL `neigh`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_type(neigh: *const nlrs_neigh) -> u8 {
    field(neigh, 0, |n| n.ntype)
}

/// Writes the neighbour's network address (`NDA_DST`) to `*out`. Returns 1 when sent, 0 when
/// not (then `*out` is untouched), `-EINVAL` for a NULL `neigh` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_dst(neigh: *const nlrs_neigh, out: *mut nlrs_ipaddr) -> c_int {
    // SAFETY: `neigh` is NULL or live, `out` is NULL or writable (the API contract).
    let (neigh, out) = unsafe { (arg_ref(neigh), arg_out(out)) };
    call(neigh, |n| {
        opt_out(out, n.neigh.dst.as_ref().map(nlrs_ipaddr::new))
    })
}

/// Writes a bridge forwarding entry's VLAN (`NDA_VLAN`) to `*out`. Returns 1 when sent, 0
/// when not (an entry of no VLAN, or not a forwarding entry; then `*out` is untouched),
/// `-EINVAL` for a NULL `neigh` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_vlan(neigh: *const nlrs_neigh, out: *mut u16) -> c_int {
    // SAFETY: `neigh` is NULL or live, `out` is NULL or writable (the API contract).
    let (neigh, out) = unsafe { (arg_ref(neigh), arg_out(out)) };
    call(neigh, |n| opt_out(out, n.neigh.vlan))
}

/// Writes the interface index of the bridge whose forwarding table holds the entry
/// (`NDA_MASTER`) to `*out`; the entry's port is `nlrs_neigh_ifindex()`. Returns 1 when sent, 0
/// when not (an entry of an interface's own; then `*out` is untouched), `-EINVAL` for a NULL
/// `neigh` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_master(neigh: *const nlrs_neigh, out: *mut u32) -> c_int {
    // SAFETY: `neigh` is NULL or live, `out` is NULL or writable (the API contract).
    let (neigh, out) = unsafe { (arg_ref(neigh), arg_out(out)) };
    call(neigh, |n| opt_out(out, n.neigh.master))
}

/// Writes the link-layer address (`NDA_LLADDR`, e.g. 6 bytes of MAC) to `*out`, borrowed from
/// `neigh`: valid until the next call that changes, or frees, `neigh`. Returns 1 when sent, 0
/// when not (an incomplete or failed entry; then `*out` is untouched), `-EINVAL` for a NULL
/// `neigh` or `out`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_lladdr(neigh: *const nlrs_neigh, out: *mut nlrs_bytes) -> c_int {
    // SAFETY: `neigh` is NULL or live, `out` is NULL or writable (the API contract).
    let (neigh, out) = unsafe { (arg_ref(neigh), arg_out(out)) };
    call(neigh, |n| {
        opt_out(
            out,
            n.neigh
                .lladdr
                .as_ref()
                .map(|l| nlrs_bytes::new(l.as_bytes())),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Conversations.

/// Starts a dump of the neighbour entries of family `family` (`NLRS_AF_INET`,
/// `NLRS_AF_INET6`, or `NLRS_AF_UNSPEC` for both) on the interface with index `ifindex` (0 for
/// all interfaces). With strict checking (the socket's default) the kernel itself filters by
/// interface; on a socket opened with `NLRS_SOCKET_NO_DEFAULTS` check `nlrs_neigh_ifindex()`.
/// Every state is dumped, `NLRS_NUD_NOARP` entries included (`ip neigh` hides those).
///
/// Read the dump with `nlrs_dump_next()` and decode each message with `nlrs_neigh_parse()`;
/// the message stays available for raw attributes until the next `nlrs_dump_next()`.
///
/// On success returns 0 and writes a new `nlrs_dump` to `*out`, which the caller owns and frees
/// with `nlrs_dump_free()` (it borrows `sock`, see `nlrs_dump`). `*out` is untouched on failure.
/// Errors: as `nlrs_socket_dump()`: `-EINVAL` (NULL `sock` or `out`), a negative errno of
/// sendto(); a refusal by the kernel comes from the first `nlrs_dump_next()` and is kept on
/// `sock` with its extended ACK.
#[no_mangle]
pub extern "C" fn nlrs_neigh_dump(
    sock: *mut nlrs_socket,
    family: u8,
    ifindex: u32,
    out: *mut *mut nlrs_dump,
) -> c_int {
    let sock_ptr = sock;
    // SAFETY: `sock` is NULL or live, `out` is NULL or writable (the API contract).
    let (sock, out) = unsafe { (arg_mut(sock), arg_out(out)) };
    call_mut(sock, |st| {
        dump::start(sock_ptr, st, &neigh::dump_request(family, ifindex)?, out?)
    })
}

/// Adds the entry "`*dst` is at the `lladdr_len` bytes at `lladdr`" on the interface with
/// index `ifindex`, in state `state` (`NLRS_NUD_PERMANENT` for `ip neigh add`'s default), with
/// `mode` (`NLRS_MODE_*`) deciding what happens when an entry for `*dst` exists:
/// `NLRS_MODE_CREATE` fails with `-EEXIST`, `NLRS_MODE_REPLACE` and `NLRS_MODE_UPSERT` update
/// it (`ip neigh replace` is `NLRS_MODE_UPSERT`). `lladdr` may be NULL with `lladdr_len` 0 for
/// an entry without one (e.g. `NLRS_NUD_NOARP`). Everything is read during the call only.
///
/// Returns 0 on success. Errors: the kernel's negative errno (`-EEXIST`, `-ENODEV`, `-EINVAL`
/// ...), kept on `sock` with its extended ACK (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`;
/// `-EINVAL` (NULL `sock` or `dst`, a NULL `lladdr` with a length, `lladdr_len` above 32, an
/// unknown `mode`); `-EAFNOSUPPORT` (`dst` neither IPv4 nor IPv6).
#[no_mangle]
pub extern "C" fn nlrs_neigh_add(
    sock: *mut nlrs_socket,
    ifindex: i32,
    dst: *const nlrs_ipaddr,
    lladdr: *const u8,
    lladdr_len: usize,
    state: u16,
    mode: c_int,
) -> c_int {
    // SAFETY: `sock` is NULL or live, `dst` is NULL or readable, `(lladdr, lladdr_len)` is
    // NULL/0 or readable (the API contract).
    let (sock, dst, lladdr) = unsafe {
        (
            arg_mut(sock),
            arg_struct(dst),
            arg_slice(lladdr, lladdr_len),
        )
    };
    call_mut(sock, |st| {
        let (dst, lladdr, mode) = (dst?.ip()?, lladdr?, self::mode(mode)?);
        let lladdr = match lladdr {
            [] => None,
            bytes => Some(HwAddr::new(bytes).ok_or(-libc::EINVAL)?),
        };
        let spec = NeighSpec {
            ifindex,
            dst,
            lladdr,
            state,
        };
        request(st, spec.add_request(mode), None)
    })
}

/// Deletes the entry for `*dst` on the interface with index `ifindex` (`ip neigh del`).
///
/// Returns 0 on success. Errors: `-ENOENT` when there is no such entry, any other negative
/// errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`,
/// `-EINVAL` (NULL `sock` or `dst`), `-EAFNOSUPPORT` (`dst` neither IPv4 nor IPv6).
#[no_mangle]
pub extern "C" fn nlrs_neigh_delete(
    sock: *mut nlrs_socket,
    ifindex: i32,
    dst: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `sock` is NULL or live, `dst` is NULL or readable (the API contract).
    let (sock, dst) = unsafe { (arg_mut(sock), arg_struct(dst)) };
    call_mut(sock, |st| {
        let spec = NeighSpec::new(ifindex, dst?.ip()?, None);
        request(st, spec.delete_request(), None)
    })
}

// ---------------------------------------------------------------------------------------------
// Names.

/// The names of the bits of a state, comma-separated.
struct StateText(u16);

impl std::fmt::Display for StateText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, name) in neigh::state_names(self.0).enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

/// Writes the names iproute2 6.1 gives the bits of neighbour state `state` (`NLRS_NUD_*`),
/// comma-separated from the lowest bit up: e.g. `"PERMANENT"`, `"REACHABLE"`; bits without a
/// name are left out, and state 0 gives the empty string. These are the elements of `ip -j
/// neigh`'s `state` array (which iproute2 leaves out for state 0).
///
/// Like `snprintf`: truncated to `len - 1` bytes and always NUL-terminated when `len > 0`;
/// `buf` may be NULL when `len` is 0. Returns the full text's length without its NUL, or
/// `-EINVAL` for a NULL `buf` with `len > 0`.
#[no_mangle]
pub extern "C" fn nlrs_neigh_state_text(state: u16, buf: *mut c_char, len: usize) -> c_int {
    // SAFETY: `(buf, len)` is NULL/0 or writable (the API contract).
    unsafe { name_into(buf, len, StateText(state)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::consts::NLRS_PROTO_ROUTE;
    use crate::ffi::rtnl::NLRS_MODE_CREATE;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use crate::wire::consts::AF_INET;
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = nlrs_rmsg {
            ptr: null(),
            len: 0,
        };
        let mut ip = nlrs_ipaddr::default();
        let mut b = nlrs_bytes {
            ptr: null(),
            len: 0,
        };
        assert_eq!(nlrs_neigh_new(null_mut()), EINVAL);
        nlrs_neigh_free(null_mut());
        assert_eq!(nlrs_neigh_parse(null_mut(), no_msg), EINVAL);
        assert_eq!(nlrs_neigh_state(null()), 0);
        assert_eq!(nlrs_neigh_dst(null(), &mut ip), EINVAL);
        assert_eq!(nlrs_neigh_lladdr(null(), &mut b), EINVAL);

        let mut n = null_mut();
        assert_eq!(nlrs_neigh_new(&mut n), 0);
        assert_eq!(nlrs_neigh_dst(n, &mut ip), 0);
        assert_eq!(nlrs_neigh_lladdr(n, null_mut()), EINVAL);
        assert_eq!(nlrs_neigh_parse(n, no_msg), -libc::EBADMSG);
        nlrs_neigh_free(n);

        let mut s = null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_neigh_dump(null_mut(), 0, 0, &mut d), EINVAL);
        assert_eq!(nlrs_neigh_dump(s, 0, 0, null_mut()), EINVAL);
        let mac = [2u8, 0, 0, 0, 0, 1];
        let add = |s, dst, mac: *const u8, len, mode| {
            nlrs_neigh_add(s, 1, dst, mac, len, NLRS_NUD_PERMANENT, mode)
        };
        assert_eq!(
            add(null_mut(), &ip, mac.as_ptr(), 6, NLRS_MODE_CREATE),
            EINVAL
        );
        assert_eq!(add(s, null(), mac.as_ptr(), 6, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(
            add(s, &ip, mac.as_ptr(), 6, NLRS_MODE_CREATE),
            -libc::EAFNOSUPPORT
        );
        ip.family = AF_INET;
        assert_eq!(add(s, &ip, null(), 6, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(
            add(s, &ip, [0u8; 33].as_ptr(), 33, NLRS_MODE_CREATE),
            EINVAL
        );
        assert_eq!(add(s, &ip, mac.as_ptr(), 6, 5), EINVAL);
        assert_eq!(nlrs_neigh_delete(s, 1, null()), EINVAL);
        assert_eq!(nlrs_neigh_delete(null_mut(), 1, &ip), EINVAL);

        let mut buf = [0u8; 32];
        let n = nlrs_neigh_state_text(
            NLRS_NUD_STALE | NLRS_NUD_PERMANENT,
            buf.as_mut_ptr().cast(),
            32,
        );
        assert_eq!(&buf[..n as usize], b"STALE,PERMANENT");
        assert_eq!(nlrs_neigh_state_text(0, null_mut(), 0), 0);
        assert_eq!(nlrs_neigh_state_text(0, null_mut(), 2), EINVAL);
        nlrs_socket_free(s);
    }
}
