//! Layer 4: the C ABI.
