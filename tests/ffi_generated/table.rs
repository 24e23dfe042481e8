//! The one description of the typed objects' C accessors: every field of a link, address,
//! route and neighbour that C reads, and every setting of a change or spec that C sets, once.
//! `tests/ffi_generated.rs` writes the exported functions from it into
//! `src/ffi/<module>/generated.rs`; `NLRS_BLESS=1 cargo test --test ffi_generated` after an
//! edit here.
//!
//! Documentation texts are the part that differs per field; the generator adds what every
//! accessor of a kind says (return values, NULL handling, lifetimes). `expr` and `body` are
//! Rust code run inside the accessor, on the object `o` (getters) or `s` (setters).

/// The accessors of one `src/ffi/<module>.rs`.
pub struct Module {
    /// The file under `src/ffi/`, without `.rs`; the output is `src/ffi/<module>/generated.rs`.
    pub module: &'static str,
    /// The module's handles.
    pub handles: &'static [Handle],
    /// Its dumps and requests.
    pub calls: &'static [Call],
    /// Texts nlrs writes for a number, into the caller's buffer.
    pub names: &'static [Name],
    /// Numbers read from their text.
    pub parsers: &'static [Parser],
}

/// `int nlrs_<name>(T value, char *buf, size_t len)`: the text of a number, like `snprintf`.
pub struct Name {
    pub name: &'static str,
    /// The number: `(name, Rust FFI type)`.
    pub param: (&'static str, &'static str),
    /// The text, any `Display`.
    pub expr: &'static str,
    /// What is written, a noun phrase.
    pub doc: &'static str,
}

/// `int nlrs_<name>(const char *text, T *out)`: a number read from its text.
pub struct Parser {
    pub name: &'static str,
    pub ty: &'static str,
    /// `fn(&str) -> Option<T>`.
    pub parse: &'static str,
    /// What is read, and how.
    pub doc: &'static str,
}

/// One opaque handle type and its accessors.
pub struct Handle {
    /// The C type, without `nlrs_`: `link`, `link_change`.
    pub name: &'static str,
    /// The name of the handle parameter: `link`, `change`.
    pub param: &'static str,
    /// The Rust type the handle holds, an item of the module.
    pub inner: &'static str,
    /// What the handle is, paragraphs separated by a blank line.
    pub doc: &'static str,
    /// Its constructor, `_new`.
    pub new: New,
    /// A reusable object decoded from a message: its `_parse` and `_msg`.
    pub decoded: Option<Decoded>,
    /// Getters, in the header's order.
    pub getters: &'static [Getter],
    /// Setters, in the header's order.
    pub setters: &'static [Setter],
}

/// `int nlrs_<handle>_new(params..., nlrs_<handle> **out)`.
pub struct New {
    /// What it makes, a noun phrase.
    pub what: &'static str,
    /// Parameters before `out`: `(name, Rust FFI type)`.
    pub params: &'static [(&'static str, &'static str)],
    /// Pointer parameters converted first, as for [`Setter::args`].
    pub args: &'static [(&'static str, &'static str)],
    /// The new handle's content, a `FfiResult`; `?` returns an error code.
    pub body: &'static str,
    /// Errors besides `-EINVAL` for a NULL pointer: ", `-EAFNOSUPPORT` (...)".
    pub errors: &'static str,
}

/// The constructor of a handle made empty, by `Default`.
const fn empty(what: &'static str) -> New {
    New {
        what,
        params: &[],
        args: &[],
        body: "Ok(Default::default())",
        errors: "",
    }
}

/// A function of the module that asks the kernel for something, on the socket `sock`, its
/// first parameter.
pub struct Call {
    /// The function is `nlrs_<name>`.
    pub name: &'static str,
    pub kind: CallKind,
    /// Parameters after `sock` (and before a dump's `out`): `(name, Rust FFI type)`.
    pub params: &'static [(&'static str, &'static str)],
    /// Pointer parameters converted first, as for [`Setter::args`]; `arg_opt_struct` gives
    /// `None` for NULL.
    pub args: &'static [(&'static str, &'static str)],
    /// The request, a Rust expression: `FfiResult<MsgBuilder>` for a dump,
    /// `FfiResult<Result<MsgBuilder, BuildError>>` otherwise; with `SendSpec` on the spec `s`.
    pub body: &'static str,
    /// What the function does, paragraphs separated by a blank line.
    pub doc: &'static str,
    /// The errors, after "Returns 0 on success. Errors: " (a dump's are always the same).
    pub errors: &'static str,
}

/// What a [`Call`] does with its request.
pub enum CallKind {
    /// Starts a dump of the objects of the handle named, written to `*out`.
    Dump(&'static str),
    /// Decodes the answer into the object parameter named.
    Get(&'static str),
    /// Sends it and waits for the acknowledgement.
    Send,
    /// Builds it from the spec parameter named, sends it, waits for the acknowledgement.
    SendSpec(&'static str),
}

/// A reusable object decoded from a message: the Rust type holding it (the handle's `inner`),
/// its `_parse` and `_msg`.
pub struct Decoded {
    /// What it is, for the documentation: "link", "neighbour entry".
    pub noun: &'static str,
    /// The field holding the decoded value, and its type: `("link", "Link")`.
    pub value: (&'static str, &'static str),
    /// A buffer the decode reuses (field `spare`), its type.
    pub spare: Option<&'static str>,
    /// The decode of the message `m` into `self`, a `Result<(), ParseError>`.
    pub decode: &'static str,
    /// The C views of its strings (`CText` fields), each with its bytes from `self`, an
    /// `Option<&[u8]>`.
    pub views: &'static [(&'static str, &'static str)],
    /// The message types it decodes, as `crate::wire::consts` names them.
    pub types: &'static [&'static str],
    /// Those types in C's words, for the documentation.
    pub what: &'static str,
    /// The family header of its messages, for `nlrs_rmsg_attrs()`.
    pub header: &'static str,
}

/// How a getter hands its value out.
pub enum Kind {
    /// Returned; 0 for a NULL handle.
    Value,
    /// Written to `*out` when present: returns 1, or 0 when absent.
    Optional,
    /// Like `Optional`, and the value borrows from the object (`nlrs_bytes`).
    OptionalBorrowed,
    /// A NUL-terminated string borrowed from the object, or NULL when absent.
    Text,
}

/// One field C reads.
pub struct Getter {
    /// The field: the function is `nlrs_<handle>_<name>`.
    pub name: &'static str,
    /// The C type (a Rust FFI type); unused for `Kind::Text`.
    pub ty: &'static str,
    pub kind: Kind,
    /// The value, from the object `o`: `T` for `Value` and `Text`, `Option<T>` otherwise.
    pub expr: &'static str,
    /// What the field is, a noun phrase: "the MTU (`IFLA_MTU`)".
    pub doc: &'static str,
}

/// One setting C sets.
pub struct Setter {
    /// The function is `nlrs_<handle>_<name>`.
    pub name: &'static str,
    /// Parameters after the handle: `(name, Rust FFI type)`.
    pub params: &'static [(&'static str, &'static str)],
    /// Pointer parameters converted before the call: `(name, conversion)`, where the
    /// conversion is `arg_struct`, `arg_cstr` or `arg_str` of the parameter, or `arg_slice`
    /// of it and the parameter after it (its length).
    pub args: &'static [(&'static str, &'static str)],
    /// Statements on the object `s`; `?` returns an error code.
    pub body: &'static str,
    /// What the call does, full sentences.
    pub doc: &'static str,
    /// Errors besides `-EINVAL` for a NULL handle or pointer: ", `-EAFNOSUPPORT` for ...".
    pub errors: &'static str,
}

const fn value(
    name: &'static str,
    ty: &'static str,
    expr: &'static str,
    doc: &'static str,
) -> Getter {
    Getter {
        name,
        ty,
        kind: Kind::Value,
        expr,
        doc,
    }
}

const fn optional(
    name: &'static str,
    ty: &'static str,
    expr: &'static str,
    doc: &'static str,
) -> Getter {
    Getter {
        name,
        ty,
        kind: Kind::Optional,
        expr,
        doc,
    }
}

const fn borrowed(
    name: &'static str,
    ty: &'static str,
    expr: &'static str,
    doc: &'static str,
) -> Getter {
    Getter {
        name,
        ty,
        kind: Kind::OptionalBorrowed,
        expr,
        doc,
    }
}

const fn text(name: &'static str, expr: &'static str, doc: &'static str) -> Getter {
    Getter {
        name,
        ty: "",
        kind: Kind::Text,
        expr,
        doc,
    }
}

const fn set(
    name: &'static str,
    params: &'static [(&'static str, &'static str)],
    body: &'static str,
    doc: &'static str,
) -> Setter {
    Setter {
        name,
        params,
        args: &[],
        body,
        doc,
        errors: "",
    }
}

const fn set_ptr(
    name: &'static str,
    params: &'static [(&'static str, &'static str)],
    args: &'static [(&'static str, &'static str)],
    body: &'static str,
    doc: &'static str,
    errors: &'static str,
) -> Setter {
    Setter {
        name,
        params,
        args,
        body,
        doc,
        errors,
    }
}

/// `, -EAFNOSUPPORT` of the setters taking an `nlrs_ipaddr`.
const AF: &str = ", `-EAFNOSUPPORT` for a family other than `NLRS_AF_UNSPEC`, `NLRS_AF_INET` and \
                  `NLRS_AF_INET6`";

#[rustfmt::skip]
pub const MODULES: &[Module] = &[
    Module { module: "rtnl_link", handles: &[
            Handle {
                name: "link", param: "link", inner: "LinkObj",
                doc: "A link (network interface) decoded from an `NLRS_RTM_NEWLINK` or `NLRS_RTM_DELLINK` message: reusable, so a whole dump decodes into one object with no allocation per link.\n\nMade with `nlrs_link_new()`, freed with `nlrs_link_free()`. Filled by `nlrs_link_parse()` (from a message of `nlrs_link_dump()`, `nlrs_dump_next()` or a notification), `nlrs_link_get()` or `nlrs_link_get_by_name()`. Read with the getters `nlrs_link_<field>()`; every other attribute through the copy of the message, `nlrs_link_msg()`.\n\nOptional fields are read with `int` getters that return 1 and write `*out` when the kernel sent the field, 0 when it did not. Everything borrowed from the object (strings, bytes, the message) is valid until the next call that changes, or frees, the object.\n\nAn object may be used from any thread, one thread at a time.",
                new: empty("an empty link object, to be filled by `nlrs_link_parse()`, `nlrs_link_get()` or `nlrs_link_get_by_name()`"),
                decoded: Some(Decoded { noun: "link", value: ("link", "Link"), spare: Some("LinkSpare"), decode: "self.link.parse_into_spare(&m, &mut self.spare)",
                    views: &[("name", "Some(self.link.name.as_bytes())"), ("kind", "self.link.kind.as_deref().map(str::as_bytes)"), ("alias", "self.link.alias.as_ref().map(Name::as_bytes)")],
                    types: &["RTM_NEWLINK", "RTM_DELLINK"], what: "an `NLRS_RTM_NEWLINK` or `NLRS_RTM_DELLINK` message (from a dump, a notification or replies)", header: "nlrs_ifinfomsg", }),
                getters: &[
                    value("ifindex", "u32", "o.link.index.get()", "the interface index (`ifi_index`)"),
                    value("family", "u8", "o.link.family", "the address family of the message (`ifi_family`): `NLRS_AF_UNSPEC` for the link itself, `NLRS_AF_BRIDGE` for a bridge port's description"),
                    value("type", "u16", "o.link.ifi_type", "the device type (`ifi_type`, `ARPHRD_*`: 1 for Ethernet, 772 for loopback, 65534 for none)"),
                    value("flags", "u32", "o.link.flags.bits()", "the `NLRS_IFF_*` flags (`ifi_flags`; `nlrs_link_flags_text()` names them as iproute2 does)"),
                    text("name", "o.name.ptr()", "the link's name (`IFLA_IFNAME`; empty when the kernel sent none, absent before the first fill), its bytes as the kernel sent them: Linux allows names that are not UTF-8"),
                    text("kind", "o.kind.ptr()", "the link's kind (`IFLA_LINKINFO` > `IFLA_INFO_KIND`: \"veth\", \"bridge\", \"vxlan\", ...; absent for physical devices and loopback)"),
                    optional("mtu", "u32", "o.link.mtu", "the MTU (`IFLA_MTU`)"),
                    optional("min_mtu", "u32", "o.link.min_mtu", "the smallest MTU the device accepts (`IFLA_MIN_MTU`)"),
                    optional("max_mtu", "u32", "o.link.max_mtu", "the largest MTU the device accepts (`IFLA_MAX_MTU`)"),
                    optional("txqlen", "u32", "o.link.txqlen", "the transmit queue length (`IFLA_TXQLEN`)"),
                    optional("master", "u32", "o.link.master.map(u32::from)", "the index of the link's master (bridge, bond; `IFLA_MASTER`)"),
                    optional("link", "u32", "o.link.link.map(u32::from)", "the index of the underlying or peer device (`IFLA_LINK`: a macvlan's parent, a veth's peer; it may be 0, and it lives in another namespace when `nlrs_link_link_netnsid()` returns 1)"),
                    optional("link_netnsid", "i32", "o.link.link_netnsid", "the namespace id of the `IFLA_LINK` device (`IFLA_LINK_NETNSID`, sent when it lives in another network namespace)"),
                    optional("operstate", "u8", "o.link.operstate.map(u8::from)", "the RFC 2863 operational state (`IFLA_OPERSTATE`, `NLRS_IF_OPER_*`; `nlrs_link_operstate_name()` names it)"),
                    borrowed("address", "nlrs_bytes", "o.link.address.as_ref().map(|a| nlrs_bytes::new(a.as_bytes()))", "the hardware address (`IFLA_ADDRESS`, e.g. 6 bytes of MAC; absent for tun devices, ...)"),
                    borrowed("broadcast", "nlrs_bytes", "o.link.broadcast.as_ref().map(|a| nlrs_bytes::new(a.as_bytes()))", "the hardware broadcast address (`IFLA_BROADCAST`; the peer on point-to-point links)"),
                    optional("stats", "nlrs_link_stats64", "o.link.stats.as_deref().copied().map(nlrs_link_stats64::from)", "the 64-bit counters (`IFLA_STATS64`)"),
                    text("alias", "o.alias.ptr()", "the link's alias (`IFLA_IFALIAS`, set with `nlrs_link_change_set_alias()` or `ip link set dev X alias TEXT`; absent when it has none), its bytes as the kernel keeps them"),
                    value("altname_count", "usize", "o.link.altnames.len()", "how many alternative names the link has (`IFLA_PROP_LIST` > `IFLA_ALT_IFNAME`; read each with `nlrs_link_altname_at()`)"),
                    optional("promiscuity", "u32", "o.link.promiscuity", "how many times promiscuous mode was asked for (`IFLA_PROMISCUITY`: by `ip link set promisc on`, a bridge for each of its ports, a packet capture, ...)"),
                    optional("group", "u32", "o.link.group", "the device group (`IFLA_GROUP`; 0 is \"default\")"),
                    optional("num_tx_queues", "u32", "o.link.num_tx_queues", "the number of transmit queues of the device (`IFLA_NUM_TX_QUEUES`)"),
                    optional("num_rx_queues", "u32", "o.link.num_rx_queues", "the number of receive queues of the device (`IFLA_NUM_RX_QUEUES`)"),
                    optional("carrier", "bool", "o.link.carrier", "whether the device has a carrier (`IFLA_CARRIER`), whether it is up or not (`NLRS_IFF_LOWER_UP` says it only for a link that is up)"),
                    optional("vlan_id", "u16", "vlan(&o.link).map(|(id, _)| id)", "a VLAN device's id (`IFLA_VLAN_ID`)"),
                    optional("vlan_protocol", "u16", "vlan(&o.link).map(|(_, p)| p.number())", "a VLAN device's protocol (`IFLA_VLAN_PROTOCOL`: `NLRS_ETH_P_8021Q` or `NLRS_ETH_P_8021AD`, in host byte order)"),
                    optional("vrf_table", "u32", "match o.link.data { Some(LinkData::Vrf { table }) => Some(table), _ => None }", "a VRF device's routing table (`IFLA_VRF_TABLE`)"),
                    optional("bond_mode", "u8", "match o.link.data { Some(LinkData::Bond { mode }) => Some(mode.number()), _ => None }", "a bond's mode (`IFLA_BOND_MODE`, `NLRS_BOND_MODE_*`)"),
                    optional("ipvlan_mode", "u16", "match o.link.data { Some(LinkData::Ipvlan { mode }) => Some(mode.number()), _ => None }", "an ipvlan's mode (`IFLA_IPVLAN_MODE`, `NLRS_IPVLAN_MODE_*`)"),
                ],
                setters: &[],
            },
            Handle {
                name: "link_change", param: "change", inner: "LinkChange",
                doc: "A set of changes to one existing link, applied at once with `nlrs_link_change_apply()`: what is not set is not touched (in particular, only `IFF_UP` changes among the flags).\n\nMade with `nlrs_link_change_new()`, freed with `nlrs_link_change_free()`. Set with the setters `nlrs_link_change_set_<field>()`. Applying never changes it, so it can be applied to several links.\n\nA change may be used from any thread, one thread at a time.",
                new: empty("an empty change"),
                decoded: None, getters: &[],
                setters: &[
                    set("set_mtu", &[("mtu", "u32")], "s.mtu = Some(mtu);", "Sets the MTU (`IFLA_MTU`). The kernel checks the value against the device's limits when the change is applied."),
                    set("set_up", &[("up", "bool")], "s.up = Some(up);", "Sets the link up (`up` true) or down: only the `IFF_UP` flag changes (`ifi_change` covers that bit alone)."),
                    set_ptr("set_name", &[("name", "*const c_char")], &[("name", "arg_cstr")], "s.name = Some(name?.to_bytes().into());", "Renames the link to `name` (copied: its bytes as they are, UTF-8 or not).", ""),
                    set_ptr("set_address", &[("addr", "*const u8"), ("len", "usize")], &[("addr", "arg_slice")], "s.address = Some(hw_address(addr?)?);", "Sets the hardware address to the `len` bytes at `addr` (copied; 6 for Ethernet).", ", a NULL `addr`, `len` 0 or above 32"),
                    set("set_txqlen", &[("txqlen", "u32")], "s.txqlen = Some(txqlen);", "Sets the transmit queue length (`IFLA_TXQLEN`)."),
                    set("set_master", &[("master", "u32")], "s.master = Some(master.into());", "Enslaves the link to the master (a bridge, ...) with index `master`, or, with `master` 0, releases it from any master (`ip link set ... nomaster`)."),
                    set_ptr("set_netns_fd", &[("fd", "c_int")], &[], "s.netns_fd = Some((fd >= 0).then_some(fd).ok_or(-libc::EBADF)?);", "Moves the link to the network namespace the open file descriptor `fd` refers to (from open() of `/run/netns/NAME` or `/proc/PID/ns/net`; it stays the caller's and must stay open until the change is applied).", ", `-EBADF` for a negative `fd`"),
                    set("set_netns_pid", &[("pid", "u32")], "s.netns_pid = Some(pid);", "Moves the link to the network namespace of process `pid`."),
                    set_ptr("set_alias", &[("alias", "*const c_char")], &[("alias", "arg_cstr")], "s.alias = Some(alias?.to_bytes().into());", "Sets the link's alias (`IFLA_IFALIAS`; copied: its bytes as they are, up to 255), or with `\"\"` clears it (`ip link set dev X alias \"\"`).", ""),
                ],
            },
        ],
    calls: &[
        Call { name: "link_dump", kind: CallKind::Dump("link"), params: &[], args: &[], body: "Ok(link::dump_request())", errors: "",
            doc: "Starts a dump of every link on `sock` (`NLRS_RTM_GETLINK`)." },
        Call { name: "link_get", kind: CallKind::Get("link"), params: &[("ifindex", "u32"), ("link", "*mut nlrs_link")], args: &[], body: "Ok(link::get_request(ifindex_arg(ifindex)?))",
            doc: "Asks the kernel for the link with index `ifindex` and decodes its answer into `link`, replacing what it held.",
            errors: "`-ENODEV` when there is no such link, any other negative errno the kernel answers with (kept on `sock` with its extended ACK, see `nlrs_socket_ext_msg()`), `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock` or `link`)" },
        // The request is built before `link` changes: `name` may be its own.
        Call { name: "link_get_by_name", kind: CallKind::Get("link"), params: &[("name", "*const c_char"), ("link", "*mut nlrs_link")], args: &[("name", "arg_cstr")], body: "Ok(link::get_request(name?.to_bytes()))",
            doc: "Asks the kernel for the link named `name`, its name or one of its alternative names (its bytes as they are, UTF-8 or not; it may be `nlrs_link_name(link)`) and decodes its answer into `link`, replacing what it held.",
            errors: "`-ENODEV` when there is no such link, any other negative errno the kernel answers with (kept on `sock`), `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock`, `name` or `link`)" },
        Call { name: "link_delete", kind: CallKind::Send, params: &[("ifindex", "u32")], args: &[], body: "Ok(link::delete_request(ifindex_arg(ifindex)?))",
            doc: "Deletes the link with index `ifindex` (`NLRS_RTM_DELLINK`; a veth's peer goes with it).",
            errors: "`-ENODEV` when there is no such link, `-EOPNOTSUPP` for links that cannot be deleted, any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`)" },
        Call { name: "link_create_veth", kind: CallKind::Send, params: &[("name", "*const c_char"), ("peer", "*const c_char")], args: &[("name", "arg_cstr"), ("peer", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Veth { peer: peer?.to_bytes().into() }))",
            doc: "Creates a veth pair: link `name` and its peer `peer`, both down, in `sock`'s namespace. Create-only: `-EEXIST` when a link of either name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK: `nlrs_socket_ext_msg()`), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`, `name` or `peer`)" },
        Call { name: "link_create_bridge", kind: CallKind::Send, params: &[("name", "*const c_char")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Bridge))",
            doc: "Creates a bridge named `name`, down. Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_create_ifb", kind: CallKind::Send, params: &[("name", "*const c_char")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Ifb))",
            doc: "Creates an intermediate functional block device (ifb) named `name`, down. Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_create_macvlan", kind: CallKind::Send, params: &[("name", "*const c_char"), ("parent", "u32"), ("mode", "u32")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Macvlan { parent: parent.into(), mode: macvlan_mode(mode)? }))",
            doc: "Creates a macvlan named `name` on the link with index `parent`, in mode `mode` (`NLRS_MACVLAN_MODE_*`), down. Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`, an unknown `mode`)" },
        Call { name: "link_create_vxlan", kind: CallKind::Send, params: &[("name", "*const c_char"), ("vxlan", "*const nlrs_vxlan")], args: &[("name", "arg_cstr"), ("vxlan", "arg_struct")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Vxlan(vxlan?.to_rust()?)))",
            doc: "Creates a VXLAN device named `name` with the settings in `*vxlan` (read during the call only), down. Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK: e.g. a missing or clashing setting), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock`, `name` or `vxlan`), `-EAFNOSUPPORT` (an address whose family is not `NLRS_AF_UNSPEC`, `NLRS_AF_INET` or `NLRS_AF_INET6`)" },
        Call { name: "link_create_dummy", kind: CallKind::Send, params: &[("name", "*const c_char")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Dummy))",
            doc: "Creates a dummy device named `name`, down (`ip link add NAME type dummy`). Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK; `-EOPNOTSUPP` when the kernel has no dummy devices), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_create_vlan", kind: CallKind::Send, params: &[("name", "*const c_char"), ("parent", "u32"), ("id", "u16"), ("protocol", "u16")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Vlan { parent: parent.into(), id, protocol: VlanProtocol::from_number(protocol).ok_or(-libc::EINVAL)? }))",
            doc: "Creates a VLAN device named `name` with VLAN id `id` (1 to 4094) on the link with index `parent`, its tags of protocol `protocol` (`NLRS_ETH_P_8021Q`, or `NLRS_ETH_P_8021AD` for 802.1ad), down (`ip link add link PARENT name NAME type vlan id ID protocol PROTOCOL`). Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK: e.g. `-ERANGE` for an id out of range), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`, an unknown `protocol`)" },
        Call { name: "link_create_vrf", kind: CallKind::Send, params: &[("name", "*const c_char"), ("table", "u32")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Vrf { table }))",
            doc: "Creates a VRF device named `name` bound to routing table `table`, down (`ip link add NAME type vrf table TABLE`). Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK: e.g. a table another VRF has), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_create_bond", kind: CallKind::Send, params: &[("name", "*const c_char"), ("mode", "u8")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Bond { mode: BondMode::from_number(mode).ok_or(-libc::EINVAL)? }))",
            doc: "Creates a bond named `name` in mode `mode` (`NLRS_BOND_MODE_*`), down (`ip link add NAME type bond mode MODE`). Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`, an unknown `mode`)" },
        Call { name: "link_create_ipvlan", kind: CallKind::Send, params: &[("name", "*const c_char"), ("parent", "u32"), ("mode", "u16")], args: &[("name", "arg_cstr")], body: "Ok(link::create_request(name?.to_bytes(), &LinkKind::Ipvlan { parent: parent.into(), mode: IpvlanMode::from_number(mode).ok_or(-libc::EINVAL)? }))",
            doc: "Creates an ipvlan named `name` on the link with index `parent`, in mode `mode` (`NLRS_IPVLAN_MODE_*`), down (`ip link add link PARENT name NAME type ipvlan mode MODE`). Create-only: `-EEXIST` when a link of that name exists.",
            errors: "the kernel's negative errno (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`, an unknown `mode`)" },
        Call { name: "link_add_altname", kind: CallKind::Send, params: &[("ifindex", "u32"), ("name", "*const c_char")], args: &[("name", "arg_cstr")], body: "Ok(link::add_altname_request(ifindex_arg(ifindex)?, name?.to_bytes()))",
            doc: "Gives the link with index `ifindex` the alternative name `name` (up to 127 bytes; `NLRS_RTM_NEWLINKPROP`, as `ip link property add dev X altname NAME`). The link can then be named by it wherever a name is taken (`nlrs_link_get_by_name()`).",
            errors: "`-EEXIST` when a link has that name, `-ENODEV` when there is no such link, `-EINVAL` for a name the kernel refuses, any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_delete_altname", kind: CallKind::Send, params: &[("ifindex", "u32"), ("name", "*const c_char")], args: &[("name", "arg_cstr")], body: "Ok(link::delete_altname_request(ifindex_arg(ifindex)?, name?.to_bytes()))",
            doc: "Takes the alternative name `name` from the link with index `ifindex` (`NLRS_RTM_DELLINKPROP`, as `ip link property del dev X altname NAME`).",
            errors: "`-ENOENT` when the link has no such name, `-ENODEV` when there is no such link, any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `name`)" },
        Call { name: "link_change_apply", kind: CallKind::SendSpec("change"), params: &[("ifindex", "u32"), ("change", "*const nlrs_link_change")], args: &[], body: "apply_request(s, ifindex)",
            doc: "Applies `change` to the link with index `ifindex` in one `NLRS_RTM_NEWLINK` request. `change` itself is not changed.",
            errors: "`-ENODEV` when there is no such link, `-EINVAL` with the kernel's text for a value it refuses (e.g. an MTU below the minimum: read it with `nlrs_socket_ext_msg()`), `-EBUSY`, `-EEXIST` (a name taken), any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `change`)" },
    ],
    names: &[
        Name { name: "link_flags_text", param: ("flags", "u32"), expr: "link::LinkFlags::from_bits_retain(flags)", doc: "`flags` (`NLRS_IFF_*`) as iproute2 6.1 prints them, comma-separated: e.g. `\"NO-CARRIER,BROADCAST,MULTICAST,UP\"` (`NO-CARRIER` first for a link that is up without `IFF_RUNNING`, which itself is never named; bits without a name last, in hex). These are the elements of `ip -j`'s `flags` array, and what `ip` prints between `<` and `>` (iproute2 adds `M-DOWN` when the `IFLA_LINK` device is down)" },
        Name { name: "link_operstate_name", param: ("state", "u8"), expr: "link::OperState::from(state)", doc: "the name iproute2 6.1 gives operational state `state` (`\"UP\"`, `\"DOWN\"`, `\"UNKNOWN\"`, ...; `operstate` in `ip -j`), or for a state past `NLRS_IF_OPER_UP`, which has no name, its decimal number (iproute2 prints it as `operstate_index` instead)" },
    ],
    parsers: &[],
    },
    Module { module: "rtnl_addr", handles: &[
            Handle {
                name: "addr", param: "addr", inner: "AddrObj",
                doc: "An IPv4 or IPv6 address of an interface, decoded from an `NLRS_RTM_NEWADDR` or `NLRS_RTM_DELADDR` message: reusable, so a whole dump decodes into one object with no allocation per address.\n\nMade with `nlrs_addr_new()`, freed with `nlrs_addr_free()`, filled by `nlrs_addr_parse()` (from a message of `nlrs_addr_dump()` or a notification). Read with the getters `nlrs_addr_<field>()`; every other attribute through the copy of the message, `nlrs_addr_msg()`.\n\nEverything borrowed from the object (the label, the message) is valid until the next call that changes, or frees, the object. An object may be used from any thread, one thread at a time.",
                new: empty("an empty address object, to be filled by `nlrs_addr_parse()`"),
                decoded: Some(Decoded { noun: "address", value: ("addr", "Addr"), spare: Some("Name"), decode: "self.addr.parse_into_spare(&m, &mut self.spare)",
                    views: &[("label", "self.addr.label.as_ref().map(Name::as_bytes)")],
                    types: &["RTM_NEWADDR", "RTM_DELADDR"], what: "an `NLRS_RTM_NEWADDR` or `NLRS_RTM_DELADDR` message", header: "nlrs_ifaddrmsg", }),
                getters: &[
                    value("family", "u8", "o.addr.family", "the address family, `NLRS_AF_INET` or `NLRS_AF_INET6` (`ifa_family`)"),
                    value("ifindex", "u32", "o.addr.index.get()", "the index of the interface the address is on (`ifa_index`)"),
                    value("prefixlen", "u8", "o.addr.prefixlen", "the prefix length (`ifa_prefixlen`)"),
                    value("flags", "u32", "o.addr.flags", "the `NLRS_IFA_F_*` flags, all 32 bits (`IFA_FLAGS` when sent, else the header's 8)"),
                    value("scope", "u8", "u8::from(o.addr.scope)", "the scope (`ifa_scope`, `NLRS_RT_SCOPE_*`; `nlrs_route_scope_name()` names it)"),
                    optional("ip", "nlrs_ipaddr", "ip_out(o.addr.ip())", "the interface's own address: `IFA_LOCAL` when sent, else `IFA_ADDRESS` (as IPv6 sends only that); what `ip -j addr` calls `local`"),
                    optional("local", "nlrs_ipaddr", "ip_out(o.addr.local)", "`IFA_LOCAL` (the local address, sent for IPv4)"),
                    optional("address", "nlrs_ipaddr", "ip_out(o.addr.address)", "`IFA_ADDRESS`: the peer on point-to-point links, else the same as the local address"),
                    optional("broadcast", "nlrs_ipaddr", "ip_out(o.addr.broadcast)", "the broadcast address (`IFA_BROADCAST`, IPv4)"),
                    text("label", "o.label.ptr()", "the label (`IFA_LABEL`, IPv4: the interface's name, or e.g. `\"eth0:1\"`; absent for IPv6), its bytes as the kernel sent them (UTF-8 or not, like the interface's name)"),
                ],
                setters: &[],
            },
            Handle {
                name: "addr_spec", param: "spec", inner: "AddrSpec",
                doc: "An address to add, replace or delete on one interface: `nlrs_addr_add()`, `nlrs_addr_delete()`.\n\nMade with `nlrs_addr_spec_new()` (interface, address, prefix length), freed with `nlrs_addr_spec_free()`. Optional settings: the setters `nlrs_addr_spec_set_<field>()`. Sending never changes it.\n\nA spec may be used from any thread, one thread at a time.",
                new: New { what: "the spec of address `*address` with prefix length `prefixlen` on the interface with index `ifindex`: scope global, no flags, forever", params: &[("ifindex", "u32"), ("address", "*const nlrs_ipaddr"), ("prefixlen", "u8")], args: &[("address", "arg_struct")], body: "Ok(AddrSpec::new(ifindex.into(), IpPrefix::new(address?.ip()?, prefixlen).map_err(|_| -libc::EINVAL)?))", errors: ", `-EINVAL` (a `prefixlen` longer than the address), `-EAFNOSUPPORT` (`address` neither IPv4 nor IPv6)" },
                decoded: None, getters: &[],
                setters: &[
                    set_ptr("set_peer", &[("peer", "*const nlrs_ipaddr")], &[("peer", "arg_struct")], "s.peer = peer?.ip_opt()?;", "Sets the peer address of a point-to-point link (`IFA_ADDRESS`; by default the address itself); `NLRS_AF_UNSPEC` unsets it.", AF),
                    set_ptr("set_broadcast", &[("broadcast", "*const nlrs_ipaddr")], &[("broadcast", "arg_struct")], "s.broadcast = broadcast?.ip_opt()?;", "Sets the broadcast address (`IFA_BROADCAST`, IPv4); `NLRS_AF_UNSPEC` unsets it.", AF),
                    set_ptr("set_label", &[("label", "*const c_char")], &[("label", "arg_str")], "s.label = Some(label?.to_owned());", "Sets the label (`IFA_LABEL`, IPv4; copied). The kernel wants it to start with the interface's name (`\"eth0:web\"`).", ", a label that is not UTF-8"),
                    set("set_scope", &[("scope", "u8")], "s.scope = scope.into();", "Sets the scope (`NLRS_RT_SCOPE_*`; global by default)."),
                    set("set_flags", &[("flags", "u32")], "s.flags = flags;", "Sets the `NLRS_IFA_F_*` flags, e.g. `NLRS_IFA_F_NODAD` (none by default)."),
                    set("set_lifetimes", &[("valid", "u32"), ("preferred", "u32")], "s.lifetimes = Some((valid, preferred));", "Sets the valid and preferred lifetimes in seconds (`NLRS_ADDR_LIFETIME_FOREVER` for forever, the default); `preferred` must not exceed `valid` (the kernel says so otherwise)."),
                ],
            },
        ],
    calls: &[
        Call { name: "addr_dump", kind: CallKind::Dump("addr"), params: &[("family", "u8"), ("ifindex", "u32")], args: &[], body: "Ok(addr::AddrFilter { family, index: (ifindex != 0).then_some(ifindex.into()) }.dump_request()?)", errors: "",
            doc: "Starts a dump of the addresses of family `family` (`NLRS_AF_INET`, `NLRS_AF_INET6`, or `NLRS_AF_UNSPEC` for both) on the interface with index `ifindex` (0 for all interfaces), in the kernel's order (IPv4 before IPv6). With strict checking (the socket's default) the kernel itself filters by family and interface; on a socket opened with `NLRS_SOCKET_NO_DEFAULTS` it filters by family only, so check `nlrs_addr_ifindex()`." },
        Call { name: "addr_add", kind: CallKind::SendSpec("spec"), params: &[("spec", "*const nlrs_addr_spec"), ("mode", "c_int")], args: &[], body: "Ok(s.add_request(mode_arg(mode)?))",
            doc: "Adds the address `spec` describes (`NLRS_RTM_NEWADDR`), with `mode` (`NLRS_MODE_*`) deciding what happens when it exists: `NLRS_MODE_CREATE` fails with `-EEXIST`, `NLRS_MODE_REPLACE` and `NLRS_MODE_UPSERT` update it (`ip addr replace`).",
            errors: "the kernel's negative errno (`-EEXIST`, `-ENODEV`, `-EINVAL` ...), kept on `sock` with its extended ACK (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`; `-EINVAL` (NULL `sock` or `spec`, an unknown `mode`)" },
        Call { name: "addr_delete", kind: CallKind::SendSpec("spec"), params: &[("spec", "*const nlrs_addr_spec")], args: &[], body: "Ok(s.delete_request())",
            doc: "Deletes the address `spec` describes (`NLRS_RTM_DELADDR`; the address and prefix length identify it).",
            errors: "`-EADDRNOTAVAIL` when there is no such address, any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`)" },
    ],
    names: &[],
    parsers: &[],
    },
    Module { module: "rtnl_route", handles: &[
            Handle {
                name: "route", param: "route", inner: "RouteObj",
                doc: "A route decoded from an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message: reusable, so a whole dump decodes into one object with no allocation per route (multipath routes included, once the path list has grown).\n\nMade with `nlrs_route_new()`, freed with `nlrs_route_free()`, filled by `nlrs_route_parse()` (from a message of `nlrs_route_dump()` or a notification) or `nlrs_route_get()`. Read with the getters `nlrs_route_<field>()`, `nlrs_route_nexthop_at()` and `nlrs_route_metric()`; every other attribute (encapsulation, ...) through the copy of the message, `nlrs_route_msg()`.\n\nEverything borrowed from the object is valid until the next call that changes, or frees, the object. An object may be used from any thread, one thread at a time.",
                new: empty("an empty route object, to be filled by `nlrs_route_parse()` or `nlrs_route_get()`"),
                decoded: Some(Decoded { noun: "route", value: ("route", "Route"), spare: None, decode: "self.route.parse_into(&m)",
                    // The congestion control algorithm metric, the one string among the metrics.
                    views: &[("congctl", "self.route.metrics.as_ref().and_then(|m| m.cc_algo.as_deref()).map(str::as_bytes)")],
                    types: &["RTM_NEWROUTE", "RTM_DELROUTE"], what: "an `NLRS_RTM_NEWROUTE` or `NLRS_RTM_DELROUTE` message", header: "nlrs_rtmsg", }),
                getters: &[
                    value("family", "u8", "o.route.family", "the address family, `NLRS_AF_INET` or `NLRS_AF_INET6` (`rtm_family`)"),
                    value("dst_len", "u8", "o.route.dst.len()", "the destination prefix length (`rtm_dst_len`; 0 for a default route)"),
                    value("src_len", "u8", "o.route.src.map_or(0, |p| p.len())", "the source prefix length (`rtm_src_len`)"),
                    value("tos", "u8", "o.route.tos", "the type of service (`rtm_tos`)"),
                    value("table", "u32", "o.route.table", "the table id, all 32 bits (`RTA_TABLE` when sent, else `rtm_table`; `nlrs_route_table_name()` names it)"),
                    value("rtm_table", "u8", "o.route.rtm_table", "the header's 8-bit table field (`rtm_table`): the table id when it is below 256, else `NLRS_RT_TABLE_COMPAT` (`nlrs_route_table()` gives all 32 bits)"),
                    value("protocol", "u8", "u8::from(o.route.protocol)", "the origin (`rtm_protocol`, `NLRS_RTPROT_*`; `nlrs_route_protocol_name()` names it)"),
                    value("scope", "u8", "u8::from(o.route.scope)", "the scope (`rtm_scope`, `NLRS_RT_SCOPE_*`; `nlrs_route_scope_name()` names it)"),
                    value("type", "u8", "u8::from(o.route.rtype)", "the type (`rtm_type`, `NLRS_RTN_*`; `nlrs_route_type_name()` names it)"),
                    value("flags", "u32", "o.route.flags", "the `NLRS_RTM_F_*` flags (`rtm_flags`)"),
                    optional("dst", "nlrs_ipaddr", "ip_out(o.route.dst_attr())", "the destination (`RTA_DST`; absent for a default route)"),
                    optional("src", "nlrs_ipaddr", "ip_out(o.route.src.map(|p| p.addr()))", "the source prefix (`RTA_SRC`)"),
                    optional("gateway", "nlrs_ipaddr", "ip_out(o.route.gateway)", "the gateway (`RTA_GATEWAY`, or `RTA_VIA` for an IPv6 gateway of an IPv4 route, `ip`'s `via inet6`; absent for a direct or multipath route)"),
                    optional("prefsrc", "nlrs_ipaddr", "ip_out(o.route.prefsrc)", "the preferred source address (`RTA_PREFSRC`)"),
                    optional("oif", "u32", "o.route.oif.map(u32::from)", "the output interface index (`RTA_OIF`)"),
                    optional("iif", "u32", "o.route.iif.map(u32::from)", "the input interface index (`RTA_IIF`)"),
                    optional("priority", "u32", "o.route.priority", "the priority (`RTA_PRIORITY`, `ip`'s `metric`)"),
                    optional("flow", "u32", "o.route.flow", "the realms (`RTA_FLOW`, `ip`'s `realm`: the destination realm in the low 16 bits, the source realm in the high 16)"),
                    optional("nh_id", "u32", "o.route.nh_id", "the nexthop object the route goes through (`RTA_NH_ID`, `ip`'s `nhid`; with `net.ipv4.nexthop_compat_mode` set, the default, the kernel also sends that object's gateway and interface, or paths)"),
                    optional("pref", "u8", "o.route.pref", "the preference of an IPv6 route (`RTA_PREF`, `ip`'s `pref`: `NLRS_ICMPV6_ROUTER_PREF_LOW`, `_MEDIUM` or `_HIGH`); the kernel sends it with every IPv6 route and with no IPv4 one"),
                    optional("expires", "u32", "o.route.expires", "the remaining lifetime in seconds of a route that expires (`RTA_CACHEINFO`'s `rta_expires`, `ip`'s `expires`: an IPv6 route added with one, `nlrs_route_spec_set_expires()`, or learnt from a router advertisement): the kernel's clock ticks cut to whole seconds as `ip` prints them, so 0 for less than a second left; absent for a route that does not expire, and for a mirror's route (a countdown the mirror does not keep)"),
                    text("congctl", "o.congctl.ptr()", "the TCP congestion control algorithm of the route (metric `NLRS_RTAX_CC_ALGO`, `ip`'s `congctl`)"),
                    value("nexthop_count", "usize", "o.route.multipath.len()", "how many paths the route has in `RTA_MULTIPATH` (0 for a single-path route, whose gateway and interface are `nlrs_route_gateway()` and `nlrs_route_oif()`)"),
                ],
                setters: &[],
            },
            Handle {
                name: "route_spec", param: "spec", inner: "RouteSpec",
                doc: "A route to add, replace or delete: `nlrs_route_add()`, `nlrs_route_delete()`.\n\nMade with `nlrs_route_spec_new()` (a unicast default route of one family in the main table, origin `boot`, as `ip route` makes them), freed with `nlrs_route_spec_free()`. Set with the setters `nlrs_route_spec_set_<field>()` and `nlrs_route_spec_add_nexthop()`. Sending never changes it.\n\nUnless set, the scope is chosen as `ip route` chooses it: host for local routes, link for unicast routes without a gateway, paths or nexthop object, global otherwise, and \"any\" in a delete. A delete matches on what is set: the destination, table, type of service and source prefix always, the type unless it is `NLRS_RTN_UNSPEC`, the gateway, interface and priority when set.\n\nA spec may be used from any thread, one thread at a time.",
                new: New { what: "the spec of the default route of `family` (`NLRS_AF_INET` or `NLRS_AF_INET6`): unicast, main table, origin boot; `nlrs_route_spec_set_dst()` makes it a route to a prefix", params: &[("family", "u8")], args: &[], body: "default_route(family)", errors: ", `-EAFNOSUPPORT` (another family)" },
                decoded: None, getters: &[],
                setters: &[
                    set_ptr("set_dst", &[("dst", "*const nlrs_ipaddr"), ("len", "u8")], &[("dst", "arg_struct")], "set_dst(s, dst?, len)?;", "Sets the destination to `*dst` with prefix length `len` (the spec takes `dst`'s family); `NLRS_AF_UNSPEC` makes it the default route again.", ", a `len` longer than the address"),
                    set_ptr("set_gateway", &[("gateway", "*const nlrs_ipaddr")], &[("gateway", "arg_struct")], "s.gateway = gateway?.ip_opt()?;", "Sets the gateway (`RTA_GATEWAY`; an IPv6 gateway of an IPv4 route goes as `RTA_VIA`, as `ip route ... via inet6` sends it); `NLRS_AF_UNSPEC` unsets it.", AF),
                    set("set_oif", &[("oif", "u32")], "s.oif = (oif != 0).then_some(oif.into());", "Sets the output interface index (`RTA_OIF`); 0 unsets it."),
                    set("set_table", &[("table", "u32")], "s.table = table;", "Sets the table, any 32-bit id (`NLRS_RT_TABLE_MAIN` by default)."),
                    set("set_priority", &[("priority", "u32")], "s.priority = Some(priority);", "Sets the priority (`RTA_PRIORITY`, `ip`'s `metric`)."),
                    set("set_nh_id", &[("nh_id", "u32")], "s.nh_id = (nh_id != 0).then_some(nh_id);", "Sets the nexthop object to go through (`RTA_NH_ID`, `ip`'s `nhid`) instead of a gateway, an interface or paths; 0 unsets it."),
                    set("set_scope", &[("scope", "u8")], "s.scope = Some(scope.into());", "Sets the scope (`NLRS_RT_SCOPE_*`) instead of the one chosen as `ip route` chooses it."),
                    set("set_protocol", &[("protocol", "u8")], "s.protocol = protocol.into();", "Sets the origin (`NLRS_RTPROT_*`; `NLRS_RTPROT_BOOT` by default; a delete ignores it)."),
                    set("set_type", &[("rtype", "u8")], "s.rtype = rtype.into();", "Sets the type (`NLRS_RTN_*`; `NLRS_RTN_UNICAST` by default). For a delete, `NLRS_RTN_UNSPEC` matches a route of any type, as `ip route del` does."),
                    set_ptr("set_prefsrc", &[("prefsrc", "*const nlrs_ipaddr")], &[("prefsrc", "arg_struct")], "s.prefsrc = prefsrc?.ip_opt()?;", "Sets the preferred source address (`RTA_PREFSRC`); `NLRS_AF_UNSPEC` unsets it.", AF),
                    set_ptr("set_src", &[("src", "*const nlrs_ipaddr"), ("len", "u8")], &[("src", "arg_struct")], "s.src = prefix_arg(src?, len)?;", "Sets the source prefix to `*src` with prefix length `len` (`RTA_SRC` and `rtm_src_len`, `ip`'s `from`: IPv6 source routing; the kernel refuses it for IPv4); `NLRS_AF_UNSPEC` unsets it. A delete matches on it.", ", a `len` longer than the address"),
                    set("set_tos", &[("tos", "u8")], "s.tos = tos;", "Sets the type of service (`rtm_tos`, IPv4; the kernel refuses the two ECN bits). A delete matches on it."),
                    set("set_flags", &[("flags", "u32")], "s.flags = flags;", "Sets the `NLRS_RTNH_F_*` flags of the route's path (`rtm_flags`): `NLRS_RTNH_F_ONLINK` for `ip route ... onlink`, a gateway taken as on the link without a matching prefix."),
                    set("set_metric", &[("rtax", "u16"), ("value", "u32")], "set_metric(s, rtax, value)?;", "Sets metric `rtax` (`NLRS_RTAX_MTU`, `NLRS_RTAX_ADVMSS`, ..., nested in `RTA_METRICS`, as `nlrs_route_metric()` reads them) to `value`; `NLRS_RTAX_LOCK` sets the locked metrics, bit `1 << NLRS_RTAX_*` each (`ip route ... mtu lock 1400`). The kernel keeps no metric of value 0; `NLRS_RTAX_RTO_MIN` is sent locked, as `ip` sends it (the kernel uses it only locked). The congestion control algorithm is a string: `nlrs_route_spec_set_congctl()`."),
                    set_ptr("set_congctl", &[("name", "*const c_char")], &[("name", "arg_str")], "s.metrics.get_or_insert_with(Default::default).cc_algo = Some(name?.to_owned());", "Sets the TCP congestion control algorithm (metric `NLRS_RTAX_CC_ALGO`, `ip`'s `congctl`; copied), e.g. `\"reno\"`; lock it with bit `1 << NLRS_RTAX_CC_ALGO` of `NLRS_RTAX_LOCK`. The kernel refuses an algorithm it does not have.", ", a name that is not UTF-8"),
                    set("set_flow", &[("flow", "u32")], "s.flow = Some(flow);", "Sets the realms (`RTA_FLOW`, `ip`'s `realm`, IPv4): the destination realm in the low 16 bits, the source realm in the high 16, as `nlrs_route_flow()` reads them."),
                    set("set_pref", &[("pref", "u8")], "s.pref = Some(pref);", "Sets the preference of an IPv6 route (`RTA_PREF`, `ip`'s `pref`): `NLRS_ICMPV6_ROUTER_PREF_LOW`, `_MEDIUM` (the kernel's default) or `_HIGH`, as `nlrs_route_pref()` reads it."),
                    set("set_expires", &[("expires", "u32")], "s.expires = Some(expires);", "Sets the lifetime of an IPv6 route in seconds (`RTA_EXPIRES`, `ip`'s `expires`): the kernel removes the route when it runs out; `nlrs_route_expires()` reads what is left."),
                    set_ptr("add_nexthop", &[("nexthop", "*const nlrs_route_nexthop")], &[("nexthop", "arg_struct")], "s.multipath.push(nexthop?.to_rust()?);", "Adds a path to the route's `RTA_MULTIPATH` (copied from `*nexthop`), making it a multipath route; use it instead of `nlrs_route_spec_set_gateway()` and `_set_oif()`.", ", `-EAFNOSUPPORT` for a gateway family other than `NLRS_AF_UNSPEC`, `NLRS_AF_INET` and `NLRS_AF_INET6`"),
                ],
            },
        ],
    calls: &[
        Call { name: "route_dump", kind: CallKind::Dump("route"), params: &[("filter", "*const nlrs_route_filter")], args: &[("filter", "arg_opt_struct")], body: "Ok(nlrs_route_filter::to_rust(filter?).dump_request()?)", errors: "",
            doc: "Starts a dump of the routes `*filter` selects (NULL: every IPv4 and IPv6 route of every table), in the kernel's order. With strict checking (the socket's default) the kernel itself filters by table, protocol, type and output interface, so only matching routes travel; on a socket opened with `NLRS_SOCKET_NO_DEFAULTS` it filters by family only, so check the fields. `*filter` is read during the call only. Cached clones are not dumped." },
        Call { name: "route_get", kind: CallKind::Get("route"), params: &[("to", "*const nlrs_ipaddr"), ("route", "*mut nlrs_route")], args: &[("to", "arg_struct")], body: "Ok(route::get_request(&to?.ip()?))",
            doc: "Asks the kernel which route it would use to reach `*to` (`NLRS_RTM_GETROUTE`, `ip route get`) and decodes its answer into `route`, replacing what it held. For IPv4 the answer is a cached clone (`NLRS_RTM_F_CLONED`) with the chosen gateway, interface and source.",
            errors: "`-ENETUNREACH`, `-EHOSTUNREACH` and any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EBADMSG` (a malformed answer, or none), `-EINVAL` (NULL `sock`, `to` or `route`), `-EAFNOSUPPORT` (`to` neither IPv4 nor IPv6)" },
        Call { name: "route_add", kind: CallKind::SendSpec("spec"), params: &[("spec", "*const nlrs_route_spec"), ("mode", "c_int")], args: &[], body: "Ok(s.add_request(mode_arg(mode)?))",
            doc: "Adds the route `spec` describes (`NLRS_RTM_NEWROUTE`), with `mode` (`NLRS_MODE_*`) deciding what happens when one with the same destination, table, type of service and priority exists: `NLRS_MODE_CREATE` fails with `-EEXIST`, `NLRS_MODE_REPLACE` replaces it (`ip route replace` is `NLRS_MODE_UPSERT`), `NLRS_MODE_APPEND` adds another.",
            errors: "the kernel's negative errno (`-EEXIST`, `-ENETUNREACH` for an unreachable gateway, `-ENODEV`, `-EINVAL` ...), kept on `sock` with its extended ACK (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`; `-EINVAL` (NULL `sock` or `spec`, an unknown `mode`)" },
        Call { name: "route_delete", kind: CallKind::SendSpec("spec"), params: &[("spec", "*const nlrs_route_spec")], args: &[], body: "Ok(s.delete_request())",
            doc: "Deletes the route `spec` describes (`NLRS_RTM_DELROUTE`; see `nlrs_route_spec` for what it matches on).",
            errors: "`-ESRCH` when no route matches (IPv4 and IPv6 alike, and for a table that does not exist), any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `spec`)" },
    ],
    names: &[
        Name { name: "route_type_name", param: ("rtype", "u8"), expr: "route::RouteType::from(rtype)", doc: "the name iproute2 6.1 gives route type `rtype` (`\"unicast\"`, `\"local\"`, `\"blackhole\"`, `\"unreachable\"`, ...; `type` in `ip -j route`), or its decimal number when it has none, as iproute2 prints it" },
        Name { name: "route_protocol_name", param: ("protocol", "u8"), expr: "route::RouteProtocol::from(protocol)", doc: "the name iproute2 6.1 gives route origin `protocol` (`\"kernel\"`, `\"boot\"`, `\"static\"`, `\"dhcp\"`, ... with the names of its stock `rt_protos` file; `protocol` in `ip -j route`), or its decimal number when it has none" },
        Name { name: "route_scope_name", param: ("scope", "u8"), expr: "route::Scope::from(scope)", doc: "the name iproute2 6.1 gives scope `scope` (`\"global\"`, `\"link\"`, `\"host\"`, `\"site\"`, `\"nowhere\"`; `scope` in `ip -j route` and `ip -j addr`), or its decimal number when it has none" },
        Name { name: "route_table_name", param: ("table", "u32"), expr: "NameOr(route::table_name(table), table)", doc: "the name iproute2 6.1 gives table `table` with its stock `rt_tables` file (`\"main\"`, `\"local\"`, `\"default\"`, `\"unspec\"`; `table` in `ip -j route`), or its decimal number when it has none" },
    ],
    parsers: &[
        Parser { name: "route_type_parse", ty: "u8", parse: "|t: &str| t.parse::<route::RouteType>().ok().map(u8::from)", doc: "a route type as `ip route` does, a name (`\"blackhole\"`) or a decimal number" },
        Parser { name: "route_protocol_parse", ty: "u8", parse: "|t: &str| t.parse::<route::RouteProtocol>().ok().map(u8::from)", doc: "a route origin as `ip route` does, a name (`\"static\"`, `\"boot\"`) or a decimal number" },
        Parser { name: "route_scope_parse", ty: "u8", parse: "|t: &str| t.parse::<route::Scope>().ok().map(u8::from)", doc: "a scope as `ip route` does, a name (`\"link\"`, `\"host\"`) or a decimal number" },
        Parser { name: "route_table_parse", ty: "u32", parse: "route::table_from_name", doc: "a table as `ip route` does, a name (`\"main\"`, `\"local\"`, `\"default\"`) or a decimal 32-bit id" },
    ],
    },
    Module { module: "rtnl_neigh", handles: &[Handle {
            name: "neigh", param: "neigh", inner: "NeighObj",
            doc: "A neighbour entry decoded from an `NLRS_RTM_NEWNEIGH`, `NLRS_RTM_DELNEIGH` or `NLRS_RTM_GETNEIGH` message: reusable, so a whole dump decodes into one object with no allocation.\n\nMade with `nlrs_neigh_new()`, freed with `nlrs_neigh_free()`, filled by `nlrs_neigh_parse()` (from a message of `nlrs_neigh_dump()` or a notification). Read with the getters `nlrs_neigh_<field>()`; every other attribute (cache times, probes, ...) through the copy of the message, `nlrs_neigh_msg()`.\n\nEverything borrowed from the object is valid until the next call that changes, or frees, the object. An object may be used from any thread, one thread at a time.",
            new: empty("an empty neighbour object, to be filled by `nlrs_neigh_parse()`"),
            decoded: Some(Decoded { noun: "neighbour entry", value: ("neigh", "Neigh"), spare: None, decode: "Neigh::parse(&m).map(|n| self.neigh = n)", views: &[],
                types: &["RTM_NEWNEIGH", "RTM_DELNEIGH", "RTM_GETNEIGH"], what: "an `NLRS_RTM_NEWNEIGH`, `NLRS_RTM_DELNEIGH` or `NLRS_RTM_GETNEIGH` (a resolution request of the kernel) message", header: "nlrs_ndmsg", }),
            getters: &[
                value("family", "u8", "o.neigh.family", "the family (`ndm_family`): `NLRS_AF_INET` (ARP), `NLRS_AF_INET6` (NDP), or `NLRS_AF_BRIDGE` for forwarding entries"),
                value("ifindex", "u32", "o.neigh.ifindex.get()", "the index of the interface the entry is on (`ndm_ifindex`)"),
                value("state", "u16", "o.neigh.state", "the `NLRS_NUD_*` state bits (`ndm_state`; `nlrs_neigh_state_text()` names them)"),
                value("flags", "u8", "o.neigh.flags", "the `NLRS_NTF_*` flags (`ndm_flags`)"),
                value("type", "u8", "o.neigh.ntype", "the neighbour type (`ndm_type`)"),
                optional("dst", "nlrs_ipaddr", "ip_out(o.neigh.dst)", "the neighbour's network address (`NDA_DST`)"),
                borrowed("lladdr", "nlrs_bytes", "o.neigh.lladdr.as_ref().map(|l| nlrs_bytes::new(l.as_bytes()))", "the link-layer address (`NDA_LLADDR`, e.g. 6 bytes of MAC; absent for an incomplete or failed entry)"),
                optional("vlan", "u16", "o.neigh.vlan", "a bridge forwarding entry's VLAN (`NDA_VLAN`; absent for an entry of no VLAN, or not a forwarding entry)"),
                optional("master", "u32", "o.neigh.master.map(u32::from)", "the interface index of the bridge whose forwarding table holds the entry (`NDA_MASTER`; the entry's port is `nlrs_neigh_ifindex()`; absent for an entry of an interface's own)"),
                optional("vni", "u32", "o.neigh.vni", "the VXLAN network identifier of a forwarding entry's remote (`NDA_VNI`; absent when it is the device's own)"),
                optional("port", "u16", "o.neigh.port", "the UDP port of a forwarding entry's VXLAN remote, in host order (`NDA_PORT`; absent when it is the device's own)"),
                optional("remote_ifindex", "u32", "o.neigh.remote_ifindex.map(u32::from)", "the index of the interface through which a forwarding entry's VXLAN remote is reached (`NDA_IFINDEX`)"),
            ],
                setters: &[],
        }],
    calls: &[
        Call { name: "neigh_dump", kind: CallKind::Dump("neigh"), params: &[("family", "u8"), ("ifindex", "u32")], args: &[], body: "Ok(neigh::NeighFilter { family, ifindex: (ifindex != 0).then_some(ifindex.into()), proxy: false }.dump_request()?)", errors: "",
            doc: "Starts a dump of the neighbour entries of family `family` (`NLRS_AF_INET`, `NLRS_AF_INET6`, or `NLRS_AF_UNSPEC` for both) on the interface with index `ifindex` (0 for all interfaces). With strict checking (the socket's default) the kernel itself filters by interface; on a socket opened with `NLRS_SOCKET_NO_DEFAULTS` check `nlrs_neigh_ifindex()`. Every state is dumped, `NLRS_NUD_NOARP` entries included (`ip neigh` hides those); proxy entries are not: `nlrs_neigh_proxy_dump()`." },
        Call { name: "neigh_proxy_dump", kind: CallKind::Dump("neigh"), params: &[("family", "u8"), ("ifindex", "u32")], args: &[], body: "Ok(neigh::NeighFilter { family, ifindex: (ifindex != 0).then_some(ifindex.into()), proxy: true }.dump_request()?)", errors: "",
            doc: "Starts a dump of the proxy ARP and NDP entries (`ip neigh show proxy`, made with `nlrs_neigh_add_flags()` and `NLRS_NTF_PROXY`) of family `family` (`NLRS_AF_INET`, `NLRS_AF_INET6`, or `NLRS_AF_UNSPEC` for both) on the interface with index `ifindex` (0 for all interfaces). The kernel keeps them in a table of its own, which it dumps alone: each entry has the flag `NLRS_NTF_PROXY`, no state and no link-layer address." },
        Call { name: "neigh_add", kind: CallKind::Send, params: &[("ifindex", "u32"), ("dst", "*const nlrs_ipaddr"), ("lladdr", "*const u8"), ("lladdr_len", "usize"), ("state", "u16"), ("mode", "c_int")], args: &[("dst", "arg_struct"), ("lladdr", "arg_slice")], body: "Ok(neigh_spec(ifindex, dst?, lladdr?)?.state(state).add_request(mode_arg(mode)?))",
            doc: "Adds the entry \"`*dst` is at the `lladdr_len` bytes at `lladdr`\" on the interface with index `ifindex`, in state `state` (`NLRS_NUD_PERMANENT` for `ip neigh add`'s default), with `mode` (`NLRS_MODE_*`) deciding what happens when an entry for `*dst` exists: `NLRS_MODE_CREATE` fails with `-EEXIST`, `NLRS_MODE_REPLACE` and `NLRS_MODE_UPSERT` update it (`ip neigh replace` is `NLRS_MODE_UPSERT`). `lladdr` may be NULL with `lladdr_len` 0 for an entry without one (e.g. `NLRS_NUD_NOARP`). Everything is read during the call only. `nlrs_neigh_add_flags()` with flags 0.",
            errors: "the kernel's negative errno (`-EEXIST`, `-ENODEV`, `-EINVAL` ...), kept on `sock` with its extended ACK (`nlrs_socket_ext_msg()`); `-NLRS_E_TIMEOUT`; `-EINVAL` (NULL `sock` or `dst`, a NULL `lladdr` with a length, `lladdr_len` above 32, an unknown `mode`); `-EAFNOSUPPORT` (`dst` neither IPv4 nor IPv6)" },
        Call { name: "neigh_add_flags", kind: CallKind::Send, params: &[("ifindex", "u32"), ("dst", "*const nlrs_ipaddr"), ("lladdr", "*const u8"), ("lladdr_len", "usize"), ("state", "u16"), ("flags", "u8"), ("mode", "c_int")], args: &[("dst", "arg_struct"), ("lladdr", "arg_slice")], body: "Ok(neigh_spec(ifindex, dst?, lladdr?)?.state(state).flags(flags).add_request(mode_arg(mode)?))",
            doc: "`nlrs_neigh_add()` with flags `flags` (`NLRS_NTF_*`, 0 for none): `NLRS_NTF_ROUTER` for `ip neigh add ... router`, `NLRS_NTF_EXT_LEARNED` for `extern_learn`, `NLRS_NTF_USE`, `NLRS_NTF_PROXY` for a proxy entry (`ip neigh add proxy`, which has no link-layer address and no state).",
            errors: "those of `nlrs_neigh_add()`" },
        Call { name: "neigh_delete", kind: CallKind::Send, params: &[("ifindex", "u32"), ("dst", "*const nlrs_ipaddr")], args: &[("dst", "arg_struct")], body: "Ok(neigh_spec(ifindex, dst?, &[])?.delete_request())",
            doc: "Deletes the entry for `*dst` on the interface with index `ifindex` (`ip neigh del`). `nlrs_neigh_delete_flags()` with flags 0.",
            errors: "`-ENOENT` when there is no such entry, any other negative errno the kernel answers with (kept on `sock` with its extended ACK), `-NLRS_E_TIMEOUT`, `-EINVAL` (NULL `sock` or `dst`), `-EAFNOSUPPORT` (`dst` neither IPv4 nor IPv6)" },
        Call { name: "neigh_delete_flags", kind: CallKind::Send, params: &[("ifindex", "u32"), ("dst", "*const nlrs_ipaddr"), ("flags", "u8")], args: &[("dst", "arg_struct")], body: "Ok(neigh_spec(ifindex, dst?, &[])?.flags(flags).delete_request())",
            doc: "`nlrs_neigh_delete()` with flags `flags`: `NLRS_NTF_PROXY` deletes the proxy entry for `*dst` (`ip neigh del proxy`).",
            errors: "those of `nlrs_neigh_delete()`" },
    ],
    names: &[
        Name { name: "neigh_state_text", param: ("state", "u16"), expr: "StateText(state)", doc: "the names iproute2 6.1 gives the bits of neighbour state `state` (`NLRS_NUD_*`), comma-separated from the lowest bit up: e.g. `\"PERMANENT\"`, `\"REACHABLE\"`; bits without a name are left out, and state 0 gives the empty string. These are the elements of `ip -j neigh`'s `state` array (which iproute2 leaves out for state 0)" },
    ],
    parsers: &[],
    },
];
