//! The model of a family description: what a YNL spec file says, with every name it refers
//! to checked and every number it leaves implicit (attribute types, enum values, operation
//! values, struct offsets) worked out, so the codec never has to guess.

use std::collections::HashMap;

/// Which netlink protocol carries the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// Generic netlink (`genetlink`, `genetlink-c`, `genetlink-legacy`): the family id is
    /// resolved by name through the controller, messages start with `genlmsghdr`.
    Genetlink,
    /// A netlink protocol of its own (`netlink-raw`), e.g. 0 for rtnetlink, 4 for sock_diag.
    Raw {
        /// The protocol number passed to `socket(AF_NETLINK, SOCK_RAW, protonum)`.
        protonum: i32,
    },
}

/// Byte order of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ByteOrder {
    /// The host's (`NLA_*` integers are native unless stated).
    #[default]
    Native,
    /// Network byte order.
    Big,
    /// Little-endian whatever the host.
    Little,
}

/// How a value is meant to be shown, the spec's `display-hint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// Integers as `0x…`, bytes as hex.
    Hex,
    /// A MAC address, `aa:bb:cc:dd:ee:ff`.
    Mac,
    /// An FDDI address (shown like a MAC).
    Fddi,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// Either, by length.
    Ipv4OrV6,
    /// A UUID.
    Uuid,
}

/// An integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntType {
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `s8`.
    S8,
    /// `s16`.
    S16,
    /// `s32`.
    S32,
    /// `s64`.
    S64,
    /// `uint`: 4 or 8 bytes on the wire, whichever the value needs.
    Uint,
    /// `sint`: 4 or 8 bytes on the wire.
    Sint,
}

impl IntType {
    /// The type for a spec type name, if it names an integer.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "u8" => Self::U8,
            "u16" => Self::U16,
            "u32" => Self::U32,
            "u64" => Self::U64,
            "s8" => Self::S8,
            "s16" => Self::S16,
            "s32" => Self::S32,
            "s64" => Self::S64,
            "uint" => Self::Uint,
            "sint" => Self::Sint,
            _ => return None,
        })
    }

    /// The spec's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
            Self::S8 => "s8",
            Self::S16 => "s16",
            Self::S32 => "s32",
            Self::S64 => "s64",
            Self::Uint => "uint",
            Self::Sint => "sint",
        }
    }

    /// Size in bytes of a fixed-size type; `None` for `uint` and `sint`.
    pub fn size(self) -> Option<usize> {
        match self {
            Self::U8 | Self::S8 => Some(1),
            Self::U16 | Self::S16 => Some(2),
            Self::U32 | Self::S32 => Some(4),
            Self::U64 | Self::S64 => Some(8),
            Self::Uint | Self::Sint => None,
        }
    }

    /// Whether the type is signed.
    pub fn signed(self) -> bool {
        matches!(
            self,
            Self::S8 | Self::S16 | Self::S32 | Self::S64 | Self::Sint
        )
    }
}

/// An integer with how it is written and shown: shared by attributes and struct members.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntFormat {
    /// The integer type.
    pub ty: IntType,
    /// Its byte order.
    pub order: ByteOrder,
    /// The enum or flags definition naming its values, if any.
    pub enum_def: Option<String>,
    /// Whether an enum is read as a set of bits (`enum-as-flags`, or a `flags` definition).
    pub as_flags: bool,
    /// How to show it.
    pub hint: Option<Hint>,
}

impl IntFormat {
    /// Each half of a `bitfield32`: a native `u32` whose bits are named by `enum_def`.
    pub fn bitfield32_half(enum_def: Option<String>) -> Self {
        IntFormat {
            ty: IntType::U32,
            order: ByteOrder::Native,
            enum_def,
            as_flags: true,
            hint: None,
        }
    }
}

/// A named value of an enum or a flags definition.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The entry's name.
    pub name: String,
    /// Its value: for flags the bit position, as the spec counts them.
    pub value: u64,
}

/// An `enum` or `flags` definition.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnumDef {
    /// The definition's name.
    pub name: String,
    /// Whether it is `flags` (entries are bit positions).
    pub flags: bool,
    /// Its entries in order.
    pub entries: Vec<Entry>,
}

impl EnumDef {
    /// The value an entry stands for on the wire: `1 << bit` for flags (or an enum used as
    /// flags), the value itself otherwise.
    pub fn wire_value(&self, e: &Entry, as_flags: bool) -> Option<u64> {
        if self.flags || as_flags {
            1u64.checked_shl(u32::try_from(e.value).ok()?)
        } else {
            Some(e.value)
        }
    }

    /// The entry called `name`.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }
}

/// What a struct member holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MemberKind {
    /// An integer.
    Int(IntFormat),
    /// A fixed-size string, NUL-padded.
    String,
    /// Fixed-size bytes, shown as hex (or by the hint).
    Binary(Option<Hint>),
    /// A nested struct.
    Struct(String),
    /// Padding, never shown.
    Pad,
}

/// One member of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// Its name.
    pub name: String,
    /// What it holds.
    pub kind: MemberKind,
    /// Offset from the start of the struct.
    pub offset: usize,
    /// Size in bytes.
    pub len: usize,
}

/// A `struct` definition: a fixed header or the payload of a binary attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StructDef {
    /// Its name.
    pub name: String,
    /// Its members in order, with their offsets.
    pub members: Vec<Member>,
    /// Its size: the sum of its members (the kernel's specs spell out padding as `pad`).
    pub size: usize,
}

/// The type of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttrType {
    /// `unused`: a reserved number.
    Unused,
    /// `pad`: alignment padding, never shown.
    Pad,
    /// `flag`: present or absent.
    Flag,
    /// An integer.
    Int(IntFormat),
    /// `string`.
    String,
    /// `binary`: raw bytes, a struct (`struct`), an array of integers (`sub-type`), or an
    /// address (`display-hint`).
    Binary {
        /// The struct it holds.
        struct_def: Option<String>,
        /// The integer type of its elements.
        sub_type: Option<IntFormat>,
        /// How to show it.
        hint: Option<Hint>,
    },
    /// `bitfield32`: a value and a selector of which bits count.
    Bitfield32 {
        /// The flags or enum definition naming the bits.
        enum_def: Option<String>,
    },
    /// `nest`: attributes of another set.
    Nest(String),
    /// `indexed-array`: a nest whose members are all of one type, their type numbers
    /// being indices.
    IndexedArray(Box<ArrayItem>),
    /// `nest-type-value`: nests whose type numbers are values.
    NestTypeValue {
        /// Names for the type numbers, outermost first.
        type_value: Vec<String>,
        /// The set inside.
        set: String,
    },
    /// `sub-message`: contents chosen by the value of another attribute.
    SubMessage {
        /// The `sub-messages` entry describing the formats.
        sub_message: String,
        /// The attribute whose value selects the format.
        selector: String,
    },
}

impl AttrType {
    /// Whether attributes of this type hold other attributes.
    pub fn holds_attrs(&self) -> bool {
        matches!(
            self,
            AttrType::Nest(_)
                | AttrType::IndexedArray(_)
                | AttrType::NestTypeValue { .. }
                | AttrType::SubMessage { .. }
        )
    }
}

/// The element type of an indexed array.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArrayItem {
    /// Nests of a set.
    Nest(String),
    /// Integers.
    Int(IntFormat),
    /// Binary elements, possibly structs.
    Binary {
        /// The struct each element holds.
        struct_def: Option<String>,
        /// How to show an element without a struct.
        hint: Option<Hint>,
    },
    /// Strings.
    String,
}

impl ArrayItem {
    /// The attribute type each element is read and written as.
    pub fn attr_type(&self) -> AttrType {
        match self {
            ArrayItem::Nest(s) => AttrType::Nest(s.clone()),
            ArrayItem::Int(fmt) => AttrType::Int(fmt.clone()),
            ArrayItem::String => AttrType::String,
            ArrayItem::Binary { struct_def, hint } => AttrType::Binary {
                struct_def: struct_def.clone(),
                sub_type: None,
                hint: *hint,
            },
        }
    }
}

/// One attribute of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttrSpec {
    /// Its name.
    pub name: String,
    /// Its type number.
    pub value: u16,
    /// Its type.
    pub ty: AttrType,
    /// Whether it may appear several times (a list of values).
    pub multi: bool,
}

/// An attribute set: the attributes one nest or message level may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttrSet {
    /// Its name.
    pub name: String,
    /// Its attributes in order.
    pub attrs: Vec<AttrSpec>,
}

impl AttrSet {
    /// The attribute called `name`.
    pub fn by_name(&self, name: &str) -> Option<&AttrSpec> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The attribute of type number `value`.
    pub fn by_value(&self, value: u16) -> Option<&AttrSpec> {
        self.attrs.iter().find(|a| a.value == value)
    }
}

/// One format of a sub-message: selected when the selector's value is `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Format {
    /// The selector value.
    pub value: String,
    /// A struct at the start of the payload.
    pub fixed_header: Option<String>,
    /// The set of the attributes after it.
    pub attr_set: Option<String>,
}

/// A `sub-messages` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubMessage {
    /// Its name.
    pub name: String,
    /// Its formats.
    pub formats: Vec<Format>,
}

/// A request or reply of an operation mode.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MsgSpec {
    /// The attributes it may carry (names in the operation's set).
    pub attrs: Vec<String>,
    /// A fixed header of its own, in place of the operation's: an nlrs extension of the
    /// format for protocols whose requests and replies start differently (sock_diag).
    pub fixed_header: Option<String>,
}

/// One mode (do or dump) of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Mode {
    /// The request, if the spec describes one.
    pub request: Option<MsgSpec>,
    /// The reply, if the spec describes one.
    pub reply: Option<MsgSpec>,
}

/// An operation of the family.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Op {
    /// Its name.
    pub name: String,
    /// The command or message type of requests (`None` for notifications).
    pub req_value: Option<u32>,
    /// The command or message type of replies and notifications (`None` when it has none).
    pub rsp_value: Option<u32>,
    /// The attribute set of its messages.
    pub attr_set: Option<String>,
    /// The struct after the netlink (and genetlink) header.
    pub fixed_header: Option<String>,
    /// The do mode: one request, acknowledged.
    pub do_mode: Option<Mode>,
    /// The dump mode: one request, many replies.
    pub dump_mode: Option<Mode>,
    /// Whether it is a notification (`notify` or `event`).
    pub is_notification: bool,
}

impl Op {
    /// The mode used as a dump (`true`) or a do.
    pub fn mode(&self, dump: bool) -> Option<&Mode> {
        if dump {
            self.dump_mode.as_ref()
        } else {
            self.do_mode.as_ref()
        }
    }

    /// The fixed header of the requests of a dump (`true`) or a do.
    pub fn request_header(&self, dump: bool) -> Option<&str> {
        self.mode(dump)
            .and_then(|m| m.request.as_ref()?.fixed_header.as_deref())
            .or(self.fixed_header.as_deref())
    }

    /// The fixed header of the replies of a dump (`Some(true)`), a do (`Some(false)`), or
    /// of the operation's messages whatever the mode (`None`: notifications).
    pub fn reply_header(&self, dump: Option<bool>) -> Option<&str> {
        fn own(m: Option<&Mode>) -> Option<&str> {
            m?.reply.as_ref()?.fixed_header.as_deref()
        }
        match dump {
            Some(d) => own(self.mode(d)),
            None => own(self.dump_mode.as_ref()).or(own(self.do_mode.as_ref())),
        }
        .or(self.fixed_header.as_deref())
    }
}

/// A multicast group.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Group {
    /// Its name.
    pub name: String,
    /// Its number, for netlink-raw families; generic netlink groups are resolved by name.
    pub value: Option<u32>,
}

/// A whole family description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Spec {
    /// The family's name (the generic netlink family name for genetlink).
    pub name: String,
    /// Where the description came from (a file name, or `builtin:NAME`).
    pub source: String,
    /// Its protocol.
    pub protocol: Protocol,
    /// Constants by name.
    pub consts: HashMap<String, i64>,
    /// Enum and flags definitions by name.
    pub enums: HashMap<String, EnumDef>,
    /// Struct definitions by name.
    pub structs: HashMap<String, StructDef>,
    /// Attribute sets, in the file's order.
    pub attr_sets: Vec<AttrSet>,
    /// Sub-message definitions.
    pub sub_messages: Vec<SubMessage>,
    /// Operations, in the file's order.
    pub ops: Vec<Op>,
    /// Multicast groups.
    pub groups: Vec<Group>,
}

impl Spec {
    /// The attribute set called `name`.
    pub fn set(&self, name: &str) -> Option<&AttrSet> {
        self.attr_sets.iter().find(|s| s.name == name)
    }

    /// The operation called `name`.
    pub fn op(&self, name: &str) -> Option<&Op> {
        self.ops.iter().find(|o| o.name == name)
    }

    /// The operation whose replies or notifications carry `value`, preferring one that is a
    /// notification (which is what an unsolicited message is).
    pub fn op_by_rsp(&self, value: u32) -> Option<&Op> {
        let mut ops = self.ops.iter().filter(|o| o.rsp_value == Some(value));
        let first = ops.clone().next();
        ops.find(|o| o.is_notification).or(first)
    }

    /// The operation an unsolicited message of `value` belongs to: [`Spec::op_by_rsp`], or
    /// in a netlink-raw family, where requests and notifications share one numbering, the
    /// operation whose requests carry it: rtnetlink announces a deletion with the request's
    /// type (`RTM_DELLINK`, `RTM_DELADDR`), which the kernel's files describe only as a
    /// request.
    pub fn op_by_ntf(&self, value: u32) -> Option<&Op> {
        let shared = matches!(self.protocol, Protocol::Raw { .. });
        let by_req = || self.ops.iter().find(|o| o.req_value == Some(value));
        self.op_by_rsp(value)
            .or_else(|| shared.then(by_req).flatten())
    }

    /// The sub-message definition called `name`.
    pub fn sub_message(&self, name: &str) -> Option<&SubMessage> {
        self.sub_messages.iter().find(|s| s.name == name)
    }
}
