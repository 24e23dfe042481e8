//! The `nlrs_family_*` C API, called as C calls it: the exported functions with raw pointers,
//! on a description written here (a subset of the controller) and the real kernel.
mod common;

use common::capi::*;
use common::in_netns;
use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr;

const NLCTRL: &str = "
name: nlctrl
protocol: genetlink-legacy
doc: A subset of the controller.
attribute-sets:
  -
    name: ctrl-attrs
    attributes:
      - {name: family-id, type: u16}
      - {name: family-name, type: string}
      - {name: version, type: u32}
operations:
  enum-model: directional
  list:
    -
      name: getfamily
      attribute-set: ctrl-attrs
      do:
        request: {value: 3, attributes: [family-name]}
        reply: {value: 1, attributes: [family-id, family-name, version]}
      dump:
        reply: {value: 1}
mcast-groups:
  list:
    - {name: notify}
";

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn write_spec(name: &str, body: &str) -> CString {
    let dir = std::env::temp_dir().join(format!("nlrs-family-ffi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    c(path.to_str().unwrap())
}

/// Loads the subset of the controller.
fn load() -> *mut nlrs_family {
    let path = write_spec("nlctrl.yaml", NLCTRL);
    let mut fam = ptr::null_mut();
    let mut err = [0 as c_char; 128];
    let rc = nlrs_family_load(path.as_ptr(), err.as_mut_ptr(), err.len(), &mut fam);
    assert_eq!(rc, 0, "{:?}", c_string(err.as_ptr()));
    assert!(!fam.is_null());
    fam
}

#[test]
fn null_and_unknown_arguments() {
    let mut fam = ptr::null_mut();
    let mut out = ptr::null();
    assert_eq!(nlrs_family_open(ptr::null(), &mut fam), -libc::EINVAL);
    assert_eq!(
        nlrs_family_open(c("no-such").as_ptr(), &mut fam),
        -libc::ENOENT
    );
    assert!(fam.is_null());
    assert_eq!(
        nlrs_family_open(c("x").as_ptr(), ptr::null_mut()),
        -libc::EINVAL
    );
    assert_eq!(
        nlrs_family_load(ptr::null(), ptr::null_mut(), 0, &mut fam),
        -libc::EINVAL
    );
    assert_eq!(
        nlrs_family_do(ptr::null_mut(), c("x").as_ptr(), ptr::null(), 0, &mut out),
        -libc::EINVAL
    );
    assert_eq!(
        nlrs_family_dump(ptr::null_mut(), c("x").as_ptr(), ptr::null()),
        -libc::EINVAL
    );
    assert_eq!(
        nlrs_family_dump_next(ptr::null_mut(), &mut out),
        -libc::EINVAL
    );
    assert_eq!(
        nlrs_family_subscribe(ptr::null_mut(), c("x").as_ptr()),
        -libc::EINVAL
    );
    assert_eq!(nlrs_family_fd(ptr::null()), -libc::EINVAL);
    assert_eq!(
        nlrs_family_process(ptr::null_mut(), None, ptr::null_mut()),
        -libc::EINVAL
    );
    assert_eq!(nlrs_family_op(ptr::null(), 0, &mut out), -libc::EINVAL);
    assert_eq!(nlrs_family_check(ptr::null_mut(), &mut out), -libc::EINVAL);
    assert!(nlrs_family_error(ptr::null()).is_null());
    assert!(nlrs_family_error_attr(ptr::null()).is_null());
    nlrs_family_free(ptr::null_mut());
    // The built-in names end with NULL, each a name nlrs_family_open() takes.
    let mut i = 0;
    while !nlrs_family_builtin(i).is_null() {
        let mut f = ptr::null_mut();
        assert_eq!(nlrs_family_open(nlrs_family_builtin(i), &mut f), 0);
        nlrs_family_free(f);
        i += 1;
    }
}

#[test]
fn load_errors_are_written_like_snprintf() {
    let path = write_spec(
        "bad.yaml",
        "name: x\nattribute-sets:\n  - name: s\n    attributes: 5\n",
    );
    let mut fam = ptr::null_mut();
    let mut err = [0x55 as c_char; 64];
    let rc = nlrs_family_load(path.as_ptr(), err.as_mut_ptr(), 20, &mut fam);
    assert_eq!(rc, -libc::EINVAL);
    assert!(fam.is_null());
    let shown = c_string(err.as_ptr()).unwrap();
    assert_eq!(shown.len(), 19, "{shown}");
    assert_eq!(err[20], 0x55, "wrote past err_len");
    let mut full = [0 as c_char; 256];
    nlrs_family_load(path.as_ptr(), full.as_mut_ptr(), full.len(), &mut fam);
    let full = c_string(full.as_ptr()).unwrap();
    assert!(
        full.ends_with(
            "bad.yaml:4: attribute-sets[s].attributes: expected a list, found an integer"
        ),
        "{full}"
    );
    let rc = nlrs_family_load(path.as_ptr(), ptr::null_mut(), 0, &mut fam);
    assert_eq!(rc, -libc::EINVAL);
}

#[test]
fn operations_are_listed_without_a_kernel() {
    let fam = load();
    let mut name = ptr::null();
    assert_eq!(
        nlrs_family_op(fam, 0, &mut name),
        NLRS_FAMILY_OP_DO | NLRS_FAMILY_OP_DUMP
    );
    assert_eq!(c_string(name).as_deref(), Some("getfamily"));
    assert_eq!(nlrs_family_op(fam, 1, &mut name), 0);
    assert_eq!(nlrs_family_fd(fam), -libc::EINVAL, "no subscription yet");
    nlrs_family_free(fam);
}

unsafe extern "C" fn count(userdata: *mut c_void, json: *const c_char) -> c_int {
    assert!(!json.is_null());
    // SAFETY: the test passes a live counter.
    unsafe { *userdata.cast::<c_int>() += 1 };
    0
}

#[test]
fn do_dump_errors_and_check_against_the_kernel() {
    in_netns(|| {
        let fam = load();
        let mut out = ptr::null();
        let n = nlrs_family_do(
            fam,
            c("getfamily").as_ptr(),
            c(r#"{"family-name": "nlctrl"}"#).as_ptr(),
            0,
            &mut out,
        );
        assert_eq!(n, 1, "{:?}", c_string(nlrs_family_error(fam)));
        let v: serde_json::Value = serde_json::from_str(&c_string(out).unwrap()).unwrap();
        assert_eq!(v[0]["family-id"], serde_json::json!(16));
        assert!(nlrs_family_error(fam).is_null());

        assert_eq!(
            nlrs_family_dump(fam, c("getfamily").as_ptr(), ptr::null()),
            0
        );
        let mut names = Vec::new();
        let rc = loop {
            let rc = nlrs_family_dump_next(fam, &mut out);
            if rc <= 0 {
                break rc;
            }
            let v: serde_json::Value = serde_json::from_str(&c_string(out).unwrap()).unwrap();
            names.push(v["family-name"].as_str().unwrap().to_owned());
        };
        assert_eq!(rc, 0);
        assert!(names.iter().any(|n| n == "nlctrl"), "{names:?}");
        assert_eq!(nlrs_family_dump_next(fam, &mut out), 0, "ended");

        // Errors: JSON, a value, the kernel; the text and the attribute path stay until the
        // next call.
        let bad = nlrs_family_do(fam, c("getfamily").as_ptr(), c("{").as_ptr(), 0, &mut out);
        assert_eq!(bad, -libc::EINVAL);
        assert!(c_string(nlrs_family_error(fam))
            .unwrap()
            .contains("not valid JSON"));
        let bad = nlrs_family_do(
            fam,
            c("getfamily").as_ptr(),
            c(r#"{"family-id": -1}"#).as_ptr(),
            0,
            &mut out,
        );
        assert_eq!(bad, -libc::EINVAL);
        assert_eq!(
            c_string(nlrs_family_error_attr(fam)).as_deref(),
            Some("family-id")
        );
        let long = format!(r#"{{"family-name": "{}"}}"#, "y".repeat(30));
        let bad = nlrs_family_do(fam, c("getfamily").as_ptr(), c(&long).as_ptr(), 0, &mut out);
        assert_eq!(bad, -libc::EINVAL);
        assert_eq!(
            c_string(nlrs_family_error_attr(fam)).as_deref(),
            Some("family-name")
        );
        let msg = c_string(nlrs_family_error(fam)).unwrap();
        assert!(
            msg.starts_with("Invalid argument: ")
                && msg.contains("(attribute family-name: nul-string max_len 15)"),
            "{msg}"
        );

        // The subset lacks attributes and commands the kernel has: reported, one per line.
        let n = nlrs_family_check(fam, &mut out);
        assert!(n > 0);
        assert_eq!(c_string(out).unwrap().lines().count(), n as usize);

        // Notifications: none queued is 0; a group the family lacks is an error.
        assert_eq!(
            nlrs_family_subscribe(fam, c("nope").as_ptr()),
            -libc::EINVAL
        );
        assert_eq!(nlrs_family_subscribe(fam, c("notify").as_ptr()), 0);
        assert!(nlrs_family_fd(fam) >= 0);
        let mut seen: c_int = 0;
        let userdata = (&mut seen as *mut c_int).cast();
        assert_eq!(nlrs_family_process(fam, Some(count), userdata), 0);
        assert_eq!(nlrs_family_process(fam, None, userdata), -libc::EINVAL);
        nlrs_family_free(fam);
    });
}
