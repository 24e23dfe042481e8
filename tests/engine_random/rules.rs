//! Rules (`rt-rule`): random rules of both families made by ip and by the engine, dumps
//! read as `ip -j rule` prints them, notifications followed.

use super::*;

/// What a rule does.
#[derive(Clone, Copy, Debug)]
enum Action {
    Table(u32),
    Goto(u32),
    Nop,
    Blackhole,
    Unreachable,
    Prohibit,
    L3mdev,
}

/// A rule, as `ip rule` and a request of the description can both say it.
#[derive(Clone, Debug, Default)]
struct Rule {
    v6: bool,
    pref: Option<u32>,
    not: bool,
    from: Option<(&'static str, u8)>,
    to: Option<(&'static str, u8)>,
    tos: Option<u8>,
    fwmark: Option<(u32, Option<u32>)>,
    iif: Option<&'static str>,
    oif: Option<&'static str>,
    action: Option<Action>,
    suppress_prefixlen: Option<u32>,
    suppress_ifgroup: Option<u32>,
    uids: Option<(u32, u32)>,
    sport: Option<(u16, u16)>,
    dport: Option<(u16, u16)>,
    ipproto: Option<u8>,
    protocol: Option<u8>,
    realms: Option<(u16, u16)>,
    tun_id: Option<u64>,
}

const PREFS: &[u32] = &[10, 20, 20, 30, 40, 50, 100, 1000, 32765];

/// Tables by number (`ip` names 253 to 255), below and beyond the header's byte.
const TABLES: &[u32] = &[
    5,
    100,
    200,
    252,
    253,
    254,
    255,
    256,
    1000,
    70_000,
    4_000_000_000,
];

const V4_PREFIXES: &[(&str, u8)] = &[
    ("10.1.0.0", 16),
    ("10.1.2.0", 24),
    ("10.1.2.3", 32),
    ("192.0.2.0", 25),
    ("0.0.0.0", 1),
];

const V6_PREFIXES: &[(&str, u8)] = &[
    ("2001:db8::", 32),
    ("2001:db8:1::", 48),
    ("2001:db8:1::7", 128),
    ("fe80::", 10),
    ("::ffff:10.0.0.0", 104),
];

/// Links rules may name: one in both namespaces, loopback, one nowhere (the rule is kept,
/// detached).
const DEVS: &[&str] = &["a0", "lo", "nx0"];

const PROTOS: &[u8] = &[6, 17, 1, 58, 132];

const RT_PROTOS: &[u8] = &[3, 4, 42, 99, 186, 200];

impl Rule {
    /// A random rule; some are refused by the kernel (a backward goto, a table with
    /// `l3mdev`, an inverted range, ECN bits in the TOS).
    fn random(rng: &mut Rng) -> Rule {
        let v6 = rng.one_in(2);
        let prefixes = if v6 { V6_PREFIXES } else { V4_PREFIXES };
        let maybe = |rng: &mut Rng, n| rng.one_in(n);
        let mut r = Rule {
            v6,
            ..Rule::default()
        };
        if !rng.one_in(6) {
            r.pref = Some(rng.pick(PREFS));
        }
        r.not = maybe(rng, 6);
        if maybe(rng, 3) {
            r.from = Some(rng.pick(prefixes));
        }
        if maybe(rng, 3) {
            r.to = Some(rng.pick(prefixes));
        }
        if maybe(rng, 6) {
            r.tos = Some(rng.pick(&[0x10, 0x08, 0x04, 0x28, 0xb8, 0x01]));
        }
        if maybe(rng, 4) {
            let mask = rng.pick(&[None, Some(0xff), Some(0xffff_ffff), Some(0xf0)]);
            r.fwmark = Some((rng.pick(&[0, 7, 0x10, 0x1234_5678]), mask));
        }
        if maybe(rng, 4) {
            r.iif = Some(rng.pick(DEVS));
        }
        if maybe(rng, 5) {
            r.oif = Some(rng.pick(DEVS));
        }
        r.action = Some(match rng.below(12) {
            0 => Action::Goto(rng.pick(PREFS)),
            1 => Action::Nop,
            2 => Action::Blackhole,
            3 => Action::Unreachable,
            4 => Action::Prohibit,
            5 => Action::L3mdev,
            _ => Action::Table(rng.pick(TABLES)),
        });
        if matches!(r.action, Some(Action::Table(_))) {
            if maybe(rng, 4) {
                r.suppress_prefixlen = Some(rng.pick(&[0, 8, 24, 64, 128]));
            }
            if maybe(rng, 6) {
                r.suppress_ifgroup = Some(rng.pick(&[1, 7, 300]));
            }
        }
        if maybe(rng, 5) {
            let a = rng.pick(&[0, 5, 1000, 65534]);
            r.uids = Some((a, rng.pick(&[a, a + 10, 4])));
        }
        let ports = |rng: &mut Rng| {
            let a: u16 = rng.pick(&[1, 22, 80, 443, 65535]);
            (a, rng.pick(&[a, a.saturating_add(100), 10]))
        };
        if maybe(rng, 5) {
            r.sport = Some(ports(rng));
        }
        if maybe(rng, 5) {
            r.dport = Some(ports(rng));
        }
        if maybe(rng, 5) {
            r.ipproto = Some(rng.pick(PROTOS));
        }
        if maybe(rng, 5) {
            r.protocol = Some(rng.pick(RT_PROTOS));
        }
        if !v6 && maybe(rng, 8) {
            r.realms = Some((rng.pick(&[0, 3]), rng.pick(&[4, 9])));
        }
        if maybe(rng, 8) {
            r.tun_id = Some(rng.pick(&[1, 0x1122_3344_5566, u64::MAX]));
        }
        r
    }

    /// The same rule as `ip rule ADD|del` arguments.
    fn ip_args(&self, verb: &str) -> Vec<String> {
        let mut a: Vec<String> = vec![if self.v6 { "-6" } else { "-4" }.into(), "rule".into()];
        a.push(verb.into());
        let mut push = |s: String| a.extend(s.split(' ').map(str::to_owned));
        if self.not {
            push("not".into());
        }
        let range = |r: Option<(u16, u16)>| r.map(|(a, b)| format!("{a}-{b}"));
        let fwmark = self.fwmark.map(|(m, mask)| match mask {
            Some(k) => format!("{m:#x}/{k:#x}"),
            None => format!("{m:#x}"),
        });
        // Each keyword of `ip rule` with its value, when the rule has one.
        let words = [
            ("pref", self.pref.map(|p| p.to_string())),
            ("from", self.from.map(|(p, l)| format!("{p}/{l}"))),
            ("to", self.to.map(|(p, l)| format!("{p}/{l}"))),
            ("tos", self.tos.map(|t| format!("{t:#x}"))),
            ("fwmark", fwmark),
            ("iif", self.iif.map(str::to_owned)),
            ("oif", self.oif.map(str::to_owned)),
            ("uidrange", self.uids.map(|(a, b)| format!("{a}-{b}"))),
            ("sport", range(self.sport)),
            ("dport", range(self.dport)),
            ("ipproto", self.ipproto.map(|p| p.to_string())),
            ("protocol", self.protocol.map(|p| p.to_string())),
            ("realms", self.realms.map(|(f, t)| format!("{f}/{t}"))),
            ("tun_id", self.tun_id.map(|t| t.to_string())),
        ];
        for (word, value) in words {
            if let Some(v) = value {
                push(format!("{word} {v}"));
            }
        }
        match self.action {
            Some(Action::Table(t)) => push(format!("table {t}")),
            Some(Action::Goto(p)) => push(format!("goto {p}")),
            Some(Action::Nop) => push("nop".into()),
            Some(Action::Blackhole) => push("blackhole".into()),
            Some(Action::Unreachable) => push("unreachable".into()),
            Some(Action::Prohibit) => push("prohibit".into()),
            Some(Action::L3mdev) => push("l3mdev".into()),
            None => {}
        }
        if let Some(n) = self.suppress_prefixlen {
            push(format!("suppress_prefixlength {n}"));
        }
        if let Some(g) = self.suppress_ifgroup {
            push(format!("suppress_ifgroup {g}"));
        }
        a
    }

    /// The request iproute2 makes of the same rule (`iprule_modify`), as a value of the
    /// description: the header's action is set for an add, and for a delete only by a type
    /// (a goto, nop, blackhole...), so that a delete matches rules as ip's does.
    fn request(&self, add: bool) -> Value {
        let mut r = Map::new();
        let mut set = |k: &str, v: Value| {
            r.insert(k.into(), v);
        };
        set("family", json!(if self.v6 { 10 } else { 2 }));
        if let Some(p) = self.pref {
            set("priority", json!(p));
        }
        if self.not {
            set("flags", json!(2));
        }
        if let Some((p, l)) = self.from {
            set("src", json!(p));
            set("src-len", json!(l));
        }
        if let Some((p, l)) = self.to {
            set("dst", json!(p));
            set("dst-len", json!(l));
        }
        if let Some(t) = self.tos {
            set("tos", json!(t));
        }
        if let Some((m, mask)) = self.fwmark {
            set("fwmark", json!(m));
            if let Some(k) = mask {
                set("fwmask", json!(k));
            }
        }
        if let Some(d) = self.iif {
            set("iifname", json!(d));
        }
        if let Some(d) = self.oif {
            set("oifname", json!(d));
        }
        if let Some((a, b)) = self.uids {
            set("uid-range", json!({"start": a, "end": b}));
        }
        if let Some((a, b)) = self.sport {
            set("sport-range", json!({"start": a, "end": b}));
        }
        if let Some((a, b)) = self.dport {
            set("dport-range", json!({"start": a, "end": b}));
        }
        if let Some(p) = self.ipproto {
            set("ip-proto", json!(p));
        }
        if let Some(p) = self.protocol {
            set("protocol", json!(p));
        }
        if let Some((from, to)) = self.realms {
            set("flow", json!((u32::from(from) << 16) | u32::from(to)));
        }
        if let Some(t) = self.tun_id {
            set("tun-id", json!(t));
        }
        let action = match self.action {
            Some(Action::Table(t)) => {
                set("table", json!(t));
                "to-tbl"
            }
            Some(Action::Goto(p)) => {
                set("goto", json!(p));
                "goto"
            }
            Some(Action::Nop) => "nop",
            Some(Action::Blackhole) => "blackhole",
            Some(Action::Unreachable) => "unreachable",
            Some(Action::Prohibit) => "prohibit",
            Some(Action::L3mdev) => {
                set("l3mdev", json!(1));
                "to-tbl"
            }
            None => "unspec",
        };
        let typed = !matches!(
            self.action,
            Some(Action::Table(_)) | Some(Action::L3mdev) | None
        );
        set(
            "action",
            json!(if add || typed { action } else { "unspec" }),
        );
        if let Some(n) = self.suppress_prefixlen {
            set("suppress-prefixlen", json!(n));
        }
        if let Some(g) = self.suppress_ifgroup {
            set("suppress-ifgroup", json!(g));
        }
        Value::Object(r)
    }
}

/// iproute2's name of a routing protocol (`/etc/iproute2/rt_protos` of this machine).
fn rt_proto_name(p: u64) -> String {
    match p {
        3 => "boot".into(),
        4 => "static".into(),
        42 => "babel".into(),
        99 => "openr".into(),
        186 => "bgp".into(),
        n => n.to_string(),
    }
}

/// The name `/etc/protocols` gives an IP protocol (`inet_proto_n2a`).
fn ip_proto_name(p: u64) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        58 => "ipv6-icmp".into(),
        132 => "sctp".into(),
        n => n.to_string(),
    }
}

/// iproute2's name of a DS field (`/etc/iproute2/rt_dsfield`), else hex.
fn dsfield_name(t: u64) -> String {
    match t {
        0x28 => "AF11".into(),
        0xb8 => "EF".into(),
        n => format!("{n:#04x}"),
    }
}

/// `n` as C's `%#llx` writes it: `0` without its prefix.
fn c_hex(n: u64) -> String {
    if n == 0 {
        "0".into()
    } else {
        format!("{n:#x}")
    }
}

/// A rule of the engine's dump, as `ip -j rule` prints it (iproute2's `print_rule`): every
/// field ip shows, from the decoded header and attributes.
fn rule_view(r: &Tree) -> Value {
    let mut o = Map::new();
    let mut set = |k: &str, v: Value| {
        o.insert(k.into(), v);
    };
    let flags = num(&r["flags"]);
    let host = if num(&r["family"]) == 10 { 128 } else { 32 };
    set("priority", json!(r.get("priority").map_or(0, num)));
    if flags & 2 != 0 {
        set("not", Value::Null);
    }
    for (addr, len, key) in [("src", "src-len", "src"), ("dst", "dst-len", "dst")] {
        let l = num(&r[len]);
        match r.get(addr) {
            Some(a) => {
                set(key, json!(a.as_str().expect("an address as text")));
                if l != host {
                    set(&format!("{key}len"), json!(l));
                }
            }
            None if l != 0 => {
                set(key, json!("0"));
                set(&format!("{key}len"), json!(l));
            }
            None if key == "src" => set(key, json!("all")),
            None => {}
        }
    }
    let tos = num(&r["tos"]);
    if tos != 0 {
        set("tos", json!(dsfield_name(tos)));
    }
    if r.get("fwmark").is_some() || r.get("fwmask").is_some() {
        let mark = r.get("fwmark").map_or(0, num);
        set("fwmark", json!(c_hex(mark)));
        let mask = r.get("fwmask").map(num);
        if let Some(m) = mask.filter(|&m| m != 0xffff_ffff) {
            set("fwmask", json!(c_hex(m)));
        }
    }
    for (attr, key, detached) in [("iifname", "iif", 8), ("oifname", "oif", 16)] {
        if let Some(d) = r.get(attr) {
            set(key, json!(d.as_str().expect("a name")));
            if flags & detached != 0 {
                set(&format!("{key}_detached"), Value::Null);
            }
        }
    }
    if r.get("l3mdev").is_some_and(|m| num(m) != 0) {
        set("l3mdev", Value::Null);
    }
    if let Some(t) = r.get("tun-id") {
        set("tun_id", json!(num(t)));
    }
    if let Some(u) = r.get("uid-range") {
        set("uid_start", json!(num(&u["start"])));
        set("uid_end", json!(num(&u["end"])));
    }
    if let Some(p) = r.get("ip-proto") {
        set("ipproto", json!(ip_proto_name(num(p))));
    }
    for (attr, key) in [("sport-range", "sport"), ("dport-range", "dport")] {
        if let Some(p) = r.get(attr) {
            let (a, b) = (num(&p["start"]), num(&p["end"]));
            if a == b {
                set(key, json!(a));
            } else {
                set(&format!("{key}_start"), json!(a));
                set(&format!("{key}_end"), json!(b));
            }
        }
    }
    let table = num(&r["table"]);
    if table != 0 {
        set("table", json!(table_name(table)));
        if let Some(p) = r.get("suppress-prefixlen").map(num) {
            if p != 0xffff_ffff {
                set("suppress_prefixlen", json!(p as u32 as i32));
            }
        }
        if let Some(g) = r.get("suppress-ifgroup").map(num) {
            if g != 0xffff_ffff {
                set("suppress_ifgroup", json!(g.to_string()));
            }
        }
    }
    if let Some(f) = r.get("flow").map(num) {
        if f >> 16 != 0 {
            set("flow_from", json!((f >> 16).to_string()));
        }
        set("flow_to", json!((f & 0xffff).to_string()));
    }
    match r["action"].as_str().expect("the action by name") {
        "goto" => {
            match r.get("goto") {
                Some(g) => set("goto", json!(num(g))),
                None => set("goto", json!("none")),
            }
            if flags & 4 != 0 {
                set("unresolved", Value::Null);
            }
        }
        "nop" => set("nop", Value::Null),
        "to-tbl" => {}
        other => set("action", json!(other)),
    }
    if let Some(p) = r.get("protocol").map(num) {
        if p != 0 && p != 2 {
            set("protocol", json!(rt_proto_name(p)));
        }
    }
    Value::Object(o)
}

/// The rules of both families, as [`rule_view`] shows them.
fn engine_rules(c: &mut Client) -> Vec<Value> {
    let mut all = Vec::new();
    for fam in [2, 10] {
        for r in c.dump("getrule", &json!({ "family": fam })).unwrap() {
            let r = r.unwrap();
            assert_eq!(num(&r["family"]), fam);
            all.push(rule_view(&r));
        }
    }
    all
}

/// Adds or deletes `rule`, by ip in namespace `by_ip` and by the engine in the other.
fn rule_change(pair: &mut Pair, rng: &mut Rng, rule: &Rule, add: bool, by_ip: usize) {
    let (verb, op, flags) = if add {
        (
            "add",
            "newrule",
            (libc::NLM_F_CREATE | libc::NLM_F_EXCL) as u16,
        )
    } else {
        ("del", "delrule", 0)
    };
    let c = rng.one_in(4);
    pair.change(&rule.ip_args(verb), op, &rule.request(add), flags, by_ip, c);
}

fn random_rules(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    let mut pair = Pair::new(
        "rt-rule",
        |c| c.dump("getrule", &Value::Null).unwrap().for_each(drop),
        &[],
    );
    // A client that follows the rule notifications of this namespace, and the rules they
    // tell of, applied to the dump they started from.
    let mut watch = Client::builtin("rt-rule").unwrap();
    for group in ["rtnlgrp-ipv4-rule", "rtnlgrp-ipv6-rule"] {
        watch.subscribe(group).unwrap();
    }
    let mut told: Vec<Value> = engine_rules(&mut watch).into_iter().map(resolved).collect();
    let mut made: Vec<Rule> = Vec::new();
    for round in 0..8 {
        let what = format!("seed {seed} round {round}");
        for _ in 0..12 {
            let by_ip = rng.below(2);
            if made.is_empty() || rng.below(3) != 0 {
                let rule = Rule::random(&mut rng);
                rule_change(&mut pair, &mut rng, &rule, true, by_ip);
                // Added twice: refused as a duplicate (`NLM_F_EXCL`), or again refused.
                if rng.one_in(8) {
                    rule_change(&mut pair, &mut rng, &rule, true, 1 - by_ip);
                }
                made.push(rule);
            } else {
                let i = rng.below(made.len());
                let rule = if rng.one_in(4) {
                    // By its priority alone, or a rule that may not be there.
                    let mut r = Rule::random(&mut rng);
                    if made[i].pref.is_some() && rng.one_in(2) {
                        r = Rule {
                            v6: made[i].v6,
                            pref: made[i].pref,
                            action: None,
                            ..Rule::default()
                        };
                    }
                    r
                } else {
                    made.swap_remove(i)
                };
                rule_change(&mut pair, &mut rng, &rule, false, by_ip);
            }
        }
        pair.check(
            &what,
            &[&["-4", "rule", "show"], &["-6", "rule", "show"]],
            listed,
            engine_rules,
        );
        pair.check_c_dump(&what, "getrule", &json!({"family": 0}));
        follow_rules(&mut watch, &mut told);
        let mut now: Vec<Value> = engine_rules(&mut watch).into_iter().map(resolved).collect();
        now.sort_by_key(Value::to_string);
        told.sort_by_key(Value::to_string);
        if told != now {
            let only = |a: &[Value], b: &[Value]| -> Vec<String> {
                a.iter()
                    .filter(|x| !b.contains(x))
                    .map(Value::to_string)
                    .collect()
            };
            panic!(
                "{}\ntold only: {:?}\ndumped only: {:?}",
                pair.report(&format!("{what}: notifications")),
                only(&told, &now),
                only(&now, &told)
            );
        }
    }
}

/// A rule's view without `unresolved`: the kernel resolves a goto when a rule of its target
/// priority comes, and says nothing of it.
fn resolved(mut view: Value) -> Value {
    view.as_object_mut().unwrap().remove("unresolved");
    view
}

/// Applies the rule notifications queued on `watch` to `rules`: a new rule added, a deleted
/// one removed (one of the same view).
fn follow_rules(watch: &mut Client, rules: &mut Vec<Value>) {
    let mut ntfs = Vec::new();
    watch
        .notifications(|n| {
            ntfs.push(n);
            true
        })
        .unwrap();
    for n in ntfs {
        let view = resolved(rule_view(&n["msg"]));
        match n["name"].as_str() {
            Some("newrule-ntf") => rules.push(view),
            Some("delrule-ntf") => {
                let i = rules.iter().position(|r| *r == view);
                rules.remove(i.unwrap_or_else(|| panic!("{view} deleted, never told of")));
            }
            other => panic!("a notification named {other:?}: {n}"),
        }
    }
}

#[test]
fn random_rules_equal_ip() {
    each_seed(&[1, 2, 3], random_rules);
}
