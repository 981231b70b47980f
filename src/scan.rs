//! The scan: leftmost-longest matching over a compiled glossary's tables
//! (see [`crate::format`]), the loop every tagged character goes through.
//!
//! At each position it asks, cheapest first: can a key begin with this
//! character (an 8 KiB bit set), can the next one follow it (a second bit
//! set, then the pairs filter), is the first Latin word one a key begins with
//! (the words filter); then it finds the second character among its
//! root's, and compares the rest with the one term that can follow or
//! walks the fst. Matches carry indices and read their strings only when
//! asked.

use std::fmt;

use crate::format::{
    filter_has, pair_hash, tail_tag, After, IndexEntry, RootRecord, SecondId, SecondRecord,
    TermEntry, WordHash, BMP_SET, EXCEPTION, FLAG_CASED, FLAG_LEFT, FLAG_RIGHT, NO_GROUP, ROOT_LEN,
    SECOND_LEN,
};
use crate::nodes::Nodes;
use crate::normalize::{
    decode, decode3, fold_case, fold_key, fold_script, fold_width, is_latin_alnum, Chars,
};
use crate::tagger::{Dict, Match, TermRef};
use crate::words;

/// The iterator of [`Tagger::find_iter`](crate::Tagger::find_iter).
pub struct FindIter<'g, 't> {
    tables: Tables<'g>,
    begins: &'g [u8; BMP_SET],
    /// A bit per BMP character that, folded, is second in some key; `None`
    /// when so many are that asking would turn away too little.
    follows: Option<&'g [u8; BMP_SET]>,
    words: &'g [u8],
    /// Whether short Chinese matches must be words of the text.
    word_check: bool,
    /// What the word check found at the text's recent positions.
    word_cache: words::WordCache,
    text: &'t str,
    pos: usize,
    /// Whether the character before `pos` is a Latin letter or digit.
    after_latin: bool,
}

impl<'g, 't> FindIter<'g, 't> {
    /// The scan of `text` over the tables of `dict`; `follows` says whether
    /// to ask the second-character set (see the format).
    pub(crate) fn new(
        dict: Dict<'g>,
        follows: bool,
        word_check: bool,
        text: &'t str,
    ) -> FindIter<'g, 't> {
        let (bytes, layout) = (dict.bytes, dict.layout);
        let begins = &bytes[layout.begins.clone()];
        FindIter {
            tables: Tables::new(dict),
            begins: begins[..BMP_SET].try_into().expect("checked when loaded"),
            follows: follows.then(|| begins[BMP_SET..].try_into().expect("checked when loaded")),
            words: &bytes[layout.words.clone()],
            word_check,
            word_cache: words::WordCache::new(),
            text,
            pos: 0,
            after_latin: false,
        }
    }

    /// The same scan begun at byte `pos` of the text (a character
    /// boundary), as if it had reached `pos` between matches.
    pub(crate) fn starting_at(mut self, pos: usize) -> FindIter<'g, 't> {
        self.pos = pos;
        self.after_latin = self.latin_before(pos);
        self
    }

    /// One piece of a scan on several threads (see
    /// [`crate::Tagger::term_counts`]): this scan's matches from where it
    /// begins to the seam after `to`, each to `own`, and the matches before
    /// the seam of `next` — the scan from `to` that the following piece
    /// runs, which finds them too — to `shared`. The seam is the first
    /// position at or after `to` inside no match or exception of either
    /// scan: the scan is the same from any position between matches, so
    /// from there the two agree. The seam, or `None` when it lies past
    /// `limit`, the following piece's end.
    pub(crate) fn piece(
        mut self,
        mut next: FindIter<'g, '_>,
        to: usize,
        limit: usize,
        mut own: impl FnMut(Match<'g>),
        mut shared: impl FnMut(Match<'g>),
    ) -> Option<usize> {
        let mut seam = to;
        let (mut a, mut b) = (self.next_hit(), next.next_hit());
        loop {
            while let Some(hit) = a.filter(|h| h.start() < seam) {
                if let Hit::Term(m) = hit {
                    own(m);
                }
                seam = seam.max(hit.end());
                a = self.next_hit();
            }
            let mut moved = false;
            while let Some(hit) = b.filter(|h| h.start() < seam) {
                if let Hit::Term(m) = hit {
                    shared(m);
                }
                if hit.end() > seam {
                    seam = hit.end();
                    moved = true;
                }
                b = next.next_hit();
            }
            if !moved {
                return (seam <= limit).then_some(seam);
            }
        }
    }

    /// [`FindIter::piece`] counting: the piece's matches by term into
    /// `own`, the terms of the shared ones into `shared`. False when the
    /// seam lies past `limit`.
    pub(crate) fn count_piece(
        self,
        next: FindIter<'g, '_>,
        to: usize,
        limit: usize,
        own: &mut [usize],
        shared: &mut Vec<usize>,
    ) -> bool {
        let mut met = Batched::new(own);
        self.piece(
            next,
            to,
            limit,
            |m| met.add(m.term_index()),
            |m| shared.push(m.term_index()),
        )
        .is_some()
    }
}

/// Counts by term, added a batch at a time (the last when it is dropped):
/// the counts of a large glossary lie far apart (one a cache miss), and a
/// loop of nothing but increments waits for many misses at once where one
/// increment per match, between the scan's own reads, waits for each.
struct Batched<'c> {
    counts: &'c mut [usize],
    batch: Vec<usize>,
}

impl<'c> Batched<'c> {
    /// How many terms a batch holds: 8 KiB, in the first-level cache.
    const BATCH: usize = 1024;

    fn new(counts: &'c mut [usize]) -> Batched<'c> {
        Batched {
            counts,
            batch: Vec::with_capacity(Self::BATCH),
        }
    }

    #[inline]
    fn add(&mut self, term: usize) {
        if self.batch.len() == Self::BATCH {
            self.flush();
        }
        self.batch.push(term);
    }

    fn flush(&mut self) {
        for &term in &self.batch {
            self.counts[term] += 1;
        }
        self.batch.clear();
    }
}

impl Drop for Batched<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

impl fmt::Debug for FindIter<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindIter").field("pos", &self.pos).finish()
    }
}

impl<'g> Iterator for FindIter<'g, '_> {
    type Item = Match<'g>;

    fn next(&mut self) -> Option<Match<'g>> {
        loop {
            if let Hit::Term(m) = self.next_hit()? {
                return Some(m);
            }
        }
    }
}

impl<'g> FindIter<'g, '_> {
    /// The next match or exception: the scan itself.
    #[inline]
    fn next_hit(&mut self) -> Option<Hit<'g>> {
        let bytes = self.text.as_bytes();
        let (begins, follows, index) = (self.begins, self.follows, self.tables.index);
        loop {
            // The scan to the next character a key may begin with, in locals
            // and with every call inlined, so that it stays a tight loop.
            let (mut pos, mut after_latin) = (self.pos, self.after_latin);
            let found = loop {
                let Some(&b) = bytes.get(pos) else { break None };
                let start = pos;
                // Lead bytes E2 to EE (U+2000 to U+EFFF: CJK) are never
                // Latin: Chinese text runs through this branch alone. It
                // decodes its three bytes itself: through `decode` the scan
                // took 2–9 % more instructions (callgrind), and the slice
                // pattern keeps the bit set's index in bounds.
                if let (0xE2..=0xEE, Some(&[c1, c2, ..])) = (b, bytes.get(pos + 1..)) {
                    let u = decode3(b, c1, c2);
                    pos += 3;
                    after_latin = false;
                    if begins[(u / 8) as usize] & (1 << (u % 8)) == 0 {
                        continue;
                    }
                    // A key of two characters or more goes on with one
                    // that is second in some key (a set in cache, asked
                    // first unless too full to tell) and in a key that
                    // begins with this one (the pairs filter: common
                    // characters pass the set, and most of their pairs
                    // fail here); one of one character is in the index.
                    if let Some(&[d0 @ 0xE2..=0xEE, d1, d2, ..]) = bytes.get(pos..) {
                        let v = decode3(d0, d1, d2);
                        let stops = follows
                            .is_some_and(|f| f[(v / 8) as usize] & (1 << (v % 8)) == 0)
                            || !self.may_pair_raw(u, v);
                        if stops && !IndexEntry::read(index, u).alone() {
                            continue;
                        }
                    }
                    break Some((start, u, false));
                }
                let (u, len) = decode(bytes, start, b);
                pos += len;
                // A key starting with a Latin letter or digit needs a boundary
                // on its left, so no match can start inside a Latin word.
                let latin = if b < 0x80 {
                    b.is_ascii_alphanumeric()
                } else {
                    char::from_u32(u).is_some_and(latin_char)
                };
                if std::mem::replace(&mut after_latin, latin) && latin {
                    continue;
                }
                let i = u as usize;
                if i >= 0x10000 || begins[i / 8] & (1 << (i % 8)) != 0 {
                    break Some((start, u, latin));
                }
            };
            self.pos = pos;
            self.after_latin = after_latin;
            let (start, u, latin) = found?;
            let found = if latin {
                let (end, may) = self.word(start);
                let m = may.then(|| self.begins_at(start, u)).flatten();
                if m.is_none() {
                    // The rest of the word cannot begin a match.
                    self.pos = end;
                }
                m
            } else {
                self.begins_at(start, u)
            };
            if let Some(hit) = found {
                let end = hit.end();
                self.pos = end;
                self.after_latin = self.latin_before(end);
                return Some(hit);
            }
        }
    }
}

/// The compiled glossary's tables the scan reads (see [`crate::format`]);
/// also the glossary's keys as the Chinese word check asks for them: the
/// index turns away a character no key begins with, the pairs filter and
/// the second characters' records most of the rest, and only keys longer
/// than two characters walk the fst (or compare a term's tail).
#[derive(Clone, Copy)]
pub(crate) struct Tables<'g> {
    dict: Dict<'g>,
    nodes: Nodes<'g>,
    index: &'g [u8],
    roots: &'g [u8],
    seconds: &'g [u8],
    pairs: &'g [u8],
}

impl<'g> Tables<'g> {
    pub(crate) fn new(dict: Dict<'g>) -> Tables<'g> {
        let (bytes, layout) = (dict.bytes, dict.layout);
        Tables {
            dict,
            nodes: Nodes::new(&bytes[layout.fst.clone()]).expect("checked when loaded"),
            index: &bytes[layout.index.clone()],
            roots: &bytes[layout.roots.clone()],
            seconds: &bytes[layout.seconds.clone()],
            pairs: &bytes[layout.pairs.clone()],
        }
    }

    /// Where the text of term `term` ends in the strings; `None` for a
    /// term the table does not have.
    fn text_end(&self, term: usize) -> Option<usize> {
        if term >= self.dict.layout.term_count() {
            return None;
        }
        let r = self.dict.term_record(term);
        Some(r.text_offset() as usize + r.text_len() as usize)
    }

    /// How many of `chars` (folded) the term's text from `rest` (after its
    /// first two characters, to its end) takes, when they begin with it.
    fn tail_len(&self, rest: u32, term: usize, chars: &[char]) -> Option<usize> {
        let stop = self.text_end(term)?;
        let mut tail = Chars::from_bytes(self.dict.strings(), rest as usize);
        let mut n = 0;
        while tail.offset() < stop {
            let (tc, _) = tail.next()?;
            if chars.get(n) != Some(&key_char(tc)) {
                return None;
            }
            n += 1;
        }
        Some(n)
    }
}

impl words::Keys for Tables<'_> {
    fn prefixes(&self, chars: &[char], each: &mut dyn FnMut(usize)) {
        // The index entry of a BMP character it holds; `None` sends the
        // walk to the fst, as for a character outside the BMP.
        let entry = |c: char| {
            ((c as u32) < 0x10000)
                .then(|| IndexEntry::read(self.index, c as u32))
                .filter(|entry| !entry.is_far())
        };
        let Some(&c) = chars.first() else {
            return;
        };
        let Some(first) = entry(c) else {
            return self.nodes.prefixes(chars, each);
        };
        if !first.begins() {
            return;
        }
        let second = match chars.get(1) {
            None => None,
            Some(&d) => match entry(d) {
                Some(second) => Some(second),
                None => return self.nodes.prefixes(chars, each),
            },
        };
        if first.alone() {
            each(1);
        }
        // No key goes on with the second character: the first alone is
        // all there may be.
        let Some(second) = second.filter(|s| !s.is_none()) else {
            return;
        };
        if !filter_has(self.pairs, pair_hash(first.id(), second.id())) {
            return;
        }
        let Some((_, record)) = root_record(self.roots, first.id())
            .and_then(|root| second_record(self.seconds, root, second.id()))
        else {
            return;
        };
        if record.group() != NO_GROUP {
            each(2);
        }
        let rest = &chars[2..];
        match record.after() {
            After::Tail { rest: at, entry } => {
                if let Some(n) = self.tail_len(at, entry.term(), rest) {
                    each(2 + n);
                }
            }
            After::Fst { node, .. } => {
                self.nodes
                    .prefixes_from(node as usize, rest, &mut |n| each(2 + n));
            }
        }
    }
}

/// Whether some key may begin with the BMP characters `u` then `v` as they
/// stand in a text: false means none does (the pairs filter over their
/// ids); true when either's id is past the index.
#[inline]
fn may_pair_raw(index: &[u8], pairs: &[u8], u: u32, v: u32) -> bool {
    let (a, b) = (IndexEntry::read(index, u), IndexEntry::read(index, v));
    if a.is_far() || b.is_far() {
        return true;
    }
    !b.is_none() && filter_has(pairs, pair_hash(a.id(), b.id()))
}

/// The root record of the character with this id.
#[inline(always)]
fn root_record(roots: &[u8], id: u32) -> Option<RootRecord<'_>> {
    let at = id as usize * ROOT_LEN;
    roots.get(at..at + ROOT_LEN).map(RootRecord)
}

/// The id word and the record of the character of id `second` under
/// `root`: a search of the root's second characters; the record is not
/// read here.
#[inline(always)]
fn second_record<'g>(
    seconds: &'g [u8],
    root: RootRecord<'g>,
    second: u32,
) -> Option<(SecondId, SecondRecord<'g>)> {
    let (first, n) = (root.seconds_start(), root.seconds_len());
    let block = seconds.get(first * SECOND_LEN..(first + n) * SECOND_LEN)?;
    let guess = (u64::from(second.checked_sub(root.low_id())?) * u64::from(root.scale())) >> 16;
    let guess = usize::try_from(guess).unwrap_or(usize::MAX);
    let i = search(n, second, guess, |i| SecondId::read(block, i).id())?;
    let at = i * SECOND_LEN;
    let record = SecondRecord(&block[at + 4..at + SECOND_LEN]);
    Some((SecondId::read(block, i), record))
}

/// What the longest key at a position is: a term's match, or an
/// exception's span, which produces nothing and is passed over whole.
#[derive(Clone, Copy)]
enum Hit<'g> {
    Term(Match<'g>),
    Exception { start: usize, end: usize },
}

impl Hit<'_> {
    fn start(&self) -> usize {
        match self {
            Hit::Term(m) => m.start,
            Hit::Exception { start, .. } => *start,
        }
    }

    fn end(&self) -> usize {
        match self {
            Hit::Term(m) => m.end,
            Hit::Exception { end, .. } => *end,
        }
    }
}

/// The position of `k` among `n` sorted distinct values, `key(i)` the
/// `i`-th, read in place, starting from the position `guess`: steps
/// doubling away from the guess bracket `k`, then halving finds it. A good
/// guess (character ids spread evenly enough for one) reads one or two
/// values, each perhaps a cache miss, where a binary search reads eleven;
/// a bad one costs at most twice a binary search's reads.
#[inline]
fn search(n: usize, k: u32, guess: usize, key: impl Fn(usize) -> u32) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let at = guess.min(n - 1);
    let v = key(at);
    // The bracket lo..hi that holds `k` if anything does.
    let (mut lo, mut hi) = match v.cmp(&k) {
        std::cmp::Ordering::Equal => return Some(at),
        std::cmp::Ordering::Less => {
            let (mut lo, mut step) = (at + 1, 1);
            loop {
                let probe = at + step;
                if probe >= n {
                    break (lo, n);
                }
                match key(probe).cmp(&k) {
                    std::cmp::Ordering::Equal => return Some(probe),
                    std::cmp::Ordering::Less => lo = probe + 1,
                    std::cmp::Ordering::Greater => break (lo, probe),
                }
                step *= 2;
            }
        }
        std::cmp::Ordering::Greater => {
            let (mut hi, mut step) = (at, 1);
            loop {
                let Some(probe) = at.checked_sub(step) else {
                    break (0, hi);
                };
                match key(probe).cmp(&k) {
                    std::cmp::Ordering::Equal => return Some(probe),
                    std::cmp::Ordering::Greater => hi = probe,
                    std::cmp::Ordering::Less => break (probe + 1, hi),
                }
                step *= 2;
            }
        }
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match key(mid).cmp(&k) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

impl<'g> FindIter<'g, '_> {
    /// The match beginning at `start` with the character `u`, if one does.
    fn begins_at(&mut self, start: usize, u: u32) -> Option<Hit<'g>> {
        let c = char::from_u32(u)?;
        let entry = self.entry(c);
        if !entry.begins() {
            return None;
        }
        // The longest match is verified once it is known, not each shorter
        // one on the way; one that is not a word of the text gives way to
        // the longest shorter one.
        let mut limit = usize::MAX;
        loop {
            let hit = self.longest_at(start, start + c.len_utf8(), entry, limit)?;
            match hit {
                Hit::Term(m)
                    if self.word_check
                        && !words::stands(
                            self.text,
                            m.start,
                            m.end,
                            &self.tables,
                            &mut self.word_cache,
                        ) =>
                {
                    limit = m.end;
                }
                hit => return Some(hit),
            }
        }
    }

    /// Where the Latin word at `start` ends, and whether it may be the
    /// first word of a key (false when no key has it so).
    #[inline]
    fn word(&self, start: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        let mut h = WordHash::new();
        let mut pos = start;
        while let Some(&b) = bytes.get(pos) {
            if b.is_ascii_alphanumeric() {
                h.push(char::from(b.to_ascii_lowercase()));
                pos += 1;
                continue;
            }
            let Some((c, end)) = Chars::new(self.text, pos).next() else {
                break;
            };
            let k = key_char(c);
            match (is_latin_alnum(c), is_latin_alnum(k)) {
                (true, true) => {
                    h.push(k);
                    pos = end;
                }
                (false, false) => break,
                // Latin by one fold and not the other (the Kelvin sign, K):
                // where the word ends is not certain, so it proves nothing.
                _ => return (pos, true),
            }
        }
        (pos, filter_has(self.words, h.finish()))
    }

    /// The index entry of the key character `c` folds to (see the format):
    /// its id, whether a key begins with it and whether it alone is one; 0
    /// when no key has it first or second.
    #[inline]
    fn entry(&self, c: char) -> IndexEntry {
        let u = c as u32;
        if u < 0x10000 {
            let entry = IndexEntry::read(self.tables.index, u);
            if !entry.is_far() {
                return entry;
            }
        }
        self.searched_entry(c)
    }

    /// [`Self::entry`] outside the BMP, or of a character whose id is too
    /// large for the index: fold, then search the records by character.
    #[cold]
    fn searched_entry(&self, c: char) -> IndexEntry {
        let k = u32::from(fold_key(c));
        let n = self.tables.roots.len() / ROOT_LEN;
        let Some(i) = search(n, k, n / 2, |i| {
            RootRecord::character_at(self.tables.roots, i)
        }) else {
            return IndexEntry::NONE;
        };
        let record = RootRecord(&self.tables.roots[i * ROOT_LEN..(i + 1) * ROOT_LEN]);
        IndexEntry::new(i as u32, record.begins(), record.alone() != NO_GROUP)
    }

    /// The root record of the character with this id.
    fn root(&self, id: u32) -> Option<RootRecord<'g>> {
        root_record(self.tables.roots, id)
    }

    /// Whether some key may start with the characters of ids `first` and
    /// `second`: false means none does.
    #[inline]
    fn may_pair(&self, first: u32, second: u32) -> bool {
        filter_has(self.tables.pairs, pair_hash(first, second))
    }

    /// Whether some key may begin with the BMP characters `u` then `v` as
    /// they stand in the text (see [`may_pair_raw`]).
    #[inline]
    fn may_pair_raw(&self, u: u32, v: u32) -> bool {
        may_pair_raw(self.tables.index, self.tables.pairs, u, v)
    }

    /// The id word and the record of the character of id `second` under
    /// `root` (see [`second_record`]).
    #[inline]
    fn second(&self, root: RootRecord<'g>, second: u32) -> Option<(SecondId, SecondRecord<'g>)> {
        second_record(self.tables.seconds, root, second)
    }

    /// Whether the character before `at` is a Latin letter or digit once
    /// width-folded.
    #[inline]
    fn latin_before(&self, at: usize) -> bool {
        match at.checked_sub(1).map(|i| self.text.as_bytes()[i]) {
            None => false,
            Some(b) if b < 0x80 => b.is_ascii_alphanumeric(),
            Some(_) => self.text[..at].chars().next_back().is_some_and(latin_char),
        }
    }

    /// Whether the character at `at` is a Latin letter or digit once
    /// width-folded.
    #[inline]
    fn latin_from(&self, at: usize) -> bool {
        match self.text.as_bytes().get(at) {
            None => false,
            Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
            Some(_) => self.text[at..].chars().next().is_some_and(latin_char),
        }
    }

    /// The longest acceptable match starting at `start`, whose first
    /// character ends at `first_end` and has index entry `entry`.
    fn longest_at(
        &self,
        start: usize,
        first_end: usize,
        entry: IndexEntry,
        limit: usize,
    ) -> Option<Hit<'g>> {
        let first = entry.id();
        let root = self.root(first)?;
        let mut best = None;
        if entry.alone() {
            best = self.candidate(root.alone(), start, first_end, limit);
        }
        let mut chars = Chars::new(self.text, first_end);
        let Some((c, end)) = chars.next() else {
            return best;
        };
        let second = self.entry(c).id();
        if second == u32::MAX || !self.may_pair(first, second) {
            return best;
        }
        let Some((word, second)) = self.second(root, second) else {
            return best;
        };
        // A prefix with one term after it, whose next character the text
        // does not have: only the prefix itself may still match.
        let tag = word.tail_tag();
        let turned =
            tag != 0 && chars.clone().next().map(|(c, _)| tail_tag(key_char(c))) != Some(tag);
        if turned && !word.prefix_is_key() {
            return best;
        }
        if let Some(m) = self.candidate(second.group(), start, end, limit) {
            best = Some(m);
        }
        if turned {
            return best;
        }
        let (node, output) = match second.after() {
            After::Tail { rest, entry } => {
                // One longer key, a term's own: compare the rest with the term.
                if let Some(m) = self
                    .tail_end(rest as usize, entry.term(), end)
                    .and_then(|end| self.candidate(entry.0.checked_mul(2)? | 1, start, end, limit))
                {
                    best = Some(m);
                }
                return best;
            }
            After::Fst { node, output } => (node, output),
        };
        // Deeper than two characters: the fst itself, whose reads are
        // bounds-checked (the node comes from the file's tables).
        let mut addr = node as usize;
        let mut out = u64::from(output);
        let bytes = self.text.as_bytes();
        let mut pos = chars.offset();
        let mut buf = [0u8; 4];
        while let Some(&b) = bytes.get(pos) {
            // ASCII other than whitespace is its own character and folds
            // by itself: no decoding.
            let key = if b < 0x80 && !b.is_ascii_whitespace() {
                pos += 1;
                buf[0] = b.to_ascii_lowercase();
                &buf[..1]
            } else {
                let Some((c, end)) = Chars::new(self.text, pos).next() else {
                    break;
                };
                pos = end;
                key_char(c).encode_utf8(&mut buf).as_bytes()
            };
            for &k in key {
                let Some((next, more)) = self.tables.nodes.step(addr, k) else {
                    return best;
                };
                (addr, out) = (next, out.wrapping_add(more));
            }
            // A key ending inside an ASCII word needs a boundary it cannot
            // have there (see `FLAG_RIGHT`): no need to ask.
            if b.is_ascii_alphanumeric() && bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let end = pos;
            if let Some(last) = self.tables.nodes.final_output(addr) {
                let value = out.wrapping_add(last);
                if let Some(m) = u32::try_from(value)
                    .ok()
                    .and_then(|g| self.candidate(g, start, end, limit))
                {
                    best = Some(m);
                }
            }
        }
        best
    }

    /// Where the text from `from` ends if it goes on as term `term` does
    /// from `rest` (its text after the first two characters, an offset in
    /// the strings), compared as keys are.
    fn tail_end(&self, rest: usize, term: usize, from: usize) -> Option<usize> {
        let same =
            |(c, _): (char, usize), (tc, _): (char, usize)| c == tc || key_char(c) == key_char(tc);
        let mut text = Chars::new(self.text, from);
        let mut tail = Chars::from_bytes(self.tables.dict.strings(), rest);
        // The first character before the term's record, which is where
        // most texts turn away.
        let first = text.next()?;
        if !same(first, tail.next()?) {
            return None;
        }
        let stop = self.tables.text_end(term)?;
        let mut end = first.1;
        // Most texts write the term as the glossary does: the same bytes
        // are the same characters, compared without decoding.
        let rest = self.tables.dict.strings().get(tail.offset()..stop)?;
        if self.text.as_bytes().get(end..end + rest.len()) == Some(rest) {
            return Some(end + rest.len());
        }
        while tail.offset() < stop {
            let next = text.next()?;
            if !same(next, tail.next()?) {
                return None;
            }
            end = next.1;
        }
        Some(end)
    }

    /// The match of group `group` over `start..end`, if the group exists,
    /// the span ends before `limit` and one of the group's terms accepts
    /// it; or the exception it is.
    #[inline]
    fn candidate(&self, group: u32, start: usize, end: usize, limit: usize) -> Option<Hit<'g>> {
        if group == NO_GROUP || end >= limit {
            return None;
        }
        if group == EXCEPTION {
            // Latin ends need the boundaries a term's would.
            let inside = (self.latin_from(start) && self.latin_before(start))
                || (self.latin_before(end) && self.latin_from(end));
            return (!inside).then_some(Hit::Exception { start, end });
        }
        let term = self.pick(u64::from(group), start, end)?;
        Some(Hit::Term(Match {
            start,
            end,
            term,
            group,
        }))
    }

    /// The term of the group at `value` that the span `start..end` satisfies,
    /// preferring one written exactly as the text (so 數字經濟 reports the
    /// zh-TW term even when a zh-CN one folds to the same key).
    fn pick(&self, value: u64, start: usize, end: usize) -> Option<TermRef<'g>> {
        let (n, entries) = self.tables.dict.group(value);
        let mut first = None;
        for entry in entries.map(TermEntry) {
            let (index, flags, drop_last) = (entry.term(), entry.flags(), entry.drop_last());
            if flags & FLAG_LEFT != 0 && self.latin_before(start) {
                continue;
            }
            if flags & FLAG_RIGHT != 0 && self.latin_from(end) {
                continue;
            }
            let cased = flags & FLAG_CASED != 0;
            // The term's text is needed only to tell terms apart by case or
            // script, not for the common key of one uncased term.
            let text = || self.tables.dict.term(index).bytes();
            if cased && !stem_matches(self.text, start, text(), drop_last, true, true) {
                continue;
            }
            if n == 1 || stem_matches(self.text, start, text(), drop_last, false, cased) {
                return Some(self.tables.dict.term(index));
            }
            first.get_or_insert(index);
        }
        first.map(|i| self.tables.dict.term(i))
    }
}

/// Whether `c` is a Latin letter or digit once width-folded: what a
/// boundary asks of the characters around a key.
#[inline]
fn latin_char(c: char) -> bool {
    is_latin_alnum(fold_width(c))
}

/// The key character of a layer-1 character (layers 2 and 3), Latin text's
/// ASCII without a table.
#[inline]
fn key_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        fold_case(fold_script(c))
    }
}

/// Whether the text from `start` begins with the term's characters (less its
/// last one when `drop_last`), compared after width folding, and after script
/// folding when `script` and case folding unless `case`.
fn stem_matches(
    text: &str,
    start: usize,
    term: &[u8],
    drop_last: bool,
    script: bool,
    case: bool,
) -> bool {
    // The term's bytes as the compiled glossary holds them: read without
    // checking them first, as `Chars::from_bytes` reads them.
    let stem = match term.iter().rposition(|&b| b & 0xC0 != 0x80) {
        Some(last) if drop_last => &term[..last],
        _ => term,
    };
    // Most texts write a term as the glossary does: the same bytes are the
    // same characters, however they fold.
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    if rest.starts_with(stem) {
        return true;
    }
    // Nothing else folds to a Chinese character or CJK punctuation (U+3001
    // to U+9FFF: no width, case or space fold): such a term written
    // otherwise differs, unless scripts fold.
    let cjk = |c: &[u8]| matches!(c[0], 0xE3..=0xE9) && c != "\u{3000}".as_bytes();
    if !script && stem.len() % 3 == 0 && stem.chunks_exact(3).all(cjk) {
        return false;
    }
    let fold = |c: char| {
        let c = if script { fold_script(c) } else { c };
        if case {
            c
        } else {
            fold_case(c)
        }
    };
    let mut s = Chars::new(text, start);
    for (tc, _) in Chars::from_bytes(stem, 0) {
        match s.next() {
            Some((sc, _)) if fold(sc) == fold(tc) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod far_ids {
    use crate::format::IndexEntry;
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn characters_past_what_the_index_holds_are_found_by_search() {
        // 19,000 distinct characters, two per term: the last ids do not fit
        // an index entry.
        let mut g = Glossary::new();
        let chars: Vec<char> = (0x4E00..0x4E00 + 19_000)
            .filter_map(char::from_u32)
            .collect();
        for (i, pair) in chars.chunks(2).enumerate() {
            let mut c = Concept::new(format!("c{i}"));
            c.terms
                .push(Term::new(pair.iter().collect::<String>(), Lang::ZhCn));
            g.concepts.push(c);
        }
        let tagger = Tagger::new(&g).unwrap();
        let it = tagger.find_iter("");
        let far = |c: char| IndexEntry::read(it.tables.index, c as u32).is_far();
        assert!(!far(chars[0]));
        assert!(
            far(*chars.last().unwrap()),
            "the last ids should be searched for"
        );

        let sample: Vec<&Concept> = g
            .concepts
            .iter()
            .step_by(97)
            .chain(g.concepts.last())
            .collect();
        let text: String = sample
            .iter()
            .map(|c| format!("。{}", c.terms[0].text))
            .collect();
        let found: Vec<(&str, &str)> = tagger
            .find_iter(&text)
            .map(|m| (&text[m.range()], m.concept()))
            .collect();
        let want: Vec<(&str, &str)> = sample
            .iter()
            .map(|c| (c.terms[0].text.as_str(), c.id.as_str()))
            .collect();
        assert_eq!(found, want);
    }
}

#[cfg(test)]
mod dense {
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn a_glossary_too_full_for_the_second_character_set_asks_the_pairs() {
        // 2,800 characters each second in some key: the scan asks the
        // pairs filter instead, and must agree with the naive reference,
        // terms of one character included.
        let chars: Vec<char> = (0x4E00..0x4E00 + 2_801)
            .filter_map(char::from_u32)
            .collect();
        let mut g = Glossary::new();
        let mut add = |id: String, text: String| {
            let mut c = Concept::new(id);
            c.terms.push(Term::new(text, Lang::ZhCn));
            g.concepts.push(c);
        };
        for (i, w) in chars.windows(2).enumerate() {
            add(format!("p{i}"), w.iter().collect());
        }
        for (i, w) in chars.windows(4).enumerate().step_by(7) {
            add(format!("q{i}"), w.iter().collect());
        }
        for i in (0..chars.len()).step_by(11) {
            add(format!("s{i}"), chars[i].to_string());
        }
        let tagger = Tagger::new(&g).unwrap();
        assert!(!tagger.follows, "the set should be too full to ask");

        let mut state = 7u64;
        let text: String = (0..1_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match (state >> 59) as usize {
                    0 => '，',
                    1 => 'a',
                    _ => {
                        chars[(state >> 20) as usize % 60 * 40 % chars.len()
                            + (state >> 40) as usize % 3]
                    }
                }
            })
            .collect();
        let got: Vec<(usize, usize, String)> = tagger
            .find_iter(&text)
            .map(|m| (m.start(), m.end(), m.term().to_string()))
            .collect();
        assert!(got.len() > 50, "only {} matches", got.len());
        assert_eq!(got, crate::naive::find(&g, &text));
    }
}

#[cfg(test)]
mod stems {
    use crate::normalize::{fold_case, fold_width};

    #[test]
    fn only_a_chinese_character_itself_folds_to_it() {
        // What `stem_matches` assumes when it compares a Chinese term's
        // bytes: no character other than one of U+3001 to U+9FFF folds (by
        // width, then case) into that range, and none of those folds away.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let folded = fold_case(fold_width(c));
            if ('\u{3001}'..='\u{9FFF}').contains(&c) {
                assert_eq!(folded, c, "{c:?} folds");
            } else {
                assert!(
                    !('\u{3001}'..='\u{9FFF}').contains(&folded),
                    "{c:?} folds to {folded:?}"
                );
            }
        }
    }

    #[test]
    fn a_stem_matches_whether_written_as_the_term_or_folded() {
        let m = |text: &str, term: &str, drop_last: bool, script: bool, case: bool| {
            super::stem_matches(text, 3, term.as_bytes(), drop_last, script, case)
        };
        // The same bytes, a width fold, a case fold, the last letter dropped.
        assert!(m("的J-JOC会", "J-JOC", false, false, true));
        assert!(m("的ＪＯＣ会", "JOC", false, false, true));
        assert!(m("的joc会", "JOC", false, false, false));
        assert!(!m("的joc会", "JOC", false, false, true));
        assert!(m("的Quadrilateral", "Quads", true, false, true));
        // Chinese: the same characters, or the same once scripts fold.
        assert!(m("和美日同盟", "美日同盟", false, false, false));
        assert!(!m("和美日聯盟", "美日联盟", false, false, false));
        assert!(m("和美日聯盟", "美日联盟", false, true, false));
        assert!(m("和美日聯", "美日联盟", true, true, false));
        assert!(!m("和美日", "美日联盟", false, true, false));
    }
}

#[cfg(test)]
mod key_walk {
    use crate::format::{After, IndexEntry};
    use crate::words::Keys;
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn the_tables_find_every_key_the_fst_has_at_the_start() {
        // Keys of one to five characters over eight: two-character
        // prefixes with one longer key (a term's tail), with many (the
        // fst), and keys of one character.
        let alphabet: Vec<char> = "中日美国同盟安全".chars().collect();
        let mut state = 3u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let mut g = Glossary::new();
        for i in 0..300 {
            let len = 1 + next(5);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut c = Concept::new(format!("c{i}"));
            c.terms.push(Term::new(text, Lang::ZhCn));
            g.concepts.push(c);
        }
        let tagger = Tagger::new(&g).unwrap();
        let keys = tagger.keys();
        // What follows the first two characters in the tables.
        let after = |chars: &[char]| {
            let entry = |c: char| IndexEntry::read(keys.index, c as u32);
            let root = super::root_record(keys.roots, entry(chars[0]).id())?;
            super::second_record(keys.seconds, root, entry(chars[1]).id()).map(|(_, r)| r.after())
        };
        let (mut tails, mut deep) = (0, 0);
        for _ in 0..5_000 {
            let len = next(9);
            let chars: Vec<char> = (0..len)
                .map(|_| match next(20) {
                    0 => '的',
                    _ => alphabet[next(alphabet.len())],
                })
                .collect();
            let (mut by_tables, mut by_fst) = (Vec::new(), Vec::new());
            keys.prefixes(&chars, &mut |n| by_tables.push(n));
            keys.nodes.prefixes(&chars, &mut |n| by_fst.push(n));
            assert_eq!(by_tables, by_fst, "{chars:?}");
            deep += by_fst.iter().filter(|&&n| n > 2).count();
            tails += usize::from(
                by_fst.iter().any(|&n| n > 2) && matches!(after(&chars), Some(After::Tail { .. })),
            );
        }
        assert!(deep > 200, "only {deep} keys longer than two characters");
        assert!(tails > 10, "only {tails} found through a term's tail");
    }
}
