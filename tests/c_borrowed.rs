//! Borrowed results and self-overlapping input through the C API: `tests/c/borrowed.c`, run
//! plainly, under valgrind (when installed; required with `CI` set) and built with ASan and
//! UBSan, in a private network namespace holding a veth pair.
//!
//! The program hands calls bytes that lie in the buffer of the very handle they change
//! (`nlrs_msg_put_bytes(m, .., nlrs_msg_bytes(m))`, `nlrs_link_parse(l, nlrs_link_msg(l))`, a
//! family name from a dump message of the socket it is used on), and re-reads every kind of
//! borrowed pointer after calls its documentation says leave it valid. A freed or moved buffer
//! is a tool error or a failed comparison.

mod common;

use common::cbuild::Mode;
use common::{ifindex, in_netns, veth};

fn run(mode: Mode) {
    if !mode.available() {
        return;
    }
    in_netns(move || {
        veth("bv0", "bv1");
        let index = ifindex("bv0").to_string();
        let out = mode
            .command("borrowed", &[&index])
            .output()
            .expect("run borrowed");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        mode.check_tool("borrowed", out.status, &stderr);
        assert!(
            out.status.success() && stdout == "ok\n",
            "borrowed ({mode:?}) failed ({}):\n{stdout}\n{stderr}",
            out.status
        );
    });
}

#[test]
fn borrowed_results_and_own_input_plain() {
    run(Mode::Plain);
}

#[test]
fn borrowed_results_and_own_input_under_valgrind() {
    run(Mode::Valgrind);
}

#[test]
fn borrowed_results_and_own_input_with_sanitizers() {
    run(Mode::Sanitizers);
}
