//! A signal interrupts a blocking receive: with a handler installed without `SA_RESTART`, a
//! thread blocked in `Monitor::next_event` (Rust) or `nlrs_monitor_next` (C) gets
//! `Interrupted` / `-EINTR` back, as from a blocking read(2), and the monitor goes on working.
//! A real signal, sent with pthread_kill to the blocked thread, in a private network
//! namespace so that only this test's own changes make events.
mod common;

use common::capi::*;
use common::{private_netns, veth};
use nlrs::conn::{Error, SocketOptions};
use nlrs::rtnl::events::{Event, Monitor};
use nlrs::wire::consts::rtnlgrp;
use std::ffi::c_int;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

static HANDLED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_usr1(_sig: c_int) {
    HANDLED.fetch_add(1, Ordering::SeqCst);
}

/// SIGUSR1 with a handler and without `SA_RESTART`: a blocking call it interrupts returns
/// `EINTR` instead of being restarted.
fn install_handler() {
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_usr1 as extern "C" fn(c_int) as libc::sighandler_t;
        sa.sa_flags = 0;
        libc::sigemptyset(&mut sa.sa_mask);
        assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
    }
}

/// Runs `blocked` on a thread of its own in a private namespace; it reports its thread id
/// through the channel it is given and then blocks. SIGUSR1 is sent to it every 20 ms until
/// it returns (a signal that lands before it blocks only runs the handler; the next one
/// finds it blocked).
fn interrupt(blocked: impl FnOnce(mpsc::Sender<libc::pthread_t>) + Send + 'static) {
    install_handler();
    let (tx, rx) = mpsc::channel();
    let done = Arc::new(AtomicBool::new(false));
    let finished = done.clone();
    let t = std::thread::spawn(move || {
        private_netns();
        blocked(tx);
        finished.store(true, Ordering::SeqCst);
    });
    let tid = rx.recv().expect("the thread starts");
    let mut sent = 0;
    while !done.load(Ordering::SeqCst) {
        // Sent only while the thread runs (it sets `done` before it ends), so the id is live.
        unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
        sent += 1;
        assert!(sent < 500, "the blocked call never returned to the signal");
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Err(panic) = t.join() {
        std::panic::resume_unwind(panic);
    }
    assert!(HANDLED.load(Ordering::SeqCst) > 0);
}

#[test]
fn a_signal_interrupts_a_blocking_monitor_which_goes_on() {
    interrupt(|tx| {
        let opts = SocketOptions::default().nonblocking(false);
        let mut mon = Monitor::with_options(&[rtnlgrp::LINK], &opts).unwrap();
        tx.send(unsafe { libc::pthread_self() }).unwrap();
        match mon.next_event() {
            Err(Error::Interrupted) => {}
            other => panic!("expected Interrupted, got {other:?}"),
        }
        // Still subscribed and readable: a change made now is delivered.
        veth("sig0", "sig1");
        loop {
            match mon.next_event() {
                // Only this test changes links in its namespace.
                Ok(Some(Event::NewLink(_))) => break,
                Ok(Some(_)) | Err(Error::Interrupted) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
    });
}

#[test]
fn a_signal_interrupts_nlrs_monitor_next_which_goes_on() {
    interrupt(|tx| unsafe {
        let groups = [rtnlgrp::LINK];
        let mut mon: *mut nlrs_monitor = std::ptr::null_mut();
        assert_eq!(nlrs_monitor_new(groups.as_ptr(), 1, 0, &mut mon), 0);
        tx.send(libc::pthread_self()).unwrap();
        let mut ev = nlrs_event {
            kind: -1,
            msg: nlrs_rmsg {
                ptr: std::ptr::null(),
                len: 0,
            },
        };
        assert_eq!(nlrs_monitor_next(mon, &mut ev), -libc::EINTR);
        assert_eq!(ev.kind, -1, "*out untouched on failure");
        veth("sig2", "sig3");
        let rc = loop {
            let rc = nlrs_monitor_next(mon, &mut ev);
            if rc != -libc::EINTR && !(rc == 1 && ev.kind != NLRS_EVENT_NEWLINK) {
                break rc;
            }
        };
        assert_eq!(rc, 1);
        assert_eq!(ev.kind, NLRS_EVENT_NEWLINK);
        assert!(ev.msg.len >= 16);
        nlrs_monitor_free(mon);
    });
}
