//! The interface index: one type wherever nlrs takes or gives one.

/// An interface index (`ifi_index`, `RTA_OIF`, `ndm_ifindex`, ...). The kernel numbers
/// interfaces from 1; 0 means "none" where a request allows it (a link released from its
/// master, a filter that takes every interface). Made from and turned into a `u32`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IfIndex(u32);

impl IfIndex {
    /// The index `index`.
    pub const fn new(index: u32) -> Self {
        IfIndex(index)
    }

    /// The index as a number.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// From a header field the kernel declares as `int` (it never holds a negative index).
    pub(crate) const fn from_c_int(index: i32) -> Self {
        IfIndex(index as u32)
    }

    /// As a header field the kernel declares as `int`.
    pub(crate) const fn c_int(self) -> i32 {
        self.0 as i32
    }
}

impl From<u32> for IfIndex {
    fn from(index: u32) -> Self {
        IfIndex(index)
    }
}

impl From<IfIndex> for u32 {
    fn from(index: IfIndex) -> u32 {
        index.0
    }
}

impl std::fmt::Display for IfIndex {
    /// The decimal number.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_u32_and_c_int() {
        for n in [0u32, 1, 42, i32::MAX as u32] {
            let i = IfIndex::from(n);
            assert_eq!(u32::from(i), n);
            assert_eq!(i.get(), n);
            assert_eq!(IfIndex::from_c_int(i.c_int()), i);
            assert_eq!(i.to_string(), n.to_string());
        }
        assert_eq!(IfIndex::default(), IfIndex::new(0));
    }
}
