//! ethtool on a veth: features, channels, link settings and timestamping as `ethtool`
//! shows them.

use super::*;

/// `ethtool ARGS`: its status and stdout.
fn ethtool(args: &[&str]) -> (bool, String) {
    let out = Command::new("ethtool")
        .args(args)
        .output()
        .expect("run ethtool");
    (
        out.status.success(),
        String::from_utf8(out.stdout).expect("ethtool prints UTF-8"),
    )
}

/// The bits of a verbose bitset of the engine (`{"bits": {"bit": [...]}}`), by index: name
/// and value (a set of `nomask` lists only the bits that are set, without a value).
fn bitset(t: &Tree) -> BTreeMap<u64, (String, bool)> {
    let nomask = t.get("nomask").is_some();
    let bits = t["bits"]["bit"].as_array().unwrap_or_default();
    bits.iter()
        .map(|b| {
            let name = b["name"].as_str().expect("a bit's name").to_owned();
            (num(&b["index"]), (name, nomask || b.get("value").is_some()))
        })
        .collect()
}

/// `dev`'s features as `ethtool -k` prints each one the kernel names (`dump_features`): on
/// or off by `active`, `[fixed]` when not in `hw` or in `nochange`, else `[requested X]`
/// when `wanted` differs.
fn engine_features(c: &mut Client, dev: &str) -> Vec<String> {
    let r = c
        .do_op("features-get", &json!({"header": {"dev-name": dev}}), 0)
        .unwrap();
    let set = |k: &str| bitset(&r[0][k]);
    let (hw, wanted, active, nochange) = (set("hw"), set("wanted"), set("active"), set("nochange"));
    let on = |s: &BTreeMap<u64, (String, bool)>, i| s.get(i).is_some_and(|b| b.1);
    let mut lines = Vec::new();
    for (i, (name, _)) in &hw {
        if name.is_empty() {
            continue;
        }
        let active = on(&active, i);
        let state = if active { "on" } else { "off" };
        let fixed = !on(&hw, i) || on(&nochange, i);
        let suffix = match (fixed, on(&wanted, i)) {
            (true, _) => " [fixed]".to_owned(),
            (false, w) if w != active => {
                format!(" [requested {}]", if w { "on" } else { "off" })
            }
            _ => String::new(),
        };
        lines.push(format!("{name}: {state}{suffix}"));
    }
    lines.sort();
    lines
}

/// The lines of `ethtool -k DEV` that name one of `names`.
fn ethtool_features(dev: &str, names: &[String]) -> Vec<String> {
    let (ok, out) = ethtool(&["-k", dev]);
    assert!(ok);
    let mut lines: Vec<String> = out
        .lines()
        .map(str::trim)
        .filter(|l| {
            names
                .iter()
                .any(|n| l.split(':').next() == Some(n.as_str()))
        })
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

/// `ethtool -l DEV` as the engine's channels-get reads: `rx-max`, `tx-max`, `rx-count`,
/// `tx-count` (the others are n/a on veth).
fn ethtool_channels(dev: &str) -> Vec<u64> {
    let (ok, out) = ethtool(&["-l", dev]);
    assert!(ok);
    let nums: Vec<u64> = out
        .lines()
        .filter(|l| l.starts_with("RX:") || l.starts_with("TX:"))
        .map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
        .collect();
    nums
}

fn engine_channels(c: &mut Client, dev: &str) -> Vec<u64> {
    let r = c
        .do_op("channels-get", &json!({"header": {"dev-name": dev}}), 0)
        .unwrap();
    ["rx-max", "tx-max", "rx-count", "tx-count"]
        .iter()
        .map(|k| num(&r[0][*k]))
        .collect()
}

/// What `ethtool DEV` says of the link that the engine's linkinfo-get, linkmodes-get and
/// linkstate-get tell, and the capabilities `ethtool -T DEV` lists (tsinfo-get), as lines.
fn engine_link_settings(c: &mut Client, dev: &str) -> Vec<String> {
    let mut get = |op: &str| {
        let mut r = c
            .do_op(op, &json!({"header": {"dev-name": dev}}), 0)
            .unwrap();
        r.remove(0)
    };
    let (info, modes, state, ts) = (
        get("linkinfo-get"),
        get("linkmodes-get"),
        get("linkstate-get"),
        get("tsinfo-get"),
    );
    let speed = match num(&modes["speed"]) {
        0xffff_ffff => "Unknown!".to_owned(),
        n => format!("{n}Mb/s"),
    };
    let duplex = match num(&modes["duplex"]) {
        0 => "Half",
        1 => "Full",
        _ => "Unknown! (255)",
    };
    let port = match num(&info["port"]) {
        0 => "Twisted Pair".to_owned(),
        n => format!("{n}"),
    };
    let yes = |t: &Tree, y: &'static str, n: &'static str| if num(t) != 0 { y } else { n };
    let mut lines = vec![
        format!("Speed: {speed}"),
        format!("Duplex: {duplex}"),
        format!("Auto-negotiation: {}", yes(&modes["autoneg"], "on", "off")),
        format!("Port: {port}"),
        format!("PHYAD: {}", num(&info["phyaddr"])),
        format!(
            "Transceiver: {}",
            yes(&info["transceiver"], "external", "internal")
        ),
        format!("Link detected: {}", yes(&state["link"], "yes", "no")),
    ];
    lines.extend(bitset(&ts["timestamping"]).into_values().map(|(n, _)| n));
    lines
}

/// The lines of `ethtool DEV` and `ethtool -T DEV` that [`engine_link_settings`] makes.
fn ethtool_link_settings(dev: &str) -> Vec<String> {
    let keys = [
        "Speed",
        "Duplex",
        "Auto-negotiation",
        "Port",
        "PHYAD",
        "Transceiver",
        "Link detected",
    ];
    let (ok, out) = ethtool(&[dev]);
    assert!(ok);
    let mut lines: Vec<String> = keys
        .iter()
        .map(|k| {
            let prefix = format!("{k}: ");
            let l = out.lines().map(str::trim).find(|l| l.starts_with(&prefix));
            l.unwrap_or_else(|| panic!("ethtool {dev} says nothing of {k}:\n{out}"))
                .to_owned()
        })
        .collect();
    let (ok, out) = ethtool(&["-T", dev]);
    assert!(ok);
    let caps = out
        .lines()
        .skip_while(|l| !l.starts_with("Capabilities:"))
        .skip(1)
        .take_while(|l| l.starts_with('\t'))
        .map(|l| l.trim().to_owned());
    lines.extend(caps);
    lines
}

fn random_ethtool(seed: u64) {
    println!("seed {seed} (NLRS_SEED={seed} runs it again)");
    let mut rng = Rng::new(seed);
    // Four queues each way, so that channel counts can change.
    ip(&[
        "link",
        "add",
        "v0",
        "numtxqueues",
        "4",
        "numrxqueues",
        "4",
        "type",
        "veth",
        "peer",
        "name",
        "v1",
        "numtxqueues",
        "4",
        "numrxqueues",
        "4",
    ]);
    let mut c = Client::builtin("ethtool").unwrap();
    let names: Vec<String> = engine_features(&mut c, "v0")
        .iter()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    let mut log = Vec::new();
    for round in 0..8 {
        for _ in 0..4 {
            let name = rng
                .pick(&names.iter().map(String::as_str).collect::<Vec<_>>())
                .to_owned();
            let on = rng.one_in(2);
            if rng.one_in(2) {
                let (ok, _) = ethtool(&["-K", "v0", &name, if on { "on" } else { "off" }]);
                log.push(format!("ethtool -K v0 {name} {on}: {ok}"));
            } else {
                let req = json!({"header": {"dev-name": "v0"},
                                 "wanted": {"bits": {"bit": [{"name": name, "value": on}]}}});
                let r = c.do_op("features-set", &req, 0);
                log.push(format!(
                    "engine features-set {name} {on}: {:?}",
                    r.map(|_| ())
                ));
            }
        }
        if rng.one_in(3) {
            // The link is detected when both ends are up.
            let (dev, state) = (rng.pick(&["v0", "v1"]), rng.pick(&["up", "down"]));
            ip(&["link", "set", dev, state]);
            log.push(format!("ip link set {dev} {state}"));
        }
        if rng.one_in(2) {
            let (rx, tx) = (1 + rng.below(5), 1 + rng.below(4));
            if rng.one_in(2) {
                let (ok, _) = ethtool(&["-L", "v0", "rx", &rx.to_string(), "tx", &tx.to_string()]);
                log.push(format!("ethtool -L v0 rx {rx} tx {tx}: {ok}"));
            } else {
                let req = json!({"header": {"dev-name": "v0"}, "rx-count": rx, "tx-count": tx});
                let r = engine_outcome(c.do_op("channels-set", &req, 0));
                log.push(format!("engine channels-set rx {rx} tx {tx}: {r:?}"));
            }
        }
        let what = format!("seed {seed} round {round}\nchanges:\n{}", log.join("\n"));
        // ethtool prints some features by an older name of its own (`rx-checksumming`
        // for `rx-checksum`...): those it prints by the kernel's are compared.
        let theirs = ethtool_features("v0", &names);
        let ours: Vec<String> = engine_features(&mut c, "v0")
            .into_iter()
            .filter(|l| {
                theirs
                    .iter()
                    .any(|t| t.split(':').next() == l.split(':').next())
            })
            .collect();
        assert!(ours.len() > 40, "{ours:?}");
        assert_eq!(ours, theirs, "{what}");
        assert_eq!(
            engine_channels(&mut c, "v0"),
            ethtool_channels("v0"),
            "{what}"
        );
        let settings = engine_link_settings(&mut c, "v0");
        assert_eq!(settings, ethtool_link_settings("v0"), "{what}");
    }
}

#[test]
fn random_ethtool_features_and_channels_equal_ethtool() {
    each_seed(&[1, 2], random_ethtool);
}
