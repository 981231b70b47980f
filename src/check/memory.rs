//! What the consistency rules remember of a run: every translated segment
//! concluded, found again by its target language and the key of either side
//! (`inconsistent-translation` asks by source, `inconsistent-source` by
//! target).
//!
//! A run remembers all it checks, so the memory is kept small: a segment's
//! id and texts are copied end to end into large blocks, and its keys are
//! not kept, only their hashes. Where two hashes agree, the keys are made
//! again from the texts and compared, so that equal hashes never pass for
//! equal keys.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use crate::formats::bitext::Segment;
use crate::normalize;

/// A segment's three keys, by their place: the source's, the source's with
/// plurals folded, the target's.
const SOURCE: usize = 0;
const PLURAL_FREE: usize = 1;
const TARGET: usize = 2;

/// The hashes of a translated segment's keys (see [`SOURCE`]), made where its
/// own rules are, on any thread; `None` for an empty key, never compared.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyHashes([Option<u64>; 3]);

impl KeyHashes {
    /// The hashes of `seg`'s keys; `None` when it has no translation.
    pub(crate) fn of(seg: &Segment) -> Option<KeyHashes> {
        let target = seg.target.as_deref().filter(|_| !seg.is_untranslated())?;
        let mut keys = Keys::new(&seg.source, target);
        Some(KeyHashes([SOURCE, PLURAL_FREE, TARGET].map(|k| {
            let key = keys.get(k);
            (!key.is_empty()).then(|| rustc_hash::FxBuildHasher.hash_one(key))
        })))
    }
}

/// A segment's keys, each made when first asked for.
struct Keys<'a> {
    source: &'a str,
    target: &'a str,
    made: [Option<String>; 3],
}

impl<'a> Keys<'a> {
    fn new(source: &'a str, target: &'a str) -> Keys<'a> {
        Keys {
            source,
            target,
            made: [None, None, None],
        }
    }

    fn get(&mut self, key: usize) -> &str {
        if self.made[key].is_none() {
            let made = match key {
                SOURCE => normalize::key(self.source),
                PLURAL_FREE => crate::qa::plural_insensitive(self.get(SOURCE)),
                _ => normalize::key(self.target),
            };
            self.made[key] = Some(made);
        }
        self.made[key].as_deref().unwrap_or_default()
    }
}

/// Which side of a segment a lookup is by: its key's place, and the other
/// side's that must agree.
#[derive(Clone, Copy)]
enum Side {
    /// By source; the targets must agree.
    Source,
    /// By target; the sources must agree, plurals aside.
    Target,
}

impl Side {
    fn keys(self) -> (usize, usize) {
        match self {
            Side::Source => (SOURCE, TARGET),
            Side::Target => (TARGET, PLURAL_FREE),
        }
    }
}

/// A segment remembered, found by one side (see [`Memory::first`]).
#[derive(Clone, Copy)]
pub(crate) struct Earlier {
    record: u32,
    side: Side,
}

/// Where a side was first seen in the run, and the other side it had there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct First<'m> {
    pub(crate) file: &'m str,
    pub(crate) segment: &'m str,
    /// The other side's text.
    pub(crate) text: &'m str,
}

/// The run's memory (see the module's documentation).
#[derive(Default)]
pub(crate) struct Memory {
    records: Vec<Record>,
    texts: Texts,
    /// Hash of (language, key) → the record of each side that has it
    /// (chained through `Record::next` when hashes agree and keys do not).
    tables: [HashMap<u64, u32, BuildHasherDefault<Prehashed>>; 2],
    /// The files records name, and their canonical target languages.
    files: Vec<Box<str>>,
    langs: Vec<Box<str>>,
    /// Target language tags as files write them, each with its canonical
    /// one's place in `langs`: a run meets one or two.
    tags: Vec<(Box<str>, u32)>,
    /// Where the file being concluded began, to forget what it adds.
    #[cfg(feature = "cli")]
    file_start: Option<(usize, (usize, usize))>,
}

/// One segment remembered.
struct Record {
    file: u32,
    lang: u32,
    /// Where its id, source and target lie, one after the other.
    block: u32,
    start: u32,
    lens: [u32; 3],
    /// The hashes of (language, key) of its keys (see [`SOURCE`]).
    hashes: [Option<u64>; 3],
    /// The record this one displaced at the head of each side's chain.
    next: [Option<u32>; 2],
}

impl Memory {
    /// Makes room for `n` more segments.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.records.reserve(n);
        for table in &mut self.tables {
            table.reserve(n);
        }
    }

    /// Begins a file: what is remembered from here on can be forgotten
    /// with [`Memory::forget_file`].
    #[cfg(feature = "cli")]
    pub(crate) fn start_file(&mut self) {
        self.file_start = Some((self.records.len(), self.texts.mark()));
    }

    /// Forgets what was remembered since [`Memory::start_file`].
    #[cfg(feature = "cli")]
    pub(crate) fn forget_file(&mut self) {
        let Some((start, mark)) = self.file_start.take() else {
            return;
        };
        // A record heads its chains when added: unlinked newest first, each
        // leaves its chains as they were before it.
        let Memory {
            records, tables, ..
        } = self;
        for (i, r) in records.drain(start..).enumerate().rev() {
            let at = (start + i) as u32;
            for side in [Side::Source, Side::Target] {
                let (table, hash) = (&mut tables[side as usize], r.hashes[side.keys().0]);
                if let Some(hash) = hash.filter(|h| table.get(h) == Some(&at)) {
                    match r.next[side as usize] {
                        Some(next) => table.insert(hash, next),
                        None => table.remove(&hash),
                    };
                }
            }
        }
        self.texts.truncate(mark);
    }

    /// Remembers `seg` of `file`, translated as `target` (its keys'
    /// hashes `hashes`); returns the first segment of the run with its
    /// source and another target, and the first with its target and
    /// another source.
    pub(crate) fn remember(
        &mut self,
        file: &str,
        seg: &Segment,
        target: &str,
        KeyHashes(hashes): KeyHashes,
    ) -> [Option<Earlier>; 2] {
        if self.files.last().is_none_or(|f| **f != *file) {
            self.files.push(file.into());
        }
        let lang = self.lang(seg.target_lang.as_deref().unwrap_or(""));
        let hashes = hashes.map(|h| {
            h.map(|h| {
                let mut mixed = rustc_hash::FxHasher::default();
                mixed.write_u64(h);
                mixed.write_u32(lang);
                mixed.finish()
            })
        });
        let mut keys = Keys::new(&seg.source, target);
        let mut seen = [None, None];
        let mut differ = [None, None];
        for side in [Side::Source, Side::Target] {
            let (key, other) = side.keys();
            let Some(hash) = hashes[key] else { continue };
            let Some(r) = self.find(side, hash, lang, &mut keys) else {
                continue;
            };
            seen[side as usize] = Some(r);
            let theirs = &self.records[r as usize];
            // Other sides that hash apart differ; equal hashes are checked.
            let differs = theirs.hashes[other] != hashes[other]
                || self.keys(theirs).get(other) != keys.get(other);
            differ[side as usize] = differs.then_some(r);
        }
        // A side with a key not seen before makes the segment its first.
        let unseen = |side: Side| hashes[side.keys().0].is_some() && seen[side as usize].is_none();
        if unseen(Side::Source) || unseen(Side::Target) {
            self.add(seg, target, lang, hashes, seen);
        }
        [Side::Source, Side::Target]
            .map(|side| differ[side as usize].map(|record| Earlier { record, side }))
    }

    /// The record of the key `seg` has on `side` (its keys `keys`), if it
    /// was seen.
    fn find(&self, side: Side, hash: u64, lang: u32, keys: &mut Keys<'_>) -> Option<u32> {
        let (key, _) = side.keys();
        let mut at = self.tables[side as usize].get(&hash).copied();
        while let Some(i) = at {
            let r = &self.records[i as usize];
            if r.lang == lang && self.keys(r).get(key) == keys.get(key) {
                return Some(i);
            }
            at = r.next[side as usize];
        }
        None
    }

    /// Adds `seg` and links it on each side not `seen` before.
    fn add(
        &mut self,
        seg: &Segment,
        target: &str,
        lang: u32,
        hashes: [Option<u64>; 3],
        seen: [Option<u32>; 2],
    ) {
        let at = self.records.len() as u32;
        let (block, start) = self.texts.push([&seg.id, &seg.source, target]);
        let mut next = [None, None];
        for side in [Side::Source, Side::Target] {
            if let (Some(hash), None) = (hashes[side.keys().0], seen[side as usize]) {
                next[side as usize] = self.tables[side as usize].insert(hash, at);
            }
        }
        let len = |s: &str| s.len() as u32;
        self.records.push(Record {
            file: (self.files.len() - 1) as u32,
            lang,
            block,
            start,
            lens: [len(&seg.id), len(&seg.source), len(target)],
            hashes,
            next,
        });
    }

    /// Where a segment [`Memory::remember`] returned was seen, with its
    /// other side's text.
    pub(crate) fn first(&self, Earlier { record, side }: Earlier) -> First<'_> {
        let record = &self.records[record as usize];
        let [segment, source, target] = self.texts(record);
        First {
            file: &self.files[record.file as usize],
            segment,
            text: match side {
                Side::Source => target,
                Side::Target => source,
            },
        }
    }

    /// A record's id, source and target.
    fn texts(&self, r: &Record) -> [&str; 3] {
        self.texts.get(r.block, r.start, r.lens)
    }

    /// A record's keys, made again from its texts.
    fn keys(&self, r: &Record) -> Keys<'_> {
        let [_, source, target] = self.texts(r);
        Keys::new(source, target)
    }

    /// The place in `langs` of the canonical form of the tag `tag`.
    fn lang(&mut self, tag: &str) -> u32 {
        if let Some(&(_, at)) = self.tags.iter().find(|(t, _)| **t == *tag) {
            return at;
        }
        let canonical = crate::langtag::canonical(tag);
        let at = match self.langs.iter().position(|l| **l == *canonical) {
            Some(at) => at,
            None => {
                self.langs.push(canonical.into());
                self.langs.len() - 1
            }
        } as u32;
        self.tags.push((tag.into(), at));
        at
    }
}

/// Texts copied end to end into blocks that are never moved.
#[derive(Default)]
struct Texts {
    blocks: Vec<String>,
}

impl Texts {
    /// Most blocks' size: large enough that few are made, small enough
    /// that the last one's unused room does not matter.
    const BLOCK: usize = 1 << 20;

    /// Copies `texts` into one block; returns which and where.
    fn push(&mut self, texts: [&str; 3]) -> (u32, u32) {
        let len: usize = texts.iter().map(|t| t.len()).sum();
        if self
            .blocks
            .last()
            .is_none_or(|b| b.capacity() - b.len() < len)
        {
            self.blocks
                .push(String::with_capacity(Self::BLOCK.max(len)));
        }
        let at = self.blocks.len() - 1;
        let block = &mut self.blocks[at];
        let start = block.len();
        for t in texts {
            block.push_str(t);
        }
        (at as u32, start as u32)
    }

    /// The three texts pushed at `start` of `block`, of lengths `lens`.
    fn get(&self, block: u32, start: u32, lens: [u32; 3]) -> [&str; 3] {
        let block = &self.blocks[block as usize];
        let mut at = start as usize;
        lens.map(|len| {
            let text = &block[at..at + len as usize];
            at += len as usize;
            text
        })
    }

    /// Where the texts end now, to go back to with [`Texts::truncate`].
    #[cfg(feature = "cli")]
    fn mark(&self) -> (usize, usize) {
        (self.blocks.len(), self.blocks.last().map_or(0, String::len))
    }

    #[cfg(feature = "cli")]
    fn truncate(&mut self, (blocks, len): (usize, usize)) {
        self.blocks.truncate(blocks);
        if let Some(last) = self.blocks.last_mut() {
            last.truncate(len);
        }
    }
}

/// The hasher of maps whose keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::{KeyHashes, Memory};
    use crate::formats::bitext::Segment;

    /// Every segment's keys hash alike here: only the keys themselves can
    /// tell them apart.
    const ALIKE: KeyHashes = KeyHashes([Some(7), Some(8), Some(9)]);

    fn remember(memory: &mut Memory, id: &str, source: &str, target: &str) -> [Option<String>; 2] {
        let seg = Segment::new(id, source, Some(target)).with_langs("en", "zh-CN");
        memory
            .remember("a.tmx", &seg, target, ALIKE)
            .map(|e| e.map(|e| memory.first(e).segment.to_string()))
    }

    #[test]
    fn equal_hashes_of_different_keys_are_told_apart() {
        let mut memory = Memory::default();
        assert_eq!(remember(&mut memory, "1", "alpha", "甲"), [None, None]);
        assert_eq!(remember(&mut memory, "2", "beta", "乙"), [None, None]);
        // Behind segment 2 in the chain, segment 1 is still found by its keys.
        assert_eq!(
            remember(&mut memory, "3", "Alpha", "丙"),
            [Some("1".into()), None]
        );
        assert_eq!(
            remember(&mut memory, "4", "gamma", "乙"),
            [None, Some("2".into())]
        );
        assert_eq!(remember(&mut memory, "5", "beta", "乙"), [None, None]);
    }

    #[test]
    #[cfg(feature = "cli")]
    fn a_forgotten_file_leaves_the_memory_as_before_it() {
        let mut memory = Memory::default();
        remember(&mut memory, "1", "alpha", "甲");
        memory.start_file();
        remember(&mut memory, "2", "beta", "乙");
        assert_eq!(
            remember(&mut memory, "3", "alpha", "丁"),
            [Some("1".into()), None]
        );
        memory.forget_file();
        // Segment 2's source and target are new again.
        assert_eq!(remember(&mut memory, "4", "beta", "丙"), [None, None]);
        assert_eq!(remember(&mut memory, "5", "epsilon", "乙"), [None, None]);
        assert_eq!(
            remember(&mut memory, "6", "gamma", "丙"),
            [None, Some("4".into())]
        );
        assert_eq!(
            remember(&mut memory, "7", "delta", "甲"),
            [None, Some("1".into())]
        );
    }
}
