//! Handles and threads, as the README promises them: "a handle may be used from any thread, one
//! thread at a time; the library has no global mutable state". Several threads each work their
//! own handles at once, and one handle (a socket, a link object, a message) moves from thread
//! to thread. Checked against iproute2; `make check-tsan` runs this file under
//! ThreadSanitizer, which reports any memory two threads touch without synchronisation.
mod common;

use std::ffi::{CStr, CString};
use std::ptr;
use std::thread;

use common::capi::*;
use common::{ip, ip_json, private_netns, veth};
use nlrs::conn::Socket;
use nlrs::rtnl::link::{self, LinkChange};
use nlrs::wire::consts::proto;

/// The MTU of `name`, as iproute2 reports it.
fn ip_mtu(name: &str) -> u32 {
    ip_json(&["link", "show", "dev", name])[0]["mtu"]
        .as_i64()
        .expect("mtu") as u32
}

/// Raw handles are moved between threads here on purpose: that is what is under test.
struct Handles {
    sock: *mut nlrs_socket,
    link: *mut nlrs_link,
    change: *mut nlrs_link_change,
}

// SAFETY: the C API allows a handle on any thread, one thread at a time; the tests hand these
// over by moving them, through spawn and join.
unsafe impl Send for Handles {}

impl Handles {
    fn new() -> Self {
        let mut h = Handles {
            sock: ptr::null_mut(),
            link: ptr::null_mut(),
            change: ptr::null_mut(),
        };
        assert_eq!(nlrs_socket_open(proto::ROUTE, 0, &mut h.sock), 0);
        assert_eq!(nlrs_link_new(&mut h.link), 0);
        assert_eq!(nlrs_link_change_new(&mut h.change), 0);
        h
    }

    /// Sets `name`'s MTU through the C API, reads the link back and returns what it says.
    fn set_mtu(&mut self, name: &str, mtu: u32) -> u32 {
        let cname = CString::new(name).unwrap();
        // SAFETY: the handles are live and used by this thread only; the name is borrowed
        // from the link object and read before its next change.
        unsafe {
            assert_eq!(
                nlrs_link_get_by_name(self.sock, cname.as_ptr(), self.link),
                0
            );
            assert_eq!(
                CStr::from_ptr(nlrs_link_name(self.link)).to_bytes(),
                name.as_bytes()
            );
            assert_eq!(nlrs_link_change_set_mtu(self.change, mtu), 0);
            let index = nlrs_link_ifindex(self.link);
            assert_eq!(nlrs_link_change_apply(self.sock, index, self.change), 0);
            assert_eq!(
                nlrs_link_get_by_name(self.sock, cname.as_ptr(), self.link),
                0
            );
            let mut got = 0;
            assert_eq!(nlrs_link_mtu(self.link, &mut got), 1);
            got
        }
    }
}

impl Drop for Handles {
    fn drop(&mut self) {
        nlrs_link_change_free(self.change);
        nlrs_link_free(self.link);
        nlrs_socket_free(self.sock);
    }
}

/// Four threads at once, each in a namespace of its own with handles of its own, through the
/// C API and the Rust API alike.
#[test]
fn threads_each_with_their_own_handles_at_once() {
    let workers: Vec<_> = (0..4u32)
        .map(|i| {
            thread::spawn(move || {
                private_netns();
                veth("thr0", "thr1");
                let mut c = Handles::new();
                let mut rust = Socket::open(proto::ROUTE).unwrap();
                for round in 0..20 {
                    let mtu = 1280 + i * 100 + round;
                    assert_eq!(c.set_mtu("thr0", mtu), mtu);
                    let peer = link::get(&mut rust, "thr1").unwrap();
                    LinkChange::default()
                        .mtu(mtu + 1)
                        .apply(&mut rust, peer.index)
                        .unwrap();
                    let names: Vec<_> = link::list(&mut rust, &link::LinkFilter::default())
                        .unwrap()
                        .into_iter()
                        .map(|l| l.name)
                        .collect();
                    assert_eq!(names.len(), 3, "{names:?}");
                }
                (ip_mtu("thr0"), ip_mtu("thr1"))
            })
        })
        .collect();
    for (i, w) in workers.into_iter().enumerate() {
        let i = i as u32;
        assert_eq!(
            w.join().unwrap(),
            (1280 + i * 100 + 19, 1280 + i * 100 + 20)
        );
    }
}

/// One set of handles (a socket, a link object, a change) and one Rust socket, made on one
/// thread and used in turn by five others, each after the last has finished.
#[test]
fn handles_handed_from_thread_to_thread() {
    common::in_netns(|| {
        veth("hop0", "hop1");
        let ns = std::fs::File::open("/proc/thread-self/ns/net").unwrap();
        let mut handles = (Handles::new(), Socket::open(proto::ROUTE).unwrap());
        for hop in 0..5u32 {
            let ns = ns.try_clone().unwrap();
            handles = thread::spawn(move || {
                // In the namespace the handles were made in, so `ip` sees the same links.
                // SAFETY: plain system call on a descriptor this thread holds.
                assert_eq!(
                    unsafe { libc::setns(std::os::fd::AsRawFd::as_raw_fd(&ns), 0) },
                    0
                );
                let (mut c, mut rust) = handles;
                let mtu = 1300 + hop;
                assert_eq!(c.set_mtu("hop0", mtu), mtu);
                assert_eq!(ip_mtu("hop0"), mtu);
                let l = link::get(&mut rust, "hop1").unwrap();
                LinkChange::default()
                    .mtu(mtu)
                    .apply(&mut rust, l.index)
                    .unwrap();
                (c, rust)
            })
            .join()
            .unwrap();
        }
        drop(handles);
        assert!(ip(&["link", "show", "dev", "hop1"]).contains("mtu 1304"));
    });
}
