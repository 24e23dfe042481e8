//! Which optional fields of a [`RouteInfo`](super::RouteInfo) are present: the bits of its
//! `has`. A file of its own, with no imports, because build.rs reads it too (for the C API's
//! `NLRS_ROUTE_HAS_*`).

/// `dst`.
pub const DST: u8 = 0x01;
/// `src`.
pub const SRC: u8 = 0x02;
/// `gateway`.
pub const GATEWAY: u8 = 0x04;
/// `prefsrc`.
pub const PREFSRC: u8 = 0x08;
/// `oif`.
pub const OIF: u8 = 0x10;
/// `iif`.
pub const IIF: u8 = 0x20;
/// `priority`.
pub const PRIORITY: u8 = 0x40;
/// `nh_id`.
pub const NH_ID: u8 = 0x80;
