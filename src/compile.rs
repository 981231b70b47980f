//! Compiling a glossary into its on-disk form, and reading that form back
//! without parsing or allocating per term.
//!
//! # Format (version 4, all integers little-endian)
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
//!   contributes extra keys for its last word's plural and possessive.
//! * **groups**: `u32`s; at an index, a count `n` then `n` entries.
//! * **terms**: 12-byte records, grouped by concept: text offset into
//!   *strings*, concept index, text length (`u16`), language, and one byte
//!   of status and type.
//! * **concepts**: 16-byte records: the offset in *strings* of the id,
//!   subject and note written one after another, their three lengths
//!   (`u16`, 0 for none), first term, term count (`u16`).
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

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use crate::glossary::{Glossary, Lang, Status, TermType};
use crate::normalize::{self, fold_key, has_capital, is_latin_alnum, Chars};

pub(crate) const MAGIC: &[u8; 8] = b"SHUYU\0TG";
/// The version of the compiled format this build reads and writes.
pub const VERSION: u32 = 4;
const SECTIONS: usize = 11;
const HEADER_LEN: usize = 24 + SECTIONS * 8;
pub(crate) const ROOT_LEN: usize = 32;
pub(crate) const SECOND_LEN: usize = 16;
const INDEX_LEN: usize = 0x10000 * 2;
const BEGINS_LEN: usize = 2 * 0x10000 / 8;
/// No group: the prefix is not a key by itself.
pub(crate) const NO_GROUP: u32 = u32::MAX;
const TERM_LEN: usize = 12;
const CONCEPT_LEN: usize = 16;

pub(crate) const FLAG_LEFT: u8 = 1;
pub(crate) const FLAG_RIGHT: u8 = 2;
pub(crate) const FLAG_CASED: u8 = 4;

/// In a root record's character field: a key begins with the character.
pub(crate) const ROOT_BEGINS: u32 = 1 << 31;
/// In a seconds record's node field: the one longer key is a term's own;
/// the other bits are where the term's text goes on after the prefix, in
/// the strings, and the output field holds its entry.
pub(crate) const TAIL: u32 = 1 << 31;
/// In the index: the character's id is too large for an entry, so the
/// tagger searches the roots for it.
pub(crate) const INDEX_FAR: u32 = 0xFFFF;
/// In an index entry: a key begins with the character.
pub(crate) const ENTRY_BEGINS: u32 = 1;
/// In an index entry: the character alone is a key.
pub(crate) const ENTRY_ALONE: u32 = 2;

/// A term of a key's value: its index, flags and whether the key is a
/// plural that drops the term's last letter.
#[derive(Clone, Copy)]
pub(crate) struct Entry(pub u32);

impl Entry {
    pub fn term(self) -> usize {
        (self.0 >> 4) as usize
    }
    pub fn flags(self) -> u8 {
        (self.0 >> 1) as u8 & 7
    }
    pub fn drop_last(self) -> bool {
        self.0 & 1 == 1
    }
}

/// An error building a tagger from a glossary: the glossary cannot be
/// compiled as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

/// What is wrong with the glossary; see [`BuildError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The glossary has no terms at all.
    NoTerms,
    /// A term is empty once whitespace is removed.
    EmptyTerm {
        /// The concept it belongs to.
        concept: String,
    },
    /// Two concepts share an id.
    DuplicateConcept {
        /// The id.
        id: String,
    },
    /// A concept has an empty id.
    EmptyConceptId {
        /// Its 1-based position in the glossary.
        position: usize,
    },
    /// The glossary exceeds a limit of the compiled format: a term, or a
    /// concept's id, subject or note, over 65,535 bytes; a concept with
    /// over 65,535 terms; over 134 million terms; or over 2 GiB in all.
    TooLarge,
}

impl BuildError {
    pub(crate) fn new(kind: BuildErrorKind) -> BuildError {
        BuildError { kind }
    }

    /// What is wrong.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::NoTerms => write!(f, "the glossary has no terms"),
            BuildErrorKind::EmptyTerm { concept } => {
                write!(f, "concept {concept:?} has an empty term")
            }
            BuildErrorKind::DuplicateConcept { id } => {
                write!(f, "two concepts have the id {id:?}; concept ids must be unique")
            }
            BuildErrorKind::EmptyConceptId { position } => {
                write!(f, "concept number {position} has an empty id")
            }
            BuildErrorKind::TooLarge => write!(
                f,
                "the glossary exceeds a limit of the compiled format: a term, or a concept's id, subject or note, over 65,535 bytes; a concept with over 65,535 terms; over 134 million terms; or over 2 GiB in all"
            ),
        }
    }
}

impl std::error::Error for BuildError {}

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
    fn new(kind: LoadErrorKind) -> LoadError {
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

fn u16_of(n: usize) -> Result<u16, BuildError> {
    u16::try_from(n).map_err(|_| BuildError::new(BuildErrorKind::TooLarge))
}

fn u32_of(n: usize) -> Result<u32, BuildError> {
    u32::try_from(n).map_err(|_| BuildError::new(BuildErrorKind::TooLarge))
}

struct Strings {
    buf: Vec<u8>,
}

impl Strings {
    fn push(&mut self, s: &str) -> Result<(u32, u32), BuildError> {
        if s.is_empty() {
            return Ok((0, 0));
        }
        let off = u32_of(self.buf.len())?;
        self.buf.extend_from_slice(s.as_bytes());
        Ok((off, u32_of(s.len())?))
    }
}

/// The extra keys of an English term: its last word's regular plural and
/// possessive. Each comes with whether the plural replaced the last letter.
fn english_variants(key: &str, cased: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let Some(last) = key.chars().last() else {
        return out;
    };
    if !last.is_ascii_alphanumeric() {
        return out;
    }
    let ends_s = last == 's';
    out.push((format!("{key}'s"), false));
    if ends_s {
        out.push((format!("{key}'"), false));
    }
    if !last.is_ascii_alphabetic() {
        return out;
    }
    let last_word = cased.rsplit(' ').next().unwrap_or(cased);
    let acronym = last_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !last_word.chars().any(|c| c.is_lowercase());
    let (plural, drop_last) = if acronym {
        if ends_s {
            return out;
        }
        (format!("{key}s"), false)
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| key.ends_with(e)) {
        (format!("{key}es"), false)
    } else if key.ends_with('y')
        && !key[..key.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u'])
        && key.len() > 1
    {
        (format!("{}ies", &key[..key.len() - 1]), true)
    } else {
        (format!("{key}s"), false)
    };
    out.push((format!("{plural}'"), drop_last));
    out.push((plural, drop_last));
    out
}

/// Compiles a glossary into the bytes [`crate::Tagger::from_bytes`] loads.
pub(crate) fn compile(glossary: &Glossary) -> Result<Vec<u8>, BuildError> {
    let mut strings = Strings { buf: Vec::new() };
    let mut terms = Vec::new();
    let mut concepts = Vec::new();
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    // Each term's own key and where its text goes on after two characters,
    // by term index, to tell which keys a tail serves.
    let mut term_keys: Vec<(String, Option<u32>)> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut term_index = 0u32;

    for (ci, concept) in glossary.concepts.iter().enumerate() {
        if concept.id.trim().is_empty() {
            return Err(BuildError::new(BuildErrorKind::EmptyConceptId {
                position: ci + 1,
            }));
        }
        if !ids.insert(concept.id.as_str()) {
            return Err(BuildError::new(BuildErrorKind::DuplicateConcept {
                id: concept.id.clone(),
            }));
        }
        // Id, subject and note one after another in the strings.
        let subject = concept.subject.as_deref().unwrap_or("");
        let note = concept.note.as_deref().unwrap_or("");
        let (off, _) = strings.push(&format!("{}{subject}{note}", concept.id))?;
        concepts.extend_from_slice(&off.to_le_bytes());
        for part in [concept.id.as_str(), subject, note] {
            concepts.extend_from_slice(&u16_of(part.len())?.to_le_bytes());
        }
        concepts.extend_from_slice(&term_index.to_le_bytes());
        concepts.extend_from_slice(&u16_of(concept.terms.len())?.to_le_bytes());

        for term in &concept.terms {
            let key = normalize::key(&term.text);
            if key.is_empty() {
                return Err(BuildError::new(BuildErrorKind::EmptyTerm {
                    concept: concept.id.clone(),
                }));
            }
            let cased = normalize::cased(&term.text);
            let mut flags = 0;
            if key.chars().next().is_some_and(is_latin_alnum) {
                flags |= FLAG_LEFT;
            }
            if key.chars().last().is_some_and(is_latin_alnum) {
                flags |= FLAG_RIGHT;
            }
            if has_capital(&term.text) {
                flags |= FLAG_CASED;
            }
            let (t_off, t_len) = strings.push(term.text.trim())?;
            terms.extend_from_slice(&t_off.to_le_bytes());
            terms.extend_from_slice(&u32_of(ci)?.to_le_bytes());
            terms.extend_from_slice(&u16_of(t_len as usize)?.to_le_bytes());
            terms.extend_from_slice(&[
                term.lang.to_u8(),
                term.status as u8 | (term.kind as u8) << 2,
            ]);

            let entry = term_index << 4 | u32::from(flags) << 1;
            let mut add = |k: String, drop_last: bool| {
                let list = keys.entry(k).or_default();
                let e = entry | u32::from(drop_last);
                if !list.contains(&e) {
                    list.push(e);
                }
            };
            if term.lang == Lang::En {
                for (variant, drop_last) in english_variants(&key, &cased) {
                    add(variant, drop_last);
                }
            }
            let rest = Chars::new(term.text.trim(), 0)
                .nth(1)
                .and_then(|(_, at)| u32::try_from(t_off as usize + at).ok())
                .filter(|&at| at & TAIL == 0);
            term_keys.push((key.clone(), rest));
            add(key, false);
            term_index = term_index
                .checked_add(1)
                // A key's value holds `term << 5` (see the format).
                .filter(|&n| n < (1 << 27) - 1)
                .ok_or(BuildError::new(BuildErrorKind::TooLarge))?;
        }
    }
    if term_index == 0 {
        return Err(BuildError::new(BuildErrorKind::NoTerms));
    }

    let mut groups: Vec<u8> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    for (k, entries) in &keys {
        // Most keys are one term's: the entry itself is the value, and
        // only keys shared by several terms take room in the groups.
        let value = if let [one] = entries.as_slice() {
            u64::from(*one) << 1 | 1
        } else {
            let at = u64::from(u32_of(groups.len() / 4)?) << 1;
            groups.extend_from_slice(&u32_of(entries.len())?.to_le_bytes());
            for e in entries {
                groups.extend_from_slice(&e.to_le_bytes());
            }
            at
        };
        if value >= u64::from(NO_GROUP) {
            return Err(BuildError::new(BuildErrorKind::TooLarge));
        }
        builder
            .insert(k.as_bytes(), value)
            .expect("BTreeMap keys are sorted and unique");
    }
    let fst_bytes = builder.into_inner().expect("writing to memory cannot fail");
    // Node addresses must leave the seconds records' tail bit clear.
    if fst_bytes.len() as u64 >= u64::from(TAIL) {
        return Err(BuildError::new(BuildErrorKind::TooLarge));
    }
    let Levels {
        index,
        roots,
        seconds,
        pairs,
        begins,
    } = levels(&fst_bytes, &keys, &term_keys)?;
    let words = first_words(keys.keys());

    let sections: [&[u8]; SECTIONS] = [
        &fst_bytes,
        &groups,
        &terms,
        &concepts,
        &strings.buf,
        &index,
        &roots,
        &seconds,
        &pairs,
        &begins,
        &words,
    ];
    let mut out = Vec::with_capacity(HEADER_LEN + sections.iter().map(|s| s.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    let mut offset = HEADER_LEN;
    for s in &sections {
        out.extend_from_slice(&u32_of(offset)?.to_le_bytes());
        out.extend_from_slice(&u32_of(s.len())?.to_le_bytes());
        offset += s.len();
    }
    for s in &sections {
        out.extend_from_slice(s);
    }
    let sum = crate::checksum::checksum(&out[24..]);
    out[16..24].copy_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// The fst's state after `bytes` from `(addr, out)`, if it has that path.
fn walk(
    fst: &fst::raw::Fst<&[u8]>,
    mut addr: usize,
    mut out: u64,
    bytes: &[u8],
) -> Option<(usize, u64)> {
    for &b in bytes {
        let node = fst.node(addr);
        let t = node.transition(node.find_input(b)?);
        out += t.out.value();
        addr = t.addr;
    }
    Some((addr, out))
}

/// The group of the fst state `(addr, out)` when it is final.
fn group_at(fst: &fst::raw::Fst<&[u8]>, addr: usize, out: u64) -> Result<u32, BuildError> {
    let node = fst.node(addr);
    if node.is_final() {
        u32_of((out + node.final_output().value()) as usize)
    } else {
        Ok(NO_GROUP)
    }
}

/// The index, roots, seconds, pairs and begins sections (see the module
/// docs).
struct Levels {
    index: Vec<u8>,
    roots: Vec<u8>,
    seconds: Vec<u8>,
    pairs: Vec<u8>,
    begins: Vec<u8>,
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
fn filter(mut hashes: Vec<u64>) -> Vec<u8> {
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

/// The words section: the first word of each key that begins with a Latin
/// letter or digit.
fn first_words<'k>(keys: impl Iterator<Item = &'k String>) -> Vec<u8> {
    filter(
        keys.filter(|k| k.starts_with(is_latin_alnum))
            .map(|k| {
                let mut h = WordHash::new();
                k.chars()
                    .take_while(|&c| is_latin_alnum(c))
                    .for_each(|c| h.push(c));
                h.finish()
            })
            .collect(),
    )
}

/// A two-character prefix under its first character: the second
/// character, and the keys longer than the prefix (the one, when only one).
struct Second<'k> {
    c: char,
    longer: usize,
    only: Option<&'k str>,
}

/// In the seconds ids: the character's id.
pub(crate) const ID_BITS: u32 = 0xF_FFFF;
/// In the seconds ids: the two-character prefix is itself a key.
pub(crate) const PREFIX_KEY: u32 = 1 << 20;
/// In the seconds ids: where a tail's tag begins.
pub(crate) const TAG_SHIFT: u32 = 21;

/// The 11-bit tag of a tail's first key character, never 0: the text's
/// next character is checked against it before the record or the term's
/// text is read, which turns away most texts that leave the term there.
#[inline]
pub(crate) fn tail_tag(c: char) -> u32 {
    u32::from(c).wrapping_mul(0x9E37_79B1) >> 22 | 1
}

/// The seconds record's node and output fields for the one key longer
/// than a prefix, when that key is one term's own (not a plural or
/// possessive made from it): the tagger then compares the rest of the text
/// with the term's text instead of walking the fst.
fn tail(
    second: &Second<'_>,
    keys: &BTreeMap<String, Vec<u32>>,
    term_keys: &[(String, Option<u32>)],
) -> Option<(u32, u32)> {
    let only = second.only.filter(|_| second.longer == 1)?;
    let &[e] = keys.get(only)?.as_slice() else {
        return None;
    };
    let entry = Entry(e);
    let (key, rest) = term_keys.get(entry.term())?;
    (!entry.drop_last() && key == only).then_some((TAIL | (*rest)?, e))
}

/// The first two levels of the fst by character.
fn levels(
    fst_bytes: &[u8],
    keys: &BTreeMap<String, Vec<u32>>,
    term_keys: &[(String, Option<u32>)],
) -> Result<Levels, BuildError> {
    let fst = fst::raw::Fst::new(fst_bytes).expect("the fst just built reads back");
    // Distinct first characters, each with its distinct second characters
    // (keys are sorted, so both come out sorted).
    let mut prefixes: Vec<(char, Vec<Second<'_>>)> = Vec::new();
    for k in keys.keys() {
        let mut cs = k.chars();
        let first = cs.next().expect("keys are not empty");
        if prefixes.last().is_none_or(|(c, _)| *c != first) {
            prefixes.push((first, Vec::new()));
        }
        if let Some(second) = cs.next() {
            let list = &mut prefixes.last_mut().expect("pushed").1;
            if list.last().is_none_or(|s| s.c != second) {
                list.push(Second {
                    c: second,
                    longer: 0,
                    only: None,
                });
            }
            if cs.next().is_some() {
                let s = list.last_mut().expect("pushed");
                s.longer += 1;
                s.only = Some(k);
            }
        }
    }
    let mut chars: Vec<char> = prefixes
        .iter()
        .flat_map(|(first, list)| std::iter::once(*first).chain(list.iter().map(|s| s.c)))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    if chars.len() > ID_BITS as usize {
        return Err(BuildError::new(BuildErrorKind::TooLarge));
    }
    let id = |c: char| u32_of(chars.binary_search(&c).expect("collected above"));

    // Characters only ever second keep an empty record.
    let mut records: Vec<[u32; 8]> = chars
        .iter()
        .map(|&c| [u32::from(c), NO_GROUP, 0, 0, 0, 0, 0, 0])
        .collect();
    let mut seconds = Vec::new();
    let mut is_second = vec![false; chars.len()];
    let mut buf = [0u8; 8];
    let root = fst.root().addr();
    for (first, list) in &prefixes {
        let (addr, out) = walk(&fst, root, 0, first.encode_utf8(&mut buf).as_bytes())
            .expect("the prefix of a key is a path");
        let start = u32_of(seconds.len() / SECOND_LEN)?;
        for second in list {
            let (a2, o2) = walk(&fst, addr, out, second.c.encode_utf8(&mut buf).as_bytes())
                .expect("the prefix of a key is a path");
            let group = group_at(&fst, a2, o2)?;
            let (tag, node, out2) = match tail(second, keys, term_keys) {
                Some((node, e)) => {
                    let third = second.only.and_then(|k| k.chars().nth(2));
                    (third.map_or(0, tail_tag), node, e)
                }
                None => (0, u32_of(a2)?, u32_of(o2 as usize)?),
            };
            let key = if group == NO_GROUP { 0 } else { PREFIX_KEY };
            is_second[id(second.c)? as usize] = true;
            let word = id(second.c)? | key | tag << TAG_SHIFT;
            for v in [word, group, node, out2] {
                seconds.extend_from_slice(&v.to_le_bytes());
            }
        }
        let (low, high) = match (list.first(), list.last()) {
            (Some(a), Some(b)) => (id(a.c)?, id(b.c)?),
            _ => (0, 0),
        };
        records[id(*first)? as usize] = [
            u32::from(*first) | ROOT_BEGINS,
            group_at(&fst, addr, out)?,
            u32_of(addr)?,
            u32_of(out as usize)?,
            start,
            u32_of(list.len())?,
            low,
            guess_scale(list.len(), high - low),
        ];
    }
    let roots: Vec<u8> = records
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect();

    let mut index = vec![0u8; INDEX_LEN];
    let mut begins = vec![0u8; BEGINS_LEN];
    let folds = bmp_folds();
    for (i, (&c, record)) in chars.iter().zip(&records).enumerate() {
        let mut entry = (u32_of(i)? + 1) << 2;
        if record[0] & ROOT_BEGINS != 0 {
            entry |= ENTRY_BEGINS;
        }
        if record[1] != NO_GROUP {
            entry |= ENTRY_ALONE;
        }
        let from = folds.partition_point(|&(k, _)| k < c);
        // Ids from about 16,382 on (glossaries of very many distinct
        // characters) are found by a search of the roots instead.
        let slot = u16::try_from(entry).unwrap_or(INDEX_FAR as u16);
        for &(_, raw) in folds[from..].iter().take_while(|&&(k, _)| k == c) {
            let at = usize::from(raw) * 2;
            index[at..at + 2].copy_from_slice(&slot.to_le_bytes());
            if entry & ENTRY_BEGINS != 0 {
                begins[usize::from(raw) / 8] |= 1 << (raw % 8);
            }
            if is_second[i] {
                begins[BEGINS_LEN / 2 + usize::from(raw) / 8] |= 1 << (raw % 8);
            }
        }
    }

    let mut hashes = Vec::new();
    for (first, list) in &prefixes {
        for second in list {
            hashes.push(pair_hash(id(*first)?, id(second.c)?));
        }
    }
    let pairs = filter(hashes);
    Ok(Levels {
        index,
        roots,
        seconds,
        pairs,
        begins,
    })
}

/// The factor, in 16.16 fixed point, that turns an id's distance from the
/// lowest of a block of `n` sorted ids spanning `span` into a guess of its
/// position: ids spread evenly enough that the guess is close, and the
/// tagger multiplies where it would otherwise divide.
fn guess_scale(n: usize, span: u32) -> u32 {
    let scale = ((n.saturating_sub(1) as u64) << 16) / u64::from(span.max(1));
    u32::try_from(scale).unwrap_or(u32::MAX)
}

/// Every BMP character as (its key fold, itself), sorted by fold: the
/// characters of text that each key character stands for. Built once per
/// process, so a compile fills its index from its roots alone.
fn bmp_folds() -> &'static [(char, u16)] {
    static FOLDS: std::sync::OnceLock<Vec<(char, u16)>> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| {
        let mut folds: Vec<(char, u16)> = (0..=u16::MAX)
            .filter_map(|u| char::from_u32(u32::from(u)).map(|c| (fold_key(c), u)))
            .collect();
        folds.sort_unstable();
        folds
    })
}

/// A term record: text offset u32, concept u32, text length u16, language
/// u8, then status (2 bits) and type (3 bits) in one byte.
#[derive(Clone, Copy)]
pub(crate) struct TermRecord<'a>(pub &'a [u8]);

impl TermRecord<'_> {
    pub fn text_offset(self) -> u32 {
        read_u32(self.0, 0)
    }
    pub fn concept(self) -> u32 {
        read_u32(self.0, 4)
    }
    pub fn text_len(self) -> u32 {
        u32::from(u16::from_le_bytes([self.0[8], self.0[9]]))
    }
    pub fn lang(self) -> u8 {
        self.0[10]
    }
    pub fn status(self) -> u8 {
        self.0[11] & 3
    }
    pub fn kind(self) -> u8 {
        (self.0[11] >> 2) & 7
    }
}

/// A concept record: offset u32 of its id, subject and note (one after
/// another in the strings), their lengths u16 each, first term u32, term
/// count u16.
#[derive(Clone, Copy)]
pub(crate) struct ConceptRecord<'a>(pub &'a [u8]);

impl ConceptRecord<'_> {
    pub fn offset(self) -> u32 {
        read_u32(self.0, 0)
    }
    /// The length of part 0 (id), 1 (subject) or 2 (note).
    pub fn part_len(self, part: usize) -> u32 {
        u32::from(u16::from_le_bytes([
            self.0[4 + part * 2],
            self.0[5 + part * 2],
        ]))
    }
    pub fn first(self) -> u32 {
        read_u32(self.0, 10)
    }
    pub fn count(self) -> u32 {
        u32::from(u16::from_le_bytes([self.0[14], self.0[15]]))
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
        if layout.terms.len() % TERM_LEN != 0
            || layout.concepts.len() % CONCEPT_LEN != 0
            || layout.groups.len() % 4 != 0
            || layout.index.len() != INDEX_LEN
            || layout.roots.len() % ROOT_LEN != 0
            || layout.seconds.len() % SECOND_LEN != 0
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
        for i in 0..concepts {
            let r = ConceptRecord(&bytes[layout.concept_record(i)]);
            let (first, count) = (r.first() as usize, r.count() as usize);
            let len = r.part_len(0) + r.part_len(1) + r.part_len(2);
            if !string_ok(r.offset(), len) || first.checked_add(count).is_none_or(|end| end > terms)
            {
                return Err(LoadError::corrupt("concept table"));
            }
        }
        // Group entries are not walked here (that would cost a pass over
        // every key on each load); the tagger reads them with bounds checks.
        Ok(layout)
    }
}
