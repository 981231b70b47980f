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

use std::ops::Range;
use std::sync::OnceLock;

use crate::normalize::{fold_script, fold_width};

include!(concat!(env!("OUT_DIR"), "/words.rs"));

/// The dictionary: each word (Simplified) to its cost, the negative log of
/// its probability scaled by 1,024.
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));

/// The most characters a match may have and still be verified. Longer
/// Chinese terms are rarely part of another word, and their matches pass.
pub const MAX_CHECKED_CHARS: usize = 3;

/// How many Han characters either side of a match the segmentation reads:
/// enough for the words that touch the match and the ones that decide
/// between them.
const CONTEXT: usize = 6;

fn words() -> &'static fst::raw::Fst<&'static [u8]> {
    static FST: OnceLock<fst::raw::Fst<&'static [u8]>> = OnceLock::new();
    FST.get_or_init(|| fst::raw::Fst::new(WORDS).expect("build.rs writes a valid fst"))
}

/// Whether `c` is a Han character (CJK unified or compatibility ideograph).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether the match `start..end` of `text` needs the word check: it is all
/// Han, at most [`MAX_CHECKED_CHARS`] characters, and touches another Han
/// character on one side at least.
pub(crate) fn needs_check(text: &str, start: usize, end: usize) -> bool {
    let span = &text[start..end];
    // Han characters take three or four bytes each.
    if span.len() > 4 * MAX_CHECKED_CHARS || span.len() < 3 {
        return false;
    }
    let mut n = 0;
    for c in span.chars() {
        if !is_han(c) {
            return false;
        }
        n += 1;
    }
    n <= MAX_CHECKED_CHARS
        && (text[..start].chars().next_back().is_some_and(is_han)
            || text[end..].chars().next().is_some_and(is_han))
}

/// The glossary's keys, as the segmentation asks for them.
pub(crate) trait Keys {
    /// Calls `each` with the byte length of every key that `text` (Han,
    /// script-folded) begins with.
    fn prefixes(&self, text: &str, each: &mut dyn FnMut(usize));
}

/// A run of Han characters around a span of the text: up to [`CONTEXT`]
/// either side, each character's byte offset in the text (one more at the
/// end), and where the span lies in it, in characters.
struct Window {
    chars: Vec<char>,
    offsets: Vec<usize>,
    left: usize,
    right: usize,
}

impl Window {
    fn around(text: &str, start: usize, end: usize) -> Window {
        let before: Vec<(usize, char)> = text[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_han(c))
            .take(CONTEXT)
            .collect();
        let mut chars = Vec::new();
        let mut offsets = Vec::new();
        for &(at, c) in before.iter().rev() {
            chars.push(c);
            offsets.push(at);
        }
        let left = chars.len();
        for (at, c) in text[start..end].char_indices() {
            chars.push(c);
            offsets.push(start + at);
        }
        let right = chars.len();
        let mut last = end;
        for (at, c) in text[end..]
            .char_indices()
            .take_while(|&(_, c)| is_han(c))
            .take(CONTEXT)
        {
            chars.push(c);
            offsets.push(end + at);
            last = end + at + c.len_utf8();
        }
        offsets.push(last);
        Window {
            chars,
            offsets,
            left,
            right,
        }
    }
}

/// Whether the Han match `start..end` of `text` is a word of the text (see
/// the module docs). The glossary's keys join the dictionary as jieba's
/// `add_word` does.
pub(crate) fn is_word(text: &str, start: usize, end: usize, keys: &dyn Keys) -> bool {
    let Window {
        chars, left, right, ..
    } = Window::around(text, start, end);
    let segmenter = Segmenter::new(&chars, keys);
    let words = segmenter.words();
    let holding = |at: usize| {
        *words
            .iter()
            .find(|&&(from, to)| from <= at && at < to)
            .expect("the path covers the window")
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
/// `start..end` of `text`, as byte ranges of the text.
pub(crate) fn words_over(
    text: &str,
    start: usize,
    end: usize,
    keys: &dyn Keys,
) -> Vec<Range<usize>> {
    let window = Window::around(text, start, end);
    let segmenter = Segmenter::new(&window.chars, keys);
    segmenter
        .words()
        .into_iter()
        .filter(|&(from, to)| from < window.right && window.left < to)
        .map(|(from, to)| window.offsets[from]..window.offsets[to])
        .collect()
}

/// The most probable segmentation of a short run of Han characters.
struct Segmenter<'k> {
    /// The run folded to Simplified, and each character's byte offset in
    /// it (one more at the end).
    folded: String,
    offsets: Vec<usize>,
    keys: &'k dyn Keys,
}

impl<'k> Segmenter<'k> {
    fn new(chars: &[char], keys: &'k dyn Keys) -> Segmenter<'k> {
        let mut folded = String::with_capacity(chars.len() * 3);
        let mut offsets = Vec::with_capacity(chars.len() + 1);
        for &c in chars {
            offsets.push(folded.len());
            folded.push(fold_script(fold_width(c)));
        }
        offsets.push(folded.len());
        Segmenter {
            folded,
            offsets,
            keys,
        }
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn text(&self, from: usize, to: usize) -> &str {
        &self.folded[self.offsets[from]..self.offsets[to]]
    }

    /// The dictionary's costs of the words that start at character `from`,
    /// as `(end, cost)`.
    fn dictionary_words(&self, from: usize, mut each: impl FnMut(usize, u32)) {
        let fst = words();
        let mut node = fst.root();
        let mut out = 0u64;
        for to in from + 1..=self.len() {
            for &b in self.text(to - 1, to).as_bytes() {
                let Some(i) = node.find_input(b) else {
                    return;
                };
                let t = node.transition(i);
                out += t.out.value();
                node = fst.node(t.addr);
            }
            if node.is_final() {
                let cost = out + node.final_output().value();
                each(to, u32::try_from(cost).unwrap_or(u32::MAX));
            }
        }
    }

    /// The dictionary's cost of `from..to` as one word, if it has it.
    fn dictionary_cost(&self, from: usize, to: usize) -> Option<u32> {
        let mut cost = None;
        self.dictionary_words(from, |end, c| {
            if end == to {
                cost = Some(c);
            }
        });
        cost
    }

    /// Whether `from..to` is a word of the dictionary or a glossary key.
    fn is_word(&self, from: usize, to: usize) -> bool {
        let text = self.text(from, to);
        let mut key = false;
        self.keys
            .prefixes(text, &mut |len| key |= len == text.len());
        key || self.dictionary_cost(from, to).is_some()
    }

    /// The glossary's keys of two characters or more that start at
    /// character `from`, by their ends.
    fn keys_from(&self, from: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        let base = self.offsets[from];
        self.keys.prefixes(&self.folded[base..], &mut |len| {
            if let Ok(to) = self.offsets.binary_search(&(base + len)) {
                if to >= from + 2 {
                    ends.push(to);
                }
            }
        });
        ends
    }

    /// The words of the most probable path, as character ranges.
    fn words(&self) -> Vec<(usize, usize)> {
        let ends = self.path();
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends.iter().copied()).collect()
    }

    /// The cost of the cheapest path over `from..to` through the
    /// dictionary's words alone.
    fn split_cost(&self, from: usize, to: usize) -> u32 {
        let mut best = vec![u32::MAX; to - from + 1];
        best[to - from] = 0;
        for i in (from..to).rev() {
            let mut here = UNKNOWN_COST.saturating_add(best[i + 1 - from]);
            self.dictionary_words(i, |end, c| {
                if end <= to {
                    here = here.min(c.saturating_add(best[end - from]));
                }
            });
            best[i - from] = here;
        }
        best[0]
    }

    /// The ends of the words of the most probable path, in order. Ties go
    /// to the longer word, as in jieba.
    fn path(&self) -> Vec<usize> {
        let n = self.len();
        // best[i]: (cost of the cheapest path from i, end of its first word)
        let mut best = vec![(0u32, n); n + 1];
        for i in (0..n).rev() {
            let mut choice = (UNKNOWN_COST.saturating_add(best[i + 1].0), i + 1);
            let consider = |to: usize, cost: u32, choice: &mut (u32, usize)| {
                let total = cost.saturating_add(best[to].0);
                if total < choice.0 || (total == choice.0 && to > choice.1) {
                    *choice = (total, to);
                }
            };
            let mut dictionary = Vec::new();
            self.dictionary_words(i, |to, cost| dictionary.push((to, cost)));
            for &(to, cost) in &dictionary {
                consider(to, cost, &mut choice);
            }
            for to in self.keys_from(i) {
                {
                    // As jieba's add_word: the key is kept whole, at least
                    // as probable as its parts together; and at least as
                    // probable as a word seen 150 times, so that a
                    // neighbour's chance word (普高 in 给予川普高规格, 太和
                    // in 重塑印太和管理) does not take its character. On
                    // tests/data/zh-precision.tsv any weight from 30 to 700
                    // gives the same answers; 1,000 and more begin to
                    // find terms inside words (内外相结合).
                    let own = dictionary.iter().find(|w| w.0 == to).map(|w| w.1);
                    let cost = own
                        .unwrap_or(u32::MAX)
                        .min(self.split_cost(i, to).saturating_sub(1))
                        .min(KEY_COST);
                    consider(to, cost, &mut choice);
                }
            }
            best[i] = choice;
        }
        let mut ends = Vec::new();
        let mut at = 0;
        while at < n {
            at = best[at].1;
            ends.push(at);
        }
        ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled glossary's keys that matter here.
    struct Bundled;

    impl Keys for Bundled {
        fn prefixes(&self, text: &str, each: &mut dyn FnMut(usize)) {
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
            ];
            for key in keys {
                if text.starts_with(key) {
                    each(key.len());
                }
            }
        }
    }

    fn word(text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        is_word(text, start, start + term.len(), &Bundled)
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
    fn needs_check_only_short_han_runs_beside_han() {
        assert!(needs_check("四川普通话", "四".len(), "四川普".len()));
        assert!(!needs_check("，川普。", "，".len(), "，川普".len()));
        assert!(!needs_check("四方安全对话", 0, "四方安全对话".len()));
        assert!(!needs_check("在G7峰会", "在".len(), "在G7峰会".len()));
    }
}
