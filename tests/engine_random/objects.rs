//! Addresses (`rt-addr`) and neighbours (`rt-neigh`) of a link, made by ip and by the
//! engine, dumps read as `ip -j addr` and `ip -j neigh` print them.

use super::*;

/// A random address change of `a0`: ip's arguments, the engine's operation and request (as
/// iproute2's `ipaddr_modify` builds it: IFA_LOCAL, and IFA_ADDRESS the peer or the same
/// address; the flags in the header's byte and in IFA_FLAGS).
fn addr_change(rng: &mut Rng, a0: u32) -> Change {
    let (v6, local) = either_family(
        rng,
        &["10.1.0.1", "10.1.0.2", "10.2.0.1"],
        &["2001:db8::1", "2001:db8::2", "2001:db8:1::1"],
    );
    let len: u8 = if v6 {
        rng.pick(&[64, 48, 128])
    } else {
        rng.pick(&[24, 16, 32])
    };
    let mut args = format!("addr {{}} {local}/{len} dev a0");
    let mut req = json!({"ifa-family": if v6 { 10 } else { 2 }, "ifa-prefixlen": len,
                         "ifa-index": a0, "local": local, "address": local});
    if rng.below(3) == 0 {
        let args = split(&args.replace("{}", "del"));
        return (args, "deladdr", req, 0);
    }
    if !v6 && rng.one_in(4) {
        let peer = rng.pick(&["10.9.0.1", "10.9.0.0"]);
        args = format!("addr {{}} {local} peer {peer}/{len} dev a0");
        req["address"] = json!(peer);
    }
    let mut flags: Vec<&str> = Vec::new();
    let names: &[(&str, &str)] = if v6 {
        &[
            ("nodad", "nodad"),
            ("home", "homeaddress"),
            ("mngtmpaddr", "managetempaddr"),
            ("noprefixroute", "noprefixroute"),
            ("optimistic", "optimistic"),
        ]
    } else {
        &[("noprefixroute", "noprefixroute")]
    };
    for (word, flag) in names {
        if rng.one_in(3) {
            args += &format!(" {word}");
            flags.push(flag);
        }
    }
    if !v6 && rng.one_in(3) {
        let brd = rng.pick(&["10.1.0.255", "10.255.255.255"]);
        args += &format!(" broadcast {brd}");
        req["broadcast"] = json!(brd);
    }
    if !v6 && rng.one_in(3) {
        let label = rng.pick(&["a0:x", "a0:long-label"]);
        args += &format!(" label {label}");
        req["label"] = json!(label);
    }
    if rng.one_in(3) {
        let metric = rng.pick(&[5u32, 1000]);
        args += &format!(" metric {metric}");
        req["rt-priority"] = json!(metric);
    }
    if rng.one_in(3) {
        let (valid, preferred) = rng.pick(&[(100u32, 50u32), (300, 300), (200, 0)]);
        args += &format!(" valid_lft {valid} preferred_lft {preferred}");
        req["cacheinfo"] = json!({"ifa-prefered": preferred, "ifa-valid": valid,
                                  "cstamp": 0, "tstamp": 0});
    }
    // The header's byte holds the flags below 256, IFA_FLAGS all of them.
    req["ifa-flags"] = json!(flags
        .iter()
        .filter(|f| **f != "managetempaddr" && **f != "noprefixroute")
        .collect::<Vec<_>>());
    req["flags"] = json!(flags);
    modify(rng, &args, "newaddr", req)
}

/// The addresses of `a0` in `ip -j addr show dev a0`, a finite lifetime as `finite` (it runs
/// between the two listings).
fn ip_addrs(v: Value) -> Vec<Value> {
    let addrs = v[0]["addr_info"].as_array().cloned().unwrap_or_default();
    addrs.into_iter().map(finite_lifetimes).collect()
}

fn finite_lifetimes(mut a: Value) -> Value {
    for k in ["valid_life_time", "preferred_life_time"] {
        if a[k].as_u64().is_some_and(|t| t != u64::from(u32::MAX)) {
            a[k] = json!("finite");
        }
    }
    a
}

/// The addresses of `a0` in the engine's dump as `ip -j addr` prints them
/// (`print_addrinfo`), in the kernel's order (IPv4, then IPv6).
fn engine_addrs(c: &mut Client) -> Vec<Value> {
    let a0 = common::ifindex("a0") as u64;
    let mut all = Vec::new();
    for family in [2, 10] {
        for m in c.dump("getaddr", &json!({"ifa-family": family})).unwrap() {
            let m = m.unwrap();
            if num(&m["ifa-index"]) == a0 {
                all.push(finite_lifetimes(addr_view(&m)));
            }
        }
    }
    all
}

fn addr_view(m: &Tree) -> Value {
    let mut o = Map::new();
    let mut set = |k: &str, v: Value| {
        o.insert(k.into(), v);
    };
    let v6 = num(&m["ifa-family"]) == 10;
    set("family", json!(if v6 { "inet6" } else { "inet" }));
    let text = |k: &str| m.get(k).map(|a| json!(a.as_str().expect("an address")));
    match (text("local"), text("address")) {
        (Some(l), Some(a)) => {
            set("local", l.clone());
            if a != l {
                set("address", a);
            }
        }
        (None, Some(a)) => set("local", a),
        (l, None) => set("local", l.expect("an address")),
    }
    set("prefixlen", json!(num(&m["ifa-prefixlen"])));
    if let Some(p) = m.get("rt-priority") {
        set("metric", json!(num(p)));
    }
    if let Some(b) = text("broadcast") {
        set("broadcast", b);
    }
    let scope = match num(&m["ifa-scope"]) {
        0 => "global".to_owned(),
        200 => "site".to_owned(),
        253 => "link".to_owned(),
        254 => "host".to_owned(),
        n => n.to_string(),
    };
    set("scope", json!(scope));
    let flags: Vec<&str> = m
        .get("flags")
        .unwrap_or(&m["ifa-flags"])
        .as_array()
        .expect("flags by name")
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let has = |f: &str| flags.contains(&f);
    if has("secondary") {
        set(if v6 { "temporary" } else { "secondary" }, json!(true));
    }
    if !has("permanent") {
        set("dynamic", json!(true));
    }
    for (flag, key) in [
        ("deprecated", "deprecated"),
        ("tentative", "tentative"),
        ("dadfailed", "dadfailed"),
        ("homeaddress", "home"),
        ("nodad", "nodad"),
        ("optimistic", "optimistic"),
        ("managetempaddr", "mngtmpaddr"),
        ("noprefixroute", "noprefixroute"),
        ("mcautojoin", "autojoin"),
        ("stable-privacy", "stable-privacy"),
    ] {
        if has(flag) {
            set(key, json!(true));
        }
    }
    if let Some(l) = m.get("label") {
        set("label", json!(l.as_str().unwrap()));
    }
    if let Some(ci) = m.get("cacheinfo") {
        set("valid_life_time", json!(num(&ci["ifa-valid"])));
        set("preferred_life_time", json!(num(&ci["ifa-prefered"])));
    }
    Value::Object(o)
}

fn random_addrs(seed: u64) {
    // No link-local addresses of their own (they would differ between the namespaces).
    std::fs::write("/proc/sys/net/ipv6/conf/default/addr_gen_mode", "1").unwrap();
    let objects = Objects {
        family: "rt-addr",
        open: |c| c.dump("getaddr", &Value::Null).unwrap().for_each(drop),
        change: addr_change,
        shows: &[&["addr", "show", "dev", "a0"]],
        items: ip_addrs,
        view: engine_addrs,
    };
    objects.rounds(seed);
}

#[test]
fn random_addrs_equal_ip() {
    each_seed(&[1, 2], random_addrs);
}

/// A random neighbour change on `a0`: ip's arguments, the engine's operation, request and
/// flags (as iproute2's `ipneigh_modify` builds them).
fn neigh_change(rng: &mut Rng, a0: u32) -> Change {
    let (v6, dst) = either_family(
        rng,
        &["10.1.0.5", "10.1.0.6", "10.1.0.7"],
        &["2001:db8::5", "2001:db8::6", "fe80::7"],
    );
    let fam = if v6 { "-6" } else { "-4" };
    let proxy = rng.one_in(5);
    let mut flags: Vec<&str> = Vec::new();
    let mut args = format!(
        "{fam} neigh {{}}{} {dst} dev a0",
        if proxy { " proxy" } else { "" }
    );
    let mut req = json!({"ndm-family": if v6 { 10 } else { 2 }, "ndm-ifindex": a0, "dst": dst});
    if proxy {
        flags.push("proxy");
    }
    if rng.below(4) == 0 {
        req["ndm-flags"] = json!(flags);
        return (split(&args.replace("{}", "del")), "delneigh", req, 0);
    }
    if !proxy {
        let mac = rng.pick(&["02:00:00:00:00:05", "02:00:00:00:00:66"]);
        args += &format!(" lladdr {mac}");
        req["lladdr"] = json!(mac);
        let state = rng.pick(&["permanent", "stale", "noarp"]);
        args += &format!(" nud {state}");
        req["ndm-state"] = json!([state]);
        if rng.one_in(4) {
            args += " extern_learn";
            flags.push("ext-learned");
        }
    }
    if v6 && rng.one_in(3) {
        args += " router";
        flags.push("router");
    }
    req["ndm-flags"] = json!(flags);
    modify(rng, &args, "newneigh", req)
}

/// The neighbours `ip -j` listed, sorted (a namespace's neighbour table hashes by a seed of
/// its own, so two namespaces list the same neighbours in different orders), but those of
/// multicast addresses, which the kernel makes when it will (MLD's `ff02::16`).
fn neigh_list(v: Value) -> Vec<Value> {
    let mut items: Vec<Value> = listed(v).into_iter().filter(|n| !multicast(n)).collect();
    items.sort_by_key(Value::to_string);
    items
}

fn multicast(n: &Value) -> bool {
    n["dst"].as_str().is_some_and(|d| d.starts_with("ff"))
}

/// The neighbours of `a0` in the engine's dumps (then its proxies) as `ip -j neigh show
/// nud all dev a0` and `... proxy dev a0` print them (`print_neigh`), as [`neigh_list`]
/// keeps them.
fn engine_neighs(c: &mut Client) -> Vec<Value> {
    let a0 = common::ifindex("a0") as u64;
    let mut all = Vec::new();
    for proxy in [false, true] {
        let flags: &[&str] = if proxy { &["proxy"] } else { &[] };
        let req = json!({"ndm-family": 0, "ndm-flags": flags});
        let mut part: Vec<Value> = Vec::new();
        for m in c.dump("getneigh", &req).unwrap() {
            let m = m.unwrap();
            if num(&m["ndm-ifindex"]) == a0 {
                part.push(neigh_view(&m, proxy));
            }
        }
        part.retain(|n| !multicast(n));
        part.sort_by_key(Value::to_string);
        all.extend(part);
    }
    all
}

fn neigh_view(m: &Tree, proxy: bool) -> Value {
    let mut o = Map::new();
    o.insert("dst".into(), json!(m["dst"].as_str().expect("an address")));
    if let Some(l) = m.get("lladdr") {
        o.insert("lladdr".into(), json!(l.as_str().expect("a MAC")));
    }
    let names = |t: &Tree| -> Vec<String> {
        t.as_array()
            .expect("flags by name")
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect()
    };
    let flags = names(&m["ndm-flags"]);
    for (flag, key) in [("router", "router"), ("ext-learned", "extern_learn")] {
        if flags.iter().any(|f| f == flag) {
            o.insert(key.into(), Value::Null);
        }
    }
    if proxy {
        o.insert("proxy".into(), Value::Null);
    } else {
        let states: Vec<String> = names(&m["ndm-state"])
            .iter()
            .map(|s| s.to_uppercase())
            .collect();
        o.insert("state".into(), json!(states));
    }
    Value::Object(o)
}

fn random_neighs(seed: u64) {
    let objects = Objects {
        family: "rt-neigh",
        open: |c| c.dump("getneigh", &Value::Null).unwrap().for_each(drop),
        change: neigh_change,
        shows: &[
            &["neigh", "show", "nud", "all", "dev", "a0"],
            &["neigh", "show", "proxy", "dev", "a0"],
        ],
        items: neigh_list,
        view: engine_neighs,
    };
    objects.rounds(seed);
}

#[test]
fn random_neighs_equal_ip() {
    each_seed(&[1, 2], random_neighs);
}
