//! The one description of the plain accessors of the C API's handles other than the typed
//! objects: per module, each accessor once, by kind (`free`, `value`, `text`, `fd`, `change`,
//! `optional`), with what differs (its name, the expression on the object `o`, what it
//! returns). `tests/ffi_handles.rs` writes them into `src/ffi/<module>/accessors.rs`;
//! `NLRS_BLESS=1 cargo test --test ffi_handles` after an edit here. The expressions run inside
//! the guards of `src/ffi/macros.rs`, with the module's own names in scope.

use super::{change, custom, fd, free, optional, text, value, Accessor, Module, Param};

const SOCK: Param = ("sock", "socket");
const MSG: Param = ("msg", "msg");
const REPLIES: Param = ("replies", "replies");
const BATCH: Param = ("batch", "batch");
const MON: Param = ("mon", "monitor");
const MIRROR: Param = ("mirror", "mirror");
const GENL_FAM: Param = ("fam", "genl_family");
const GENL_LIST: Param = ("list", "genl_families");
const POLICY: Param = ("policy", "genl_policy");
const FAMILY: Param = ("fam", "family");
const DUMP: Param = ("dump", "dump");

/// `nlrs_msg_put_<name>()`: an attribute of C type `cty` (Rust `ty`) appended with the
/// builder's `method`.
fn put(name: &str, ty: &str, method: &str, what: &str, errors: &str) -> Accessor {
    custom(
        &format!("msg_put_{name}(msg: *mut nlrs_msg, attr_type: u16, value: {ty}) -> c_int"),
        &format!("put(msg, |b| b.{method}(attr_type, value))"),
        &format!(
            "Appends {what} attribute of type `attr_type`. Returns 0, or `-NLRS_E_BUILD`{errors}, \
             `-EINVAL` (NULL `msg`)."
        ),
    )
}

/// `nlrs_rmsg_<name>()`: a field of the netlink header of a received message.
fn header_field(name: &str, ty: &str, expr: &str, what: &str) -> Accessor {
    custom(
        &format!("rmsg_{name}(msg: nlrs_rmsg) -> {ty}"),
        &format!(
            "// SAFETY: `msg` came from nlrs and is still valid (the API contract).\n\
             let m = unsafe {{ msg_of(msg) }};\n\
             guard_or(0, || Ok(m?.{expr}()))"
        ),
        &format!(
            "Returns {what} of `msg`, or 0 when `msg` is not a whole message (a NULL pointer, or \
             fewer bytes than its header claims)."
        ),
    )
}

/// `nlrs_attr_get_<name>()`: an attribute's payload read as a number with `read`.
fn attr_get(name: &str, ty: &str, read: &str, what: &str) -> Accessor {
    custom(
        &format!("attr_get_{name}(attr: *const nlrs_attr, out: *mut {ty}) -> c_int"),
        &format!("typed(attr, out, Attr::{read})"),
        &format!(
            "Reads `attr`'s payload as {what}.\n\nReturns 0 and writes `*out` on success; \
             `-EBADMSG` when the payload's length is not exactly the type's size; `-EINVAL` for \
             a NULL `attr` or `out`, or a NULL `attr->data` with `attr->len > 0`. `*out` is \
             untouched on failure."
        ),
    )
}

/// `nlrs_object_<kind>()`: the typed object a mirror's object lends.
fn lent(kind: &str, what: &str, without: &str) -> Accessor {
    let upper = kind.to_uppercase();
    custom(
        &format!("object_{kind}(obj: *const nlrs_object) -> *const nlrs_{kind}"),
        &format!(
            "// SAFETY: `obj` is NULL or a live object (the API contract).\n\
             let obj = unsafe {{ shown_of(obj) }};\n\
             lent(obj, NLRS_OBJECT_{upper}, |s| s.{kind})"
        ),
        &format!(
            "Returns the {what} `obj` is, as an object to read with the `nlrs_{kind}_*()` \
             getters ({without}). NULL when `obj` is NULL or not of that kind. Borrowed from the \
             mirror: valid as long as `obj` is; never free it."
        ),
    )
}

pub fn modules() -> Vec<Module> {
    vec![
        Module {
            module: "socket",
            accessors: vec![
                free(SOCK, "Closes the socket and frees it, with everything borrowed from it (received messages, the last error's texts). Free every `nlrs_dump` of the socket first."),
                fd("socket_fd", SOCK, "o.sock.fd()", "the socket's file descriptor"),
                value("socket_port_id", SOCK, "u32", "0", "o.sock.port_id()", "the port id the kernel assigned to the socket (`nl_pid`), which answers to its requests carry (see `nlrs_rmsg_port()`)"),
                change("socket_join_group", SOCK, ", group: u32", "o.sock.join_group(group)", "Joins multicast group `group` (e.g. `NLRS_RTNLGRP_LINK`), including groups above 32. Read the notifications with `nlrs_socket_recv()`, on a socket kept apart from requests.", ", `-EINVAL` for an unknown group, or another negative errno of setsockopt()"),
                change("socket_leave_group", SOCK, ", group: u32", "o.sock.leave_group(group)", "Leaves multicast group `group`.", ", or another negative errno of setsockopt()"),
                change("socket_set_rcvbuf", SOCK, ", size: usize", "o.sock.set_rcvbuf(size)", "Sets the socket's receive buffer to `size` bytes (`SO_RCVBUFFORCE` where the caller may, else `SO_RCVBUF`, which the system caps at `net.core.rmem_max`).", ", `-EINVAL` for a `size` above `INT_MAX`, or another negative errno of setsockopt()"),
                change("socket_set_timeout_ms", SOCK, ", ms: u32", "o.sock.set_timeout((ms != 0).then(|| Duration::from_millis(u64::from(ms))))", "Sets how long a request, dump or batch waits for each datagram of its answer: `ms` milliseconds, or forever when `ms` is 0. When it expires the call returns `-NLRS_E_TIMEOUT`. The default is 5000 ms (none with `NLRS_SOCKET_NO_DEFAULTS`). `nlrs_socket_recv()` ignores it and waits as long as it takes.", ", or another negative errno of setsockopt()"),
                change("socket_set_nonblocking", SOCK, ", on: bool", "o.sock.set_nonblocking(on)", "Switches non-blocking mode on (`on` true) or off. In non-blocking mode every receive that would wait returns `-EAGAIN` instead: poll `nlrs_socket_fd()` and call again. Meant for notification sockets and dumps read from an event loop.", ", or another negative errno of fcntl()"),
            ],
        },
        Module {
            module: "extack",
            accessors: vec![
                value("socket_last_errno", SOCK, "c_int", "0", "o.last().map_or(0, |k| k.errno)", "the positive errno of the kernel's last error on `sock` (`ENODEV`, not `-ENODEV`), or 0 when the last request, dump or batch got no error from the kernel"),
                text("socket_ext_msg", SOCK, "o.last_msg().map(CString::as_c_str)", "the kernel's text for its last error on `sock` (extended ACK `NLMSGERR_ATTR_MSG`, e.g. \"Unknown device type\"); there is none without an error, or for an error the kernel explains with its errno alone (`ENODEV` for a missing ifindex)"),
                optional("socket_ext_offset", SOCK, "u32", "o.last().and_then(|k| k.ext.offset)", "the byte offset, in the request that was sent, of the attribute the kernel's last error on `sock` points at (extended ACK `NLMSGERR_ATTR_OFFS`)"),
                optional("socket_ext_miss_type", SOCK, "u32", "o.last().and_then(|k| k.ext.miss_type)", "the type of the attribute the kernel's last error on `sock` says is missing (extended ACK `NLMSGERR_ATTR_MISS_TYPE`)"),
                text("socket_warning", SOCK, "o.warning().map(CString::as_c_str)", "the warning the kernel attached to the successful ACK of the last request or dump on `sock` (e.g. about trailing bytes), as text with the attribute path it points at. Warnings are never dropped: check this after a request that succeeded when unexpected input matters"),
            ],
        },
        Module {
            module: "msg",
            accessors: vec![
                free(MSG, "Frees the message."),
                put("u8", "u8", "put_u8", "a `uint8_t`", " (the message would exceed 4 GiB)"),
                put("u16", "u16", "put_u16", "a host-order `uint16_t`", ""),
                put("be16", "u16", "put_u16_be", "a 16-bit value in network byte order (big-endian; `value` in host order), e.g. a port, as an", ""),
                put("u32", "u32", "put_u32", "a host-order `uint32_t`", ""),
                put("s32", "i32", "put_i32", "a host-order `int32_t`", ""),
                put("u64", "u64", "put_u64", "a host-order `uint64_t` (4-byte aligned, as netlink does)", ""),
                custom("msg_put_flag(msg: *mut nlrs_msg, attr_type: u16) -> c_int", "put(msg, |b| b.put_flag(attr_type))", "Appends a flag attribute of type `attr_type` (no payload: present means true). Returns 0, or `-NLRS_E_BUILD`, `-EINVAL` (NULL `msg`)."),
            ],
        },
        Module {
            module: "request",
            accessors: vec![
                free(REPLIES, "Frees the replies."),
                value("replies_len", REPLIES, "usize", "0", "o.msgs.len()", "how many answer messages there are (0 when the kernel answered with an ACK alone)"),
                value("replies_interrupted", REPLIES, "bool", "false", "o.replies.interrupted()", "whether any answer message carried `NLRS_NLM_F_DUMP_INTR`: for a dump request, the kernel's table changed while it was read and the answer may be inconsistent (repeat the request)"),
            ],
        },
        Module {
            module: "batch",
            accessors: vec![
                free(BATCH, "Frees the batch and its results."),
                value("batch_len", BATCH, "usize", "0", "o.batch.len()", "how many requests the batch holds"),
            ],
        },
        Module {
            module: "rmsg",
            accessors: vec![
                header_field("type", "u16", "ty", "the message type (`nlmsg_type`: an `NLRS_RTM_*` value, a generic netlink family id, or a control type such as `NLRS_NLMSG_ERROR`)"),
                header_field("flags", "u16", "flags", "the flags (`nlmsg_flags`, `NLRS_NLM_F_*`)"),
                header_field("seq", "u32", "seq", "the sequence number (`nlmsg_seq`; notifications carry 0)"),
                header_field("port", "u32", "pid", "the port id (`nlmsg_pid`; in an answer, the requesting socket's port id, see `nlrs_socket_port_id()`)"),
                attr_get("u8", "u8", "u8", "a `uint8_t` (exactly 1 byte)"),
                attr_get("u16", "u16", "u16", "a host-order `uint16_t` (exactly 2 bytes)"),
                attr_get("be16", "u16", "u16_be", "a network-order (big-endian) 16-bit value, such as a port, and writes it in host order (exactly 2 bytes)"),
                attr_get("u32", "u32", "u32", "a host-order `uint32_t` (exactly 4 bytes)"),
                attr_get("s32", "i32", "i32", "a host-order `int32_t` (exactly 4 bytes)"),
                attr_get("u64", "u64", "u64", "a host-order `uint64_t` (exactly 8 bytes, often only 4-byte aligned: the read makes no alignment assumption)"),
            ],
        },
        Module {
            module: "events",
            accessors: vec![
                free(MON, "Frees the monitor and closes its socket."),
                change("monitor_join", MON, ", group: u32", "o.join(group)", "Joins one more multicast group `group` (any number, including those above 32).", ", `-EINVAL` for a group the kernel refuses, or another negative errno of setsockopt()"),
                fd("monitor_fd", MON, "o.fd()", "the monitor's file descriptor"),
                change("monitor_set_rcvbuf", MON, ", size: usize", "o.socket_mut().set_rcvbuf(size)", "Sets the receive buffer of the monitor's socket to `size` bytes (`SO_RCVBUFFORCE` where the caller may, else `SO_RCVBUF`, which the system caps at `net.core.rmem_max`). A small buffer overflows sooner: events are then lost and `NLRS_EVENT_OVERRUN` is delivered.", ", `-EINVAL` for a `size` above `INT_MAX`, or another negative errno of setsockopt()"),
            ],
        },
        Module {
            module: "mirror",
            accessors: vec![
                free(MIRROR, "Frees the mirror, its sockets and every object (the lent ones too)."),
                fd("mirror_fd", MIRROR, "o.mirror.fd()", "the mirror's descriptor (when readable, call `nlrs_mirror_process()`)"),
                custom("mirror_set_attempts(mirror: *mut nlrs_mirror, attempts: u32) -> c_int", "call_mut(mirror, |o| { o.mirror.set_attempts(attempts); Ok(()) })", "Sets how many dumps a re-dump tries before it gives up with `-NLRS_E_DUMP_INTR` when each is inconsistent (the kernel's table changed during it); 5 by default, at least 1. Returns 0, or `-EINVAL` for a NULL `mirror`."),
                value("mirror_resyncs", MIRROR, "u64", "0", "o.mirror.resyncs()", "how many times the mirror re-dumped to catch up with the kernel, each reported as `NLRS_CHANGE_RESYNC`"),
                value("mirror_len", MIRROR, "usize", "0", "o.mirror.len()", "how many objects the mirror holds"),
                lent("link", "link", "without counters, which the mirror does not keep, and without a message copy: `nlrs_link_msg()` is empty"),
                lent("addr", "address", "without lifetimes, which the mirror does not keep, and without a message copy"),
                lent("route", "route", "every field they read: source, preferred source, input interface, flags, paths, metrics, realms...; without a message copy: `nlrs_route_msg()` is empty"),
                lent("neigh", "neighbour entry", "without a message copy"),
            ],
        },
        Module {
            module: "genl",
            accessors: vec![
                free(GENL_FAM, "Frees a family from `nlrs_genl_resolve()`; never one borrowed from an `nlrs_genl_families` list."),
                free(GENL_LIST, "Frees the list and every family in it."),
                value("genl_families_len", GENL_LIST, "usize", "0", "o.len()", "how many families the list holds"),
                text("genl_family_name", GENL_FAM, "Some(o.name.as_c_str())", "the family's name (e.g. `\"nlctrl\"`)"),
                value("genl_family_id", GENL_FAM, "u16", "0", "o.fam.id", "the family's id, the `nlmsg_type` of its messages (assigned when it registered; `NLRS_GENL_ID_CTRL` for the controller)"),
                value("genl_family_version", GENL_FAM, "u32", "0", "o.fam.version", "the family's protocol version (what `nlrs_genl_msg_new()` puts in `genlmsghdr.version`)"),
                value("genl_family_hdrsize", GENL_FAM, "u32", "0", "o.fam.hdrsize", "the size of the family's own header after `genlmsghdr` (0 for most families)"),
                value("genl_family_maxattr", GENL_FAM, "u32", "0", "o.fam.maxattr", "the highest attribute type of the family's top-level policy"),
                value("genl_family_ops_len", GENL_FAM, "usize", "0", "o.fam.ops.len()", "how many operations (commands) the family has"),
                value("genl_family_groups_len", GENL_FAM, "usize", "0", "o.fam.groups.len()", "how many multicast groups the family has"),
                free(POLICY, "Frees the policy."),
                text("genl_policy_text", POLICY, "Some(o.as_c_str())", "the policy as readable text, one line per command and then one per attribute (`op 3: do policy 0, dump policy 0`, `policy 0 attr 2: nul-string max_len 15`). Attribute kinds use the names of the kernel's YAML specs (`u32`, `nul-string`, `nested`, ...); a kind newer than nlrs reads `type-N`, an unknown property `property-N (L bytes)`"),
            ],
        },
        Module {
            module: "family",
            accessors: vec![
                free(FAMILY, "Frees the family and closes its sockets."),
                fd("family_fd", FAMILY, "o.client.notify_fd().unwrap_or(-libc::EINVAL)", "the descriptor of the family's notification socket (`-EINVAL` too before `nlrs_family_subscribe()`)"),
                text("family_error", FAMILY, "o.error.as_deref()", "the last failed call's error as text: `<errno text>: <kernel text> (attribute PATH)` for the kernel's errors, with the attribute named by the description, and a missing attribute and the kernel's policy bounds when it sent them; what is wrong for other errors (an unknown attribute name, a value out of range, ...). There is none when the last call succeeded"),
                text("family_error_attr", FAMILY, "o.error_attr.as_deref()", "the offending attribute of the last failed call as a path of the description's names, e.g. `\"header.dev-index\"`: the one the kernel pointed at, or the one whose value could not be encoded. There is none when none is known or the last call succeeded"),
            ],
        },
        Module {
            module: "dump",
            accessors: vec![free(DUMP, "Frees the dump. Its socket stays usable; a dump freed before its end is read to its end and discarded by the socket's next request, dump or batch.")],
        },
    ]
}
