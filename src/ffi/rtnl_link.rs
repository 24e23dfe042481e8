//! Links for C: the reusable `nlrs_link` object, link dumps and gets, the `nlrs_link_change`
//! builder, creating and deleting links, and iproute2's names for flags and operstates. Each
//! function translates to one call of [`crate::rtnl::link`].

use super::consts::{
    NLRS_MACVLAN_MODE_BRIDGE, NLRS_MACVLAN_MODE_PASSTHRU, NLRS_MACVLAN_MODE_PRIVATE,
    NLRS_MACVLAN_MODE_SOURCE, NLRS_MACVLAN_MODE_VEPA,
};
// The handles, their accessors, the dump and the requests, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::macros::{get, FfiResult};
use super::rtnl::{ifindex_arg, nlrs_ipaddr};
use crate::rtnl::link::{
    self, BondMode, IpvlanMode, Link, LinkChange, LinkData, LinkKind, LinkSpare, LinkStats,
    MacvlanMode, VlanProtocol, Vxlan,
};
use crate::rtnl::{HwAddr, Name};
use crate::wire::{BuildError, MsgBuilder};
use std::os::raw::c_char;

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

impl nlrs_vxlan {
    /// The settings for the Rust layer; `-EAFNOSUPPORT` for an address of another family.
    fn to_rust(self) -> FfiResult<Vxlan> {
        Ok(Vxlan {
            id: self.id,
            port: self.port,
            local: self.local.ip_opt()?,
            remote: self.remote.ip_opt()?,
            group: self.group.ip_opt()?,
            parent: (self.parent != 0).then_some(self.parent.into()),
        })
    }
}

/// The macvlan mode an `NLRS_MACVLAN_MODE_*` value stands for; `-EINVAL` for any other.
fn macvlan_mode(mode: u32) -> FfiResult<MacvlanMode> {
    Ok(match mode {
        NLRS_MACVLAN_MODE_PRIVATE => MacvlanMode::Private,
        NLRS_MACVLAN_MODE_VEPA => MacvlanMode::Vepa,
        NLRS_MACVLAN_MODE_BRIDGE => MacvlanMode::Bridge,
        NLRS_MACVLAN_MODE_PASSTHRU => MacvlanMode::Passthru,
        NLRS_MACVLAN_MODE_SOURCE => MacvlanMode::Source,
        _ => return Err(-libc::EINVAL),
    })
}

/// A VLAN device's id and protocol, for their getters.
fn vlan(l: &Link) -> Option<(u16, VlanProtocol)> {
    match l.data {
        Some(LinkData::Vlan { id, protocol }) => Some((id, protocol)),
        _ => None,
    }
}

/// Returns alternative name `i` (counted from 0, in the kernel's order; there are
/// `nlrs_link_altname_count()`) of `link`, NUL-terminated, its bytes as the kernel sent them, or
/// NULL for an `i` out of range or a NULL `link`. Borrowed from `link`: valid until the next call
/// that changes, or frees, `link`.
#[no_mangle]
pub extern "C" fn nlrs_link_altname_at(link: *const nlrs_link, i: usize) -> *const c_char {
    get(link, std::ptr::null(), |o| {
        Ok(o.link
            .altnames
            .nul_terminated(i)
            .map_or(std::ptr::null(), |n| n.as_ptr().cast()))
    })
}

/// The hardware address of `nlrs_link_change_set_address()`: 1 to 32 bytes, else `-EINVAL`.
fn hw_address(bytes: &[u8]) -> FfiResult<HwAddr> {
    if bytes.is_empty() {
        return Err(-libc::EINVAL);
    }
    HwAddr::new(bytes).ok_or(-libc::EINVAL)
}

/// The request of `nlrs_link_change_apply()`: `change` for the link with index `ifindex`.
fn apply_request(change: &LinkChange, ifindex: u32) -> FfiResult<Result<MsgBuilder, BuildError>> {
    match change.request(ifindex_arg(ifindex)?) {
        Ok(req) => Ok(Ok(req)),
        Err(crate::conn::Error::Build(e)) => Ok(Err(e)),
        // Only a rename of a link named by name, which an index is not.
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::error::{NLRS_E_CONSUMED, NLRS_E_PANIC};
    use crate::ffi::rmsg::nlrs_rmsg;
    use crate::ffi::rtnl::testing::*;

    /// What the generated test (`generated.rs`) cannot know: the arguments refused on a live
    /// socket, object and change, and the names.
    #[test]
    fn bad_arguments_are_refused() {
        let (s, l) = socket_and_lo();
        let bad = nlrs_rmsg {
            ptr: null(),
            len: 4,
        };
        assert_eq!(nlrs_link_parse(l, bad), EINVAL);
        assert_eq!(nlrs_link_dump(s, null_mut()), EINVAL);
        assert_eq!(nlrs_link_get(s, 1, null_mut()), EINVAL);
        assert_eq!(nlrs_link_get_by_name(s, null(), l), EINVAL);
        assert_eq!(nlrs_link_create_veth(s, c"a".as_ptr(), null()), EINVAL);
        assert_eq!(nlrs_link_create_bridge(s, null()), EINVAL);
        assert_eq!(nlrs_link_create_macvlan(s, c"a".as_ptr(), 1, 3), EINVAL);
        assert_eq!(nlrs_link_create_vxlan(s, c"a".as_ptr(), null()), EINVAL);
        // Settings nlrs does not know are refused before anything is sent.
        assert_eq!(
            nlrs_link_create_vlan(s, c"a".as_ptr(), 1, 7, 0x0800),
            EINVAL
        );
        assert_eq!(nlrs_link_create_bond(s, c"a".as_ptr(), 7), EINVAL);
        assert_eq!(nlrs_link_create_ipvlan(s, c"a".as_ptr(), 1, 3), EINVAL);
        assert!(nlrs_link_altname_at(null(), 0).is_null());
        assert!(nlrs_link_altname_at(l, nlrs_link_altname_count(l)).is_null());
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
        assert_eq!(nlrs_link_change_new(&mut c), 0);
        assert_eq!(nlrs_link_change_set_address(c, [1u8].as_ptr(), 0), EINVAL);
        assert_eq!(
            nlrs_link_change_set_address(c, [0u8; 33].as_ptr(), 33),
            EINVAL
        );
        assert_eq!(nlrs_link_change_set_netns_fd(c, -1), -libc::EBADF);
        assert_eq!(nlrs_link_change_apply(s, 1, null()), EINVAL);
        nlrs_link_change_free(c);

        assert_eq!(nlrs_link_flags_text(0x41, null_mut(), 0), 2);
        assert_eq!(nlrs_link_flags_text(1, null_mut(), 0), 13); // NO-CARRIER,UP
        assert_eq!(nlrs_link_operstate_name(9, null_mut(), 0), 1);
        nlrs_link_free(l);
        nlrs_socket_free(s);
    }

    /// A route socket, and a link object filled with link 1 (`lo`, in every namespace).
    fn socket_and_lo() -> (*mut nlrs_socket, *mut nlrs_link) {
        let (s, mut l) = (route_socket(), null_mut());
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
