//! Generic netlink: the `nlrs_genl_family` handle (a family as the controller describes it),
//! the `nlrs_genl_families` list, requests to a family, joining its groups by name, and the
//! `nlrs_genl_policy` handle, with [`crate::genl`].
//!
//! Every call that talks to the kernel takes an `nlrs_socket` opened with
//! `NLRS_PROTO_GENERIC` and, like every request, keeps a kernel error with its extended ACK
//! on that socket (`nlrs_socket_ext_msg()`, `nlrs_socket_error_text()`, ...).

use std::ffi::CString;
use std::os::raw::{c_char, c_int};

use super::error::c_text;
use super::macros::{
    arg_out, arg_ref, arg_str, call, call_mut, ffi_handle, free, get, into_raw, FfiHandle, Handle,
};
use super::msg::{nlrs_msg, MsgState};
use super::socket::nlrs_socket;
use crate::genl::{self, Family};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

/// A generic netlink family as the controller described it: name, id, version, header size,
/// highest attribute, operations and multicast groups.
///
/// Made by `nlrs_genl_resolve()` (freed with `nlrs_genl_family_free()`), or borrowed from an
/// `nlrs_genl_families` list. Independent of the socket it came from. Read it with
/// `nlrs_genl_family_name()`, `_id()`, `_version()`, `_hdrsize()`, `_maxattr()`,
/// `_ops_len()`, `_op()`, `_groups_len()`, `_group()` and `_group_id()`; use it with
/// `nlrs_genl_msg_new()` and `nlrs_genl_join_group()`.
///
/// A family may be used from any thread, one thread at a time.
pub struct nlrs_genl_family(Handle<FamilyState>);
ffi_handle!(nlrs_genl_family => FamilyState);

/// The family and its names, NUL-terminated for C.
pub(crate) struct FamilyState {
    fam: Family,
    name: CString,
    groups: Vec<CString>,
}

impl FamilyState {
    fn new(fam: Family) -> Self {
        FamilyState {
            name: c_text(&fam.name),
            groups: fam.groups.iter().map(|g| c_text(&g.name)).collect(),
            fam,
        }
    }
}

/// Every generic netlink family registered when `nlrs_genl_list()` ran, in the kernel's
/// order. Read it with `nlrs_genl_families_len()` and `nlrs_genl_families_get()`, free it with
/// `nlrs_genl_families_free()`. Independent of the socket it came from.
///
/// A list may be used from any thread, one thread at a time.
pub struct nlrs_genl_families(Handle<Vec<nlrs_genl_family>>);
ffi_handle!(nlrs_genl_families => Vec<nlrs_genl_family>);

/// What a family accepts, from a `CTRL_CMD_GETPOLICY` dump: each command's policies and what
/// each attribute of each policy may hold.
///
/// Made by `nlrs_genl_policy_get()` or `nlrs_genl_policy_get_op()`, freed with
/// `nlrs_genl_policy_free()`; read it with `nlrs_genl_policy_text()`. Independent of the socket
/// it came from. A policy may be used from any thread, one thread at a time.
pub struct nlrs_genl_policy(Handle<CString>);
ffi_handle!(nlrs_genl_policy => CString);

/// Looks up the generic netlink family called `name` through the controller
/// (`CTRL_CMD_GETFAMILY`) on `sock`, a socket opened with `NLRS_PROTO_GENERIC`.
///
/// On success returns 0 and writes a new family to `*out`, which the caller owns and frees
/// with `nlrs_genl_family_free()`. `*out` is untouched on failure. Errors: `-ENOENT` (no such
/// family, and none the kernel could load a module for), another errno the kernel answered
/// with (kept on `sock` with its extended ACK until its next request), `-EINVAL` (NULL `sock`,
/// `name` or `out`, `name` not UTF-8, a socket of another protocol), `-NLRS_E_TIMEOUT`,
/// `-EBADMSG` (malformed answer), or another negative errno of sendto()/recvmsg().
#[no_mangle]
pub extern "C" fn nlrs_genl_resolve(
    sock: *mut nlrs_socket,
    name: *const c_char,
    out: *mut *mut nlrs_genl_family,
) -> c_int {
    // SAFETY: `name` is NULL or NUL-terminated, `out` NULL or writable.
    let (name, out) = unsafe { (arg_str(name), arg_out(out)) };
    call_mut(sock, |st| {
        // A copy: `name` may lie in the socket's buffers (a message of its last dump, its
        // last error's text), which the request changes.
        let (name, out) = (name?.to_owned(), out?);
        let fam = st.converse(|s| genl::resolve(s, &name))?;
        out.set(into_raw(FamilyState::new(fam)));
        Ok(0)
    })
}

/// Lists every generic netlink family visible from `sock`'s network namespace with a
/// `CTRL_CMD_GETFAMILY` dump on `sock` (opened with `NLRS_PROTO_GENERIC`), in the kernel's
/// order.
///
/// On success returns 0 and writes a new list to `*out`, which the caller owns and frees with
/// `nlrs_genl_families_free()`. `*out` is untouched on failure. Errors: the kernel's errno
/// (kept on `sock` with its extended ACK), `-EINVAL` (NULL `sock` or `out`, a socket of
/// another protocol), `-NLRS_E_TIMEOUT`, `-EBADMSG` (malformed answer), or another negative
/// errno of sendto()/recvmsg().
#[no_mangle]
pub extern "C" fn nlrs_genl_list(
    sock: *mut nlrs_socket,
    out: *mut *mut nlrs_genl_families,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call_mut(sock, |st| {
        let out = out?;
        let fams = st
            .converse(genl::list)?
            .into_iter()
            .map(|f| nlrs_genl_family::wrap(Handle::new(FamilyState::new(f))))
            .collect();
        out.set(into_raw(fams));
        Ok(0)
    })
}

/// Returns family `i` of the list (counted from 0, in the kernel's order), or NULL when `i` is
/// out of range or `list` is NULL. The family belongs to the list: valid until the list is
/// freed, and never freed on its own.
#[no_mangle]
pub extern "C" fn nlrs_genl_families_get(
    list: *const nlrs_genl_families,
    i: usize,
) -> *const nlrs_genl_family {
    get(list, std::ptr::null(), |l| {
        Ok(l.get(i).map_or(std::ptr::null(), |f| f as *const _))
    })
}

/// Writes operation `i` (counted from 0, in the controller's order) of the family: its command
/// number to `*id` and its capabilities to `*flags` (`NLRS_GENL_CMD_CAP_DO`,
/// `NLRS_GENL_CMD_CAP_DUMP`, `NLRS_GENL_CMD_CAP_HASPOL`, `NLRS_GENL_ADMIN_PERM`,
/// `NLRS_GENL_UNS_ADMIN_PERM`; 0 when not sent: `nlrs_genl_family_op_flags()` tells the two
/// apart).
///
/// Returns 0, or `-EINVAL` (NULL `fam`, `id` or `flags`, `i` out of range). Nothing is written
/// on failure.
#[no_mangle]
pub extern "C" fn nlrs_genl_family_op(
    fam: *const nlrs_genl_family,
    i: usize,
    id: *mut u32,
    flags: *mut u32,
) -> c_int {
    // SAFETY: `id` and `flags` are NULL or writable (the API contract).
    let (id, flags) = unsafe { (arg_out(id), arg_out(flags)) };
    call(fam, |f| {
        let (id, flags, op) = (id?, flags?, f.fam.ops.get(i).ok_or(-libc::EINVAL)?);
        id.set(op.id);
        flags.set(op.flags);
        Ok(0)
    })
}

/// Writes the capabilities of operation `i` (counted from 0, as for `nlrs_genl_family_op()`)
/// to `*flags`, the `NLRS_GENL_*` bits `nlrs_genl_family_op()` gives. Returns 1 when the
/// controller sent them, 0 when it did not (then `*flags` is untouched), `-EINVAL` for a NULL
/// `fam` or `flags` or an `i` out of range.
#[no_mangle]
pub extern "C" fn nlrs_genl_family_op_flags(
    fam: *const nlrs_genl_family,
    i: usize,
    flags: *mut u32,
) -> c_int {
    // SAFETY: `flags` is NULL or writable (the API contract).
    let flags = unsafe { arg_out(flags) };
    call(fam, |f| {
        let op = f.fam.ops.get(i).ok_or(-libc::EINVAL)?;
        flags?.set_some(op.flags_sent.then_some(op.flags))
    })
}

/// Writes multicast group `i` (counted from 0, in the controller's order) of the family: its
/// name to `*name` (a string that belongs to the family, valid until the family or its list
/// is freed) and its group number, to join, to `*id`.
///
/// Returns 0, or `-EINVAL` (NULL `fam`, `name` or `id`, `i` out of range). Nothing is written
/// on failure.
#[no_mangle]
pub extern "C" fn nlrs_genl_family_group(
    fam: *const nlrs_genl_family,
    i: usize,
    name: *mut *const c_char,
    id: *mut u32,
) -> c_int {
    // SAFETY: `name` and `id` are NULL or writable (the API contract).
    let (name, id) = unsafe { (arg_out(name), arg_out(id)) };
    call(fam, |f| {
        let (name, id) = (name?, id?);
        let (g, n) = f
            .fam
            .groups
            .get(i)
            .zip(f.groups.get(i))
            .ok_or(-libc::EINVAL)?;
        name.set(n.as_ptr());
        id.set(g.id);
        Ok(0)
    })
}

/// Writes the number of the family's multicast group called `name` to `*id`.
///
/// Returns 0, `-ENOENT` when the family has no group of that name, or `-EINVAL` (NULL `fam`,
/// `name` or `id`, `name` not UTF-8). `*id` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_genl_family_group_id(
    fam: *const nlrs_genl_family,
    name: *const c_char,
    id: *mut u32,
) -> c_int {
    // SAFETY: `name` is NULL or NUL-terminated, `id` NULL or writable.
    let (name, id) = unsafe { (arg_str(name), arg_out(id)) };
    call(fam, |f| {
        id?.set(f.fam.group(name?).ok_or(-libc::ENOENT)?);
        Ok(0)
    })
}

/// Joins `fam`'s multicast group called `group` on `sock` (a socket opened with
/// `NLRS_PROTO_GENERIC`); read the notifications with `nlrs_socket_recv()`, on a socket kept
/// apart from requests.
///
/// Returns 0, `-ENOENT` when the family has no group of that name, `-EINVAL` (NULL `sock`,
/// `fam` or `group`, `group` not UTF-8, a socket of another protocol), or another negative
/// errno of setsockopt().
#[no_mangle]
pub extern "C" fn nlrs_genl_join_group(
    sock: *mut nlrs_socket,
    fam: *const nlrs_genl_family,
    group: *const c_char,
) -> c_int {
    // SAFETY: `fam` is NULL or live, `group` NULL or NUL-terminated (the API contract).
    let (fam, group) = unsafe { (arg_ref(fam), arg_str(group)) };
    call_mut(sock, |st| {
        let (f, group) = (fam?.live()?, group?);
        f.fam.group(group).ok_or(-libc::ENOENT)?;
        Ok(genl::join_group(&mut st.sock, &f.fam, group)?)
    })
}

/// Starts a request to family `fam`: a message of type `fam`'s id with flags `flags` (e.g. 0,
/// or `NLRS_NLM_F_DUMP` for a request collected whole by `nlrs_socket_request()`), and a
/// `genlmsghdr` with command `cmd` and the family's version. Add attributes with the
/// `nlrs_msg_put_*()` functions (the family header is already set), then send it with
/// `nlrs_socket_request()` or `nlrs_socket_dump()` on an `NLRS_PROTO_GENERIC` socket, like any
/// other message: errors and extended ACKs are handled the same way.
///
/// On success returns 0 and writes a new message to `*out`, which the caller owns and frees
/// with `nlrs_msg_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `fam` or
/// `out`).
#[no_mangle]
pub extern "C" fn nlrs_genl_msg_new(
    fam: *const nlrs_genl_family,
    cmd: u8,
    flags: u16,
    out: *mut *mut nlrs_msg,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(fam, |f| {
        out?.set(into_raw(MsgState::new(f.fam.msg(cmd, flags))));
        Ok(0)
    })
}

/// The body of `nlrs_genl_policy_get()` and `nlrs_genl_policy_get_op()`.
fn policy(
    sock: *mut nlrs_socket,
    family: *const c_char,
    op: Option<u32>,
    out: *mut *mut nlrs_genl_policy,
) -> c_int {
    // SAFETY: `family` is NULL or NUL-terminated, `out` NULL or writable (the API contract).
    let (family, out) = unsafe { (arg_str(family), arg_out(out)) };
    call_mut(sock, |st| {
        // A copy, as in `nlrs_genl_resolve()`.
        let (family, out) = (family?.to_owned(), out?);
        let p = st.converse(|s| genl::get_policy(s, &family, op))?;
        out.set(into_raw(c_text(&p.to_string())));
        Ok(0)
    })
}

/// Reads the attribute policies of family `family` (by name) with a `CTRL_CMD_GETPOLICY` dump
/// on `sock` (opened with `NLRS_PROTO_GENERIC`): every command's policies, and what each
/// attribute of each policy may hold. Read it with `nlrs_genl_policy_text()`.
///
/// On success returns 0 and writes a new policy to `*out`, which the caller owns and frees
/// with `nlrs_genl_policy_free()`. `*out` is untouched on failure. Errors: `-ENOENT` (no such
/// family), the kernel's errno for a family without policies (kept on `sock` with its
/// extended ACK), `-EINVAL` (NULL `sock`, `family` or `out`, `family` not UTF-8, a socket of
/// another protocol), `-NLRS_E_TIMEOUT`, `-EBADMSG` (malformed answer), or another negative
/// errno of sendto()/recvmsg().
#[no_mangle]
pub extern "C" fn nlrs_genl_policy_get(
    sock: *mut nlrs_socket,
    family: *const c_char,
    out: *mut *mut nlrs_genl_policy,
) -> c_int {
    policy(sock, family, None, out)
}

/// `nlrs_genl_policy_get()` for command `op` of the family alone (and the policies it
/// reaches). An unknown command fails with the kernel's errno. Same ownership and errors.
#[no_mangle]
pub extern "C" fn nlrs_genl_policy_get_op(
    sock: *mut nlrs_socket,
    family: *const c_char,
    op: u32,
    out: *mut *mut nlrs_genl_policy,
) -> c_int {
    policy(sock, family, Some(op), out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    #[test]
    fn null_arguments() {
        let einval = -libc::EINVAL;
        let mut fam: *mut nlrs_genl_family = ptr::null_mut();
        let mut list: *mut nlrs_genl_families = ptr::null_mut();
        let mut pol: *mut nlrs_genl_policy = ptr::null_mut();
        let mut msg: *mut nlrs_msg = ptr::null_mut();
        let name = c"nlctrl".as_ptr();
        let null = ptr::null_mut();
        assert_eq!(nlrs_genl_resolve(null, name, &mut fam), einval);
        assert_eq!(nlrs_genl_list(null, &mut list), einval);
        assert_eq!(nlrs_genl_policy_get(null, name, &mut pol), einval);
        assert_eq!(nlrs_genl_policy_get_op(null, name, 3, &mut pol), einval);
        assert_eq!(nlrs_genl_msg_new(ptr::null(), 1, 0, &mut msg), einval);
        assert_eq!(nlrs_genl_join_group(null, ptr::null(), name), einval);
        assert!(fam.is_null() && list.is_null() && pol.is_null() && msg.is_null());
        assert_eq!(nlrs_genl_families_len(ptr::null()), 0);
        assert!(nlrs_genl_families_get(ptr::null(), 0).is_null());
        assert!(nlrs_genl_family_name(ptr::null()).is_null());
        assert_eq!(nlrs_genl_family_id(ptr::null()), 0);
        assert_eq!(nlrs_genl_family_version(ptr::null()), 0);
        assert_eq!(nlrs_genl_family_hdrsize(ptr::null()), 0);
        assert_eq!(nlrs_genl_family_maxattr(ptr::null()), 0);
        assert_eq!(nlrs_genl_family_ops_len(ptr::null()), 0);
        assert_eq!(nlrs_genl_family_groups_len(ptr::null()), 0);
        let (mut id, mut flags) = (0u32, 0u32);
        let mut gname: *const c_char = ptr::null();
        assert_eq!(
            nlrs_genl_family_op(ptr::null(), 0, &mut id, &mut flags),
            einval
        );
        assert_eq!(
            nlrs_genl_family_group(ptr::null(), 0, &mut gname, &mut id),
            einval
        );
        assert_eq!(
            nlrs_genl_family_group_id(ptr::null(), name, &mut id),
            einval
        );
        assert!(nlrs_genl_policy_text(ptr::null()).is_null());
        nlrs_genl_family_free(ptr::null_mut());
        nlrs_genl_families_free(ptr::null_mut());
        nlrs_genl_policy_free(ptr::null_mut());
    }

    #[test]
    fn a_live_family_checks_its_arguments() {
        let einval = -libc::EINVAL;
        use super::super::consts::{
            NLRS_CTRL_CMD_GETFAMILY, NLRS_GENL_CMD_CAP_DO, NLRS_GENL_CMD_CAP_DUMP,
            NLRS_PROTO_GENERIC,
        };
        use super::super::msg::nlrs_msg_free;
        use super::super::socket::{nlrs_socket_free, nlrs_socket_open};

        let mut sock: *mut nlrs_socket = ptr::null_mut();
        assert_eq!(nlrs_socket_open(NLRS_PROTO_GENERIC, 0, &mut sock), 0);
        let mut fam: *mut nlrs_genl_family = ptr::null_mut();
        assert_eq!(nlrs_genl_resolve(sock, ptr::null(), &mut fam), einval);
        assert_eq!(
            nlrs_genl_resolve(sock, c"nlctrl".as_ptr(), ptr::null_mut()),
            einval
        );
        assert_eq!(nlrs_genl_resolve(sock, c"nlctrl".as_ptr(), &mut fam), 0);
        assert_eq!(nlrs_genl_family_id(fam), 0x10);
        let (mut id, mut flags) = (0u32, 0u32);
        let mut gname: *const c_char = ptr::null();
        assert_eq!(
            nlrs_genl_family_op(fam, 0, ptr::null_mut(), &mut flags),
            einval
        );
        assert_eq!(nlrs_genl_family_op(fam, 999, &mut id, &mut flags), einval);
        // The controller sends flags for each of its operations: 1, and the flags
        // nlrs_genl_family_op() gives; GETFAMILY can be done and dumped.
        let mut getfamily = 0;
        for i in 0..nlrs_genl_family_ops_len(fam) {
            let mut sent = 0xdead_beef;
            assert_eq!(nlrs_genl_family_op(fam, i, &mut id, &mut flags), 0);
            assert_eq!(nlrs_genl_family_op_flags(fam, i, &mut sent), 1);
            assert_eq!(sent, flags);
            if id == u32::from(NLRS_CTRL_CMD_GETFAMILY) {
                getfamily = flags;
            }
        }
        let do_dump = NLRS_GENL_CMD_CAP_DO | NLRS_GENL_CMD_CAP_DUMP;
        assert_eq!(getfamily & do_dump, do_dump);
        assert_eq!(nlrs_genl_family_op_flags(fam, 0, ptr::null_mut()), einval);
        assert_eq!(nlrs_genl_family_op_flags(fam, 999, &mut flags), einval);
        assert_eq!(
            nlrs_genl_family_op_flags(ptr::null(), 0, &mut flags),
            einval
        );
        assert_eq!(
            nlrs_genl_family_group(fam, 0, ptr::null_mut(), &mut id),
            einval
        );
        assert_eq!(
            nlrs_genl_family_group(fam, 999, &mut gname, &mut id),
            einval
        );
        assert_eq!(nlrs_genl_family_group_id(fam, ptr::null(), &mut id), einval);
        assert_eq!(
            nlrs_genl_family_group_id(fam, c"notify".as_ptr(), ptr::null_mut()),
            einval
        );
        assert_eq!(
            nlrs_genl_family_group_id(fam, c"nosuchgroup".as_ptr(), &mut id),
            -libc::ENOENT
        );
        assert_eq!(
            nlrs_genl_family_group_id(fam, c"notify".as_ptr(), &mut id),
            0
        );
        assert_eq!(nlrs_genl_join_group(sock, fam, ptr::null()), einval);
        assert_eq!(
            nlrs_genl_join_group(sock, ptr::null(), c"notify".as_ptr()),
            einval
        );
        assert_eq!(
            nlrs_genl_join_group(sock, fam, c"nosuchgroup".as_ptr()),
            -libc::ENOENT
        );
        assert_eq!(nlrs_genl_msg_new(fam, 3, 0, ptr::null_mut()), einval);
        let mut msg: *mut nlrs_msg = ptr::null_mut();
        assert_eq!(nlrs_genl_msg_new(fam, 3, 0, &mut msg), 0);
        nlrs_msg_free(msg);
        assert_eq!(nlrs_genl_list(sock, ptr::null_mut()), einval);
        assert_eq!(
            nlrs_genl_policy_get(sock, c"nlctrl".as_ptr(), ptr::null_mut()),
            einval
        );
        let mut pol: *mut nlrs_genl_policy = ptr::null_mut();
        assert_eq!(nlrs_genl_policy_get(sock, ptr::null(), &mut pol), einval);
        nlrs_genl_family_free(fam);
        nlrs_socket_free(sock);
    }
}
