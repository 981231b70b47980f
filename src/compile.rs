//! Compiling a glossary into its on-disk form: the keys of every term
//! (normalised, with English plurals and possessives), the fst over them,
//! and the tables the tagger reads first. The layout is documented in
//! `src/format.rs` (version [`VERSION`]).
//!
//! A glossary that cannot be compiled is a [`BuildError`]; bytes that
//! cannot be loaded are a [`LoadError`].

use std::collections::BTreeMap;
use std::fmt;

use crate::format::{
    filter, pair_hash, tail_tag, After, ConceptRecord, IndexEntry, Root, RootRecord, SecondId,
    SecondRecord, TermEntry, TermRecord, WordHash, BEGINS_LEN, EXCEPTION, FLAG_CASED, FLAG_LEFT,
    FLAG_RIGHT, HEADER_LEN, ID_BITS, INDEX_LEN, MAGIC, MAX_CONCEPTS, NO_GROUP, SECOND_LEN,
    SECTIONS, TAIL,
};
pub use crate::format::{is_compiled, LoadError, LoadErrorKind, VERSION};
use crate::glossary::{Glossary, Lang};
use crate::normalize::{self, fold_key, has_capital, is_latin_alnum, Chars};

/// The most characters a term may have. A match is tried from each position
/// of a text at most this far, so tagging stays linear in the text even
/// when many long terms share a prefix.
pub const MAX_TERM_CHARS: usize = 256;

/// What an exception's key holds in place of term entries while compiling
/// (never a term's entry: term indices stay below 2^27).
const EXCEPTION_ENTRY: u32 = u32::MAX;

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
    /// A term is longer than [`MAX_TERM_CHARS`] characters.
    TermTooLong {
        /// The concept it belongs to.
        concept: String,
        /// Its length in characters.
        chars: usize,
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
    /// concept's subject or note, over 65,535 bytes; a concept id over
    /// 32,767; a concept with over 65,535 terms; over 16 million concepts;
    /// over 134 million terms; or over 2 GiB in all.
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
            BuildErrorKind::TermTooLong { concept, chars } => write!(
                f,
                "concept {concept:?} has a term of {chars} characters; terms may have at most {MAX_TERM_CHARS}"
            ),
            BuildErrorKind::DuplicateConcept { id } => {
                write!(f, "two concepts have the id {id:?}; concept ids must be unique")
            }
            BuildErrorKind::EmptyConceptId { position } => {
                write!(f, "concept number {position} has an empty id")
            }
            BuildErrorKind::TooLarge => write!(
                f,
                "the glossary exceeds a limit of the compiled format: a term, or a concept's subject or note, over 65,535 bytes; a concept id over 32,767; a concept with over 65,535 terms; over 16 million concepts; over 134 million terms; or over 2 GiB in all"
            ),
        }
    }
}

impl std::error::Error for BuildError {}

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
        Ok((self.push_bytes(s.as_bytes())?, u32_of(s.len())?))
    }

    /// Appends `bytes`; returns where they start.
    fn push_bytes(&mut self, bytes: &[u8]) -> Result<u32, BuildError> {
        let off = u32_of(self.buf.len())?;
        self.buf.extend_from_slice(bytes);
        Ok(off)
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
    let mut exceptions: Vec<String> = Vec::new();

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
        // The id, then only when there is one, the subject and note's
        // lengths and texts.
        let subject = concept.subject.as_deref().unwrap_or("");
        let note = concept.note.as_deref().unwrap_or("");
        let extras = !subject.is_empty() || !note.is_empty();
        let id_len = u16_of(concept.id.len())?;
        if u32::from(id_len) >= 1 << 15 || u32_of(ci)? >= MAX_CONCEPTS {
            return Err(BuildError::new(BuildErrorKind::TooLarge));
        }
        let mut record = concept.id.as_bytes().to_vec();
        if extras {
            record.extend_from_slice(&u16_of(subject.len())?.to_le_bytes());
            record.extend_from_slice(&u16_of(note.len())?.to_le_bytes());
            record.extend_from_slice(subject.as_bytes());
            record.extend_from_slice(note.as_bytes());
        }
        let off = strings.push_bytes(&record)?;
        for exception in &concept.exceptions {
            exceptions.push(checked_key(exception, &concept.id)?);
        }
        let count = u16_of(concept.terms.len())?;
        concepts.extend_from_slice(&ConceptRecord::encode(
            off, id_len, extras, term_index, count,
        ));

        for term in &concept.terms {
            let key = checked_key(&term.text, &concept.id)?;
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
            let text = (t_off, u16_of(t_len as usize)?);
            let record = TermRecord::encode(text, u32_of(ci)?, term.lang, term.status, term.kind);
            terms.extend_from_slice(&record);

            let mut add = |k: String, drop_last: bool| {
                let list = keys.entry(k).or_default();
                let e = TermEntry::new(term_index, flags, drop_last).0;
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
    // A term's own key stays the term's: `validate` reports the exception.
    for key in exceptions {
        keys.entry(key).or_insert_with(|| vec![EXCEPTION_ENTRY]);
    }

    let mut groups: Vec<u8> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    for (k, entries) in &keys {
        // Most keys are one term's: the entry itself is the value, and
        // only keys shared by several terms take room in the groups.
        let value = if entries == &[EXCEPTION_ENTRY] {
            u64::from(EXCEPTION)
        } else if let [one] = entries.as_slice() {
            u64::from(*one) << 1 | 1
        } else {
            let at = u64::from(u32_of(groups.len() / 4)?) << 1;
            groups.extend_from_slice(&u32_of(entries.len())?.to_le_bytes());
            for e in entries {
                groups.extend_from_slice(&e.to_le_bytes());
            }
            at
        };
        if value >= u64::from(EXCEPTION) && entries != &[EXCEPTION_ENTRY] {
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

/// The normalised key of a term or exception of the concept `concept`.
fn checked_key(text: &str, concept: &str) -> Result<String, BuildError> {
    let key = normalize::key(text);
    if key.is_empty() {
        return Err(BuildError::new(BuildErrorKind::EmptyTerm {
            concept: concept.to_string(),
        }));
    }
    let chars = key.chars().count();
    if chars > MAX_TERM_CHARS {
        return Err(BuildError::new(BuildErrorKind::TermTooLong {
            concept: concept.to_string(),
            chars,
        }));
    }
    Ok(key)
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

/// What follows a prefix when the one key longer than it is one term's own
/// (not a plural or possessive made from it): the tagger then compares the
/// rest of the text with the term's text instead of walking the fst.
fn tail(
    second: &Second<'_>,
    keys: &BTreeMap<String, Vec<u32>>,
    term_keys: &[(String, Option<u32>)],
) -> Option<After> {
    let only = second.only.filter(|_| second.longer == 1)?;
    let &[e] = keys.get(only)?.as_slice() else {
        return None;
    };
    if e == EXCEPTION_ENTRY {
        return None;
    }
    let entry = TermEntry(e);
    let (key, rest) = term_keys.get(entry.term())?;
    let rest = (*rest)?;
    (!entry.drop_last() && key == only).then_some(After::Tail { rest, entry })
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
    let mut records: Vec<Root> = chars.iter().map(|&c| Root::second_only(c)).collect();
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
            let (tag, after) = match tail(second, keys, term_keys) {
                Some(after) => {
                    let third = second.only.and_then(|k| k.chars().nth(2));
                    (third.map_or(0, tail_tag), after)
                }
                None => {
                    let (node, output) = (u32_of(a2)?, u32_of(o2 as usize)?);
                    (0, After::Fst { node, output })
                }
            };
            is_second[id(second.c)? as usize] = true;
            let word = SecondId::new(id(second.c)?, group != NO_GROUP, tag);
            seconds.extend_from_slice(&SecondRecord::encode(word, group, after));
        }
        let (low, high) = match (list.first(), list.last()) {
            (Some(a), Some(b)) => (id(a.c)?, id(b.c)?),
            _ => (0, 0),
        };
        records[id(*first)? as usize] = Root {
            character: *first,
            begins: true,
            alone: group_at(&fst, addr, out)?,
            node: u32_of(addr)?,
            output: u32_of(out as usize)?,
            seconds_start: start,
            seconds_len: u32_of(list.len())?,
            low_id: low,
            scale: guess_scale(list.len(), high - low),
        };
    }
    let roots: Vec<u8> = records.iter().flat_map(RootRecord::encode).collect();

    let mut index = vec![0u8; INDEX_LEN];
    let mut begins = vec![0u8; BEGINS_LEN];
    let folds = bmp_folds();
    for (i, (&c, record)) in chars.iter().zip(&records).enumerate() {
        let entry = IndexEntry::new(u32_of(i)?, record.begins, record.alone != NO_GROUP);
        let from = folds.partition_point(|&(k, _)| k < c);
        // Ids from about 16,382 on (glossaries of very many distinct
        // characters) are found by a search of the roots instead.
        let slot = entry.encode();
        for &(_, raw) in folds[from..].iter().take_while(|&&(k, _)| k == c) {
            let at = usize::from(raw) * 2;
            index[at..at + 2].copy_from_slice(&slot);
            if entry.begins() {
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
