//! Chinese word boundaries: whether a short Chinese match is a word of the
//! text or part of another word (四川|普通话 holds 川普, 四|方面 holds 四方).
//!
//! Chinese has no spaces, so a two- or three-character term is found across
//! word boundaries all the time. Neither obvious rule works: rejecting a
//! match that some dictionary word crosses rejects true uses (德国外长: 国外
//! crosses 德国), and a segmenter's words alone swallow true uses in
//! compounds (英国首相). What works is segmentation as jieba does it — the
//! most probable path through a dictionary of word frequencies, to which the
//! glossary's keys are added — read only around the match, and only for the
//! few candidates short enough to be in doubt; the scan itself is unchanged.
//!
//! A match is a word of the text when the most probable segmentation of
//! its context has a boundary at both of its ends, or when the match lies
//! inside one word of that segmentation as a part of a compound: after a
//! word (核|威慑, 数亿|美元, 中国|外交部) and before the end or a word of two
//! characters or more (美元|汇率, 远东|地区), which is how the dictionary
//! writes many ordinary compounds. A match across a word boundary
//! (四川|普通话) is not a word, nor one followed by a single character that
//! makes a word of its own with it (朝鲜族, 四方形, 东海岸).
//!
//! The dictionary is jieba's (MIT; see `data/jieba`), folded to Simplified
//! script at build time, so Traditional text is segmented through the same
//! fold the tagger matches with.
//!
//! Most candidates never reach the segmentation: a word that crosses one
//! of the match's ends holds the two characters either side of that end,
//! so a set of the pairs of characters adjacent in the dictionary's common
//! words (seen 100 times or more: a 64 KiB set, built with the dictionary,
//! that holds each pair as three bits of one cache line) shows in one line
//! per end that no such word crosses it. Such a match is a word. A pair
//! the set lacks reads as held about 1 time in 180, and the match is then
//! segmented; with one bit per pair it was 1 time in 16, which sent 1.40 M
//! of the skewed bench text's 4.23 M candidates to be segmented where
//! 0.86 M have a common word's pair. The rest are segmented over at most
//! `CONTEXT` (3) characters either side, on the stack. Only the longest
//! match at a position is checked; one that is not a word gives way to the
//! longest shorter one.

use std::ops::Range;

use crate::nodes::Nodes;
use crate::normalize::{fold_script, fold_width};

include!(concat!(env!("OUT_DIR"), "/words.rs"));

/// The dictionary: each word (Simplified) to its cost, the negative log of
/// its probability scaled by 1,024.
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));

/// For each character of [`FIRST`], the dictionary fst's node after it
/// (`u32::MAX` when no word begins with it), the output so far (`u16`) and
/// its cost as a word of its own (`u16`, `u16::MAX` when it is none), all
/// little-endian: a walk from a position starts at its second character.
static FIRST_STEP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/first.bin"));

/// Bits per hash of each pair of characters adjacent in a common dictionary
/// word (see [`pair_bits`]).
static PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pairs.bin"));

/// A bit per hash of the first two characters of each dictionary word of
/// two or more (see [`pair_bits`]).
static PREFIXES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prefixes.bin"));

/// The most characters a match may have and still be verified. Longer
/// Chinese terms are rarely part of another word, and their matches pass.
pub const MAX_CHECKED_CHARS: usize = 3;

/// How many Han characters either side of a match the segmentation reads:
/// enough for the words that touch the match and the ones that decide
/// between them. The precision corpus and the seeds tag alike with 3, 4
/// and 6.
const CONTEXT: usize = 3;

/// The most characters segmented at once: runs of other-script characters
/// longer than this are segmented piece by piece.
const MAX_WINDOW: usize = 48;

fn dictionary() -> Nodes<'static> {
    Nodes::new(WORDS).expect("build.rs writes an fst of the version nodes reads")
}

/// Whether some common dictionary word (seen 100 times or more) has the
/// characters `a` then `b` (script-folded) side by side; false means none
/// has.
fn may_cross(a: char, b: char) -> bool {
    has(PAIRS, pair_bits(a, b, PAIR_LINES, PAIR_PROBES))
}

/// Whether some dictionary word of two characters or more begins with `a`
/// then `b` (script-folded); false means none does.
fn may_begin(a: char, b: char) -> bool {
    has(PREFIXES, pair_bits(a, b, PREFIX_LINES, 1))
}

fn has(set: &[u8], mut bits: impl Iterator<Item = usize>) -> bool {
    bits.all(|bit| set[bit / 8] & (1 << (bit % 8)) != 0)
}

/// The bits of the pair `a`, `b` in a set of 2^`lines` lines of 512 bits:
/// `probes` (at most 3) bits of one line, so that a set with several bits
/// per pair is read in one cache line. The same hash build.rs writes the
/// sets with.
fn pair_bits(a: char, b: char, lines: u32, probes: u32) -> impl Iterator<Item = usize> {
    let h = u64::from(a).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(b).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let h = (h ^ (h >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let line = (h >> (64 - lines)) as usize;
    (0..probes).map(move |i| line * 512 + (h >> (9 * i) & 511) as usize)
}

/// Whether `c` is a Han character (CJK unified or compatibility ideograph).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether the match `start..end` of `text` stands as a word: any match
/// does but a Han one of at most [`MAX_CHECKED_CHARS`] characters that a
/// dictionary word may cross, which must be a word of the text (see the
/// module docs).
///
/// `cache` keeps the words found at each position of `text` for the next
/// checks of the same text, which look at the same positions again.
#[inline]
pub(crate) fn stands(
    text: &str,
    start: usize,
    end: usize,
    keys: &dyn Keys,
    cache: &mut WordCache,
) -> bool {
    let span = &text[start..end];
    // Han characters take three or four bytes each, and a lead byte of
    // 0xE3 or more.
    if span.len() > 4 * MAX_CHECKED_CHARS || span.len() < 3 || span.as_bytes()[0] < 0xE3 {
        return true;
    }
    let (mut first, mut last, mut n) = ('\0', '\0', 0);
    for c in span.chars() {
        if !is_han(c) {
            return true;
        }
        if n == 0 {
            first = c;
        }
        last = c;
        n += 1;
    }
    let crossed = |a: Option<char>, b: Option<char>| match (a, b) {
        (Some(a), Some(b)) => is_han(a) && is_han(b) && may_cross(fold(a), fold(b)),
        _ => false,
    };
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if n > MAX_CHECKED_CHARS || !(crossed(before, Some(first)) || crossed(Some(last), after)) {
        return true;
    }
    is_word(text, start, end, keys, Some(cache))
}

/// The glossary's keys, as the segmentation asks for them.
pub(crate) trait Keys {
    /// Calls `each` with the length, in characters, of every key that
    /// `chars` (Han, script-folded) begins with.
    fn prefixes(&self, chars: &[char], each: &mut dyn FnMut(usize));
}

/// A character as the dictionary has it: Han characters fold by script
/// alone.
fn fold(c: char) -> char {
    if is_han(c) {
        fold_script(c)
    } else {
        fold_script(fold_width(c))
    }
}

/// A run of Han characters, script-folded, around a span of the text: up
/// to [`CONTEXT`] characters either side; each character's byte offset in
/// the text (one more at the end); where the span lies in it. After them,
/// up to [`ROW_REACH`] more of the run, which the cached rows read.
struct Window {
    chars: [char; SPAN + ROW_REACH],
    offsets: [usize; SPAN + 1],
    len: usize,
    left: usize,
    right: usize,
    /// How many characters after the window `chars` holds.
    ahead: usize,
    /// Whether the run ends after those.
    complete: bool,
}

impl Window {
    /// The window around `start..end`, which holds at most [`MAX_WINDOW`]
    /// characters.
    fn around(text: &str, start: usize, end: usize) -> Window {
        let mut w = Window {
            chars: ['\0'; SPAN + ROW_REACH],
            offsets: [0; SPAN + 1],
            len: 0,
            left: 0,
            right: 0,
            ahead: 0,
            complete: true,
        };
        let push = |w: &mut Window, at: usize, c: char| {
            w.chars[w.len] = fold(c);
            w.offsets[w.len] = at;
            w.len += 1;
        };
        let mut before = [(0, '\0'); CONTEXT];
        let mut n = 0;
        for (at, c) in text[..start].char_indices().rev() {
            if n == CONTEXT || !is_han(c) {
                break;
            }
            before[n] = (at, c);
            n += 1;
        }
        for &(at, c) in before[..n].iter().rev() {
            push(&mut w, at, c);
        }
        w.left = w.len;
        for (at, c) in text[start..end].char_indices() {
            push(&mut w, start + at, c);
        }
        w.right = w.len;
        let mut last = end;
        for (k, (at, c)) in text[end..].char_indices().enumerate() {
            if !is_han(c) {
                break;
            }
            if k < CONTEXT {
                push(&mut w, end + at, c);
                last = end + at + c.len_utf8();
            } else if w.ahead < ROW_REACH {
                w.chars[w.len + w.ahead] = fold(c);
                w.ahead += 1;
            } else {
                w.complete = false;
                break;
            }
        }
        w.offsets[w.len] = last;
        w
    }

    fn chars(&self) -> &[char] {
        &self.chars[..self.len]
    }

    /// The run's characters from the window's `i`-th on, those after the
    /// window included.
    fn from(&self, i: usize) -> &[char] {
        &self.chars[i..self.len + self.ahead]
    }
}

/// Whether the Han match `start..end` of `text` is a word of the text (see
/// the module docs). The glossary's keys join the dictionary as jieba's
/// `add_word` does.
#[cold]
#[inline(never)]
fn is_word(
    text: &str,
    start: usize,
    end: usize,
    keys: &dyn Keys,
    cache: Option<&mut WordCache>,
) -> bool {
    let window = Window::around(text, start, end);
    let (left, right) = (window.left, window.right);
    let segmenter = Segmenter::<{ ROW_REACH + 1 }>::new(&window, keys, cache);
    let mut ends = [0usize; ROW_REACH + 1];
    let words = segmenter.path(&mut ends);
    let holding = |at: usize| {
        let i = words.partition_point(|&to| to <= at);
        let from = if i == 0 { 0 } else { words[i - 1] };
        (from, words[i])
    };
    let (first, last) = (holding(left), holding(right - 1));
    if first != last {
        // Over several words: a word of the text only from the start of
        // the first to the end of the last (其中东京 crosses 其中|东京).
        return first.0 == left && last.1 == right;
    }
    // Inside one word: a part of a compound when what comes before it is a
    // word (核|威慑, 数亿|美元, 中国|外交部) and what comes after is a word of
    // two characters or more (美元|汇率); a single character after it
    // makes a word of its own (朝鲜族, 四方形, 东海岸).
    let (from, to) = first;
    (from == left || segmenter.is_word(from, left))
        && (to == right || (to - right >= 2 && segmenter.is_word(right, to)))
}

/// The words of the most probable segmentation that overlap the Han run
/// `start..end` of `text`, as byte ranges of the text; a long run is
/// segmented [`MAX_WINDOW`] characters at a time.
pub(crate) fn words_over(
    text: &str,
    start: usize,
    end: usize,
    keys: &dyn Keys,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut from = start;
    while from < end {
        let to = text[from..end]
            .char_indices()
            .nth(MAX_WINDOW)
            .map_or(end, |(at, _)| from + at);
        let window = Window::around(text, from, to);
        let segmenter = Segmenter::<{ SPAN + 1 }>::new(&window, keys, None);
        let mut ends = [0usize; SPAN + 1];
        let mut at = 0;
        for &w in segmenter.path(&mut ends) {
            let word = window.offsets[at]..window.offsets[w];
            at = w;
            if word.end <= from
                || word.start >= to
                || out.last().is_some_and(|l| word.start < l.end)
            {
                continue;
            }
            out.push(word);
        }
        // The next piece starts after the last word, which may reach past
        // this one's end.
        from = out.last().map_or(to, |l| l.end.max(to));
    }
    out
}

/// The words that begin at one character of a run: bit `len` of `words`
/// says the `len` characters from there are a dictionary word, of cost
/// `costs[len]` (under 2^15, as build.rs writes them); bit `len` of
/// `keys`, a glossary key.
#[derive(Clone, Copy)]
struct Row {
    words: u64,
    costs: [u16; MAX_WORD_CHARS + 1],
    keys: u64,
}

impl Row {
    const EMPTY: Row = Row {
        words: 0,
        costs: [0; MAX_WORD_CHARS + 1],
        keys: 0,
    };

    /// The words `chars` begins with: one walk of the dictionary and one
    /// of the keys.
    fn of(chars: &[char], keys: &dyn Keys) -> Row {
        let mut row = Row::EMPTY;
        dictionary_words(chars, |len, cost| {
            row.words |= 1 << len;
            row.costs[len] = u16::try_from(cost).unwrap_or(u16::MAX);
        });
        keys.prefixes(chars, &mut |len| row.keys |= 1 << len);
        row
    }

    /// The words of at most `len` characters.
    fn within(mut self, len: usize) -> Row {
        self.words &= up_to(len);
        self.keys &= up_to(len);
        self
    }
}

/// The most characters from a position that a cached row covers: the
/// widest window a check segments, its context either side of the longest
/// match checked.
const ROW_REACH: usize = 2 * CONTEXT + MAX_CHECKED_CHARS;

/// How many positions the cache holds: consecutive characters take
/// consecutive slots, and a window with the next one's start fits.
const SLOTS: usize = 16;

/// The rows of the positions of one text that checks segmented lately.
/// Candidates are close together, so their windows overlap, and one that
/// is not a word is followed by a shorter one at the same place: each
/// position is walked once, not once per window.
#[derive(Clone)]
pub(crate) struct WordCache {
    /// Per slot: the byte offset its row is of (`usize::MAX` for none),
    /// how many characters from there the row covers, and the row. Made
    /// when a segmentation first asks, so that a scan of a short text, or
    /// one that segments nothing, costs nothing for it.
    slots: Option<Box<[(usize, usize, Row); SLOTS]>>,
}

impl WordCache {
    pub(crate) fn new() -> WordCache {
        WordCache { slots: None }
    }

    /// The row of the window's `i`-th character, whose words may take
    /// `need` characters.
    fn row(&mut self, window: &Window, i: usize, need: usize, keys: &dyn Keys) -> Row {
        let ahead = window.from(i);
        if need > ROW_REACH {
            return Row::of(&ahead[..need], keys);
        }
        let at = window.offsets[i];
        // Han characters take three bytes: consecutive ones, consecutive
        // slots.
        let slots = self
            .slots
            .get_or_insert_with(|| Box::new([(usize::MAX, 0, Row::EMPTY); SLOTS]));
        let slot = &mut slots[at / 3 % SLOTS];
        if slot.0 != at || slot.1 < need {
            let take = ahead.len().min(ROW_REACH);
            // A row that reached the end of the run covers any window.
            let covers = if window.complete && take == ahead.len() {
                ROW_REACH
            } else {
                take
            };
            *slot = (at, covers, Row::of(&ahead[..take], keys));
        }
        slot.2.within(need)
    }
}

impl Default for WordCache {
    fn default() -> WordCache {
        WordCache::new()
    }
}

/// The most probable segmentation of a short run of Han characters, of
/// fewer than `N`: a check's window is a few characters, and its arrays
/// are sized for that, not for the longest.
///
/// The words that begin at each character — the dictionary's, with their
/// costs, and the glossary's keys — are looked up once per character (or
/// found in the cache) and kept as bit sets of their lengths: the path, the
/// cost of a key's parts and whether a span is a word read the sets, never
/// walk again.
struct Segmenter<'a, const N: usize> {
    chars: &'a [char],
    rows: [Row; N],
}

/// The most characters a segmentation has: a window and its context.
const SPAN: usize = MAX_WINDOW + 2 * CONTEXT;

// Every length within a span is a bit of a `u64`.
const _: () = assert!(SPAN < 64);

/// The lengths whose bits `set` has, shortest first.
fn lengths(mut set: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let len = set.trailing_zeros();
        set &= set.wrapping_sub(1);
        (len < 64).then_some(len as usize)
    })
}

/// The bits of the lengths up to `max`.
fn up_to(max: usize) -> u64 {
    u64::MAX >> (63 - max.min(63))
}

impl<'a, const N: usize> Segmenter<'a, N> {
    /// The segmentation of `window`, its rows from `cache` when given,
    /// else read from the window alone.
    fn new(
        window: &'a Window,
        keys: &dyn Keys,
        mut cache: Option<&mut WordCache>,
    ) -> Segmenter<'a, N> {
        let chars = window.chars();
        assert!(chars.len() < N, "a window longer than its segmenter");
        let mut rows = [Row::EMPTY; N];
        for (i, row) in rows.iter_mut().enumerate().take(chars.len()) {
            *row = match cache.as_deref_mut() {
                Some(cache) => cache.row(window, i, chars.len() - i, keys),
                None => Row::of(&chars[i..], keys),
            };
        }
        Segmenter { chars, rows }
    }

    /// The dictionary's words that begin at `from` and end by `limit`, as
    /// `(end, cost)`.
    fn words_from(&self, from: usize, limit: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let row = &self.rows[from];
        lengths(row.words & up_to(limit - from))
            .map(move |len| (from + len, u32::from(row.costs[len])))
    }

    /// Whether `from..to` is a word of the dictionary or a glossary key.
    fn is_word(&self, from: usize, to: usize) -> bool {
        let row = &self.rows[from];
        (row.words | row.keys) >> (to - from) & 1 != 0
    }

    /// The cost of the cheapest path over `from..to` through the
    /// dictionary's words alone.
    fn split_cost(&self, from: usize, to: usize) -> u32 {
        let mut best = [u32::MAX; N];
        best[to] = 0;
        for i in (from..to).rev() {
            best[i] = self
                .words_from(i, to)
                .map(|(end, c)| c.saturating_add(best[end]))
                .fold(UNKNOWN_COST.saturating_add(best[i + 1]), u32::min);
        }
        best[from]
    }

    /// The ends of the words of the most probable path, in order, written
    /// into `ends`. Ties go to the longer word, as in jieba.
    fn path<'e>(&self, ends: &'e mut [usize]) -> &'e [usize] {
        let n = self.chars.len();
        // best[i]: (cost of the cheapest path from i, end of its first word)
        let mut best = [(0u32, 0usize); N];
        for i in (0..n).rev() {
            let mut choice = (UNKNOWN_COST.saturating_add(best[i + 1].0), i + 1);
            let mut consider = |to: usize, cost: u32| {
                let total = cost.saturating_add(best[to].0);
                if total < choice.0 || (total == choice.0 && to > choice.1) {
                    choice = (total, to);
                }
            };
            for (to, cost) in self.words_from(i, n) {
                consider(to, cost);
            }
            // As jieba's add_word: the key is kept whole, at least as
            // probable as its parts together; and at least as probable as
            // a word seen 150 times, so that a neighbour's chance word (普高
            // in 给予川普高规格, 太和 in 重塑印太和管理) does not take its
            // character. On tests/data/zh-precision.tsv any weight from 30
            // to 700 gives the same answers; 1,000 and more begin to find
            // terms inside words (内外相结合).
            let row = &self.rows[i];
            for len in lengths(row.keys & !up_to(1)) {
                let own = match row.words >> len & 1 {
                    0 => u32::MAX,
                    _ => u32::from(row.costs[len]),
                };
                let cost = own
                    .min(self.split_cost(i, i + len).saturating_sub(1))
                    .min(KEY_COST);
                consider(i + len, cost);
            }
            best[i] = choice;
        }
        let mut count = 0;
        let mut at = 0;
        while at < n {
            at = best[at].1;
            ends[count] = at;
            count += 1;
        }
        &ends[..count]
    }
}

/// Calls `each` with the length and cost of every dictionary word that
/// `chars` begins with, shortest first.
fn dictionary_words(chars: &[char], mut each: impl FnMut(usize, u32)) {
    let nodes = dictionary();
    let Some(mut addr) = nodes.root() else {
        return;
    };
    let mut out = 0u64;
    let mut buf = [0u8; 4];
    let mut next = 0;
    let Some(&first) = chars.first() else {
        return;
    };
    let u = first as u32;
    if FIRST.contains(&u) {
        // The first character's steps, from the table.
        let at = (u - FIRST.start) as usize * 8;
        let entry: &[u8; 8] = FIRST_STEP[at..at + 8].try_into().expect("8 bytes");
        let [a0, a1, a2, a3, o0, o1, c0, c1] = *entry;
        addr = match u32::from_le_bytes([a0, a1, a2, a3]) {
            u32::MAX => return,
            node => node as usize,
        };
        out = u64::from(u16::from_le_bytes([o0, o1]));
        match u16::from_le_bytes([c0, c1]) {
            u16::MAX => {}
            alone => each(1, u32::from(alone)),
        }
        // Most pairs of characters begin no word: the set says so in one
        // load, where the walk would read a node per byte.
        if chars
            .get(1)
            .is_some_and(|&second| !may_begin(first, second))
        {
            return;
        }
        next = 1;
    }
    for (len, &c) in chars.iter().enumerate().skip(next) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            let Some((next, more)) = nodes.step(addr, b) else {
                return;
            };
            addr = next;
            out = out.wrapping_add(more);
        }
        if let Some(last) = nodes.final_output(addr) {
            each(
                len + 1,
                u32::try_from(out.wrapping_add(last)).unwrap_or(u32::MAX),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled glossary's keys that matter here.
    struct Bundled;

    impl Keys for Bundled {
        fn prefixes(&self, chars: &[char], each: &mut dyn FnMut(usize)) {
            let text: String = chars.iter().collect();
            let keys = [
                "川普",
                "四方",
                "中东",
                "东京",
                "朝鲜",
                "英国",
                "德国",
                "日本",
                "美元",
                "岸田文雄",
                "岸田",
                "四方安全对话",
            ];
            for key in keys {
                if text.starts_with(key) {
                    each(key.chars().count());
                }
            }
        }
    }

    fn word(text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        is_word(text, start, start + term.len(), &Bundled, None)
    }

    #[test]
    fn words_over_a_run_cover_it_with_whole_words() {
        let text = "他说四川普通话。";
        let start = text.find("川普").unwrap();
        let words: Vec<&str> = words_over(text, start, start + "川普".len(), &Bundled)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(words, ["四川", "普通话"]);
    }

    #[test]
    fn a_term_inside_another_word_is_not_a_word() {
        assert!(!word("他说四川普通话。", "川普"));
        assert!(!word("这四方面的问题", "四方"));
        assert!(!word("朝鲜族和中东部地区", "朝鲜"));
        assert!(!word("朝鲜族和中东部地区", "中东"));
        assert!(!word("其中东京", "中东"));
    }

    #[test]
    fn a_term_crossed_by_a_dictionary_word_is_still_a_word() {
        assert!(word("德国外长访问", "德国"));
        assert!(word("日本人口下降", "日本"));
        assert!(word("美国的中东盟友", "中东"));
        assert!(word("其中东京", "东京"));
    }

    #[test]
    fn a_compound_headed_by_the_term_keeps_it() {
        assert!(word("英国首相", "英国"));
        assert!(word("美元汇率", "美元"));
        assert!(word("德国总理表示", "德国"));
    }

    #[test]
    fn traditional_text_is_segmented_through_the_fold() {
        assert!(!word("他說四川普通話。", "川普"));
        assert!(word("與川普會談", "川普"));
    }

    #[test]
    fn a_shared_cache_answers_as_the_window_alone() {
        // Every span of one to three characters of a text, checked in scan
        // order and then backwards through one cache, against the
        // segmentation of each window by itself: the rows kept for a
        // position (read past the window, for the next ones) must answer
        // as the window's own would, whatever window came first.
        let text = "他说四川普通话，这四方面的问题。朝鲜族和中东部地区其中东京德国外长访问英国首相美元汇率與川普會談日本人口下降，日本首相岸田文雄表示推动四方安全对话机制";
        let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let bounds: Vec<usize> = starts.iter().copied().chain([text.len()]).collect();
        let spans: Vec<(usize, usize)> = (0..starts.len())
            .flat_map(|i| (i + 1..=(i + 3).min(starts.len())).map(move |j| (i, j)))
            .map(|(i, j)| (bounds[i], bounds[j]))
            .filter(|&(a, b)| text[a..b].chars().all(is_han))
            .collect();
        let alone: Vec<bool> = spans
            .iter()
            .map(|&(a, b)| is_word(text, a, b, &Bundled, None))
            .collect();
        let mut cache = WordCache::new();
        let forwards: Vec<bool> = spans
            .iter()
            .map(|&(a, b)| is_word(text, a, b, &Bundled, Some(&mut cache)))
            .collect();
        assert_eq!(forwards, alone);
        let mut backwards: Vec<bool> = spans
            .iter()
            .rev()
            .map(|&(a, b)| is_word(text, a, b, &Bundled, Some(&mut cache)))
            .collect();
        backwards.reverse();
        assert_eq!(backwards, alone);
        assert!(alone.iter().any(|&s| !s), "some span should not be a word");
    }

    #[test]
    fn the_pairs_set_holds_every_common_pair_and_few_others() {
        use fst::Streamer as _;
        let map = fst::Map::new(WORDS).unwrap();
        let mut stream = map.stream();
        let (mut all, mut common) = (std::collections::HashSet::new(), Vec::new());
        while let Some((word, cost)) = stream.next() {
            let chars: Vec<char> = std::str::from_utf8(word).unwrap().chars().collect();
            for p in chars.windows(2) {
                all.insert((p[0], p[1]));
                // Seen 150 times or more: within the set's 100.
                if cost <= u64::from(KEY_COST) {
                    common.push((p[0], p[1]));
                }
            }
        }
        assert!(common.len() > 30_000, "{} pairs", common.len());
        assert!(common.iter().all(|&(a, b)| may_cross(a, b)));
        // Pairs of the dictionary's own characters that no word of it has
        // side by side: every eleventh character before every thirteenth.
        let chars: Vec<char> = all
            .iter()
            .map(|&(a, _)| a)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let absent: Vec<(char, char)> = chars
            .iter()
            .step_by(11)
            .flat_map(|&a| chars.iter().step_by(13).map(move |&b| (a, b)))
            .filter(|p| !all.contains(p))
            .collect();
        let held = absent.iter().filter(|&&(a, b)| may_cross(a, b)).count();
        assert!(absent.len() > 100_000, "{} pairs", absent.len());
        assert!(
            held * 100 < absent.len(),
            "{held} of {} absent pairs read as held",
            absent.len()
        );
    }

    #[test]
    fn only_short_han_matches_a_word_may_cross_are_checked() {
        let stands = |text: &str, term: &str| {
            let start = text.find(term).unwrap();
            stands(
                text,
                start,
                start + term.len(),
                &Bundled,
                &mut WordCache::new(),
            )
        };
        assert!(!stands("四川普通话", "川普"));
        // Nothing Han beside it, too long to check, not all Han.
        assert!(stands("，川普。", "川普"));
        assert!(stands("说四方安全对话", "四方安全对话"));
        assert!(stands("在G7峰会上", "G7峰会"));
    }
}
