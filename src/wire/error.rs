//! Errors of the codec: what is wrong with bytes that were read, or with a message being built.

use thiserror::Error;

/// Why a datagram, message or attribute could not be read.
///
/// Every variant is malformed input; the socket layer reports all of them as `EBADMSG`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Fewer bytes remain than a netlink message header (16) needs.
    #[error("truncated message header: {have} bytes left, 16 needed")]
    HeaderTruncated {
        /// Bytes left in the datagram.
        have: usize,
    },
    /// `nlmsg_len` is shorter than the header or longer than the bytes left.
    #[error("bad message length {nlmsg_len}: {have} bytes left in the datagram")]
    MsgLen {
        /// The declared `nlmsg_len`.
        nlmsg_len: u32,
        /// Bytes left in the datagram.
        have: usize,
    },
    /// Fewer bytes remain than an attribute header (4) needs.
    #[error("truncated attribute header: {have} bytes left, 4 needed")]
    AttrHeaderTruncated {
        /// Bytes left in the container.
        have: usize,
    },
    /// `nla_len` is shorter than the attribute header or overruns its container.
    #[error("bad length {nla_len} of attribute type {attr_type}: {have} bytes left")]
    AttrLen {
        /// The attribute's type, flags masked off.
        attr_type: u16,
        /// The declared `nla_len`.
        nla_len: u16,
        /// Bytes left in the container.
        have: usize,
    },
    /// The payload is shorter than the fixed family header it must start with.
    #[error("payload of {have} bytes is shorter than its {need}-byte family header")]
    FixedHeaderTruncated {
        /// Size of the family header.
        need: usize,
        /// Bytes of payload.
        have: usize,
    },
    /// A typed read found a payload of the wrong size.
    #[error("attribute type {attr_type} has {have} bytes, {expected} expected")]
    PayloadLen {
        /// The attribute's type, flags masked off.
        attr_type: u16,
        /// The size the typed read needs.
        expected: usize,
        /// The payload's size.
        have: usize,
    },
    /// A string attribute without its terminating NUL.
    #[error("string attribute type {attr_type} is not NUL-terminated")]
    StringNotTerminated {
        /// The attribute's type, flags masked off.
        attr_type: u16,
    },
    /// A string attribute that is not valid UTF-8 (read it as bytes instead).
    #[error("string attribute type {attr_type} is not valid UTF-8")]
    StringNotUtf8 {
        /// The attribute's type, flags masked off.
        attr_type: u16,
    },
    /// A prefix length longer than its address (a route's `rtm_dst_len` of 33 for IPv4).
    #[error("prefix length {len} is longer than the address's {max} bits")]
    PrefixLen {
        /// The length sent.
        len: u8,
        /// The address's bits.
        max: u8,
    },
    /// An attribute the message must carry is absent.
    #[error("required attribute type {attr_type} is missing")]
    MissingAttr {
        /// The attribute's type.
        attr_type: u16,
    },
    /// An `NLMSG_ERROR` or `NLMSG_DONE` payload too short for its fixed part.
    #[error("control message type {msg_type} has a {have}-byte payload, {need} needed")]
    ControlTruncated {
        /// `NLMSG_ERROR` or `NLMSG_DONE`.
        msg_type: u16,
        /// Bytes needed.
        need: usize,
        /// Bytes present.
        have: usize,
    },
    /// An `NLMSG_ERROR` or `NLMSG_DONE` whose error is neither 0 nor a negative errno
    /// (`-1` to `-4095`, Linux's `MAX_ERRNO`): no kernel sends one.
    #[error("control message type {msg_type} carries error {error}, not 0 or a negative errno")]
    BadErrno {
        /// `NLMSG_ERROR` or `NLMSG_DONE`.
        msg_type: u16,
        /// The error field as sent.
        error: i32,
    },
}

/// Why a message could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An attribute (or nest) would be longer than `nla_len` can say (65535 bytes).
    #[error("attribute type {attr_type} would be {len} bytes, more than 65535")]
    AttrTooLong {
        /// The attribute's type.
        attr_type: u16,
        /// Its would-be length, header included.
        len: usize,
    },
    /// The message would be longer than `nlmsg_len` can say.
    #[error("message would be {len} bytes, more than 4 GiB")]
    MsgTooLong {
        /// Its would-be length.
        len: usize,
    },
    /// The family header was set after attributes had been added, or set twice.
    #[error("the family header must be set once, before any attribute")]
    FixedHeaderOrder,
    /// A nest was closed out of order, or was not opened by this builder.
    #[error("nest closed out of order")]
    NestOrder,
    /// The message was sent or finished while a nest was still open.
    #[error("{open} nest(s) still open")]
    NestOpen {
        /// How many nests are open.
        open: usize,
    },
}
