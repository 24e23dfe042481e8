//! The `nlrs_socket` handle: opening netlink sockets and their options.
//!
//! The handle wraps a [`Socket`] and keeps, YNL-style, the kernel's last error (with its
//! extended ACK) and the last ACK's warning, read with the functions in `extack.rs`.

use std::ffi::CString;
use std::os::fd::BorrowedFd;
use std::os::raw::{c_char, c_int};
use std::time::Duration;

use super::consts::{NLRS_SOCKET_DGRAM, NLRS_SOCKET_NONBLOCK, NLRS_SOCKET_NO_DEFAULTS};
use super::error::c_text;
use super::macros::{
    arg_out, arg_str, call, call_mut, ffi_handle, free, get, guard, into_raw, FfiResult, Handle,
    Out,
};
use crate::conn::{Error, KernelError, Socket, SocketOptions};

// The plain accessors, generated from tests/ffi_handles/table.rs.
mod accessors;
pub use accessors::*;

const ALL_FLAGS: u32 = NLRS_SOCKET_NONBLOCK | NLRS_SOCKET_DGRAM | NLRS_SOCKET_NO_DEFAULTS;

/// A netlink socket connected to the kernel, with the state of its conversations.
///
/// Opened with `nlrs_socket_open()`, `nlrs_socket_open_netns()` or
/// `nlrs_socket_open_netns_fd()`; freed with `nlrs_socket_free()`. By default it has a
/// kernel-assigned port id, is connected to the kernel (so no other process can forge its
/// answers), asks for extended ACKs and capped ACKs, checks route dump requests strictly, has a
/// 1 MiB receive buffer and a 5 s timeout per answer datagram.
///
/// Conversations: `nlrs_socket_request()`, `nlrs_socket_dump()`, `nlrs_socket_batch()`, and
/// notifications with `nlrs_socket_join_group()` and `nlrs_socket_recv()`. One conversation
/// runs at a time. Options: `nlrs_socket_fd()`, `nlrs_socket_port_id()`,
/// `nlrs_socket_set_rcvbuf()`, `nlrs_socket_rcvbuf()`, `nlrs_socket_set_timeout_ms()`,
/// `nlrs_socket_set_nonblocking()`.
///
/// After a request, dump or batch fails, the kernel's error stays readable on the socket until
/// the next request, dump or batch: `nlrs_socket_last_errno()`, `nlrs_socket_ext_msg()`,
/// `nlrs_socket_ext_path()`, `nlrs_socket_ext_path_types()`, `nlrs_socket_ext_offset()`,
/// `nlrs_socket_ext_miss_type()`, `nlrs_socket_error_text()`; a warning on a successful ACK with
/// `nlrs_socket_warning()`.
///
/// Signals: on a socket without a timeout (`nlrs_socket_set_timeout_ms(sock, 0)`, and every
/// monitor), a call waiting for the kernel returns `-EINTR` when a signal handler installed
/// without `SA_RESTART` ran, as a blocking read(2) does, so that e.g. SIGINT can end a loop.
/// The socket stays usable: a dump goes on at the next `nlrs_dump_next()`; the answer to an
/// interrupted request or batch is skipped by the next one (the kernel may have carried the
/// request out). On a socket with a timeout (the default, 5 s), a wait keeps its deadline
/// instead: Linux ends such a wait with `EINTR` for any signal, a stop and continue
/// (SIGSTOP/SIGCONT) or a freeze, so nlrs waits on until the timeout has passed since the
/// first interruption, then returns `-NLRS_E_TIMEOUT`. Sends are retried.
///
/// A socket may be used from any thread, one thread at a time.
pub struct nlrs_socket(Handle<SocketState>);
ffi_handle!(nlrs_socket => SocketState);

/// The socket and what the C API keeps beside it.
pub(crate) struct SocketState {
    /// The socket.
    pub(crate) sock: Socket,
    /// The kernel's error of the last failed request, dump or batch.
    last: Option<KernelError>,
    /// The kernel's text of `last`, NUL-terminated for C.
    last_msg: Option<CString>,
    /// The last successful ACK's warning, NUL-terminated for C.
    warning: Option<CString>,
    /// The id of the dump handle that may read from the socket now; 0 when none.
    dump_id: u64,
    /// The id the next dump handle gets.
    next_dump_id: u64,
}

impl SocketState {
    fn new(sock: Socket) -> Self {
        SocketState {
            sock,
            last: None,
            last_msg: None,
            warning: None,
            dump_id: 0,
            next_dump_id: 1,
        }
    }

    /// Starts a new conversation (a request, dump or batch): forgets the last error and
    /// warning and ends any dump handle's access to the socket.
    pub(crate) fn begin(&mut self) {
        self.last = None;
        self.last_msg = None;
        self.warning = None;
        self.end_dump();
    }

    /// Runs a conversation (a request, dump or batch) on the socket: [`Self::begin`], then
    /// `f`, whose outcome is [`Self::record`]ed.
    pub(crate) fn converse<T>(
        &mut self,
        f: impl FnOnce(&mut Socket) -> Result<T, Error>,
    ) -> FfiResult<T> {
        self.begin();
        let r = f(&mut self.sock);
        self.record(r)
    }

    /// Ends any dump handle's access to the socket: its next call returns `-NLRS_E_CONSUMED`.
    pub(crate) fn end_dump(&mut self) {
        self.dump_id = 0;
    }

    /// Gives a new dump handle access to the socket and returns its id.
    pub(crate) fn start_dump(&mut self) -> u64 {
        let id = self.next_dump_id;
        self.next_dump_id += 1;
        self.dump_id = id;
        id
    }

    /// Whether the dump handle `id` may still read from the socket.
    pub(crate) fn dump_is_current(&self, id: u64) -> bool {
        id != 0 && self.dump_id == id
    }

    /// Keeps the kernel's error `k` as the socket's last error.
    pub(crate) fn set_last(&mut self, k: KernelError) {
        keep_text(&mut self.last_msg, k.ext.message.as_deref());
        self.last = Some(k);
    }

    /// The outcome of a conversation for C: keeps a kernel error on the socket and refreshes
    /// the warning, then gives the value or the error's negative code. Called again with the
    /// same outcome (every dump call after the dump's end is), it changes nothing: the texts
    /// C borrowed stay where they are.
    pub(crate) fn record<T>(&mut self, r: Result<T, Error>) -> FfiResult<T> {
        keep_text(&mut self.warning, self.sock.warning_text().as_deref());
        r.map_err(|e| {
            let code = e.code();
            if let Error::Kernel(k) = e {
                self.set_last(*k);
            }
            code
        })
    }

    /// The kernel's error of the last failed request, dump or batch.
    pub(crate) fn last(&self) -> Option<&KernelError> {
        self.last.as_ref()
    }

    /// The kernel's text of the last error, for C.
    pub(crate) fn last_msg(&self) -> Option<&CString> {
        self.last_msg.as_ref()
    }

    /// The last successful ACK's warning, for C.
    pub(crate) fn warning(&self) -> Option<&CString> {
        self.warning.as_ref()
    }
}

/// Sets `slot` to `text` for C (cut at a NUL, which C could not see past), keeping the string
/// it holds when the text is the same: C may still hold a pointer to it, which only a call
/// that changes the socket may invalidate.
fn keep_text(slot: &mut Option<CString>, text: Option<&str>) {
    let text = text.map(c_text);
    if *slot != text {
        *slot = text;
    }
}

/// The body of the `nlrs_socket_open*()` functions: opens a socket with the options `flags`
/// stands for (`-EINVAL` for unknown bits) and writes the new handle to `out`.
fn open(
    out: FfiResult<Out<'_, *mut nlrs_socket>>,
    flags: u32,
    open: impl FnOnce(&SocketOptions) -> FfiResult<Socket>,
) -> c_int {
    guard(|| {
        let out = out?;
        if flags & !ALL_FLAGS != 0 {
            return Err(-libc::EINVAL);
        }
        let mut opts = if flags & NLRS_SOCKET_NO_DEFAULTS != 0 {
            SocketOptions::bare()
        } else {
            SocketOptions::default()
        };
        opts.nonblocking = flags & NLRS_SOCKET_NONBLOCK != 0;
        opts.dgram = flags & NLRS_SOCKET_DGRAM != 0;
        out.set(into_raw(SocketState::new(open(&opts)?)));
        Ok(0)
    })
}

/// Opens a netlink socket of protocol `protocol` (`NLRS_PROTO_ROUTE`, `NLRS_PROTO_GENERIC`,
/// ...) in the caller's network namespace. `flags` is 0 or a combination of
/// `NLRS_SOCKET_NONBLOCK`, `NLRS_SOCKET_DGRAM` and `NLRS_SOCKET_NO_DEFAULTS`.
///
/// On success returns 0 and writes a new socket to `*out`, which the caller owns and frees with
/// `nlrs_socket_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `out`, unknown
/// flag bits), `-EPROTONOSUPPORT` (unknown protocol), or another negative errno of socket(),
/// setsockopt(), bind() or connect().
#[no_mangle]
pub extern "C" fn nlrs_socket_open(
    protocol: c_int,
    flags: u32,
    out: *mut *mut nlrs_socket,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    open(out, flags, |opts| Ok(Socket::open_with(protocol, opts)?))
}

/// Opens a netlink socket of protocol `protocol` inside the network namespace at `path` (e.g.
/// `/run/netns/NAME`, `/proc/PID/ns/net`). `flags` as for `nlrs_socket_open()`. The socket
/// stays in that namespace for good; the calling thread is back in its own namespace when this
/// returns (it switches only while the socket is created, which needs `CAP_SYS_ADMIN`).
///
/// On success returns 0 and writes a new socket to `*out`, which the caller owns and frees with
/// `nlrs_socket_free()`. `*out` is untouched on failure. Errors: `-EINVAL` (NULL `path` or
/// `out`, a `path` that is not UTF-8, unknown flag bits), `-ENOENT` and other errnos of open(),
/// `-EPERM` and other errnos of setns(), or those of `nlrs_socket_open()`.
#[no_mangle]
pub extern "C" fn nlrs_socket_open_netns(
    path: *const c_char,
    protocol: c_int,
    flags: u32,
    out: *mut *mut nlrs_socket,
) -> c_int {
    // SAFETY: `path` is NULL or a NUL-terminated string, `out` is NULL or writable.
    let (path, out) = unsafe { (arg_str(path), arg_out(out)) };
    open(out, flags, |opts| {
        Ok(Socket::open_in_netns_path(path?, protocol, opts)?)
    })
}

/// Opens a netlink socket of protocol `protocol` inside the network namespace that the open
/// file descriptor `nsfd` refers to (from open() of a `/run/netns/NAME` or `/proc/PID/ns/net`
/// file). `flags` as for `nlrs_socket_open()`. `nsfd` stays owned by the caller. The calling
/// thread is back in its own namespace when this returns.
///
/// On success returns 0 and writes a new socket to `*out`, which the caller owns and frees with
/// `nlrs_socket_free()`. `*out` is untouched on failure. Errors: `-EBADF` (negative `nsfd`),
/// `-EINVAL` (NULL `out`, unknown flag bits, `nsfd` not a network namespace), `-EPERM` and other
/// errnos of setns(), or those of `nlrs_socket_open()`.
#[no_mangle]
pub extern "C" fn nlrs_socket_open_netns_fd(
    nsfd: c_int,
    protocol: c_int,
    flags: u32,
    out: *mut *mut nlrs_socket,
) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    open(out, flags, |opts| {
        if nsfd < 0 {
            return Err(-libc::EBADF);
        }
        // SAFETY: the caller keeps `nsfd` open during the call (the API contract); it is only
        // passed to setns(), which reports a descriptor that is not a namespace.
        let ns = unsafe { BorrowedFd::borrow_raw(nsfd) };
        Ok(Socket::open_in_netns(ns, protocol, opts)?)
    })
}

/// Writes the socket's receive buffer size as the kernel reports it (`SO_RCVBUF`: twice what
/// was set, for the kernel's bookkeeping) to `*out`.
///
/// Returns 0, or `-EINVAL` (NULL `sock` or `out`) or another negative errno of getsockopt().
/// `*out` is untouched on failure.
#[no_mangle]
pub extern "C" fn nlrs_socket_rcvbuf(sock: *const nlrs_socket, out: *mut usize) -> c_int {
    // SAFETY: `out` is NULL or writable (the API contract).
    let out = unsafe { arg_out(out) };
    call(sock, |st| {
        out?.set(st.sock.rcvbuf()?);
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::consts::{ifla, RTM_NEWLINK};
    use crate::wire::{IfInfoMsg, MsgBuilder};

    /// A warning C borrowed with `nlrs_socket_warning()` stays where it is when the same
    /// outcome is recorded again, as every dump call after the dump's end records it.
    #[test]
    fn recording_the_same_outcome_keeps_borrowed_texts() {
        // A thread of its own in a namespace of its own: the request below changes `lo`.
        std::thread::spawn(|| {
            // SAFETY: plain system call affecting only this thread.
            assert_eq!(
                unsafe { libc::unshare(libc::CLONE_NEWNET) },
                0,
                "needs root"
            );
            let mut st = SocketState::new(Socket::open(crate::wire::consts::proto::ROUTE).unwrap());
            // lo's MTU as it is, and three stray bytes the kernel warns about.
            let hdr = IfInfoMsg {
                index: 1,
                ..IfInfoMsg::default()
            };
            let mut req = MsgBuilder::with_header(RTM_NEWLINK, 0, &hdr);
            req.put_u32(ifla::MTU, 65536).unwrap();
            req.put_header_bytes(&[1, 2, 3]).unwrap();
            st.begin();
            let r = st.sock.request(&req).map(drop);
            st.record(r).unwrap();
            let before = st.warning().expect("the kernel warns").as_ptr();
            st.record(Ok(0)).unwrap();
            assert_eq!(st.warning().map(|w| w.as_ptr()), Some(before));
            st.begin();
            assert!(st.warning().is_none());
        })
        .join()
        .unwrap();
    }
}
