//! Recognising an attribute block framed exactly like one already walked.
//!
//! The messages of a dump mostly share one framing: the same attributes in the same order with
//! the same lengths (the routes of a table differ in their values, not in their shape). Walking
//! attributes is a chain of dependent loads, each header giving the place of the next; checking
//! that a block has a framing already walked is a handful of independent loads, which the
//! processor runs side by side. A family decoder keeps what one walk found (where each payload
//! it reads sits) together with the block's [`AttrLayout`], and reuses it for every following
//! block the layout matches.

use super::attr::{Attr, AttrIter};
use super::consts::NLA_HDRLEN;
use super::error::ParseError;

/// The framing of one attribute block: its length and every attribute header (length and type,
/// flags included) with its offset.
///
/// A block that [`matches`](AttrLayout::matches) it is walked by [`AttrIter`] into attributes of
/// the same types, at the same offsets, with the same lengths: the first header is at offset 0
/// in both, each header fixes where the next one starts, and both blocks end at the same length.
#[derive(Debug, Clone)]
pub struct AttrLayout {
    /// Block length; `usize::MAX` for [`AttrLayout::NONE`], which no block has.
    len: usize,
    /// How many attributes; `at` and `heads` hold that many.
    n: u8,
    /// Offset of each attribute header in the block.
    at: [u32; AttrLayout::MAX_ATTRS],
    /// Each attribute header's four bytes, as a native-endian `u32`.
    heads: [u32; AttrLayout::MAX_ATTRS],
}

impl AttrLayout {
    /// The most attributes a layout records; a block with more gets [`AttrLayout::NONE`]. A
    /// route message carries up to about ten.
    pub const MAX_ATTRS: usize = 16;

    /// Matches no block: what a decoder starts with.
    pub const NONE: AttrLayout = AttrLayout {
        len: usize::MAX,
        n: 0,
        at: [0; AttrLayout::MAX_ATTRS],
        heads: [0; AttrLayout::MAX_ATTRS],
    };

    /// Walks the attributes of `block` as [`AttrIter`] does, handing each to `each` with the
    /// offset of its payload in `block`, and becomes the block's layout. The first malformed
    /// attribute is the error, as from [`AttrIter`], or the first error `each` returns; the
    /// layout is then [`AttrLayout::NONE`], as it is for a block of more than
    /// [`AttrLayout::MAX_ATTRS`] attributes (walked in full all the same).
    #[inline]
    pub fn walk<'a>(
        &mut self,
        block: &'a [u8],
        mut each: impl FnMut(Attr<'a>, usize) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        // Recorded in place: the layout is a few cache lines, better not copied around.
        self.len = usize::MAX;
        self.n = 0;
        let mut n = 0;
        let mut complete = u32::try_from(block.len()).is_ok();
        for attr in AttrIter::new(block) {
            let attr = attr?;
            let payload_at = attr.payload().as_ptr() as usize - block.as_ptr() as usize;
            let head_at = payload_at - NLA_HDRLEN;
            if n < AttrLayout::MAX_ATTRS {
                let head = &block[head_at..payload_at];
                self.heads[n] = u32::from_ne_bytes([head[0], head[1], head[2], head[3]]);
                // Fits: the block's length does, or `complete` is false.
                self.at[n] = head_at as u32;
                n += 1;
            } else {
                complete = false;
            }
            each(attr, payload_at)?;
        }
        if complete {
            self.len = block.len();
            self.n = n as u8;
        }
        Ok(())
    }

    /// Whether `block` is framed exactly like the block this layout was walked from: the same
    /// length and the same attribute headers at the same offsets.
    #[inline]
    pub fn matches(&self, block: &[u8]) -> bool {
        if block.len() != self.len {
            return false;
        }
        let n = usize::from(self.n).min(AttrLayout::MAX_ATTRS);
        // One test at the end instead of one branch per attribute.
        let mut differ = 0;
        for (&at, &head) in self.at[..n].iter().zip(&self.heads[..n]) {
            // SAFETY: `walk` recorded `at` for a header inside a block of `self.len` bytes
            // (so `at + NLA_HDRLEN <= self.len`), and `block` has `self.len` bytes: the read is
            // in bounds. Unaligned: netlink aligns to 4, the buffer may not be.
            let word = unsafe {
                block
                    .as_ptr()
                    .add(at as usize)
                    .cast::<u32>()
                    .read_unaligned()
            };
            differ |= word ^ head;
        }
        differ == 0
    }
}

impl Default for AttrLayout {
    fn default() -> Self {
        AttrLayout::NONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::MsgBuilder;

    fn block(attrs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut b = MsgBuilder::new(16, 0);
        for (ty, payload) in attrs {
            b.put(*ty, payload).unwrap();
        }
        b.bytes().unwrap()[16..].to_vec()
    }

    #[test]
    fn a_block_framed_alike_matches_and_any_change_of_framing_does_not() {
        let a = block(&[(15, &[1, 0, 0, 0]), (1, &[10, 0, 0, 1]), (3, b"eth0\0")]);
        let mut seen = Vec::new();
        let mut layout = AttrLayout::NONE;
        layout
            .walk(&a, |attr, at| {
                seen.push((attr.kind(), at));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, [(15, 4), (1, 12), (3, 20)]);
        assert!(layout.matches(&a));
        // Other values, same framing.
        assert!(layout.matches(&block(&[
            (15, &[9, 9, 9, 9]),
            (1, &[1, 2, 3, 4]),
            (3, b"eth9\0")
        ])));
        // Another type, another length, another order, one more or one fewer attribute.
        for other in [
            block(&[(15, &[1, 0, 0, 0]), (2, &[10, 0, 0, 1]), (3, b"eth0\0")]),
            block(&[(15, &[1, 0, 0, 0]), (1, &[10, 0, 0, 1]), (3, b"eth10\0")]),
            block(&[(1, &[10, 0, 0, 1]), (15, &[1, 0, 0, 0]), (3, b"eth0\0")]),
            block(&[
                (15, &[1, 0, 0, 0]),
                (1, &[10, 0, 0, 1]),
                (3, b"eth0\0"),
                (4, &[]),
            ]),
            block(&[(15, &[1, 0, 0, 0]), (1, &[10, 0, 0, 1])]),
        ] {
            assert!(!layout.matches(&other), "{other:?}");
        }
        // The nested flag is part of the header.
        let nested = block(&[
            (15 | 0x8000, &[1, 0, 0, 0]),
            (1, &[10, 0, 0, 1]),
            (3, b"eth0\0"),
        ]);
        assert!(!layout.matches(&nested));
    }

    /// The layout of `b`, walked with a visitor that accepts everything.
    fn layout_of(b: &[u8]) -> Result<AttrLayout, ParseError> {
        let mut layout = AttrLayout::NONE;
        layout.walk(b, |_, _| Ok(()))?;
        Ok(layout)
    }

    #[test]
    fn none_matches_nothing_and_too_many_attributes_give_none() {
        assert!(!AttrLayout::NONE.matches(&[]));
        assert!(layout_of(&[]).unwrap().matches(&[]));
        let many: Vec<(u16, &[u8])> = (1..=17).map(|t| (t, &[0u8; 4][..])).collect();
        let b = block(&many);
        let mut count = 0;
        let mut layout = AttrLayout::NONE;
        layout
            .walk(&b, |_, _| {
                count += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(count, 17);
        assert!(!layout.matches(&b));
        let sixteen = block(&many[..16]);
        assert!(layout_of(&sixteen).unwrap().matches(&sixteen));
    }

    #[test]
    fn an_error_leaves_none() {
        let good = block(&[(1, &[1, 2, 3, 4]), (2, &[5, 6, 7, 8])]);
        let mut bad = good.clone();
        bad[8] = 200; // the second attribute's length overruns the block
        let want = AttrIter::new(&bad).nth(1).unwrap().unwrap_err();
        let mut layout = layout_of(&good).unwrap();
        assert_eq!(layout.walk(&bad, |_, _| Ok(())), Err(want));
        assert!(!layout.matches(&good) && !layout.matches(&bad));
        // The visitor's error too.
        let mut layout = layout_of(&good).unwrap();
        let refuse = ParseError::StringNotTerminated { attr_type: 2 };
        let mut seen = 0;
        let got = layout.walk(&good, |_, _| {
            seen += 1;
            if seen == 2 {
                return Err(refuse.clone());
            }
            Ok(())
        });
        assert_eq!(got, Err(refuse));
        assert!(!layout.matches(&good));
    }
}
