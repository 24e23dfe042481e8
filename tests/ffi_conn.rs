//! The C API's sockets and conversations, called as C calls it: the exported `nlrs_*`
//! functions with raw pointers and the `repr(C)` structs of libnlrs.h. NULL arguments, socket
//! options, requests, dumps, batches, notifications and the kernel's errors
//! (`tests/ffi_msg.rs` has the messages themselves).
//!
//! Each test that talks to the kernel runs in its own private network namespace, with iproute2
//! as the oracle.
mod common;

use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use common::capi::*;
use common::{ifindex, ip_json, private_netns, veth};
use nlrs::wire::consts::*;
use nlrs::wire::{IfInfoMsg, RtMsg};

// ---------------------------------------------------------------------------------------------
// Helpers, as a careful C program would write them.

/// An snprintf-style text function's whole text.
fn text(f: impl Fn(*mut c_char, usize) -> c_int) -> String {
    let mut buf = vec![0u8; 512];
    let n = f(buf.as_mut_ptr().cast(), buf.len());
    assert!(n >= 0 && (n as usize) < buf.len(), "{n}");
    String::from_utf8(buf[..n as usize].to_vec()).unwrap()
}

fn strerror(err: c_int) -> String {
    text(|b, l| nlrs_strerror(err, b, l))
}

/// The interface name of a link message.
fn link_name(m: nlrs_rmsg) -> String {
    let mut attrs = nlrs_attr_iter {
        pos: ptr::null(),
        left: 0,
    };
    assert_eq!(nlrs_rmsg_attrs(m, 16, &mut attrs), 0);
    let mut a = nlrs_attr {
        r#type: 0,
        raw_type: 0,
        data: ptr::null(),
        len: 0,
    };
    assert_eq!(nlrs_attr_find(attrs, ifla::IFNAME, &mut a), 1);
    let mut name = ptr::null();
    assert_eq!(nlrs_attr_get_string(&a, &mut name), 0);
    c_string(name).unwrap()
}

fn ip_link_names() -> Vec<String> {
    ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Arguments.

#[test]
fn null_arguments_are_refused_and_out_params_untouched() {
    private_netns();
    let einval = -libc::EINVAL;
    // Constructors.
    assert_eq!(nlrs_socket_open(proto::ROUTE, 0, ptr::null_mut()), einval);
    let mut s: *mut nlrs_socket = sentinel();
    assert_eq!(nlrs_socket_open(proto::ROUTE, 0x80, &mut s), einval);
    assert_eq!(s, sentinel());
    assert_eq!(
        nlrs_socket_open_netns(ptr::null(), proto::ROUTE, 0, &mut s),
        einval
    );
    assert_eq!(
        nlrs_socket_open_netns(c"/nonexistent/ns".as_ptr(), proto::ROUTE, 0, &mut s),
        -libc::ENOENT
    );
    assert_eq!(
        nlrs_socket_open_netns_fd(-1, proto::ROUTE, 0, &mut s),
        -libc::EBADF
    );
    assert_eq!(s, sentinel());
    assert_eq!(nlrs_msg_new(RTM_GETLINK, 0, ptr::null_mut()), einval);
    assert_eq!(nlrs_batch_new(ptr::null_mut()), einval);

    // Getters give 0/NULL/false, fallible calls -EINVAL.
    assert_eq!(nlrs_socket_fd(ptr::null()), einval);
    assert_eq!(nlrs_socket_port_id(ptr::null()), 0);
    assert_eq!(nlrs_socket_join_group(ptr::null_mut(), 1), einval);
    assert_eq!(nlrs_socket_leave_group(ptr::null_mut(), 1), einval);
    assert_eq!(nlrs_socket_set_rcvbuf(ptr::null_mut(), 1), einval);
    assert_eq!(nlrs_socket_set_timeout_ms(ptr::null_mut(), 1), einval);
    assert_eq!(nlrs_socket_set_nonblocking(ptr::null_mut(), true), einval);
    assert_eq!(nlrs_socket_last_errno(ptr::null()), 0);
    assert!(nlrs_socket_ext_msg(ptr::null()).is_null());
    assert!(nlrs_socket_warning(ptr::null()).is_null());
    assert_eq!(
        nlrs_socket_ext_path(ptr::null(), ptr::null_mut(), 0),
        einval
    );
    assert_eq!(
        nlrs_socket_ext_path_types(ptr::null(), ptr::null_mut(), 0),
        0
    );
    assert_eq!(
        nlrs_socket_error_text(ptr::null(), -1, ptr::null_mut(), 0),
        einval
    );
    assert_eq!(nlrs_replies_len(ptr::null()), 0);
    assert!(!nlrs_replies_interrupted(ptr::null()));
    assert_eq!(nlrs_batch_len(ptr::null()), 0);
    assert_eq!(nlrs_batch_result(ptr::null(), 0), einval);
    assert!(nlrs_batch_result_msg(ptr::null(), 0).is_null());

    // Calls on live handles with NULL partners.
    let sock = route_socket();
    let msg = link_msg(RTM_GETLINK, 0, 1);
    let mut replies: *mut nlrs_replies = sentinel();
    assert_eq!(
        nlrs_socket_request(ptr::null_mut(), msg, &mut replies),
        einval
    );
    assert_eq!(nlrs_socket_request(sock, ptr::null(), &mut replies), einval);
    assert_eq!(replies, sentinel());
    let mut dump: *mut nlrs_dump = sentinel();
    assert_eq!(nlrs_socket_dump(sock, msg, ptr::null_mut()), einval);
    assert_eq!(nlrs_socket_dump(sock, ptr::null(), &mut dump), einval);
    assert_eq!(dump, sentinel());
    assert_eq!(
        nlrs_dump_next(
            ptr::null_mut(),
            &mut nlrs_rmsg {
                ptr: ptr::null(),
                len: 0
            }
        ),
        einval
    );
    assert_eq!(
        nlrs_dump_foreach(ptr::null_mut(), None, ptr::null_mut()),
        einval
    );
    assert_eq!(nlrs_socket_batch(sock, ptr::null_mut()), einval);
    assert_eq!(nlrs_socket_recv(sock, ptr::null_mut()), einval);
    assert_eq!(nlrs_msg_put_u32(ptr::null_mut(), 1, 1), einval);
    assert_eq!(nlrs_msg_put_string(msg, 1, ptr::null()), einval);
    assert_eq!(nlrs_msg_put_bytes(msg, 1, ptr::null(), 4), einval);
    assert_eq!(nlrs_msg_bytes(msg, ptr::null_mut()), einval);
    let mut rcvbuf = 7usize;
    assert_eq!(nlrs_socket_rcvbuf(ptr::null(), &mut rcvbuf), einval);
    assert_eq!(rcvbuf, 7);
    let mut off = 7u32;
    assert_eq!(nlrs_socket_ext_offset(sock, ptr::null_mut()), einval);
    assert_eq!(nlrs_socket_ext_offset(sock, &mut off), 0, "no error yet");
    assert_eq!(off, 7);

    // Received-message functions on NULL or impossible views.
    let bad = nlrs_rmsg {
        ptr: ptr::null(),
        len: 20,
    };
    assert_eq!(nlrs_rmsg_type(bad), 0);
    assert_eq!(nlrs_rmsg_seq(bad), 0);
    let mut it = nlrs_attr_iter {
        pos: ptr::null(),
        left: 0,
    };
    assert_eq!(nlrs_rmsg_attrs(bad, 0, &mut it), einval);
    assert_eq!(nlrs_attr_next(ptr::null_mut(), &mut empty_attr()), einval);
    assert_eq!(nlrs_attr_next(&mut it, ptr::null_mut()), einval);
    assert_eq!(
        nlrs_attr_next(&mut it, &mut empty_attr()),
        0,
        "empty cursor"
    );
    let mut v = 9u32;
    assert_eq!(nlrs_attr_get_u32(ptr::null(), &mut v), einval);
    assert_eq!(v, 9);
    assert_eq!(nlrs_msg_iter_next(ptr::null_mut(), ptr::null_mut()), einval);

    // Freeing NULL is a no-op.
    nlrs_socket_free(ptr::null_mut());
    nlrs_msg_free(ptr::null_mut());
    nlrs_replies_free(ptr::null_mut());
    nlrs_dump_free(ptr::null_mut());
    nlrs_batch_free(ptr::null_mut());

    nlrs_msg_free(msg);
    nlrs_socket_free(sock);
}

#[test]
fn socket_options_round_trip() {
    private_netns();
    let sock = route_socket();
    assert!(nlrs_socket_fd(sock) >= 0);
    assert_ne!(nlrs_socket_port_id(sock), 0);
    assert_eq!(nlrs_socket_set_rcvbuf(sock, 256 * 1024), 0);
    let mut size = 0usize;
    assert_eq!(nlrs_socket_rcvbuf(sock, &mut size), 0);
    assert!(size >= 256 * 1024, "{size}");
    assert_eq!(nlrs_socket_set_timeout_ms(sock, 0), 0);
    assert_eq!(nlrs_socket_set_timeout_ms(sock, 1500), 0);
    assert_eq!(nlrs_socket_set_nonblocking(sock, true), 0);
    assert_eq!(nlrs_socket_set_nonblocking(sock, false), 0);
    assert_eq!(nlrs_socket_join_group(sock, rtnlgrp::LINK), 0);
    assert_eq!(nlrs_socket_leave_group(sock, rtnlgrp::LINK), 0);
    nlrs_socket_free(sock);
}

// ---------------------------------------------------------------------------------------------
// Conversations with the kernel.

#[test]
fn kernel_error_keeps_its_extended_ack_on_the_socket() {
    private_netns();
    veth("nv0", "nv1");
    let sock = route_socket();
    // IFLA_MTU as a u16: the kernel's policy wants 4 bytes.
    let m = link_msg(RTM_NEWLINK, 0, ifindex("nv0"));
    assert_eq!(nlrs_msg_put_string(m, ifla::IFNAME, c"nv0".as_ptr()), 0);
    assert_eq!(nlrs_msg_put_u16(m, ifla::MTU, 1000), 0);
    let mut replies: *mut nlrs_replies = sentinel();
    assert_eq!(nlrs_socket_request(sock, m, &mut replies), -libc::ERANGE);
    assert_eq!(replies, sentinel(), "out untouched on failure");

    assert_eq!(nlrs_socket_last_errno(sock), libc::ERANGE);
    let kernel = c_string(nlrs_socket_ext_msg(sock)).expect("the kernel explains");
    assert!(!kernel.is_empty());
    assert_eq!(text(|b, l| nlrs_socket_ext_path(sock, b, l)), "IFLA_MTU");
    // snprintf-style: the size first, then a truncated copy.
    assert_eq!(nlrs_socket_ext_path(sock, ptr::null_mut(), 0), 8);
    let mut small = [0x55u8; 5];
    assert_eq!(nlrs_socket_ext_path(sock, small.as_mut_ptr().cast(), 4), 8);
    assert_eq!(&small, b"IFL\0\x55");
    let mut types = [0u16; 4];
    assert_eq!(nlrs_socket_ext_path_types(sock, types.as_mut_ptr(), 4), 1);
    assert_eq!(types[0], ifla::MTU);
    assert_eq!(nlrs_socket_ext_path_types(sock, ptr::null_mut(), 0), 1);
    let mut off = 0u32;
    assert_eq!(nlrs_socket_ext_offset(sock, &mut off), 1);
    assert_eq!(
        off,
        16 + 16 + 8,
        "after nlmsghdr, ifinfomsg and IFLA_IFNAME \"nv0\""
    );
    let mut miss = 7u32;
    assert_eq!(nlrs_socket_ext_miss_type(sock, &mut miss), 0);
    assert_eq!(miss, 7);
    let full = text(|b, l| nlrs_socket_error_text(sock, -libc::ERANGE, b, l));
    assert_eq!(
        full,
        format!("{}: {kernel} (attribute IFLA_MTU)", strerror(-libc::ERANGE))
    );
    // Another code than the last error's reads as nlrs_strerror() does.
    assert_eq!(
        text(|b, l| nlrs_socket_error_text(sock, -libc::ENODEV, b, l)),
        strerror(-libc::ENODEV)
    );
    assert!(nlrs_socket_warning(sock).is_null());

    // The next request forgets it.
    let get = link_msg(RTM_GETLINK, 0, 1);
    assert_eq!(nlrs_socket_request(sock, get, ptr::null_mut()), 0);
    assert_eq!(nlrs_socket_last_errno(sock), 0);
    assert!(nlrs_socket_ext_msg(sock).is_null());
    assert_eq!(nlrs_socket_ext_path(sock, ptr::null_mut(), 0), 0);
    assert_eq!(nlrs_socket_ext_offset(sock, &mut off), 0);

    nlrs_msg_free(get);
    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}

#[test]
fn error_without_kernel_text_reads_as_strerror() {
    private_netns();
    let sock = route_socket();
    let m = link_msg(RTM_GETLINK, 0, 9999);
    assert_eq!(nlrs_socket_request(sock, m, ptr::null_mut()), -libc::ENODEV);
    assert_eq!(nlrs_socket_last_errno(sock), libc::ENODEV);
    assert!(nlrs_socket_ext_msg(sock).is_null());
    assert_eq!(
        text(|b, l| nlrs_socket_error_text(sock, -libc::ENODEV, b, l)),
        "No such device"
    );
    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}

#[test]
fn a_warning_on_a_successful_ack_reads_on_the_socket() {
    private_netns();
    veth("w0", "w1");
    unsafe {
        let sock = route_socket();
        // An ifinfomsg for w0, IFLA_MTU 1300, and three stray bytes the kernel warns about.
        let hdr = IfInfoMsg {
            index: ifindex("w0"),
            ..Default::default()
        };
        let mut payload = Vec::new();
        payload.extend_from_slice(std::slice::from_raw_parts(
            (&hdr as *const IfInfoMsg).cast::<u8>(),
            std::mem::size_of::<IfInfoMsg>(),
        ));
        payload.extend_from_slice(&8u16.to_ne_bytes());
        payload.extend_from_slice(&ifla::MTU.to_ne_bytes());
        payload.extend_from_slice(&1300u32.to_ne_bytes());
        payload.extend_from_slice(&[1, 2, 3]);
        let m = new_msg(RTM_NEWLINK, 0);
        assert_eq!(
            nlrs_msg_put_header(m, payload.as_ptr().cast(), payload.len()),
            0
        );
        assert_eq!(nlrs_socket_request(sock, m, ptr::null_mut()), 0);
        assert_eq!(
            c_string(nlrs_socket_warning(sock)).as_deref(),
            Some("bytes leftover after parsing attributes")
        );
        assert_eq!(nlrs_socket_last_errno(sock), 0);
        nlrs_msg_free(m);
        nlrs_socket_free(sock);
    }
}

#[test]
fn request_replies_are_readable_after_the_socket_moves_on() {
    private_netns();
    veth("nv0", "nv1");
    let idx = ifindex("nv0");
    unsafe {
        let sock = route_socket();
        let m = link_msg(RTM_GETLINK, 0, idx);
        let mut replies = ptr::null_mut();
        assert_eq!(nlrs_socket_request(sock, m, &mut replies), 0);
        assert_eq!(nlrs_replies_len(replies), 1);
        assert!(!nlrs_replies_interrupted(replies));
        // The socket's next conversation does not touch the replies.
        let lo = link_msg(RTM_GETLINK, 0, 1);
        assert_eq!(nlrs_socket_request(sock, lo, ptr::null_mut()), 0);
        let mut r = nlrs_rmsg {
            ptr: ptr::null(),
            len: 0,
        };
        assert_eq!(nlrs_replies_get(replies, 0, &mut r), 0);
        assert_eq!(nlrs_rmsg_type(r), RTM_NEWLINK);
        assert_eq!(nlrs_rmsg_port(r), nlrs_socket_port_id(sock));
        assert_eq!(link_name(r), "nv0");
        let mut hdr = nlrs_bytes {
            ptr: ptr::null(),
            len: 0,
        };
        assert_eq!(nlrs_rmsg_header(r, 16, &mut hdr), 0);
        let index = i32::from_ne_bytes(
            std::slice::from_raw_parts(hdr.ptr.add(4), 4)
                .try_into()
                .unwrap(),
        );
        assert_eq!(index, idx);
        let mut r2 = nlrs_rmsg {
            ptr: sentinel(),
            len: 3,
        };
        assert_eq!(nlrs_replies_get(replies, 1, &mut r2), -libc::EINVAL);
        assert_eq!(r2.len, 3);
        nlrs_replies_free(replies);
        nlrs_msg_free(lo);
        nlrs_msg_free(m);
        nlrs_socket_free(sock);
    }
}

#[test]
fn dump_of_links_equals_ip_link() {
    private_netns();
    veth("nv0", "nv1");
    veth("nv2", "nv3");
    let sock = route_socket();
    let m = link_msg(RTM_GETLINK, 0, 0);
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    let mut names = Vec::new();
    let mut r = nlrs_rmsg {
        ptr: ptr::null(),
        len: 0,
    };
    let rc = loop {
        let rc = nlrs_dump_next(dump, &mut r);
        if rc <= 0 {
            break rc;
        }
        assert_eq!(rc, 1);
        assert_eq!(nlrs_rmsg_type(r), RTM_NEWLINK);
        assert_ne!(nlrs_rmsg_flags(r) & NLM_F_MULTI, 0);
        names.push(link_name(r));
    };
    assert_eq!(rc, 0, "{}", strerror(rc));
    assert_eq!(nlrs_dump_next(dump, &mut r), 0, "the end stays the end");
    assert_eq!(names, ip_link_names());
    nlrs_dump_free(dump);

    // The same through the callback form.
    unsafe extern "C" fn collect(userdata: *mut c_void, msg: nlrs_rmsg) -> c_int {
        let names = unsafe { &mut *userdata.cast::<Vec<String>>() };
        names.push(link_name(msg));
        0
    }
    let mut again: Vec<String> = Vec::new();
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    assert_eq!(
        nlrs_dump_foreach(dump, None, ptr::null_mut()),
        -libc::EINVAL
    );
    let rc = nlrs_dump_foreach(dump, Some(collect), (&mut again as *mut Vec<String>).cast());
    assert_eq!(rc, 0);
    assert_eq!(again, names);
    nlrs_dump_free(dump);

    // A callback that stops early; its value is returned and the dump can go on.
    unsafe extern "C" fn stop_at_second(userdata: *mut c_void, _msg: nlrs_rmsg) -> c_int {
        let n = unsafe { &mut *userdata.cast::<u32>() };
        *n += 1;
        if *n == 2 {
            42
        } else {
            0
        }
    }
    let mut count = 0u32;
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    let rc = nlrs_dump_foreach(dump, Some(stop_at_second), (&mut count as *mut u32).cast());
    assert_eq!((rc, count), (42, 2));
    let mut rest = 0;
    while nlrs_dump_next(dump, &mut r) > 0 {
        rest += 1;
    }
    assert_eq!(rest + 2, names.len());
    nlrs_dump_free(dump);

    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}

#[test]
fn dump_loses_its_socket_to_the_next_conversation() {
    private_netns();
    let sock = route_socket();
    let m = link_msg(RTM_GETLINK, 0, 0);
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    // A request on the socket drains the abandoned dump and takes the socket over.
    let lo = link_msg(RTM_GETLINK, 0, 1);
    assert_eq!(nlrs_socket_request(sock, lo, ptr::null_mut()), 0);
    let mut r = nlrs_rmsg {
        ptr: ptr::null(),
        len: 0,
    };
    assert_eq!(nlrs_dump_next(dump, &mut r), -NLRS_E_CONSUMED);
    nlrs_dump_free(dump);

    // A dump freed half-way leaves the socket usable.
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    assert_eq!(nlrs_dump_next(dump, &mut r), 1);
    nlrs_dump_free(dump);
    assert_eq!(nlrs_socket_request(sock, lo, ptr::null_mut()), 0);

    nlrs_msg_free(lo);
    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}

#[test]
fn refused_dump_reports_the_kernel_error_on_the_socket() {
    private_netns();
    let sock = route_socket();
    // Strict checking refuses a route dump with a prefix length in its header.
    let m = new_msg(RTM_GETROUTE, 0);
    let hdr = RtMsg {
        family: AF_INET,
        dst_len: 8,
        ..Default::default()
    };
    let rc = nlrs_msg_put_header(
        m,
        (&hdr as *const RtMsg).cast(),
        std::mem::size_of::<RtMsg>(),
    );
    assert_eq!(rc, 0);
    let mut dump = ptr::null_mut();
    assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
    let mut r = nlrs_rmsg {
        ptr: sentinel(),
        len: 5,
    };
    assert_eq!(nlrs_dump_next(dump, &mut r), -libc::EINVAL);
    assert_eq!(r.len, 5);
    assert_eq!(nlrs_socket_last_errno(sock), libc::EINVAL);
    assert!(
        c_string(nlrs_socket_ext_msg(sock)).is_some(),
        "the kernel explains"
    );
    assert_eq!(nlrs_dump_next(dump, &mut r), 0, "the dump has ended");
    nlrs_dump_free(dump);
    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}

fn route_msg(flags: u16, dst: [u8; 4], oif: i32) -> *mut nlrs_msg {
    let m = new_msg(RTM_NEWROUTE, flags);
    let hdr = RtMsg {
        family: AF_INET,
        dst_len: 32,
        table: 254,
        protocol: 4,
        scope: 253,
        ty: 1,
        ..Default::default()
    };
    assert_eq!(
        nlrs_msg_put_header(
            m,
            (&hdr as *const RtMsg).cast(),
            std::mem::size_of::<RtMsg>()
        ),
        0
    );
    assert_eq!(nlrs_msg_put_bytes(m, rta::DST, dst.as_ptr().cast(), 4), 0);
    assert_eq!(nlrs_msg_put_u32(m, rta::OIF, oif as u32), 0);
    m
}

#[test]
fn batch_reports_each_request_in_order() {
    private_netns();
    veth("nv0", "nv1");
    let idx = ifindex("nv0");
    let sock = route_socket();
    let mut batch = ptr::null_mut();
    assert_eq!(nlrs_batch_new(&mut batch), 0);
    let f = NLM_F_CREATE | NLM_F_EXCL;
    let msgs = [
        route_msg(f, [10, 9, 0, 1], idx),
        route_msg(f, [10, 9, 0, 2], 9999),
        route_msg(f, [10, 9, 0, 1], idx),
        route_msg(f, [10, 9, 0, 3], idx),
    ];
    for &m in &msgs {
        assert_eq!(nlrs_batch_add(batch, m), 0);
    }
    assert_eq!(nlrs_batch_len(batch), 4);
    assert_eq!(nlrs_batch_result(batch, 0), -libc::EINVAL, "not sent yet");

    assert_eq!(nlrs_socket_batch(sock, batch), 2);
    let results: Vec<c_int> = (0..4).map(|i| nlrs_batch_result(batch, i)).collect();
    assert_eq!(results, [0, -libc::ENODEV, -libc::EEXIST, 0]);
    assert_eq!(nlrs_batch_result(batch, 4), -libc::EINVAL);
    assert!(nlrs_batch_result_msg(batch, 0).is_null());
    assert!(nlrs_batch_result_msg(batch, 4).is_null());
    // The socket keeps the first failure.
    assert_eq!(nlrs_socket_last_errno(sock), libc::ENODEV);
    let routes = ip_json(&["route", "show", "dev", "nv0", "proto", "static"]);
    assert_eq!(routes.as_array().unwrap().len(), 2);

    // Sent again: every request now exists.
    assert_eq!(nlrs_socket_batch(sock, batch), 4);
    assert_eq!(nlrs_batch_result(batch, 0), -libc::EEXIST);

    assert_eq!(nlrs_batch_clear(batch), 0);
    assert_eq!(nlrs_batch_len(batch), 0);
    assert_eq!(nlrs_socket_batch(sock, batch), 0);
    assert_eq!(nlrs_socket_last_errno(sock), 0);

    // A message with an open nest cannot be added.
    let open_nest = new_msg(RTM_NEWROUTE, 0);
    assert_eq!(nlrs_msg_nest_start(open_nest, rta::MULTIPATH), 0);
    assert_eq!(nlrs_batch_add(batch, open_nest), -NLRS_E_BUILD);
    assert_eq!(nlrs_batch_len(batch), 0);

    nlrs_msg_free(open_nest);
    for m in msgs {
        nlrs_msg_free(m);
    }
    nlrs_batch_free(batch);
    nlrs_socket_free(sock);
}

#[test]
fn notifications_arrive_through_recv() {
    private_netns();
    unsafe {
        let mut sock = ptr::null_mut();
        assert_eq!(
            nlrs_socket_open(proto::ROUTE, NLRS_SOCKET_NONBLOCK, &mut sock),
            0
        );
        assert_eq!(nlrs_socket_join_group(sock, rtnlgrp::LINK), 0);
        let mut it = nlrs_msg_iter {
            pos: sentinel(),
            left: 9,
        };
        assert_eq!(nlrs_socket_recv(sock, &mut it), -libc::EAGAIN);
        assert_eq!(it.left, 9, "out untouched");

        veth("nv0", "nv1");
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !seen.contains(&"nv0".to_owned()) {
            assert!(
                std::time::Instant::now() < deadline,
                "no notification: {seen:?}"
            );
            let mut pfd = libc::pollfd {
                fd: nlrs_socket_fd(sock),
                events: libc::POLLIN,
                revents: 0,
            };
            libc::poll(&mut pfd, 1, 1000);
            let rc = nlrs_socket_recv(sock, &mut it);
            if rc == -libc::EAGAIN {
                continue;
            }
            assert_eq!(rc, 1);
            let mut r = nlrs_rmsg {
                ptr: ptr::null(),
                len: 0,
            };
            while nlrs_msg_iter_next(&mut it, &mut r) > 0 {
                assert_eq!(nlrs_rmsg_seq(r), 0, "notifications carry sequence 0");
                if nlrs_rmsg_type(r) == RTM_NEWLINK {
                    seen.push(link_name(r));
                }
            }
        }
        nlrs_socket_free(sock);
    }
}

#[test]
fn socket_opened_in_a_namespace_sees_its_links() {
    let ns = common::NamedNetns::new("ffi");
    common::ip(&[
        "-n", &ns.name, "link", "add", "in0", "type", "veth", "peer", "name", "in1",
    ]);
    let path = std::ffi::CString::new(ns.path()).unwrap();
    unsafe {
        let mut by_path = ptr::null_mut();
        assert_eq!(
            nlrs_socket_open_netns(path.as_ptr(), proto::ROUTE, 0, &mut by_path),
            0
        );
        let nsfd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        assert!(nsfd >= 0);
        let mut by_fd = ptr::null_mut();
        assert_eq!(
            nlrs_socket_open_netns_fd(nsfd, proto::ROUTE, 0, &mut by_fd),
            0
        );
        libc::close(nsfd);
        for sock in [by_path, by_fd] {
            let m = link_msg(RTM_GETLINK, 0, 0);
            let mut dump = ptr::null_mut();
            assert_eq!(nlrs_socket_dump(sock, m, &mut dump), 0);
            let mut names = Vec::new();
            let mut r = nlrs_rmsg {
                ptr: ptr::null(),
                len: 0,
            };
            while nlrs_dump_next(dump, &mut r) > 0 {
                names.push(link_name(r));
            }
            names.sort();
            assert_eq!(names, ["in0", "in1", "lo"]);
            nlrs_dump_free(dump);
            nlrs_msg_free(m);
            nlrs_socket_free(sock);
        }
    }
}

#[test]
fn veth_pair_created_with_a_struct_inside_a_nest() {
    private_netns();
    /// `VETH_INFO_PEER` from <linux/veth.h>.
    const VETH_INFO_PEER: u16 = 1;
    let sock = route_socket();
    let m = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
    assert_eq!(nlrs_msg_put_string(m, ifla::IFNAME, c"cv0".as_ptr()), 0);
    assert_eq!(nlrs_msg_nest_start(m, ifla::LINKINFO), 0);
    assert_eq!(nlrs_msg_put_string(m, ifla::INFO_KIND, c"veth".as_ptr()), 0);
    assert_eq!(nlrs_msg_nest_start(m, ifla::INFO_DATA), 0);
    assert_eq!(nlrs_msg_nest_start(m, VETH_INFO_PEER), 0);
    let peer = IfInfoMsg::default();
    let rc = nlrs_msg_put_raw(
        m,
        (&peer as *const IfInfoMsg).cast(),
        std::mem::size_of::<IfInfoMsg>(),
    );
    assert_eq!(rc, 0);
    assert_eq!(nlrs_msg_put_string(m, ifla::IFNAME, c"cv1".as_ptr()), 0);
    for _ in 0..3 {
        assert_eq!(nlrs_msg_nest_end(m), 0);
    }
    let rc = nlrs_socket_request(sock, m, ptr::null_mut());
    assert_eq!(
        rc,
        0,
        "{}",
        text(|b, l| nlrs_socket_error_text(sock, rc, b, l))
    );
    let names = ip_link_names();
    assert!(names.contains(&"cv0".to_owned()) && names.contains(&"cv1".to_owned()));
    // Created once; a second time is EEXIST.
    assert_eq!(nlrs_socket_request(sock, m, ptr::null_mut()), -libc::EEXIST);
    nlrs_msg_free(m);
    nlrs_socket_free(sock);
}
