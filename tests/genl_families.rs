//! Generic netlink against the real kernel, with iproute2's `genl` as the independent oracle.
//!
//! Families are registered kernel-wide, so these tests need no namespace of their own; both
//! nlrs and `genl` run in the test process's namespace, which decides which families are
//! visible (a family that is not netns-aware is listed only in the initial namespace).

mod common;

use common::genl_ctrl::{genl_ctrl_list, Printed};
use nlrs::conn::{Error, Socket};
use nlrs::genl::{self, AttrKind, Family};
use nlrs::wire::consts::genl::*;
use nlrs::wire::consts::{proto, NETLINK_LIST_MEMBERSHIPS, SOL_NETLINK};

fn socket() -> Socket {
    Socket::open(proto::GENERIC).expect("open a NETLINK_GENERIC socket")
}

fn printed(f: &Family) -> Printed {
    Printed {
        name: f.name.clone(),
        id: f.id,
        version: f.version,
        hdrsize: f.hdrsize,
        maxattr: f.maxattr,
        ops: f
            .ops
            .iter()
            .map(|o| (o.id, (f.version >= 2).then_some(o.flags)))
            .collect(),
        groups: f.groups.iter().map(|g| (g.name.clone(), g.id)).collect(),
    }
}

#[test]
fn list_agrees_with_genl_ctrl_list() {
    let mut sock = socket();
    // A module loading between the two dumps would register a family one of them misses:
    // compare again, a few times, before calling a difference real.
    let mut last = None;
    for _ in 0..3 {
        let ours: Vec<Printed> = genl::list(&mut sock).unwrap().iter().map(printed).collect();
        let theirs = genl_ctrl_list();
        if ours == theirs {
            assert!(ours.iter().any(|f| f.name == "nlctrl"));
            return;
        }
        last = Some((ours, theirs));
    }
    let (ours, theirs) = last.unwrap();
    assert_eq!(ours, theirs, "nlrs and genl ctrl list disagree");
}

#[test]
fn resolve_unknown_family_is_enoent() {
    let err = genl::resolve(&mut socket(), "nosuchfamily").unwrap_err();
    assert_eq!(err.code(), -libc::ENOENT, "{err}");
    assert!(err.kernel().is_some(), "{err:?}");
}

#[test]
fn resolve_nlctrl() {
    let fam = genl::resolve(&mut socket(), "nlctrl").unwrap();
    assert_eq!(fam.name, "nlctrl");
    assert_eq!(fam.id, ID_CTRL);
    assert_eq!(fam.version, u32::from(CTRL_VERSION));
    assert_eq!(fam.group("notify"), Some(u32::from(ID_CTRL)));
    assert_eq!(fam.group("nosuchgroup"), None);
    let getfamily = fam
        .ops
        .iter()
        .find(|o| o.id == u32::from(CTRL_CMD_GETFAMILY))
        .expect("nlctrl has GETFAMILY");
    assert_eq!(
        getfamily.flags & (CMD_CAP_DO | CMD_CAP_DUMP),
        CMD_CAP_DO | CMD_CAP_DUMP
    );
    assert!(fam.unknown.is_empty(), "{:?}", fam.unknown);
}

#[test]
fn genl_requests_refuse_other_protocols() {
    let mut route = Socket::open(proto::ROUTE).unwrap();
    let err = genl::resolve(&mut route, "nlctrl").unwrap_err();
    assert_eq!(err.code(), -libc::EINVAL, "{err}");
}

#[test]
fn family_msg_sends_through_request() {
    // A GETFAMILY built by hand from the resolved controller family, sent like any request.
    let mut sock = socket();
    let ctrl = genl::resolve(&mut sock, "nlctrl").unwrap();
    let mut req = ctrl.msg(CTRL_CMD_GETFAMILY, 0);
    req.put_u16(CTRL_ATTR_FAMILY_ID, ctrl.id).unwrap();
    let replies = sock.request(&req).unwrap();
    let msgs: Vec<_> = replies.iter().map(Result::unwrap).collect();
    assert_eq!(msgs.len(), 1);
    assert_eq!(Family::parse(&msgs[0]).unwrap(), ctrl);
}

#[test]
fn nlctrl_policy_decodes_fully() {
    let policy = genl::get_policy(&mut socket(), "nlctrl", None).unwrap();
    println!("{policy}");
    assert_eq!(policy.family_id, ID_CTRL);
    assert!(!policy.attrs.is_empty());
    for a in &policy.attrs {
        assert!(
            !matches!(a.policy.kind, AttrKind::Unknown(_) | AttrKind::Invalid),
            "policy {} attr {}: {}",
            a.policy_idx,
            a.attr_type,
            a.policy
        );
        assert!(a.policy.unknown.is_empty(), "{}", a.policy);
    }
    assert!(policy.unknown.is_empty(), "{:?}", policy.unknown);

    let getfamily = policy
        .op(u32::from(CTRL_CMD_GETFAMILY))
        .expect("GETFAMILY has a policy");
    let idx = getfamily.do_policy.expect("GETFAMILY's do has a policy");
    let name = policy
        .attr(idx, CTRL_ATTR_FAMILY_NAME)
        .expect("CTRL_ATTR_FAMILY_NAME in the GETFAMILY policy");
    assert_eq!(name.kind, AttrKind::NulString);
    // GENL_NAMSIZ - 1: the NUL is not counted.
    assert_eq!(name.max_len, Some(15));
    let line = format!("policy {idx} attr {CTRL_ATTR_FAMILY_NAME}: nul-string max_len 15");
    assert!(policy.to_string().lines().any(|l| l == line), "{policy}");

    // GETPOLICY has only a dump handler: the kernel numbers it 0, nlrs restores its number.
    let getpolicy = policy
        .op(u32::from(CTRL_CMD_GETPOLICY))
        .expect("GETPOLICY has a policy");
    assert_eq!(getpolicy.do_policy, None);
    assert!(getpolicy.dump_policy.is_some());
    assert!(policy.op(0).is_none(), "{policy}");

    let id = policy
        .attr(idx, CTRL_ATTR_FAMILY_ID)
        .expect("CTRL_ATTR_FAMILY_ID");
    assert_eq!(id.kind, AttrKind::U16);
    assert_eq!(id.max_value_u, Some(u64::from(u16::MAX)));
}

#[test]
fn policy_of_one_op() {
    let op = u32::from(CTRL_CMD_GETPOLICY);
    let policy = genl::get_policy(&mut socket(), "nlctrl", Some(op)).unwrap();
    assert_eq!(policy.ops.len(), 1, "{policy}");
    let dump = policy.ops[0]
        .dump_policy
        .expect("GETPOLICY dumps with a policy");
    assert_eq!(policy.ops[0].op, op);
    assert_eq!(policy.ops[0].do_policy, None);
    assert_eq!(
        policy.attr(dump, CTRL_ATTR_OP).map(|a| a.kind),
        Some(AttrKind::U32),
        "{policy}"
    );
}

#[test]
fn policy_of_unknown_family_is_enoent() {
    let err = genl::get_policy(&mut socket(), "nosuchfamily", None).unwrap_err();
    assert_eq!(err.code(), -libc::ENOENT, "{err}");
}

#[test]
fn every_family_policy_decodes() {
    // Every family's policy dump, whatever types it uses, reads without a malformed-input
    // error; families without policies are refused by the kernel, not by nlrs.
    let mut sock = socket();
    for fam in genl::list(&mut sock).unwrap() {
        match genl::get_policy(&mut sock, &fam.name, None) {
            Ok(p) => {
                assert_eq!(p.family_id, fam.id, "{}", fam.name);
                // Every command with a policy, dump-only ones included, under its own number.
                let with_policy: Vec<u32> = fam
                    .ops
                    .iter()
                    .filter(|o| o.flags & CMD_CAP_HASPOL != 0)
                    .map(|o| o.id)
                    .collect();
                let ops: Vec<u32> = p.ops.iter().map(|o| o.op).collect();
                assert_eq!(ops, with_policy, "{}:\n{p}", fam.name);
            }
            Err(Error::Kernel(k)) => println!("{}: {k}", fam.name),
            Err(e) => panic!("{}: {e}", fam.name),
        }
    }
}

/// The multicast groups `sock` is a member of (`NETLINK_LIST_MEMBERSHIPS`).
fn memberships(sock: &Socket) -> Vec<u32> {
    let mut words = [0u32; 8];
    let mut len = std::mem::size_of_val(&words) as libc::socklen_t;
    // SAFETY: words has room for len bytes.
    let rc = unsafe {
        libc::getsockopt(
            sock.fd(),
            SOL_NETLINK,
            NETLINK_LIST_MEMBERSHIPS,
            words.as_mut_ptr().cast(),
            &mut len,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    (0..256u32)
        .filter(|g| words[(g / 32) as usize] & (1 << (g % 32)) != 0)
        .map(|g| g + 1)
        .collect()
}

#[test]
fn join_nlctrl_notify_by_name() {
    let mut sock = socket();
    let ctrl = genl::resolve(&mut sock, "nlctrl").unwrap();
    let mut events = socket();
    assert!(memberships(&events).is_empty());
    genl::join_group(&mut events, &ctrl, "notify").unwrap();
    assert_eq!(memberships(&events), vec![ctrl.group("notify").unwrap()]);

    let err = genl::join_group(&mut events, &ctrl, "nosuchgroup").unwrap_err();
    assert_eq!(err.code(), -libc::EINVAL, "{err}");
}
