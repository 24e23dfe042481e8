//! The benchmark suite (`make bench`, `bench/run.sh`) in its quick mode: every benchmark
//! program builds, runs on a small table in a private network namespace, and prints its
//! figures as `name=value` lines with numbers. The numbers themselves are not checked here:
//! the suite is not part of the test command, only this smoke run is.
//!
//! Needs what the suite needs: root (or an unprivileged user namespace), iproute2, make, a C
//! compiler and libmnl-dev (which `bench/run.sh` installs with apt-get when run as root).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The target directory this test was built in (`<target>/<profile>/deps/<test>`), so the
/// release build the suite needs lands next to it (shared with the C examples' test).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    exe.ancestors()
        .nth(3)
        .expect("test executable is in <target>/<profile>/deps")
        .to_owned()
}

/// The figures every run prints (the scale figures carry the table sizes in their names).
const FIGURES: &[&str] = &[
    "dump_vs_floor",
    "dump_vs_libmnl",
    "dump_vs_libmnl_small_buffer",
    "dump_walk_vs_libmnl",
    "dump_cursor_vs_floor",
    "dump_typed_vs_floor",
    "insert_speedup_vs_ip_batch",
    "insert_vs_raw_batch",
    "encode_vs_macros",
    "encode_vs_tight_macros",
    "encode_vs_libmnl",
    "engine_dump_vs_floor",
    "engine_json_vs_ip_json",
    "dump_rss_growth_mib",
    "dump_ns_per_route_200",
    "dump_ns_per_route_1k",
    "dump_ns_per_route_4k",
    "floor_ns_per_route_200",
    "floor_ns_per_route_1k",
    "floor_ns_per_route_4k",
    "mirror_sync_vs_floor",
    "mirror_bytes_per_route",
    "mirror_lookup_ns",
    "mirror_apply_ns_per_event",
    "mirror_apply_floor_ns_per_event",
    "mirror_apply_vs_floor",
    "mirror_resync_vs_sync",
    "mirror_sync_vs_floor_1k",
    "mirror_bytes_per_route_1k",
];

/// libnl's figures, printed when pkg-config finds libnl-route-3.0 (the suite installs it when
/// run as root), else replaced by a `libnl: not installed` line.
const LIBNL_FIGURES: &[&str] = &[
    "libnl_cache_sync_vs_floor",
    "libnl_cache_bytes_per_route",
    "libnl_mngr_apply_ns_per_event",
];

#[test]
fn every_benchmark_program_runs_on_a_small_table_and_prints_its_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    let started = Instant::now();
    let out = Command::new("bash")
        .arg(root.join("bench/run.sh"))
        .arg("--quick")
        .env("CARGO_TARGET_DIR", &target)
        .env("NLRS_BENCH_BUILD", target.join("bench"))
        .env(
            "CARGO",
            std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        )
        .current_dir(root)
        .output()
        .expect("run bench/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "bench/run.sh --quick failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    eprintln!("{stdout}");
    eprintln!("bench/run.sh --quick took {:?}", started.elapsed());

    let libnl = !stdout.lines().any(|l| l == "libnl: not installed");
    let figures = FIGURES.iter().chain(LIBNL_FIGURES.iter().filter(|_| libnl));
    for name in figures {
        let prefix = format!("{name}=");
        let value = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("no {name}= line in:\n{stdout}"));
        let v: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value} is not a number"));
        assert!(v.is_finite(), "{name}={value}");
        // Ratios and per-route times are positive; only the RSS growth may be 0 (or, by the
        // noise of page accounting, slightly negative).
        if *name != "dump_rss_growth_mib" {
            assert!(v > 0.0, "{name}={value} should be positive");
        }
    }
    // Each comparison's rows are in the table too.
    for row in [
        "(a) floor",
        "(b) raw C",
        "(c) libmnl",
        "(d) nlrs C API",
        "(d') nlrs C API",
        "(d'') nlrs C API",
        "ip -batch",
        "nlrs batch",
        "libmnl",
        "nlrs C API (reset",
        "nlrs_mirror start",
    ] {
        assert!(stdout.contains(row), "no row {row:?} in:\n{stdout}");
    }
}
