//! The fixture of `tests/c_nlip.rs`, shared with the differential test of the built-in
//! descriptions (`tests/engine_builtin_specs.rs`): links, addresses, routes and neighbours of every kind
//! the typed API knows, made with ip in a private network namespace.

use super::{ip_batch, private_netns, wait_up};
use std::process::Command;

/// Makes the calling thread's private namespace and fills it; returns when the links are up.
pub fn fixture() {
    private_netns();
    sysctl("net/ipv6/conf/default/addr_gen_mode", "1");
    ip_batch(
        "link add v0 type veth peer name v1
link add v2 type veth peer name v3
link add br0 type bridge
link set v1 master br0
link set v0 up
link set v1 up
link set br0 up
link set v3 up
link add mv0 link v0 type macvlan mode bridge
link add vx0 type vxlan id 42 dstport 4789 dev v0
link add ifb0 type ifb
tuntap add dev tun0 mode tun
addr add 10.1.0.1/24 dev v0
addr add 10.1.0.5/24 brd + dev v0 label v0:x
addr add 2001:db8::1/64 dev v0 nodad
addr add 192.168.7.1/24 dev br0
addr add 10.3.0.1 peer 10.3.0.2 dev tun0
route add 203.0.113.0/24 via 10.1.0.2 metric 50
route add default via 10.1.0.254
route add 198.18.0.0/15 dev v0 src 10.1.0.1 proto static
route add blackhole 198.51.100.0/24 table 100
route add 2001:db8:1::/64 via 2001:db8::2 table 100
route add unreachable 198.51.101.0/24 table 100000
route add prohibit 198.51.102.0/24 table 100000 proto static
route add 192.0.2.0/24 table 100000 nexthop via 10.1.0.2 dev v0 nexthop via 10.1.0.3 dev v0 weight 2
neigh add 10.1.0.9 lladdr 02:11:22:33:44:55 dev v0
neigh add 2001:db8::9 lladdr 02:11:22:33:44:66 dev v0
neigh add 10.1.0.10 lladdr 02:11:22:33:44:77 dev v0 nud noarp
",
    );
    settle();
}

/// Writes a sysctl of the calling thread's network namespace (a child inherits it).
pub fn sysctl(key: &str, value: &str) {
    let out = Command::new("sysctl")
        .args(["-qw", &format!("{}={value}", key.replace('/', "."))])
        .output()
        .expect("run sysctl");
    assert!(
        out.status.success(),
        "sysctl {key}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until the kernel has finished what it does asynchronously after links come up
/// (carrier and operstate through linkwatch): the up veths and the bridge are UP.
pub fn settle() {
    wait_up(&["v0", "v1", "br0"]);
}
