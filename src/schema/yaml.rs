//! Reading YAML into checked pieces: every node keeps its line, every mapping is checked
//! against the keys its construct allows, and every failure names file, line and construct.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use std::fmt;

/// Why a description could not be loaded: where, in which construct, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadError {
    /// The file (or `builtin:NAME`).
    pub file: String,
    /// The line, 1-based; 0 when the error concerns the whole file (it cannot be read).
    pub line: usize,
    /// The construct, e.g. `attribute-sets[link-attrs].attributes[mtu]`.
    pub construct: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if !self.construct.is_empty() {
            write!(f, "{}: ", self.construct)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// The node type the loader works on.
pub(super) type Node<'i> = MarkedYaml<'i>;

/// What every reader needs to report an error: the file's name.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx<'f> {
    pub(super) file: &'f str,
}

impl<'f> Ctx<'f> {
    /// An error at `node` in `construct`.
    pub(super) fn err(&self, node: &Node<'_>, construct: &str, message: String) -> LoadError {
        LoadError {
            file: self.file.to_owned(),
            line: node.span.start.line(),
            construct: construct.to_owned(),
            message,
        }
    }

    /// Parses `text` into its one document. Anchors and aliases are resolved by the YAML
    /// loader, which bounds their expansion (100 000 nodes) against crafted files.
    pub(super) fn parse<'i>(&self, text: &'i str) -> Result<Node<'i>, LoadError> {
        let mut docs = Node::load_from_str(text).map_err(|e| LoadError {
            file: self.file.to_owned(),
            line: e.marker().line(),
            construct: String::new(),
            message: format!("not valid YAML: {}", e.info()),
        })?;
        match docs.len() {
            1 => Ok(docs.remove(0)),
            n => Err(LoadError {
                file: self.file.to_owned(),
                line: docs.get(1).map_or(1, |d| d.span.start.line()),
                construct: String::new(),
                message: format!("expected one YAML document, found {n}"),
            }),
        }
    }

    /// `node` as a mapping whose keys are all in `allowed`.
    pub(super) fn map<'a, 'i>(
        &self,
        node: &'a Node<'i>,
        construct: &str,
        allowed: &[&str],
    ) -> Result<Map<'a, 'i>, LoadError>
    where
        'f: 'a,
    {
        let YamlData::Mapping(m) = &node.data else {
            return Err(self.err(
                node,
                construct,
                format!("expected a mapping, found {}", kind(node)),
            ));
        };
        let mut entries = Vec::with_capacity(m.len());
        for (k, v) in m {
            let key = scalar_str(k)
                .ok_or_else(|| self.err(k, construct, "a key must be a string".into()))?;
            if !allowed.contains(&key) {
                return Err(self.err(k, construct, format!("unknown key '{key}'")));
            }
            entries.push((key, v));
        }
        Ok(Map {
            node,
            entries,
            construct: construct.to_owned(),
            ctx: *self,
        })
    }

    /// `node` as a sequence.
    pub(super) fn seq<'a, 'i>(
        &self,
        node: &'a Node<'i>,
        construct: &str,
    ) -> Result<&'a [Node<'i>], LoadError> {
        match &node.data {
            YamlData::Sequence(s) => Ok(s),
            _ => Err(self.err(
                node,
                construct,
                format!("expected a list, found {}", kind(node)),
            )),
        }
    }

    /// `node` as a string.
    pub(super) fn str<'a>(
        &self,
        node: &'a Node<'_>,
        construct: &str,
    ) -> Result<&'a str, LoadError> {
        scalar_str(node).ok_or_else(|| {
            self.err(
                node,
                construct,
                format!("expected a string, found {}", kind(node)),
            )
        })
    }
}

/// A scalar string's text (not a number or boolean written without quotes).
fn scalar_str<'a>(node: &'a Node<'_>) -> Option<&'a str> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        _ => None,
    }
}

/// What a node is, for error messages.
fn kind(node: &Node<'_>) -> &'static str {
    match &node.data {
        YamlData::Value(Scalar::Null) => "nothing",
        YamlData::Value(Scalar::Boolean(_)) => "a boolean",
        YamlData::Value(Scalar::Integer(_)) => "an integer",
        YamlData::Value(Scalar::FloatingPoint(_)) => "a number with a fraction",
        YamlData::Value(Scalar::String(_)) => "a string",
        YamlData::Sequence(_) => "a list",
        YamlData::Mapping(_) => "a mapping",
        YamlData::Tagged(..) => "a tagged node",
        YamlData::Alias(_) => "an unresolved alias",
        YamlData::Representation(..) | YamlData::BadValue => "an unreadable value",
    }
}

/// A mapping whose keys were checked, with typed getters that name the key on error.
pub(super) struct Map<'a, 'i> {
    pub(super) node: &'a Node<'i>,
    entries: Vec<(&'a str, &'a Node<'i>)>,
    pub(super) construct: String,
    ctx: Ctx<'a>,
}

impl<'a, 'i> Map<'a, 'i> {
    /// The value of `key`, if present and not null.
    pub(super) fn get(&self, key: &str) -> Option<&'a Node<'i>> {
        self.entries
            .iter()
            .find(|(k, v)| *k == key && !matches!(v.data, YamlData::Value(Scalar::Null)))
            .map(|(_, v)| *v)
    }

    /// The construct of `key` inside this mapping, for errors.
    pub(super) fn at(&self, key: &str) -> String {
        if self.construct.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.construct)
        }
    }

    /// An error at this mapping.
    pub(super) fn err(&self, message: String) -> LoadError {
        self.ctx.err(self.node, &self.construct, message)
    }

    /// An error at the value of `key` (or at the mapping when absent).
    pub(super) fn err_at(&self, key: &str, message: String) -> LoadError {
        let node = self.get(key).unwrap_or(self.node);
        self.ctx.err(node, &self.at(key), message)
    }

    /// A string value.
    pub(super) fn str(&self, key: &str) -> Result<Option<&'a str>, LoadError> {
        self.get(key)
            .map(|n| self.ctx.str(n, &self.at(key)))
            .transpose()
    }

    /// A required string value.
    pub(super) fn req_str(&self, key: &str) -> Result<&'a str, LoadError> {
        self.str(key)?
            .ok_or_else(|| self.err(format!("missing key '{key}'")))
    }

    /// An integer value.
    pub(super) fn int(&self, key: &str) -> Result<Option<i64>, LoadError> {
        match self.get(key) {
            None => Ok(None),
            Some(Node {
                data: YamlData::Value(Scalar::Integer(i)),
                ..
            }) => Ok(Some(*i)),
            Some(n) => Err(self.ctx.err(
                n,
                &self.at(key),
                format!("expected an integer, found {}", kind(n)),
            )),
        }
    }

    /// A boolean value (absent is false).
    pub(super) fn flag(&self, key: &str) -> Result<bool, LoadError> {
        match self.get(key) {
            None => Ok(false),
            Some(Node {
                data: YamlData::Value(Scalar::Boolean(b)),
                ..
            }) => Ok(*b),
            Some(n) => Err(self.ctx.err(
                n,
                &self.at(key),
                format!("expected true or false, found {}", kind(n)),
            )),
        }
    }

    /// A list value (absent is empty).
    pub(super) fn seq(&self, key: &str) -> Result<&'a [Node<'i>], LoadError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(n) => self.ctx.seq(n, &self.at(key)),
        }
    }

    /// A list of strings (absent is empty).
    pub(super) fn strs(&self, key: &str) -> Result<Vec<&'a str>, LoadError> {
        let construct = self.at(key);
        self.seq(key)?
            .iter()
            .map(|n| self.ctx.str(n, &construct))
            .collect()
    }

    /// An integer, or a string naming a constant (optionally `NAME - 1`, as uapi lengths
    /// are sometimes written), resolved with `lookup`.
    pub(super) fn int_or_const(
        &self,
        key: &str,
        lookup: impl Fn(&str) -> Option<i64>,
    ) -> Result<Option<i64>, LoadError> {
        let Some(n) = self.get(key) else {
            return Ok(None);
        };
        match &n.data {
            YamlData::Value(Scalar::Integer(i)) => Ok(Some(*i)),
            YamlData::Value(Scalar::String(s)) => {
                let (name, minus) = match s.split_once(" - ") {
                    Some((name, sub)) => (name.trim(), sub.trim().parse::<i64>().ok()),
                    None => (s.trim(), Some(0)),
                };
                let v = lookup(name).zip(minus).map(|(v, m)| v - m);
                v.map(Some).ok_or_else(|| {
                    self.ctx.err(
                        n,
                        &self.at(key),
                        format!(
                            "'{s}' is neither a number nor a constant defined in the description"
                        ),
                    )
                })
            }
            _ => Err(self.ctx.err(
                n,
                &self.at(key),
                format!(
                    "expected an integer or a constant's name, found {}",
                    kind(n)
                ),
            )),
        }
    }
}
