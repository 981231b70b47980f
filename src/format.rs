//! The compiled glossary's on-disk form: the layout every record has, one
//! type per record with named reads and one encoder, and the checks a load
//! makes. [`crate::compile`] writes it; the tagger reads it in place.
//!
//! # Format (version 6, all integers little-endian)
//!
//! ```text
//! 0   magic      "SHUYU\0TG"
//! 8   version    u32
//! 12  reserved   u32
//! 16  checksum   u64 of every byte from 24 on
//! 24  sections   11 × (offset u32, length u32): fst, groups, terms,
//!                concepts, strings, index, roots, seconds, pairs, begins,
//!                words
//! ```
//!
//! * **fst**: an `fst` map from each normalised key (see
//!   [`crate::normalize::key`]) to the terms whose key it is: for a key of
//!   one term, `entry << 1 | 1`; for a key of several, `index << 1`, an
//!   index into *groups*. An entry is `term << 4 | flags << 1 | drop_last`:
//!   the term's three flags (needs a boundary on the left, on the right,
//!   matches only as written), so that most matches are accepted without
//!   reading the term, and `drop_last` marking a *-y → -ies*
//!   plural, whose stem is the term less its last letter. An English term
//!   contributes extra keys for its last word's plural and possessive. A
//!   concept's exception (a string in which its term is not the term) is a
//!   key of value [`EXCEPTION`]: it matches and produces nothing.
//! * **groups**: `u32`s; at an index, a count `n` then `n` entries.
//! * **terms**: 10-byte records, grouped by concept: text offset into
//!   *strings*, concept index (three bytes), text length (`u16`), and one
//!   byte of language, status and type.
//! * **concepts**: 12-byte records: the offset in *strings* of the id,
//!   first term, the id's length (`u16`; bit 15 set when a subject or
//!   note follows it in *strings*, as their two `u16` lengths and then
//!   their texts), term count (`u16`). A glossary of one term per concept
//!   (300,000 generated terms: 19.6 MB) is mostly these two tables, the
//!   strings and the fst, so they are kept narrow.
//! * **strings**: UTF-8 text.
//! * **index**, **roots**, **seconds**, **pairs**: the first two levels of
//!   the fst by character, derived from it so that the tagger's most
//!   frequent steps are table lookups, not fst node decoding. Every
//!   character that begins a key or is second in one has an *id*, its rank
//!   in code point order, and a 32-byte record in *roots*: the character
//!   (bit 31 set when a key begins with it), the group index when that
//!   character alone is a key (`u32::MAX` if not), the fst node and output
//!   after it, the range of its records in *seconds*, and the lowest id of
//!   its second characters with a 16.16 fixed-point factor that guesses
//!   where an id lies among them from its distance to it. *seconds* holds,
//!   per root, a block of 16-byte records, one per two-character prefix,
//!   sorted by the id of the second character: an id word (the id in its
//!   low 20 bits; bit 20 set when the prefix is a key; above, the tail tag
//!   below, or 0), the group index when the prefix is a key, and the fst
//!   node and output after it — or, when exactly one key is longer than
//!   the prefix and it is one term's own (not a plural or possessive made
//!   from it), `1 << 31 | offset` of the term's text after its first two
//!   characters in *strings*, and the term's entry: the tagger compares
//!   the rest of the text with that. The search that finds the id brings
//!   its record into cache with it. The tail tag (never 0) is a hash of
//!   the key's third character: the text's next character must have it
//!   before the text is read, and the term's record is read for its
//!   length only once that character agrees. *index* maps every BMP code
//!   point, as it may appear in text, to `(1 + id) << 2 | alone << 1 |
//!   begins` of its folded form (0 for none): 65,536 `u16`s, so folding a
//!   character and asking what it can do is one load from a table small
//!   enough to stay in cache, and the root record is read only when a key
//!   may start there. An id too large for an entry (past 16,381) is written
//!   `0xFFFF`: the tagger then searches the roots by folded character, as
//!   it does outside the BMP. *pairs* is a bit set over a hash of the ids
//!   of every two-character prefix, 16 bits per prefix: most positions in
//!   running text begin a key and go no further, and this set, an eighth
//!   of the seconds' size, turns away about 19 in 20 of them before the
//!   search.
//! * **begins**: a bit per BMP code point, set when a key begins with its
//!   folded form (8 KiB, the index's `begins` bits alone): the question
//!   asked at every position of the text, answered from the fastest cache;
//!   then a bit per BMP code point set when its folded form is second in
//!   some key (8 KiB): a key of two characters or more begins only where
//!   the next character has it, which turns away most positions a key's
//!   first character would let through. The tagger asks it while fewer
//!   than 2,600 characters are set; past that nearly every character of
//!   Chinese text has it, and the tagger asks the *pairs* instead.
//! * **words**: a bit set over a hash of the first word (its leading run
//!   of Latin letters and digits) of every key that begins with one, 16
//!   bits per word. Such a key matches only where the text's word is its
//!   first word, whole (its boundaries see to that), so a word of running
//!   text found in no key is passed over at one load, not walked letter by
//!   letter.
//!
//! Loading checks the header, the section bounds and the checksum (a
//! damaged or truncated file is refused), every term and concept record,
//! all without allocating; strings, group entries and fst nodes named by
//! the tables are bounds-checked as the tagger reads them.

use std::fmt;
use std::ops::Range;

use crate::glossary::{Lang, Status, TermType};

pub(crate) const MAGIC: &[u8; 8] = b"SHUYU\0TG";
/// The version of the compiled format this build reads and writes.
pub const VERSION: u32 = 6;
pub(crate) const SECTIONS: usize = 11;
pub(crate) const HEADER_LEN: usize = 24 + SECTIONS * 8;
pub(crate) const ROOT_LEN: usize = 32;
pub(crate) const SECOND_LEN: usize = 16;
pub(crate) const INDEX_LEN: usize = 0x10000 * 2;
/// The bytes of a bit set over the BMP.
pub(crate) const BMP_SET: usize = 0x10000 / 8;
pub(crate) const BEGINS_LEN: usize = 2 * BMP_SET;
/// No group: the prefix is not a key by itself.
pub(crate) const NO_GROUP: u32 = u32::MAX;
/// The group of an exception's key: the span is consumed, no term matches.
pub(crate) const EXCEPTION: u32 = u32::MAX - 1;
const TERM_LEN: usize = 10;
const CONCEPT_LEN: usize = 12;
/// The most concepts a compiled glossary holds: a term record names its
/// concept in three bytes.
pub(crate) const MAX_CONCEPTS: u32 = 1 << 24;

pub(crate) const FLAG_LEFT: u8 = 1;
pub(crate) const FLAG_RIGHT: u8 = 2;
pub(crate) const FLAG_CASED: u8 = 4;

/// In a root record's character field: a key begins with the character.
const ROOT_BEGINS: u32 = 1 << 31;
/// In a seconds record's node field: the one longer key is a term's own;
/// the other bits are where the term's text goes on after the prefix, in
/// the strings, and the output field holds its entry.
pub(crate) const TAIL: u32 = 1 << 31;
/// In the index: the character's id is too large for an entry, so the
/// tagger searches the roots for it.
const INDEX_FAR: u32 = 0xFFFF;

/// A term of a key's value (in the fst or a group): the term's index, its
/// flags, and whether the key is a plural that drops the term's last
/// letter: `term << 4 | flags << 1 | drop_last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TermEntry(pub u32);

impl TermEntry {
    pub fn new(term: u32, flags: u8, drop_last: bool) -> TermEntry {
        TermEntry(term << 4 | u32::from(flags) << 1 | u32::from(drop_last))
    }
    #[inline]
    pub fn term(self) -> usize {
        (self.0 >> 4) as usize
    }
    #[inline]
    pub fn flags(self) -> u8 {
        (self.0 >> 1) as u8 & 7
    }
    #[inline]
    pub fn drop_last(self) -> bool {
        self.0 & 1 == 1
    }
}

/// An entry of the index, for a BMP character as it may stand in text:
/// `(1 + id) << 2 | alone << 1 | begins` of its folded form, 0 when no key
/// has it first or second, [`IndexEntry::is_far`] when its id is too large
/// for the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IndexEntry(u32);

impl IndexEntry {
    /// The entry of a character no key has first or second.
    pub const NONE: IndexEntry = IndexEntry(0);

    pub fn new(id: u32, begins: bool, alone: bool) -> IndexEntry {
        IndexEntry((id + 1) << 2 | u32::from(alone) << 1 | u32::from(begins))
    }

    /// The entry of BMP character `u` in the index section.
    #[inline]
    pub fn read(index: &[u8], u: u32) -> IndexEntry {
        IndexEntry(read_u16(index, u as usize * 2))
    }

    /// The two bytes the index stores: the entry, or the far mark for an
    /// id past what two bytes hold.
    pub fn encode(self) -> [u8; 2] {
        u16::try_from(self.0)
            .unwrap_or(INDEX_FAR as u16)
            .to_le_bytes()
    }

    /// Whether the id is past what the index holds: the tagger searches
    /// the roots instead.
    #[inline]
    pub fn is_far(self) -> bool {
        self.0 == INDEX_FAR
    }

    /// Whether no key has the character first or second.
    #[inline]
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// The character's id; `u32::MAX` when it has none.
    #[inline]
    pub fn id(self) -> u32 {
        (self.0 >> 2).wrapping_sub(1)
    }

    /// Whether a key begins with the character.
    #[inline]
    pub fn begins(self) -> bool {
        self.0 & 1 != 0
    }

    /// Whether the character alone is a key.
    #[inline]
    pub fn alone(self) -> bool {
        self.0 & 2 != 0
    }
}

/// A character's record in the roots: the character (and whether a key
/// begins with it), its group when it alone is a key, the fst node and
/// output after it, the range of its records in the seconds, and the
/// lowest id among them with the factor that guesses an id's place.
#[derive(Clone, Copy)]
pub(crate) struct RootRecord<'g>(pub &'g [u8]);

impl RootRecord<'_> {
    /// The character's root record, as written.
    pub fn encode(root: &Root) -> [u8; ROOT_LEN] {
        let begins = if root.begins { ROOT_BEGINS } else { 0 };
        let fields = [
            u32::from(root.character) | begins,
            root.alone,
            root.node,
            root.output,
            root.seconds_start,
            root.seconds_len,
            root.low_id,
            root.scale,
        ];
        let mut out = [0u8; ROOT_LEN];
        for (slot, v) in out.chunks_exact_mut(4).zip(fields) {
            slot.copy_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The character of a record at `at` in the roots, without the begins
    /// bit: what the search by character compares.
    #[inline]
    pub fn character_at(roots: &[u8], at: usize) -> u32 {
        read_u32(roots, at * ROOT_LEN) & !ROOT_BEGINS
    }

    #[inline]
    pub fn begins(self) -> bool {
        read_u32(self.0, 0) & ROOT_BEGINS != 0
    }
    /// The group when the character alone is a key, else [`NO_GROUP`].
    #[inline]
    pub fn alone(self) -> u32 {
        read_u32(self.0, 4)
    }
    #[inline]
    pub fn seconds_start(self) -> usize {
        read_u32(self.0, 16) as usize
    }
    #[inline]
    pub fn seconds_len(self) -> usize {
        read_u32(self.0, 20) as usize
    }
    #[inline]
    pub fn low_id(self) -> u32 {
        read_u32(self.0, 24)
    }
    /// The 16.16 fixed-point factor from an id's distance to
    /// [`RootRecord::low_id`] to its guessed place.
    #[inline]
    pub fn scale(self) -> u32 {
        read_u32(self.0, 28)
    }
}

/// The fields of a root record to write (see [`RootRecord`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Root {
    pub character: char,
    pub begins: bool,
    pub alone: u32,
    pub node: u32,
    pub output: u32,
    pub seconds_start: u32,
    pub seconds_len: u32,
    pub low_id: u32,
    pub scale: u32,
}

impl Root {
    /// The record of a character that is only ever second in a key.
    pub fn second_only(character: char) -> Root {
        Root {
            character,
            begins: false,
            alone: NO_GROUP,
            node: 0,
            output: 0,
            seconds_start: 0,
            seconds_len: 0,
            low_id: 0,
            scale: 0,
        }
    }
}

/// The id word of a two-character prefix's record in the seconds: the
/// second character's id (low 20 bits), whether the prefix is a key (bit
/// 20), and above, the tail tag of the one longer key, or 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SecondId(pub u32);

impl SecondId {
    pub fn new(id: u32, prefix_is_key: bool, tail_tag: u32) -> SecondId {
        let key = if prefix_is_key { PREFIX_KEY } else { 0 };
        SecondId(id | key | tail_tag << TAG_SHIFT)
    }
    /// The id word of the record at `at` in a block of the seconds.
    #[inline]
    pub fn read(block: &[u8], at: usize) -> SecondId {
        SecondId(read_u32(block, at * SECOND_LEN))
    }
    #[inline]
    pub fn id(self) -> u32 {
        self.0 & ID_BITS
    }
    #[inline]
    pub fn prefix_is_key(self) -> bool {
        self.0 & PREFIX_KEY != 0
    }
    /// The tail tag ([`tail_tag`]) of the one longer key, or 0.
    #[inline]
    pub fn tail_tag(self) -> u32 {
        self.0 >> TAG_SHIFT
    }
}

/// What follows a two-character prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum After {
    /// The fst state after the prefix.
    Fst { node: u32, output: u32 },
    /// One longer key, a term's own: where the term's text goes on after
    /// the prefix (an offset in the strings) and the term's entry.
    Tail { rest: u32, entry: TermEntry },
}

/// A two-character prefix's record in the seconds, after its id word: its
/// group when the prefix is a key, and what follows it.
#[derive(Clone, Copy)]
pub(crate) struct SecondRecord<'g>(pub &'g [u8]);

impl SecondRecord<'_> {
    /// The record, id word first, as written.
    pub fn encode(id: SecondId, group: u32, after: After) -> [u8; SECOND_LEN] {
        let (node, output) = match after {
            After::Fst { node, output } => (node, output),
            After::Tail { rest, entry } => (TAIL | rest, entry.0),
        };
        let mut out = [0u8; SECOND_LEN];
        for (slot, v) in out.chunks_exact_mut(4).zip([id.0, group, node, output]) {
            slot.copy_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The group when the prefix is a key, else [`NO_GROUP`].
    #[inline]
    pub fn group(self) -> u32 {
        read_u32(self.0, 0)
    }

    #[inline]
    pub fn after(self) -> After {
        let (node, output) = (read_u32(self.0, 4), read_u32(self.0, 8));
        if node & TAIL != 0 {
            After::Tail {
                rest: node & !TAIL,
                entry: TermEntry(output),
            }
        } else {
            After::Fst { node, output }
        }
    }
}

/// An error loading a compiled glossary: the bytes are not one this build
/// can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    kind: LoadErrorKind,
}

/// Why the bytes cannot be loaded; see [`LoadError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The bytes are not a compiled shuyu glossary.
    NotCompiled,
    /// A compiled glossary of another format version.
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version found.
        got: u32,
    },
    /// A compiled glossary whose contents are damaged.
    Corrupt {
        /// Which part failed its check.
        what: &'static str,
    },
}

impl LoadError {
    pub(crate) fn new(kind: LoadErrorKind) -> LoadError {
        LoadError { kind }
    }

    fn corrupt(what: &'static str) -> LoadError {
        LoadError::new(LoadErrorKind::Corrupt { what })
    }

    /// Why the bytes cannot be loaded.
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            LoadErrorKind::NotCompiled => write!(
                f,
                "not a compiled shuyu glossary (write one with `shuyu compile`)"
            ),
            LoadErrorKind::Version { expected, got } => write!(
                f,
                "compiled glossary has format version {got}, this shuyu reads version {expected}: compile it again"
            ),
            LoadErrorKind::Corrupt { what } => {
                write!(f, "the compiled glossary is damaged ({what}): compile it again")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Whether `bytes` start like a compiled glossary (used to tell a compiled
/// file from a TBX or TSV one).
pub fn is_compiled(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// A hash of a word's key characters, for the words set.
#[derive(Clone, Copy)]
pub(crate) struct WordHash(u64);

impl WordHash {
    pub fn new() -> WordHash {
        WordHash(0xCBF2_9CE4_8422_2325)
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        self.0 = (self.0 ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01B3);
    }

    #[inline]
    pub fn finish(self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// The hash of the two-character prefix of the characters with ids `first`
/// and `second`, for the pairs set.
#[inline]
pub(crate) fn pair_hash(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32 | u64::from(second)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The bit of hash `h` in a set of `bits` bits: its high half scaled onto
/// the set, so the set need not be a power of two in size.
#[inline]
fn filter_bit(h: u64, bits: usize) -> usize {
    (((h >> 32) * bits as u64) >> 32) as usize
}

/// A set of hashes with 16 bits per distinct member: about one in twenty
/// non-members passes.
pub(crate) fn filter(mut hashes: Vec<u64>) -> Vec<u8> {
    hashes.sort_unstable();
    hashes.dedup();
    let mut set = vec![0u8; (hashes.len() * 2).max(8)];
    for h in hashes {
        let b = filter_bit(h, set.len() * 8);
        set[b / 8] |= 1 << (b % 8);
    }
    set
}

/// Whether a set made by [`filter`] may hold `h`: false means it does not.
#[inline]
pub(crate) fn filter_has(set: &[u8], h: u64) -> bool {
    let b = filter_bit(h, set.len() * 8);
    set.get(b / 8)
        .is_some_and(|&byte| byte & (1 << (b % 8)) != 0)
}

/// In the seconds ids: the character's id.
pub(crate) const ID_BITS: u32 = 0xF_FFFF;
/// In the seconds ids: the two-character prefix is itself a key.
const PREFIX_KEY: u32 = 1 << 20;
/// In the seconds ids: where a tail's tag begins.
const TAG_SHIFT: u32 = 21;

/// The 11-bit tag of a tail's first key character, never 0: the text's
/// next character is checked against it before the record or the term's
/// text is read, which turns away most texts that leave the term there.
#[inline]
pub(crate) fn tail_tag(c: char) -> u32 {
    u32::from(c).wrapping_mul(0x9E37_79B1) >> 22 | 1
}

/// A term record: text offset u32, concept u32, text length u16, language
/// u8, then status (2 bits) and type (3 bits) in one byte.
#[derive(Clone, Copy)]
pub(crate) struct TermRecord<'a>(pub &'a [u8]);

impl TermRecord<'_> {
    /// The record of a term whose text is at `text` in the strings, of a
    /// concept below [`MAX_CONCEPTS`].
    pub fn encode(
        text: (u32, u16),
        concept: u32,
        lang: Lang,
        status: Status,
        kind: TermType,
    ) -> [u8; TERM_LEN] {
        debug_assert!(concept < MAX_CONCEPTS);
        let mut out = [0u8; TERM_LEN];
        out[0..4].copy_from_slice(&text.0.to_le_bytes());
        out[4..7].copy_from_slice(&concept.to_le_bytes()[..3]);
        out[7..9].copy_from_slice(&text.1.to_le_bytes());
        out[9] = lang.to_u8() | (status as u8) << 2 | (kind as u8) << 4;
        out
    }
    pub fn text_offset(self) -> u32 {
        read_u32(self.0, 0)
    }
    pub fn concept(self) -> u32 {
        u32::from_le_bytes([self.0[4], self.0[5], self.0[6], 0])
    }
    pub fn text_len(self) -> u32 {
        read_u16(self.0, 7)
    }
    pub fn lang(self) -> u8 {
        self.0[9] & 3
    }
    pub fn status(self) -> u8 {
        (self.0[9] >> 2) & 3
    }
    pub fn kind(self) -> u8 {
        self.0[9] >> 4
    }
}

/// A concept record: offset u32 of its id in the strings, first term u32,
/// the id's length u16 (bit 15 set when a subject or note follows it) and
/// term count u16. A subject or note is written after the id as their two
/// lengths (u16 each, 0 for none), then the subject, then the note: most
/// concepts have neither and pay nothing for them.
#[derive(Clone, Copy)]
pub(crate) struct ConceptRecord<'a>(pub &'a [u8]);

/// In a concept record's id length: a subject or note follows the id.
const CONCEPT_EXTRAS: u32 = 1 << 15;

impl ConceptRecord<'_> {
    /// The record of a concept whose id (of `id_len` bytes, below 32 KiB)
    /// is at `offset` in the strings, followed by its subject and note
    /// lengths when `extras`, and whose `count` terms begin at term
    /// `first`.
    pub fn encode(
        offset: u32,
        id_len: u16,
        extras: bool,
        first: u32,
        count: u16,
    ) -> [u8; CONCEPT_LEN] {
        debug_assert!(u32::from(id_len) < CONCEPT_EXTRAS);
        let mut out = [0u8; CONCEPT_LEN];
        out[0..4].copy_from_slice(&offset.to_le_bytes());
        out[4..8].copy_from_slice(&first.to_le_bytes());
        let id = u32::from(id_len) | if extras { CONCEPT_EXTRAS } else { 0 };
        out[8..10].copy_from_slice(&(id as u16).to_le_bytes());
        out[10..12].copy_from_slice(&count.to_le_bytes());
        out
    }
    pub fn offset(self) -> u32 {
        read_u32(self.0, 0)
    }
    pub fn first(self) -> u32 {
        read_u32(self.0, 4)
    }
    pub fn id_len(self) -> u32 {
        read_u16(self.0, 8) & !CONCEPT_EXTRAS
    }
    /// Whether the subject and note lengths follow the id.
    pub fn has_extras(self) -> bool {
        read_u16(self.0, 8) & CONCEPT_EXTRAS != 0
    }
    pub fn count(self) -> u32 {
        read_u16(self.0, 10)
    }
    /// Where the subject and the note lie in `strings` (empty ranges when
    /// the concept has none), or `None` when the lengths run past them.
    pub fn extras(self, strings: &[u8]) -> Option<[Range<usize>; 2]> {
        let at = self.offset() as usize + self.id_len() as usize;
        if !self.has_extras() {
            return Some([at..at, at..at]);
        }
        let lens = strings.get(at..at.checked_add(4)?)?;
        let subject = read_u16(lens, 0) as usize;
        let note = read_u16(lens, 2) as usize;
        let start = at + 4;
        let end = start + subject + note;
        (end <= strings.len()).then_some([start..start + subject, start + subject..end])
    }
}

#[inline]
pub(crate) fn read_u16(bytes: &[u8], at: usize) -> u32 {
    let word: [u8; 2] = bytes[at..at + 2].try_into().expect("two bytes");
    u32::from(u16::from_le_bytes(word))
}

#[inline]
pub(crate) fn read_u32(bytes: &[u8], at: usize) -> u32 {
    // One bounds check and one load, where indexing byte by byte makes four.
    let word: [u8; 4] = bytes[at..at + 4].try_into().expect("four bytes");
    u32::from_le_bytes(word)
}

/// Where each section lies in a compiled glossary, checked on load so that
/// the tagger's accessors cannot go out of bounds.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub fst: Range<usize>,
    pub groups: Range<usize>,
    pub terms: Range<usize>,
    pub concepts: Range<usize>,
    pub strings: Range<usize>,
    pub index: Range<usize>,
    pub roots: Range<usize>,
    pub seconds: Range<usize>,
    pub pairs: Range<usize>,
    pub begins: Range<usize>,
    pub words: Range<usize>,
}

impl Layout {
    pub fn term_count(&self) -> usize {
        self.terms.len() / TERM_LEN
    }

    pub fn concept_count(&self) -> usize {
        self.concepts.len() / CONCEPT_LEN
    }

    pub fn term_record(&self, i: usize) -> Range<usize> {
        let at = self.terms.start + i * TERM_LEN;
        at..at + TERM_LEN
    }

    pub fn concept_record(&self, i: usize) -> Range<usize> {
        let at = self.concepts.start + i * CONCEPT_LEN;
        at..at + CONCEPT_LEN
    }

    /// Checks what the tagger later relies on: header, section bounds,
    /// the checksum, every term's concept and enum values, every concept's
    /// term range.
    pub fn parse(bytes: &[u8]) -> Result<Layout, LoadError> {
        if !is_compiled(bytes) {
            return Err(LoadError::new(LoadErrorKind::NotCompiled));
        }
        if bytes.len() < HEADER_LEN {
            return Err(LoadError::corrupt("header"));
        }
        let version = read_u32(bytes, 8);
        if version != VERSION {
            return Err(LoadError::new(LoadErrorKind::Version {
                expected: VERSION,
                got: version,
            }));
        }
        let mut ranges = Vec::with_capacity(SECTIONS);
        for i in 0..SECTIONS {
            let off = read_u32(bytes, 24 + i * 8) as usize;
            let len = read_u32(bytes, 28 + i * 8) as usize;
            let end = off
                .checked_add(len)
                .ok_or(LoadError::corrupt("section table"))?;
            if off < HEADER_LEN || end > bytes.len() {
                return Err(LoadError::corrupt("section table"));
            }
            ranges.push(off..end);
        }
        let stored = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
        if crate::checksum::checksum(&bytes[24..]) != stored {
            return Err(LoadError::corrupt("checksum"));
        }
        let layout = Layout {
            fst: ranges[0].clone(),
            groups: ranges[1].clone(),
            terms: ranges[2].clone(),
            concepts: ranges[3].clone(),
            strings: ranges[4].clone(),
            index: ranges[5].clone(),
            roots: ranges[6].clone(),
            seconds: ranges[7].clone(),
            pairs: ranges[8].clone(),
            begins: ranges[9].clone(),
            words: ranges[10].clone(),
        };
        if !layout.terms.len().is_multiple_of(TERM_LEN)
            || !layout.concepts.len().is_multiple_of(CONCEPT_LEN)
            || !layout.groups.len().is_multiple_of(4)
            || layout.index.len() != INDEX_LEN
            || !layout.roots.len().is_multiple_of(ROOT_LEN)
            || !layout.seconds.len().is_multiple_of(SECOND_LEN)
            || layout.pairs.len() < 8
            || layout.begins.len() != BEGINS_LEN
            || layout.words.len() < 8
        {
            return Err(LoadError::corrupt("record sizes"));
        }
        let fst = &bytes[layout.fst.clone()];
        fst::raw::Fst::new(fst).map_err(|_| LoadError::corrupt("fst"))?;
        crate::nodes::Nodes::new(fst).ok_or(LoadError::corrupt("fst"))?;
        let strings = layout.strings.len();
        let string_ok = |off: u32, len: u32| {
            (off as usize)
                .checked_add(len as usize)
                .is_some_and(|end| end <= strings)
        };
        let terms = layout.term_count();
        let concepts = layout.concept_count();
        for i in 0..terms {
            let r = TermRecord(&bytes[layout.term_record(i)]);
            if !string_ok(r.text_offset(), r.text_len())
                || r.text_len() == 0
                || r.concept() as usize >= concepts
                || Lang::from_u8(r.lang()).is_none()
                || Status::from_u8(r.status()).is_none()
                || TermType::from_u8(r.kind()).is_none()
            {
                return Err(LoadError::corrupt("term table"));
            }
        }
        let strings_bytes = &bytes[layout.strings.clone()];
        for i in 0..concepts {
            let r = ConceptRecord(&bytes[layout.concept_record(i)]);
            let (first, count) = (r.first() as usize, r.count() as usize);
            if !string_ok(r.offset(), r.id_len())
                || r.extras(strings_bytes).is_none()
                || first.checked_add(count).is_none_or(|end| end > terms)
            {
                return Err(LoadError::corrupt("concept table"));
            }
        }
        // Group entries are not walked here (that would cost a pass over
        // every key on each load); the tagger reads them with bounds checks.
        Ok(layout)
    }
}
