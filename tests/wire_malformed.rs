//! Malformed input, one case at a time, each with the exact error it must produce.
//!
//! NETLINK.md items 26-29: bad lengths are errors the caller can see, never an overread, a loop
//! or a panic; missing trailing padding is accepted; 64-bit values are read unaligned; unknown
//! types are kept raw. Builder misuse gets the same treatment at the end of the file.

use nlrs::wire::ack::attr_path_at;
use nlrs::wire::consts::*;
use nlrs::wire::names::attr_path_text;
use nlrs::wire::{
    Attr, AttrIter, Batch, BuildError, DoneMsg, ErrorMsg, FixedHeader, GenlMsgHdr, IfAddrMsg,
    IfInfoMsg, Msg, MsgBuilder, MsgIter, NdMsg, NlMsgHdr, ParseError, Reply, RtGenMsg, RtMsg,
};

const ENODEV: i32 = 19;
const EINVAL: i32 = 22;
const EOPNOTSUPP: i32 = 95;

// ---- raw byte helpers: no nlrs code involved, so a builder bug cannot mask a parser bug ----

fn nlhdr(len: u32, ty: u16, flags: u16, seq: u32, pid: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(16);
    v.extend_from_slice(&len.to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(&flags.to_ne_bytes());
    v.extend_from_slice(&seq.to_ne_bytes());
    v.extend_from_slice(&pid.to_ne_bytes());
    v
}

/// A message whose `nlmsg_len` covers exactly `payload`, with no trailing padding.
fn msg(ty: u16, flags: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = nlhdr(16 + payload.len() as u32, ty, flags, 7, 0);
    v.extend_from_slice(payload);
    v
}

/// An attribute with an arbitrary `nla_len`, not padded.
fn raw_attr(nla_len: u16, ty: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&nla_len.to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(payload);
    v
}

/// A well-formed attribute, padded to 4 bytes.
fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = raw_attr(4 + payload.len() as u16, ty, payload);
    v.resize(v.len().next_multiple_of(4), 0);
    v
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn pad4(mut v: Vec<u8>) -> Vec<u8> {
    v.resize(v.len().next_multiple_of(4), 0);
    v
}

/// `NLMSG_ERROR` as the kernel lays it out: error, the request's header (and, when not
/// capped, its payload), padding, then the TLVs.
fn error_msg(error: i32, flags: u16, request: &[u8], tlvs: &[u8]) -> Vec<u8> {
    let mut payload = error.to_ne_bytes().to_vec();
    if flags & NLM_F_CAPPED != 0 {
        payload.extend_from_slice(&request[..16]);
    } else {
        payload.extend_from_slice(request);
    }
    let mut payload = pad4(payload);
    payload.extend_from_slice(tlvs);
    msg(NLMSG_ERROR, flags, &payload)
}

fn done_msg(flags: u16, payload: &[u8]) -> Vec<u8> {
    msg(NLMSG_DONE, NLM_F_MULTI | flags, payload)
}

fn some_request() -> Vec<u8> {
    msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, &[0u8; 16])
}

// ---- outcome collectors, with the termination bound every iterator must meet ----

type MsgOutcome = Result<(u16, usize), ParseError>;

/// Every item `MsgIter` yields, asserting that it stops: each `Ok` consumes at least 16 bytes
/// and at most one `Err` comes, after which it yields `None` for good.
fn msgs(buf: &[u8]) -> Vec<MsgOutcome> {
    let mut it = MsgIter::new(buf);
    let mut out = Vec::new();
    for _ in 0..=buf.len() / 16 + 1 {
        match it.next() {
            Some(item) => out.push(item.map(|m| (m.ty(), m.bytes().len()))),
            None => break,
        }
    }
    assert!(it.next().is_none(), "MsgIter did not stop");
    assert!(it.next().is_none(), "MsgIter resumed after None");
    let errors = out.iter().filter(|r| r.is_err()).count();
    assert!(errors <= 1, "more than one error: {out:?}");
    if errors == 1 {
        assert!(
            out.last().unwrap().is_err(),
            "items after an error: {out:?}"
        );
    }
    out
}

type AttrOutcome = Result<(u16, Vec<u8>), ParseError>;

fn attrs_of(iter: AttrIter<'_>, len: usize) -> Vec<AttrOutcome> {
    let mut it = iter;
    let mut out = Vec::new();
    for _ in 0..=len / 4 + 1 {
        match it.next() {
            Some(item) => out.push(item.map(|a| (a.raw_type(), a.payload().to_vec()))),
            None => break,
        }
    }
    assert!(it.next().is_none(), "AttrIter did not stop");
    let errors = out.iter().filter(|r| r.is_err()).count();
    assert!(errors <= 1, "more than one error: {out:?}");
    if errors == 1 {
        assert!(
            out.last().unwrap().is_err(),
            "items after an error: {out:?}"
        );
    }
    out
}

fn attrs(buf: &[u8]) -> Vec<AttrOutcome> {
    attrs_of(AttrIter::new(buf), buf.len())
}

/// The first attribute of `buf`, which must be well-formed.
fn first_attr(buf: &[u8]) -> Attr<'_> {
    AttrIter::new(buf).next().unwrap().unwrap()
}

// ---- message headers and lengths (item 26) ----

#[test]
fn truncated_message_header_at_every_length() {
    let full = msg(RTM_NEWLINK, 0, &[0; 4]);
    assert!(
        msgs(&full[..0]).is_empty(),
        "an empty datagram holds no message"
    );
    assert_eq!(
        Msg::parse(&full[..0]),
        Err(ParseError::HeaderTruncated { have: 0 })
    );
    for n in 1..16 {
        assert_eq!(
            msgs(&full[..n]),
            [Err(ParseError::HeaderTruncated { have: n })],
            "{n} bytes"
        );
    }
}

#[test]
fn nlmsg_len_shorter_than_header() {
    for len in [0u32, 1, 4, 15] {
        let mut buf = nlhdr(len, RTM_NEWLINK, 0, 1, 0);
        // Trailing bytes must not tempt the iterator into a second (or endless) pass.
        buf.extend_from_slice(&[0; 48]);
        assert_eq!(
            msgs(&buf),
            [Err(ParseError::MsgLen {
                nlmsg_len: len,
                have: 64
            })],
            "nlmsg_len {len}"
        );
    }
}

#[test]
fn nlmsg_len_longer_than_datagram() {
    for len in [17u32, 20, 0x1_0000, u32::MAX] {
        let buf = nlhdr(len, RTM_NEWLINK, 0, 1, 0);
        assert_eq!(
            msgs(&buf),
            [Err(ParseError::MsgLen {
                nlmsg_len: len,
                have: 16
            })]
        );
    }
}

#[test]
fn second_message_overruns_datagram() {
    let first = msg(RTM_NEWLINK, 0, &[0; 16]);
    let mut second = nlhdr(40, RTM_NEWADDR, 0, 2, 0);
    second.extend_from_slice(&[0; 4]);
    assert_eq!(
        msgs(&cat(&[&first, &second])),
        [
            Ok((RTM_NEWLINK, 32)),
            Err(ParseError::MsgLen {
                nlmsg_len: 40,
                have: 20
            })
        ]
    );
}

#[test]
fn second_message_header_truncated() {
    let first = msg(RTM_NEWLINK, 0, &[0; 16]);
    assert_eq!(
        msgs(&cat(&[&first, &[1, 2, 3, 4, 5]])),
        [
            Ok((RTM_NEWLINK, 32)),
            Err(ParseError::HeaderTruncated { have: 5 })
        ]
    );
}

#[test]
fn message_iterator_stops_after_first_error() {
    let good = msg(RTM_NEWLINK, 0, &[0; 4]);
    let bad = nlhdr(0, RTM_NEWADDR, 0, 2, 0);
    let buf = cat(&[&good, &bad, &good, &good]);
    let mut it = MsgIter::new(&buf);
    assert!(it.next().unwrap().is_ok());
    assert_eq!(
        it.next(),
        Some(Err(ParseError::MsgLen {
            nlmsg_len: 0,
            have: 16 + 2 * 20
        }))
    );
    assert!(it.remaining().is_empty());
    for _ in 0..100 {
        assert_eq!(it.next(), None);
    }
}

// ---- attribute lengths (item 26) ----

#[test]
fn attribute_header_truncated() {
    for n in 1..4 {
        assert_eq!(
            attrs(&[0xff; 3][..n]),
            [Err(ParseError::AttrHeaderTruncated { have: n })]
        );
    }
    let buf = cat(&[&attr(1, &[9]), &[8, 0]]);
    assert_eq!(
        attrs(&buf),
        [
            Ok((1, vec![9])),
            Err(ParseError::AttrHeaderTruncated { have: 2 })
        ]
    );
}

#[test]
fn nla_len_shorter_than_header() {
    for nla_len in 0u16..4 {
        // The type is reported with its flags masked off.
        let buf = cat(&[&raw_attr(nla_len, NLA_F_NESTED | 5, &[]), &attr(1, &[1; 8])]);
        assert_eq!(
            attrs(&buf),
            [Err(ParseError::AttrLen {
                attr_type: 5,
                nla_len,
                have: 16
            })],
            "nla_len {nla_len}"
        );
    }
}

#[test]
fn nla_len_overruns_container() {
    assert_eq!(
        attrs(&raw_attr(9, 3, &[0; 4])),
        [Err(ParseError::AttrLen {
            attr_type: 3,
            nla_len: 9,
            have: 8
        })]
    );
    assert_eq!(
        attrs(&raw_attr(u16::MAX, 3, &[0; 60])),
        [Err(ParseError::AttrLen {
            attr_type: 3,
            nla_len: u16::MAX,
            have: 64
        })]
    );
    let buf = cat(&[&attr(1, &[1, 2, 3, 4]), &raw_attr(12, 2, &[0; 4])]);
    assert_eq!(
        attrs(&buf),
        [
            Ok((1, vec![1, 2, 3, 4])),
            Err(ParseError::AttrLen {
                attr_type: 2,
                nla_len: 12,
                have: 8
            })
        ]
    );
}

#[test]
fn nested_attribute_overruns_its_parent_nest() {
    // The inner attribute claims 12 bytes; its parent gives it 8. The sibling that follows
    // would make the claim look satisfiable if the parser read past the nest.
    let inner = raw_attr(12, 1, &[0xaa; 4]);
    let outer = attr(ifla::LINKINFO | NLA_F_NESTED, &inner);
    let sibling = attr(ifla::MTU, &1500u32.to_ne_bytes());
    let buf = cat(&[&outer, &sibling]);
    let top = attrs(&buf);
    assert_eq!(top.len(), 2);
    assert!(top.iter().all(Result::is_ok));
    let nest = first_attr(&buf);
    assert_eq!(nest.payload().len(), 8);
    assert_eq!(
        attrs_of(nest.nested(), 8),
        [Err(ParseError::AttrLen {
            attr_type: 1,
            nla_len: 12,
            have: 8
        })]
    );
    assert_eq!(
        nest.nested().find(2),
        Err(ParseError::AttrLen {
            attr_type: 1,
            nla_len: 12,
            have: 8
        })
    );
}

#[test]
fn attribute_overruns_its_message() {
    // nlmsg_len stops 4 bytes into the attribute's payload; the datagram goes on.
    let a = attr(ifla::MTU, &1500u32.to_ne_bytes());
    let mut buf = nlhdr(16 + 16 + 4, RTM_NEWLINK, 0, 1, 0);
    buf.extend_from_slice(&[0; 16]);
    buf.extend_from_slice(&a);
    buf.extend_from_slice(&[0; 16]);
    let m = Msg::parse(&buf).unwrap();
    assert_eq!(
        attrs_of(m.attrs::<IfInfoMsg>().unwrap(), 8),
        [Err(ParseError::AttrLen {
            attr_type: ifla::MTU,
            nla_len: 8,
            have: 4
        })]
    );
}

#[test]
fn attribute_iterator_stops_after_first_error() {
    let buf = cat(&[
        &attr(1, &[1]),
        &raw_attr(0, 2, &[]),
        &attr(3, &[3]),
        &attr(4, &[4]),
    ]);
    let mut it = AttrIter::new(&buf);
    assert!(it.next().unwrap().is_ok());
    assert!(matches!(
        it.next(),
        Some(Err(ParseError::AttrLen {
            attr_type: 2,
            nla_len: 0,
            ..
        }))
    ));
    for _ in 0..100 {
        assert_eq!(it.next(), None);
    }
    // `find` must not look past the error for a later match.
    assert!(AttrIter::new(&buf).find(4).is_err());
    assert_eq!(AttrIter::new(&buf).find(1).unwrap().unwrap().payload(), [1]);
}

// ---- family headers (item 26) ----

#[test]
fn family_header_longer_than_payload() {
    let m8 = msg(RTM_NEWLINK, 0, &[0; 8]);
    let m = Msg::parse(&m8).unwrap();
    assert_eq!(
        m.fixed::<IfInfoMsg>(),
        Err(ParseError::FixedHeaderTruncated { need: 16, have: 8 })
    );
    assert_eq!(
        m.attrs::<IfInfoMsg>().err(),
        Some(ParseError::FixedHeaderTruncated { need: 16, have: 8 })
    );

    let m11 = msg(RTM_NEWROUTE, 0, &[0; 11]);
    let m = Msg::parse(&m11).unwrap();
    assert_eq!(
        m.attrs::<RtMsg>().err(),
        Some(ParseError::FixedHeaderTruncated { need: 12, have: 11 })
    );
    assert_eq!(
        m.fixed::<NdMsg>(),
        Err(ParseError::FixedHeaderTruncated { need: 12, have: 11 })
    );

    let m0 = msg(genl::ID_CTRL, 0, &[]);
    let m = Msg::parse(&m0).unwrap();
    assert_eq!(
        m.fixed::<GenlMsgHdr>(),
        Err(ParseError::FixedHeaderTruncated { need: 4, have: 0 })
    );
    assert_eq!(
        m.attrs::<RtGenMsg>().err(),
        Some(ParseError::FixedHeaderTruncated { need: 1, have: 0 })
    );

    let m7 = msg(RTM_NEWADDR, 0, &[0; 7]);
    assert_eq!(
        Msg::parse(&m7).unwrap().fixed::<IfAddrMsg>(),
        Err(ParseError::FixedHeaderTruncated { need: 8, have: 7 })
    );
}

#[test]
fn family_header_filling_the_payload_leaves_no_attributes() {
    let m = msg(RTM_NEWROUTE, 0, &[0; 12]);
    assert_eq!(Msg::parse(&m).unwrap().attrs::<RtMsg>().unwrap().count(), 0);
    // A one-byte header whose padding was left off (item 27).
    let m = msg(RTM_GETLINK, 0, &[AF_INET]);
    let m = Msg::parse(&m).unwrap();
    assert_eq!(m.fixed::<RtGenMsg>(), Ok(RtGenMsg { family: AF_INET }));
    assert_eq!(m.attrs::<RtGenMsg>().unwrap().count(), 0);
}

// ---- NLMSG_ERROR and NLMSG_DONE ----

#[test]
fn error_payload_shorter_than_nlmsgerr() {
    for n in 0..20 {
        let buf = msg(NLMSG_ERROR, 0, &vec![0xff; n]);
        let m = Msg::parse(&buf).unwrap();
        let want = ParseError::ControlTruncated {
            msg_type: NLMSG_ERROR,
            need: 20,
            have: n,
        };
        assert_eq!(Reply::classify(m), Err(want.clone()), "{n} bytes");
        assert_eq!(ErrorMsg::decode(&m), Err(want));
    }
}

#[test]
fn uncapped_error_whose_echoed_request_overruns() {
    // The echoed header says 100 bytes, but none of the request's payload follows.
    let mut req = some_request();
    req[..4].copy_from_slice(&100u32.to_ne_bytes());
    let buf = msg(
        NLMSG_ERROR,
        0,
        &cat(&[&(-EINVAL).to_ne_bytes(), &req[..16]]),
    );
    let m = Msg::parse(&buf).unwrap();
    assert_eq!(
        Reply::classify(m),
        Err(ParseError::ControlTruncated {
            msg_type: NLMSG_ERROR,
            need: 104,
            have: 20
        })
    );

    // One byte short.
    let mut req = msg(RTM_NEWLINK, 0, &[0; 21]);
    let full = error_msg(-EINVAL, 0, &req, &[]);
    assert!(Reply::classify(Msg::parse(&full).unwrap()).is_ok());
    req.pop();
    let buf = msg(NLMSG_ERROR, 0, &cat(&[&(-EINVAL).to_ne_bytes(), &req]));
    assert_eq!(
        ErrorMsg::decode(&Msg::parse(&buf).unwrap()),
        Err(ParseError::ControlTruncated {
            msg_type: NLMSG_ERROR,
            need: 20 + 21,
            have: 20 + 20
        })
    );

    // The largest req_len a header can hold.
    let mut hdr = some_request();
    hdr[..4].copy_from_slice(&u32::MAX.to_ne_bytes());
    let buf = msg(
        NLMSG_ERROR,
        0,
        &cat(&[&(-EINVAL).to_ne_bytes(), &hdr[..16]]),
    );
    assert_eq!(
        ErrorMsg::decode(&Msg::parse(&buf).unwrap()),
        Err(ParseError::ControlTruncated {
            msg_type: NLMSG_ERROR,
            need: 20 + (u32::MAX as usize - 16),
            have: 20
        })
    );
}

fn decode_error_tlvs(tlvs: &[u8]) -> Result<ErrorMsg<'static>, ParseError> {
    let buf = error_msg(
        -EINVAL,
        NLM_F_CAPPED | NLM_F_ACK_TLVS,
        &some_request(),
        tlvs,
    );
    let buf: &'static [u8] = Box::leak(buf.into_boxed_slice());
    ErrorMsg::decode(&Msg::parse(buf).unwrap())
}

#[test]
fn ack_tlvs_with_bad_tlv() {
    assert_eq!(
        decode_error_tlvs(&raw_attr(2, NLMSGERR_ATTR_MSG, &[])).err(),
        Some(ParseError::AttrLen {
            attr_type: NLMSGERR_ATTR_MSG,
            nla_len: 2,
            have: 4
        })
    );
    assert_eq!(
        decode_error_tlvs(&[8, 0, 1]).err(),
        Some(ParseError::AttrHeaderTruncated { have: 3 })
    );
    assert_eq!(
        decode_error_tlvs(&raw_attr(64, NLMSGERR_ATTR_OFFS, &[0; 4])).err(),
        Some(ParseError::AttrLen {
            attr_type: NLMSGERR_ATTR_OFFS,
            nla_len: 64,
            have: 8
        })
    );
}

#[test]
fn ext_ack_message_without_nul() {
    assert_eq!(
        decode_error_tlvs(&attr(NLMSGERR_ATTR_MSG, b"no terminator")).err(),
        Some(ParseError::StringNotTerminated {
            attr_type: NLMSGERR_ATTR_MSG
        })
    );
    assert_eq!(
        decode_error_tlvs(&attr(NLMSGERR_ATTR_MSG, b"bad \xff\xfe\0")).err(),
        Some(ParseError::StringNotUtf8 {
            attr_type: NLMSGERR_ATTR_MSG
        })
    );
}

#[test]
fn ext_ack_u32_attributes_with_wrong_length() {
    for (ty, len) in [
        (NLMSGERR_ATTR_OFFS, 2),
        (NLMSGERR_ATTR_OFFS, 8),
        (NLMSGERR_ATTR_MISS_TYPE, 0),
        (NLMSGERR_ATTR_MISS_NEST, 3),
    ] {
        assert_eq!(
            decode_error_tlvs(&attr(ty, &vec![0; len])).err(),
            Some(ParseError::PayloadLen {
                attr_type: ty,
                expected: 4,
                have: len
            }),
            "type {ty}, {len} bytes"
        );
    }
}

#[test]
fn tlvs_are_ignored_without_ack_tlvs_flag() {
    let buf = error_msg(-EINVAL, NLM_F_CAPPED, &some_request(), &[0xff; 7]);
    let e = ErrorMsg::decode(&Msg::parse(&buf).unwrap()).unwrap();
    assert_eq!(e.errno(), EINVAL);
    assert!(e.ext_ack().is_empty());
}

#[test]
fn done_payload_shorter_than_its_int() {
    for n in 1..4 {
        let buf = done_msg(0, &vec![0; n]);
        assert_eq!(
            Reply::classify(Msg::parse(&buf).unwrap()),
            Err(ParseError::ControlTruncated {
                msg_type: NLMSG_DONE,
                need: 4,
                have: n
            }),
            "{n} bytes"
        );
    }
}

#[test]
fn done_with_bad_ext_ack() {
    let buf = done_msg(
        NLM_F_ACK_TLVS,
        &cat(&[&(-EINVAL).to_ne_bytes(), &attr(NLMSGERR_ATTR_MSG, b"abc")]),
    );
    assert_eq!(
        DoneMsg::decode(&Msg::parse(&buf).unwrap()),
        Err(ParseError::StringNotTerminated {
            attr_type: NLMSGERR_ATTR_MSG
        })
    );
    let buf = done_msg(
        NLM_F_ACK_TLVS,
        &cat(&[&(-EINVAL).to_ne_bytes(), &raw_attr(1, 1, &[])]),
    );
    assert_eq!(
        DoneMsg::decode(&Msg::parse(&buf).unwrap()),
        Err(ParseError::AttrLen {
            attr_type: 1,
            nla_len: 1,
            have: 4
        })
    );
}

// ---- strings and typed getters (item 26) ----

#[test]
fn strings_without_nul() {
    for payload in [&b"eth0"[..], b"", b"x"] {
        let buf = attr(ifla::IFNAME, payload);
        let a = first_attr(&buf);
        let want = ParseError::StringNotTerminated {
            attr_type: ifla::IFNAME,
        };
        assert_eq!(a.str(), Err(want.clone()), "{payload:?}");
        assert_eq!(a.cstr_bytes(), Err(want));
    }
}

#[test]
fn non_utf8_string() {
    let buf = attr(ifla::IFALIAS, b"caf\xe9\0");
    let a = first_attr(&buf);
    assert_eq!(
        a.str(),
        Err(ParseError::StringNotUtf8 {
            attr_type: ifla::IFALIAS
        })
    );
    // The bytes stay readable for callers that do not need UTF-8.
    assert_eq!(a.cstr_bytes(), Ok(&b"caf\xe9"[..]));
}

#[test]
fn string_ends_at_first_nul() {
    let buf = attr(ifla::IFNAME, b"ab\0cd\0");
    assert_eq!(first_attr(&buf).str(), Ok("ab"));
}

#[test]
fn typed_getters_require_exact_length() {
    type Getter = fn(&Attr<'_>) -> Result<u64, ParseError>;
    let getters: [(&str, usize, Getter); 7] = [
        ("u8", 1, |a| a.u8().map(u64::from)),
        ("u16", 2, |a| a.u16().map(u64::from)),
        ("u16_be", 2, |a| a.u16_be().map(u64::from)),
        ("u32", 4, |a| a.u32().map(u64::from)),
        ("u32_be", 4, |a| a.u32_be().map(u64::from)),
        ("i32", 4, |a| a.i32().map(|v| v as u32 as u64)),
        ("u64", 8, |a| a.u64()),
    ];
    for len in [0usize, 1, 2, 3, 4, 5, 7, 8, 9, 16] {
        let buf = attr(0x1234, &vec![0x5a; len]);
        let a = first_attr(&buf);
        for (name, size, get) in getters {
            let got = get(&a);
            if len == size {
                assert!(got.is_ok(), "{name} on {len} bytes: {got:?}");
            } else {
                assert_eq!(
                    got,
                    Err(ParseError::PayloadLen {
                        attr_type: 0x1234,
                        expected: size,
                        have: len
                    }),
                    "{name} on {len} bytes"
                );
            }
        }
    }
}

#[test]
fn typed_getters_read_native_and_network_order() {
    let buf = attr(1, &0x1234_5678u32.to_be_bytes());
    let a = first_attr(&buf);
    assert_eq!(a.u32_be(), Ok(0x1234_5678));
    assert_eq!(
        a.u32(),
        Ok(u32::from_ne_bytes(0x1234_5678u32.to_be_bytes()))
    );
    let buf = attr(1, &8080u16.to_be_bytes());
    assert_eq!(first_attr(&buf).u16_be(), Ok(8080));
    let buf = attr(1, &(-5i32).to_ne_bytes());
    assert_eq!(first_attr(&buf).i32(), Ok(-5));
}

// ---- missing trailing padding is accepted (item 27) ----

#[test]
fn last_message_without_trailing_padding() {
    let last = msg(0x40, 0, &[1, 2, 3, 4, 5]);
    assert_eq!(last.len(), 21);
    assert_eq!(msgs(&last), [Ok((0x40, 21))]);
    // Padding cut short after the last message still ends the datagram cleanly.
    assert_eq!(msgs(&cat(&[&last, &[0, 0]])), [Ok((0x40, 21))]);
    // With its padding, a message that follows is found at the aligned offset.
    let next = msg(0x41, 0, &[]);
    assert_eq!(
        msgs(&cat(&[&pad4(last.clone()), &next])),
        [Ok((0x40, 21)), Ok((0x41, 16))]
    );
}

#[test]
fn last_attribute_without_trailing_padding() {
    let last = raw_attr(5, 7, &[0xee]);
    assert_eq!(attrs(&last), [Ok((7, vec![0xee]))]);
    assert_eq!(attrs(&cat(&[&last, &[0, 0]])), [Ok((7, vec![0xee]))]);
    let buf = cat(&[&attr(1, &[1, 2]), &raw_attr(6, 2, &[3, 4])]);
    assert_eq!(attrs(&buf), [Ok((1, vec![1, 2])), Ok((2, vec![3, 4]))]);

    // A message as C code without addattr_l's convention sends it: nlmsg_len stops at the end
    // of the last attribute's payload.
    let buf = msg(
        RTM_NEWLINK,
        0,
        &cat(&[&[0; 16], &raw_attr(5, ifla::OPERSTATE, &[6])]),
    );
    assert_eq!(buf.len(), 37);
    let m = Msg::parse(&buf).unwrap();
    let a = m.attrs::<IfInfoMsg>().unwrap().find(ifla::OPERSTATE);
    assert_eq!(a.unwrap().unwrap().u8(), Ok(6));
}

#[test]
fn uncapped_error_with_unpadded_echo_finds_tlvs_aligned() {
    let req = msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, &[0; 17]);
    let tlvs = attr(NLMSGERR_ATTR_MSG, b"odd\0");
    let buf = error_msg(-EINVAL, NLM_F_ACK_TLVS, &req, &tlvs);
    let e = ErrorMsg::decode(&Msg::parse(&buf).unwrap()).unwrap();
    assert!(!e.capped());
    assert_eq!(e.raw().req_len, 33);
    assert_eq!(e.ext_ack().message, Some("odd"));
}

// ---- unaligned 64-bit reads (item 28) ----

#[test]
fn u64_at_every_alignment() {
    let value = 0x0123_4567_89ab_cdef_u64;
    let encoded = attr(4, &value.to_ne_bytes());
    let mut storage = [0u8; 64];
    let base = storage.as_ptr() as usize;
    for misalign in 0..8 {
        // Place the attribute so that its payload starts `misalign` bytes past an 8-byte
        // boundary.
        let at = (misalign + 8 - (base + 4) % 8) % 8;
        storage[at..at + encoded.len()].copy_from_slice(&encoded);
        let a = first_attr(&storage[at..at + encoded.len()]);
        assert_eq!(a.payload().as_ptr() as usize % 8, misalign);
        assert_eq!(a.u64(), Ok(value), "payload misaligned by {misalign}");
    }
}

#[test]
fn headers_at_odd_offsets() {
    let hdr = IfInfoMsg {
        family: AF_INET6,
        pad: 0,
        ty: 772,
        index: -3,
        flags: IFF_UP | IFF_RUNNING,
        change: IFF_UP,
    };
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, NLM_F_MULTI, &hdr);
    b.put_u64(ifla::STATS64, u64::MAX - 1).unwrap();
    let bytes = b.bytes().unwrap();
    for start in 0..4 {
        let mut shifted = vec![0u8; start];
        shifted.extend_from_slice(bytes);
        let m = Msg::parse(&shifted[start..]).unwrap();
        assert_eq!(m.flags(), NLM_F_MULTI);
        assert_eq!(m.header().len as usize, bytes.len());
        assert_eq!(NlMsgHdr::parse(&shifted[start..]), Ok(*m.header()));
        assert_eq!(m.fixed::<IfInfoMsg>(), Ok(hdr));
        assert_eq!(IfInfoMsg::parse(&shifted[start + 16..]), Ok(hdr));
        let a = m.attrs::<IfInfoMsg>().unwrap().find(ifla::STATS64);
        assert_eq!(a.unwrap().unwrap().u64(), Ok(u64::MAX - 1));
    }
}

// ---- unknown types are exposed raw (item 29) ----

#[test]
fn unknown_attribute_types_are_kept() {
    let buf = cat(&[
        &attr(0, &[0]),
        &attr(0x3fff, &[1, 2, 3]),
        &attr(NLA_F_NET_BYTEORDER | 77, &[0, 80]),
        &attr(NLA_F_NESTED | 999, &attr(1, &[42])),
        &attr(ifla::MTU, &9000u32.to_ne_bytes()),
    ]);
    let list: Vec<Attr<'_>> = AttrIter::new(&buf).map(Result::unwrap).collect();
    assert_eq!(
        list.iter().map(Attr::kind).collect::<Vec<_>>(),
        [0, 0x3fff, 77, 999, ifla::MTU]
    );
    assert_eq!(list[1].payload(), [1, 2, 3]);
    assert!(list[2].is_net_byteorder() && !list[2].is_nested());
    assert_eq!(list[2].raw_type(), NLA_F_NET_BYTEORDER | 77);
    assert_eq!(list[2].u16_be(), Ok(80));
    assert!(list[3].is_nested());
    assert_eq!(list[3].nested().next().unwrap().unwrap().u8(), Ok(42));
    assert_eq!(list[4].u32(), Ok(9000));
    assert_eq!(AttrIter::new(&buf).find(77).unwrap(), Some(list[2]));
}

#[test]
fn unknown_message_types_are_kept() {
    let buf = cat(&[
        &msg(0x7fff, NLM_F_MULTI, &[1, 2, 3, 4]),
        &msg(5, 0, &[]),
        &msg(NLMSG_MIN_TYPE - 1, 0, &[9; 8]),
        &msg(u16::MAX, 0xffff, &[0xab; 4]),
    ]);
    let all: Vec<Msg<'_>> = MsgIter::new(&buf).map(Result::unwrap).collect();
    assert_eq!(
        all.iter().map(Msg::ty).collect::<Vec<_>>(),
        [0x7fff, 5, NLMSG_MIN_TYPE - 1, u16::MAX]
    );
    for m in &all {
        match Reply::classify(*m) {
            Ok(Reply::Data(d)) => assert_eq!(d, *m),
            other => panic!("type {} classified as {other:?}", m.ty()),
        }
    }
    assert_eq!(all[0].payload(), [1, 2, 3, 4]);
    assert_eq!(all[3].flags(), 0xffff);
}

// ---- classification and extended ACKs ----

#[test]
fn classify_ack_error_done_noop() {
    let req = some_request();

    let ack = error_msg(0, NLM_F_CAPPED, &req, &[]);
    match Reply::classify(Msg::parse(&ack).unwrap()).unwrap() {
        Reply::Ack(e) => {
            assert_eq!(e.errno(), 0);
            assert!(e.capped());
            assert_eq!(e.raw().req_ty, RTM_NEWLINK);
            assert_eq!(e.raw().req_seq, 7);
            assert!(e.ext_ack().is_empty());
        }
        other => panic!("ACK classified as {other:?}"),
    }

    let err = error_msg(-ENODEV, 0, &req, &[]);
    match Reply::classify(Msg::parse(&err).unwrap()).unwrap() {
        Reply::Error(e) => {
            assert_eq!(e.errno(), ENODEV);
            assert!(!e.capped());
            assert_eq!(e.raw().req_len, 32);
            // ENODEV typically carries no text: the caller falls back to strerror.
            assert!(e.ext_ack().is_empty());
        }
        other => panic!("error classified as {other:?}"),
    }

    // i32::MIN has no positive counterpart; it must still be an error, not a panic.
    let weird = error_msg(i32::MIN, NLM_F_CAPPED, &req, &[]);
    match Reply::classify(Msg::parse(&weird).unwrap()).unwrap() {
        Reply::Error(e) => assert_eq!(e.errno(), i32::MAX),
        other => panic!("i32::MIN classified as {other:?}"),
    }

    for (payload, errno) in [
        (0i32.to_ne_bytes().to_vec(), 0),
        (Vec::new(), 0),
        ((-EINVAL).to_ne_bytes().to_vec(), EINVAL),
        ((-EOPNOTSUPP).to_ne_bytes().to_vec(), EOPNOTSUPP),
    ] {
        let done = done_msg(0, &payload);
        match Reply::classify(Msg::parse(&done).unwrap()).unwrap() {
            Reply::Done(d) => assert_eq!(d.errno(), errno, "payload {payload:?}"),
            other => panic!("DONE classified as {other:?}"),
        }
    }

    let noop = msg(NLMSG_NOOP, 0, &[]);
    assert_eq!(Reply::classify(Msg::parse(&noop).unwrap()), Ok(Reply::Noop));
    let overrun = msg(NLMSG_OVERRUN, 0, &[]);
    assert_eq!(
        Reply::classify(Msg::parse(&overrun).unwrap()),
        Ok(Reply::Overrun)
    );
}

#[test]
fn ext_ack_attributes_decode() {
    let cookie = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let policy = attr(1, &3u32.to_ne_bytes());
    let tlvs = cat(&[
        &attr(NLMSGERR_ATTR_MSG, b"Unknown device type\0"),
        &attr(NLMSGERR_ATTR_OFFS, &56u32.to_ne_bytes()),
        &attr(NLMSGERR_ATTR_MISS_TYPE, &3u32.to_ne_bytes()),
        &attr(NLMSGERR_ATTR_MISS_NEST, &52u32.to_ne_bytes()),
        &attr(NLMSGERR_ATTR_COOKIE, &cookie),
        &attr(NLMSGERR_ATTR_POLICY, &policy),
        // A kernel newer than nlrs may add attributes; they must not fail the decode.
        &attr(99, &[0xff; 3]),
    ]);
    let req = some_request();
    let buf = error_msg(-EOPNOTSUPP, NLM_F_CAPPED | NLM_F_ACK_TLVS, &req, &tlvs);
    let m = Msg::parse(&buf).unwrap();
    let Ok(Reply::Error(e)) = Reply::classify(m) else {
        panic!("not an error");
    };
    assert_eq!(e.errno(), EOPNOTSUPP);
    let ext = e.ext_ack();
    assert_eq!(ext.message, Some("Unknown device type"));
    assert_eq!(ext.offset, Some(56));
    assert_eq!(ext.miss_type, Some(3));
    assert_eq!(ext.miss_nest, Some(52));
    assert_eq!(ext.cookie, Some(&cookie[..]));
    assert_eq!(ext.policy, Some(&policy[..]));
    let info = ext.to_info(None);
    assert_eq!(info.message.as_deref(), Some("Unknown device type"));
    assert_eq!(info.cookie.as_deref(), Some(&cookie[..]));
    assert!(info.attr_path.is_empty(), "no request, no path");

    // Uncapped: the TLVs follow the whole echoed request.
    let buf = error_msg(-EINVAL, NLM_F_ACK_TLVS, &req, &tlvs);
    let e = ErrorMsg::decode(&Msg::parse(&buf).unwrap()).unwrap();
    assert_eq!(e.ext_ack().offset, Some(56));
    assert_eq!(e.ext_ack().miss_type, Some(3));

    // An ACK can carry a warning.
    let warn = attr(NLMSGERR_ATTR_MSG, b"ignoring trailing bytes\0");
    let buf = error_msg(0, NLM_F_CAPPED | NLM_F_ACK_TLVS, &req, &warn);
    let Ok(Reply::Ack(e)) = Reply::classify(Msg::parse(&buf).unwrap()) else {
        panic!("not an ACK");
    };
    assert_eq!(e.ext_ack().message, Some("ignoring trailing bytes"));

    // A dump that failed in strict mode reports through DONE.
    let buf = done_msg(
        NLM_F_ACK_TLVS,
        &cat(&[
            &(-EINVAL).to_ne_bytes(),
            &attr(NLMSGERR_ATTR_MSG, b"Invalid header for link dump\0"),
            &attr(NLMSGERR_ATTR_OFFS, &16u32.to_ne_bytes()),
        ]),
    );
    let Ok(Reply::Done(d)) = Reply::classify(Msg::parse(&buf).unwrap()) else {
        panic!("not DONE");
    };
    assert_eq!(d.errno(), EINVAL);
    assert_eq!(d.ext_ack().message, Some("Invalid header for link dump"));
    assert_eq!(d.ext_ack().offset, Some(16));
}

// ---- mapping OFFS back to the request ----

/// RTM_NEWLINK with IFNAME, MTU and LINKINFO { KIND "veth", DATA { 1: u32 } }.
fn newlink_request() -> MsgBuilder {
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, NLM_F_REQUEST, &IfInfoMsg::default());
    b.put_str(ifla::IFNAME, "veth0").unwrap();
    b.put_u32(ifla::MTU, 1500).unwrap();
    let li = b.nest_start(ifla::LINKINFO).unwrap();
    b.put_str(ifla::INFO_KIND, "veth").unwrap();
    let data = b.nest_start(ifla::INFO_DATA).unwrap();
    b.put_u32(1, 7).unwrap();
    b.nest_end(data).unwrap();
    b.nest_end(li).unwrap();
    b
}

#[test]
fn attr_path_at_maps_offsets_to_paths() {
    let b = newlink_request();
    let req = b.bytes().unwrap();
    // 16 nlmsghdr + 16 ifinfomsg; IFNAME (12) at 32, MTU (8) at 44, LINKINFO at 52 with
    // KIND (12) at 56 and DATA at 68 holding one attribute at 72.
    let (ifname, mtu, linkinfo, kind, data, inner) = (32, 44, 52, 56, 68, 72);
    assert_eq!(req.len(), 80);
    let path = |offs: u32| attr_path_at(req, IfInfoMsg::LEN, offs);
    assert_eq!(path(mtu), [ifla::MTU]);
    assert_eq!(path(mtu + 7), [ifla::MTU]);
    assert_eq!(path(ifname), [ifla::IFNAME]);
    assert_eq!(path(kind), [ifla::LINKINFO, ifla::INFO_KIND]);
    assert_eq!(path(kind + 5), [ifla::LINKINFO, ifla::INFO_KIND]);
    assert_eq!(path(linkinfo), [ifla::LINKINFO]);
    assert_eq!(path(data), [ifla::LINKINFO, ifla::INFO_DATA]);
    assert_eq!(path(inner), [ifla::LINKINFO, ifla::INFO_DATA, 1]);
    // Offsets in the headers or past the message name no attribute.
    assert_eq!(path(0), [0u16; 0]);
    assert_eq!(path(20), [0u16; 0]);
    assert_eq!(path(80), [0u16; 0]);
    assert_eq!(path(u32::MAX), [0u16; 0]);

    assert_eq!(
        attr_path_text(proto::ROUTE, RTM_NEWLINK, &path(kind)),
        "IFLA_LINKINFO > IFLA_INFO_KIND"
    );
    assert_eq!(
        attr_path_text(proto::ROUTE, RTM_NEWLINK, &path(mtu)),
        "IFLA_MTU"
    );

    // Through the decoded extended ACK, as the conversation engine uses it.
    let tlvs = attr(NLMSGERR_ATTR_OFFS, &kind.to_ne_bytes());
    let reply = error_msg(-EOPNOTSUPP, NLM_F_CAPPED | NLM_F_ACK_TLVS, req, &tlvs);
    let e = ErrorMsg::decode(&Msg::parse(&reply).unwrap()).unwrap();
    let info = e.ext_ack().to_info(Some((req, b.fixed_len())));
    assert_eq!(info.offset, Some(kind));
    assert_eq!(info.attr_path, [ifla::LINKINFO, ifla::INFO_KIND]);
}

#[test]
fn attr_path_at_survives_malformed_requests() {
    let b = newlink_request();
    let good = b.bytes().unwrap();
    // Break LINKINFO's inner KIND length: the path stops at what could be resolved.
    let mut bad = good.to_vec();
    bad[56..58].copy_from_slice(&200u16.to_ne_bytes());
    assert_eq!(attr_path_at(&bad, IfInfoMsg::LEN, 56), [ifla::LINKINFO]);
    // A request shorter than its own headers.
    assert_eq!(attr_path_at(&good[..20], IfInfoMsg::LEN, 18), [0u16; 0]);
    assert_eq!(attr_path_at(&[], 0, 0), [0u16; 0]);
    // A fixed length larger than the request.
    assert_eq!(attr_path_at(good, 4096, 56), [0u16; 0]);
}

#[test]
fn attr_path_text_names() {
    assert_eq!(
        attr_path_text(proto::ROUTE, RTM_NEWLINK, &[18, 1]),
        "IFLA_LINKINFO > IFLA_INFO_KIND"
    );
    assert_eq!(
        attr_path_text(proto::ROUTE, RTM_NEWLINK, &[18, 99]),
        "IFLA_LINKINFO > 99"
    );
    assert_eq!(
        attr_path_text(proto::ROUTE, RTM_NEWROUTE, &[rta::GATEWAY]),
        "RTA_GATEWAY"
    );
    assert_eq!(attr_path_text(proto::GENERIC, 0x20, &[2]), "2");
    assert_eq!(attr_path_text(proto::ROUTE, RTM_NEWLINK, &[]), "");
}

// ---- builder misuse ----

#[test]
fn attribute_longer_than_nla_len_can_say() {
    let mut b = MsgBuilder::new(0x20, 0);
    b.put_u8(1, 1).unwrap();
    let before = b.bytes().unwrap().to_vec();
    // 65532 + 4 = 65536 would wrap to an nla_len of 0.
    for (payload, len) in [(65_532, 65_536), (70_000, 70_004), (131_068, 131_072)] {
        assert_eq!(
            b.put(9, &vec![0; payload]).err(),
            Some(BuildError::AttrTooLong { attr_type: 9, len }),
            "{payload}-byte payload"
        );
        assert_eq!(
            b.bytes().unwrap(),
            before,
            "a failed put changed the message"
        );
    }
    assert_eq!(
        b.put_str(9, &"x".repeat(65_531)).err(),
        Some(BuildError::AttrTooLong {
            attr_type: 9,
            len: 65_536
        })
    );
    // The largest attribute that fits.
    b.put(9, &vec![0; 65_531]).unwrap();
    let m = Msg::parse(b.bytes().unwrap()).unwrap();
    let a = m.attrs_after(0).unwrap().find(9).unwrap().unwrap();
    assert_eq!(a.payload().len(), 65_531);
}

#[test]
fn nest_longer_than_nla_len_can_say_is_removed() {
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, 0, &IfInfoMsg::default());
    b.put_u32(ifla::MTU, 1500).unwrap();
    let before = b.bytes().unwrap().to_vec();
    let nest = b.nest_start(ifla::LINKINFO).unwrap();
    b.put(1, &vec![0; 40_000]).unwrap();
    b.put(2, &vec![0; 40_000]).unwrap();
    assert_eq!(
        b.nest_end(nest).err(),
        Some(BuildError::AttrTooLong {
            attr_type: ifla::LINKINFO,
            len: 4 + 40_004 + 40_004
        })
    );
    assert_eq!(b.bytes().unwrap(), before);
    // The builder stays usable and consistent.
    b.put_u8(ifla::OPERSTATE, 6).unwrap();
    let m = Msg::parse(b.bytes().unwrap()).unwrap();
    assert_eq!(m.header().len as usize, b.bytes().unwrap().len());
    let kinds: Vec<u16> = m
        .attrs::<IfInfoMsg>()
        .unwrap()
        .map(|a| a.unwrap().kind())
        .collect();
    assert_eq!(kinds, [ifla::MTU, ifla::OPERSTATE]);

    // The largest nest that fits (lengths are multiples of 4, so 65532).
    let nest = b.nest_start(ifla::LINKINFO).unwrap();
    b.put(1, &vec![0; 65_524]).unwrap();
    b.nest_end(nest).unwrap();
    let m = Msg::parse(b.bytes().unwrap()).unwrap();
    let li = m.attrs::<IfInfoMsg>().unwrap().find(ifla::LINKINFO);
    assert_eq!(li.unwrap().unwrap().payload().len(), 65_528);
}

#[test]
fn nest_closed_out_of_order() {
    let mut b = MsgBuilder::new(0x20, 0);
    let outer = b.nest_start(1).unwrap();
    let inner = b.nest_start(2).unwrap();
    assert_eq!(b.nest_end(outer).err(), Some(BuildError::NestOrder));
    b.nest_end(inner).unwrap();
    assert_eq!(b.nest_end(inner).err(), Some(BuildError::NestOrder));
    b.nest_end(outer).unwrap();
    assert_eq!(b.nest_end(outer).err(), Some(BuildError::NestOrder));

    let mut other = MsgBuilder::new(0x20, 0);
    other.put_u32(5, 5).unwrap();
    let foreign = MsgBuilder::new(0x20, 0).nest_start(3).unwrap();
    assert_eq!(other.nest_end(foreign).err(), Some(BuildError::NestOrder));
    assert!(other.bytes().is_ok());
}

#[test]
fn bytes_with_open_nest() {
    let mut b = MsgBuilder::new(0x20, 0);
    let outer = b.nest_start(1).unwrap();
    assert_eq!(b.bytes().err(), Some(BuildError::NestOpen { open: 1 }));
    let inner = b.nest_start(2).unwrap();
    assert_eq!(b.bytes().err(), Some(BuildError::NestOpen { open: 2 }));
    assert_eq!(
        Batch::new().push(&b).err(),
        Some(BuildError::NestOpen { open: 2 })
    );
    b.nest_end(inner).unwrap();
    b.nest_end(outer).unwrap();
    assert!(b.bytes().is_ok());
}

#[test]
fn fixed_header_after_attributes() {
    let mut b = MsgBuilder::new(RTM_NEWLINK, 0);
    b.put_u32(ifla::MTU, 1500).unwrap();
    let before = b.bytes().unwrap().to_vec();
    assert_eq!(
        b.fixed_bytes(&[0; 16]).err(),
        Some(BuildError::FixedHeaderOrder)
    );
    assert_eq!(b.bytes().unwrap(), before);

    let mut b = MsgBuilder::with_header(RTM_NEWLINK, 0, &IfInfoMsg::default());
    assert_eq!(
        b.fixed_bytes(&[0; 16]).err(),
        Some(BuildError::FixedHeaderOrder)
    );

    let mut b = MsgBuilder::new(RTM_NEWROUTE, 0);
    b.fixed_bytes(&[0; 12]).unwrap();
    assert_eq!(
        b.fixed_bytes(&[0; 12]).err(),
        Some(BuildError::FixedHeaderOrder)
    );
    assert_eq!(b.fixed_len(), 12);

    let mut b = MsgBuilder::new(RTM_NEWLINK, 0);
    let _open = b.nest_start(ifla::LINKINFO).unwrap();
    assert_eq!(
        b.fixed_bytes(&[0; 16]).err(),
        Some(BuildError::FixedHeaderOrder)
    );
}

#[test]
fn fixed_bytes_header_is_padded_and_parsed() {
    let mut b = MsgBuilder::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
    b.fixed_bytes(&[AF_INET6]).unwrap();
    b.put_u32(ifla::EXT_MASK, 1).unwrap();
    let bytes = b.bytes().unwrap();
    assert_eq!(bytes.len(), 16 + 4 + 8);
    let m = Msg::parse(bytes).unwrap();
    assert_eq!(m.fixed::<RtGenMsg>(), Ok(RtGenMsg { family: AF_INET6 }));
    let a = m.attrs_after(b.fixed_len()).unwrap().find(ifla::EXT_MASK);
    assert_eq!(a.unwrap().unwrap().u32(), Ok(1));
    assert_eq!(RtGenMsg::LEN, 1);
}
