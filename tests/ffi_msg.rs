//! The C API's messages without a kernel, called as C calls it: the layout of its `repr(C)`
//! structs, messages built with `nlrs_msg_*` (byte for byte those of the Rust builder), and
//! received bytes read with `nlrs_rmsg_*` / `nlrs_attr_*`, malformed ones included.
mod common;

use std::ffi::c_char;
use std::ptr;

use common::capi::*;
use nlrs::wire::consts::*;
use nlrs::wire::{IfInfoMsg, MsgBuilder};

// ---------------------------------------------------------------------------------------------
// Helpers.

fn msg_bytes(m: *const nlrs_msg) -> Vec<u8> {
    let mut b = nlrs_bytes {
        ptr: ptr::null(),
        len: 0,
    };
    assert_eq!(nlrs_msg_bytes(m, &mut b), 0);
    unsafe { std::slice::from_raw_parts(b.ptr, b.len) }.to_vec()
}

fn iter_over(bytes: &[u8]) -> nlrs_attr_iter {
    nlrs_attr_iter {
        pos: bytes.as_ptr(),
        left: bytes.len(),
    }
}

// ---------------------------------------------------------------------------------------------
// Layout.

#[test]
fn struct_sizes_match_the_header() {
    let p = std::mem::size_of::<usize>();
    assert_eq!(std::mem::size_of::<nlrs_bytes>(), 2 * p);
    assert_eq!(std::mem::size_of::<nlrs_rmsg>(), 2 * p);
    assert_eq!(std::mem::size_of::<nlrs_attr_iter>(), 2 * p);
    assert_eq!(std::mem::size_of::<nlrs_msg_iter>(), 2 * p);
    assert_eq!(std::mem::size_of::<nlrs_attr>(), 3 * p);
}

// ---------------------------------------------------------------------------------------------
// Messages.

#[test]
fn built_message_equals_the_rust_builder() {
    let m = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
    assert_eq!(nlrs_msg_put_string(m, ifla::IFNAME, c"nv0".as_ptr()), 0);
    assert_eq!(nlrs_msg_put_u32(m, ifla::MTU, 1400), 0);
    assert_eq!(nlrs_msg_put_u8(m, ifla::CARRIER, 1), 0);
    assert_eq!(nlrs_msg_put_u16(m, 100, 0x1234), 0);
    assert_eq!(nlrs_msg_put_be16(m, 101, 0x1234), 0);
    assert_eq!(nlrs_msg_put_s32(m, 102, -5), 0);
    assert_eq!(nlrs_msg_put_u64(m, 103, u64::MAX - 1), 0);
    assert_eq!(nlrs_msg_put_flag(m, 104), 0);
    let mac = [2u8, 0, 0, 0, 0, 1];
    assert_eq!(
        nlrs_msg_put_bytes(m, ifla::ADDRESS, mac.as_ptr().cast(), 6),
        0
    );
    assert_eq!(nlrs_msg_nest_start(m, ifla::LINKINFO), 0);
    assert_eq!(nlrs_msg_put_string(m, ifla::INFO_KIND, c"veth".as_ptr()), 0);
    assert_eq!(nlrs_msg_nest_start(m, ifla::INFO_DATA), 0);
    let mut b = nlrs_bytes {
        ptr: sentinel(),
        len: 7,
    };
    assert_eq!(nlrs_msg_bytes(m, &mut b), -NLRS_E_BUILD, "a nest is open");
    assert_eq!((b.ptr, b.len), (sentinel::<u8>().cast_const(), 7));
    assert_eq!(nlrs_msg_nest_end(m), 0);
    assert_eq!(nlrs_msg_nest_end(m), 0);
    assert_eq!(nlrs_msg_nest_end(m), -NLRS_E_BUILD, "no nest is open");
    let hdr = [0u8; 16];
    assert_eq!(
        nlrs_msg_put_header(m, hdr.as_ptr().cast(), 16),
        -NLRS_E_BUILD,
        "the family header comes first"
    );

    let mut want = MsgBuilder::with_header(
        RTM_NEWLINK,
        NLM_F_CREATE | NLM_F_EXCL,
        &IfInfoMsg::default(),
    );
    want.put_str(ifla::IFNAME, "nv0").unwrap();
    want.put_u32(ifla::MTU, 1400).unwrap();
    want.put_u8(ifla::CARRIER, 1).unwrap();
    want.put_u16(100, 0x1234).unwrap();
    want.put_u16_be(101, 0x1234).unwrap();
    want.put_i32(102, -5).unwrap();
    want.put_u64(103, u64::MAX - 1).unwrap();
    want.put_flag(104).unwrap();
    want.put(ifla::ADDRESS, &mac).unwrap();
    let info = want.nest_start(ifla::LINKINFO).unwrap();
    want.put_str(ifla::INFO_KIND, "veth").unwrap();
    let data = want.nest_start(ifla::INFO_DATA).unwrap();
    want.nest_end(data).unwrap();
    want.nest_end(info).unwrap();
    assert_eq!(msg_bytes(m), want.bytes().unwrap());
    nlrs_msg_free(m);
}

#[test]
fn received_message_accessors_and_typed_getters() {
    // A message as the kernel would send it, read back through the C API.
    let mut b = MsgBuilder::with_header(RTM_NEWLINK, NLM_F_MULTI, &IfInfoMsg::default());
    b.set_seq(77);
    b.put_u8(1, 8).unwrap();
    b.put_u16(2, 16).unwrap();
    b.put_u16_be(3, 0x0102).unwrap();
    b.put_u32(4, 32).unwrap();
    b.put_i32(5, -32).unwrap();
    b.put_u64(6, 64).unwrap();
    b.put_str(7, "name").unwrap();
    let n = b.nest_start(8).unwrap();
    b.put_u32(9, 99).unwrap();
    b.nest_end(n).unwrap();
    let bytes = b.bytes().unwrap().to_vec();
    let m = nlrs_rmsg {
        ptr: bytes.as_ptr(),
        len: bytes.len(),
    };
    assert_eq!(nlrs_rmsg_type(m), RTM_NEWLINK);
    assert_eq!(nlrs_rmsg_flags(m), NLM_F_MULTI);
    assert_eq!(nlrs_rmsg_seq(m), 77);
    assert_eq!(nlrs_rmsg_port(m), 0);
    let mut hdr = nlrs_bytes {
        ptr: ptr::null(),
        len: 0,
    };
    assert_eq!(nlrs_rmsg_header(m, 16, &mut hdr), 0);
    assert_eq!((hdr.ptr, hdr.len), (bytes[16..].as_ptr(), 16));

    let mut it = nlrs_attr_iter {
        pos: ptr::null(),
        left: 0,
    };
    assert_eq!(nlrs_rmsg_attrs(m, 16, &mut it), 0);
    let mut a = empty_attr();
    let mut got = Vec::new();
    while nlrs_attr_next(&mut it, &mut a) > 0 {
        got.push(a.r#type);
        match a.r#type {
            1 => {
                let mut v = 0u8;
                assert_eq!(nlrs_attr_get_u8(&a, &mut v), 0);
                assert_eq!(v, 8);
            }
            2 => {
                let mut v = 0u16;
                assert_eq!(nlrs_attr_get_u16(&a, &mut v), 0);
                assert_eq!(v, 16);
            }
            3 => {
                let mut v = 0u16;
                assert_eq!(nlrs_attr_get_be16(&a, &mut v), 0);
                assert_eq!(v, 0x0102);
            }
            4 => {
                let mut v = 0u32;
                assert_eq!(nlrs_attr_get_u32(&a, &mut v), 0);
                assert_eq!(v, 32);
                // Wrong sizes are refused, the out-parameter untouched.
                let mut w = 5u64;
                assert_eq!(nlrs_attr_get_u64(&a, &mut w), -libc::EBADMSG);
                assert_eq!(w, 5);
                let mut w = 5u8;
                assert_eq!(nlrs_attr_get_u8(&a, &mut w), -libc::EBADMSG);
            }
            5 => {
                let mut v = 0i32;
                assert_eq!(nlrs_attr_get_s32(&a, &mut v), 0);
                assert_eq!(v, -32);
            }
            6 => {
                let mut v = 0u64;
                assert_eq!(nlrs_attr_get_u64(&a, &mut v), 0);
                assert_eq!(v, 64);
            }
            7 => {
                let mut s = ptr::null();
                assert_eq!(nlrs_attr_get_string(&a, &mut s), 0);
                assert_eq!(c_string(s).as_deref(), Some("name"));
            }
            8 => {
                assert_eq!(a.raw_type, 8 | NLA_F_NESTED);
                let mut inner = it;
                assert_eq!(nlrs_attr_nested(&a, &mut inner), 0);
                let mut x = empty_attr();
                assert_eq!(nlrs_attr_find(inner, 9, &mut x), 1);
                let mut v = 0u32;
                assert_eq!(nlrs_attr_get_u32(&x, &mut v), 0);
                assert_eq!(v, 99);
                assert_eq!(nlrs_attr_find(inner, 10, &mut x), 0);
            }
            _ => unreachable!(),
        }
    }
    assert_eq!(got, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(it.left, 0);

    // A family header longer than the payload.
    let mut h = nlrs_bytes {
        ptr: sentinel(),
        len: 3,
    };
    assert_eq!(nlrs_rmsg_header(m, bytes.len(), &mut h), -libc::EBADMSG);
    assert_eq!(h.len, 3);
}

#[test]
fn malformed_bytes_give_ebadmsg_and_never_loop() {
    // nla_len 0: the classic endless loop of hand-written parsers.
    let zero = [0u8, 0, 1, 0, 0, 0, 0, 0];
    // nla_len 2: shorter than the attribute header.
    let short = [2u8, 0, 1, 0];
    // nla_len 12 with 8 bytes left.
    let over = [12u8, 0, 1, 0, 0, 0, 0, 0];
    // A truncated header after one good attribute.
    let tail = [8u8, 0, 1, 0, 1, 0, 0, 0, 4, 0];
    for bytes in [&zero[..], &short[..], &over[..]] {
        let mut it = iter_over(bytes);
        let mut a = nlrs_attr {
            r#type: 0xeeee,
            ..empty_attr()
        };
        assert_eq!(nlrs_attr_next(&mut it, &mut a), -libc::EBADMSG);
        assert_eq!(a.r#type, 0xeeee, "out untouched");
        assert_eq!(it.left, 0, "the cursor is exhausted after an error");
        assert_eq!(nlrs_attr_next(&mut it, &mut a), 0);
        assert_eq!(nlrs_attr_find(iter_over(bytes), 1, &mut a), -libc::EBADMSG);
    }
    let mut it = iter_over(&tail);
    let mut a = empty_attr();
    let mut rounds = 0;
    let rc = loop {
        let rc = nlrs_attr_next(&mut it, &mut a);
        if rc <= 0 {
            break rc;
        }
        rounds += 1;
        assert!(rounds < 10, "loops");
    };
    assert_eq!((rounds, rc), (1, -libc::EBADMSG));
    // Found before the malformed part: no error.
    assert_eq!(nlrs_attr_find(iter_over(&tail), 1, &mut a), 1);

    // A string without its NUL.
    let nonul = [7u8, 0, 3, 0, b'a', b'b', b'c', 0];
    let mut it = iter_over(&nonul);
    assert_eq!(nlrs_attr_next(&mut it, &mut a), 1);
    let mut s: *const c_char = sentinel();
    assert_eq!(nlrs_attr_get_string(&a, &mut s), -libc::EBADMSG);
    assert_eq!(s, sentinel::<c_char>().cast_const());

    // Messages: nlmsg_len 0, shorter than a header, longer than the datagram.
    let mut zero_msg = [0u8; 20];
    let mut hdr_only = [0u8; 16];
    hdr_only[0] = 16;
    let mut m = nlrs_rmsg {
        ptr: zero_msg.as_ptr(),
        len: zero_msg.len(),
    };
    assert_eq!(nlrs_rmsg_type(m), 0);
    let mut it = iter_over(&[]);
    assert_eq!(nlrs_rmsg_attrs(m, 0, &mut it), -libc::EBADMSG);
    m.ptr = hdr_only.as_ptr();
    m.len = hdr_only.len();
    assert_eq!(
        nlrs_rmsg_attrs(m, 16, &mut it),
        -libc::EBADMSG,
        "no room for ifinfomsg"
    );
    assert_eq!(nlrs_rmsg_attrs(m, 0, &mut it), 0);
    assert_eq!(it.left, 0);
    zero_msg[0] = 200;
    for dgram in [&zero_msg[..], &[0u8; 20][..], &[16u8, 0, 0][..]] {
        let mut mi = nlrs_msg_iter {
            pos: dgram.as_ptr(),
            left: dgram.len(),
        };
        let mut out = nlrs_rmsg {
            ptr: sentinel(),
            len: 1,
        };
        assert_eq!(nlrs_msg_iter_next(&mut mi, &mut out), -libc::EBADMSG);
        assert_eq!(out.len, 1, "out untouched");
        assert_eq!(nlrs_msg_iter_next(&mut mi, &mut out), 0);
    }
}
