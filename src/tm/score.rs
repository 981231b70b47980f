//! Tokens and the fuzzy-match score.
//!
//! A segment is compared as a sequence of tokens, after the tagger's
//! normalisation (width, dashes, apostrophes, whitespace runs, Traditional →
//! Simplified): each Chinese (or other unspaced-script) character is a token,
//! each run of letters and digits in a spaced script is a token (a word),
//! and each punctuation mark or symbol is a token. Whitespace separates
//! tokens and is not one, so spacing never costs anything.
//!
//! The distance between a query and a segment is a weighted edit distance
//! over those tokens: inserting, deleting or replacing a word or character
//! costs [`CONTENT`], a punctuation mark [`PUNCT`]; two tokens that differ
//! only in case cost [`CASE`]. The score is
//!
//! ```text
//! score = floor(100 × (1 − distance / weight(query)))   (at least 0)
//! ```
//!
//! where `weight(query)` is the sum of the costs of the query's tokens, and a
//! score of 100 is kept for distance 0: a segment that differs from the
//! query only in a comma scores 99. Because the denominator is the query's
//! alone, a higher score for the same query always means fewer (weighted)
//! edits.

use std::hash::BuildHasher;

use crate::normalize::{fold_case, fold_script, Chars};

/// The cost of a word or character edit.
pub const CONTENT: u32 = 10;
/// The cost of a punctuation edit.
pub const PUNCT: u32 = 1;
/// The cost of a token that differs only in case.
pub const CASE: u32 = 1;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters and digits in a spaced script.
    Word,
    /// One character of an unspaced script (Chinese, Japanese, Thai…).
    Char,
    /// A punctuation mark or symbol.
    Punct,
}

impl Kind {
    fn cost(self) -> u32 {
        match self {
            Kind::Word | Kind::Char => CONTENT,
            Kind::Punct => PUNCT,
        }
    }
}

/// One token: where it is in the text and its normalised forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset where it starts in the text.
    pub start: usize,
    /// Byte offset where it ends in the text.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    key: (u32, u32),
    cased: (u32, u32),
    /// A hash of the key: tokens whose hashes differ differ, told without
    /// reading their keys.
    hash: u64,
}

/// A text cut into tokens, with their normalised forms.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    keys: String,
    cased: String,
}

impl Tokens {
    /// Cuts `text` into tokens.
    pub fn new(text: &str) -> Tokens {
        let mut tokens = Tokens::default();
        tokens.cut(text);
        tokens
    }

    /// Cuts `text` into tokens in place of those held, in the memory they
    /// took: an import cuts every unit's texts, one after another.
    pub(crate) fn cut(&mut self, text: &str) {
        self.tokens.clear();
        self.keys.clear();
        self.cased.clear();
        let out = self;
        let mut chars = Chars::new(text, 0).peekable();
        let mut start = 0;
        while let Some((c, end)) = chars.next() {
            let kind = kind_of(c);
            let key_start = out.keys.len() as u32;
            let cased_start = out.cased.len() as u32;
            let mut end = end;
            let mut push = |c: char| {
                let cased = fold_script(c);
                out.cased.push(cased);
                out.keys.push(fold_case(cased));
            };
            match kind {
                None => {
                    start = end;
                    continue;
                }
                Some(Kind::Word) => {
                    push(c);
                    while let Some(&(next, next_end)) = chars.peek() {
                        if kind_of(next) != Some(Kind::Word) {
                            break;
                        }
                        push(next);
                        end = next_end;
                        chars.next();
                    }
                }
                Some(_) => push(c),
            }
            let key = (key_start, out.keys.len() as u32);
            out.tokens.push(Token {
                start,
                end,
                kind: kind.expect("matched above"),
                key,
                cased: (cased_start, out.cased.len() as u32),
                hash: rustc_hash::FxBuildHasher.hash_one(&out.keys[key.0 as usize..key.1 as usize]),
            });
            start = end;
        }
    }

    /// The tokens, in order.
    #[cfg(test)]
    pub fn iter(&self) -> std::slice::Iter<'_, Token> {
        self.tokens.iter()
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The token at `i`.
    pub fn get(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// A token's fully normalised form (lower case, Simplified).
    pub fn key(&self, t: &Token) -> &str {
        &self.keys[t.key.0 as usize..t.key.1 as usize]
    }

    fn cased(&self, t: &Token) -> &str {
        &self.cased[t.cased.0 as usize..t.cased.1 as usize]
    }

    /// The keys of the words and characters, punctuation left out: what
    /// the n-gram index is built from.
    pub fn content(&self) -> impl Iterator<Item = &str> + '_ {
        self.tokens
            .iter()
            .filter(|t| t.kind != Kind::Punct)
            .map(|t| self.key(t))
    }

    /// The sum of the tokens' costs: the denominator of the score.
    pub fn weight(&self) -> u32 {
        self.tokens.iter().map(|t| t.kind.cost()).sum()
    }

    /// The keys of all the tokens, punctuation included: what the exact
    /// key is made of (see [`super::store::exact_hash`]).
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.tokens.iter().map(|t| self.key(t))
    }

    fn substitution(&self, a: &Token, other: &Tokens, b: &Token) -> u32 {
        if a.hash != b.hash || self.key(a) != other.key(b) {
            a.kind.cost().max(b.kind.cost())
        } else if self.cased(a) != other.cased(b) {
            CASE
        } else {
            0
        }
    }
}

/// Joins token keys in exact keys; no token holds it.
pub(crate) const SEPARATOR: char = '\u{1}';

fn kind_of(c: char) -> Option<Kind> {
    // Latin text and Chinese characters first, without Unicode's tables.
    if c.is_ascii() {
        return match c {
            _ if c.is_ascii_alphanumeric() => Some(Kind::Word),
            ' ' | '\0'..='\x1F' | '\x7F' => None,
            _ => Some(Kind::Punct),
        };
    }
    if matches!(c, '\u{4E00}'..='\u{9FFF}') {
        return Some(Kind::Char);
    }
    kind_by_tables(c)
}

/// What [`kind_of`] says of any character, by Unicode's tables: a space or
/// control is no token.
fn kind_by_tables(c: char) -> Option<Kind> {
    if c == ' ' {
        None
    } else if c.is_alphanumeric() {
        Some(if unspaced(c) { Kind::Char } else { Kind::Word })
    } else if c.is_control() {
        None
    } else {
        Some(Kind::Punct)
    }
}

/// Scripts written without spaces between words, compared character by
/// character: CJK ideographs, kana, Thai, Lao, Khmer, Myanmar.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF
        | 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The weighted edit distance from `query` to `other`, or `None` when it
/// is above `limit`. Every edit costs at least 1, so an alignment within
/// `limit` never strays more than `limit` tokens from the diagonal: only
/// that band of the table is filled, and a row whose band is all above
/// `limit` ends the search. The work is `len(query) × min(len(other),
/// 2 × limit + 1)`.
pub fn distance(query: &Tokens, other: &Tokens, limit: u32) -> Option<u32> {
    const FAR: u32 = u32::MAX / 2;
    let (n, m) = (query.len(), other.len());
    let band = usize::try_from(limit).unwrap_or(usize::MAX);
    if n.abs_diff(m) > band {
        return None;
    }
    let mut prev: Vec<u32> = vec![FAR; m + 1];
    prev[0] = 0;
    for j in 0..m.min(band) {
        prev[j + 1] = prev[j] + other.tokens[j].kind.cost();
    }
    let mut row = vec![FAR; m + 1];
    for i in 0..n {
        let a = &query.tokens[i];
        let (from, to) = (
            (i + 1).saturating_sub(band),
            (i + 1).saturating_add(band).min(m),
        );
        row[0] = if from == 0 {
            prev[0] + a.kind.cost()
        } else {
            FAR
        };
        // Outside the band the table is far: the cell left of the band.
        if from > 0 {
            row[from - 1] = FAR;
        }
        let mut best = row[0];
        for j in from.max(1) - 1..to {
            let b = &other.tokens[j];
            let v = (prev[j] + query.substitution(a, other, b))
                .min(prev[j + 1] + a.kind.cost())
                .min(row[j] + b.kind.cost());
            row[j + 1] = v.min(FAR);
            best = best.min(v);
        }
        if to < m {
            row[to + 1] = FAR;
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[m]).filter(|&d| d <= limit)
}

/// The score of a segment at `distance` from a query of `weight`.
pub fn score(distance: u32, weight: u32) -> u8 {
    if distance == 0 {
        return 100;
    }
    if distance >= weight {
        return 0;
    }
    let s = 100 * u64::from(weight - distance) / u64::from(weight);
    s.min(99) as u8
}

/// The largest distance that still scores `min_score` for a query of
/// `weight`.
pub fn max_distance(weight: u32, min_score: u8) -> u32 {
    if min_score == 0 {
        return u32::MAX;
    }
    let min_score = u64::from(min_score.min(100));
    ((u64::from(weight) * (100 - min_score)) / 100) as u32
}

/// A stretch where the segment differs from the query: the byte ranges in
/// each (one may be empty, for an insertion or a deletion).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// The bytes of the query.
    pub query: std::ops::Range<usize>,
    /// The bytes of the segment.
    pub segment: std::ops::Range<usize>,
}

/// The stretches where `other` differs from `query`, in order, from an
/// alignment of least weighted distance. A case-only difference counts.
pub fn differences(query: &Tokens, other: &Tokens) -> Vec<Difference> {
    let (n, m) = (query.len(), other.len());
    // The alignment keeps the whole table; past this many cells (a query
    // against a unit of tens of thousands of words) the two texts are
    // shown as one difference rather than allocating gigabytes.
    const MAX_CELLS: usize = 1 << 24;
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        let end = |t: &Tokens| t.tokens.last().map_or(0, |t| t.end);
        return vec![Difference {
            query: 0..end(query),
            segment: 0..end(other),
        }];
    }
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for j in 0..m {
        d[j + 1] = d[j] + other.tokens[j].kind.cost();
    }
    for i in 0..n {
        let a = &query.tokens[i];
        d[(i + 1) * w] = d[i * w] + a.kind.cost();
        for j in 0..m {
            let b = &other.tokens[j];
            d[(i + 1) * w + j + 1] = (d[i * w + j] + query.substitution(a, other, b))
                .min(d[i * w + j + 1] + a.kind.cost())
                .min(d[(i + 1) * w + j] + b.kind.cost());
        }
    }
    // Walk back, marking each token pair kept unchanged.
    let (mut i, mut j) = (n, m);
    let mut kept = Vec::new();
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 {
            let sub = query.substitution(&query.tokens[i - 1], other, &other.tokens[j - 1]);
            if here == d[(i - 1) * w + j - 1] + sub {
                if sub == 0 {
                    kept.push((i - 1, j - 1));
                }
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && here == d[(i - 1) * w + j] + query.tokens[i - 1].kind.cost() {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    kept.reverse();
    // The gaps between kept pairs are the differences.
    let mut out = Vec::new();
    let (mut qi, mut sj) = (0usize, 0usize);
    let span = |t: &Tokens, from: usize, to: usize, at: usize| {
        if from < to {
            t.tokens[from].start..t.tokens[to - 1].end
        } else {
            at..at
        }
    };
    let at = |t: &Tokens, i: usize, len: usize| match t.tokens.get(i) {
        Some(tok) => tok.start,
        None => len,
    };
    let query_len = query.tokens.last().map_or(0, |t| t.end);
    let other_len = other.tokens.last().map_or(0, |t| t.end);
    for (ki, kj) in kept.into_iter().chain(std::iter::once((n, m))) {
        if ki > qi || kj > sj {
            out.push(Difference {
                query: span(query, qi, ki, at(query, qi, query_len)),
                segment: span(other, sj, kj, at(other, sj, other_len)),
            });
        }
        qi = ki + 1;
        sj = kj + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The whole table, as the banded search must agree with.
    fn full_distance(query: &super::Tokens, other: &super::Tokens) -> u32 {
        let (n, m) = (query.len(), other.len());
        let mut d = vec![vec![0u32; m + 1]; n + 1];
        for j in 0..m {
            d[0][j + 1] = d[0][j] + other.tokens[j].kind.cost();
        }
        for i in 0..n {
            let a = &query.tokens[i];
            d[i + 1][0] = d[i][0] + a.kind.cost();
            for j in 0..m {
                let b = &other.tokens[j];
                d[i + 1][j + 1] = (d[i][j] + query.substitution(a, other, b))
                    .min(d[i][j + 1] + a.kind.cost())
                    .min(d[i + 1][j] + b.kind.cost());
            }
        }
        d[n][m]
    }

    proptest! {
        #[test]
        fn the_banded_distance_is_the_whole_tables(
            q in "[ab四方,. ]{0,24}",
            o in "[ab四方,. ]{0,24}",
            limit in 0u32..120,
        ) {
            let (q, o) = (super::Tokens::new(&q), super::Tokens::new(&o));
            let full = full_distance(&q, &o);
            let want = (full <= limit).then_some(full);
            prop_assert_eq!(super::distance(&q, &o, limit), want);
        }
    }

    #[test]
    fn tokens_and_scores_as_documented() {
        let t = super::Tokens::new("美日同盟 (US–Japan alliance).");
        let keys: Vec<&str> = t.iter().map(|k| t.key(k)).collect();
        assert_eq!(
            keys,
            ["美", "日", "同", "盟", "(", "us", "-", "japan", "alliance", ")", "."]
        );
        assert_eq!(t.iter().filter(|k| k.kind == super::Kind::Punct).count(), 4);
        assert_eq!(super::score(0, 100), 100);
        assert_eq!(super::score(1, 100), 99); // one punctuation mark in ten words
        assert_eq!(super::score(10, 100), 90); // one word in ten
        assert_eq!(super::score(200, 100), 0);
    }

    use super::*;

    #[test]
    fn words_characters_and_punctuation_are_tokens() {
        let t = Tokens::new("Ｊ‐ＪＯＣ 的 Quad’s");
        let keys: Vec<&str> = t.iter().map(|k| t.key(k)).collect();
        assert_eq!(keys, ["j", "-", "joc", "的", "quad", "'", "s"]);
        assert_eq!(t.weight(), 10 + 1 + 10 + 10 + 10 + 1 + 10);
    }

    #[test]
    fn every_character_is_the_kind_the_tables_say() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(super::kind_of(c), super::kind_by_tables(c), "{c:?}");
        }
    }

    #[test]
    fn distance_weighs_punctuation_and_case_lightly() {
        let q = Tokens::new("日美同盟的核心。");
        assert_eq!(
            distance(&q, &Tokens::new("日美同盟的核心"), 100),
            Some(PUNCT)
        );
        assert_eq!(
            distance(&q, &Tokens::new("日美同盟之核心。"), 100),
            Some(CONTENT)
        );
        assert_eq!(distance(&q, &Tokens::new("日美同盟的核心。"), 100), Some(0));
        assert_eq!(distance(&q, &Tokens::new("全然不同的句子"), 5), None);
        let e = Tokens::new("the Quad met");
        assert_eq!(distance(&e, &Tokens::new("The Quad met"), 100), Some(CASE));
    }

    #[test]
    fn differences_point_at_the_changed_tokens() {
        let q = "日美同盟的核心";
        let s = "日美同盟的新核心";
        let d = differences(&Tokens::new(q), &Tokens::new(s));
        assert_eq!(d.len(), 1);
        assert_eq!(&s[d[0].segment.clone()], "新");
        assert!(d[0].query.is_empty());
        let d = differences(&Tokens::new("a b c"), &Tokens::new("a x c d"));
        let parts: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (&"a b c"[d.query.clone()], &"a x c d"[d.segment.clone()]))
            .collect();
        assert_eq!(parts, [("b", "x"), ("", "d")]);
    }
}
