//! The C API from a C program: `tests/c/ffi_smoke.c`, compiled against the checked-in
//! `include/libnlrs.h` as C11 with `-Wall -Wextra -Werror -pedantic` and linked to the
//! `libnlrs.so` of this build. Its compile-time checks compare struct layouts and every
//! `NLRS_*` constant with the kernel's uapi headers; at run time it dumps links (compared
//! here with `ip -j link`) and reads a refused request's extended ACK.

mod common;

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ifindex, ip_json, private_netns, veth};

fn build() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Per process, so concurrent `cargo test` runs sharing a target directory do not race.
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("c_ffi_smoke-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join("ffi_smoke");
    // The program asks for the library by its SONAME, which cargo does not create: copy the
    // library under that name next to the program.
    let lib = dir.clone();
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap();
    let soname = if major == 0 {
        format!("libnlrs.so.0.{}", env!("CARGO_PKG_VERSION_MINOR"))
    } else {
        format!("libnlrs.so.{major}")
    };
    let built = common::cbuild::debug_cdylib();
    std::fs::copy(built, dir.join("libnlrs.so")).unwrap();
    std::fs::copy(built, dir.join(soname)).unwrap();
    let cc = env::var("CC").unwrap_or_else(|_| "gcc".into());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I"])
        .arg(root.join("include"))
        .arg(root.join("tests/c/ffi_smoke.c"))
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib)
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-lnlrs")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
    assert!(
        out.status.success(),
        "tests/c/ffi_smoke.c does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

#[test]
fn c_program_uses_the_api() {
    let exe = build();
    private_netns();
    veth("nv0", "nv1");
    // The child runs in this thread's network namespace.
    let out = Command::new(&exe)
        .arg(ifindex("nv0").to_string())
        .output()
        .expect("run ffi_smoke");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ffi_smoke failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let links: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("link "))
        .collect();
    let want: Vec<String> = ip_json(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(links, want);
    assert!(
        stdout.contains(&format!(
            "error {} path IFLA_MTU offset {}\n",
            libc::ERANGE,
            16 + 16 + 8
        )),
        "{stdout}"
    );
    let text = stdout
        .lines()
        .find_map(|l| l.strip_prefix("error text "))
        .expect("error text line");
    assert!(
        text.starts_with("Numerical result out of range: ")
            && text.ends_with("(attribute IFLA_MTU)"),
        "{text}"
    );
    assert!(stdout.ends_with("ok\n"), "{stdout}");
}
