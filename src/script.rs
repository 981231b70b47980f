//! Script errors: Simplified characters in zh-TW text and Traditional ones
//! in zh-CN text (美国與日本 in a Taiwan article), the most common error of
//! copy moved between the two.
//!
//! A character is an error only where it exists in the other script alone,
//! as OpenCC's character tables say ([`normalize::is_simplified_only`],
//! [`normalize::is_traditional_only`]): 著, 乾 and 后 are written in both and
//! never flagged. Each run of such characters is one error, widened to the
//! words around it (the segmentation of [`crate::words`]) or to the
//! glossary term it is part of; the suggestion is the glossary's own term
//! for the locale when it is one (集体自卫权 → 集體自衛權), else the text
//! converted word by word where OpenCC writes the word as a phrase (分钟 →
//! 分鐘, not 分鍾) and character by character otherwise.
//!
//! ```
//! use shuyu::{script, Lang, Tagger};
//!
//! let text = "美国與日本的同盟，集体自卫权";
//! let errors = script::errors(Tagger::bundled(), text, Lang::ZhTw);
//! let found: Vec<(&str, &str)> = errors.iter().map(|e| (&text[e.range()], e.suggestion())).collect();
//! assert_eq!(found, [("美国", "美國"), ("集体自卫权", "集體自衛權")]);
//! ```

use std::ops::Range;

use crate::glossary::Lang;
use crate::normalize::{self, fold_script, is_simplified_only, is_traditional_only};
use crate::tagger::Tagger;
use crate::words;

include!(concat!(env!("OUT_DIR"), "/phrases.rs"));

/// A run of characters of the other script, and what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    range: Range<usize>,
    suggestion: String,
}

impl ScriptError {
    /// The byte range of the text to replace: the words (or glossary term)
    /// around the characters.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// The same words in the locale's script.
    pub fn suggestion(&self) -> &str {
        &self.suggestion
    }
}

/// Whether `c` is written only in the script `locale` does not use; false
/// for every character when `locale` is not zh-CN or zh-TW.
pub fn is_other_script(c: char, locale: Lang) -> bool {
    match locale {
        Lang::ZhCn => is_traditional_only(c),
        Lang::ZhTw => is_simplified_only(c),
        Lang::Zh | Lang::En => false,
    }
}

/// The script errors of `text` in `locale` (zh-CN or zh-TW; none for other
/// languages), in text order, none overlapping.
pub fn errors<D: AsRef<[u8]>>(tagger: &Tagger<D>, text: &str, locale: Lang) -> Vec<ScriptError> {
    errors_outside(tagger, text, locale, &[])
}

/// [`errors`] outside the byte ranges `taken` (sorted, not overlapping):
/// what other findings already cover (a wrong term, whose suggestion is in
/// the locale's script) is neither flagged nor widened into.
pub fn errors_outside<D: AsRef<[u8]>>(
    tagger: &Tagger<D>,
    text: &str,
    locale: Lang,
    taken: &[Range<usize>],
) -> Vec<ScriptError> {
    if !matches!(locale, Lang::ZhCn | Lang::ZhTw) {
        return Vec::new();
    }
    // `taken` is sorted: the one range that may hold a position is the
    // first that ends after it, found by halving (a document's findings are
    // many, and this is asked of every character of the other script).
    let free = |at: usize| {
        let i = taken.partition_point(|t| t.end <= at);
        taken.get(i).is_none_or(|t| at < t.start)
    };
    let keys = tagger.keys();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_other_script(c, locale) || !free(start) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !is_other_script(c, locale) || !free(at) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        let words = words::words_over(text, start, end, &keys);
        let mut span = match (words.first(), words.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => start..end,
        };
        // Widened, but not into what is taken: the nearest range before
        // the run and the nearest after it bound the span.
        let before = taken.partition_point(|t| t.end <= start);
        if let Some(t) = before.checked_sub(1).map(|i| &taken[i]) {
            span.start = span.start.max(t.end);
        }
        let after = taken.partition_point(|t| t.start < end);
        if let Some(t) = taken.get(after) {
            span.end = span.end.min(t.start);
        }
        match spans.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => spans.push(span),
        }
    }
    // A glossary term overlapping a span widens it (widened spans that
    // meet are one), and the glossary's own term of the locale is the
    // suggestion for it.
    if spans.is_empty() {
        return Vec::new();
    }
    let matches: Vec<_> = tagger.find_iter(text).filter(|m| free(m.start())).collect();
    let mut ranges: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut next = 0;
    for span in spans {
        while matches.get(next).is_some_and(|m| m.end() <= span.start) {
            next += 1;
        }
        let (mut range, first) = (span.clone(), next);
        while let Some(m) = matches.get(next).filter(|m| m.start() < span.end) {
            range.start = range.start.min(m.start());
            range.end = range.end.max(m.end());
            next += 1;
        }
        match ranges.last_mut() {
            Some((last, terms)) if range.start < last.end => {
                last.end = last.end.max(range.end);
                terms.end = next;
            }
            _ => ranges.push((range, first..next)),
        }
    }
    let mut out = Vec::with_capacity(ranges.len());
    for (range, terms) in ranges {
        let mut suggestion = String::new();
        let mut at = range.start;
        for m in &matches[terms] {
            suggestion.push_str(&convert(tagger, text, at, m.start(), locale));
            let concept = m.term_ref().concept_index();
            let own = tagger
                .same_key(m)
                .find(|t| t.concept_index() == concept && t.lang().covers(locale));
            match own {
                Some(t) => suggestion.push_str(t.text()),
                None => suggestion.push_str(&convert(tagger, text, m.start(), m.end(), locale)),
            }
            at = m.end();
        }
        suggestion.push_str(&convert(tagger, text, at, range.end, locale));
        if suggestion != text[range.clone()] {
            out.push(ScriptError { range, suggestion });
        }
    }
    out
}

/// `text[start..end]` in the locale's script: to Simplified character by
/// character; to Traditional word by word where OpenCC writes the word as a
/// phrase, else character by character.
fn convert<D: AsRef<[u8]>>(
    tagger: &Tagger<D>,
    text: &str,
    start: usize,
    end: usize,
    locale: Lang,
) -> String {
    let piece = &text[start..end];
    match locale {
        Lang::ZhCn => piece
            .chars()
            .map(|c| {
                if is_traditional_only(c) {
                    fold_script(c)
                } else {
                    c
                }
            })
            .collect(),
        _ if !piece.chars().any(is_simplified_only) => piece.to_string(),
        _ => {
            let keys = tagger.keys();
            let mut out = String::with_capacity(piece.len() + 8);
            let mut at = start;
            for word in words::words_over(text, start, end, &keys) {
                let word = word.start.max(start)..word.end.min(end);
                if word.start > at {
                    out.push_str(&by_character(&text[at..word.start]));
                }
                let w = &text[word.clone()];
                match PHRASES.binary_search_by(|(s, _)| (*s).cmp(w)) {
                    Ok(i) => out.push_str(PHRASES[i].1),
                    Err(_) => out.push_str(&by_character(w)),
                }
                at = word.end;
            }
            out.push_str(&by_character(&text[at..end]));
            out
        }
    }
}

/// Simplified-only characters to their Traditional form, one by one.
fn by_character(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_simplified_only(c) {
                normalize::to_traditional(c)
            } else {
                c
            }
        })
        .collect()
}
