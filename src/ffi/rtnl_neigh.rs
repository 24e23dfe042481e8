//! Neighbours (ARP and NDP entries) for C: the reusable `nlrs_neigh` object, neighbour dumps,
//! adding, replacing and deleting entries, and iproute2's names for their states. Each
//! function translates to one call of [`crate::rtnl::neigh`].

use std::os::raw::c_int;

// The getters, setters, `_new`, `_free`, `_parse` and `_msg`, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::dump::nlrs_dump;
use super::macros::{arg_slice, arg_struct, ffi_handle, Handle};
use super::rtnl::{ifindex_arg, mode, nlrs_ipaddr, raw_field, send, start_dump, Decoded, RawMsg};
use super::socket::nlrs_socket;
use crate::rtnl::neigh::{self, Neigh, NeighSpec};
use crate::rtnl::{HwAddr, Spec};
use crate::wire::ParseError;

/// A neighbour entry decoded from an `NLRS_RTM_NEWNEIGH`, `NLRS_RTM_DELNEIGH` or
/// `NLRS_RTM_GETNEIGH` message: reusable, so a whole dump decodes into one object with no
/// allocation.
///
/// Made with `nlrs_neigh_new()`, freed with `nlrs_neigh_free()`, filled by `nlrs_neigh_parse()`
/// (from a message of `nlrs_neigh_dump()` or a notification). Read with the getters
/// `nlrs_neigh_<field>()`; every other attribute (cache times, probes, ...) through the copy of
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
    raw_field!();

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

// ---------------------------------------------------------------------------------------------
// The object.

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
    start_dump(sock, out, || {
        let filter = neigh::NeighFilter {
            family,
            ifindex: (ifindex != 0).then_some(ifindex.into()),
        };
        Ok(filter.dump_request()?)
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
    ifindex: u32,
    dst: *const nlrs_ipaddr,
    lladdr: *const u8,
    lladdr_len: usize,
    state: u16,
    mode: c_int,
) -> c_int {
    // SAFETY: `dst` is NULL or readable, `(lladdr, lladdr_len)` is NULL/0 or readable (the API
    // contract).
    let (dst, lladdr) = unsafe { (arg_struct(dst), arg_slice(lladdr, lladdr_len)) };
    send(sock, || {
        let (dst, lladdr, mode) = (dst?.ip()?, lladdr?, self::mode(mode)?);
        let lladdr = match lladdr {
            [] => None,
            bytes => Some(HwAddr::new(bytes).ok_or(-libc::EINVAL)?),
        };
        let spec = NeighSpec {
            ifindex: ifindex_arg(ifindex)?,
            dst,
            lladdr,
            state,
        };
        Ok(spec.add_request(mode))
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
    ifindex: u32,
    dst: *const nlrs_ipaddr,
) -> c_int {
    // SAFETY: `dst` is NULL or readable (the API contract).
    let dst = unsafe { arg_struct(dst) };
    send(sock, || {
        let spec = NeighSpec::new(ifindex_arg(ifindex)?, dst?.ip()?, None);
        Ok(spec.delete_request())
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

#[cfg(test)]
mod tests {
    use super::generated::*;
    use super::*;
    use crate::ffi::consts::{NLRS_NUD_PERMANENT, NLRS_NUD_STALE, NLRS_PROTO_ROUTE};
    use crate::ffi::rmsg::nlrs_bytes;
    use crate::ffi::rtnl::NLRS_MODE_CREATE;
    use crate::ffi::socket::{nlrs_socket_free, nlrs_socket_open};
    use crate::wire::consts::AF_INET;
    use std::ptr::{null, null_mut};

    const EINVAL: c_int = -libc::EINVAL;

    #[test]
    fn null_arguments_are_refused() {
        let no_msg = RawMsg::default().rmsg();
        let mut ip = nlrs_ipaddr::default();
        let mut b = nlrs_bytes {
            ptr: null(),
            len: 0,
        };
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
