//! The memory file: its layout, how it is written, and how its parts are
//! read back without reading the rest.
//!
//! ```text
//! header   magic "SHUYU\0TM", version u32, 0 u32, units u64, next_seq u64,
//!          index checksum u64 (of exact, tokens and grams), then seven
//!          sections as (offset u64, length u64):
//! records  per unit: seq, then id, source lang, target lang, source, target,
//!          source markup, target markup, each a varint length and UTF-8
//! offsets  u64 LE per unit and one past the last: where its record starts
//! lengths  u16 LE per unit: words and characters in its source (capped)
//! exact    fst: hash of the source's exact key (8 bytes BE) → first unit
//!          << 24 | count
//! tokens   fst: a word or character key → token id
//! grams    fst: two token ids (4 bytes BE each) → offset in postings
//! postings per n-gram: varint length in bytes of the rest, varint count,
//!          then varint deltas of unit << 1 | side
//! ```
//!
//! Units are sorted by the hash of their exact key, newest first within a
//! hash, so the units that may share a key are one run (a hash collision
//! only adds candidates, which scoring then drops). Token ids 0 and 1 mark
//! a segment's start and end in its n-grams. Integers are little-endian
//! unless said otherwise; varints are LEB128.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::io::{Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::score::{Tokens, SEPARATOR};
use super::Error;

pub(crate) const MAGIC: &[u8; 8] = b"SHUYU\0TM";
pub(crate) const VERSION: u32 = 2;
pub(crate) const HEADER: usize = 40 + SECTIONS * 16;
pub(crate) const SECTIONS: usize = 7;
pub(crate) const RECORDS: usize = 0;
pub(crate) const OFFSETS: usize = 1;
pub(crate) const LENGTHS: usize = 2;
pub(crate) const EXACT: usize = 3;
pub(crate) const TOKENS: usize = 4;
pub(crate) const GRAMS: usize = 5;
pub(crate) const POSTINGS: usize = 6;
/// How many units one exact key may have (its count's bits in the value).
const GROUP_BITS: u32 = 24;

/// The token ids marking the start and the end of a segment.
pub(crate) const START: u32 = 0;
pub(crate) const END: u32 = 1;

/// The fst key of an n-gram of two token ids.
pub(crate) fn gram(a: u32, b: u32) -> [u8; 8] {
    (u64::from(a) << 32 | u64::from(b)).to_be_bytes()
}

/// The n-grams of a sequence of content token ids: adjacent pairs, with
/// the start and end marked so a one-word segment has n-grams too.
pub(crate) fn grams(ids: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let ends = ids.first().zip(ids.last());
    let first = ends.map(|(&first, _)| (START, first));
    let last = ends.map(|(_, &last)| (last, END));
    first
        .into_iter()
        .chain(ids.windows(2).map(|w| (w[0], w[1])))
        .chain(last)
}

/// The hash of a text's exact key, which two texts share when they differ
/// at most in case, width, dashes, spacing and script: the same on every
/// machine and in every version, FNV-1a over its tokens' keys with
/// [`SEPARATOR`] between them, then SplitMix64's finaliser to spread it.
/// FNV-1a reads a byte at a time, so the keys are fed as they are, never
/// joined into one string.
pub(crate) fn exact_hash(tokens: &Tokens) -> u64 {
    let fnv = |h: u64, bytes: &[u8]| {
        bytes.iter().fold(h, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut separator = [0u8; 4];
    let separator = SEPARATOR.encode_utf8(&mut separator).as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, key) in tokens.keys().enumerate() {
        if i > 0 {
            h = fnv(h, separator);
        }
        h = fnv(h, key.as_bytes());
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
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
    /// The record whose age and fields [`decode_record`] read.
    pub(crate) fn decoded(
        (seq, [id, source_lang, target_lang, source, target, source_markup, target_markup]): (
            u64,
            [&str; 7],
        ),
    ) -> Record {
        let own = str::to_string;
        Record {
            seq,
            id: own(id),
            source_lang: own(source_lang),
            target_lang: own(target_lang),
            source: own(source),
            target: own(target),
            source_markup: own(source_markup),
            target_markup: own(target_markup),
        }
    }

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
}

/// A fast hasher for the builder's tables (FxHash's multiply-rotate, with
/// a final mix): the
/// keys are the builder's own, so no defence against chosen collisions is
/// needed.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, blind
        // to the high bits of the input: fold them down.
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 32)
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

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Writes the units (any order, duplicates allowed) as a memory file at
/// `path`: to a temporary file beside it, synced, then renamed over it, so
/// a crash leaves the old memory whole. Returns how many units it holds.
pub(crate) fn write(path: &Path, units: Pending, next_seq: u64) -> Result<usize, Error> {
    let chunks = units.into_chunks();
    let keep = dedup(&chunks);
    let mut order: Vec<(u64, u64, usize)> = (0..keep.len())
        .filter(|&i| keep[i])
        .map(|i| {
            let unit = unit(&chunks, i).1;
            (unit.hash, u64::MAX - unit.seq, i)
        })
        .collect();
    order.sort_unstable();
    let units = u32::try_from(order.len())
        .ok()
        .filter(|&n| n < 1 << 31)
        .ok_or(Error::TooLarge("more than 2^31 units"))?;

    let ids = FileIds::of(&chunks);
    let (starts, lists) = posting_lists(&chunks, &ids, &order, &keep);
    // The exact keys' fst is built beside the records' copying.
    let (exact, [records_blob, offsets, lengths]) = std::thread::scope(|s| {
        let exact = s.spawn(|| exact_keys(&order));
        let records = records_sections(&chunks, &order);
        let exact = exact
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (exact, records)
    });
    let exact = exact?;
    drop(chunks);

    let (gram_fst, postings) = postings_sections(ids.grams, &starts, &lists)?;
    let mut token_list: Vec<(String, u32)> = ids.tokens.into_iter().collect();
    token_list.sort_unstable();
    let mut token_fst = fst::MapBuilder::memory();
    for (key, id) in &token_list {
        token_fst.insert(key, u64::from(*id)).map_err(build)?;
    }

    let token_fst = token_fst.into_inner().map_err(build)?;
    let sections: [&[u8]; SECTIONS] = [
        &records_blob,
        &offsets,
        &lengths,
        &exact,
        &token_fst,
        &gram_fst,
        &postings,
    ];
    write_file(path, u64::from(units), next_seq, &sections)?;
    Ok(units as usize)
}

/// How many units a chunk holds: each is made ready on one thread. Each
/// n-gram distinct within a chunk costs a lookup in the file's table when
/// the chunks are joined; a million-unit memory's chunks of 8,192 units
/// repeat enough of theirs to halve those lookups against chunks of 1,024.
const CHUNK_UNITS: usize = 8192;

/// The units of an import on their way into a memory file, in the order
/// they came: the runs of [`CHUNK_UNITS`] made ready for the index (see
/// [`Chunk`]), then the rest. While an import reads a file, a second
/// thread makes each run ready as it fills ([`Pending::fill`]), so that
/// the index is mostly built when the reading ends.
#[derive(Default)]
pub(crate) struct Pending {
    ready: Vec<Chunk>,
    rest: Vec<Record>,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("units", &self.len())
            .finish()
    }
}

impl Pending {
    /// How many units there are.
    pub fn len(&self) -> usize {
        self.ready.len() * CHUNK_UNITS + self.rest.len()
    }

    pub fn push(&mut self, record: Record) {
        self.rest.push(record);
    }

    /// Makes every full run of the rest ready, on all cores.
    fn settle(&mut self) {
        let full = self.rest.len() / CHUNK_UNITS;
        if full == 0 {
            return;
        }
        let mut rest = std::mem::take(&mut self.rest).into_iter();
        let runs: Vec<Vec<Record>> = (0..full)
            .map(|_| rest.by_ref().take(CHUNK_UNITS).collect())
            .collect();
        self.rest = rest.collect();
        self.ready
            .extend(crate::parallel::map(&runs, |run| Chunk::of(run)));
    }

    /// Runs `fill`, which adds units through the function it is given,
    /// while a second thread makes each run ready as it fills. The runs it
    /// has not begun when `fill` returns are left for later.
    pub fn fill<R>(&mut self, fill: impl FnOnce(&mut dyn FnMut(Record)) -> R) -> R {
        if crate::parallel::threads() < 2 {
            return fill(&mut |record| self.rest.push(record));
        }
        // From here each run that fills is the next whole one.
        self.settle();
        let stop = AtomicBool::new(false);
        let (result, made, left) = std::thread::scope(|s| {
            let (send, runs) = mpsc::channel::<Vec<Record>>();
            let mut runs = Some(runs);
            let mut worker = None;
            let rest = &mut self.rest;
            let stop = &stop;
            let result = fill(&mut |record| {
                rest.push(record);
                if rest.len() < CHUNK_UNITS {
                    return;
                }
                // The thread starts with the first full run: most files
                // never fill one.
                if let Some(runs) = runs.take() {
                    worker = Some(s.spawn(move || {
                        let (mut made, mut left) = (Vec::new(), Vec::new());
                        for run in runs {
                            if stop.load(Ordering::Relaxed) {
                                left.push(run);
                            } else {
                                made.push(Chunk::of(&run));
                            }
                        }
                        (made, left)
                    }));
                }
                let run = std::mem::replace(rest, Vec::with_capacity(CHUNK_UNITS));
                // The thread ends only after `send` is dropped, below.
                let _ = send.send(run);
            });
            stop.store(true, Ordering::Relaxed);
            drop(send);
            let (made, left) = worker
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .unwrap_or_default();
            (result, made, left)
        });
        self.ready.extend(made);
        if !left.is_empty() {
            let mut rest: Vec<Record> = left.into_iter().flatten().collect();
            rest.append(&mut self.rest);
            self.rest = rest;
        }
        result
    }

    /// Drops the units from the `n`-th on: those of a file that could not
    /// be read to its end.
    pub fn truncate(&mut self, n: usize) {
        let whole = n / CHUNK_UNITS;
        if whole < self.ready.len() {
            let mut rest: Vec<Record> = (self.ready.drain(whole..))
                .flat_map(Chunk::into_records)
                .collect();
            rest.append(&mut self.rest);
            self.rest = rest;
        }
        self.rest.truncate(n - self.ready.len() * CHUNK_UNITS);
    }

    /// Every unit made ready, in chunks of [`CHUNK_UNITS`] but the last.
    fn into_chunks(mut self) -> Vec<Chunk> {
        self.settle();
        if !self.rest.is_empty() {
            self.ready.push(Chunk::of(&self.rest));
        }
        self.ready
    }
}

/// The chunk of the `i`-th unit (in the order the chunks were made) and
/// the unit in it.
fn unit(chunks: &[Chunk], i: usize) -> (&Chunk, &Indexed) {
    let chunk = &chunks[i / CHUNK_UNITS];
    (chunk, &chunk.units[i % CHUNK_UNITS])
}

/// The file's ids of the chunks' tokens and n-grams: an id per distinct
/// key, in the order the chunks first have it, and for each chunk the
/// file's id of each of its n-grams.
struct FileIds {
    tokens: FxMap<String, u32>,
    grams: FxMap<u64, u32>,
    of_chunk: Vec<Vec<u32>>,
}

impl FileIds {
    fn of(chunks: &[Chunk]) -> FileIds {
        let mut tokens: FxMap<String, u32> = FxMap::default();
        let mut grams: FxMap<u64, u32> = FxMap::default();
        let of_chunk = chunks
            .iter()
            .map(|chunk| {
                let ids: Vec<u32> = (chunk.tokens.iter())
                    .map(|key| intern(&mut tokens, key))
                    .collect();
                let id = |local: u32| match local {
                    START | END => local,
                    _ => ids[local as usize - 2],
                };
                (chunk.grams.iter())
                    .map(|&(a, b)| {
                        let next = grams.len() as u32;
                        *grams
                            .entry(u64::from(id(a)) << 32 | u64::from(id(b)))
                            .or_insert(next)
                    })
                    .collect()
            })
            .collect();
        FileIds {
            tokens,
            grams,
            of_chunk,
        }
    }
}

/// Every n-gram's list of `unit << 1 | side`, ascending, the units
/// numbered in `order`: where each list starts in the second (by the
/// file's n-gram id, one more at the end). Laid out by counting the units
/// kept (`keep`), in the chunks' order, then filled in the units'.
fn posting_lists(
    chunks: &[Chunk],
    ids: &FileIds,
    order: &[(u64, u64, usize)],
    keep: &[bool],
) -> (Vec<usize>, Vec<u32>) {
    let mut starts = vec![0usize; ids.grams.len() + 1];
    for ((chunk, global), keep) in chunks
        .iter()
        .zip(&ids.of_chunk)
        .zip(keep.chunks(CHUNK_UNITS))
    {
        for (unit, _) in chunk.units.iter().zip(keep).filter(|(_, &k)| k) {
            for &g in &chunk.ids[unit.grams[0]..unit.grams[2]] {
                starts[global[g as usize] as usize + 1] += 1;
            }
        }
    }
    for g in 0..ids.grams.len() {
        starts[g + 1] += starts[g];
    }
    let mut lists = vec![0u32; starts[ids.grams.len()]];
    let mut fill = starts.clone();
    for (n, &(_, _, i)) in order.iter().enumerate() {
        let (chunk, unit) = unit(chunks, i);
        let global = &ids.of_chunk[i / CHUNK_UNITS];
        for side in 0..2 {
            for &g in unit.grams(chunk, side) {
                let gid = global[g as usize] as usize;
                lists[fill[gid]] = (n as u32) << 1 | side;
                fill[gid] += 1;
            }
        }
    }
    (starts, lists)
}

/// The records, offsets and lengths sections of the units in `order`.
fn records_sections(chunks: &[Chunk], order: &[(u64, u64, usize)]) -> [Vec<u8>; 3] {
    let mut records = Vec::with_capacity(chunks.iter().map(|c| c.records.len()).sum());
    let mut offsets = Vec::with_capacity((order.len() + 1) * 8);
    let mut lengths = Vec::with_capacity(order.len() * 2);
    for &(_, _, i) in order {
        let (chunk, unit) = unit(chunks, i);
        offsets.extend_from_slice(&(records.len() as u64).to_le_bytes());
        records.extend_from_slice(&chunk.records[unit.record.clone()]);
        lengths.extend_from_slice(&unit.words.to_le_bytes());
    }
    offsets.extend_from_slice(&(records.len() as u64).to_le_bytes());
    [records, offsets, lengths]
}

/// The n-grams' fst and the postings section: each n-gram's list (see
/// [`posting_lists`]) as varint deltas, after its length and count.
fn postings_sections(
    grams: FxMap<u64, u32>,
    starts: &[usize],
    lists: &[u32],
) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let mut by_key: Vec<(u64, u32)> = grams.into_iter().collect();
    by_key.sort_unstable();
    let mut gram_fst = fst::MapBuilder::memory();
    let mut postings = Vec::new();
    let mut list_bytes = Vec::new();
    for (key, gid) in by_key {
        let list = &lists[starts[gid as usize]..starts[gid as usize + 1]];
        gram_fst
            .insert(key.to_be_bytes(), postings.len() as u64)
            .map_err(build)?;
        list_bytes.clear();
        put_varint(&mut list_bytes, list.len() as u64);
        let mut prev = 0u32;
        for &v in list {
            put_varint(&mut list_bytes, u64::from(v - prev));
            prev = v;
        }
        put_varint(&mut postings, list_bytes.len() as u64);
        postings.extend_from_slice(&list_bytes);
    }
    Ok((gram_fst.into_inner().map_err(build)?, postings))
}

/// A run of units made ready for the file: their records encoded end to
/// end, and their tokens and n-grams named by ids of the run's own: the
/// keys of its tokens (ids from 2 on; 0 and 1 are [`START`] and [`END`]),
/// its n-grams as pairs of those, and each unit's n-grams by id, a unit's
/// sides one after the other in `ids`.
struct Chunk {
    records: Vec<u8>,
    tokens: Vec<String>,
    grams: Vec<(u32, u32)>,
    ids: Vec<u32>,
    units: Vec<Indexed>,
}

/// One unit of a [`Chunk`]: where its record lies in the chunk's
/// `records`, the hash of its source's exact key, the words and characters
/// of its source (capped), and where each side's n-grams, each once, lie
/// in the chunk's `ids`.
struct Indexed {
    record: std::ops::Range<usize>,
    /// Where in the record what makes it the same as another begins (see
    /// [`encode_record`]), a hash of that, and the record's age.
    same: usize,
    same_hash: u64,
    seq: u64,
    hash: u64,
    words: u16,
    grams: [usize; 3],
}

impl Indexed {
    /// The ids of the n-grams of side 0 (source) or 1 (target).
    fn grams<'c>(&self, chunk: &'c Chunk, side: u32) -> &'c [u32] {
        let side = side as usize;
        &chunk.ids[self.grams[side]..self.grams[side + 1]]
    }
}

impl Chunk {
    fn of(records: &[Record]) -> Chunk {
        let mut chunk = Chunk {
            records: Vec::new(),
            tokens: Vec::new(),
            grams: Vec::new(),
            ids: Vec::new(),
            units: Vec::with_capacity(records.len()),
        };
        let mut token_ids: FxMap<String, u32> = FxMap::default();
        let mut gram_ids: FxMap<(u32, u32), u32> = FxMap::default();
        // Per n-gram of the chunk, the last unit side that had it (`2 * unit
        // + side`, plus one): a unit counts once per n-gram and side.
        let mut last_seen: Vec<usize> = Vec::new();
        let (mut toks, mut seq) = (Tokens::default(), Vec::new());
        for (n, r) in records.iter().enumerate() {
            let at = chunk.records.len();
            let same = encode_record(&mut chunk.records, r);
            let mut unit = Indexed {
                record: at..chunk.records.len(),
                same,
                same_hash: BuildHasherDefault::<Fx>::default().hash_one(&chunk.records[same..]),
                seq: r.seq,
                hash: 0,
                words: 0,
                grams: [chunk.ids.len(); 3],
            };
            for (side, text) in [&r.source, &r.target].into_iter().enumerate() {
                toks.cut(text);
                seq.clear();
                seq.extend(toks.content().map(|key| intern(&mut token_ids, key)));
                if side == 0 {
                    unit.hash = exact_hash(&toks);
                    unit.words = u16::try_from(seq.len()).unwrap_or(u16::MAX);
                }
                let stamp = 2 * n + side + 1;
                for pair in grams(&seq) {
                    let next = chunk.grams.len() as u32;
                    let id = *gram_ids.entry(pair).or_insert(next);
                    if id == next {
                        chunk.grams.push(pair);
                        last_seen.push(0);
                    }
                    if std::mem::replace(&mut last_seen[id as usize], stamp) != stamp {
                        chunk.ids.push(id);
                    }
                }
                unit.grams[side + 1] = chunk.ids.len();
            }
            chunk.units.push(unit);
        }
        // The keys by id, from the table that gave the ids.
        chunk.tokens = vec![String::new(); token_ids.len()];
        for (key, id) in token_ids {
            chunk.tokens[id as usize - 2] = key;
        }
        chunk
    }

    /// The units it was made of, read back from their records.
    fn into_records(self) -> impl Iterator<Item = Record> {
        let Chunk { records, units, .. } = self;
        units.into_iter().map(move |unit| {
            Record::decoded(decode_record(&records[unit.record]).expect("encoded by this chunk"))
        })
    }
}

fn build(e: fst::Error) -> Error {
    Error::Build(e.to_string())
}

/// The id of a token key, a new one if it has none yet (0 and 1 are the
/// start and end marks).
fn intern(tokens: &mut FxMap<String, u32>, key: &str) -> u32 {
    if let Some(&id) = tokens.get(key) {
        return id;
    }
    let id = tokens.len() as u32 + 2;
    tokens.insert(key.to_string(), id);
    id
}

/// The exact keys' fst of units in `order`: each run of equal hashes, one
/// entry (see [`group_range`]).
fn exact_keys(order: &[(u64, u64, usize)]) -> Result<Vec<u8>, Error> {
    let mut exact = fst::MapBuilder::memory();
    let mut first = 0;
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        let count = run.len() as u64;
        if count >= 1 << GROUP_BITS {
            return Err(Error::TooLarge(
                "more than 16,777,215 units with one source",
            ));
        }
        exact
            .insert(run[0].0.to_be_bytes(), (first as u64) << GROUP_BITS | count)
            .map_err(build)?;
        first += run.len();
    }
    exact.into_inner().map_err(build)
}

/// The checksum of the three fst sections, checked on open: a damaged fst
/// could make a lookup panic, where damaged records or postings are only
/// errors. The records are not summed, so opening stays fast and light.
pub(crate) fn index_checksum(sections: [&[u8]; 3]) -> u64 {
    sections.iter().fold(0u64, |h, s| {
        h.rotate_left(17) ^ crate::checksum::checksum(s)
    })
}

/// The unit range an exact-key value names.
pub(crate) fn group_range(value: u64) -> std::ops::Range<usize> {
    let first = (value >> GROUP_BITS) as usize;
    first..first + (value & ((1 << GROUP_BITS) - 1)) as usize
}

/// Which of the chunks' units to keep, by their place: one of each
/// identical unit, the newest. Units are compared by their encoded records
/// after the age and the id, hashed as the chunks were made.
fn dedup(chunks: &[Chunk]) -> Vec<bool> {
    let units = || {
        chunks
            .iter()
            .flat_map(|c| c.units.iter().map(move |u| (c, u)))
    };
    let mut newest: FxMap<Same<'_>, (u64, usize)> = FxMap::default();
    for (i, (chunk, unit)) in units().enumerate() {
        let same = Same(unit.same_hash, &chunk.records[unit.same..unit.record.end]);
        let slot = newest.entry(same).or_insert((unit.seq, i));
        if slot.0 < unit.seq {
            *slot = (unit.seq, i);
        }
    }
    let mut keep = vec![false; units().count()];
    for &(_, i) in newest.values() {
        keep[i] = true;
    }
    keep
}

/// What makes two units the same (see [`encode_record`]), with its hash
/// made beforehand: equal when the bytes are.
#[derive(PartialEq, Eq)]
struct Same<'r>(u64, &'r [u8]);

impl std::hash::Hash for Same<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0);
    }
}

/// Appends the record's encoding to `out`; returns where, in `out`, what
/// makes two units the same begins: every field after the age and the id.
fn encode_record(out: &mut Vec<u8>, r: &Record) -> usize {
    put_varint(out, r.seq);
    let mut same = out.len();
    for (i, f) in r.fields().into_iter().enumerate() {
        put_varint(out, f.len() as u64);
        out.extend_from_slice(f.as_bytes());
        if i == 0 {
            same = out.len();
        }
    }
    same
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

fn write_file(
    path: &Path,
    units: u64,
    next_seq: u64,
    sections: &[&[u8]; SECTIONS],
) -> Result<(), Error> {
    crate::rewrite::rewrite(path, None, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&VERSION.to_le_bytes())?;
        w.write_all(&0u32.to_le_bytes())?;
        w.write_all(&units.to_le_bytes())?;
        w.write_all(&next_seq.to_le_bytes())?;
        w.write_all(
            &index_checksum([sections[EXACT], sections[TOKENS], sections[GRAMS]]).to_le_bytes(),
        )?;
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
    fn a_texts_exact_hash_is_the_one_memories_are_written_with() {
        let tokens = Tokens::new("The  Quad, 四方安全對話");
        let keys: Vec<&str> = tokens.keys().collect();
        assert_eq!(
            keys,
            ["the", "quad", ",", "四", "方", "安", "全", "对", "话"]
        );
        // FNV-1a of the keys joined by U+0001, then SplitMix64's finaliser:
        // memory files hold it, so it never changes.
        assert_eq!(exact_hash(&tokens), 0xef08_41c5_7b81_9cdf);
    }

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
        let chunks = [Chunk::of(&[r(1, "Quad"), r(2, "the Quad"), r(3, "Quad")])];
        assert_eq!(dedup(&chunks), [false, true, true]);
    }
}
