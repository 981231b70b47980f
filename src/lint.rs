//! Pre-publish validation of a monolingual document in a locale L (`shuyu
//! lint`).
//!
//! | rule | default | fires when |
//! |---|---|---|
//! | `deprecated-term` | error | a deprecated term of any concept |
//! | `wrong-locale` | error | a term that belongs only to another Chinese locale (川普, 人工智慧, 東協 in zh-CN; 特朗普, 人工智能 in zh-TW), even written in the other script (数位经济) |
//! | `non-preferred` | info | an admitted term where the concept has a preferred one in L |
//! | `script-mismatch` | error | characters that exist only in the other Chinese script (美国 in zh-TW, 美國 in zh-CN), one finding per run, widened to the words or glossary term around them (see [`crate::script`]) |
//!
//! A term that belongs to L, or is the same in both Chinese locales, is
//! never a finding; nor is an English term in a Chinese document or a
//! Chinese one in an English document. A deprecated or other-locale term's
//! suggestion is its counterpart in L ([`Tagger::counterparts`]: the same
//! wording in L's script, else L's approved term of the same type, else
//! the preferred one); an admitted term's is the preferred one. `--fix`
//! applies a finding that has exactly one suggestion and whose match the
//! Chinese word check accepts (with the check off, a short Chinese match
//! it would reject is reported, not fixed).
//!
//! The prose of a document (see [`crate::formats::document`]) is checked as
//! one text: pieces separated only by whitespace (a line wrap) are joined by
//! a space, so a term wrapped across lines is found; pieces separated by
//! markup or code are kept apart.

use std::ops::Range;

use crate::formats::document::{Document, DocumentFormat};
use crate::glossary::Lang;
use crate::normalize;
use crate::report::{Finding, LineIndex, Severities, Severity};
use crate::script;
use crate::tagger::{Tagger, Usage};

crate::report::rules! {
    /// The rules of `shuyu lint`.
    enum Rule {
        /// A deprecated term.
        DeprecatedTerm = "deprecated-term", Some(Severity::Error), "A deprecated term.";
        /// A term of another Chinese locale.
        WrongLocale = "wrong-locale", Some(Severity::Error),
            "A term of another Chinese locale (zh-TW in a zh-CN document, or the reverse).";
        /// An admitted term where a preferred one exists.
        NonPreferred = "non-preferred", Some(Severity::Info),
            "An admitted term where a preferred one exists.";
        /// Characters of the other Chinese script.
        ScriptMismatch = "script-mismatch", Some(Severity::Error),
            "Characters that exist only in the other Chinese script (Simplified in zh-TW, Traditional in zh-CN).";
    }
}

/// Checks documents in one locale.
///
/// ```
/// use shuyu::formats::document::{Document, DocumentFormat};
/// use shuyu::lint::Linter;
/// use shuyu::Lang;
///
/// let doc = Document::parse("美国总统川普宣布".as_bytes(), DocumentFormat::Text, None)?;
/// let findings = Linter::new(shuyu::Tagger::bundled(), Lang::ZhCn).lint("a.txt", &doc);
/// assert_eq!(findings[0].rule, "wrong-locale");
/// assert_eq!(findings[0].suggestions, ["特朗普"]);
/// assert_eq!((findings[0].line, findings[0].column), (Some(1), Some(5)));
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub struct Linter<'t, D> {
    tagger: &'t Tagger<D>,
    locale: Lang,
    severities: Severities,
}

impl<'t, D: AsRef<[u8]>> Linter<'t, D> {
    /// A linter for documents in `locale`, with the default severities.
    pub fn new(tagger: &'t Tagger<D>, locale: Lang) -> Linter<'t, D> {
        Linter {
            tagger,
            locale,
            severities: Severities::new(RULES),
        }
    }

    /// The same linter with other severities.
    pub fn with_severities(mut self, severities: Severities) -> Linter<'t, D> {
        self.severities = severities;
        self
    }

    /// The findings in a document named `file`, in document order.
    pub fn lint(&self, file: &str, doc: &Document) -> Vec<Finding>
    where
        D: Sync,
    {
        let (text, pieces) = prose(doc);
        let index = LineIndex::new(&doc.text);
        let locale = self.locale;
        let mut out = Vec::new();
        let finding = |rule: Rule, severity, start, end, message: String, suggestions, concept| {
            let (start, end, whole) = to_source(&pieces, start, end);
            if doc
                .silenced
                .iter()
                .any(|r| r.start <= start && start < r.end)
            {
                return None;
            }
            let written = &doc.text[start..end];
            let (line, column) = index.position(start);
            Some(Finding {
                line: Some(line),
                column: Some(column),
                concept,
                target: Some(written.to_string()),
                suggestions,
                span: (whole && doc.format != DocumentFormat::Docx).then_some((start, end)),
                context: Some(context_line(&doc.text, index.line_start(line), start, end)),
                ..Finding::new(file, rule.as_str(), severity, message)
            })
        };
        // Wrong and deprecated wording, whose suggestions are already in the
        // locale's script, takes the place of script errors over the same
        // text.
        let mut worded: Vec<Range<usize>> = Vec::new();
        for m in self.tagger.find_all(&text) {
            let rule = match self.tagger.usage(&m, locale, false) {
                Usage::Deprecated => Rule::DeprecatedTerm,
                Usage::OtherLocale => Rule::WrongLocale,
                Usage::Admitted => Rule::NonPreferred,
                Usage::Preferred | Usage::OtherLanguage => continue,
            };
            if rule != Rule::NonPreferred {
                worded.push(m.range());
            }
            let Some(severity) = self.severities.get(rule.as_str()) else {
                continue;
            };
            // Wrong wording gets its counterpart; admitted wording the
            // preferred term.
            let suggestions: Vec<String> = match rule {
                Rule::NonPreferred => m
                    .concept_ref()
                    .preferred(locale)
                    .map(|t| t.text().to_string())
                    .collect(),
                _ => self
                    .tagger
                    .counterparts(&m, locale)
                    .iter()
                    .map(|t| t.text().to_string())
                    .collect(),
            };
            let written = &text[m.range()];
            let mut message = match rule {
                Rule::DeprecatedTerm => {
                    format!("{written:?} is a deprecated term of {}", m.concept())
                }
                Rule::WrongLocale => format!("{written:?} is {} usage, not {locale}", m.lang()),
                Rule::NonPreferred => format!(
                    "{written:?} is admitted; {} has a preferred {locale} term",
                    m.concept()
                ),
                Rule::ScriptMismatch => unreachable!("not a usage"),
            };
            if !suggestions.is_empty() {
                message.push_str(&format!(": use {}", suggestions.join(" or ")));
            }
            let concept = Some(m.concept().to_string());
            let Some(mut f) = finding(
                rule,
                severity,
                m.start(),
                m.end(),
                message,
                suggestions,
                concept,
            ) else {
                continue;
            };
            // Only a match the word check accepts is fixed in place.
            if !self.tagger.word_check()
                && !crate::words::stands(
                    &text,
                    m.start(),
                    m.end(),
                    &self.tagger.keys(),
                    &mut crate::words::WordCache::new(),
                )
            {
                f.span = None;
            }
            out.push(f);
        }
        if let Some(severity) = self.severities.get(Rule::ScriptMismatch.as_str()) {
            let script = if locale == Lang::ZhTw {
                "Simplified"
            } else {
                "Traditional"
            };
            for e in script::errors_outside(self.tagger, &text, locale, &worded) {
                let r = e.range();
                let message = format!(
                    "{:?} has {script} characters in a {locale} text: use {}",
                    &text[r.clone()],
                    e.suggestion()
                );
                let suggestions = vec![e.suggestion().to_string()];
                out.extend(finding(
                    Rule::ScriptMismatch,
                    severity,
                    r.start,
                    r.end,
                    message,
                    suggestions,
                    None,
                ));
            }
            out.sort_by_key(|f| (f.line, f.column));
        }
        out
    }
}

/// The line around `start..end` for display: the whole line, or for a long
/// one (a minified file, a 10 MB paragraph) a window around the term; with
/// the term's 1-based character column in it. It reads at most a window's
/// characters either side, whatever the line's length.
fn context_line(text: &str, line_start: usize, start: usize, end: usize) -> (String, usize) {
    const AROUND: usize = 40;
    let mut before: Vec<char> = text[line_start..start]
        .chars()
        .rev()
        .take(AROUND + 1)
        .collect();
    let skipped = before.len() > AROUND;
    before.truncate(AROUND);
    before.reverse();
    let mut after: Vec<char> = text[end..]
        .chars()
        .take_while(|&c| c != '\n')
        .take(AROUND + 1)
        .collect();
    let cut = after.len() > AROUND;
    if cut {
        after.truncate(AROUND);
    } else if after.last() == Some(&'\r') {
        after.pop();
    }
    let mut out = String::new();
    if skipped {
        out.push('…');
    }
    out.extend(&before);
    out.push_str(&text[start..end]);
    out.extend(&after);
    if cut {
        out.push('…');
    }
    (out, before.len() + 1 + usize::from(skipped))
}

/// A piece of prose: where it starts in the joined text and in the source,
/// and its length in each (they differ for a character reference).
#[derive(Clone, Copy, Debug)]
struct Piece {
    joined: usize,
    source: usize,
    len: usize,
    source_len: usize,
}

/// HTML elements that mark up words inside a sentence: a term may run
/// across them (人工<b>智慧</b>).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Whether `gap` is nothing but inline tags.
fn inline_tags(gap: &str) -> bool {
    let mut rest = gap;
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<').and_then(|r| r.split_once('>')) else {
            return false;
        };
        let name: String = tag
            .0
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !INLINE.contains(&name.as_str()) {
            return false;
        }
        rest = tag.1;
    }
    !gap.is_empty()
}

/// The character an HTML character reference at the start of `s` stands
/// for, and the reference's length.
fn reference(s: &str) -> Option<(char, usize)> {
    // A reference is short: its `;` within the first dozen bytes, which
    // may end inside a character that follows it.
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// The document's prose as one text, and where each piece came from.
fn prose(doc: &Document) -> (String, Vec<Piece>) {
    let mut text = String::new();
    let mut pieces = Vec::with_capacity(doc.regions.len());
    let mut last_end: Option<usize> = None;
    for r in &doc.regions {
        if let Some(end) = last_end {
            let gap = &doc.text[end.min(r.start)..r.start];
            let before = doc.text[..end.min(r.start)].chars().next_back();
            let after = doc.text[r.start..].chars().next();
            let cjk =
                |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !normalize::is_latin_alnum(c));
            if doc.format == DocumentFormat::Html && inline_tags(gap) {
                // Inline markup inside a word: the pieces are one text.
            } else if !gap.is_empty() && gap.chars().all(char::is_whitespace) {
                // A line wrap joins words with a space, and Chinese
                // characters with nothing: hard-wrapped Chinese prose reads
                // as one line.
                if !(gap.contains('\n') && cjk(before) && cjk(after)) {
                    text.push(' ');
                }
            } else {
                // Markup or code between pieces: no term runs across it.
                text.push('\u{0}');
            }
        }
        let mut piece = |text: &mut String, source: Range<usize>, decoded: Option<char>| {
            let joined = text.len();
            match decoded {
                Some(c) => text.push(c),
                None => text.push_str(&doc.text[source.clone()]),
            }
            pieces.push(Piece {
                joined,
                source: source.start,
                len: text.len() - joined,
                source_len: source.len(),
            });
        };
        // HTML's character references are read as their characters, each
        // a piece of its own.
        let mut from = r.start;
        if doc.format == DocumentFormat::Html {
            let mut at = r.start;
            while let Some(i) = doc.text[at..r.end].find('&') {
                let amp = at + i;
                match reference(&doc.text[amp..r.end]) {
                    Some((c, len)) => {
                        if from < amp {
                            piece(&mut text, from..amp, None);
                        }
                        piece(&mut text, amp..amp + len, Some(c));
                        from = amp + len;
                        at = from;
                    }
                    None => at = amp + 1,
                }
            }
        }
        if from < r.end || from == r.start {
            piece(&mut text, from..r.end, None);
        }
        last_end = Some(r.end);
    }
    (text, pieces)
}

/// Maps a span of the joined prose to the source, and tells whether it lies
/// within one piece.
fn to_source(pieces: &[Piece], start: usize, end: usize) -> (usize, usize, bool) {
    let at = |pos: usize| {
        pieces
            .partition_point(|p| p.joined <= pos)
            .saturating_sub(1)
    };
    let (a, b) = (at(start), at(end.saturating_sub(1).max(start)));
    let map = |i: usize, pos: usize| {
        let p = pieces[i];
        let offset = pos - p.joined;
        if offset >= p.len {
            p.source + p.source_len
        } else {
            p.source + offset
        }
    };
    (map(a, start), map(b, end), a == b)
}

/// A replacement `--fix` makes: a byte range of the file and its new text.
pub type Edit = (Range<usize>, String);

/// The edits `--fix` makes: every finding that has exactly one suggestion
/// and lies in one piece of prose, in file order, none overlapping.
pub fn fixes(findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| f.suggestions.len() == 1)
        .filter_map(|f| f.span.map(|(s, e)| (s..e, f.suggestions[0].clone())))
        .collect();
    edits.sort_by_key(|(r, _)| r.start);
    let mut end = 0;
    edits.retain(|(r, _)| {
        let keep = r.start >= end;
        if keep {
            end = r.end;
        }
        keep
    });
    edits
}

/// The text with the edits made; every other byte is unchanged. Edits come
/// in text order (as [`fixes`] gives them); one that does not fit (out of
/// order, overlapping the one before, past the end, or cutting a
/// character) is left out, never a panic.
///
/// ```
/// use shuyu::formats::document::{Document, DocumentFormat};
/// use shuyu::lint::{apply, fixes, Linter};
/// let doc = Document::parse("川普与人工智慧\r\n".as_bytes(), DocumentFormat::Text, None)?;
/// let findings = Linter::new(shuyu::Tagger::bundled(), shuyu::Lang::ZhCn).lint("a.txt", &doc);
/// assert_eq!(apply(&doc.text, &fixes(&findings)), "特朗普与人工智能\r\n");
/// # Ok::<(), shuyu::formats::ParseError>(())
/// ```
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, with) in fitting(text, edits) {
        out.push_str(&text[at..r.start]);
        out.push_str(with);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The edits that fit `text`, in order: each within it, on character
/// boundaries, and after the one before.
fn fitting<'e>(text: &str, edits: &'e [Edit]) -> impl Iterator<Item = &'e Edit> + 'e {
    let (len, boundaries): (usize, Vec<bool>) = (
        text.len(),
        edits
            .iter()
            .map(|(r, _)| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
            .collect(),
    );
    let mut end = 0;
    edits
        .iter()
        .zip(boundaries)
        .filter_map(move |(e, on_boundaries)| {
            let r = &e.0;
            let fits = on_boundaries && end <= r.start && r.start <= r.end && r.end <= len;
            fits.then(|| {
                end = r.end;
                e
            })
        })
}

/// The edits as a unified diff of `name` (three lines of context), as
/// `diff -u` and `git apply` read it. Edits that do not fit the text are
/// left out, as in [`apply`].
pub fn unified_diff(name: &str, text: &str, edits: &[Edit]) -> String {
    const CONTEXT: usize = 3;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&s| s < text.len() || s == 0)
        .collect();
    let line_of = |pos: usize| starts.partition_point(|&s| s <= pos).saturating_sub(1);
    let line_end = |l: usize| starts.get(l + 1).copied().unwrap_or(text.len());
    // Group edits whose context would touch into hunks of whole lines.
    let mut hunks: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in fitting(text, edits) {
        let first = line_of(e.0.start);
        let last = line_of(e.0.end.saturating_sub(1).max(e.0.start));
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT).min(starts.len() - 1);
        match hunks.last_mut() {
            Some(h) if lo <= h.1 + 1 => {
                h.1 = hi;
                h.2.push(e);
            }
            _ => hunks.push((lo, hi, vec![e])),
        }
    }
    let name = name.trim_start_matches("./").trim_start_matches('/');
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for (lo, hi, group) in hunks {
        let (from, to) = (starts[lo], line_end(hi));
        let old = &text[from..to];
        let shifted: Vec<Edit> = group
            .iter()
            .map(|(r, w)| (r.start - from..r.end - from, w.clone()))
            .collect();
        let new = apply(old, &shifted);
        let lines = |s: &str| {
            s.split_inclusive('\n')
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let (old_lines, new_lines) = (lines(old), lines(&new));
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            lo + 1,
            old_lines.len(),
            lo + 1,
            new_lines.len()
        ));
        let mut push = |mark: char, l: &str| {
            out.push(mark);
            out.push_str(l);
            if !l.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        };
        if old_lines.len() == new_lines.len() {
            // Edits within lines: each line is context or a change.
            for (o, n) in old_lines.iter().zip(&new_lines) {
                if o == n {
                    push(' ', o);
                } else {
                    push('-', o);
                }
                if o != n {
                    push('+', n);
                }
            }
            continue;
        }
        // An edit joined lines: the lines between the untouched head and
        // tail change as a block.
        let same_head = old_lines
            .iter()
            .zip(&new_lines)
            .take_while(|(a, b)| a == b)
            .count();
        let same_tail = old_lines[same_head..]
            .iter()
            .rev()
            .zip(new_lines[same_head..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        for l in &old_lines[..same_head] {
            push(' ', l);
        }
        for l in &old_lines[same_head..old_lines.len() - same_tail] {
            push('-', l);
        }
        for l in &new_lines[same_head..new_lines.len() - same_tail] {
            push('+', l);
        }
        for l in &old_lines[old_lines.len() - same_tail..] {
            push(' ', l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::reference;

    #[test]
    fn character_references_read_as_their_characters() {
        assert_eq!(reference("&#24029;中文"), Some(('川', 8)));
        assert_eq!(reference("&#x666E;"), Some(('普', 8)));
        assert_eq!(reference("&amp;b"), Some(('&', 5)));
        assert_eq!(reference("&unknown;"), None);
        assert_eq!(reference("& 中文中文中文;"), None);
        assert_eq!(reference("&#xD800;"), None);
    }
}
