//! The link kinds nlrs creates (dummy, vlan, vrf, bond, ipvlan), aliases and alternative names,
//! through the Rust API and from C (`tests/c/link_kinds.c`), with iproute2 as the oracle twice:
//!
//! - the requests: what `ip link add ...` (or `ip link property ...`) sends, read under strace,
//!   must be what nlrs sends for the same link (the Rust API's request, and the C program's
//!   datagram, under strace too), attribute by attribute in any order. This holds whether or
//!   not the kernel has the kind's module (it refuses a kind it lacks after the request is
//!   sent);
//! - the kernel: nlrs and `ip` succeed or fail alike, and a link made by nlrs reads back with
//!   `ip -j -d link show` as it was asked for (kind, id, protocol, table, mode); aliases and
//!   alternative names set from C show in `ip`, and C reads what `ip` set.

mod common;

use common::cbuild::Mode;
use common::{in_netns, ip, ip_json};
use nlrs::rtnl::link::{self, BondMode, IpvlanMode, LinkKind, VlanProtocol};
use nlrs::rtnl::IfIndex;
use nlrs::wire::consts::*;
use std::collections::BTreeMap;
use std::process::Command;

/// One kind to create: how nlrs's Rust API, its C API (`link_kinds create ...`) and `ip`
/// each say it. Parents are link 1, `lo`.
struct Case {
    kind: LinkKind,
    c: &'static [&'static str],
    ip: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let lo = IfIndex::new(1);
    vec![
        Case {
            kind: LinkKind::Dummy,
            c: &["dummy", "k0"],
            ip: &["k0", "type", "dummy"],
        },
        Case {
            kind: LinkKind::Vlan {
                parent: lo,
                id: 7,
                protocol: VlanProtocol::Dot1Q,
            },
            c: &["vlan", "k0", "1", "7", "0x8100"],
            ip: &[
                "link", "lo", "name", "k0", "type", "vlan", "id", "7", "protocol", "802.1Q",
            ],
        },
        Case {
            kind: LinkKind::Vlan {
                parent: lo,
                id: 4094,
                protocol: VlanProtocol::Dot1Ad,
            },
            c: &["vlan", "k0", "1", "4094", "0x88a8"],
            ip: &[
                "link", "lo", "name", "k0", "type", "vlan", "id", "4094", "protocol", "802.1ad",
            ],
        },
        Case {
            kind: LinkKind::Vrf { table: 1000 },
            c: &["vrf", "k0", "1000"],
            ip: &["k0", "type", "vrf", "table", "1000"],
        },
        Case {
            kind: LinkKind::Bond {
                mode: BondMode::ActiveBackup,
            },
            c: &["bond", "k0", "1"],
            ip: &["k0", "type", "bond", "mode", "active-backup"],
        },
        Case {
            kind: LinkKind::Bond {
                mode: BondMode::Lacp,
            },
            c: &["bond", "k0", "4"],
            ip: &["k0", "type", "bond", "mode", "802.3ad"],
        },
        Case {
            kind: LinkKind::Ipvlan {
                parent: lo,
                mode: IpvlanMode::L2,
            },
            c: &["ipvlan", "k0", "1", "0"],
            ip: &["link", "lo", "name", "k0", "type", "ipvlan", "mode", "l2"],
        },
        Case {
            kind: LinkKind::Ipvlan {
                parent: lo,
                mode: IpvlanMode::L3s,
            },
            c: &["ipvlan", "k0", "1", "2"],
            ip: &["link", "lo", "name", "k0", "type", "ipvlan", "mode", "l3s"],
        },
    ]
}

/// The netlink messages `cmd` sent (`sendmsg`, `sendto`), read from strace's dump of them, and
/// what it printed.
fn sent(program: &str, args: &[&str]) -> (Vec<Vec<u8>>, std::process::Output) {
    let log = std::env::temp_dir().join(format!(
        "nlrs-link-kinds-{}-{:?}.strace",
        std::process::id(),
        std::thread::current().id()
    ));
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=sendmsg,sendto",
            "-e",
            "write=all",
            "-o",
        ])
        .arg(&log)
        .arg(program)
        .args(args)
        .output()
        .expect("run strace (is it installed? scripts/deps.sh test)");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::remove_file(&log).unwrap();
    let mut msgs: Vec<Vec<u8>> = Vec::new();
    for line in text.lines().filter(|l| l.starts_with(" | ")) {
        // " | 00000  30 00 00 00 ...  0....|": the offset, then up to 16 bytes in hex.
        if line[3..8] == *"00000" {
            msgs.push(Vec::new());
        }
        let hex = &line[10..line.len().min(58)];
        let bytes = hex
            .split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).unwrap());
        msgs.last_mut().unwrap().extend(bytes);
    }
    (msgs, out)
}

/// The last message of type `ty` among `msgs` (`ip link add` first sends an empty
/// `RTM_NEWLINK`, to see whether the kernel has it).
fn of_type(msgs: &[Vec<u8>], ty: u16) -> Vec<u8> {
    msgs.iter()
        .rev()
        .find(|m| m.len() >= 16 && u16::from_ne_bytes([m[4], m[5]]) == ty)
        .unwrap_or_else(|| panic!("no message of type {ty} in {msgs:02x?}"))
        .clone()
}

/// Attributes in a canonical text: sorted, `NLA_F_NESTED` masked (ip sets it on some nests
/// only), the nests nlrs and ip both build (`path` says where) opened.
fn attrs(mut b: &[u8], path: &[u16]) -> String {
    let mut out = Vec::new();
    while b.len() >= 4 {
        let len = usize::from(u16::from_ne_bytes([b[0], b[1]]));
        let ty = u16::from_ne_bytes([b[2], b[3]]) & !0x8000;
        let payload = &b[4..len];
        let nested = matches!(
            (path, ty),
            ([], ifla::LINKINFO) | ([], ifla::PROP_LIST) | ([ifla::LINKINFO], ifla::INFO_DATA)
        );
        // ip sends the kind without a NUL, nlrs with one: the kernel reads it either way
        // (`NLA_STRING`).
        let payload = match (path, ty) {
            ([ifla::LINKINFO], ifla::INFO_KIND) => payload.strip_suffix(&[0]).unwrap_or(payload),
            _ => payload,
        };
        out.push(if nested {
            let inner: Vec<u16> = path.iter().copied().chain([ty]).collect();
            format!("{ty}{{{}}}", attrs(payload, &inner))
        } else {
            format!("{ty}={payload:02x?}")
        });
        b = &b[(len + 3) & !3..];
    }
    out.sort();
    out.join(",")
}

/// A request in a canonical text: type, flags but `NLM_F_REQUEST` and `NLM_F_ACK` (which the
/// socket adds), the `ifinfomsg`, the attributes; not the sequence number or port id.
fn canonical(m: &[u8]) -> String {
    let ty = u16::from_ne_bytes([m[4], m[5]]);
    let flags = u16::from_ne_bytes([m[6], m[7]]) & !(NLM_F_REQUEST | NLM_F_ACK);
    format!(
        "type={ty} flags={flags:#x} ifinfomsg={:02x?} {}",
        &m[16..32],
        attrs(&m[32..], &[])
    )
}

/// `ip ARGS` under strace: its request of type `ty`, and whether `ip` succeeded.
fn ip_request(args: &[&str], ty: u16) -> (String, std::process::Output) {
    let (msgs, out) = sent("ip", args);
    (canonical(&of_type(&msgs, ty)), out)
}

/// The C program's request of type `ty` for `args`, and the `rc=` it printed.
fn c_request(args: &[&str], ty: u16) -> (String, i32) {
    let b = common::cbuild::built();
    let program = b.plain.join("link_kinds");
    let (msgs, out) = sent(program.to_str().unwrap(), args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rc = stdout
        .trim()
        .strip_prefix("rc=")
        .unwrap_or_else(|| panic!("link_kinds {args:?}: {stdout}"))
        .parse()
        .unwrap();
    (canonical(&of_type(&msgs, ty)), rc)
}

/// `ip link del NAME`, whether or not it exists.
fn forget(name: &str) {
    let _ = Command::new("ip").args(["link", "del", name]).output();
}

#[test]
fn create_requests_are_iproute2s() {
    in_netns(|| {
        for case in cases() {
            let mut args = vec!["link", "add"];
            args.extend(case.ip);
            let (want, _) = ip_request(&args, RTM_NEWLINK);
            forget("k0");
            let rust = link::create_request("k0", &case.kind).unwrap();
            assert_eq!(
                canonical(rust.bytes().unwrap()),
                want,
                "Rust: {:?}",
                case.kind
            );
            let mut c = vec!["create"];
            c.extend(case.c);
            let (from_c, _) = c_request(&c, RTM_NEWLINK);
            forget("k0");
            assert_eq!(from_c, want, "C: {:?}", case.c);
        }
    });
}

/// The errno `ip` failed with, from its message (the kernel's extended ACK text, or ip's own
/// text for the errno).
fn kernel_agrees(c_rc: i32, ip_out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&ip_out.stderr);
    match c_rc {
        0 => assert!(
            ip_out.status.success(),
            "{what}: nlrs made it, ip: {stderr}"
        ),
        rc => {
            assert!(!ip_out.status.success(), "{what}: ip made it, nlrs: {rc}");
            // The one refusal this test meets: a kernel without the kind's module.
            assert_eq!(rc, -libc::EOPNOTSUPP, "{what}: {stderr}");
            assert!(stderr.contains("Unknown device type"), "{what}: {stderr}");
        }
    }
}

/// What `link_kinds show NAME` prints, as key to values.
fn c_show(name: &str) -> BTreeMap<String, Vec<String>> {
    let out = Mode::Plain
        .command("link_kinds", &["show", name])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "link_kinds show {name}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in stdout.split_whitespace() {
        let (k, v) = t.split_once('=').unwrap();
        m.entry(k.into()).or_default().push(v.into());
    }
    m
}

/// A kind's settings as `ip -j -d` shows them, in the C program's words.
fn ip_settings(name: &str) -> BTreeMap<String, Vec<String>> {
    let l = &ip_json(&["-d", "link", "show", name])[0];
    let data = &l["linkinfo"]["info_data"];
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: String| m.insert(k.to_string(), vec![v]);
    match l["linkinfo"]["info_kind"].as_str().unwrap() {
        "vlan" => {
            let proto = match data["protocol"].as_str().unwrap() {
                "802.1Q" => ETH_P_8021Q,
                _ => ETH_P_8021AD,
            };
            put("vlan", format!("{}/{proto:#06x}", data["id"]))
        }
        "vrf" => put("vrf_table", data["table"].to_string()),
        "bond" => {
            let mode = data["mode"].as_str().unwrap();
            let n = (0..7)
                .find(|&n| BondMode::from_number(n).unwrap().name() == mode)
                .unwrap();
            put("bond_mode", n.to_string())
        }
        "ipvlan" => {
            let mode = data["mode"].as_str().unwrap();
            let n = (0..3)
                .find(|&n| IpvlanMode::from_number(n).unwrap().name() == mode)
                .unwrap();
            put("ipvlan_mode", n.to_string())
        }
        _ => None,
    };
    m
}

#[test]
fn created_links_read_back_as_asked() {
    in_netns(|| {
        for (i, case) in cases().into_iter().enumerate() {
            // A VRF table is the VRF's own: ip's twin gets the next one.
            let ip_args: Vec<String> = case
                .ip
                .iter()
                .map(|a| match *a {
                    "k0" => "k1".into(),
                    "1000" => "1001".into(),
                    a => a.into(),
                })
                .collect();
            let mut args = vec!["link", "add"];
            args.extend(ip_args.iter().map(String::as_str));
            let ip_out = Command::new("ip").args(&args).output().unwrap();
            let mut c = vec!["create"];
            c.extend(case.c);
            let out = Mode::Plain.command("link_kinds", &c).output().unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let rc: i32 = stdout.trim()["rc=".len()..].parse().unwrap();
            let what = format!("case {i}: {:?}", case.kind);
            kernel_agrees(rc, &ip_out, &what);
            if rc == 0 {
                let kind = &ip_json(&["-d", "link", "show", "k0"])[0]["linkinfo"]["info_kind"];
                assert_eq!(kind.as_str(), Some(case.kind.name()), "{what}");
                let mut want = ip_settings("k1");
                if let Some(t) = want.get_mut("vrf_table") {
                    t[0] = "1000".into();
                }
                let got: BTreeMap<_, _> = c_show("k0")
                    .into_iter()
                    .filter(|(k, _)| want.contains_key(k))
                    .collect();
                assert_eq!(got, want, "{what}");
                // The Rust API reads the same.
                let mut s = nlrs::conn::Socket::open(proto::ROUTE).unwrap();
                let l = link::get(&mut s, "k0").unwrap();
                assert!(l.data.is_some(), "{what}: {l:?}");
            }
            forget("k0");
            forget("k1");
        }
    });
}

#[test]
fn alias_and_altname_requests_are_iproute2s() {
    in_netns(|| {
        ip(&["link", "add", "a0", "type", "veth", "peer", "name", "a1"]);
        let index = ip_json(&["link", "show", "a0"])[0]["ifindex"]
            .as_u64()
            .unwrap() as u32;
        let long = "an-alternative-name-longer-than-fifteen";
        for (verb, ty) in [("add", RTM_NEWLINKPROP), ("del", RTM_DELLINKPROP)] {
            let (want, out) = ip_request(
                &["link", "property", verb, "dev", "a0", "altname", long],
                ty,
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // ip names the link by index, as the C API does (it looked the name up first).
            assert!(want.contains(&format!("ifinfomsg=[00, 00, 00, 00, {index:02x}, ")));
            let rust = match verb {
                "add" => link::add_altname_request(index, long),
                _ => link::delete_altname_request(index, long),
            }
            .unwrap();
            assert_eq!(canonical(rust.bytes().unwrap()), want, "Rust, {verb}");
            // Undo ip's change, then make it from C.
            let undo = if verb == "add" { "del" } else { "add" };
            ip(&["link", "property", undo, "dev", "a0", "altname", long]);
            let (from_c, rc) =
                c_request(&[&format!("altname-{verb}"), &index.to_string(), long], ty);
            assert_eq!(rc, 0);
            assert_eq!(from_c, want, "C, {verb}");
        }
        // An alias, and none (which clears it): ip sends it without a NUL.
        for alias in ["the-uplink", ""] {
            let (want, out) =
                ip_request(&["link", "set", "dev", "a0", "alias", alias], RTM_NEWLINK);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let change = link::LinkChange::default().alias(alias.into());
            let rust = change.request(index).unwrap();
            assert_eq!(
                canonical(rust.bytes().unwrap()),
                want,
                "Rust, alias {alias:?}"
            );
            let (from_c, rc) = c_request(&["alias", &index.to_string(), alias], RTM_NEWLINK);
            assert_eq!(rc, 0);
            assert_eq!(from_c, want, "C, alias {alias:?}");
        }
    });
}

/// The C program's view of `name` against `ip -j -d`'s: alias, alternative names,
/// promiscuity, group, queues.
fn c_matches_ip(name: &str) {
    let l = &ip_json(&["-d", "link", "show", name])[0];
    let c = c_show(name);
    let one = |k: &str| c.get(k).map(|v| v[0].clone());
    assert_eq!(one("alias").as_deref(), l["ifalias"].as_str(), "{c:?}");
    let altnames: Vec<&str> = l["altnames"].as_array().map_or(Vec::new(), |a| {
        a.iter().map(|n| n.as_str().unwrap()).collect()
    });
    assert_eq!(
        c.get("altname").cloned().unwrap_or_default(),
        altnames,
        "{c:?}"
    );
    assert_eq!(one("promiscuity"), Some(l["promiscuity"].to_string()));
    let group = match l["group"].as_str().unwrap() {
        "default" => "0".to_string(),
        g => g.to_string(),
    };
    assert_eq!(one("group"), Some(group));
    assert_eq!(one("num_tx_queues"), Some(l["num_tx_queues"].to_string()));
    assert_eq!(one("num_rx_queues"), Some(l["num_rx_queues"].to_string()));
}

#[test]
fn alias_and_altnames_from_c_agree_with_ip() {
    in_netns(|| {
        ip(&["link", "add", "a0", "type", "veth", "peer", "name", "a1"]);
        let index = ip_json(&["link", "show", "a0"])[0]["ifindex"].to_string();
        let run = |args: &[&str]| {
            let out = Mode::Plain.command("link_kinds", args).output().unwrap();
            assert_eq!(
                String::from_utf8(out.stdout).unwrap().trim(),
                "rc=0",
                "{args:?}"
            );
        };
        c_matches_ip("a0");
        run(&["alias", &index, "the-uplink"]);
        run(&["altname-add", &index, "first"]);
        run(&["altname-add", &index, "second-and-longer-than-fifteen"]);
        assert_eq!(ip_json(&["link", "show", "a0"])[0]["ifalias"], "the-uplink");
        c_matches_ip("a0");
        // The C API finds the link by an alternative name.
        assert_eq!(
            c_show("second-and-longer-than-fifteen")["ifindex"],
            vec![index.clone()]
        );
        run(&["altname-del", &index, "first"]);
        run(&["alias", &index, ""]);
        assert!(ip_json(&["link", "show", "a0"])[0].get("ifalias").is_none());
        c_matches_ip("a0");
        // What ip sets, C reads.
        ip(&[
            "link",
            "set",
            "a0",
            "alias",
            "set-by-ip",
            "group",
            "7",
            "promisc",
            "on",
        ]);
        ip(&["link", "property", "add", "dev", "a0", "altname", "third"]);
        c_matches_ip("a0");
    });
}

/// The C program's calls are clean under ASan/UBSan and valgrind: creating (refused or not),
/// setting, and reading every getter.
#[test]
fn c_program_under_the_sanitizers_and_valgrind() {
    for mode in [Mode::Sanitizers, Mode::Valgrind] {
        if !mode.available() {
            continue;
        }
        in_netns(move || {
            ip(&["link", "add", "a0", "type", "veth", "peer", "name", "a1"]);
            let index = ip_json(&["link", "show", "a0"])[0]["ifindex"].to_string();
            for args in [
                &["create", "vlan", "k0", "1", "7", "0x88a8"][..],
                &["create", "bond", "k1", "9"],
                &["alias", &index, "sanitized"],
                &["altname-add", &index, "a0-alternative"],
                &["show", "a0-alternative"],
            ] {
                let out = mode.command("link_kinds", args).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                mode.check_tool("link_kinds", out.status, &stderr);
                assert!(out.status.success(), "{mode:?} {args:?}: {stderr}");
            }
            // A mode nlrs does not know is refused before anything is sent.
            let out = Mode::Plain
                .command("link_kinds", &["create", "bond", "k1", "9"])
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                format!("rc={}", -libc::EINVAL)
            );
            assert_eq!(c_show("a0")["alias"], ["sanitized"]);
        });
    }
}
