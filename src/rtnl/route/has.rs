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
