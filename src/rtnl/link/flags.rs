//! A link's `IFF_*` flags as a set.

use crate::wire::consts::*;

bitflags::bitflags! {
    /// A link's `IFF_*` flags (`ifi_flags`). Bits without a name here are kept as they came
    /// (`from_bits_retain`, `bits`). `Debug` names the flags (`LinkFlags(UP | BROADCAST)`);
    /// `Display` writes them as iproute2 does (see its impl).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct LinkFlags: u32 {
        /// `IFF_UP`: administratively up.
        const UP = IFF_UP;
        /// `IFF_BROADCAST`: has a valid broadcast address.
        const BROADCAST = IFF_BROADCAST;
        /// `IFF_DEBUG`.
        const DEBUG = IFF_DEBUG;
        /// `IFF_LOOPBACK`: a loopback device.
        const LOOPBACK = IFF_LOOPBACK;
        /// `IFF_POINTOPOINT`: a point-to-point link.
        const POINTOPOINT = IFF_POINTOPOINT;
        /// `IFF_NOTRAILERS`.
        const NOTRAILERS = IFF_NOTRAILERS;
        /// `IFF_RUNNING`: operationally up (RFC 2863 `up`).
        const RUNNING = IFF_RUNNING;
        /// `IFF_NOARP`: no ARP.
        const NOARP = IFF_NOARP;
        /// `IFF_PROMISC`: receives all packets.
        const PROMISC = IFF_PROMISC;
        /// `IFF_ALLMULTI`: receives all multicast packets.
        const ALLMULTI = IFF_ALLMULTI;
        /// `IFF_MASTER`: a load balancer's master.
        const MASTER = IFF_MASTER;
        /// `IFF_SLAVE`: a load balancer's slave.
        const SLAVE = IFF_SLAVE;
        /// `IFF_MULTICAST`: supports multicast.
        const MULTICAST = IFF_MULTICAST;
        /// `IFF_PORTSEL`: can set the media type.
        const PORTSEL = IFF_PORTSEL;
        /// `IFF_AUTOMEDIA`: selects the media automatically.
        const AUTOMEDIA = IFF_AUTOMEDIA;
        /// `IFF_DYNAMIC`: addresses are lost when the link goes down.
        const DYNAMIC = IFF_DYNAMIC;
        /// `IFF_LOWER_UP`: the driver signals L1 up.
        const LOWER_UP = IFF_LOWER_UP;
        /// `IFF_DORMANT`: the driver signals dormant.
        const DORMANT = IFF_DORMANT;
        /// `IFF_ECHO`: echoes sent packets.
        const ECHO = IFF_ECHO;
        // Bits the kernel may add later are kept, not dropped.
        const _ = !0;
    }
}

/// The flags iproute2 names, in the order it prints them.
const IPROUTE2_ORDER: [(LinkFlags, &str); 18] = [
    (LinkFlags::LOOPBACK, "LOOPBACK"),
    (LinkFlags::BROADCAST, "BROADCAST"),
    (LinkFlags::POINTOPOINT, "POINTOPOINT"),
    (LinkFlags::MULTICAST, "MULTICAST"),
    (LinkFlags::NOARP, "NOARP"),
    (LinkFlags::ALLMULTI, "ALLMULTI"),
    (LinkFlags::PROMISC, "PROMISC"),
    (LinkFlags::NOTRAILERS, "NOTRAILERS"),
    (LinkFlags::DEBUG, "DEBUG"),
    (LinkFlags::DYNAMIC, "DYNAMIC"),
    (LinkFlags::AUTOMEDIA, "AUTOMEDIA"),
    (LinkFlags::PORTSEL, "PORTSEL"),
    (LinkFlags::SLAVE, "SLAVE"),
    (LinkFlags::MASTER, "MASTER"),
    (LinkFlags::UP, "UP"),
    (LinkFlags::LOWER_UP, "LOWER_UP"),
    (LinkFlags::DORMANT, "DORMANT"),
    (LinkFlags::ECHO, "ECHO"),
];

impl std::fmt::Display for LinkFlags {
    /// The flags as iproute2 6.1 writes them between `<` and `>` (and as the `flags` array
    /// of `ip -j`): names separated by commas, `NO-CARRIER` first when the link is up without
    /// `RUNNING`, `RUNNING` itself never named, and any bits without a name last, in
    /// lower-case hex: `BROADCAST,MULTICAST,UP,LOWER_UP`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = *self;
        let mut sep = "";
        if rest.contains(LinkFlags::UP) && !rest.contains(LinkFlags::RUNNING) {
            f.write_str("NO-CARRIER")?;
            sep = ",";
        }
        rest.remove(LinkFlags::RUNNING);
        for (flag, name) in IPROUTE2_ORDER {
            if rest.contains(flag) {
                rest.remove(flag);
                write!(f, "{sep}{name}")?;
                sep = ",";
            }
        }
        if !rest.is_empty() {
            write!(f, "{sep}{:x}", rest.bits())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_as_iproute2_prints_them() {
        let t = |f: u32| LinkFlags::from_bits_retain(f).to_string();
        assert_eq!(
            t(IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP),
            "BROADCAST,MULTICAST,UP,LOWER_UP"
        );
        assert_eq!(
            t(IFF_UP | IFF_BROADCAST | IFF_MULTICAST),
            "NO-CARRIER,BROADCAST,MULTICAST,UP"
        );
        assert_eq!(t(IFF_LOOPBACK | IFF_UP | IFF_RUNNING), "LOOPBACK,UP");
        assert_eq!(t(IFF_NOARP | 0x8_0000), "NOARP,80000");
        assert_eq!(t(0), "");
    }

    #[test]
    fn a_set_with_named_bits() {
        let mut f = LinkFlags::UP | LinkFlags::LOOPBACK;
        assert!(f.contains(LinkFlags::UP));
        assert!(!f.contains(LinkFlags::RUNNING));
        f.insert(LinkFlags::RUNNING);
        assert!(f.contains(LinkFlags::UP | LinkFlags::RUNNING));
        let names: Vec<_> = f.iter_names().map(|(n, _)| n).collect();
        assert_eq!(names, ["UP", "LOOPBACK", "RUNNING"]);
        assert_eq!(format!("{f:?}"), "LinkFlags(UP | LOOPBACK | RUNNING)");
        // Unknown bits survive and show in hex.
        let odd = LinkFlags::from_bits_retain(0x8_0001);
        assert_eq!(odd.bits(), 0x8_0001);
        assert_eq!(format!("{odd:?}"), "LinkFlags(UP | 0x80000)");
        assert_eq!(odd.iter().count(), 2);
    }
}
