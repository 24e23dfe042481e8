//! Scalars between the wire and the value tree, both ways: integers with their byte order,
//! enum and flags names, and what display hints make of integers and bytes (addresses, MACs,
//! hex). The encoder and the decoder share these so that what one writes the other reads.

use super::sink::{Name, Sink, HEX};
use crate::schema::{AttrSet, ByteOrder, EnumDef, Hint, IntFormat, IntType, Spec, StructDef};
use serde_json::Value;
use std::fmt::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A value that does not fit the description, in a request being built or a message being
/// decoded: where, as a path of the description's names (`header.dev-index`; empty for the
/// message as a whole), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttrError {
    /// The attribute or field.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl AttrError {
    /// An error at `path`.
    pub(super) fn new(path: &str, message: String) -> Self {
        Self {
            path: path.to_owned(),
            message,
        }
    }
}

impl fmt::Display for AttrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "attribute {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for AttrError {}

/// The attribute set `name` of `spec`. The loader checked every reference, so the error
/// (its message) means a description changed under the codec.
pub(super) fn set_of<'s>(spec: &'s Spec, name: &str) -> Result<&'s AttrSet, String> {
    spec.set(name)
        .ok_or_else(|| format!("no attribute set '{name}'"))
}

/// The struct `name` of `spec`, as [`set_of`].
pub(super) fn struct_of<'s>(spec: &'s Spec, name: &str) -> Result<&'s StructDef, String> {
    spec.structs
        .get(name)
        .ok_or_else(|| format!("no struct '{name}'"))
}

/// Reads an integer of format `fmt` from `b` (its whole payload) as raw bits, sign-extended
/// for signed types. `None` when the length does not fit the type.
pub(super) fn read_int(fmt: &IntFormat, b: &[u8]) -> Option<u64> {
    let len = b.len();
    match fmt.ty.size() {
        Some(n) if n == len => {}
        None if len == 4 || len == 8 => {}
        _ => return None,
    }
    read_bits(b, big_endian(fmt.order), fmt.ty.signed())
}

/// An integer of 1, 2, 4 or 8 bytes (all of `b`) in the given byte order, as raw bits,
/// sign-extended when `signed`; `None` for another length.
#[inline(always)]
pub(super) fn read_bits(b: &[u8], big: bool, signed: bool) -> Option<u64> {
    let len = b.len();
    // One case per size, so that each read is a load, not a copy of a variable length.
    let v = match len {
        1 => u64::from(b[0]),
        2 => {
            let a = [b[0], b[1]];
            u64::from(if big {
                u16::from_be_bytes(a)
            } else {
                u16::from_le_bytes(a)
            })
        }
        4 => {
            let a = <[u8; 4]>::try_from(b).ok()?;
            u64::from(if big {
                u32::from_be_bytes(a)
            } else {
                u32::from_le_bytes(a)
            })
        }
        8 => {
            let a = <[u8; 8]>::try_from(b).ok()?;
            if big {
                u64::from_be_bytes(a)
            } else {
                u64::from_le_bytes(a)
            }
        }
        _ => return None,
    };
    Some(if signed {
        let shift = 64 - 8 * len as u32;
        (((v << shift) as i64) >> shift) as u64
    } else {
        v
    })
}

/// Whether integers of byte order `order` are big-endian on this host.
pub(super) fn big_endian(order: ByteOrder) -> bool {
    match order {
        ByteOrder::Big => true,
        ByteOrder::Little => false,
        ByteOrder::Native => cfg!(target_endian = "big"),
    }
}

/// Writes `bits` (already range-checked) as an integer of format `fmt`: `uint` and `sint`
/// take 4 bytes when the value fits, else 8, as the kernel's `nla_put_uint` does.
pub(super) fn write_int(fmt: &IntFormat, bits: u64, out: &mut Vec<u8>) {
    let len = match fmt.ty.size() {
        Some(n) => n,
        None if fmt.ty.signed() && i32::try_from(bits as i64).is_ok() => 4,
        None if !fmt.ty.signed() && u32::try_from(bits).is_ok() => 4,
        None => 8,
    };
    let big = big_endian(fmt.order);
    if big {
        out.extend_from_slice(&bits.to_be_bytes()[8 - len..]);
    } else {
        out.extend_from_slice(&bits.to_le_bytes()[..len]);
    }
}

/// An enum or flags definition made ready for decoding: per entry, its name and the values
/// it stands for on the wire read as an enum and as flags ([`EnumDef::wire_value`]).
pub(super) struct EnumNames {
    flags: bool,
    entries: Vec<(Name, Option<u64>, Option<u64>)>,
    /// Of an enum (not flags) whose values are all below [`DENSE`]: per value, the index of
    /// the first entry standing for it plus one (0: none), so that finding a name is one
    /// load. Empty otherwise (then the entries are searched).
    by_value: Vec<u16>,
}

/// The largest enum value looked up in a table rather than by searching.
const DENSE: u64 = 1024;

impl EnumNames {
    /// The names of `def`.
    pub(super) fn new(def: &EnumDef) -> Self {
        let entries = def
            .entries
            .iter()
            .map(|e| {
                let wire = |f| def.wire_value(e, f);
                (Name::new(&e.name), wire(false), wire(true))
            })
            .collect::<Vec<_>>();
        let max = entries.iter().map(|e| e.1).max().flatten();
        let mut by_value = Vec::new();
        if let (false, Some(max)) = (def.flags, max.filter(|&m| m < DENSE)) {
            by_value = vec![0u16; max as usize + 1];
            for (i, e) in entries.iter().enumerate() {
                // Every value is at most `max`; the first entry of a value wins, as a
                // search finds it.
                let Some(v) = e.1 else { continue };
                let slot = &mut by_value[v as usize];
                if *slot == 0 {
                    *slot = u16::try_from(i + 1).unwrap_or(0);
                }
            }
        }
        Self {
            flags: def.flags,
            entries,
            by_value,
        }
    }

    /// Whether it is a set of flags.
    pub(super) fn is_flags(&self) -> bool {
        self.flags
    }

    /// The name of the entry standing for `v` read as an enum (not as flags).
    #[inline]
    pub(super) fn entry(&self, v: u64) -> Option<&Name> {
        if self.by_value.is_empty() {
            return self.entries.iter().find(|e| e.1 == Some(v)).map(|e| &e.0);
        }
        let i = *self.by_value.get(usize::try_from(v).ok()?)?;
        Some(&self.entries[usize::from(i.checked_sub(1)?)].0)
    }
}

/// An integer read from the wire, into `out`: enum names, flags as a list of names, the
/// hint's text (`0x…`, an IPv4 address), or the number.
/// `def` is the enum `fmt` names, looked up by the caller.
pub(super) fn int_out(def: Option<&EnumNames>, fmt: &IntFormat, bits: u64, out: &mut impl Sink) {
    if let Some(def) = def {
        return enum_out(def, fmt.as_flags, bits, out);
    }
    match fmt.hint {
        Some(Hint::Hex) => out.text(|s| {
            s.push_str("0x");
            hex_digits(s, bits);
        }),
        Some(Hint::Ipv4) if bits <= u64::from(u32::MAX) => out.ipv4((bits as u32).to_be_bytes()),
        _ if fmt.ty.signed() => out.i64(bits as i64),
        _ => out.u64(bits),
    }
}

/// `n` in lowercase hex without leading zeros (`0` for zero), as `{:x}` writes it.
fn hex_digits(s: &mut String, n: u64) {
    let digits = (64 - n.leading_zeros()).div_ceil(4).max(1);
    for i in (0..digits).rev() {
        s.push(HEX[((n >> (4 * i)) & 0xf) as usize] as char);
    }
}

/// An enum value as its entry's name (the number when no entry has it), or flags as the list
/// of the names of the bits set (a bit without a name as its number).
fn enum_out(def: &EnumNames, as_flags: bool, bits: u64, out: &mut impl Sink) {
    if def.flags || as_flags {
        out.begin_array();
        let mut rest = bits;
        while rest != 0 {
            let bit = rest & rest.wrapping_neg();
            rest &= rest - 1;
            entry_out(def, as_flags, bit, out);
        }
        out.end_array();
    } else {
        entry_out(def, as_flags, bits, out);
    }
}

/// The name of the entry standing for `v`, or `v`.
fn entry_out(def: &EnumNames, as_flags: bool, v: u64, out: &mut impl Sink) {
    let found = if as_flags {
        def.entries.iter().find(|e| e.2 == Some(v)).map(|e| &e.0)
    } else {
        def.entry(v)
    };
    match found {
        Some(name) => out.name(name),
        None => out.u64(v),
    }
}

/// Bytes read from the wire, into `out`: the hint's text when the length suits it, else hex.
pub(super) fn bytes_out(hint: Option<Hint>, b: &[u8], out: &mut impl Sink) {
    match (hint, b.len()) {
        (Some(Hint::Mac | Hint::Fddi), n) if n > 0 => out.text(|s| {
            for (i, &x) in b.iter().enumerate() {
                if i > 0 {
                    s.push(':');
                }
                hex_byte(s, x);
            }
        }),
        (Some(Hint::Ipv4 | Hint::Ipv4OrV6), 4) => {
            out.ipv4(<[u8; 4]>::try_from(b).expect("length checked"))
        }
        (Some(Hint::Ipv6 | Hint::Ipv4OrV6), 16) => out.text(|s| {
            let a = Ipv6Addr::from(<[u8; 16]>::try_from(b).expect("length checked"));
            // Writing to a String cannot fail.
            let _ = write!(s, "{a}");
        }),
        (Some(Hint::Uuid), 16) => out.text(|s| {
            for (i, &x) in b.iter().enumerate() {
                if matches!(i, 4 | 6 | 8 | 10) {
                    s.push('-');
                }
                hex_byte(s, x);
            }
        }),
        _ => out.text(|s| b.iter().for_each(|&x| hex_byte(s, x))),
    }
}

/// One byte as two lowercase hex digits, as the kernel's ynl prints bytes.
fn hex_byte(s: &mut String, x: u8) {
    s.push(HEX[usize::from(x >> 4)] as char);
    s.push(HEX[usize::from(x & 0xf)] as char);
}

/// Bytes from a value: the hint's text (an address, a MAC, a UUID) or hex, with or without
/// `:`, `-` or space between bytes. `Err` says what is wrong.
pub(super) fn parse_bytes(hint: Option<Hint>, v: &Value) -> Result<Vec<u8>, String> {
    let Value::String(s) = v else {
        return Err(format!("expected a string of hex bytes, found {}", what(v)));
    };
    if matches!(hint, Some(Hint::Ipv4 | Hint::Ipv6 | Hint::Ipv4OrV6)) {
        return match s.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) if hint != Some(Hint::Ipv6) => Ok(a.octets().to_vec()),
            Ok(IpAddr::V6(a)) if hint != Some(Hint::Ipv4) => Ok(a.octets().to_vec()),
            _ => Err(format!(
                "'{s}' is not an address of the kind this attribute holds"
            )),
        };
    }
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | ' '))
        .collect();
    if digits.len() % 2 != 0 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("'{s}' is not hex bytes"));
    }
    Ok((0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex digits checked"))
        .collect())
}

/// An integer from a value, as the raw bits to write for format `fmt`: a number, a numeric
/// string (`"0x1f"` too), an enum entry's name, flags as a name or a list of names and
/// numbers, an IPv4 address where the hint says so. Checked against the type's range.
pub(super) fn parse_int(spec: &Spec, fmt: &IntFormat, v: &Value) -> Result<u64, String> {
    let def = fmt.enum_def.as_deref().and_then(|e| spec.enums.get(e));
    let one = |v: &Value| -> Result<i128, String> {
        match v {
            Value::Number(n) => n
                .as_i64()
                .map(i128::from)
                .or(n.as_u64().map(i128::from))
                .ok_or_else(|| format!("{n} is not an integer")),
            Value::Bool(b) => Ok(i128::from(*b)),
            Value::String(s) => {
                if let Some(def) = def {
                    if let Some(e) = def.entry(s) {
                        return def
                            .wire_value(e, fmt.as_flags)
                            .map(i128::from)
                            .ok_or_else(|| format!("entry '{s}' has no value that fits"));
                    }
                }
                if fmt.hint == Some(Hint::Ipv4) {
                    if let Ok(a) = s.parse::<Ipv4Addr>() {
                        return Ok(i128::from(u32::from(a)));
                    }
                }
                parse_number(s).ok_or_else(|| match def {
                    Some(d) => format!("'{s}' is neither a number nor an entry of '{}'", d.name),
                    None => format!("'{s}' is not a number"),
                })
            }
            other => Err(format!("expected a number, found {}", what(other))),
        }
    };
    let n = match v {
        Value::Array(items) if def.is_some_and(|d| d.flags) || fmt.as_flags => {
            let mut acc = 0i128;
            for item in items {
                acc |= one(item)?;
            }
            acc
        }
        other => one(other)?,
    };
    let (min, max): (i128, i128) = match fmt.ty {
        IntType::U8 => (0, u8::MAX.into()),
        IntType::U16 => (0, u16::MAX.into()),
        IntType::U32 => (0, u32::MAX.into()),
        IntType::U64 | IntType::Uint => (0, u64::MAX.into()),
        IntType::S8 => (i8::MIN.into(), i8::MAX.into()),
        IntType::S16 => (i16::MIN.into(), i16::MAX.into()),
        IntType::S32 => (i32::MIN.into(), i32::MAX.into()),
        IntType::S64 | IntType::Sint => (i64::MIN.into(), i64::MAX.into()),
    };
    if n < min || n > max {
        return Err(format!("{n} does not fit a {}", fmt.ty.name()));
    }
    Ok(n as u64)
}

/// A decimal or `0x` hexadecimal integer, possibly negative.
fn parse_number(s: &str) -> Option<i128> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let n = match digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
        Some(h) => i128::from_str_radix(h, 16).ok()?,
        None => digits.parse::<i128>().ok()?,
    };
    Some(if neg { -n } else { n })
}

/// What a value is, for error messages.
pub(super) fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Entry;

    /// The table finds what a search of the entries finds: the first entry of a value, and
    /// nothing for a value without one, inside the table and beyond it; an enum with a value
    /// too large for a table is searched.
    #[test]
    fn enum_entry_by_table_is_the_search() {
        let def = |values: &[u64]| EnumDef {
            name: "e".into(),
            flags: false,
            entries: values
                .iter()
                .enumerate()
                .map(|(i, &value)| Entry {
                    name: format!("n{i}"),
                    value,
                })
                .collect(),
        };
        for (values, table) in [
            (&[0, 3, 3, 7][..], true),
            (&[5, DENSE, 1], false),
            (&[], false),
        ] {
            let names = EnumNames::new(&def(values));
            assert_eq!(!names.by_value.is_empty(), table, "{values:?}");
            for v in 0..DENSE + 2 {
                let want = values.iter().position(|&x| x == v);
                let want = want.map(|i| &names.entries[i].0 as *const Name);
                let got = names.entry(v).map(|n| n as *const Name);
                assert_eq!(got, want, "{values:?} {v}");
            }
        }
    }
}
