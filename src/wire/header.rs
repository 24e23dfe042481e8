//! The fixed headers of netlink messages, as `repr(C)` types with compile-time size checks.
//!
//! Each is read and written field by field in native byte order, so no unsafe code and no
//! alignment requirement: a header may start at any offset of a received buffer.

use super::error::ParseError;

/// A fixed-size header that precedes a message's attributes.
pub trait FixedHeader: Sized + Copy {
    /// Size on the wire, which equals `size_of::<Self>()` (checked at compile time).
    const LEN: usize;
    /// Reads the header from the first [`Self::LEN`] bytes of `bytes`.
    fn parse(bytes: &[u8]) -> Result<Self, ParseError>;
    /// Writes the header into the first [`Self::LEN`] bytes of `out`.
    ///
    /// `out` must hold at least [`Self::LEN`] bytes.
    fn write(&self, out: &mut [u8]);
}

macro_rules! fixed_header {
    ($(#[$meta:meta])* $name:ident, $len:literal { $($(#[$fmeta:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[repr(C)]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        const _: () = assert!(core::mem::size_of::<$name>() == $len);

        impl FixedHeader for $name {
            const LEN: usize = $len;

            #[inline]
            fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
                if bytes.len() < $len {
                    return Err(ParseError::FixedHeaderTruncated { need: $len, have: bytes.len() });
                }
                Ok(Self {
                    $($field: {
                        const OFF: usize = core::mem::offset_of!($name, $field);
                        const SZ: usize = core::mem::size_of::<$ty>();
                        let mut raw = [0u8; SZ];
                        raw.copy_from_slice(&bytes[OFF..OFF + SZ]);
                        <$ty>::from_ne_bytes(raw)
                    },)*
                })
            }

            fn write(&self, out: &mut [u8]) {
                $({
                    const OFF: usize = core::mem::offset_of!($name, $field);
                    const SZ: usize = core::mem::size_of::<$ty>();
                    out[OFF..OFF + SZ].copy_from_slice(&self.$field.to_ne_bytes());
                })*
            }
        }
    };
}

fixed_header!(
    /// `struct nlmsghdr`: the header of every netlink message.
    NlMsgHdr, 16 {
        /// Length of the message, header included.
        len: u32,
        /// Message type: a control type (`NLMSG_*`) or a family's.
        ty: u16,
        /// `NLM_F_*` flags.
        flags: u16,
        /// Sequence number.
        seq: u32,
        /// Sender's port id (0 for the kernel).
        pid: u32,
    }
);

fixed_header!(
    /// `struct nlmsgerr`'s fixed part: the error and the header of the request it answers.
    NlMsgErr, 20 {
        /// 0 for an ACK, otherwise a negative errno.
        error: i32,
        /// Length field of the request.
        req_len: u32,
        /// Type of the request.
        req_ty: u16,
        /// Flags of the request.
        req_flags: u16,
        /// Sequence number of the request.
        req_seq: u32,
        /// Port id of the request.
        req_pid: u32,
    }
);

fixed_header!(
    /// `struct ifinfomsg`: the header of `RTM_*LINK` messages.
    IfInfoMsg, 16 {
        /// Address family, `AF_UNSPEC` for links.
        family: u8,
        /// Padding, 0.
        pad: u8,
        /// Device type (`ARPHRD_*`).
        ty: u16,
        /// Interface index.
        index: i32,
        /// `IFF_*` flags.
        flags: u32,
        /// Which flags to change: 0 unless flags are meant to change.
        change: u32,
    }
);

fixed_header!(
    /// `struct ifaddrmsg`: the header of `RTM_*ADDR` messages.
    IfAddrMsg, 8 {
        /// `AF_INET` or `AF_INET6`.
        family: u8,
        /// Prefix length.
        prefixlen: u8,
        /// `IFA_F_*` flags (the first 8; `IFA_FLAGS` holds all 32).
        flags: u8,
        /// Address scope.
        scope: u8,
        /// Interface index.
        index: u32,
    }
);

fixed_header!(
    /// `struct rtmsg`: the header of `RTM_*ROUTE` messages.
    RtMsg, 12 {
        /// Address family.
        family: u8,
        /// Destination prefix length.
        dst_len: u8,
        /// Source prefix length.
        src_len: u8,
        /// Type of service.
        tos: u8,
        /// Routing table id if below 256 (`RTA_TABLE` holds all 32 bits).
        table: u8,
        /// Routing protocol (`RTPROT_*`).
        protocol: u8,
        /// Scope (`RT_SCOPE_*`).
        scope: u8,
        /// Route type (`RTN_*`).
        ty: u8,
        /// `RTM_F_*` flags.
        flags: u32,
    }
);

fixed_header!(
    /// `struct ndmsg`: the header of `RTM_*NEIGH` messages.
    NdMsg, 12 {
        /// Address family.
        family: u8,
        /// Padding, 0.
        pad1: u8,
        /// Padding, 0.
        pad2: u16,
        /// Interface index.
        ifindex: i32,
        /// `NUD_*` state.
        state: u16,
        /// `NTF_*` flags.
        flags: u8,
        /// Neighbour type.
        ty: u8,
    }
);

fixed_header!(
    /// `struct rtgenmsg`: the one-byte header of generic rtnetlink requests.
    RtGenMsg, 1 {
        /// Address family.
        family: u8,
    }
);

fixed_header!(
    /// `struct genlmsghdr`: the header of generic netlink messages.
    GenlMsgHdr, 4 {
        /// Command.
        cmd: u8,
        /// The family's version.
        version: u8,
        /// Reserved, 0.
        reserved: u16,
    }
);

fixed_header!(
    /// `struct rtnexthop`: one path inside `RTA_MULTIPATH`, followed by its attributes.
    RtNexthop, 8 {
        /// Length of the path, attributes included.
        len: u16,
        /// `RTNH_F_*` flags.
        flags: u8,
        /// Weight minus one.
        hops: u8,
        /// Output interface index.
        ifindex: i32,
    }
);
