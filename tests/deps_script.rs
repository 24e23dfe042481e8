//! `scripts/deps.sh`, which `make demo`, `make test` and `.ci/run` call: nothing to do when the
//! packages are there; with a package missing, the command that installs it as root, and as a
//! normal user the missing packages named and a failure.
//!
//! A package is made to look missing by a `dpkg-query` placed first on `PATH`, which reports
//! `ethtool` and `libmnl-dev` as not installed and asks the real one about the rest; root runs
//! use `--dry-run`, so nothing is installed. The normal user is `nobody` (`setpriv`), run only
//! when the test runs as root outside a user namespace.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/deps.sh");

/// A directory with a `dpkg-query` that hides `ethtool` and `libmnl-dev`, and a `cargo` that
/// does nothing (`nobody` cannot reach the real one under root's home). Written once per
/// process: tests run on parallel threads, and a script rewritten while another test's
/// `deps.sh` runs it reads as empty (every package then looks missing).
fn fake_bin() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(write_fake_bin).clone()
}

fn write_fake_bin() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("deps_script_bin");
    fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        fs::write(&p, text).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    };
    write(
        "dpkg-query",
        "#!/bin/sh\nfor a; do pkg=$a; done\ncase $pkg in ethtool|libmnl-dev) exit 1 ;; esac\n\
         exec /usr/bin/dpkg-query \"$@\"\n",
    );
    write("cargo", "#!/bin/sh\n");
    let mut perms = fs::metadata(&dir).unwrap().permissions();
    perms.set_mode(0o755);
    fs::set_permissions(&dir, perms).unwrap();
    dir
}

fn is_root() -> bool {
    // SAFETY: getuid has no preconditions.
    unsafe { libc::getuid() == 0 }
}

/// Whether this process can become `nobody`: root outside a user namespace (inside
/// `unshare -r`, as `make test` runs for a normal user, uid 65534 is not mapped).
fn can_become_nobody() -> bool {
    is_root()
        && Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success())
}

fn have_dpkg() -> bool {
    Path::new("/usr/bin/dpkg-query").exists()
}

/// Runs the script with `args`, with `bin` first on `PATH`, as root or as `nobody`.
fn deps(bin: Option<&Path>, as_nobody: bool, args: &[&str]) -> Output {
    let path = match bin {
        Some(b) => format!("{}:/usr/sbin:/usr/bin:/sbin:/bin", b.display()),
        None => std::env::var("PATH").unwrap(),
    };
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", SCRIPT]);
        c
    } else {
        Command::new(SCRIPT)
    };
    cmd.args(args)
        .env("PATH", path)
        .output()
        .expect("run deps.sh")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn installed_packages_need_nothing() {
    if !have_dpkg() {
        eprintln!("not a Debian system: skipped");
        return;
    }
    // The test suite runs after the script (make test), so every package is there.
    let out = deps(None, false, &["demo", "test", "bench"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout) + &text(&out.stderr), "");
}

#[test]
fn root_installs_exactly_the_missing_packages() {
    if !have_dpkg() || !is_root() {
        eprintln!("needs root and dpkg: skipped");
        return;
    }
    let bin = fake_bin();
    let out = deps(Some(&bin), false, &["--dry-run", "test"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "would run: apt-get update && apt-get install -y --no-install-recommends ethtool libmnl-dev\n"
    );
    // demo needs neither.
    let out = deps(Some(&bin), false, &["--dry-run", "demo"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn a_normal_user_is_told_what_is_missing() {
    if !have_dpkg() || !can_become_nobody() {
        eprintln!("needs root (to become nobody) and dpkg: skipped");
        return;
    }
    let bin = fake_bin();
    let out = deps(Some(&bin), true, &["test"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "error: missing packages: ethtool libmnl-dev\n\
         install them with: sudo apt-get install -y --no-install-recommends ethtool libmnl-dev\n"
    );
    let out = deps(Some(&bin), true, &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn bad_usage_exits_2() {
    for args in [&[][..], &["nosuchtarget"]] {
        let out = deps(None, false, args);
        assert_eq!(out.status.code(), Some(2));
    }
}
