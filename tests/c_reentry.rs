//! Callbacks calling back into the handles they run under, from C: `tests/c/reentry.c` runs
//! every callback API of the C API (`nlrs_dump_foreach`, `nlrs_route_dump_foreach`,
//! `nlrs_monitor_process`, `nlrs_mirror_process`, `nlrs_mirror_resync`, `nlrs_mirror_foreach`)
//! with callbacks that call the running handle and the handles it borrows (`-EBUSY`), free them
//! (freed when the running call returns), and use them normally afterwards. It runs plainly,
//! built with ASan and UBSan, and under valgrind (required when `CI` is set), which catch a
//! use after free or an invalid access that a plain run would miss.

mod common;

use common::cbuild::{built, Mode};
use common::{ifindex, in_netns, ip};

/// Runs the program in a private namespace with a veth pair whose MTU it changes, and checks
/// it reached every API and its end.
fn check(mode: Mode) {
    if !mode.available() {
        return;
    }
    built();
    in_netns(move || {
        // No IPv6 link-local addresses: their routes would appear (after DAD) between two
        // rounds that must count the same routes.
        ip(&["link", "add", "re0", "type", "veth", "peer", "name", "re1"]);
        for dev in ["re0", "re1"] {
            ip(&["link", "set", dev, "addrgenmode", "none"]);
            ip(&["link", "set", dev, "up"]);
        }
        ip(&["addr", "add", "198.51.100.1/24", "dev", "re0"]);
        let index = ifindex("re0").to_string();
        let out = mode
            .command("reentry", &[&index])
            .output()
            .expect("run reentry");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        mode.check_tool("reentry", out.status, &stderr);
        assert!(
            out.status.success(),
            "reentry failed ({}):\n{stdout}\n{stderr}",
            out.status
        );
        let want = [
            "ok nlrs_dump_foreach",
            "ok nlrs_route_dump_foreach",
            "ok nlrs_monitor_process",
            "ok nlrs_mirror_process",
            "ok nlrs_mirror_resync",
            "ok nlrs_mirror_foreach",
            "done",
        ];
        assert_eq!(stdout.lines().collect::<Vec<_>>(), want, "{stderr}");
    });
}

#[test]
fn callbacks_reentering_their_handles_get_ebusy() {
    check(Mode::Plain);
}

#[test]
fn callbacks_reentering_their_handles_under_sanitizers() {
    check(Mode::Sanitizers);
}

#[test]
fn callbacks_reentering_their_handles_under_valgrind() {
    check(Mode::Valgrind);
}
