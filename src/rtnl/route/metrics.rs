//! A route's metrics: the `RTAX_*` attributes nested in `RTA_METRICS` (`ip route ... mtu lock
//! 1400 advmss 1300 congctl cubic`), decoded from a route and encoded for a route spec.

use crate::wire::consts::{rta, rtax};
use crate::wire::{AttrIter, BuildError, MsgBuilder, ParseError};

/// Declares [`RouteMetrics`] from one list: each `u32` metric's field, its `RTAX_*` number and
/// its doc, so the struct, [`RouteMetrics::get`], [`RouteMetrics::set`], the decoder and the
/// encoder cannot disagree.
macro_rules! route_metrics {
    ($($field:ident = $rtax:ident: $doc:literal,)*) => {
        /// The metrics of a route (`RTA_METRICS`), each `None` when the kernel did not send
        /// it. The kernel sends only metrics that were set; a metric it adds after Linux 6.1
        /// is not kept.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct RouteMetrics {
            $(
                #[doc = $doc]
                pub $field: Option<u32>,
            )*
            /// TCP congestion control algorithm (`RTAX_CC_ALGO`, `ip`'s `congctl`).
            pub cc_algo: Option<String>,
        }

        impl RouteMetrics {
            /// The `u32` metric numbered `kind` (`rtax::MTU`, ...); `None` when it was not
            /// sent, for `rtax::CC_ALGO` (a string: [`RouteMetrics::cc_algo`]) and for a
            /// number nlrs does not know.
            pub fn get(&self, kind: u16) -> Option<u32> {
                match kind {
                    $(rtax::$rtax => self.$field,)*
                    _ => None,
                }
            }

            /// The field of the `u32` metric numbered `kind`, if nlrs knows it.
            fn slot(&mut self, kind: u16) -> Option<&mut Option<u32>> {
                match kind {
                    $(rtax::$rtax => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            /// Writes the metrics that are set, each an `RTAX_*` attribute in number order
            /// (the congestion control name last), into the open `RTA_METRICS` nest of `m`.
            fn put_each(&self, m: &mut MsgBuilder) -> Result<(), BuildError> {
                $(if let Some(v) = self.$field {
                    m.put_u32(rtax::$rtax, v)?;
                })*
                if let Some(cc) = &self.cc_algo {
                    m.put_str(rtax::CC_ALGO, cc)?;
                }
                Ok(())
            }
        }
    };
}

route_metrics! {
    lock = LOCK: "Which metrics are locked (`RTAX_LOCK`): bit `1 << rtax::MTU` for a locked MTU, \
                  and so on; see [`RouteMetrics::is_locked`].",
    mtu = MTU: "Path MTU (`RTAX_MTU`).",
    window = WINDOW: "TCP window clamp (`RTAX_WINDOW`).",
    rtt = RTT: "TCP round-trip time (`RTAX_RTT`), in milliseconds times 8 (`ip` divides by 8).",
    rttvar = RTTVAR: "TCP round-trip time variance (`RTAX_RTTVAR`), in milliseconds times 4.",
    ssthresh = SSTHRESH: "TCP slow-start threshold (`RTAX_SSTHRESH`).",
    cwnd = CWND: "TCP congestion window clamp (`RTAX_CWND`).",
    advmss = ADVMSS: "Advertised TCP MSS (`RTAX_ADVMSS`).",
    reordering = REORDERING: "TCP reordering (`RTAX_REORDERING`).",
    hoplimit = HOPLIMIT: "Hop limit (`RTAX_HOPLIMIT`).",
    initcwnd = INITCWND: "TCP initial congestion window (`RTAX_INITCWND`).",
    features = FEATURES: "`rtax::FEATURE_*` bits (`RTAX_FEATURES`).",
    rto_min = RTO_MIN: "TCP minimum retransmission timeout in milliseconds (`RTAX_RTO_MIN`); \
                        a route spec sends it locked, as `ip` does (the kernel uses it only \
                        locked).",
    initrwnd = INITRWND: "TCP initial receive window (`RTAX_INITRWND`).",
    quickack = QUICKACK: "TCP quick ACK, 0 or 1 (`RTAX_QUICKACK`).",
    fastopen_no_cookie = FASTOPEN_NO_COOKIE:
        "TCP Fast Open without a cookie, 0 or 1 (`RTAX_FASTOPEN_NO_COOKIE`).",
}

impl RouteMetrics {
    /// Decodes the payload of an `RTA_METRICS` attribute. Of a metric repeated, the last counts.
    pub fn parse(payload: &[u8]) -> Result<Self, ParseError> {
        let mut m = RouteMetrics::default();
        for a in AttrIter::new(payload) {
            let a = a?;
            if a.kind() == rtax::CC_ALGO {
                m.cc_algo = Some(a.str()?.to_owned());
            } else if let Some(slot) = m.slot(a.kind()) {
                *slot = Some(a.u32()?);
            }
        }
        Ok(m)
    }

    /// Sets the `u32` metric numbered `kind` (`rtax::MTU`, ...; `rtax::LOCK` for the bits of
    /// the locked metrics) to `value`. False, and nothing set, for `rtax::CC_ALGO` (a string:
    /// [`RouteMetrics::cc_algo`]) and a number nlrs does not know.
    pub fn set(&mut self, kind: u16, value: u32) -> bool {
        self.slot(kind).map(|s| *s = Some(value)).is_some()
    }

    /// Appends `RTA_METRICS` with the metrics that are set, as `ip route add ... mtu lock
    /// 1400 congctl reno` sends them; nothing when none is (a value of 0 is sent: the kernel
    /// takes it for "not set"). A minimum retransmission timeout goes locked, as `ip` sends
    /// it: the kernel's TCP uses that metric only when it is locked.
    pub(crate) fn put(&self, m: &mut MsgBuilder) -> Result<(), BuildError> {
        if *self == RouteMetrics::default() {
            return Ok(());
        }
        let locked;
        let this = match self.rto_min {
            Some(_) => {
                let lock = self.lock.unwrap_or(0) | 1 << rtax::RTO_MIN;
                locked = RouteMetrics {
                    lock: Some(lock),
                    ..self.clone()
                };
                &locked
            }
            None => self,
        };
        let nest = m.nest_start(rta::METRICS)?;
        this.put_each(m)?;
        m.nest_end(nest)?;
        Ok(())
    }

    /// Whether metric `kind` (`rtax::MTU`, ...) is locked: the kernel keeps it as set instead
    /// of learning it (path MTU discovery does not lower a locked MTU).
    pub fn is_locked(&self, kind: u16) -> bool {
        let bit = 1u32.checked_shl(u32::from(kind)).unwrap_or(0);
        self.lock.unwrap_or(0) & bit != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::MsgBuilder;

    /// The attribute block `build` writes, as it would sit in an `RTA_METRICS` payload.
    fn block(build: impl FnOnce(&mut MsgBuilder)) -> Vec<u8> {
        let mut m = MsgBuilder::new(0, 0);
        build(&mut m);
        m.bytes().expect("bytes")[crate::wire::consts::NLMSG_HDRLEN..].to_vec()
    }

    #[test]
    fn decodes_u32_metrics_the_lock_and_the_algorithm() {
        let p = block(|m| {
            m.put_u32(rtax::LOCK, 1 << rtax::MTU).unwrap();
            m.put_u32(rtax::MTU, 1400).unwrap();
            m.put_u32(rtax::ADVMSS, 1300).unwrap();
            m.put_str(rtax::CC_ALGO, "cubic").unwrap();
            m.put_u32(99, 7).unwrap();
        });
        let got = RouteMetrics::parse(&p).unwrap();
        assert_eq!(got.mtu, Some(1400));
        assert_eq!(got.get(rtax::ADVMSS), Some(1300));
        assert_eq!(got.get(rtax::WINDOW), None);
        assert_eq!(got.get(99), None);
        assert_eq!(got.get(rtax::CC_ALGO), None);
        assert_eq!(got.cc_algo.as_deref(), Some("cubic"));
        assert!(got.is_locked(rtax::MTU) && !got.is_locked(rtax::ADVMSS));
        assert!(!got.is_locked(200));
    }

    /// What `put` writes decodes to what was set, every metric and the lock included; nothing
    /// set writes no attribute at all.
    #[test]
    fn encoded_metrics_decode_as_set() {
        let mut want = RouteMetrics::default();
        assert!(block(|m| want.put(m).unwrap()).is_empty());
        for kind in 1..=rtax::MAX {
            assert_eq!(want.set(kind, u32::from(kind) * 10), kind != rtax::CC_ALGO);
        }
        assert!(!want.set(rtax::MAX + 1, 1));
        want.cc_algo = Some("reno".into());
        want.lock = Some(1 << rtax::MTU);
        let decoded = |want: &RouteMetrics| {
            let p = block(|m| want.put(m).unwrap());
            let a = AttrIter::new(&p).next().unwrap().unwrap();
            assert_eq!(a.kind(), rta::METRICS);
            RouteMetrics::parse(a.payload()).unwrap()
        };
        // The minimum retransmission timeout goes locked, as `ip` sends it.
        let got = decoded(&want);
        assert_eq!(got.lock, Some(1 << rtax::MTU | 1 << rtax::RTO_MIN));
        assert_eq!(
            RouteMetrics {
                lock: want.lock,
                ..got
            },
            want
        );
        want.rto_min = None;
        assert_eq!(decoded(&want), want);
        assert!(want.is_locked(rtax::MTU) && !want.is_locked(rtax::HOPLIMIT));
        assert_eq!(want.get(rtax::FASTOPEN_NO_COOKIE), Some(170));
    }

    #[test]
    fn a_metric_of_the_wrong_size_is_an_error() {
        let p = block(|m| {
            m.put_u16(rtax::MTU, 1400).unwrap();
        });
        assert!(RouteMetrics::parse(&p).is_err());
    }
}
