//! Neighbours (ARP and NDP entries) for C: the reusable `nlrs_neigh` object, neighbour dumps,
//! adding, replacing and deleting entries, and iproute2's names for their states. Each
//! function translates to one call of [`crate::rtnl::neigh`].

// The handle, its accessors, the dump and the requests, from one table.
mod generated;
// Exported to C by name; re-exported so that `nlrs::ffi::rtnl_*::*` names every function.
pub use generated::*;

use super::macros::FfiResult;
use super::rtnl::{ifindex_arg, nlrs_ipaddr};
use crate::rtnl::neigh::{self, Neigh, NeighSpec};
use crate::rtnl::{HwAddr, Spec};

/// The permanent entry "`dst` is at `lladdr`" (none when empty) on the interface with index
/// `ifindex`: `-EINVAL` for an `lladdr` above 32 bytes, `-EAFNOSUPPORT` for a `dst` neither
/// IPv4 nor IPv6.
fn neigh_spec(ifindex: u32, dst: &nlrs_ipaddr, lladdr: &[u8]) -> FfiResult<NeighSpec> {
    let dst = dst.ip()?;
    let lladdr = match lladdr {
        [] => None,
        bytes => Some(HwAddr::new(bytes).ok_or(-libc::EINVAL)?),
    };
    Ok(NeighSpec::new(ifindex_arg(ifindex)?, dst, lladdr))
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
    use super::*;
    use crate::ffi::consts::{NLRS_NUD_PERMANENT, NLRS_NUD_STALE};
    use crate::ffi::rtnl::testing::*;
    use crate::wire::consts::AF_INET;

    /// What the generated test (`generated.rs`) cannot know: the arguments refused on a live
    /// socket, and the state names.
    #[test]
    fn bad_arguments_are_refused() {
        let s = route_socket();
        assert_eq!(nlrs_neigh_dump(s, 0, 0, null_mut()), EINVAL);
        let mac = [2u8, 0, 0, 0, 0, 1];
        let add = |dst, mac: *const u8, len, mode| {
            nlrs_neigh_add(s, 1, dst, mac, len, NLRS_NUD_PERMANENT, mode)
        };
        let mut ip = nlrs_ipaddr::default();
        assert_eq!(add(null(), mac.as_ptr(), 6, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(
            add(&ip, mac.as_ptr(), 6, NLRS_MODE_CREATE),
            -libc::EAFNOSUPPORT
        );
        ip.family = AF_INET;
        assert_eq!(add(&ip, null(), 6, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(add(&ip, [0u8; 33].as_ptr(), 33, NLRS_MODE_CREATE), EINVAL);
        assert_eq!(add(&ip, mac.as_ptr(), 6, 5), EINVAL);
        assert_eq!(nlrs_neigh_delete(s, 1, null()), EINVAL);
        assert_eq!(nlrs_neigh_proxy_dump(s, 0, 0, null_mut()), EINVAL);
        nlrs_socket_free(s);

        let mut buf = [0u8; 32];
        let n = nlrs_neigh_state_text(
            NLRS_NUD_STALE | NLRS_NUD_PERMANENT,
            buf.as_mut_ptr().cast(),
            32,
        );
        assert_eq!(&buf[..n as usize], b"STALE,PERMANENT");
        assert_eq!(nlrs_neigh_state_text(0, null_mut(), 0), 0);
    }
}
