//! Which optional fields of a [`RouteInfo`](super::RouteInfo) are present: the bits of its
//! `has`. A file of its own, with no imports, because build.rs reads it too (for the C API's
//! `NLRS_ROUTE_HAS_*`).

/// `dst`.
pub const DST: u32 = 0x01;
/// `src`.
pub const SRC: u32 = 0x02;
/// `gateway`.
pub const GATEWAY: u32 = 0x04;
/// `prefsrc`.
pub const PREFSRC: u32 = 0x08;
/// `oif`.
pub const OIF: u32 = 0x10;
/// `iif`.
pub const IIF: u32 = 0x20;
/// `priority`.
pub const PRIORITY: u32 = 0x40;
/// `nh_id`.
pub const NH_ID: u32 = 0x80;
/// `pref`.
pub const PREF: u32 = 0x100;
/// `expires`.
pub const EXPIRES: u32 = 0x200;
/// Metrics (`RTA_METRICS`, the congestion control algorithm among them): not held in a
/// `RouteInfo`, only flagged, so that a reader of the flat decoding knows which routes to
/// decode whole, in one test of `has`.
pub const METRICS: u32 = 0x400;
/// Realms (`RTA_FLOW`): flagged only, as [`METRICS`].
pub const FLOW: u32 = 0x800;
/// Paths (`RTA_MULTIPATH`): `nexthops` counts them, and this bit flags the attribute, as
/// [`METRICS`], so that one test of `has` finds every route to decode whole.
pub const MULTIPATH: u32 = 0x1000;
