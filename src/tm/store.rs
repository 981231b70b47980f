//! The memory file: its layout, how it is written, and how its parts are
//! read back without reading the rest.
//!
//! ```text
//! header   magic "SHUYU\0TM", version u32, 0 u32, units u64, next_seq u64,
//!          then six sections as (offset u64, length u64):
//! records  per unit: seq, then id, source lang, target lang, source, target,
//!          source markup, target markup, each a varint length and UTF-8
//! offsets  u64 LE per unit and one past the last: where its record starts
//! lengths  u16 LE per unit: words and characters in its source (capped)
//! exact    fst: the source's exact key → first unit << 24 | count
//! grams    fst: an n-gram of word/character keys → offset in postings
//! postings per n-gram: varint count, then varint deltas of unit << 1 | side
//! ```
//!
//! Units are sorted by exact key, newest first within a key, so the units
//! sharing a key are one run. Integers are little-endian; varints are LEB128.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Seek, Write};
use std::path::Path;

use super::score::{Tokens, SEPARATOR};
use super::Error;

pub(crate) const MAGIC: &[u8; 8] = b"SHUYU\0TM";
pub(crate) const VERSION: u32 = 1;
pub(crate) const HEADER: usize = 32 + SECTIONS * 16;
pub(crate) const SECTIONS: usize = 6;
pub(crate) const RECORDS: usize = 0;
pub(crate) const OFFSETS: usize = 1;
pub(crate) const LENGTHS: usize = 2;
pub(crate) const EXACT: usize = 3;
pub(crate) const GRAMS: usize = 4;
pub(crate) const POSTINGS: usize = 5;
/// How many units one exact key may have (its count's bits in the value).
const GROUP_BITS: u32 = 24;

/// Marks the start and the end of a segment in its n-grams.
pub(crate) const START: &str = "\u{2}";
pub(crate) const END: &str = "\u{3}";

/// The n-gram key of two adjacent token keys.
pub(crate) fn gram(a: &str, b: &str) -> String {
    let mut g = String::with_capacity(a.len() + b.len() + 1);
    g.push_str(a);
    g.push(SEPARATOR);
    g.push_str(b);
    g
}

/// The n-grams of a sequence of content keys: adjacent pairs, with the
/// start and end marked so a one-word segment has grams too.
pub(crate) fn grams<'a>(content: impl Iterator<Item = &'a str>) -> Vec<String> {
    let keys: Vec<&str> = content.collect();
    if keys.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(keys.len() + 1);
    out.push(gram(START, keys[0]));
    for w in keys.windows(2) {
        out.push(gram(w[0], w[1]));
    }
    out.push(gram(keys[keys.len() - 1], END));
    out
}

/// One unit as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Record {
    pub seq: u64,
    pub id: String,
    pub source_lang: String,
    pub target_lang: String,
    pub source: String,
    pub target: String,
    pub source_markup: String,
    pub target_markup: String,
}

impl Record {
    fn fields(&self) -> [&str; 7] {
        [
            &self.id,
            &self.source_lang,
            &self.target_lang,
            &self.source,
            &self.target,
            &self.source_markup,
            &self.target_markup,
        ]
    }

    /// What makes two units the same: everything but the id and the age.
    fn identity(&self) -> [&str; 6] {
        let [_, rest @ ..] = self.fields();
        rest
    }
}

/// A fast hasher for the builder's tables (FxHash's multiply-rotate): the
/// keys are the builder's own, so no defence against chosen collisions is
/// needed.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Writes `records` (any order, duplicates allowed) as a memory file at
/// `path`: to a temporary file beside it, synced, then renamed over it, so
/// a crash leaves the old memory whole.
pub(crate) fn write(path: &Path, records: Vec<Record>, next_seq: u64) -> Result<usize, Error> {
    let mut records = dedup(records);
    // Each unit's exact key and the content keys of both sides.
    let mut keyed: Vec<(String, Record)> = records
        .drain(..)
        .map(|r| (Tokens::new(&r.source).exact_key(), r))
        .collect();
    keyed.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then(b.seq.cmp(&a.seq)));

    let mut records_blob = Vec::new();
    let mut offsets = Vec::with_capacity((keyed.len() + 1) * 8);
    let mut lengths = Vec::with_capacity(keyed.len() * 2);
    let mut exact = fst::MapBuilder::memory();
    let mut tokens: FxMap<String, u32> = FxMap::default();
    let mut postings: FxMap<(u32, u32), Vec<u32>> = FxMap::default();
    let start = intern(&mut tokens, START);
    let end = intern(&mut tokens, END);
    let mut group: Option<(usize, usize)> = None;
    for (n, (key, record)) in keyed.iter().enumerate() {
        let unit = u32::try_from(n).map_err(|_| Error::TooLarge("more than 2^31 units"))?;
        offsets.extend_from_slice(&(records_blob.len() as u64).to_le_bytes());
        encode_record(&mut records_blob, record);
        for (side, text) in [(0u32, &record.source), (1, &record.target)] {
            let toks = Tokens::new(text);
            let ids: Vec<u32> = toks.content().map(|k| intern(&mut tokens, k)).collect();
            if side == 0 {
                let len = u16::try_from(ids.len()).unwrap_or(u16::MAX);
                lengths.extend_from_slice(&len.to_le_bytes());
            }
            if ids.is_empty() {
                continue;
            }
            let value = unit << 1 | side;
            let pairs = std::iter::once((start, ids[0]))
                .chain(ids.windows(2).map(|w| (w[0], w[1])))
                .chain(std::iter::once((ids[ids.len() - 1], end)));
            for pair in pairs {
                let list = postings.entry(pair).or_default();
                if list.last() != Some(&value) {
                    list.push(value);
                }
            }
        }
        // Runs of equal keys: one fst entry each.
        match group {
            Some((first, _)) if keyed[first].0 == *key => group = Some((first, n)),
            _ => {
                if let Some((first, last)) = group {
                    insert_group(&mut exact, &keyed[first].0, first, last)?;
                }
                group = Some((n, n));
            }
        }
    }
    if let Some((first, last)) = group {
        insert_group(&mut exact, &keyed[first].0, first, last)?;
    }
    offsets.extend_from_slice(&(records_blob.len() as u64).to_le_bytes());
    let units = keyed.len();
    drop(keyed);

    // The n-grams in key order for the fst, each with its postings.
    let mut names: Vec<&str> = vec![""; tokens.len()];
    for (k, &id) in &tokens {
        names[id as usize] = k;
    }
    let mut grams: Vec<(String, Vec<u32>)> = postings
        .into_iter()
        .map(|((a, b), list)| (gram(names[a as usize], names[b as usize]), list))
        .collect();
    grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut gram_fst = fst::MapBuilder::memory();
    let mut postings_blob = Vec::new();
    for (key, list) in &grams {
        gram_fst
            .insert(key, postings_blob.len() as u64)
            .map_err(|e| Error::Build(e.to_string()))?;
        put_varint(&mut postings_blob, list.len() as u64);
        let mut prev = 0u32;
        for &v in list {
            put_varint(&mut postings_blob, u64::from(v - prev));
            prev = v;
        }
    }
    let exact = exact.into_inner().map_err(|e| Error::Build(e.to_string()))?;
    let gram_fst = gram_fst.into_inner().map_err(|e| Error::Build(e.to_string()))?;

    let sections: [&[u8]; SECTIONS] = [
        &records_blob,
        &offsets,
        &lengths,
        &exact,
        &gram_fst,
        &postings_blob,
    ];
    write_file(path, units as u64, next_seq, &sections)?;
    Ok(units)
}

fn intern(tokens: &mut FxMap<String, u32>, key: &str) -> u32 {
    if let Some(&id) = tokens.get(key) {
        return id;
    }
    let id = tokens.len() as u32;
    tokens.insert(key.to_string(), id);
    id
}

fn insert_group(
    exact: &mut fst::MapBuilder<Vec<u8>>,
    key: &str,
    first: usize,
    last: usize,
) -> Result<(), Error> {
    let count = (last - first + 1) as u64;
    if count >= 1 << GROUP_BITS {
        return Err(Error::TooLarge("more than 16,777,215 units with one source"));
    }
    exact
        .insert(key, (first as u64) << GROUP_BITS | count)
        .map_err(|e| Error::Build(e.to_string()))
}

/// The unit range an exact-key value names.
pub(crate) fn group_range(value: u64) -> std::ops::Range<usize> {
    let first = (value >> GROUP_BITS) as usize;
    first..first + (value & ((1 << GROUP_BITS) - 1)) as usize
}

/// Keeps one of each identical unit, the newest.
fn dedup(records: Vec<Record>) -> Vec<Record> {
    let mut newest: FxMap<[&str; 6], usize> = FxMap::default();
    for (i, r) in records.iter().enumerate() {
        let slot = newest.entry(r.identity()).or_insert(i);
        if records[*slot].seq < r.seq {
            *slot = i;
        }
    }
    let mut keep = vec![false; records.len()];
    for &i in newest.values() {
        keep[i] = true;
    }
    records
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

fn encode_record(out: &mut Vec<u8>, r: &Record) {
    put_varint(out, r.seq);
    for f in r.fields() {
        put_varint(out, f.len() as u64);
        out.extend_from_slice(f.as_bytes());
    }
}

/// Reads a record from its bytes; `None` when they are damaged.
pub(crate) fn decode_record(mut bytes: &[u8]) -> Option<(u64, [&str; 7])> {
    let seq = get_varint(&mut bytes)?;
    let mut fields = [""; 7];
    for f in &mut fields {
        let len = usize::try_from(get_varint(&mut bytes)?).ok()?;
        let (text, rest) = (bytes.get(..len)?, bytes.get(len..)?);
        *f = std::str::from_utf8(text).ok()?;
        bytes = rest;
    }
    Some((seq, fields))
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn get_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn write_file(path: &Path, units: u64, next_seq: u64, sections: &[&[u8]; SECTIONS]) -> Result<(), Error> {
    crate::formats::write_atomically_with(path, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&VERSION.to_le_bytes())?;
        w.write_all(&0u32.to_le_bytes())?;
        w.write_all(&units.to_le_bytes())?;
        w.write_all(&next_seq.to_le_bytes())?;
        let mut at = HEADER as u64;
        for s in sections {
            // Sections start on 8-byte boundaries.
            at = at.next_multiple_of(8);
            w.write_all(&at.to_le_bytes())?;
            w.write_all(&(s.len() as u64).to_le_bytes())?;
            at += s.len() as u64;
        }
        for s in sections {
            let pos = w.stream_position()?;
            w.write_all(&vec![0u8; (pos.next_multiple_of(8) - pos) as usize])?;
            w.write_all(s)?;
        }
        Ok(())
    })
    .map_err(|e| Error::Io(path.to_path_buf(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            buf.clear();
            put_varint(&mut buf, v);
            assert_eq!(get_varint(&mut buf.as_slice()), Some(v));
        }
        assert_eq!(get_varint(&mut [0x80u8].as_slice()), None);
    }

    #[test]
    fn identical_units_are_kept_once_the_newest() {
        let r = |seq, target: &str| Record {
            seq,
            source: "四方".into(),
            target: target.into(),
            ..Record::default()
        };
        let kept = dedup(vec![r(1, "Quad"), r(2, "the Quad"), r(3, "Quad")]);
        let mut seqs: Vec<u64> = kept.iter().map(|r| r.seq).collect();
        seqs.sort();
        assert_eq!(seqs, [2, 3]);
    }
}
