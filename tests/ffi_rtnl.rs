//! The typed rtnetlink C API (`nlrs_link`, `nlrs_addr`, `nlrs_route`, `nlrs_neigh` and their
//! dumps, gets and changes), called as C calls it: the exported `nlrs_*` functions with the
//! `repr(C)` structs of libnlrs.h. Each test runs in its own
//! private network namespace, with iproute2 as the oracle.
//!
//! - the kernel's errors are kept on the socket with their text, and the NEW modes give the
//!   kernel's EEXIST/ENOENT answers;
//! - a route dump of one table among 100 000 routes in 100 tables carries that table's routes
//!   only: the filter ran in the kernel;
//! - decoding whole dumps into one object allocates nothing once its buffers have grown;
//! - raw attributes stay reachable, multipath routes are written and read, links move to
//!   another namespace by file descriptor.
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::{c_int, CStr, CString};
use std::ptr::{null, null_mut};

use common::capi::*;
use common::{ip, ip_batch, ip_json, private_netns, veth, NamedNetns};

/// The index of interface `name`, as the C API types every interface index.
fn ifindex(name: &str) -> u32 {
    common::ifindex(name) as u32
}

// ---------------------------------------------------------------------------------------------
// Counting this thread's allocations.

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: as the caller's contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as the caller's contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: as the caller's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

// ---------------------------------------------------------------------------------------------
// The layouts libnlrs.h promises.

const _: () = {
    assert!(size_of::<nlrs_ipaddr>() == 17);
    assert!(size_of::<nlrs_route_nexthop>() == 24);
    assert!(size_of::<nlrs_route_filter>() == 12);
    assert!(size_of::<nlrs_vxlan>() == 64);
};

const IFINFOMSG_LEN: usize = 16;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// An owned socket.
struct Sock(*mut nlrs_socket);

impl Sock {
    fn open() -> Self {
        let mut s = null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_ROUTE, 0, &mut s), 0);
        Sock(s)
    }

    /// The kernel's text for the last error, if any.
    fn ext_msg(&self) -> Option<String> {
        c_string(nlrs_socket_ext_msg(self.0))
    }

    fn last_errno(&self) -> c_int {
        nlrs_socket_last_errno(self.0)
    }

    fn error_text(&self, err: c_int) -> String {
        let mut buf = [0u8; 512];
        let n = nlrs_socket_error_text(self.0, err, buf.as_mut_ptr().cast(), buf.len());
        String::from_utf8_lossy(&buf[..n as usize]).into_owned()
    }
}

impl Drop for Sock {
    fn drop(&mut self) {
        nlrs_socket_free(self.0)
    }
}

fn ipaddr(text: &str) -> nlrs_ipaddr {
    let mut a = nlrs_ipaddr::default();
    match text.parse::<std::net::IpAddr>().unwrap() {
        std::net::IpAddr::V4(v4) => {
            a.family = NLRS_AF_INET;
            a.addr[..4].copy_from_slice(&v4.octets());
        }
        std::net::IpAddr::V6(v6) => {
            a.family = NLRS_AF_INET6;
            a.addr = v6.octets();
        }
    }
    a
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// Reads dump `d` to its end, calling `f` with each message; returns how many there were.
fn each(d: *mut nlrs_dump, mut f: impl FnMut(nlrs_rmsg)) -> usize {
    let mut msg = nlrs_rmsg {
        ptr: null(),
        len: 0,
    };
    let mut n = 0;
    loop {
        let rc = nlrs_dump_next(d, &mut msg);
        assert!(rc >= 0, "dump failed: {rc}");
        if rc == 0 {
            break;
        }
        f(msg);
        n += 1;
    }
    nlrs_dump_free(d);
    n
}

/// The error text `ip` prints, without ip's `Error: ` and trailing `.`.
fn ip_error_text(args: &[&str]) -> String {
    let out = std::process::Command::new("ip")
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8(out.stderr).unwrap();
    text.trim_end()
        .strip_prefix("Error: ")
        .unwrap_or_else(|| panic!("ip gave no kernel text: {text}"))
        .trim_end_matches('.')
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn kernel_errors_are_kept_on_the_socket_and_modes_decide_eexist_and_enoent() {
    private_netns();
    veth("e0", "e1");
    let idx = ifindex("e0");
    let s = Sock::open();

    // An address, create-only twice: EEXIST with the kernel's text.
    let a = ipaddr("10.20.0.1");
    let mut spec = null_mut();
    assert_eq!(nlrs_addr_spec_new(idx, &a, 24, &mut spec), 0);
    assert_eq!(nlrs_addr_add(s.0, spec, NLRS_MODE_CREATE), 0);
    assert_eq!(nlrs_addr_add(s.0, spec, NLRS_MODE_CREATE), -libc::EEXIST);
    assert_eq!(s.last_errno(), libc::EEXIST);
    let text = s.ext_msg().expect("the kernel explains EEXIST");
    assert_eq!(
        text,
        ip_error_text(&["addr", "add", "10.20.0.1/24", "dev", "e0"])
    );
    assert!(s.error_text(-libc::EEXIST).contains(&text));
    // Replace and upsert change it; lifetimes show that they did.
    assert_eq!(nlrs_addr_spec_set_lifetimes(spec, 3000, 2000), 0);
    assert_eq!(nlrs_addr_add(s.0, spec, NLRS_MODE_REPLACE), 0);
    assert_eq!(nlrs_addr_add(s.0, spec, NLRS_MODE_UPSERT), 0);
    nlrs_addr_spec_free(spec);
    assert_eq!(s.last_errno(), 0, "a success forgets the last error");
    let info = ip_json(&["addr", "show", "dev", "e0"]);
    let v4 = &info[0]["addr_info"][0];
    assert_eq!(v4["local"].as_str(), Some("10.20.0.1"));
    assert!(v4["valid_life_time"].as_i64().unwrap() <= 3000);

    // Routes: replace-only of a missing route is ENOENT, append adds a second path.
    let route = |dst: &str, gw: &str| {
        let mut r = null_mut();
        assert_eq!(nlrs_route_spec_new(NLRS_AF_INET, &mut r), 0);
        assert_eq!(nlrs_route_spec_set_dst(r, &ipaddr(dst), 24), 0);
        assert_eq!(nlrs_route_spec_set_gateway(r, &ipaddr(gw)), 0);
        r
    };
    let r1 = route("198.51.100.0", "10.20.0.2");
    let r2 = route("198.51.100.0", "10.20.0.3");
    assert_eq!(nlrs_route_add(s.0, r1, NLRS_MODE_REPLACE), -libc::ENOENT);
    assert_eq!(s.last_errno(), libc::ENOENT);
    assert_eq!(nlrs_route_add(s.0, r1, NLRS_MODE_CREATE), 0);
    assert_eq!(nlrs_route_add(s.0, r2, NLRS_MODE_CREATE), -libc::EEXIST);
    assert_eq!(nlrs_route_add(s.0, r2, NLRS_MODE_APPEND), 0);
    assert_eq!(
        ip_json(&["route", "show", "198.51.100.0/24"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(nlrs_route_delete(s.0, r1), 0);
    assert_eq!(nlrs_route_delete(s.0, r2), 0);
    // Deleting a missing route: what the kernel says, ESRCH for IPv4, no text.
    assert_eq!(nlrs_route_delete(s.0, r2), -libc::ESRCH);
    assert_eq!(s.last_errno(), libc::ESRCH);
    assert_eq!(s.ext_msg(), None);
    assert_eq!(s.error_text(-libc::ESRCH), "No such process");
    nlrs_route_spec_free(r1);
    nlrs_route_spec_free(r2);

    // Neighbours: replace-only of a missing entry is ENOENT; create twice is EEXIST.
    let n = ipaddr("10.20.0.9");
    let mac = [2u8, 0, 0, 0, 0, 9];
    let add = |mode| nlrs_neigh_add(s.0, idx, &n, mac.as_ptr(), 6, NLRS_NUD_PERMANENT, mode);
    assert_eq!(add(NLRS_MODE_REPLACE), -libc::ENOENT);
    assert_eq!(add(NLRS_MODE_CREATE), 0);
    assert_eq!(add(NLRS_MODE_CREATE), -libc::EEXIST);
    assert_eq!(add(NLRS_MODE_UPSERT), 0);

    // A link change the kernel refuses: its minimum-MTU text.
    let mut c = null_mut();
    assert_eq!(nlrs_link_change_new(&mut c), 0);
    assert_eq!(nlrs_link_change_set_mtu(c, 10), 0);
    assert_eq!(nlrs_link_change_apply(s.0, idx, c), -libc::EINVAL);
    nlrs_link_change_free(c);
    assert_eq!(
        s.ext_msg().as_deref(),
        Some(ip_error_text(&["link", "set", "dev", "e0", "mtu", "10"]).as_str())
    );
    // A get of a missing link: ENODEV, no text.
    let mut l = null_mut();
    assert_eq!(nlrs_link_new(&mut l), 0);
    assert_eq!(nlrs_link_get(s.0, 9999, l), -libc::ENODEV);
    nlrs_link_free(l);
    assert_eq!((s.last_errno(), s.ext_msg()), (libc::ENODEV, None));
}

#[test]
fn route_dump_of_one_table_among_100000_routes_is_filtered_in_the_kernel() {
    private_netns();
    let mut lines = String::new();
    for t in 0..100u32 {
        for i in 0..1000u32 {
            lines.push_str(&format!(
                "route add blackhole 10.{t}.{}.{}/32 table {}\n",
                i / 250,
                i % 250,
                1000 + t
            ));
        }
    }
    ip_batch(&lines);
    let s = Sock::open();
    let mut r = null_mut();
    assert_eq!(nlrs_route_new(&mut r), 0);

    // Unfiltered: every route of every table comes to userspace.
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, null(), &mut d), 0);
    let all = each(d, |_| {});
    assert!(all >= 100_000, "{all}");

    // Table 1042 only: every message the dump yields (nlrs filters nothing itself) is one of
    // that table's 1000 routes, so no datagram carried another table's.
    for (family, table) in [(NLRS_AF_INET, 1042), (NLRS_AF_UNSPEC, 1099)] {
        let filter = nlrs_route_filter {
            family,
            table,
            ..Default::default()
        };
        let mut d = null_mut();
        assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
        let mut prefixes = Vec::new();
        let n = each(d, |m| {
            let mut dst = nlrs_ipaddr::default();
            assert_eq!(nlrs_route_parse(r, m), 0);
            assert_eq!(nlrs_route_table(r), table);
            assert_eq!(nlrs_route_type(r), NLRS_RTN_BLACKHOLE);
            assert_eq!(nlrs_route_dst(r, &mut dst), 1);
            prefixes.push(dst.addr[1]);
        });
        assert_eq!(n, 1000);
        assert!(prefixes.iter().all(|&p| u32::from(p) == table - 1000));
    }
    nlrs_route_free(r);
}

#[test]
fn decoding_whole_dumps_allocates_nothing_per_object() {
    private_netns();
    ip_batch(
        "link add d0 type veth peer name d1
link add dbr type bridge
link add dvx type vxlan id 5 dstport 4789
link set d0 up
link set d1 up
link set d0 alias the-first-link
link property add dev d0 altname d0-an-alternative-name
link property add dev d1 altname d1-alt
addr add 10.30.0.1/24 dev d0
addr add 10.30.0.2/24 dev d0 label d0:long-label
addr add 2001:db8:30::1/64 dev d0 nodad
route add 10.31.0.0/16 via 10.30.0.9
route add 10.32.0.0/16 table 300 nexthop via 10.30.0.8 dev d0 nexthop via 10.30.0.9 dev d0
route add blackhole 10.33.0.0/16
neigh add 10.30.0.7 lladdr 02:00:00:00:00:07 dev d0
neigh add 2001:db8:30::7 lladdr 02:00:00:00:00:08 dev d0
",
    );
    let s = Sock::open();

    // Dumps every kind twice into one object of its kind; the second time, decoding must not
    // allocate at all. Returns the messages of the second dump.
    fn twice(
        start: &dyn Fn(*mut *mut nlrs_dump) -> c_int,
        parse: &dyn Fn(nlrs_rmsg) -> c_int,
    ) -> usize {
        let mut count = 0;
        for round in 0..2 {
            let mut d = null_mut();
            assert_eq!(start(&mut d), 0);
            let mut spent = 0;
            count = each(d, |m| {
                let before = allocations();
                assert_eq!(parse(m), 0);
                spent += allocations() - before;
            });
            if round == 0 {
                assert!(
                    spent > 0,
                    "the first dump grows the buffers (and the count works)"
                );
            } else {
                assert_eq!(spent, 0, "decoding the second dump allocated");
            }
        }
        count
    }

    let (mut l, mut a, mut r, mut n) = (null_mut(), null_mut(), null_mut(), null_mut());
    assert_eq!(nlrs_link_new(&mut l), 0);
    assert_eq!(nlrs_addr_new(&mut a), 0);
    assert_eq!(nlrs_route_new(&mut r), 0);
    assert_eq!(nlrs_neigh_new(&mut n), 0);
    let links = twice(&|d| nlrs_link_dump(s.0, d), &|m| nlrs_link_parse(l, m));
    assert_eq!(links, 5);
    let addrs = twice(&|d| nlrs_addr_dump(s.0, NLRS_AF_UNSPEC, 0, d), &|m| {
        nlrs_addr_parse(a, m)
    });
    assert!(addrs >= 4);
    let routes = twice(&|d| nlrs_route_dump(s.0, null(), d), &|m| {
        nlrs_route_parse(r, m)
    });
    assert!(routes >= 6);
    let neighs = twice(&|d| nlrs_neigh_dump(s.0, NLRS_AF_UNSPEC, 0, d), &|m| {
        nlrs_neigh_parse(n, m)
    });
    assert!(neighs >= 2);
    nlrs_link_free(l);
    nlrs_addr_free(a);
    nlrs_route_free(r);
    nlrs_neigh_free(n);
}

/// In a private network namespace, a socket and a veth pair r0/r1 made through the C API with
/// it, both up, with 10.40.0.1/24 on r0.
fn veth_r0_r1() -> Sock {
    private_netns();
    let s = Sock::open();
    let (name, peer) = (cstr("r0"), cstr("r1"));
    assert_eq!(nlrs_link_create_veth(s.0, name.as_ptr(), peer.as_ptr()), 0);
    ip(&["link", "set", "r0", "up"]);
    ip(&["link", "set", "r1", "up"]);
    ip(&["addr", "add", "10.40.0.1/24", "dev", "r0"]);
    s
}

/// A link object's getters, and every attribute through the copy of its message, with or
/// without a getter.
#[test]
fn a_link_reads_by_getter_and_as_raw_attributes() {
    let s = veth_r0_r1();
    let name = cstr("r0");
    let mut l = null_mut();
    // SAFETY: valid pointers throughout; every handle freed once.
    unsafe {
        assert_eq!(nlrs_link_new(&mut l), 0);
        assert_eq!(nlrs_link_get_by_name(s.0, name.as_ptr(), l), 0);
        assert_eq!(nlrs_link_ifindex(l), ifindex("r0"));
        assert_eq!(CStr::from_ptr(nlrs_link_kind(l)).to_str(), Ok("veth"));
        let mut peer_index = 0;
        assert_eq!(nlrs_link_link(l, &mut peer_index), 1);
        assert_eq!(peer_index, ifindex("r1"));
        let mut stats = nlrs_link_stats64::default();
        assert_eq!(nlrs_link_stats(l, &mut stats), 1);
        let mut mac = nlrs_bytes {
            ptr: null(),
            len: 0,
        };
        assert_eq!(nlrs_link_address(l, &mut mac), 1);
        assert_eq!(mac.len, 6);

        // The message copy gives every attribute, with or without a getter.
        let msg = nlrs_link_msg(l);
        let mut it = nlrs_attr_iter {
            pos: null(),
            left: 0,
        };
        assert_eq!(nlrs_rmsg_attrs(msg, IFINFOMSG_LEN, &mut it), 0);
        let mut attr = nlrs_attr {
            r#type: 0,
            raw_type: 0,
            data: null(),
            len: 0,
        };
        assert_eq!(nlrs_attr_find(it, NLRS_IFLA_IFNAME, &mut attr), 1);
        let mut raw_name = null();
        assert_eq!(nlrs_attr_get_string(&attr, &mut raw_name), 0);
        assert_eq!(CStr::from_ptr(raw_name), CStr::from_ptr(nlrs_link_name(l)));
        assert_eq!(nlrs_attr_find(it, NLRS_IFLA_TXQLEN, &mut attr), 1);
        let (mut raw_q, mut q) = (0u32, 0u32);
        assert_eq!(nlrs_attr_get_u32(&attr, &mut raw_q), 0);
        assert_eq!(nlrs_link_txqlen(l, &mut q), 1);
        assert_eq!(raw_q, q);
        let mut mtu = 0;
        assert_eq!(nlrs_link_mtu(l, &mut mtu), 1);
        assert_eq!(mtu, 1500);
    }
    nlrs_link_free(l);
}

#[test]
fn a_vxlan_is_made_with_a_local_address_and_a_parent() {
    let s = veth_r0_r1();
    let vx = nlrs_vxlan {
        id: 77,
        port: 4790,
        parent: ifindex("r0"),
        local: ipaddr("10.40.0.1"),
        ..Default::default()
    };
    let vname = cstr("rvx");
    assert_eq!(nlrs_link_create_vxlan(s.0, vname.as_ptr(), &vx), 0);
    let j = ip_json(&["-d", "link", "show", "dev", "rvx"]);
    let data = &j[0]["linkinfo"]["info_data"];
    assert_eq!(data["id"].as_i64(), Some(77));
    assert_eq!(data["port"].as_i64(), Some(4790));
    assert_eq!(data["local"].as_str(), Some("10.40.0.1"));
    assert_eq!(data["link"].as_str(), Some("r0"));
}

#[test]
fn a_multipath_route_is_written_and_read_back() {
    let s = veth_r0_r1();
    let hops = [
        nlrs_route_nexthop {
            ifindex: ifindex("r0"),
            hops: 0,
            flags: 0,
            gateway: ipaddr("10.40.0.2"),
        },
        nlrs_route_nexthop {
            ifindex: ifindex("r0"),
            hops: 4,
            flags: 0,
            gateway: ipaddr("10.40.0.3"),
        },
    ];
    let mut spec = null_mut();
    let mut r = null_mut();
    assert_eq!(nlrs_route_spec_new(NLRS_AF_INET, &mut spec), 0);
    assert_eq!(nlrs_route_spec_set_dst(spec, &ipaddr("192.0.2.0"), 24), 0);
    assert_eq!(nlrs_route_spec_set_table(spec, 100_000), 0);
    for h in &hops {
        assert_eq!(nlrs_route_spec_add_nexthop(spec, h), 0);
    }
    assert_eq!(nlrs_route_add(s.0, spec, NLRS_MODE_CREATE), 0);
    let j = ip_json(&["route", "show", "table", "100000"]);
    let nh = &j[0]["nexthops"];
    assert_eq!(nh[1]["gateway"].as_str(), Some("10.40.0.3"));
    assert_eq!(nh[1]["weight"].as_i64(), Some(5));

    assert_eq!(nlrs_route_new(&mut r), 0);
    let filter = nlrs_route_filter {
        family: NLRS_AF_INET,
        table: 100_000,
        ..Default::default()
    };
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
    let n = each(d, |m| {
        assert_eq!(nlrs_route_parse(r, m), 0);
        assert_eq!(nlrs_route_nexthop_count(r), 2);
        for (i, want) in hops.iter().enumerate() {
            let mut got = nlrs_route_nexthop::default();
            assert_eq!(nlrs_route_nexthop_at(r, i, &mut got), 0);
            assert_eq!(&got, want);
        }
    });
    assert_eq!(n, 1);
    assert_eq!(nlrs_route_spec_set_type(spec, 0), 0);
    assert_eq!(nlrs_route_delete(s.0, spec), 0);
    nlrs_route_spec_free(spec);
    nlrs_route_free(r);
}

#[test]
fn a_neighbours_link_layer_address_is_read() {
    let s = veth_r0_r1();
    // SAFETY: valid pointers.
    unsafe {
        let mac = [2u8, 0, 0, 0, 0, 0x42];
        let dst = ipaddr("10.40.0.42");
        assert_eq!(
            nlrs_neigh_add(
                s.0,
                ifindex("r0"),
                &dst,
                mac.as_ptr(),
                6,
                NLRS_NUD_PERMANENT,
                0
            ),
            0
        );
        let mut n = null_mut();
        assert_eq!(nlrs_neigh_new(&mut n), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_neigh_dump(s.0, NLRS_AF_INET, ifindex("r0"), &mut d), 0);
        let mut seen = 0;
        each(d, |m| {
            assert_eq!(nlrs_neigh_parse(n, m), 0);
            let mut ll = nlrs_bytes {
                ptr: null(),
                len: 0,
            };
            if nlrs_neigh_lladdr(n, &mut ll) == 1 && ll.len == 6 {
                assert_eq!(std::slice::from_raw_parts(ll.ptr, 6), &mac);
                seen += 1;
            }
        });
        assert_eq!(seen, 1);
        nlrs_neigh_free(n);
    }
}

/// Neighbour flags through C: a router entry and a proxy entry added with their flags, read
/// with `nlrs_neigh_flags()` from the ordinary and the proxy dump as `ip` shows them, and the
/// proxy entry deleted by its flag.
#[test]
fn neighbour_flags_and_proxy_entries_from_c() {
    let s = veth_r0_r1();
    let r0 = ifindex("r0");
    let mac = [2u8, 0, 0, 0, 0, 0x43];
    let (router, proxy) = (ipaddr("10.40.0.43"), ipaddr("10.40.0.44"));
    let add = |dst, ll: &[u8], flags| {
        nlrs_neigh_add_flags(
            s.0,
            r0,
            dst,
            ll.as_ptr(),
            ll.len(),
            NLRS_NUD_PERMANENT,
            flags,
            NLRS_MODE_CREATE,
        )
    };
    assert_eq!(
        add(&router, &mac, NLRS_NTF_ROUTER | NLRS_NTF_EXT_LEARNED),
        0
    );
    assert_eq!(add(&proxy, &[], NLRS_NTF_PROXY), 0);
    let j = ip_json(&["neigh", "show", "dev", "r0"]);
    let e = j
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["dst"] == "10.40.0.43")
        .unwrap();
    assert!(
        e.get("router").is_some() && e.get("extern_learn").is_some(),
        "{e}"
    );
    assert_eq!(ip_json(&["neigh", "show", "proxy"])[0]["dst"], "10.40.0.44");

    // Each dump's entries on r0: (address, flags, link-layer address length).
    let read = |proxy_dump: bool| {
        let mut n = null_mut();
        assert_eq!(nlrs_neigh_new(&mut n), 0);
        let mut d = null_mut();
        let rc = if proxy_dump {
            nlrs_neigh_proxy_dump(s.0, NLRS_AF_INET, r0, &mut d)
        } else {
            nlrs_neigh_dump(s.0, NLRS_AF_INET, r0, &mut d)
        };
        assert_eq!(rc, 0);
        let mut out = Vec::new();
        each(d, |m| {
            assert_eq!(nlrs_neigh_parse(n, m), 0);
            let mut dst = nlrs_ipaddr::default();
            assert_eq!(nlrs_neigh_dst(n, &mut dst), 1);
            let mut ll = nlrs_bytes {
                ptr: null(),
                len: 0,
            };
            let has_ll = nlrs_neigh_lladdr(n, &mut ll) == 1;
            out.push((dst.addr[..4].to_vec(), nlrs_neigh_flags(n), has_ll));
        });
        nlrs_neigh_free(n);
        out
    };
    assert_eq!(
        read(false),
        [(
            vec![10, 40, 0, 43],
            NLRS_NTF_ROUTER | NLRS_NTF_EXT_LEARNED,
            true
        )]
    );
    assert_eq!(read(true), [(vec![10, 40, 0, 44], NLRS_NTF_PROXY, false)]);
    assert_eq!(nlrs_neigh_delete(s.0, r0, &proxy), -libc::ENOENT);
    assert_eq!(nlrs_neigh_delete_flags(s.0, r0, &proxy, NLRS_NTF_PROXY), 0);
    assert_eq!(read(true), []);
}

#[test]
fn addresses_are_read_with_their_labels() {
    let s = veth_r0_r1();
    // SAFETY: valid pointers.
    unsafe {
        let mut a = null_mut();
        assert_eq!(nlrs_addr_new(&mut a), 0);
        let mut d = null_mut();
        assert_eq!(nlrs_addr_dump(s.0, NLRS_AF_INET, ifindex("r0"), &mut d), 0);
        let n = each(d, |m| {
            assert_eq!(nlrs_addr_parse(a, m), 0);
            let mut ip = nlrs_ipaddr::default();
            assert_eq!(nlrs_addr_ip(a, &mut ip), 1);
            assert_eq!(ip, ipaddr("10.40.0.1"));
            assert_eq!(CStr::from_ptr(nlrs_addr_label(a)).to_str(), Ok("r0"));
        });
        assert_eq!(n, 1);
        nlrs_addr_free(a);
    }
}

#[test]
fn a_link_moves_to_another_namespace_by_file_descriptor() {
    let s = veth_r0_r1();
    let ns = NamedNetns::new("rtnl-ffi");
    let path = cstr(&ns.path());
    // SAFETY: a NUL-terminated path.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    assert!(fd >= 0);
    let mut c = null_mut();
    // SAFETY: valid pointers; `c` and `fd` released once.
    unsafe {
        assert_eq!(nlrs_link_change_new(&mut c), 0);
        assert_eq!(nlrs_link_change_set_netns_fd(c, fd), 0);
        assert_eq!(nlrs_link_change_apply(s.0, ifindex("r1"), c), 0);
        nlrs_link_change_free(c);
        libc::close(fd);
    }
    let there = ip_json(&["-n", &ns.name, "link", "show", "dev", "r1"]);
    assert_eq!(there[0]["ifname"].as_str(), Some("r1"));
    // Seen from here, r0's peer is now in another namespace.
    let name = cstr("r0");
    let mut l = null_mut();
    assert_eq!(nlrs_link_new(&mut l), 0);
    assert_eq!(nlrs_link_get_by_name(s.0, name.as_ptr(), l), 0);
    nlrs_link_free(l);
}

/// An IPv6 route's preference and remaining lifetime from C: set by `nlrs_route_spec_set_pref()`
/// and `_set_expires()` and read by `ip -j -d`, and read by `nlrs_route_pref()` and
/// `nlrs_route_expires()` as `ip` shows them (a route made by `ip` too); a route that does not
/// expire has no expiry, and NULL is `-EINVAL` as for every getter.
#[test]
fn an_ipv6_routes_preference_and_expiry_both_ways_from_c() {
    let s = veth_r0_r1();
    ip(&[
        "-6",
        "route",
        "add",
        "2001:db8:7::/64",
        "dev",
        "r0",
        "pref",
        "high",
        "expires",
        "300",
    ]);
    ip(&["-6", "route", "add", "2001:db8:8::/64", "dev", "r0"]);
    let mut spec = null_mut();
    assert_eq!(nlrs_route_spec_new(NLRS_AF_INET6, &mut spec), 0);
    assert_eq!(
        nlrs_route_spec_set_dst(spec, &ipaddr("2001:db8:9::"), 64),
        0
    );
    assert_eq!(nlrs_route_spec_set_oif(spec, ifindex("r0")), 0);
    assert_eq!(
        nlrs_route_spec_set_pref(spec, NLRS_ICMPV6_ROUTER_PREF_LOW),
        0
    );
    assert_eq!(nlrs_route_spec_set_expires(spec, 600), 0);
    assert_eq!(nlrs_route_add(s.0, spec, NLRS_MODE_CREATE), 0);
    nlrs_route_spec_free(spec);
    let j = ip_json(&["-d", "-6", "route", "show", "dev", "r0"]);
    let mut r = null_mut();
    assert_eq!(nlrs_route_new(&mut r), 0);
    let filter = nlrs_route_filter {
        family: NLRS_AF_INET6,
        oif: ifindex("r0"),
        ..Default::default()
    };
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
    let mut seen = Vec::new();
    each(d, |m| {
        assert_eq!(nlrs_route_parse(r, m), 0);
        let mut dst = nlrs_ipaddr::default();
        if nlrs_route_dst(r, &mut dst) != 1 || nlrs_route_dst_len(r) != 64 {
            return;
        }
        let text = format!("{}/64", std::net::Ipv6Addr::from(dst.addr));
        // Not the link-local prefix route the kernel adds.
        if text.starts_with("fe80:") {
            return;
        }
        let Some(theirs) = j.as_array().unwrap().iter().find(|e| e["dst"] == text) else {
            return;
        };
        let (mut pref, mut expires) = (9u8, 0u32);
        assert_eq!(nlrs_route_pref(r, &mut pref), 1);
        let name = match pref {
            NLRS_ICMPV6_ROUTER_PREF_LOW => "low",
            NLRS_ICMPV6_ROUTER_PREF_HIGH => "high",
            _ => "medium",
        };
        assert_eq!(Some(name), theirs["pref"].as_str(), "{text}");
        match theirs["expires"].as_u64() {
            Some(t) => {
                assert_eq!(nlrs_route_expires(r, &mut expires), 1);
                assert!(
                    u64::from(expires) <= t && t <= u64::from(expires) + 1,
                    "{expires} {t}"
                );
            }
            None => assert_eq!(nlrs_route_expires(r, &mut expires), 0),
        }
        seen.push((text, pref, expires));
    });
    seen.sort();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0].1, NLRS_ICMPV6_ROUTER_PREF_HIGH);
    assert!((295..=300).contains(&seen[0].2), "{seen:?}");
    assert_eq!(seen[1].1, NLRS_ICMPV6_ROUTER_PREF_MEDIUM);
    assert_eq!(seen[2].1, NLRS_ICMPV6_ROUTER_PREF_LOW);
    assert!((595..=600).contains(&seen[2].2), "{seen:?}");
    let mut v = 0u32;
    assert_eq!(nlrs_route_expires(null(), &mut v), -libc::EINVAL);
    assert_eq!(nlrs_route_pref(r, null_mut()), -libc::EINVAL);
    nlrs_route_free(r);
}

/// Asserts two decodings of one route from two dumps agree: in every field, but for a
/// remaining lifetime, which may have ticked a second between them.
fn assert_same_route(a: &nlrs_route_info, b: &nlrs_route_info, what: &str) {
    assert!(a.expires.abs_diff(b.expires) <= 1, "{what}: {a:?} {b:?}");
    let b = nlrs_route_info {
        expires: a.expires,
        ..*b
    };
    assert_eq!(*a, b, "{what}");
}

#[test]
fn flat_route_decoding_agrees_with_the_route_object() {
    private_netns();
    ip_batch(
        "link add f0 type veth peer name f1
link set f0 up
link set f1 up
addr add 10.40.0.1/24 dev f0
addr add 2001:db8:40::1/64 dev f0 nodad
route add 10.41.0.0/16 via 10.40.0.9 metric 7 table 400
route add 10.42.0.0/16 table 400 nexthop via 10.40.0.8 dev f0 nexthop via 10.40.0.9 dev f0
route add blackhole 10.43.0.0/16 table 400
route add 10.44.0.0/16 via 10.40.0.9 mtu 1400 realm 3 table 400
route add 2001:db8:41::/64 via 2001:db8:40::9 table 400 pref high expires 300
route add default via 10.40.0.1 table 400",
    );
    let s = Sock::open();
    let filter = nlrs_route_filter {
        table: 400,
        ..Default::default()
    };
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
    let mut flat = Vec::new();
    let mut info = nlrs_route_info::default();
    // `nlrs_dump_msg()` has a message only after a `_next()` that gave one: that message.
    let mut msg = nlrs_rmsg {
        ptr: null(),
        len: 0,
    };
    assert_eq!(nlrs_dump_msg(d, &mut msg), 0);
    loop {
        let rc = nlrs_route_dump_next(d, &mut info);
        assert!(rc >= 0, "{rc}");
        if rc == 0 {
            assert_eq!(nlrs_dump_msg(d, &mut msg), 0);
            break;
        }
        let mut again = nlrs_route_info::default();
        assert_eq!(nlrs_dump_msg(d, &mut msg), 1);
        assert_eq!(nlrs_route_decode(msg, &mut again), 0);
        assert_eq!(again, info, "the message of the route given");
        flat.push(info);
    }
    assert_eq!(nlrs_dump_msg(d, null_mut()), -libc::EINVAL);
    assert_eq!(nlrs_dump_msg(null_mut(), &mut msg), -libc::EINVAL);
    nlrs_dump_free(d);
    assert_eq!(flat.len(), 6);

    // The callback form gives the same routes, and stops when the callback says so.
    unsafe extern "C" fn collect(ud: *mut std::ffi::c_void, r: *const nlrs_route_info) -> c_int {
        // SAFETY: `ud` is the Vec passed below, `r` valid during the call.
        let v = unsafe { &mut *ud.cast::<Vec<nlrs_route_info>>() };
        v.push(unsafe { *r });
        if v.len() == 2 {
            7
        } else {
            0
        }
    }
    let mut got: Vec<nlrs_route_info> = Vec::new();
    let ud = (&mut got as *mut Vec<nlrs_route_info>).cast();
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
    assert_eq!(nlrs_route_dump_next(d, &mut info), 1);
    assert_eq!(nlrs_dump_msg(d, &mut msg), 1);
    got.push(info);
    assert_eq!(
        nlrs_route_dump_foreach(d, Some(collect), ud),
        7,
        "stopped early"
    );
    // The callback form lends its messages to the callback alone.
    assert_eq!(nlrs_dump_msg(d, &mut msg), 0);
    assert_eq!(
        nlrs_route_dump_foreach(d, Some(collect), ud),
        0,
        "went on to the end"
    );
    assert_eq!(nlrs_route_dump_foreach(d, None, ud), -libc::EINVAL);
    nlrs_dump_free(d);
    assert_eq!(got.len(), flat.len());
    for (a, b) in got.iter().zip(&flat) {
        assert_same_route(a, b, "the callback and the step");
    }

    // The same dump through messages and the route object gives the same fields.
    let mut r = null_mut();
    assert_eq!(nlrs_route_new(&mut r), 0);
    let mut d = null_mut();
    assert_eq!(nlrs_route_dump(s.0, &filter, &mut d), 0);
    let mut i = 0;
    let n = each(d, |m| {
        // The route object's dump is another dump: its expiry may be a second on.
        let mut f = flat[i];
        i += 1;
        let mut now = nlrs_route_info::default();
        assert_eq!(nlrs_route_decode(m, &mut now), 0);
        assert_same_route(&now, &f, "two dumps");
        f.expires = now.expires;
        let mut again = nlrs_route_info::default();
        let (mut dst, mut gw, mut oif, mut prio) =
            (nlrs_ipaddr::default(), nlrs_ipaddr::default(), 0, 0);
        let (mut pref, mut expires) = (0u8, 0u32);
        assert_eq!(nlrs_route_decode(m, &mut again), 0);
        assert_eq!(nlrs_route_parse(r, m), 0);
        // A getter finds its field exactly when the flat decoding's bit says it is there.
        let present = |rc: c_int, bit: u32| assert_eq!(rc == 1, f.has & bit != 0, "{bit:#x}");
        present(nlrs_route_dst(r, &mut dst), NLRS_ROUTE_HAS_DST);
        present(nlrs_route_gateway(r, &mut gw), NLRS_ROUTE_HAS_GATEWAY);
        present(nlrs_route_oif(r, &mut oif), NLRS_ROUTE_HAS_OIF);
        present(nlrs_route_priority(r, &mut prio), NLRS_ROUTE_HAS_PRIORITY);
        present(nlrs_route_pref(r, &mut pref), NLRS_ROUTE_HAS_PREF);
        present(nlrs_route_expires(r, &mut expires), NLRS_ROUTE_HAS_EXPIRES);
        let (mut flow, mut mtu) = (0u32, 0u32);
        present(nlrs_route_flow(r, &mut flow), NLRS_ROUTE_HAS_FLOW);
        present(
            nlrs_route_metric(r, NLRS_RTAX_MTU, &mut mtu),
            NLRS_ROUTE_HAS_METRICS,
        );
        let paths = nlrs_route_nexthop_count(r) > 0;
        assert_eq!(paths, f.has & NLRS_ROUTE_HAS_MULTIPATH != 0);
        assert_eq!((pref, expires), (f.pref, f.expires));
        assert_eq!(nlrs_route_table(r), f.table);
        assert_eq!(nlrs_route_type(r), f.r#type);
        assert_eq!(nlrs_route_dst_len(r), f.dst_len);
        assert_eq!(nlrs_route_nexthop_count(r), f.nexthops as usize);
        assert_eq!(again, f, "nlrs_route_decode and nlrs_route_dump_next agree");
        assert_eq!(nlrs_route_to_info(r, &mut again), 0);
        assert_eq!(
            again, f,
            "nlrs_route_to_info and nlrs_route_dump_next agree"
        );
        if f.has & NLRS_ROUTE_HAS_DST != 0 {
            assert_eq!(dst, f.dst);
        }
        if f.has & NLRS_ROUTE_HAS_GATEWAY != 0 {
            assert_eq!(gw, f.gateway);
        }
        assert_eq!(oif, f.oif);
        assert_eq!(prio, f.priority);
    });
    assert_eq!(n, 6);
    assert!(flat.iter().any(|f| f.nexthops == 2));
    let rare = NLRS_ROUTE_HAS_METRICS | NLRS_ROUTE_HAS_FLOW;
    assert_eq!(flat.iter().filter(|f| f.has & rare == rare).count(), 1);
    assert!(flat
        .iter()
        .any(|f| f.priority == 7 && f.gateway == ipaddr("10.40.0.9")));
    // The IPv6 route has its preference and expiry, the IPv4 ones neither.
    let v6 = flat.iter().find(|f| f.family == NLRS_AF_INET6).unwrap();
    let both = NLRS_ROUTE_HAS_PREF | NLRS_ROUTE_HAS_EXPIRES;
    assert_eq!((v6.dst_len, v6.has & both), (64, both));
    assert_eq!(v6.pref, NLRS_ICMPV6_ROUTER_PREF_HIGH);
    assert!((295..=300).contains(&v6.expires), "{}", v6.expires);
    assert!(flat
        .iter()
        .all(|f| f.family == NLRS_AF_INET6 || f.has & both == 0));
    assert!(flat
        .iter()
        .any(|f| f.has & NLRS_ROUTE_HAS_DST == 0 && f.dst_len == 0));
    assert!(flat.iter().any(|f| f.r#type == NLRS_RTN_BLACKHOLE));

    // A link message is not a route.
    let mut d = null_mut();
    assert_eq!(nlrs_link_dump(s.0, &mut d), 0);
    each(d, |m| {
        assert_eq!(nlrs_route_decode(m, &mut info), -libc::EINVAL);
        assert_eq!(nlrs_route_decode(m, null_mut()), -libc::EINVAL);
    });
    nlrs_route_free(r);
}
