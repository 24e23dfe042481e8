//! Two namespaces told the same changes, each made by `ip` in one and by the engine (its
//! Rust API, or its C API through `nlynl`) in the other, and how both tell an outcome.

use super::*;

/// Runs `f` with the calling thread moved into the namespace at `path`, then moves it back:
/// a netlink socket opened meanwhile stays in that namespace.
fn inside<T>(path: &str, f: impl FnOnce() -> T) -> T {
    use std::os::fd::AsRawFd;
    let here = std::fs::File::open("/proc/thread-self/ns/net").unwrap();
    let there = std::fs::File::open(path).unwrap();
    // SAFETY: plain system calls on open namespace files, affecting only the calling thread.
    assert_eq!(
        unsafe { libc::setns(there.as_raw_fd(), libc::CLONE_NEWNET) },
        0
    );
    let r = f();
    assert_eq!(
        unsafe { libc::setns(here.as_raw_fd(), libc::CLONE_NEWNET) },
        0
    );
    r
}

/// The outcome of a change, as both sides can tell it: done, or refused with the kernel's
/// extack text or, without one, its errno's text.
pub(crate) fn ip_outcome(out: &std::process::Output) -> Result<(), String> {
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let err = err.trim();
    Err(
        match (
            err.strip_prefix("Error: "),
            err.strip_prefix("RTNETLINK answers: "),
        ) {
            (Some(m), _) => m.trim_end_matches('.').to_owned(),
            (_, Some(e)) => e.to_owned(),
            _ => panic!("ip failed with {err:?}"),
        },
    )
}

/// nlynl's outcome in the terms of [`ip_outcome`]: its error line is `error: <errno text>`,
/// then `: <kernel text>` when the kernel gave one, then what the attributes were.
fn nlynl_outcome(out: &std::process::Output) -> Result<(), String> {
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let text = err
        .trim()
        .strip_prefix("error: ")
        .unwrap_or_else(|| panic!("nlynl failed with {err:?}"));
    // What the attributes were comes last, each part in parentheses.
    let cut = [" (attribute ", " (missing attribute ", " (policy: "]
        .iter()
        .filter_map(|p| text.find(p))
        .min()
        .unwrap_or(text.len());
    let text = &text[..cut];
    Err(match text.split_once(": ") {
        Some((_, kernel)) => kernel.trim_end_matches('.').to_owned(),
        None => text.to_owned(),
    })
}

/// The engine's outcome in the terms of [`ip_outcome`].
pub(crate) fn engine_outcome(r: Result<Vec<Tree>, Error>) -> Result<(), String> {
    match r {
        Ok(replies) => {
            assert!(replies.is_empty(), "replies to a change: {replies:?}");
            Ok(())
        }
        Err(Error::Kernel { err, .. }) => Err(match &err.ext.message {
            Some(m) => m.trim_end_matches('.').to_owned(),
            None => {
                // SAFETY: strerror returns a valid C string for any errno.
                let s = unsafe { std::ffi::CStr::from_ptr(libc::strerror(err.errno)) };
                s.to_string_lossy().into_owned()
            }
        }),
        Err(e) => panic!("the engine could not make the request: {e}"),
    }
}

/// Two namespaces that are told the same changes, each made by `ip` in one and by the
/// engine (with a client of one family) in the other.
pub(crate) struct Pair {
    /// The family's name.
    family: &'static str,
    /// The namespace of the calling thread is the first (`""` in `ip -n`), this the second.
    other: NamedNetns,
    /// The engine's clients in each.
    pub(crate) clients: [Client; 2],
    /// Every change made, for the report of a failure.
    log: Vec<String>,
}

impl Pair {
    /// The pair for family `family`, whose socket `open` opens (the first request opens it,
    /// in the namespace of the moment), with veth `a0`/`a1` in both, then `setup` run by ip
    /// in both.
    pub(crate) fn new(family: &'static str, open: fn(&mut Client), setup: &[&[&str]]) -> Self {
        let other = NamedNetns::new("engine");
        let client = || {
            let mut c = Client::builtin(family).unwrap();
            open(&mut c);
            c
        };
        let here = client();
        let there = inside(&other.path(), client);
        for ns in ["", &other.name] {
            ns_ip(
                ns,
                &["link", "add", "a0", "type", "veth", "peer", "name", "a1"],
            );
            for args in setup {
                ns_ip(ns, args);
            }
        }
        Pair {
            family,
            other,
            clients: [here, there],
            log: Vec::new(),
        }
    }

    pub(crate) fn ns(&self, i: usize) -> String {
        if i == 0 {
            String::new()
        } else {
            self.other.name.clone()
        }
    }

    /// Makes one change: `ip ARGS` in namespace `by_ip`, operation `op` of `req` by the
    /// engine in the other, through the Rust API or (`c`) through the C API, `nlynl`; both
    /// must end alike.
    pub(crate) fn change(
        &mut self,
        args: &[String],
        op: &str,
        req: &Value,
        flags: u16,
        by_ip: usize,
        c: bool,
    ) {
        let mut cmd = Command::new("ip");
        let ns = self.ns(by_ip);
        if !ns.is_empty() {
            cmd.args(["-n", &ns]);
        }
        let theirs = ip_outcome(&cmd.args(args).output().unwrap());
        let ours = if c {
            let text = req.to_string();
            let mut nl = vec!["--family", self.family, "--do", op, "--json", &text];
            for (bit, opt) in [
                (libc::NLM_F_CREATE, "--create"),
                (libc::NLM_F_EXCL, "--excl"),
                (libc::NLM_F_REPLACE, "--replace"),
            ] {
                if flags & bit as u16 != 0 {
                    nl.push(opt);
                }
            }
            nlynl_outcome(&self.nlynl(1 - by_ip, &nl).output().unwrap())
        } else {
            engine_outcome(self.clients[1 - by_ip].do_op(op, req, flags))
        };
        let by = if c { "nlynl" } else { "engine" };
        self.log.push(format!(
            "ip {} (ip in ns {by_ip}: {theirs:?}; {by} {op} {req}: {ours:?})",
            args.join(" ")
        ));
        assert_eq!(ours, theirs, "{}", self.report(&args.join(" ")));
    }

    /// `nlynl ARGS` (c-examples/nlynl.c) in namespace `i`.
    fn nlynl(&self, i: usize, args: &[&str]) -> Command {
        let nlynl = common::cbuild::Mode::Plain.command("nlynl", args);
        if i == 0 {
            return nlynl;
        }
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.other.name])
            .arg(nlynl.get_program())
            .args(args);
        cmd
    }

    /// The dump of `op` with `req` through the C API (`nlynl --output-json`) is the Rust
    /// API's, message by message, in both namespaces.
    pub(crate) fn check_c_dump(&mut self, what: &str, op: &str, req: &Value) {
        for i in 0..2 {
            let text = req.to_string();
            let args = [
                "--family",
                self.family,
                "--dump",
                op,
                "--json",
                &text,
                "--output-json",
            ];
            let out = self.nlynl(i, &args).output().unwrap();
            assert!(out.status.success(), "nlynl {args:?}: {out:?}");
            let theirs: Value = serde_json::from_slice(&out.stdout).unwrap();
            let ours: Vec<Value> = self.clients[i]
                .dump(op, req)
                .unwrap()
                .map(|m| m.unwrap().to_json())
                .collect();
            assert_eq!(theirs, Value::Array(ours), "{}", self.report(what));
        }
    }

    pub(crate) fn report(&self, what: &str) -> String {
        format!("{what}\nchanges so far:\n{}", self.log.join("\n"))
    }

    /// Both namespaces hold the same (`ip -j` with each of `shows`, concatenated), and what
    /// the engine's `view` makes of each equals it.
    /// `items` makes the compared items of each `ip -j` output.
    pub(crate) fn check(
        &mut self,
        what: &str,
        shows: &[&[&str]],
        items: fn(Value) -> Vec<Value>,
        view: fn(&mut Client) -> Vec<Value>,
    ) {
        let mut ips = Vec::new();
        for i in 0..2 {
            let ns = self.ns(i);
            let mut by_ip = Vec::new();
            for show in shows {
                let mut args = vec!["-j"];
                args.extend_from_slice(show);
                by_ip.extend(items(serde_json::from_str(&ns_ip(&ns, &args)).unwrap()));
            }
            let ours = view(&mut self.clients[i]);
            if ours != by_ip {
                let diff: Vec<String> = by_ip
                    .iter()
                    .zip(&ours)
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| format!("ip:     {a}\nengine: {b}"))
                    .collect();
                panic!(
                    "{}\nns {i}: the engine's view differs from ip's ({} and {} items):\n{}",
                    self.report(what),
                    ours.len(),
                    by_ip.len(),
                    diff.join("\n")
                );
            }
            ips.push(by_ip);
        }
        assert_eq!(ips[0], ips[1], "{}", self.report(what));
    }
}

/// The items of a list `ip -j` printed.
pub(crate) fn listed(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => panic!("ip -j printed {other}, not a list"),
    }
}

/// `ip [-n NS] ARGS`.
pub(crate) fn ns_ip(ns: &str, args: &[&str]) -> String {
    let mut full = vec![];
    if !ns.is_empty() {
        full.extend(["-n", ns]);
    }
    full.extend_from_slice(args);
    ip(&full)
}

/// A random change: ip's arguments, the engine's operation, request and `NLM_F_*` flags.
pub(crate) type Change = (Vec<String>, &'static str, Value, u16);

/// The change `ip ... add|change|replace` makes (the verb drawn; `{}` in `args` stands for
/// it) and the engine's operation `op` of `req` with iproute2's flags for that verb.
pub(crate) fn modify(rng: &mut Rng, args: &str, op: &'static str, req: Value) -> Change {
    let verb = rng.pick(&["add", "add", "change", "replace"]);
    let nl = match verb {
        "add" => libc::NLM_F_CREATE | libc::NLM_F_EXCL,
        "change" => libc::NLM_F_REPLACE,
        _ => libc::NLM_F_CREATE | libc::NLM_F_REPLACE,
    };
    (split(&args.replace("{}", verb)), op, req, nl as u16)
}

/// IPv4 or IPv6 at random, and one of the addresses given for it: whether IPv6, and it.
pub(crate) fn either_family(
    rng: &mut Rng,
    v4: &[&'static str],
    v6: &[&'static str],
) -> (bool, &'static str) {
    let six = rng.one_in(2);
    (six, rng.pick(if six { v6 } else { v4 }))
}

/// A family whose objects of `a0` a [`Pair`] makes at random and compares.
pub(crate) struct Objects {
    pub(crate) family: &'static str,
    pub(crate) open: fn(&mut Client),
    /// A random change, given `a0`'s index.
    pub(crate) change: fn(&mut Rng, u32) -> Change,
    /// The `ip -j` listings of the objects, the items each gives, the engine's view.
    pub(crate) shows: &'static [&'static [&'static str]],
    pub(crate) items: fn(Value) -> Vec<Value>,
    pub(crate) view: fn(&mut Client) -> Vec<Value>,
}

impl Objects {
    /// Six rounds of eight changes, each by ip in one namespace and by the engine (the Rust
    /// API or, one time in four, nlynl) in the other, then the comparison.
    pub(crate) fn rounds(&self, seed: u64) {
        println!("seed {seed} (NLRS_SEED={seed} runs it again)");
        let mut rng = Rng::new(seed);
        let mut pair = Pair::new(self.family, self.open, &[]);
        let a0 = common::ifindex("a0") as u32;
        for round in 0..6 {
            for _ in 0..8 {
                let (args, op, req, flags) = (self.change)(&mut rng, a0);
                let (by_ip, c) = (rng.below(2), rng.one_in(4));
                pair.change(&args, op, &req, flags, by_ip, c);
            }
            let what = format!("seed {seed} round {round}");
            pair.check(&what, self.shows, self.items, self.view);
        }
    }
}
