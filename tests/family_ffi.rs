//! The `nlrs_family_*` C API, called as C calls it: through the exported symbols with raw
//! pointers, on a description written here (a subset of the controller) and the real kernel.
#![allow(non_camel_case_types)] // the C names

mod common;

use common::in_netns;
// Links the library, whose exported symbols the declarations below name.
use nlrs as _;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;

#[repr(C)]
struct nlrs_family {
    _opaque: [u8; 0],
}

type nlrs_family_cb = Option<unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int>;

const NLRS_FAMILY_OP_DO: c_int = 1;
const NLRS_FAMILY_OP_DUMP: c_int = 2;

extern "C" {
    fn nlrs_family_builtin(index: usize) -> *const c_char;
    fn nlrs_family_open(name: *const c_char, out: *mut *mut nlrs_family) -> c_int;
    fn nlrs_family_load(
        path: *const c_char,
        err: *mut c_char,
        err_len: usize,
        out: *mut *mut nlrs_family,
    ) -> c_int;
    fn nlrs_family_free(fam: *mut nlrs_family);
    fn nlrs_family_do(
        fam: *mut nlrs_family,
        op: *const c_char,
        json: *const c_char,
        flags: u16,
        out: *mut *const c_char,
    ) -> c_int;
    fn nlrs_family_dump(fam: *mut nlrs_family, op: *const c_char, json: *const c_char) -> c_int;
    fn nlrs_family_dump_next(fam: *mut nlrs_family, out: *mut *const c_char) -> c_int;
    fn nlrs_family_subscribe(fam: *mut nlrs_family, group: *const c_char) -> c_int;
    fn nlrs_family_fd(fam: *const nlrs_family) -> c_int;
    fn nlrs_family_process(
        fam: *mut nlrs_family,
        cb: nlrs_family_cb,
        userdata: *mut c_void,
    ) -> c_int;
    fn nlrs_family_op(fam: *const nlrs_family, index: usize, name: *mut *const c_char) -> c_int;
    fn nlrs_family_check(fam: *mut nlrs_family, out: *mut *const c_char) -> c_int;
    fn nlrs_family_error(fam: *const nlrs_family) -> *const c_char;
    fn nlrs_family_error_attr(fam: *const nlrs_family) -> *const c_char;
}

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

fn text(p: *const c_char) -> Option<String> {
    // SAFETY: NULL or a C string borrowed from a live handle.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned())
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
    // SAFETY: valid pointers of the sizes given.
    let rc = unsafe { nlrs_family_load(path.as_ptr(), err.as_mut_ptr(), err.len(), &mut fam) };
    assert_eq!(rc, 0, "{:?}", text(err.as_ptr()));
    assert!(!fam.is_null());
    fam
}

#[test]
fn null_and_unknown_arguments() {
    let mut fam = ptr::null_mut();
    let mut out = ptr::null();
    unsafe {
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
}

#[test]
fn load_errors_are_written_like_snprintf() {
    let path = write_spec(
        "bad.yaml",
        "name: x\nattribute-sets:\n  - name: s\n    attributes: 5\n",
    );
    let mut fam = ptr::null_mut();
    let mut err = [0x55 as c_char; 64];
    // SAFETY: valid pointers of the sizes given.
    let rc = unsafe { nlrs_family_load(path.as_ptr(), err.as_mut_ptr(), 20, &mut fam) };
    assert_eq!(rc, -libc::EINVAL);
    assert!(fam.is_null());
    let shown = text(err.as_ptr()).unwrap();
    assert_eq!(shown.len(), 19, "{shown}");
    assert_eq!(err[20], 0x55, "wrote past err_len");
    let mut full = [0 as c_char; 256];
    // SAFETY: as above.
    unsafe { nlrs_family_load(path.as_ptr(), full.as_mut_ptr(), full.len(), &mut fam) };
    let full = text(full.as_ptr()).unwrap();
    assert!(
        full.ends_with(
            "bad.yaml:4: attribute-sets[s].attributes: expected a list, found an integer"
        ),
        "{full}"
    );
    // SAFETY: no buffer, no length: allowed.
    let rc = unsafe { nlrs_family_load(path.as_ptr(), ptr::null_mut(), 0, &mut fam) };
    assert_eq!(rc, -libc::EINVAL);
}

#[test]
fn operations_are_listed_without_a_kernel() {
    let fam = load();
    let mut name = ptr::null();
    unsafe {
        assert_eq!(
            nlrs_family_op(fam, 0, &mut name),
            NLRS_FAMILY_OP_DO | NLRS_FAMILY_OP_DUMP
        );
        assert_eq!(text(name).as_deref(), Some("getfamily"));
        assert_eq!(nlrs_family_op(fam, 1, &mut name), 0);
        assert_eq!(nlrs_family_fd(fam), -libc::EINVAL, "no subscription yet");
        nlrs_family_free(fam);
    }
}

unsafe extern "C" fn count(userdata: *mut c_void, json: *const c_char) -> c_int {
    assert!(!json.is_null());
    // SAFETY: the test passes a live counter.
    unsafe { *userdata.cast::<c_int>() += 1 };
    0
}

#[test]
fn do_dump_errors_and_check_against_the_kernel() {
    in_netns(|| unsafe {
        let fam = load();
        let mut out = ptr::null();
        let n = nlrs_family_do(
            fam,
            c("getfamily").as_ptr(),
            c(r#"{"family-name": "nlctrl"}"#).as_ptr(),
            0,
            &mut out,
        );
        assert_eq!(n, 1, "{:?}", text(nlrs_family_error(fam)));
        let v: serde_json::Value = serde_json::from_str(&text(out).unwrap()).unwrap();
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
            let v: serde_json::Value = serde_json::from_str(&text(out).unwrap()).unwrap();
            names.push(v["family-name"].as_str().unwrap().to_owned());
        };
        assert_eq!(rc, 0);
        assert!(names.iter().any(|n| n == "nlctrl"), "{names:?}");
        assert_eq!(nlrs_family_dump_next(fam, &mut out), 0, "ended");

        // Errors: JSON, a value, the kernel; the text and the attribute path stay until the
        // next call.
        let bad = nlrs_family_do(fam, c("getfamily").as_ptr(), c("{").as_ptr(), 0, &mut out);
        assert_eq!(bad, -libc::EINVAL);
        assert!(text(nlrs_family_error(fam))
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
            text(nlrs_family_error_attr(fam)).as_deref(),
            Some("family-id")
        );
        let long = format!(r#"{{"family-name": "{}"}}"#, "y".repeat(30));
        let bad = nlrs_family_do(fam, c("getfamily").as_ptr(), c(&long).as_ptr(), 0, &mut out);
        assert_eq!(bad, -libc::EINVAL);
        assert_eq!(
            text(nlrs_family_error_attr(fam)).as_deref(),
            Some("family-name")
        );
        let msg = text(nlrs_family_error(fam)).unwrap();
        assert!(
            msg.starts_with("Invalid argument: ")
                && msg.contains("(attribute family-name: nul-string max_len 15)"),
            "{msg}"
        );

        // The subset lacks attributes and commands the kernel has: reported, one per line.
        let n = nlrs_family_check(fam, &mut out);
        assert!(n > 0);
        assert_eq!(text(out).unwrap().lines().count(), n as usize);

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
