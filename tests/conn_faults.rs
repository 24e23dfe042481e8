//! Faults the kernel shows rarely, played through a scripted transport ([`FakeTransport`]), so
//! no root and no kernel are needed: a signal (`EINTR`) and `EAGAIN` at every step, `ENOBUFS`
//! in the middle of a dump and between events, a datagram larger than the buffer
//! (`MSG_TRUNC`), a datagram from another port, a wrong sequence number, a duplicate `DONE`,
//! an `NLMSG_ERROR` too short for its errno, and a reply after the timeout.
//!
//! One test per fault, each through requests, dumps, batches, the monitor and the mirror. Each
//! checks the documented outcome, that the socket stays usable (a following request
//! succeeds), and that nothing is lost or reported twice. The datagrams are what the kernel
//! sends, built with the crate's own builder: link messages, `NLMSG_DONE`, capped ACKs.

use nlrs::conn::{Error, FakeStep, FakeTransport, Socket, SocketOptions};
use nlrs::rtnl::events::{Event, Monitor};
use nlrs::rtnl::link::{self, Link};
use nlrs::rtnl::mirror::{ChangeKind, Mirror, Object, Selection};
use nlrs::wire::consts::*;
use nlrs::wire::{Batch, IfInfoMsg, MsgBuilder};

// ---------------------------------------------------------------------------------------------
// Datagrams.

/// `RTM_NEWLINK` for link `index` (named `ethN`), with `flags` (`NLM_F_MULTI` in a dump).
fn link_msg(ty: u16, flags: u16, index: i32) -> MsgBuilder {
    let mut m = MsgBuilder::with_header(
        ty,
        flags,
        &IfInfoMsg {
            index,
            ty: 1, // ARPHRD_ETHER
            ..IfInfoMsg::default()
        },
    );
    m.put_str(ifla::IFNAME, &format!("eth{index}")).unwrap();
    m.put_u32(ifla::MTU, 1500).unwrap();
    m
}

/// A link too large for the receive buffer (64 KiB at first), as one with very many VFs is.
fn huge_link_msg(flags: u16, index: i32) -> MsgBuilder {
    let mut m = link_msg(RTM_NEWLINK, flags, index);
    // IFLA_VFINFO_LIST (22), opaque here: two attributes, since one holds at most 64 KiB.
    m.put(22, &[0; 40_000]).unwrap();
    m.put(22, &[0; 40_000]).unwrap();
    m
}

/// The messages back to back, as one datagram.
fn datagram(msgs: &[MsgBuilder]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in msgs {
        out.extend_from_slice(m.bytes().unwrap());
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

/// A datagram from the kernel answering request `to`.
fn reply(to: usize, msgs: &[MsgBuilder]) -> FakeStep {
    FakeStep::Reply {
        to,
        sender: 0,
        bytes: datagram(msgs),
    }
}

/// The answer to `link::get`, request `to`: the link, then the ACK, in datagrams of their own.
fn get_answer(to: usize, index: i32) -> Vec<FakeStep> {
    vec![
        reply(to, &[link_msg(RTM_NEWLINK, 0, index)]),
        reply(to, &[FakeTransport::ack(0)]),
    ]
}

/// The answer to a dump of links, request `to`: one datagram per slice of `datagrams`, the
/// last ending with `NLMSG_DONE`.
fn dump_answer(to: usize, datagrams: &[&[i32]]) -> Vec<FakeStep> {
    let last = datagrams.len() - 1;
    datagrams
        .iter()
        .enumerate()
        .map(|(i, links)| {
            let mut msgs: Vec<MsgBuilder> = links
                .iter()
                .map(|&ix| link_msg(RTM_NEWLINK, NLM_F_MULTI, ix))
                .collect();
            if i == last {
                msgs.push(FakeTransport::done(0));
            }
            reply(to, &msgs)
        })
        .collect()
}

/// The standard dump: links 1 and 2 in the first datagram, 3 in the second, then `DONE` alone.
fn standard_dump(to: usize) -> Vec<FakeStep> {
    dump_answer(to, &[&[1, 2], &[3], &[]])
}

/// An `NLMSG_ERROR` whose payload (2 bytes) cannot even hold its errno.
fn short_error() -> MsgBuilder {
    let mut m = MsgBuilder::new(NLMSG_ERROR, 0);
    m.fixed_bytes(&[0xff, 0xff]).unwrap();
    m
}

/// `steps` with `fault` inserted before step `k`.
fn with_fault(mut steps: Vec<FakeStep>, k: usize, fault: FakeStep) -> Vec<FakeStep> {
    steps.insert(k, fault);
    steps
}

fn play(fake: &FakeTransport, steps: Vec<FakeStep>) {
    for s in steps {
        fake.push(s);
    }
}

// ---------------------------------------------------------------------------------------------
// Conversations.

/// A route socket over `fake`, with no timeout: a signal (`EINTR`) ends its waits, as the
/// kernel's does when a handler without `SA_RESTART` ran (see [`eintr_within_a_timeout`]).
fn socket(fake: &FakeTransport, nonblocking: bool) -> Socket {
    let opts = SocketOptions::default()
        .nonblocking(nonblocking)
        .timeout(None);
    Socket::with_transport(Box::new(fake.clone()), proto::ROUTE, &opts).unwrap()
}

/// The next request on `sock`, request number `n` on `fake`, succeeds with exactly its own
/// answer, after whatever stale datagrams are still queued; nothing scripted is left unread.
fn following_request_succeeds(fake: &FakeTransport, sock: &mut Socket, n: usize) {
    assert_eq!(fake.requests_sent(), n, "request numbering");
    play(fake, get_answer(n, 77));
    let l = link::get(sock, 77).expect("a following request succeeds");
    assert_eq!(l.index.get(), 77);
    assert_eq!(fake.pending(), 0, "every datagram scripted was read");
}

/// Reads the current dump to its end: the link indexes delivered, in order, and the codes of
/// the errors met on the way (after each of which the dump goes on).
fn read_dump(sock: &mut Socket) -> (Vec<u32>, Vec<i32>) {
    let (mut links, mut errors) = (Vec::new(), Vec::new());
    while let Some(m) = sock.dump_next() {
        match m {
            Ok(m) => links.push(Link::parse(&m).unwrap().index.get()),
            Err(e) => errors.push(e.code()),
        }
        assert!(errors.len() < 10, "the dump does not end: {errors:?}");
    }
    (links, errors)
}

/// Requests 0..3 of a batch: three deletions, the second refused with `ENODEV`.
fn batch() -> (Batch, Vec<FakeStep>) {
    let mut b = Batch::new();
    for ix in [10, 11, 12] {
        b.push(&link::delete_request(ix).unwrap()).unwrap();
    }
    let acks = vec![
        reply(0, &[FakeTransport::ack(0)]),
        reply(1, &[FakeTransport::ack(libc::ENODEV)]),
        reply(2, &[FakeTransport::ack(0)]),
    ];
    (b, acks)
}

/// A batch whose ACKs `edit` changes first (with the fake at hand, to queue faults): its
/// results as errnos (0 for an ACK), or the batch's error code. The next request succeeds.
fn batch_outcome(edit: impl FnOnce(&FakeTransport, &mut Vec<FakeStep>)) -> Result<Vec<i32>, i32> {
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    let (mut b, mut acks) = batch();
    edit(&fake, &mut acks);
    play(&fake, acks);
    let out = batch_errnos(&mut sock, &mut b).map_err(|e| e.code());
    following_request_succeeds(&fake, &mut sock, 3);
    out
}

/// The batch's results as errnos (0 for an ACK).
fn batch_errnos(sock: &mut Socket, b: &mut Batch) -> Result<Vec<i32>, Error> {
    Ok(sock
        .batch(b)?
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.errno().unwrap(), |_| 0))
        .collect())
}

/// A non-blocking monitor of links over `fake`.
fn monitor(fake: &FakeTransport) -> Monitor {
    let m = Monitor::on_socket(socket(fake, true), &[rtnlgrp::LINK]).unwrap();
    assert_eq!(fake.groups(), vec![rtnlgrp::LINK]);
    assert_eq!(fake.timeout(), None, "a monitor waits as long as it takes");
    m
}

/// A notification datagram.
fn notify(msgs: &[MsgBuilder]) -> FakeStep {
    FakeStep::Datagram {
        sender: 0,
        bytes: datagram(msgs),
    }
}

/// Reads `mon` until its script is played out: each event as text (`new N`, `del N`,
/// `overrun`), an error as `error <code>`, and "nothing queued now" as `-`.
fn read_events(mon: &mut Monitor, fake: &FakeTransport) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let ev = match mon.next_event() {
            Ok(Some(Event::NewLink(l))) => format!("new {}", l.index),
            Ok(Some(Event::DelLink(l))) => format!("del {}", l.index),
            Ok(Some(Event::Overrun)) => "overrun".to_owned(),
            Ok(Some(other)) => panic!("unexpected event {other:?}"),
            Ok(None) if fake.pending() == 0 => return out,
            Ok(None) => "-".to_owned(),
            Err(e) => format!("error {}", e.code()),
        };
        out.push(ev);
        assert!(out.len() < 50, "the monitor does not settle: {out:?}");
    }
}

/// The monitor still works: a new event is delivered, once.
fn monitor_still_works(mon: &mut Monitor, fake: &FakeTransport) {
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 99)]));
    assert_eq!(read_events(mon, fake), ["new 99"]);
}

/// Changes as text: `add N`, `change N`, `remove N`.
fn change_text(k: ChangeKind, o: &Object) -> String {
    let Object::Link(l) = o else {
        panic!("only links are mirrored")
    };
    let k = match k {
        ChangeKind::Add => "add",
        ChangeKind::Change => "change",
        ChangeKind::Remove => "remove",
        k => panic!("a change this test does not know: {k:?}"),
    };
    format!("{k} {}", l.index)
}

/// A mirror of links over two fakes (`events` for notifications, `reqs` for dumps), started
/// from a dump of links 1 and 2 (request 0 on `reqs`).
fn mirror(events: &FakeTransport, reqs: &FakeTransport) -> Mirror {
    play(reqs, dump_answer(0, &[&[1, 2]]));
    let mut added = Vec::new();
    let (m, _) = Mirror::start_on(
        socket(events, false),
        socket(reqs, false),
        Selection::default().links(true),
        |k, o| {
            added.push(change_text(k, o));
            std::ops::ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(added, ["add 1", "add 2"]);
    assert!(events.is_nonblocking());
    m
}

/// One `process_readable` call: the changes it reported and the number of resyncs it made, or
/// its error code.
fn process(m: &mut Mirror) -> Result<(Vec<String>, u32), i32> {
    let mut changes = Vec::new();
    let mut resyncs = 0;
    m.process_readable(|k, o| changes.push(change_text(k, o)), || resyncs += 1)
        .map_err(|e| e.code())?;
    Ok((changes, resyncs))
}

/// The links the mirror holds.
fn mirrored(m: &Mirror) -> Vec<u32> {
    m.objects()
        .map(|o| match o {
            Object::Link(l) => l.index.get(),
            _ => unreachable!(),
        })
        .collect()
}

/// Events lost: the mirror's next call re-dumps. The notification queued behind the loss is
/// older than the dump and must not be applied.
fn lose_events(events: &FakeTransport) {
    events.fail(libc::ENOBUFS);
    events.push(notify(&[link_msg(RTM_NEWLINK, 0, 50)]));
}

/// `errno` before each step of a request's answer in turn (the datagram with the link, the
/// one with the ACK): `link::get` fails with `want`, and the next request succeeds.
fn request_fault_at_every_step(errno: i32, want: i32) {
    for k in 0..2 {
        let fake = FakeTransport::new();
        let mut sock = socket(&fake, false);
        play(
            &fake,
            with_fault(get_answer(0, 1), k, FakeStep::Fail(errno)),
        );
        let e = link::get(&mut sock, 1).unwrap_err();
        assert_eq!(e.code(), want, "step {k}: {e}");
        following_request_succeeds(&fake, &mut sock, 1);
    }
}

/// `errno` before each datagram of a dump in turn: the dump reports `want` once and goes on,
/// every link is delivered once, and the next request succeeds.
fn dump_fault_at_every_step(errno: i32, nonblocking: bool, want: i32) {
    for k in 0..3 {
        let fake = FakeTransport::new();
        let mut sock = socket(&fake, nonblocking);
        play(
            &fake,
            with_fault(standard_dump(0), k, FakeStep::Fail(errno)),
        );
        sock.dump_start(&link::dump_request()).unwrap();
        let (links, errors) = read_dump(&mut sock);
        assert_eq!(links, [1, 2, 3], "step {k}");
        assert_eq!(errors, [want], "step {k}");
        following_request_succeeds(&fake, &mut sock, 1);
    }
}

/// `errno` before each ACK of a batch in turn: the batch fails with `want`, and the next
/// request succeeds (the late ACKs are skipped).
fn batch_fault_at_every_step(errno: i32, want: i32) {
    for k in 0..3 {
        let out = batch_outcome(|_, acks| acks.insert(k, FakeStep::Fail(errno)));
        assert_eq!(out, Err(want), "step {k}");
    }
}

/// `errno` before each datagram of a mirror's re-dump (request 1) in turn: the call fails
/// with `want`; the next call drains that dump, dumps again (request 2) and reports the
/// differences once.
fn mirror_redump_fault_at_every_step(errno: i32, want: i32) {
    for k in 0..3 {
        let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
        let mut m = mirror(&events, &reqs);
        lose_events(&events);
        play(
            &reqs,
            with_fault(standard_dump(1), k, FakeStep::Fail(errno)),
        );
        play(&reqs, standard_dump(2));
        assert_eq!(process(&mut m), Err(want), "step {k}");
        let (changes, resyncs) = process(&mut m).unwrap();
        assert_eq!(changes, ["add 3"], "step {k}");
        assert_eq!(resyncs, 1);
        assert_eq!(mirrored(&m), [1, 2, 3]);
        assert_eq!(reqs.pending(), 0);
    }
}

/// After a first request (number 0), a request and a dump (number 1, each on a socket of its
/// own) meet `foreign` datagrams, made from a message and the number of the request under
/// way, and skip them: an error before the request's answer; a DONE and a link in the middle
/// of the dump. What they deliver is unchanged, and the next request succeeds.
fn request_and_dump_skip(foreign: impl Fn(MsgBuilder, usize) -> FakeStep) {
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    following_request_succeeds(&fake, &mut sock, 0);
    fake.push(foreign(FakeTransport::ack(libc::EPERM), 1));
    play(&fake, get_answer(1, 1));
    assert_eq!(link::get(&mut sock, 1).unwrap().index.get(), 1);
    following_request_succeeds(&fake, &mut sock, 2);

    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    following_request_succeeds(&fake, &mut sock, 0);
    let mut steps = standard_dump(1);
    steps.insert(1, foreign(FakeTransport::done(0), 1));
    steps.insert(2, foreign(link_msg(RTM_NEWLINK, NLM_F_MULTI, 9), 1));
    play(&fake, steps);
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock), (vec![1, 2, 3], vec![]));
    following_request_succeeds(&fake, &mut sock, 2);
}

// ---------------------------------------------------------------------------------------------
// The faults.

/// A signal during any wait of a socket without a timeout is `Interrupted` (`-EINTR`), and
/// nothing is lost: a dump or the
/// notifications go on from where they were; an interrupted request's answer is skipped by
/// the next one. A signal during a send is retried (nothing was sent).
#[test]
fn eintr_at_every_step() {
    let interrupted = -libc::EINTR;
    // Request: a send interrupted is retried; a receive interrupted returns.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.fail_send(libc::EINTR);
    play(&fake, get_answer(0, 1));
    assert_eq!(link::get(&mut sock, 1).unwrap().index.get(), 1);
    assert_eq!(fake.sent().len(), 1, "sent once");
    request_fault_at_every_step(libc::EINTR, interrupted);
    dump_fault_at_every_step(libc::EINTR, false, interrupted);
    batch_fault_at_every_step(libc::EINTR, interrupted);
    let out = batch_outcome(|fake, _| {
        fake.fail_send(libc::EINTR);
    });
    assert_eq!(out, Ok(vec![0, libc::ENODEV, 0]));

    // Monitor: before each datagram.
    let events = vec![
        notify(&[link_msg(RTM_NEWLINK, 0, 1)]),
        notify(&[link_msg(RTM_NEWLINK, 0, 2), link_msg(RTM_DELLINK, 0, 1)]),
    ];
    for k in 0..2 {
        let fake = FakeTransport::new();
        let mut mon = monitor(&fake);
        play(
            &fake,
            with_fault(events.clone(), k, FakeStep::Fail(libc::EINTR)),
        );
        let mut want = vec!["new 1", "new 2", "del 1"];
        want.insert(k, "error -4");
        assert_eq!(read_events(&mut mon, &fake), want);
        monitor_still_works(&mut mon, &fake);
    }

    // Mirror: between events, and in the middle of a re-dump.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    events.push(notify(&[link_msg(RTM_NEWLINK, 0, 3)]));
    events.fail(libc::EINTR);
    events.push(notify(&[link_msg(RTM_DELLINK, 0, 1)]));
    assert_eq!(process(&mut m), Err(interrupted));
    assert_eq!(
        mirrored(&m),
        [1, 2, 3],
        "the event before the signal was applied"
    );
    assert_eq!(process(&mut m), Ok((vec!["remove 1".to_owned()], 0)));

    mirror_redump_fault_at_every_step(libc::EINTR, interrupted);
}

/// On a socket with a timeout, `EINTR` (which Linux reports there for any signal, a stop and
/// continue or a freeze) is retried until the timeout has passed: a request, a dump and a
/// batch deliver everything, with no error.
#[test]
fn eintr_within_a_timeout() {
    let timed = |fake: &FakeTransport| {
        Socket::with_transport(
            Box::new(fake.clone()),
            proto::ROUTE,
            &SocketOptions::default(),
        )
        .unwrap()
    };
    for k in 0..3 {
        let fake = FakeTransport::new();
        let mut sock = timed(&fake);
        assert!(sock.timeout().is_some());
        play(
            &fake,
            with_fault(get_answer(0, 1), k.min(1), FakeStep::Fail(libc::EINTR)),
        );
        assert_eq!(link::get(&mut sock, 1).unwrap().index.get(), 1, "step {k}");
        play(
            &fake,
            with_fault(standard_dump(1), k, FakeStep::Fail(libc::EINTR)),
        );
        sock.dump_start(&link::dump_request()).unwrap();
        assert_eq!(read_dump(&mut sock), (vec![1, 2, 3], vec![]), "step {k}");
        let (mut b, acks) = batch();
        let acks: Vec<FakeStep> = acks
            .into_iter()
            .map(|a| match a {
                FakeStep::Reply { to, sender, bytes } => FakeStep::Reply {
                    to: to + 2,
                    sender,
                    bytes,
                },
                other => other,
            })
            .collect();
        play(&fake, with_fault(acks, k, FakeStep::Fail(libc::EINTR)));
        assert_eq!(
            batch_errnos(&mut sock, &mut b).unwrap(),
            [0, libc::ENODEV, 0]
        );
        following_request_succeeds(&fake, &mut sock, 5);
    }
}

/// `EAGAIN`: on a blocking socket the timeout expired (`Timeout`); on a non-blocking one
/// nothing is queued (`WouldBlock`, or "no event now" for the monitor). Either way the
/// conversation goes on at the next call, or the next request skips the late answer.
#[test]
fn eagain_at_every_step() {
    let timeout = -nlrs::conn::code::TIMEOUT;
    // Blocking: the timeout; non-blocking: nothing now.
    request_fault_at_every_step(libc::EAGAIN, timeout);
    dump_fault_at_every_step(libc::EAGAIN, false, timeout);
    dump_fault_at_every_step(libc::EAGAIN, true, -libc::EAGAIN);
    batch_fault_at_every_step(libc::EAGAIN, timeout);
    // A send that would block is the caller's to retry.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.fail_send(libc::EAGAIN);
    assert_eq!(link::get(&mut sock, 1).unwrap_err().code(), -libc::EAGAIN);
    following_request_succeeds(&fake, &mut sock, 0);

    // Monitor: "nothing now", then the rest.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 1)]));
    fake.fail(libc::EAGAIN);
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 2)]));
    assert_eq!(read_events(&mut mon, &fake), ["new 1", "-", "new 2"]);

    // Mirror: between events (the call ends; the next one goes on), and in a re-dump.
    mirror_redump_fault_at_every_step(libc::EAGAIN, timeout);
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    events.push(notify(&[link_msg(RTM_NEWLINK, 0, 3)]));
    events.fail(libc::EAGAIN);
    events.push(notify(&[link_msg(RTM_DELLINK, 0, 1)]));
    assert_eq!(process(&mut m), Ok((vec!["add 3".to_owned()], 0)));
    assert_eq!(process(&mut m), Ok((vec!["remove 1".to_owned()], 0)));
    assert_eq!(mirrored(&m), [2, 3]);
}

/// `ENOBUFS`: in the middle of a dump it is reported and the dump goes on (the kernel keeps
/// its datagrams); between events it is the overrun event, and the mirror re-dumps.
#[test]
fn enobufs_in_a_dump_and_between_events() {
    dump_fault_at_every_step(libc::ENOBUFS, false, -libc::ENOBUFS);
    // dump_consistent runs a dump that saw an overrun again.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    play(
        &fake,
        with_fault(standard_dump(0), 1, FakeStep::Fail(libc::ENOBUFS)),
    );
    play(&fake, standard_dump(1));
    let links = sock
        .dump_consistent(&link::dump_request(), 3, Vec::new, |v, m| {
            v.push(Link::parse(&m)?.index.get());
            Ok(())
        })
        .unwrap();
    assert_eq!(links, [1, 2, 3]);
    assert_eq!(fake.requests_sent(), 2);

    // A request socket or a batch: an overrun while waiting for the answer is reported, and
    // the late answer skipped by the next request.
    request_fault_at_every_step(libc::ENOBUFS, -libc::ENOBUFS);
    batch_fault_at_every_step(libc::ENOBUFS, -libc::ENOBUFS);

    // Monitor: one overrun event, the events before it delivered once, and the monitor goes
    // on. (What was queued behind the loss predates it: whether the monitor hands it on is
    // not asked here.)
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 1)]));
    fake.fail(libc::ENOBUFS);
    let seen = read_events(&mut mon, &fake);
    assert_eq!(seen, ["new 1", "overrun"]);
    monitor_still_works(&mut mon, &fake);

    // Mirror: the events queued behind the loss are dropped, the re-dump's differences are
    // reported once, and one resync is counted.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    events.push(notify(&[link_msg(RTM_NEWLINK, 0, 3)]));
    lose_events(&events);
    play(&reqs, dump_answer(1, &[&[2, 3], &[5]]));
    let (changes, resyncs) = process(&mut m).unwrap();
    assert_eq!(changes, ["add 3", "remove 1", "add 5"]);
    assert_eq!((resyncs, m.resyncs()), (1, 1));
    assert_eq!(mirrored(&m), [2, 3, 5]);
    // ENOBUFS in the middle of the re-dump: that dump is made again.
    lose_events(&events);
    play(
        &reqs,
        with_fault(
            dump_answer(2, &[&[2], &[6]]),
            1,
            FakeStep::Fail(libc::ENOBUFS),
        ),
    );
    play(&reqs, dump_answer(3, &[&[2], &[6]]));
    let (changes, resyncs) = process(&mut m).unwrap();
    assert_eq!(changes, ["remove 3", "remove 5", "add 6"]);
    assert_eq!(resyncs, 1);
    assert_eq!(reqs.requests_sent(), 4);
    assert_eq!(mirrored(&m), [2, 6]);
}

/// A datagram larger than the buffer (`MSG_TRUNC`) is never parsed: the call fails with
/// `Truncated` (`-EMSGSIZE`), the buffer grows, and asking again works.
#[test]
fn msg_trunc() {
    // Request.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    for to in [0, 1] {
        fake.push(reply(to, &[huge_link_msg(0, 1)]));
        fake.push(reply(to, &[FakeTransport::ack(0)]));
    }
    assert_eq!(link::get(&mut sock, 1).unwrap_err().code(), -libc::EMSGSIZE);
    assert_eq!(
        link::get(&mut sock, 1).unwrap().index.get(),
        1,
        "fits when asked again"
    );
    following_request_succeeds(&fake, &mut sock, 2);

    // Dump: that datagram is lost, the dump goes on to its end.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.push(reply(0, &[link_msg(RTM_NEWLINK, NLM_F_MULTI, 1)]));
    fake.push(reply(0, &[huge_link_msg(NLM_F_MULTI, 2)]));
    play(&fake, dump_answer(0, &[&[3]]));
    sock.dump_start(&link::dump_request()).unwrap();
    let (links, errors) = read_dump(&mut sock);
    assert_eq!(links, [1, 3]);
    assert_eq!(errors, [-libc::EMSGSIZE]);
    following_request_succeeds(&fake, &mut sock, 1);

    // Batch: an answer too large fails the batch; the rest is skipped by the next request.
    let out = batch_outcome(|_, acks| acks.insert(1, reply(1, &[huge_link_msg(0, 11)])));
    assert_eq!(out, Err(-libc::EMSGSIZE));

    // Monitor: the lost notification is an overrun (not decoded from a cut datagram), which
    // drops the events queued with it (the re-dump it calls for covers them), and the
    // monitor goes on.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 1)]));
    fake.push(notify(&[huge_link_msg(0, 2)]));
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 3)]));
    assert_eq!(read_events(&mut mon, &fake), ["new 1", "overrun"]);
    monitor_still_works(&mut mon, &fake);

    // Mirror: a re-dump datagram too large makes the mirror dump again, with the grown
    // buffer, in the same call.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    lose_events(&events);
    reqs.push(reply(1, &[huge_link_msg(NLM_F_MULTI, 2)]));
    play(&reqs, dump_answer(1, &[&[3]]));
    reqs.push(reply(2, &[huge_link_msg(NLM_F_MULTI, 2)]));
    play(&reqs, dump_answer(2, &[&[3]]));
    let (changes, resyncs) = process(&mut m).unwrap();
    assert_eq!(changes, ["remove 1", "add 3"]);
    assert_eq!(resyncs, 1);
    assert_eq!(mirrored(&m), [2, 3]);
    assert_eq!(reqs.pending(), 0, "both dumps were read");
}

/// A datagram whose sender is not the kernel (`nl_pid != 0`) is dropped, even when it
/// carries the right sequence number: no forged ACK or event is ever taken.
#[test]
fn datagram_from_another_port() {
    let forged = |to: usize, msgs: &[MsgBuilder]| FakeStep::Reply {
        to,
        sender: 4242,
        bytes: datagram(msgs),
    };
    request_and_dump_skip(|m, to| forged(to, &[m]));

    // Batch: forged ACKs for every request.
    let out = batch_outcome(|fake, _| {
        for to in 0..3 {
            fake.push(forged(to, &[FakeTransport::ack(libc::EEXIST)]));
        }
    });
    assert_eq!(out, Ok(vec![0, libc::ENODEV, 0]));

    // Monitor and mirror: a forged event is not an event.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(FakeStep::Datagram {
        sender: 4242,
        bytes: datagram(&[link_msg(RTM_NEWLINK, 0, 9)]),
    });
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 1)]));
    assert_eq!(read_events(&mut mon, &fake), ["new 1"]);

    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    events.push(FakeStep::Datagram {
        sender: 4242,
        bytes: datagram(&[link_msg(RTM_DELLINK, 0, 1)]),
    });
    events.push(notify(&[link_msg(RTM_NEWLINK, 0, 3)]));
    assert_eq!(process(&mut m), Ok((vec!["add 3".to_owned()], 0)));
    // In a re-dump: a forged DONE does not end it early.
    lose_events(&events);
    let mut steps = dump_answer(1, &[&[1], &[2]]);
    steps.insert(1, forged(1, &[FakeTransport::done(0)]));
    play(&reqs, steps);
    assert_eq!(process(&mut m), Ok((vec!["remove 3".to_owned()], 1)));
    assert_eq!(mirrored(&m), [1, 2]);
}

/// Messages with another sequence number (a stale answer, or a notification carrying a
/// requester's number) are not part of the conversation and are skipped.
#[test]
fn wrong_sequence_number() {
    // An answer to the earlier request (its sequence number, this port), arriving late.
    request_and_dump_skip(|m, _| reply(0, &[m]));

    // Batch: ACKs of an earlier batch arrive first.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    let (mut b, acks) = batch();
    play(&fake, acks.clone());
    assert_eq!(
        batch_errnos(&mut sock, &mut b).unwrap(),
        [0, libc::ENODEV, 0]
    );
    let mut b2 = b.clone();
    for (i, ack) in acks.iter().enumerate() {
        // The first batch's answers again (its requests 0..3), then the second's (3..6).
        fake.push(ack.clone());
        if let FakeStep::Reply { bytes, .. } = ack {
            fake.push(FakeStep::Reply {
                to: 3 + i,
                sender: 0,
                bytes: bytes.clone(),
            });
        }
    }
    assert_eq!(
        batch_errnos(&mut sock, &mut b2).unwrap(),
        [0, libc::ENODEV, 0]
    );
    following_request_succeeds(&fake, &mut sock, 6);

    // Monitor: notifications may carry any sequence number (RTM_NEWADDR carries the
    // requester's): each is delivered, once.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    let mut ev = link_msg(RTM_NEWLINK, 0, 1);
    ev.set_seq(12345);
    fake.push(notify(&[ev]));
    assert_eq!(read_events(&mut mon, &fake), ["new 1"]);

    // Mirror: a stale dump datagram inside the re-dump is skipped.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    lose_events(&events);
    let mut steps = dump_answer(1, &[&[1], &[2]]);
    steps.insert(1, reply(0, &[link_msg(RTM_NEWLINK, NLM_F_MULTI, 9)]));
    steps.insert(2, reply(0, &[FakeTransport::done(0)]));
    play(&reqs, steps);
    assert_eq!(process(&mut m), Ok((vec![], 1)));
    assert_eq!(mirrored(&m), [1, 2]);
}

/// A second `DONE` (or ACK) for a conversation that already ended is stale for the next one
/// and skipped: nothing ends early, nothing is reported twice.
#[test]
fn duplicate_done() {
    // Dump then request.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    let mut steps = standard_dump(0);
    steps.push(reply(0, &[FakeTransport::done(0)]));
    play(&fake, steps);
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock), (vec![1, 2, 3], vec![]));
    following_request_succeeds(&fake, &mut sock, 1);
    // A duplicate DONE in the same datagram as the first.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.push(reply(
        0,
        &[
            link_msg(RTM_NEWLINK, NLM_F_MULTI, 1),
            FakeTransport::done(0),
            FakeTransport::done(0),
        ],
    ));
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock), (vec![1], vec![]));
    assert!(sock.dump_next().is_none(), "the dump stays ended");
    following_request_succeeds(&fake, &mut sock, 1);
    // Dump then dump.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    let mut steps = standard_dump(0);
    steps.push(reply(0, &[FakeTransport::done(0)]));
    steps.extend(dump_answer(1, &[&[4]]));
    play(&fake, steps);
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock).0, [1, 2, 3]);
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock), (vec![4], vec![]));

    // Request: a duplicate ACK.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    let mut steps = get_answer(0, 1);
    steps.push(reply(0, &[FakeTransport::ack(0)]));
    play(&fake, steps);
    assert_eq!(link::get(&mut sock, 1).unwrap().index.get(), 1);
    following_request_succeeds(&fake, &mut sock, 1);

    // Batch: a duplicate ACK (a different answer, even) does not count twice or replace the
    // first.
    let out =
        batch_outcome(|_, acks| acks.insert(1, reply(0, &[FakeTransport::ack(libc::EEXIST)])));
    assert_eq!(out, Ok(vec![0, libc::ENODEV, 0]));

    // Monitor: a DONE among notifications is a raw message handed on, once.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(notify(&[
        FakeTransport::done(0),
        link_msg(RTM_NEWLINK, 0, 1),
    ]));
    assert!(matches!(mon.next_event(), Ok(Some(Event::Other(m))) if m.ty() == NLMSG_DONE));
    assert_eq!(read_events(&mut mon, &fake), ["new 1"]);

    // Mirror: a duplicate DONE after the initial dump does not cut the re-dump short.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    reqs.push(reply(0, &[FakeTransport::done(0)]));
    lose_events(&events);
    play(&reqs, dump_answer(1, &[&[1], &[2, 3]]));
    assert_eq!(process(&mut m), Ok((vec!["add 3".to_owned()], 1)));
}

/// An `NLMSG_ERROR` too short to hold its errno is malformed (`-EBADMSG`), never read past
/// its end, and the socket goes on.
#[test]
fn error_with_a_short_payload() {
    let bad = -libc::EBADMSG;
    // Request.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.push(reply(0, &[short_error()]));
    assert_eq!(link::get(&mut sock, 1).unwrap_err().code(), bad);
    following_request_succeeds(&fake, &mut sock, 1);

    // Dump: refused at once with a short error.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.push(reply(0, &[short_error()]));
    sock.dump_start(&link::dump_request()).unwrap();
    let (links, errors) = read_dump(&mut sock);
    assert!(links.is_empty());
    assert_eq!(errors, [bad]);
    following_request_succeeds(&fake, &mut sock, 1);

    // Batch: that request's result; the others' answers are still read.
    let out = batch_outcome(|_, acks| acks[1] = reply(1, &[short_error()]));
    assert_eq!(out, Ok(vec![0, -bad, 0]));

    // Monitor: handed on raw (the monitor does not judge ERROR messages), once.
    let fake = FakeTransport::new();
    let mut mon = monitor(&fake);
    fake.push(notify(&[short_error(), link_msg(RTM_NEWLINK, 0, 1)]));
    assert!(matches!(mon.next_event(), Ok(Some(Event::Other(m))) if m.ty() == NLMSG_ERROR));
    assert_eq!(read_events(&mut mon, &fake), ["new 1"]);

    // Mirror: a re-dump answered with a short error fails the call; the next one dumps
    // again.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    lose_events(&events);
    reqs.push(reply(1, &[short_error()]));
    play(&reqs, dump_answer(2, &[&[2]]));
    assert_eq!(process(&mut m), Err(bad));
    assert_eq!(process(&mut m), Ok((vec!["remove 1".to_owned()], 1)));
    assert_eq!(mirrored(&m), [2]);
}

/// The answer arrives after the timeout expired: the call failed with `Timeout`, and the
/// late answer is skipped (a request, a batch) or read on (a dump) by the next call.
#[test]
fn reply_after_the_timeout() {
    let timeout = -nlrs::conn::code::TIMEOUT;
    // Request: the late answer (and its ACK) come before the next request's.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.fail(libc::EAGAIN);
    play(&fake, get_answer(0, 1));
    assert_eq!(link::get(&mut sock, 1).unwrap_err().code(), timeout);
    following_request_succeeds(&fake, &mut sock, 1);

    // Dump: a dump given up after a timeout is drained before the next conversation (the
    // kernel refuses a new dump while one runs), and its late datagrams are not delivered.
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    fake.fail(libc::EAGAIN);
    play(&fake, standard_dump(0));
    sock.dump_start(&link::dump_request()).unwrap();
    assert!(matches!(sock.dump_next(), Some(Err(Error::Timeout))));
    play(&fake, dump_answer(1, &[&[4]]));
    sock.dump_start(&link::dump_request()).unwrap();
    assert_eq!(read_dump(&mut sock), (vec![4], vec![]));
    following_request_succeeds(&fake, &mut sock, 2);

    // Batch.
    let out = batch_outcome(|fake, _| {
        fake.fail(libc::EAGAIN);
    });
    assert_eq!(out, Err(timeout));

    // Monitor (blocking): the request timeout does not apply to the wait for events.
    let fake = FakeTransport::new();
    let mut mon = Monitor::on_socket(socket(&fake, false), &[rtnlgrp::LINK]).unwrap();
    fake.fail(libc::EAGAIN);
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 1)]));
    assert!(matches!(mon.next_event(), Ok(Some(Event::NewLink(l))) if l.index.get() == 1));

    // Mirror: a re-dump that timed out fails the call; the next call drains the late answer
    // and dumps again.
    let (events, reqs) = (FakeTransport::new(), FakeTransport::new());
    let mut m = mirror(&events, &reqs);
    lose_events(&events);
    reqs.fail(libc::EAGAIN);
    play(&reqs, dump_answer(1, &[&[9]]));
    play(&reqs, dump_answer(2, &[&[1], &[3]]));
    assert_eq!(process(&mut m), Err(timeout));
    assert_eq!(
        process(&mut m),
        Ok((vec!["remove 2".to_owned(), "add 3".to_owned()], 1))
    );
    assert_eq!(mirrored(&m), [1, 3]);
}

/// A timeout below a microsecond still expires: it is rounded up to one microsecond, never
/// handed to the system as 0 ("wait forever").
#[test]
fn a_sub_microsecond_timeout_is_not_forever() {
    use std::time::Duration;
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    sock.set_timeout(Some(Duration::from_nanos(1))).unwrap();
    assert_eq!(fake.timeout(), Some(Duration::from_micros(1)));
    assert_eq!(sock.timeout(), Some(Duration::from_micros(1)));
    sock.set_timeout(Some(Duration::from_nanos(1_500))).unwrap();
    assert_eq!(fake.timeout(), Some(Duration::from_micros(2)));
    sock.set_timeout(None).unwrap();
    assert_eq!(fake.timeout(), None);
    assert!(matches!(
        sock.set_timeout(Some(Duration::ZERO)),
        Err(Error::Invalid(_))
    ));

    // The same on a real socket (no privilege needed), read back from the kernel.
    let mut real = Socket::open(proto::ROUTE).unwrap();
    real.set_timeout(Some(Duration::from_nanos(10))).unwrap();
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let mut len = std::mem::size_of::<libc::timeval>() as libc::socklen_t;
    let rc = unsafe {
        libc::getsockopt(
            real.fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            (&mut tv as *mut libc::timeval).cast(),
            &mut len,
        )
    };
    assert_eq!(rc, 0);
    // The kernel keeps it in jiffies, rounded up: anything but 0 is a timeout.
    assert!(
        tv.tv_sec == 0 && tv.tv_usec > 0,
        "{} s {} us",
        tv.tv_sec,
        tv.tv_usec
    );
}

/// Notifications read on a socket whose dump was abandoned halfway: the rest of the dump is
/// drained first (it is no notification), instead of the dump's stale position being read
/// against a buffer that now holds other bytes.
#[test]
fn notifications_after_an_abandoned_dump() {
    let fake = FakeTransport::new();
    let mut sock = socket(&fake, false);
    play(&fake, standard_dump(0));
    fake.push(notify(&[link_msg(RTM_NEWLINK, 0, 9)]));
    sock.dump_start(&link::dump_request()).unwrap();
    let first = Link::parse(&sock.dump_next().unwrap().unwrap()).unwrap();
    assert_eq!(first.index.get(), 1);
    // Link 2 is still unread in the buffer; 3 and DONE are queued.
    let msgs: Vec<u32> = sock
        .recv_notifications()
        .unwrap()
        .map(|m| Link::parse(&m.unwrap()).unwrap().index.get())
        .collect();
    assert_eq!(msgs, [9], "the notification, not the dump's rest");
    assert!(!sock.dump_running());
    following_request_succeeds(&fake, &mut sock, 1);
}

/// An `NLMSG_ERROR` or `NLMSG_DONE` whose error field is positive, or a negative number past
/// `MAX_ERRNO` (it would read as an `NLRS_E_*` code), is malformed: the request and the dump
/// fail with `-EBADMSG`, never a positive code or a code the caller would misread, and the
/// socket stays usable.
#[test]
fn an_error_field_that_is_not_a_negative_errno_is_malformed() {
    // `ack`/`done` take an errno and store its negation: -5 stores +5, 4097 stores -4097.
    for bad in [-5, -1, 4097, 5000] {
        let fake = FakeTransport::new();
        let mut sock = socket(&fake, false);
        play(
            &fake,
            vec![
                reply(0, &[link_msg(RTM_NEWLINK, 0, 1)]),
                reply(0, &[FakeTransport::ack(bad)]),
            ],
        );
        let e = link::get(&mut sock, 1).unwrap_err();
        assert_eq!(e.code(), -libc::EBADMSG, "ACK with errno {bad}: {e}");
        following_request_succeeds(&fake, &mut sock, 1);

        let fake = FakeTransport::new();
        let mut sock = socket(&fake, false);
        fake.push(reply(
            0,
            &[
                link_msg(RTM_NEWLINK, NLM_F_MULTI, 1),
                FakeTransport::done(bad),
            ],
        ));
        sock.dump_start(&link::dump_request()).unwrap();
        let (links, errors) = read_dump(&mut sock);
        assert_eq!(links, [1], "DONE with errno {bad}");
        assert!(
            errors.iter().all(|&c| c == -libc::EBADMSG) && !errors.is_empty(),
            "DONE with errno {bad}: {errors:?}"
        );
        following_request_succeeds(&fake, &mut sock, 1);
    }
}
