//! Decoding the kernel's answers: `NLMSG_ERROR` (ACK or error), `NLMSG_DONE` (end of a dump, or
//! a dump's error) and their extended-ACK attributes.

use super::align;
use super::attr::AttrIter;
use super::consts::*;
use super::error::ParseError;
use super::header::{FixedHeader, NlMsgErr};
use super::msg::Msg;

/// What one received message is, as the conversation engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reply<'a> {
    /// A family message: an answer, a dump entry or a notification.
    Data(Msg<'a>),
    /// `NLMSG_ERROR` with error 0: success, perhaps with a warning in its extended ACK.
    Ack(ErrorMsg<'a>),
    /// `NLMSG_ERROR` with a negative errno.
    Error(ErrorMsg<'a>),
    /// `NLMSG_DONE`: the end of a dump, successful or not.
    Done(DoneMsg<'a>),
    /// `NLMSG_NOOP`, to be ignored.
    Noop,
    /// `NLMSG_OVERRUN` (never sent by current kernels): data was lost.
    Overrun,
}

impl<'a> Reply<'a> {
    /// Classifies `msg`, decoding control messages.
    pub fn classify(msg: Msg<'a>) -> Result<Self, ParseError> {
        Ok(match msg.ty() {
            NLMSG_ERROR => {
                let e = ErrorMsg::decode(&msg)?;
                if e.errno() == 0 {
                    Reply::Ack(e)
                } else {
                    Reply::Error(e)
                }
            }
            NLMSG_DONE => Reply::Done(DoneMsg::decode(&msg)?),
            NLMSG_NOOP => Reply::Noop,
            NLMSG_OVERRUN => Reply::Overrun,
            _ => Reply::Data(msg),
        })
    }
}

/// The extended-ACK attributes of an `NLMSG_ERROR` or `NLMSG_DONE`, borrowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtAck<'a> {
    /// `NLMSGERR_ATTR_MSG`: the kernel's text, as bytes without the NUL (they need not be
    /// UTF-8: the text may quote an interface name); [`ExtAck::message_text`] reads it.
    pub message: Option<&'a [u8]>,
    /// `NLMSGERR_ATTR_OFFS`: byte offset of the offending attribute in the request.
    pub offset: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: type of a missing attribute.
    pub miss_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest that misses it.
    pub miss_nest: Option<u32>,
    /// `NLMSGERR_ATTR_COOKIE`: an opaque cookie.
    pub cookie: Option<&'a [u8]>,
    /// `NLMSGERR_ATTR_POLICY`: the policy of the offending attribute, as raw attributes.
    pub policy: Option<&'a [u8]>,
}

impl<'a> ExtAck<'a> {
    fn decode(tlvs: &'a [u8]) -> Result<Self, ParseError> {
        let mut ext = ExtAck::default();
        for attr in AttrIter::new(tlvs) {
            let attr = attr?;
            match attr.kind() {
                // The bytes as sent: the text can quote an interface name, which need not
                // be UTF-8, and must not cost the caller the errno or the ACK.
                NLMSGERR_ATTR_MSG => ext.message = Some(attr.cstr_bytes()?),
                NLMSGERR_ATTR_OFFS => ext.offset = Some(attr.u32()?),
                NLMSGERR_ATTR_MISS_TYPE => ext.miss_type = Some(attr.u32()?),
                NLMSGERR_ATTR_MISS_NEST => ext.miss_nest = Some(attr.u32()?),
                NLMSGERR_ATTR_COOKIE => ext.cookie = Some(attr.payload()),
                NLMSGERR_ATTR_POLICY => ext.policy = Some(attr.payload()),
                // Newer kernels may add attributes; they do not change the outcome.
                _ => {}
            }
        }
        Ok(ext)
    }

    /// The kernel's text, with bytes that are not UTF-8 replaced by U+FFFD.
    pub fn message_text(&self) -> Option<std::borrow::Cow<'a, str>> {
        self.message.map(String::from_utf8_lossy)
    }

    /// Whether the kernel sent no extended-ACK attribute at all.
    pub fn is_empty(&self) -> bool {
        *self == ExtAck::default()
    }

    /// An owned copy, with the offending attribute's offset mapped to its path in `request`
    /// (the whole request message, whose family header is `fixed_len` bytes).
    pub fn to_info(&self, request: Option<(&[u8], usize)>) -> ExtAckInfo {
        let attr_path = match (self.offset, request) {
            (Some(offs), Some((req, fixed_len))) => attr_path_at(req, fixed_len, offs),
            _ => Vec::new(),
        };
        ExtAckInfo {
            message: self.message_text().map(std::borrow::Cow::into_owned),
            offset: self.offset,
            attr_path,
            miss_type: self.miss_type,
            miss_nest: self.miss_nest,
            cookie: self.cookie.map(<[u8]>::to_vec),
            policy: self.policy.map(<[u8]>::to_vec),
        }
    }
}

/// An owned extended ACK, kept after the datagram it came in is gone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtAckInfo {
    /// The kernel's text (bytes that are not UTF-8 replaced by U+FFFD).
    pub message: Option<String>,
    /// Byte offset of the offending attribute in the request.
    pub offset: Option<u32>,
    /// Types of the attributes leading to the offending one, outermost first, e.g.
    /// `[IFLA_LINKINFO, IFLA_INFO_KIND]`; empty when there is no offset or it points at no
    /// attribute.
    pub attr_path: Vec<u16>,
    /// Type of a missing attribute.
    pub miss_type: Option<u32>,
    /// Offset of the nest missing an attribute.
    pub miss_nest: Option<u32>,
    /// Opaque cookie.
    pub cookie: Option<Vec<u8>>,
    /// Policy of the offending attribute, as raw attributes.
    pub policy: Option<Vec<u8>>,
}

/// Maps a byte offset in `request` (a whole message, header included, whose family header is
/// `fixed_len` bytes) to the types of the attributes that contain it, outermost first.
///
/// Descends into attributes flagged `NLA_F_NESTED` (nlrs sets it on every nest it builds).
/// Returns what it could resolve; malformed requests end the walk early.
pub fn attr_path_at(request: &[u8], fixed_len: usize, offset: u32) -> Vec<u16> {
    let offset = offset as usize;
    let mut path = Vec::new();
    let mut start = NLMSG_HDRLEN + align(fixed_len.min(request.len()));
    let mut end = request.len();
    'outer: while start < end {
        for attr in AttrIter::new(&request[start..end]) {
            let Ok(attr) = attr else { break 'outer };
            // Payload pointers are into `request`, so their position gives the attribute's.
            let payload_at = attr.payload().as_ptr() as usize - request.as_ptr() as usize;
            let attr_at = payload_at - NLA_HDRLEN;
            let attr_end = payload_at + attr.payload().len();
            if offset < attr_at {
                break 'outer;
            }
            if offset < attr_end {
                path.push(attr.kind());
                if attr.is_nested() && offset >= payload_at {
                    start = payload_at;
                    end = attr_end;
                    continue 'outer;
                }
                break 'outer;
            }
        }
        break;
    }
    path
}

/// A decoded `NLMSG_ERROR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorMsg<'a> {
    err: NlMsgErr,
    capped: bool,
    ext: ExtAck<'a>,
}

impl<'a> ErrorMsg<'a> {
    /// Decodes the payload of an `NLMSG_ERROR` message.
    pub fn decode(msg: &Msg<'a>) -> Result<Self, ParseError> {
        let payload = msg.payload();
        let control = |need| ParseError::ControlTruncated {
            msg_type: NLMSG_ERROR,
            need,
            have: payload.len(),
        };
        let err = NlMsgErr::parse(payload).map_err(|_| control(NlMsgErr::LEN))?;
        check_errno(NLMSG_ERROR, err.error)?;
        let mut capped = msg.flags() & NLM_F_CAPPED != 0;
        // Without CAP_ACK the kernel echoes the request's payload after its header.
        let mut tlv_at = NlMsgErr::LEN;
        if !capped {
            let echoed = (err.req_len as usize).saturating_sub(NLMSG_HDRLEN);
            // Compared without adding first: on 32-bit targets a hostile `req_len` would
            // overflow the sum and slip past the check.
            let fits = echoed <= payload.len() - NlMsgErr::LEN;
            if fits {
                tlv_at += align(echoed);
            } else if err.error == 0 {
                // Kernels before 4.12 (no NLM_F_CAPPED yet) echo only the request's header
                // in an ACK, though its `nlmsg_len` counts the whole request: capped.
                capped = true;
            } else {
                return Err(control(NlMsgErr::LEN.saturating_add(echoed)));
            }
        }
        let ext = if msg.flags() & NLM_F_ACK_TLVS != 0 {
            ExtAck::decode(&payload[tlv_at.min(payload.len())..])?
        } else {
            ExtAck::default()
        };
        Ok(Self { err, capped, ext })
    }

    /// The errno: 0 for an ACK, otherwise positive (`ENODEV`, not `-ENODEV`), at most
    /// [`MAX_ERRNO`] (the decoder refuses anything else).
    pub fn errno(&self) -> i32 {
        -self.err.error
    }

    /// The fixed part: error and the request's header.
    pub fn raw(&self) -> &NlMsgErr {
        &self.err
    }

    /// Whether the request's payload was left out (`NLM_F_CAPPED`, or an ACK of a kernel
    /// before 4.12, which echoes only the request's header).
    pub fn capped(&self) -> bool {
        self.capped
    }

    /// The extended-ACK attributes.
    pub fn ext_ack(&self) -> &ExtAck<'a> {
        &self.ext
    }
}

/// A decoded `NLMSG_DONE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoneMsg<'a> {
    error: i32,
    ext: ExtAck<'a>,
}

impl<'a> DoneMsg<'a> {
    /// Decodes the payload of an `NLMSG_DONE` message. An empty payload, which some older
    /// families send, is a success.
    pub fn decode(msg: &Msg<'a>) -> Result<Self, ParseError> {
        let payload = msg.payload();
        if payload.is_empty() {
            return Ok(Self {
                error: 0,
                ext: ExtAck::default(),
            });
        }
        let Some(raw) = payload.get(..4) else {
            return Err(ParseError::ControlTruncated {
                msg_type: NLMSG_DONE,
                need: 4,
                have: payload.len(),
            });
        };
        let error = i32::from_ne_bytes([raw[0], raw[1], raw[2], raw[3]]);
        check_errno(NLMSG_DONE, error)?;
        let ext = if msg.flags() & NLM_F_ACK_TLVS != 0 {
            ExtAck::decode(&payload[4..])?
        } else {
            ExtAck::default()
        };
        Ok(Self { error, ext })
    }

    /// 0 when the dump succeeded, otherwise the positive errno, at most [`MAX_ERRNO`] (the
    /// decoder refuses anything else).
    pub fn errno(&self) -> i32 {
        -self.error
    }

    /// The extended-ACK attributes.
    pub fn ext_ack(&self) -> &ExtAck<'a> {
        &self.ext
    }
}

/// Checks the error field of an `NLMSG_ERROR` or `NLMSG_DONE`: 0 or a negative errno. A
/// positive value, or one below `-MAX_ERRNO` (whose negation would read as an nlrs code, or
/// overflow), is malformed: passed on, it would reach C callers as a result that is not an
/// error code.
fn check_errno(msg_type: u16, error: i32) -> Result<(), ParseError> {
    if (-MAX_ERRNO..=0).contains(&error) {
        Ok(())
    } else {
        Err(ParseError::BadErrno { msg_type, error })
    }
}
