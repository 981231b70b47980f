//! Translation memory: segments imported from TMX, XLIFF and TSV, kept in
//! one indexed file, looked up exactly and fuzzily, searched for a term,
//! and written back as TMX.
//!
//! ```
//! use shuyu::formats::bitext::Segment;
//! use shuyu::tm::{Import, LookupOptions, Memory};
//!
//! let dir = std::env::temp_dir().join(format!("shuyu-tm-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("memory.shuyu-tm");
//!
//! let mut import = Import::open(&path)?;
//! for (id, zh, en) in [
//!     ("1", "日美同盟是印太地区和平的基石。", "The US-Japan alliance is the cornerstone of peace in the Indo-Pacific."),
//!     ("2", "四方安全对话领导人在东京会晤。", "Quad leaders met in Tokyo."),
//! ] {
//!     import.add(&Segment {
//!         id: id.into(),
//!         source: zh.into(),
//!         target: Some(en.into()),
//!         source_lang: Some("zh-CN".into()),
//!         target_lang: Some("en".into()),
//!         ..Segment::default()
//!     })?;
//! }
//! import.commit()?;
//!
//! let memory = Memory::open(&path)?;
//! let hits = memory.lookup("日美同盟是印太地區和平的柱石。", &LookupOptions::default())?;
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].unit.id, "1");
//! assert_eq!(hits[0].score, 92); // one character of thirteen replaced; 區 is 区
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The score
//!
//! A segment is compared as tokens after the tagger's normalisation (width,
//! dashes, apostrophes, whitespace runs, Traditional → Simplified): each
//! Chinese character is a token, each word of a spaced script is a token,
//! each punctuation mark is a token, and whitespace is none. The distance
//! is a weighted edit distance: a word or character inserted, deleted or
//! replaced costs 10, a punctuation mark 1, a case-only difference 1; then
//! `score = floor(100 × (1 − distance / weight(query)))`, where the weight
//! is the query's own tokens' cost, and 100 only at distance 0.
//!
//! Candidates come from an index of adjacent word and character pairs
//! (n-grams): a segment that shares no such pair with the query, and is
//! not the query itself, is never a hit.

pub mod report;
mod score;
pub use score::Difference;
mod store;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::formats::bitext::{Bitext, Segment, SkipReason, Skipped, Tally};
use crate::formats::tmx;
use score::{Tokens, CONTENT};
use store::Record;

/// What went wrong with a memory.
#[derive(Debug)]
pub enum Error {
    /// The file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// An export's output could not be written.
    Write(std::io::Error),
    /// A lookup's query is longer than a segment can reasonably be.
    QueryTooLong {
        /// Its words, characters and punctuation marks.
        tokens: usize,
        /// The most a query may have.
        max: usize,
    },
    /// The file is not a memory, is of another version, or is damaged.
    Corrupt(PathBuf, String),
    /// Building the index failed.
    Build(String),
    /// The memory would exceed a limit of the format.
    TooLarge(&'static str),
    /// A segment to import does not say its source or target language.
    NoLanguage {
        /// The segment's id.
        id: String,
        /// Which side: `"source"` or `"target"`.
        side: &'static str,
    },
    /// A segment of a file could not be added (see [`Import::add_files`]).
    InFile {
        /// The file.
        file: PathBuf,
        /// The segment's line (0 when the reader does not know it).
        line: usize,
        /// What was wrong with it.
        error: Box<Error>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Error::Write(e) => write!(f, "cannot write output: {e}"),
            Error::QueryTooLong { tokens, max } => write!(
                f,
                "the query has {tokens} words, characters and punctuation marks; a lookup takes a segment of at most {max}"
            ),
            Error::Corrupt(path, what) => write!(
                f,
                "{}: not a usable shuyu memory: {what} (import the TMX again to rebuild it)",
                path.display()
            ),
            Error::Build(e) => write!(f, "cannot build the memory's index: {e}"),
            Error::TooLarge(what) => write!(
                f,
                "the memory would hold {what}, more than its format allows"
            ),
            Error::NoLanguage { id, side } => write!(
                f,
                "segment {id} has no {side} language (give --{side}-lang; TSV files always need it)"
            ),
            Error::InFile { file, line, error } => {
                write!(f, "{}:{line}: {error}", file.display())
            }
        }
    }
}

impl std::error::Error for Error {}

/// One unit of a memory.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Unit {
    /// Its position in the memory (stable until the next import).
    #[serde(skip)]
    pub index: usize,
    /// When it was imported: larger is newer.
    #[serde(skip)]
    pub seq: u64,
    /// The id it had in the file it came from.
    pub id: String,
    /// The source language tag as imported.
    pub source_lang: Option<String>,
    /// The target language tag as imported.
    pub target_lang: Option<String>,
    /// The source text, inline markup removed.
    pub source: String,
    /// The target text, inline markup removed.
    pub target: String,
    /// The source as TMX inline XML, when it has markup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_markup: Option<String>,
    /// The target as TMX inline XML, when it has markup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_markup: Option<String>,
}

impl Unit {
    /// The unit at `index` of its decoded record (see [`store::decode_record`]).
    fn of(index: usize, (seq, [id, sl, tl, source, target, sm, tm]): (u64, [&str; 7])) -> Unit {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Unit {
            index,
            seq,
            id: id.into(),
            source_lang: some(sl),
            target_lang: some(tl),
            source: source.into(),
            target: target.into(),
            source_markup: some(sm),
            target_markup: some(tm),
        }
    }
}

/// How to look up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookupOptions {
    /// The lowest score a hit may have, 0–100; 100 asks for exact matches
    /// only, which the exact index answers without the fuzzy one.
    pub min_score: u8,
    /// How many hits at most.
    pub limit: usize,
}

impl Default for LookupOptions {
    /// At least 70, at most 5: what CAT tools show by default.
    fn default() -> LookupOptions {
        LookupOptions {
            min_score: 70,
            limit: 5,
        }
    }
}

/// A unit found for a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// How close its source is to the query, 0–100.
    pub score: u8,
    /// Its weighted edit distance from the query (see the module docs).
    pub distance: u32,
    /// The unit.
    pub unit: Unit,
}

impl Hit {
    /// Where the unit's source differs from `query` (the query this hit
    /// was found for).
    pub fn differences(&self, query: &str) -> Vec<Difference> {
        score::differences(&Tokens::new(query), &Tokens::new(&self.unit.source))
    }
}

/// A unit whose source or target holds a term, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Concordance {
    /// The unit.
    pub unit: Unit,
    /// The byte ranges of the term in the source.
    pub in_source: Vec<std::ops::Range<usize>>,
    /// The byte ranges of the term in the target.
    pub in_target: Vec<std::ops::Range<usize>>,
}

/// A memory opened for lookup. Opening reads the header and checks the
/// indexes; lookups walk the indexes through a read-only map of the file and
/// read the posting lists and records they need with positioned reads, so
/// only the indexes ever become resident, never the records.
///
/// A memory is replaced, never changed in place, by [`Import::commit`], so
/// a memory stays valid while another process imports into its file.
pub struct Memory {
    path: PathBuf,
    file: std::fs::File,
    map: memmap2::Mmap,
    units: usize,
    next_seq: u64,
    sections: [std::ops::Range<usize>; store::SECTIONS],
}

impl fmt::Debug for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Memory")
            .field("path", &self.path)
            .field("units", &self.units)
            .finish()
    }
}

impl Memory {
    /// Opens the memory at `path`.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, is not a shuyu memory, or its header
    /// and tables do not fit together.
    pub fn open(path: impl AsRef<Path>) -> Result<Memory, Error> {
        let path = path.as_ref().to_path_buf();
        let file = std::fs::File::open(&path).map_err(|e| Error::Io(path.clone(), e))?;
        let len = file
            .metadata()
            .map_err(|e| Error::Io(path.clone(), e))?
            .len();
        let corrupt = |what: &str| Error::Corrupt(path.clone(), what.to_string());
        if len < store::HEADER as u64 {
            return Err(corrupt("the file is shorter than a memory's header"));
        }
        // SAFETY: the mapping is read-only, and shuyu never writes to a
        // memory file in place: an import writes a new file and renames it
        // over the old one, so this mapping keeps the old contents. A file
        // truncated by another program would make reads fault; that is the
        // price every memory-mapped index pays.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::Io(path.clone(), e))?;
        let bytes = &map[..];
        if &bytes[..8] != store::MAGIC {
            return Err(corrupt(
                "it does not start with a shuyu memory's magic bytes",
            ));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let version = u32_at(8);
        if version != store::VERSION {
            return Err(Error::Corrupt(
                path.clone(),
                format!(
                    "it is format version {version}, this shuyu reads version {}",
                    store::VERSION
                ),
            ));
        }
        let units = usize::try_from(u64_at(16)).map_err(|_| corrupt("too many units"))?;
        let next_seq = u64_at(24);
        let mut sections: [std::ops::Range<usize>; store::SECTIONS] = Default::default();
        for (i, s) in sections.iter_mut().enumerate() {
            let (off, n) = (u64_at(40 + i * 16), u64_at(48 + i * 16));
            let end = off.checked_add(n).filter(|&e| e <= len);
            let (Ok(off), Some(Ok(end))) = (usize::try_from(off), end.map(usize::try_from)) else {
                return Err(corrupt("a section lies outside the file"));
            };
            *s = off..end;
        }
        if sections[store::OFFSETS].len() != (units + 1) * 8
            || sections[store::LENGTHS].len() != units * 2
        {
            return Err(corrupt("its tables do not match its unit count"));
        }
        let index_sum = u64_at(32);
        let memory = Memory {
            path: path.clone(),
            file,
            map,
            units,
            next_seq,
            sections,
        };
        // The indexes are summed from positioned reads (`Memory::read`), not
        // through the map, so checking them does not make every page resident.
        let read = |s: usize| memory.read(s, 0, memory.sections[s].len());
        let sum = store::index_checksum([
            &read(store::EXACT)?,
            &read(store::TOKENS)?,
            &read(store::GRAMS)?,
        ]);
        if sum != index_sum {
            return Err(memory.corrupt("its index is damaged (checksum)"));
        }
        for s in [store::EXACT, store::TOKENS, store::GRAMS] {
            fst::Map::new(memory.section(s))
                .map_err(|e| memory.corrupt(format!("bad index: {e}")))?;
        }
        // Lookups read records and postings here and there: no read-ahead,
        // so only the pages read become resident.
        #[cfg(unix)]
        let _ = memory.map.advise(memmap2::Advice::Random);
        Ok(memory)
    }

    /// The file the memory was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many units it holds.
    pub fn len(&self) -> usize {
        self.units
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.units == 0
    }

    fn section(&self, i: usize) -> &[u8] {
        &self.map[self.sections[i].clone()]
    }

    fn fst(&self, i: usize) -> fst::Map<&[u8]> {
        fst::Map::new(self.section(i)).expect("checked on open")
    }

    fn corrupt(&self, what: impl Into<String>) -> Error {
        Error::Corrupt(self.path.clone(), what.into())
    }

    /// Reads `len` bytes of section `section` from `offset` in it, from the
    /// file rather than the map (see [`Memory`]).
    fn read(&self, section: usize, offset: usize, len: usize) -> Result<Vec<u8>, Error> {
        let range = &self.sections[section];
        let at = offset
            .checked_add(range.start)
            .filter(|&at| at.checked_add(len).is_some_and(|end| end <= range.end))
            .ok_or_else(|| self.corrupt("an offset points outside its section"))?;
        let mut buf = vec![0u8; len];
        read_at(&self.file, &self.map, at, &mut buf)
            .map_err(|e| Error::Io(self.path.clone(), e))?;
        Ok(buf)
    }

    /// The bytes of the record of unit `index`, at most `limit` of them.
    fn record(&self, index: usize, limit: usize) -> Result<Vec<u8>, Error> {
        if index >= self.units {
            return Err(self.corrupt(format!("no unit {index}")));
        }
        let offsets = self.section(store::OFFSETS);
        let at = |i: usize| {
            let bytes = offsets[i * 8..i * 8 + 8].try_into().expect("8 bytes");
            usize::try_from(u64::from_le_bytes(bytes)).ok()
        };
        match (at(index), at(index + 1)) {
            (Some(a), Some(b)) if a <= b => self.read(store::RECORDS, a, (b - a).min(limit)),
            _ => Err(self.corrupt(format!("the record of unit {index} is out of bounds"))),
        }
    }

    /// When unit `index` was imported, without decoding the rest of it.
    fn seq(&self, index: usize) -> Result<u64, Error> {
        // The sequence number leads the record: a varint, 10 bytes at most.
        let record = self.record(index, 10)?;
        store::get_varint(&mut record.as_slice())
            .ok_or_else(|| self.corrupt(format!("the record of unit {index} is damaged")))
    }

    /// The unit at `index` (0 ≤ index < [`len`](Memory::len)).
    ///
    /// # Errors
    ///
    /// When `index` is out of range or its record is damaged.
    pub fn unit(&self, index: usize) -> Result<Unit, Error> {
        let record = self.record(index, usize::MAX)?;
        Ok(Unit::of(index, self.decode(index, &record)?))
    }

    /// The age and fields of unit `index`'s record, borrowed from it.
    fn decode<'r>(&self, index: usize, record: &'r [u8]) -> Result<(u64, [&'r str; 7]), Error> {
        store::decode_record(record)
            .ok_or_else(|| self.corrupt(format!("the record of unit {index} is damaged")))
    }

    /// Every unit, in import order (oldest first).
    ///
    /// # Errors
    ///
    /// When a record is damaged.
    pub fn units(&self) -> Result<Vec<Unit>, Error> {
        self.import_order()?
            .into_iter()
            .map(|i| self.unit(i))
            .collect()
    }

    /// The units' indexes, oldest first.
    fn import_order(&self) -> Result<Vec<usize>, Error> {
        let mut order = (0..self.units)
            .map(|i| Ok((self.seq(i)?, i)))
            .collect::<Result<Vec<_>, Error>>()?;
        order.sort_unstable();
        Ok(order.into_iter().map(|(_, i)| i).collect())
    }

    /// Whether unit `index`'s source can be within `edits` words or
    /// characters of a query of `words` (lengths are stored capped at
    /// `u16::MAX`, which then says only "at least").
    fn length_fits(&self, index: usize, words: usize, edits: usize) -> bool {
        let l = self.section(store::LENGTHS);
        let len = u16::from_le_bytes([l[index * 2], l[index * 2 + 1]]);
        len == u16::MAX && words + edits >= usize::from(len)
            || usize::from(len).abs_diff(words) <= edits
    }

    /// The units whose source is `text` up to normalisation (case, width,
    /// dashes, spacing, script), newest first.
    fn exact(&self, query: &Tokens) -> std::ops::Range<usize> {
        match self
            .fst(store::EXACT)
            .get(store::exact_hash(query).to_be_bytes())
        {
            Some(v) => {
                let r = store::group_range(v);
                r.start.min(self.units)..r.end.min(self.units)
            }
            None => 0..0,
        }
    }

    /// The id of a word or character key, `None` when no unit has it.
    fn token(&self, key: &str) -> Option<u32> {
        let id = self.fst(store::TOKENS).get(key)?;
        u32::try_from(id).ok()
    }

    /// The posting list of an n-gram: units (`<< 1 | side`) in order.
    fn postings(&self, (a, b): (u32, u32)) -> Result<Vec<u32>, Error> {
        let Some(offset) = self.fst(store::GRAMS).get(store::gram(a, b)) else {
            return Ok(Vec::new());
        };
        self.postings_at(offset)
    }

    fn postings_at(&self, offset: u64) -> Result<Vec<u32>, Error> {
        let damaged = || self.corrupt("a posting list is damaged");
        let offset = usize::try_from(offset).map_err(|_| damaged())?;
        // A varint of the list's length in bytes, then the list.
        let room = self.sections[store::POSTINGS].len().saturating_sub(offset);
        let head = self.read(store::POSTINGS, offset, room.min(10))?;
        let mut rest = head.as_slice();
        let len = store::get_varint(&mut rest).ok_or_else(damaged)?;
        let skip = head.len() - rest.len();
        let len = usize::try_from(len).map_err(|_| damaged())?;
        let list = self.read(store::POSTINGS, offset + skip, len)?;
        let mut bytes = list.as_slice();
        let n = store::get_varint(&mut bytes).ok_or_else(damaged)?;
        let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0).min(bytes.len()));
        let mut v = 0u64;
        for _ in 0..n {
            v += store::get_varint(&mut bytes).ok_or_else(damaged)?;
            out.push(u32::try_from(v).map_err(|_| damaged())?);
        }
        Ok(out)
    }

    /// The units closest to `query`, best first (ties: the newer first),
    /// scoring at least `options.min_score`, at most `options.limit`.
    ///
    /// # Errors
    ///
    /// When the memory's file is damaged.
    pub fn lookup(&self, query: &str, options: &LookupOptions) -> Result<Vec<Hit>, Error> {
        let q = Tokens::new(query);
        let weight = q.weight();
        if q.is_empty() || options.limit == 0 {
            return Ok(Vec::new());
        }
        if q.len() > MAX_QUERY_TOKENS {
            return Err(Error::QueryTooLong {
                tokens: q.len(),
                max: MAX_QUERY_TOKENS,
            });
        }
        let limit = score::max_distance(weight, options.min_score);
        let mut candidates: Vec<usize> = self.exact(&q).collect();
        if options.min_score < 100 {
            candidates.extend(self.fuzzy_candidates(&q, limit)?);
            candidates.sort_unstable();
            candidates.dedup();
        }
        let mut hits = Vec::new();
        // Most candidates are turned away: a unit is made of its record
        // only for a hit, and each source is cut into the same buffers.
        let mut source = Tokens::default();
        for index in candidates {
            let record = self.record(index, usize::MAX)?;
            let decoded = self.decode(index, &record)?;
            let (_, [_id, _source_lang, _target_lang, text, ..]) = decoded;
            source.cut(text);
            if let Some(d) = score::distance(&q, &source, limit) {
                hits.push(Hit {
                    score: score::score(d, weight),
                    distance: d,
                    unit: Unit::of(index, decoded),
                });
            }
        }
        hits.sort_by(|a, b| {
            (a.distance, std::cmp::Reverse(a.unit.seq))
                .cmp(&(b.distance, std::cmp::Reverse(b.unit.seq)))
        });
        hits.truncate(options.limit);
        Ok(hits)
    }

    /// The units that can be within `limit` of `q` by the n-gram count
    /// filter: an edit of one word or character removes at most two of the
    /// query's n-grams, so a unit within `e` such edits shares all but `2e`.
    fn fuzzy_candidates(&self, q: &Tokens, limit: u32) -> Result<Vec<usize>, Error> {
        // A word the memory does not have still counts among the query's
        // n-grams, which only lowers the bar (all such n-grams are one).
        let ids: Vec<u32> = q
            .content()
            .map(|k| self.token(k).unwrap_or(u32::MAX))
            .collect();
        let mut grams: Vec<(u32, u32)> = store::grams(&ids).collect();
        grams.sort_unstable();
        grams.dedup();
        let edits = (limit / CONTENT) as usize;
        let needed = grams.len().saturating_sub(2 * edits).max(1);
        let words = q.content().count();
        let mut counts = vec![0u16; self.units];
        let mut out = Vec::new();
        for &g in &grams {
            for v in self.postings(g)? {
                if v & 1 == 1 {
                    continue;
                }
                let unit = (v >> 1) as usize;
                let Some(c) = counts.get_mut(unit) else {
                    return Err(self.corrupt("a posting names a unit the memory does not have"));
                };
                *c = c.saturating_add(1);
                if usize::from(*c) == needed && self.length_fits(unit, words, edits) {
                    out.push(unit);
                }
            }
        }
        Ok(out)
    }

    /// Every unit whose source or target holds `term` (compared after
    /// normalisation, as whole words and characters), newest first, at
    /// most `limit`.
    ///
    /// # Errors
    ///
    /// When the memory's file is damaged.
    pub fn concord(&self, term: &str, limit: usize) -> Result<Vec<Concordance>, Error> {
        let t = Tokens::new(term);
        let Some(ids) = t
            .content()
            .map(|k| self.token(k))
            .collect::<Option<Vec<u32>>>()
        else {
            return Ok(Vec::new());
        };
        let candidates: Vec<u32> = match ids.as_slice() {
            [] => return Ok(Vec::new()),
            // One word: every n-gram it starts holds it.
            &[one] => {
                use fst::{IntoStreamer, Streamer};
                let map = self.fst(store::GRAMS);
                let (from, to) = (store::gram(one, 0), store::gram(one + 1, 0));
                let mut stream = map.range().ge(from).lt(to).into_stream();
                let mut all = Vec::new();
                while let Some((_, offset)) = stream.next() {
                    all.extend(self.postings_at(offset)?);
                }
                all.sort_unstable();
                all.dedup();
                all
            }
            _ => {
                let mut lists = ids
                    .windows(2)
                    .map(|w| self.postings((w[0], w[1])))
                    .collect::<Result<Vec<_>, _>>()?;
                lists.sort_by_key(Vec::len);
                let mut all = lists.remove(0);
                for l in &lists {
                    all.retain(|v| l.binary_search(v).is_ok());
                }
                all
            }
        };
        // Newest first, and only as many verified as asked for: a common
        // word has many candidates, and their order needs only the age.
        let mut units: Vec<(u64, usize)> = Vec::with_capacity(candidates.len());
        for v in candidates {
            let index = (v >> 1) as usize;
            if units.last().is_none_or(|&(_, last)| last != index) {
                units.push((self.seq(index)?, index));
            }
        }
        units.sort_unstable_by(|a, b| b.cmp(a));
        let mut out = Vec::new();
        for (_, index) in units {
            if out.len() == limit {
                break;
            }
            let unit = self.unit(index)?;
            let in_source = occurrences(&t, &Tokens::new(&unit.source));
            let in_target = occurrences(&t, &Tokens::new(&unit.target));
            if !in_source.is_empty() || !in_target.is_empty() {
                out.push(Concordance {
                    unit,
                    in_source,
                    in_target,
                });
            }
        }
        Ok(out)
    }

    /// Writes every unit as TMX 1.4b, in import order, with its markup.
    ///
    /// # Errors
    ///
    /// When `out` cannot be written or a record is damaged.
    pub fn export<W: std::io::Write>(&self, out: W) -> Result<W, Error> {
        // Unit by unit, in import order: an export never holds the memory.
        let order = self.import_order()?;
        let io = Error::Write;
        let mut units = order.into_iter().map(|i| self.unit(i));
        let first = units.next().transpose()?;
        let srclang = first.as_ref().and_then(|u| u.source_lang.clone());
        let mut w = tmx::Writer::new(out, srclang.as_deref()).map_err(io)?;
        for u in first.into_iter().map(Ok).chain(units) {
            let u = u?;
            let source = tmx::Variant {
                lang: u.source_lang.as_deref(),
                text: &u.source,
                markup: u.source_markup.as_deref(),
            };
            let target = tmx::Variant {
                lang: u.target_lang.as_deref(),
                text: &u.target,
                markup: u.target_markup.as_deref(),
            };
            w.unit(&u.id, source, Some(target)).map_err(io)?;
        }
        w.finish().map_err(io)
    }
}

/// Where the token sequence of `term` occurs in `text`.
fn occurrences(term: &Tokens, text: &Tokens) -> Vec<std::ops::Range<usize>> {
    let n = term.len();
    let mut out = Vec::new();
    let mut i = 0;
    while n > 0 && i + n <= text.len() {
        let same = (0..n).all(|k| {
            let (a, b) = (
                term.get(k).expect("in range"),
                text.get(i + k).expect("in range"),
            );
            term.key(a) == text.key(b)
        });
        if same {
            let (first, last) = (
                text.get(i).expect("in range"),
                text.get(i + n - 1).expect("in range"),
            );
            out.push(first.start..last.end);
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `buf.len()` bytes of the file at `at`: a positioned read where
/// the platform has one, else a copy from the map.
fn read_at(file: &std::fs::File, map: &[u8], at: usize, buf: &mut [u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let _ = map;
        std::os::unix::fs::FileExt::read_exact_at(file, buf, at as u64)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        match map.get(at..at + buf.len()) {
            Some(b) => {
                buf.copy_from_slice(b);
                Ok(())
            }
            None => Err(std::io::ErrorKind::UnexpectedEof.into()),
        }
    }
}

/// The most tokens (words, Chinese characters, punctuation marks) a lookup
/// query may have: a long segment, not a document. The work of a lookup
/// grows with the query's length times the candidates'.
pub const MAX_QUERY_TOKENS: usize = 2_000;

/// Adds segments to a memory: the memory's units (if it exists) and the
/// segments added are written as a new memory file by
/// [`commit`](Import::commit), which replaces the old one in one rename.
/// Until then, and if the import fails or is interrupted, the old memory
/// is untouched.
#[derive(Debug)]
pub struct Import {
    /// The writers' lock, held while the import lives (see [`Import::open`]).
    _lock: std::fs::File,
    path: PathBuf,
    units: store::Pending,
    counts: Counts,
    before: usize,
}

/// What an import has taken and skipped, and the sequence number of the
/// next unit it takes.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    next_seq: u64,
    added: usize,
    skipped: usize,
}

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// Units in the memory before.
    pub before: usize,
    /// Segments added (with a target).
    pub added: usize,
    /// Segments skipped: no target, or an empty source or target.
    pub skipped: usize,
    /// Units in the memory now; identical units are stored once.
    pub units: usize,
}

impl Import {
    /// Starts an import into the memory at `path`, which need not exist.
    ///
    /// # Errors
    ///
    /// When `path` exists but is not a readable memory.
    pub fn open(path: impl AsRef<Path>) -> Result<Import, Error> {
        let path = path.as_ref().to_path_buf();
        // Writers take turns: the lock is held from reading the memory to
        // renaming the new one over it, so no import's units are lost to
        // another's rename. Readers never wait.
        let target = crate::rewrite::resolve(&path).map_err(|e| Error::Io(path.clone(), e))?;
        let mut lock_path = target.clone().into_os_string();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::Io(lock_path.clone(), e))?;
        lock.lock().map_err(|e| Error::Io(lock_path.clone(), e))?;
        let mut import = Import {
            _lock: lock,
            path: path.clone(),
            units: store::Pending::default(),
            counts: Counts::default(),
            before: 0,
        };
        if path.exists() {
            let memory = Memory::open(&path)?;
            import.counts.next_seq = memory.next_seq;
            import.before = memory.len();
            for i in 0..memory.len() {
                let record = memory.record(i, usize::MAX)?;
                import
                    .units
                    .push(Record::decoded(memory.decode(i, &record)?));
            }
        }
        Ok(import)
    }

    /// Adds a segment, newer than all before it; returns whether it was
    /// taken (a segment without a target, or with an empty side, is not).
    ///
    /// # Errors
    ///
    /// When the segment does not say its source or target language: a
    /// memory's units always do, so lookups can tell directions apart.
    pub fn add(&mut self, segment: &Segment) -> Result<bool, Error> {
        let units = &mut self.units;
        self.counts
            .take(Cow::Borrowed(segment), &mut |r| units.push(r))
    }

    /// Adds the segments a bilingual file gave, in order, and counts each
    /// unit in `tally`: used when added; skipped, with its reason, when the
    /// reader skipped it or it has no target or an empty side.
    ///
    /// # Errors
    ///
    /// As [`Import::add`], with the line of the segment that failed.
    pub fn add_bitext(&mut self, read: &Bitext, tally: &mut Tally) -> Result<(), (usize, Error)> {
        let units = &mut self.units;
        self.counts.take_all(
            &read.skipped,
            read.segments.iter().map(Cow::Borrowed),
            tally,
            &mut |r| units.push(r),
        )
    }

    /// Reads each bilingual file (TMX, XLIFF, TSV) and adds its segments,
    /// in order, counting each unit in `tally`; returns the files that
    /// could not be read. Every file is read, so that all of those are
    /// named, but once one has failed the rest are only read: an import
    /// without it would look complete, and should not be committed.
    ///
    /// ```
    /// use shuyu::formats::bitext::{Langs, Tally};
    /// use shuyu::tm::Import;
    /// let dir = std::env::temp_dir().join(format!("shuyu-doc-add-files-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let tsv = dir.join("memory.tsv");
    /// std::fs::write(&tsv, "1\tthe Quad\t四方安全对话\n")?;
    /// let langs = Langs { source: Some("en".into()), target: Some("zh-CN".into()) };
    /// let mut import = Import::open(dir.join("memory.shuyu-tm"))?;
    /// let mut tally = Tally::default();
    /// let unreadable = import.add_files(&[tsv, dir.join("missing.tmx")], &langs, &mut tally)?;
    /// assert_eq!(unreadable.len(), 1);
    /// assert_eq!(tally.used, 1);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Import::add`], in an [`Error::InFile`] naming the file and the
    /// segment's line; the files after it are not read.
    pub fn add_files(
        &mut self,
        files: &[PathBuf],
        langs: &crate::formats::bitext::Langs,
        tally: &mut Tally,
    ) -> Result<Vec<crate::formats::ParseError>, Error> {
        let mut unreadable = Vec::new();
        for file in files {
            if !unreadable.is_empty() {
                if let Err(e) = crate::formats::bitext::read(file, langs) {
                    unreadable.push(e);
                }
                continue;
            }
            // A file that cannot be read to its end adds nothing.
            let before = (self.units.len(), self.counts, tally.clone());
            let (counts, units) = (&mut self.counts, &mut self.units);
            let mut failed = None;
            // The units of each block read are made ready for the index
            // while the next is read.
            let read = units.fill(|push| {
                crate::formats::bitext::read_in_blocks(file, langs, READ_BLOCK, &mut |block| {
                    if failed.is_none() {
                        let segments = block.segments.into_iter().map(Cow::Owned);
                        failed = counts.take_all(&block.skipped, segments, tally, push).err();
                    }
                })
            });
            if let Some((line, error)) = failed {
                return Err(Error::InFile {
                    file: file.clone(),
                    line,
                    error: Box::new(error),
                });
            }
            if let Err(e) = read {
                self.units.truncate(before.0);
                (self.counts, *tally) = (before.1, before.2);
                unreadable.push(e);
            }
        }
        Ok(unreadable)
    }

    /// Writes the memory: a new file, synced, renamed over the old one.
    ///
    /// # Errors
    ///
    /// When the file cannot be written; the old memory is then as it was.
    pub fn commit(self) -> Result<ImportSummary, Error> {
        let units = store::write(&self.path, self.units, self.counts.next_seq)?;
        Ok(ImportSummary {
            before: self.before,
            added: self.counts.added,
            skipped: self.counts.skipped,
            units,
        })
    }
}

/// How many segments [`Import::add_files`] hands on at a time.
const READ_BLOCK: usize = 1024;

impl Counts {
    /// Makes a unit of a segment borrowed or given (a given one's strings
    /// are kept, not copied) and hands it to `push`; returns whether it was
    /// taken (see [`Import::add`]).
    fn take(
        &mut self,
        segment: Cow<'_, Segment>,
        push: &mut dyn FnMut(Record),
    ) -> Result<bool, Error> {
        let Some(target) = segment.target.as_deref() else {
            self.skipped += 1;
            return Ok(false);
        };
        if segment.source.trim().is_empty() || target.trim().is_empty() {
            self.skipped += 1;
            return Ok(false);
        }
        for (lang, side) in [
            (&segment.source_lang, "source"),
            (&segment.target_lang, "target"),
        ] {
            if lang.as_deref().is_none_or(|l| l.trim().is_empty()) {
                let id = segment.id.clone();
                return Err(Error::NoLanguage { id, side });
            }
        }
        // One spelling per tag (`zh_cn` is stored `zh-CN`); `en` and
        // `en-US` stay two languages, as the files said.
        let canonical =
            |lang: &Option<String>| crate::langtag::canonical(lang.as_deref().unwrap_or(""));
        let (source_lang, target_lang) = (
            canonical(&segment.source_lang),
            canonical(&segment.target_lang),
        );
        let segment = segment.into_owned();
        push(Record {
            seq: self.next_seq,
            id: segment.id,
            source_lang,
            target_lang,
            source: segment.source,
            target: segment.target.unwrap_or_default(),
            source_markup: segment.source_markup.unwrap_or_default(),
            target_markup: segment.target_markup.unwrap_or_default(),
        });
        self.next_seq += 1;
        self.added += 1;
        Ok(true)
    }

    /// [`Import::add_bitext`] of segments borrowed or given.
    fn take_all<'s>(
        &mut self,
        skipped: &[Skipped],
        segments: impl IntoIterator<Item = Cow<'s, Segment>>,
        tally: &mut Tally,
        push: &mut dyn FnMut(Record),
    ) -> Result<(), (usize, Error)> {
        for s in skipped {
            tally.skip(&s.reason);
        }
        for segment in segments {
            let line = segment.line;
            match self.take(segment, push) {
                Ok(true) => tally.used(1),
                Ok(false) => tally.skip(&SkipReason::Empty),
                Err(e) => return Err((line, e)),
            }
        }
        Ok(())
    }
}

/// A glossary term found in a query, with the terms its concept approves
/// in the target language: shown beside a memory's old translation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TermHint<'g> {
    /// Byte offset where the term starts in the query.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The concept's id.
    pub concept: &'g str,
    /// The approved terms in the target language, preferred first.
    pub approved: Vec<&'g str>,
}

impl TermHint<'_> {
    /// Whether `text` (a target) uses one of the approved terms.
    pub fn used_in<D: AsRef<[u8]>>(&self, tagger: &crate::Tagger<D>, text: &str) -> bool {
        tagger.find_iter(text).any(|m| self.is(&m))
    }

    /// Whether the matches of a text (a target, tagged once for all its
    /// hints) include one of the approved terms.
    pub fn used_among(&self, found: &[crate::Match<'_>]) -> bool {
        found.iter().any(|m| self.is(m))
    }

    /// Whether a match is one of the approved terms.
    fn is(&self, m: &crate::Match<'_>) -> bool {
        m.concept() == self.concept && self.approved.contains(&m.term())
    }
}

/// The glossary terms of `query` whose concept has approved terms in
/// `target` (a language), each once per concept, in order.
///
/// ```
/// use shuyu::{Lang, Tagger};
/// let hints = shuyu::tm::term_hints(Tagger::bundled(), "日本行使集体自卫权", Lang::En);
/// let h = hints.iter().find(|h| h.concept == "collective-self-defense").unwrap();
/// assert_eq!(h.approved[0], "right of collective self-defense");
/// assert!(h.used_in(Tagger::bundled(), "Japan exercises the right of collective self-defense"));
/// ```
pub fn term_hints<'g, D: AsRef<[u8]>>(
    tagger: &'g crate::Tagger<D>,
    query: &str,
    target: crate::Lang,
) -> Vec<TermHint<'g>> {
    let mut out: Vec<TermHint<'g>> = Vec::new();
    for m in tagger.find_iter(query) {
        if out.iter().any(|h| h.concept == m.concept()) {
            continue;
        }
        let concept = m.concept_ref();
        let approved: Vec<&'g str> = concept.approved(target).iter().map(|t| t.text()).collect();
        if !approved.is_empty() {
            out.push(TermHint {
                start: m.start(),
                end: m.end(),
                concept: m.concept(),
                approved,
            });
        }
    }
    out
}
