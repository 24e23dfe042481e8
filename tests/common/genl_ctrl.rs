//! `genl ctrl list` as the oracle of the generic netlink controller (`tests/genl_families.rs`, and
//! nlctrl's description in `tests/c_nlynl.rs`).

use std::process::Command;

/// What `genl ctrl list` prints for one family.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Printed {
    pub name: String,
    pub id: u16,
    pub version: u32,
    pub hdrsize: u32,
    pub maxattr: u32,
    /// Command and flags; iproute2 prints the flags only for families of version 2 and up
    /// (it tests the family's version where the controller's is meant), so they are `None`
    /// on both sides for the others.
    pub ops: Vec<(u32, Option<u32>)>,
    pub groups: Vec<(String, u32)>,
}

/// The value after `label` among `tokens`.
fn after<'a>(tokens: &[&'a str], label: &str) -> &'a str {
    let at = tokens
        .iter()
        .position(|t| *t == label)
        .unwrap_or_else(|| panic!("no {label:?} in {tokens:?}"));
    tokens[at + 1]
}

fn hex(s: &str) -> u32 {
    let digits = s
        .strip_prefix("0x")
        .unwrap_or_else(|| panic!("not hex: {s:?}"));
    u32::from_str_radix(digits, 16).unwrap()
}

/// Parses iproute2's text (genl/ctrl.c): "Name: X", then "ID: 0x10  Version: 0x2  header
/// size: 0  max attribs: 10", then under "commands supported:" lines "#1:  ID-0x3" each
/// followed by "Capabilities (0xe):", and under "multicast groups:" lines
/// "#1:  ID-0x10  name: notify".
pub fn genl_ctrl_list() -> Vec<Printed> {
    let out = Command::new("genl")
        .args(["ctrl", "list"])
        .output()
        .expect("run genl (is iproute2 installed?)");
    assert!(
        out.status.success(),
        "genl ctrl list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("genl prints UTF-8");
    let mut families: Vec<Printed> = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let Some(&first) = tokens.first() else {
            continue;
        };
        if first == "Name:" {
            families.push(Printed {
                name: tokens[1].to_owned(),
                ..Default::default()
            });
            continue;
        }
        let fam = families
            .last_mut()
            .expect("a family line before its details");
        if first == "ID:" {
            fam.id = hex(after(&tokens, "ID:")) as u16;
            fam.version = hex(after(&tokens, "Version:"));
            fam.hdrsize = after(&tokens, "size:").parse().unwrap();
            fam.maxattr = after(&tokens, "attribs:").parse().unwrap();
        } else if first.starts_with('#') && tokens.contains(&"name:") {
            let id = hex(tokens[1].strip_prefix("ID-").expect("group ID-0x.."));
            fam.groups.push((after(&tokens, "name:").to_owned(), id));
        } else if first.starts_with('#') {
            let id = hex(tokens[1].strip_prefix("ID-").expect("op ID-0x.."));
            fam.ops.push((id, None));
        } else if first == "Capabilities" {
            let flags = tokens[1].trim_start_matches('(').trim_end_matches("):");
            fam.ops.last_mut().expect("capabilities follow an op").1 = Some(hex(flags));
        }
    }
    families
}
