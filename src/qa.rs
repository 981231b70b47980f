//! Checks of a translation beyond its terms: the numbers it carries, its
//! inline codes and placeholders, whether it was translated at all, and
//! its punctuation. [`crate::check::Checker`] applies them to each segment.
//!
//! ```
//! use shuyu::qa::numbers;
//! let values = |t: &str| numbers(t).iter().map(|n| n.value()).collect::<Vec<f64>>();
//! assert_eq!(values("2018年8月9~10日，增长3.2万人"), [2018.0, 8.0, 9.0, 10.0, 32_000.0]);
//! assert_eq!(values("August 9–10, 2018, up 32,000"), [8.0, 9.0, 10.0, 2018.0, 32_000.0]);
//! assert_eq!(values("百分之二十的国家一致同意"), [20.0]);
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::normalize::fold_width;

/// A number found in a text: its value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    value: f64,
    span: Range<usize>,
}

impl Number {
    /// What it counts (`3.2万` is 32,000; `百分之二十` and `20%` are 20;
    /// `August` is 8).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Its bytes in the text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// The numbers of a text, in order: digits (ASCII or full-width, with
/// thousands separators and a decimal point), scaled by a following 万, 亿,
/// thousand, million or billion; Chinese numerals (二〇二四, 十二, 两百) when
/// they stand as a number — a run of two or more, or one followed by a
/// classifier or a unit (三艘, 8月, 一次) — and not inside a word (一致,
/// 统一, 数千); 百分之 and a number; English number words (three, twenty-one,
/// twelve, second) and months (`August`, `May 9`). Signs and ranges are
/// not numbers: 2018—2020 is two.
pub fn numbers(text: &str) -> Vec<Number> {
    thread_local! {
        // The characters of the text being read, a buffer each thread
        // keeps: this runs on both sides of every segment checked.
        static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if !may_hold_numbers(text) {
        return Vec::new();
    }
    CHARS.with_borrow_mut(|chars| {
        chars.clear();
        chars.extend(text.char_indices().map(|(i, c)| (i, fold_width(c))));
        numbers_in(text, chars)
    })
}

/// Whether `text` may hold a number: a digit, a Chinese numeral, a
/// full-width letter, or an English word that names a number or a month.
/// False means [`numbers`] finds none: most sentences are passed over
/// without reading them a character at a time.
fn may_hold_numbers(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii_digit() {
            return true;
        }
        if b.is_ascii_alphabetic() {
            // The word as `numbers` reads it: letters, and hyphens between.
            let (mut end, mut compound) = (at + 1, false);
            while let Some(&b) = bytes.get(end) {
                let hyphen = b == b'-' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic);
                if !(b.is_ascii_alphabetic() || hyphen) {
                    break;
                }
                compound |= hyphen;
                end += 1;
            }
            // Compounds and Roman numerals aside, the table turns most
            // words away before they are looked at whole.
            let word = &bytes[at..end];
            let roman = matches!(b, b'I' | b'V' | b'X');
            if (compound || roman || may_be_number_word(word))
                && english_word(&text[at..end]).is_some()
            {
                return true;
            }
            at = end;
        } else if let (0xE3..=0xE9, Some(&[b1, b2, ..])) = (b, bytes.get(at + 1..)) {
            // U+3000 to U+9FFF, Chinese text: nothing there folds to a
            // letter or digit, so only the numerals are asked for.
            let c = char::from_u32(crate::normalize::decode3(b, b1, b2));
            if c.and_then(chinese_digit).is_some() {
                return true;
            }
            at += 3;
        } else if b >= 0x80 {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let folded = fold_width(c);
            if folded.is_ascii_alphanumeric() || chinese_digit(folded).is_some() {
                return true;
            }
            at += c.len_utf8();
        } else {
            at += 1;
        }
    }
    false
}

/// [`numbers`] of `text`, whose characters, width-folded, are `chars`.
fn numbers_in(text: &str, chars: &[(usize, char)]) -> Vec<Number> {
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if c.is_ascii_digit() {
            // Digits in a code (G7, F-35) count too: 七国集团 says 7. Digits
            // with letters on both sides are part of a word (PR0POSAL).
            let (value, next) = digits(chars, k);
            let letter = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|&(_, c)| c.is_ascii_alphabetic())
            };
            if letter(k.checked_sub(1)) && letter(Some(next)) {
                k = next;
                continue;
            }
            let (value, next) = scaled(chars, next, value);
            out.push(Number {
                value,
                span: at..end_of(next),
            });
            k = next;
        } else if chinese_digit(c).is_some() {
            let percent = k >= 3 && chars[k - 3..k].iter().map(|&(_, c)| c).eq("百分之".chars());
            let run_end = (k..chars.len())
                .find(|&j| chinese_digit(chars[j].1).is_none())
                .unwrap_or(chars.len());
            let run: String = chars[k..run_end].iter().map(|&(_, c)| c).collect();
            let before = k.checked_sub(1).map(|j| chars[j].1);
            let after = chars.get(run_end).map(|&(_, c)| c);
            let stands = if run == "零" {
                // 为零, 等于零: zero after a verb, or ending the phrase
                // (零售, 零件 are words).
                before.is_some_and(|b| "为是于到至".contains(b))
                    || after.is_none_or(|c| (c as u32) < 0x4E00)
            } else {
                run.chars().count() >= 2
                    || after.is_some_and(is_classifier)
                    || percent
                    || before == Some('第')
            };
            let approximate = before.is_some_and(|b| "数几上成好".contains(b));
            let rest: String = chars[run_end..].iter().take(3).map(|&(_, c)| c).collect();
            if stands && !approximate && !is_word_with_numeral(&run, before, after, &rest) {
                if let Some(value) = chinese_value(&run) {
                    out.push(Number {
                        value,
                        span: at..end_of(run_end),
                    });
                }
            }
            k = run_end;
        } else if c.is_ascii_alphabetic() {
            let word_end = (k..chars.len())
                .find(|&j| {
                    !(chars[j].1.is_ascii_alphabetic()
                        || (chars[j].1 == '-'
                            && chars
                                .get(j + 1)
                                .is_some_and(|&(_, n)| n.is_ascii_alphabetic())))
                })
                .unwrap_or(chars.len());
            let starts_word = k == 0 || !chars[k - 1].1.is_ascii_alphanumeric();
            // The letters as written, or width-folded when they are not ASCII.
            let written = &text[at..end_of(word_end)];
            let word: std::borrow::Cow<'_, str> = if written.is_ascii() {
                written.into()
            } else {
                chars[k..word_end]
                    .iter()
                    .map(|&(_, c)| c)
                    .collect::<String>()
                    .into()
            };
            if starts_word && word.len() <= 13 {
                if let Some(value) = english_value(&word, chars, word_end) {
                    let (value, next) = scaled(chars, word_end, value);
                    out.push(Number {
                        value,
                        span: at..end_of(next),
                    });
                    k = next;
                    continue;
                }
            }
            k = word_end;
        } else {
            k += 1;
        }
    }
    out
}

/// Digits from `k`: a run with `,` (or a thin space) before each group of
/// three and an optional decimal part.
fn digits(chars: &[(usize, char)], mut k: usize) -> (f64, usize) {
    let mut s = String::new();
    while let Some(&(_, c)) = chars.get(k) {
        let group = |from: usize| {
            (from..from + 3).all(|j| chars.get(j).is_some_and(|&(_, d)| d.is_ascii_digit()))
                && !chars
                    .get(from + 3)
                    .is_some_and(|&(_, d)| d.is_ascii_digit())
        };
        if c.is_ascii_digit() {
            s.push(c);
            k += 1;
        } else if matches!(c, ',' | '\u{2009}' | '\u{202F}' | '\u{A0}')
            && !s.contains('.')
            && group(k + 1)
        {
            k += 1;
        } else if c == '.'
            && !s.contains('.')
            && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit())
        {
            s.push('.');
            k += 1;
        } else {
            break;
        }
    }
    (s.parse().unwrap_or(0.0), k)
}

/// The value times the scale written after it (万, 亿, thousand, million,
/// billion), and where the number then ends.
fn scaled(chars: &[(usize, char)], k: usize, value: f64) -> (f64, usize) {
    match chars.get(k).map(|&(_, c)| c) {
        Some('万') => return (value * 1e4, k + 1),
        Some('亿') => return (value * 1e8, k + 1),
        _ => {}
    }
    // An English scale word after a space.
    let mut j = k;
    while chars.get(j).is_some_and(|&(_, c)| c == ' ') {
        j += 1;
    }
    let word: String = chars[j.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let scale = match word.to_ascii_lowercase().as_str() {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return (value, k),
    };
    (value * scale, j + word.len())
}

/// The value of a Chinese digit character.
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Words that count things or time after a number: 三艘, 8月, 一次.
fn is_classifier(c: char) -> bool {
    "年月日号时分秒天周岁个次名位艘架辆项条倍国家件份种批轮届层代支座枚颗吨米元%人台套张本封句页遍趟只匹组双".contains(c)
}

/// Runs of numerals that are words, not numbers.
fn is_word_with_numeral(run: &str, before: Option<char>, after: Option<char>, rest: &str) -> bool {
    const WORDS: &[&str] = &["一一", "万万", "千千", "三三两两", "七七八八", "一二"];
    // Number bases and octets are words: 十六进制 (hexadecimal), 八位字节.
    const BEFORE: &[&str] = &["进制", "进位", "位字节", "边形", "角形"];
    WORDS.contains(&run)
        || BEFORE.iter().any(|w| rest.starts_with(w))
        || (run == "万" && before.is_none() && after.is_none())
        || (run.chars().all(|c| "万千百亿".contains(c)) && run.chars().count() == 1)
}

/// The value of a run of Chinese numerals: positional (十二, 两千三百万) or
/// digit by digit (二〇二四).
fn chinese_value(run: &str) -> Option<f64> {
    let digits: Vec<u32> = run.chars().map(chinese_digit).collect::<Option<_>>()?;
    if digits.iter().all(|&d| d < 10) {
        return Some(digits.iter().fold(0.0, |acc, &d| acc * 10.0 + f64::from(d)));
    }
    // Positional: sections of 亿 and 万, each of 千, 百, 十 and a digit.
    let (mut total, mut section, mut digit) = (0.0f64, 0.0f64, 0.0f64);
    let mut any_digit = false;
    for d in digits {
        match d {
            0..=9 => {
                digit = f64::from(d);
                any_digit = true;
            }
            10 | 100 | 1000 => {
                let unit = f64::from(d);
                section += if any_digit { digit } else { 1.0 } * unit;
                digit = 0.0;
                any_digit = false;
            }
            _ => {
                let unit = f64::from(d);
                total = (total + section + digit) * unit;
                section = 0.0;
                digit = 0.0;
                any_digit = false;
            }
        }
    }
    Some(total + section + digit)
}

/// The value of an English number word (or hyphenated pair), an ordinal,
/// or a month (May only before a digit).
fn english_value(word: &str, chars: &[(usize, char)], end: usize) -> Option<f64> {
    let (value, month) = english_word(word)?;
    if !month {
        return Some(value);
    }
    // Months are names: capitalised, and May (a verb too) before a day.
    let capital = word.starts_with(|c: char| c.is_ascii_uppercase());
    let day_follows = chars[end..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| *c != ' ')
        .is_some_and(|c| c.is_ascii_digit());
    (capital && (!word.eq_ignore_ascii_case("may") || day_follows)).then_some(value)
}

/// The value of an English number word or Roman numeral, or the number of
/// a month (and true), whatever the words around it.
fn english_word(word: &str) -> Option<(f64, bool)> {
    // No number word or month is longer ("twenty-seven", "september"): the
    // rest are passed over before anything is copied.
    if word.len() > MAX_NUMBER_WORD || word.len() < 2 || !word.is_ascii() {
        return None;
    }
    // Roman numerals of two letters and more, in capitals (phase II,
    // Article IV); single letters are words (I, V, X).
    const ROMAN: [&str; 11] = [
        "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let bytes = word.as_bytes();
    if matches!(bytes[0], b'I' | b'V' | b'X')
        && bytes.iter().all(|b| matches!(b, b'I' | b'V' | b'X'))
    {
        return ROMAN
            .iter()
            .position(|&r| r == word)
            .map(|i| (i as f64 + 2.0, false));
    }
    let dash = bytes.iter().position(|&b| b == b'-');
    if dash.is_none() && !may_be_number_word(bytes) {
        return None;
    }
    // Lower-cased on the stack, for the few words that get this far.
    let mut buf = [0u8; MAX_NUMBER_WORD];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    let unit = |w: &[u8]| {
        UNITS
            .iter()
            .find(|&&(u, _)| u.as_bytes() == w)
            .map(|&(_, v)| v)
    };
    if let Some(dash) = dash {
        let (first, second) = (&lower[..dash], &lower[dash + 1..]);
        // "one" alone is rarely a number (one of, no one); after a ten it
        // is.
        let ones = if second == b"one" {
            Some(1.0)
        } else {
            unit(second)
        };
        // Other compounds are words (two-factor, two-way).
        return match (unit(first), ones) {
            (Some(tens), Some(ones)) if tens >= 20.0 && ones < 10.0 => Some((tens + ones, false)),
            _ => None,
        };
    }
    if let Some(v) = unit(lower) {
        return Some((v, false));
    }
    let month = MONTHS.iter().position(|&m| m.as_bytes() == &*lower)?;
    Some((month as f64 + 1.0, true))
}

/// Whether a word without a hyphen may be a number word or a month: most
/// words share their length and first and last letters with none, and one
/// look at a table passes them over.
#[inline]
fn may_be_number_word(word: &[u8]) -> bool {
    let letter = |b: u8| {
        1u32.checked_shl(u32::from(b.to_ascii_lowercase().wrapping_sub(b'a')))
            .unwrap_or(0)
    };
    match (
        NUMBER_WORD_LETTERS.get(word.len()),
        word.first(),
        word.last(),
    ) {
        (Some(&(firsts, lasts)), Some(&first), Some(&last)) => {
            firsts & letter(first) != 0 && lasts & letter(last) != 0
        }
        _ => false,
    }
}

/// The English number words and their values.
const UNITS: [(&str, f64); 37] = [
    ("zero", 0.0),
    ("two", 2.0),
    ("twice", 2.0),
    ("three", 3.0),
    ("third", 3.0),
    ("four", 4.0),
    ("fourth", 4.0),
    ("five", 5.0),
    ("fifth", 5.0),
    ("six", 6.0),
    ("sixth", 6.0),
    ("seven", 7.0),
    ("seventh", 7.0),
    ("eight", 8.0),
    ("eighth", 8.0),
    ("nine", 9.0),
    ("ninth", 9.0),
    ("ten", 10.0),
    ("tenth", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("dozen", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// The months, January first.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The longest number word, compounds included ("seventy-seven").
const MAX_NUMBER_WORD: usize = 13;

/// For each length, the first letters and the last letters (a bit per
/// letter, `a` lowest) of the number words and months of that length.
const NUMBER_WORD_LETTERS: [(u32, u32); MAX_NUMBER_WORD + 1] = {
    let mut table = [(0u32, 0u32); MAX_NUMBER_WORD + 1];
    let mut i = 0;
    while i < UNITS.len() + MONTHS.len() {
        let word = if i < UNITS.len() {
            UNITS[i].0.as_bytes()
        } else {
            MONTHS[i - UNITS.len()].as_bytes()
        };
        table[word.len()].0 |= 1 << (word[0] - b'a');
        table[word.len()].1 |= 1 << (word[word.len() - 1] - b'a');
        i += 1;
    }
    table
};

/// The numbers of `source` whose value the target lacks, and those of
/// `target` whose value the source lacks, each once, as written; both
/// empty when they agree. Values are compared, not counts: a translation
/// may say a number twice (`ISBN-10` → `10位…（ISBN-10）`). A lone 一, 两 or
/// 零 (a, both, none) and the word "zero" count when the other side has their value
/// and are not missing when it has not: Chinese says 一个 where English says
/// "a", and 没有 where it says "zero".
pub fn number_differences(source: &str, target: &str) -> (Vec<String>, Vec<String>) {
    number_differences_outside(source, target, &[], &[])
}

/// [`number_differences`], leaving out the numbers inside the given byte
/// ranges of each side: those of glossary terms both sides have (G20 and
/// 二十国集团, COVID-19 and 新冠肺炎), whose numbers the term pair accounts
/// for.
///
/// ```
/// use shuyu::qa::number_differences_outside;
/// let (source, target) = ("COVID-19 cases rose", "新冠肺炎病例增加");
/// assert_eq!(number_differences_outside(source, target, &[0..8], &[0..12]), (vec![], vec![]));
/// assert_eq!(number_differences_outside(source, target, &[], &[]).0, ["19"]);
/// ```
pub fn number_differences_outside(
    source: &str,
    target: &str,
    source_terms: &[Range<usize>],
    target_terms: &[Range<usize>],
) -> (Vec<String>, Vec<String>) {
    let outside = |text: &str, terms: &[Range<usize>]| {
        let mut found = numbers(text);
        found.retain(|n| {
            !terms
                .iter()
                .any(|t| t.start <= n.span.start && n.span.end <= t.end)
        });
        found
    };
    let (s, t) = (outside(source, source_terms), outside(target, target_terms));
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    let soft = |text: &str, n: &Number| {
        matches!(&text[n.span()], "一" | "两" | "零") || text[n.span()].eq_ignore_ascii_case("zero")
    };
    let lacking = |from: &[Number], text: &str, other: &[Number]| {
        let mut out: Vec<String> = Vec::new();
        let mut values: Vec<f64> = Vec::new();
        for n in from {
            if soft(text, n) || other.iter().any(|o| same(n.value, o.value)) {
                continue;
            }
            if !values.iter().any(|&v| same(v, n.value)) {
                values.push(n.value);
                out.push(text[n.span()].to_string());
            }
        }
        out
    };
    (lacking(&s, source, &t), lacking(&t, target, &s))
}

/// The inline codes of TMX inline markup as a comparable list: each code's
/// kind and, for paired codes, its pairing id and the pair it sits in;
/// [`code_differences`] compares two.
fn codes(markup: Option<&str>) -> Vec<String> {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let code = CODE.get_or_init(|| {
        Regex::new(r#"<(/?)(bpt|ept|ph|it|ut|hi|sub)\b([^>]*?)(/?)>"#).expect("a valid pattern")
    });
    let Some(markup) = markup else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for m in code.captures_iter(markup) {
        if &m[1] == "/" {
            continue;
        }
        let kind = &m[2];
        let id = attr(&m[3], "i")
            .or_else(|| attr(&m[3], "x"))
            .unwrap_or_default();
        let inside = open
            .last()
            .map_or(String::new(), |p| format!(" inside {p}"));
        match kind {
            "bpt" => {
                out.push(format!("paired code {id}{inside}"));
                open.push(id);
            }
            "ept" => match open.iter().rposition(|o| *o == id) {
                Some(at) => open.truncate(at),
                None => out.push(format!("closing code {id} without its opening")),
            },
            other => out.push(format!("{other}{inside}")),
        }
    }
    out.extend(
        open.into_iter()
            .map(|id| format!("opening code {id} without its closing")),
    );
    out.sort();
    out
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}=\""))? + name.len() + 2;
    let end = attrs[at..].find('"')? + at;
    Some(attrs[at..end].to_string())
}

/// The placeholders of a text: `{0}`, `{name}`, `{{name}}`, `%s`, `%1$d`,
/// `$VAR`, sorted, each once (a plural form may repeat one the target
/// language needs once).
fn placeholders(text: &str) -> Vec<String> {
    static PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    let re = PLACEHOLDER.get_or_init(|| {
        Regex::new(r"\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{\d+\}|\{[A-Za-z_]\w*\}|%(?:\d+\$)?[-+ 0#]*\d*(?:\.\d+)?[sdifuxXeEgGcp@]|\$[A-Z_][A-Z0-9_]*")
            .expect("a valid pattern")
    });
    // Every placeholder has one of these bytes: most texts are passed
    // over without asking the pattern (whose every search has a cost).
    if memchr::memchr3(b'{', b'%', b'$', text.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut out: Vec<String> = re
        .find_iter(text)
        .map(|m| m.as_str().replace(' ', ""))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What differs between the inline codes and placeholders of a source and
/// a target (their markup as TMX inline XML, when they have any), in a
/// sentence; `None` when nothing does.
///
/// ```
/// use shuyu::qa::code_differences;
/// assert!(code_differences("Save {0} files", None, "保存 {0} 个文件", None).is_none());
/// assert!(code_differences("Save {0} files", None, "保存文件", None).is_some());
/// let src = r#"<bpt i="1">&lt;b&gt;</bpt>Quad<ept i="1">&lt;/b&gt;</ept>"#;
/// assert!(code_differences("Quad", Some(src), "四方", None).is_some());
/// ```
pub fn code_differences(
    source: &str,
    source_markup: Option<&str>,
    target: &str,
    target_markup: Option<&str>,
) -> Option<String> {
    let (sc, tc) = (codes(source_markup), codes(target_markup));
    let (sp, tp) = (placeholders(source), placeholders(target));
    let mut problems = Vec::new();
    if sc != tc {
        problems.push(format!(
            "the inline codes differ (source {}, target {})",
            describe(&sc),
            describe(&tc)
        ));
    }
    if sp != tp {
        problems.push(format!(
            "the placeholders differ (source {}, target {})",
            describe(&sp),
            describe(&tp)
        ));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// Sorted items as `2 × ph, paired code 1`.
fn describe(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let n = items[k..].iter().take_while(|i| **i == items[k]).count();
        out.push(if n > 1 {
            format!("{n} × {}", items[k])
        } else {
            items[k].clone()
        });
        k += n;
    }
    out.join(", ")
}

/// Whether the target repeats the source (whitespace aside) where the
/// source has something to translate: a Han character or a word with a
/// lower-case letter (names, acronyms and numbers are often kept as they
/// are: `AUKUS` → `AUKUS` is a translation).
pub fn same_as_source(source: &str, target: &str) -> bool {
    // Most targets differ from their source: that is asked first, and
    // most differ from the first character (one that differs tells
    // without reading a Chinese target through for spaces).
    let first = |t: &str| t.trim_start().chars().next();
    if first(source).is_none()
        || first(source) != first(target)
        || !source.split_whitespace().eq(target.split_whitespace())
    {
        return false;
    }
    // Markup (`<html><head>`) is not text to translate.
    let mut text = String::with_capacity(source.len());
    let mut in_tag = false;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let translatable = text.chars().any(is_han)
        || text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.chars().count() > 1 && w.chars().any(char::is_lowercase));
    translatable
}

/// A source's key for `inconsistent-source`: the matching key with English
/// plurals made singular (`Drives` and `Drive`, `Component(s)` and
/// `Component` are one source to a language that does not mark plurals).
pub fn source_key(source: &str) -> String {
    plural_insensitive(&crate::normalize::key(source))
}

/// [`source_key`] of a text whose matching key is `key`.
pub(crate) fn plural_insensitive(key: &str) -> String {
    let key: std::borrow::Cow<'_, str> = if key.contains("(s)") {
        key.replace("(s)", "").into()
    } else {
        key.into()
    };
    let mut out = String::with_capacity(key.len());
    // The text between the plural `s`es dropped is copied in runs; a word
    // is read whole only when it ends in one.
    let (mut copied, mut start) = (0, 0);
    for w in key.as_bytes().split(|&b| b == b' ') {
        let end = start + w.len();
        if w.len() > 3
            && w.ends_with(b"s")
            && !w.ends_with(b"ss")
            && w.iter().all(u8::is_ascii_lowercase)
        {
            out.push_str(&key[copied..end - 1]);
            copied = end;
        }
        start = end + 1;
    }
    out.push_str(&key[copied..]);
    out
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Punctuation that does not belong in a target of this language: ASCII
/// `,.;:?!()` between Han characters in Chinese, full-width punctuation in
/// English, and unpaired 《》「」『』“”（）【】 in either. Each problem once, in
/// a sentence.
///
/// ```
/// use shuyu::qa::punctuation;
/// assert!(punctuation("日本、美国和澳大利亚（四方）。", true).is_empty());
/// assert!(punctuation("日本,美国", true)[0].contains("ASCII ,"));
/// assert!(punctuation("Japan，the US", false)[0].contains("full-width ，"));
/// assert!(punctuation("《日美同盟", true)[0].contains("unpaired 《"));
/// assert!(punctuation("日本与美国。", true).is_empty());
/// ```
pub fn punctuation(target: &str, chinese: bool) -> Vec<String> {
    const PAIRS: [(char, char); 6] = [
        ('《', '》'),
        ('「', '」'),
        ('『', '』'),
        ('“', '”'),
        ('（', '）'),
        ('【', '】'),
    ];
    let mut out = Vec::new();
    let mut note = |problem: String| {
        if !out.contains(&problem) {
            out.push(problem);
        }
    };
    // How many of each bracket of PAIRS: opening, closing.
    let mut counts = [(0usize, 0usize); PAIRS.len()];
    for (at, c) in target.char_indices() {
        if !c.is_ascii() {
            if let Some(k) = PAIRS.iter().position(|&(o, _)| o == c) {
                counts[k].0 += 1;
            } else if let Some(k) = PAIRS.iter().position(|&(_, e)| e == c) {
                counts[k].1 += 1;
            }
        }
        if chinese && matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | '(' | ')') {
            // The nearest characters either side, spaces passed over.
            let before = target[..at].chars().rev().find(|&b| b != ' ');
            let after = target[at + 1..].chars().find(|&a| a != ' ');
            let han = |x: Option<char>| x.is_some_and(is_han);
            let misplaced = match c {
                '(' => han(after),
                ')' => han(before),
                _ => han(before) && han(after),
            };
            if misplaced {
                note(format!(
                    "ASCII {c} in Chinese text; use full-width punctuation"
                ));
            }
        } else if !chinese
            && matches!(
                c,
                '，' | '。' | '；' | '：' | '？' | '！' | '（' | '）' | '、'
            )
        {
            note(format!("full-width {c} in English text"));
        }
    }
    for (&(open, close), &(opens, closes)) in PAIRS.iter().zip(&counts) {
        if opens != closes {
            let which = if opens > closes { open } else { close };
            out.push(format!(
                "unpaired {which} ({opens} {open}, {closes} {close})"
            ));
        }
    }
    out
}

/// A rule of the user's own (`[[rule]]` in `shuyu.toml`), compiled: its
/// patterns match in time linear in the text (the `regex` crate).
#[derive(Clone, Debug)]
pub struct UserRule {
    id: String,
    level: Option<crate::report::Severity>,
    message: String,
    when: When,
}

#[derive(Clone, Debug)]
enum When {
    /// The target matches.
    TargetMatches(Regex),
    /// The source matches the first and the target not the second.
    SourceWithoutTarget(Regex, Regex),
}

impl UserRule {
    /// Compiles a rule as written.
    ///
    /// # Errors
    ///
    /// A pattern that is not a valid regular expression, an unknown level,
    /// or no condition (or two).
    ///
    /// ```
    /// use shuyu::config::RuleSpec;
    /// use shuyu::qa::UserRule;
    /// let spec = RuleSpec {
    ///     id: "no-chuanpu".into(),
    ///     level: Some("error".into()),
    ///     message: "write 特朗普, not {name}".into(),
    ///     target_forbid: Some("(?P<name>川普)".into()),
    ///     target_require_if_source: None,
    /// };
    /// let rule = UserRule::new(&spec)?;
    /// assert_eq!(rule.check("Trump", "川普访日").as_deref(), Some("write 特朗普, not 川普"));
    /// assert_eq!(rule.check("Trump", "特朗普访日"), None);
    /// # Ok::<(), String>(())
    /// ```
    pub fn new(spec: &crate::config::RuleSpec) -> Result<UserRule, String> {
        let compile = |p: &str| Regex::new(p).map_err(|e| format!("bad pattern {p:?}: {e}"));
        let when = match (&spec.target_forbid, &spec.target_require_if_source) {
            (Some(p), None) => When::TargetMatches(compile(p)?),
            (None, Some([a, b])) => When::SourceWithoutTarget(compile(a)?, compile(b)?),
            _ => {
                return Err(
                    "give exactly one of target-forbid and target-require-if-source".to_string(),
                )
            }
        };
        let level = match spec.level.as_deref() {
            Some(l) => crate::report::Severity::parse_level(l).map_err(|e| e.to_string())?,
            None => Some(crate::report::Severity::Warning),
        };
        Ok(UserRule {
            id: spec.id.clone(),
            level,
            message: spec.message.clone(),
            when,
        })
    }

    /// The id its findings carry.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its level unless `--severity` or `[severity]` sets another.
    pub fn level(&self) -> Option<crate::report::Severity> {
        self.level
    }

    /// The finding's message when the rule fires on this pair: the
    /// message with each `{name}` replaced by that capture of the pattern
    /// that matched.
    pub fn check(&self, source: &str, target: &str) -> Option<String> {
        let captures = match &self.when {
            When::TargetMatches(re) => re.captures(target)?,
            When::SourceWithoutTarget(a, b) => {
                let c = a.captures(source)?;
                if b.is_match(target) {
                    return None;
                }
                c
            }
        };
        let re = match &self.when {
            When::TargetMatches(re) | When::SourceWithoutTarget(re, _) => re,
        };
        let mut message = self.message.clone();
        for name in re.capture_names().flatten() {
            if let Some(m) = captures.name(name) {
                message = message.replace(&format!("{{{name}}}"), m.as_str());
            }
        }
        Some(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &str) -> Vec<f64> {
        numbers(t).iter().map(Number::value).collect()
    }

    #[test]
    fn plurals_fold_word_by_word() {
        for (key, folded) in [
            ("drives and components", "drive and component"),
            ("component(s) of the bus", "component of the bus"),
            ("class glass gas is", "class glass gas is"),
            (" two  spaces ", " two  space "),
            ("", ""),
            ("Drives NEWS news", "Drives NEWS new"),
        ] {
            assert_eq!(plural_insensitive(key), folded, "{key:?}");
        }
    }

    #[test]
    fn texts_passed_over_have_no_numbers() {
        // Texts made of pieces that are numbers, parts of numbers and
        // neighbours of numbers, in many orders: `numbers` finds what
        // reading every character finds.
        const PIECES: &[&str] = &[
            "two",
            "May",
            " ",
            "9",
            "二十",
            "一致",
            "Ｆ-35",
            "August",
            "IV",
            "the ",
            "，",
            "百分之",
            "５",
            "thousand",
            "-",
            "twenty-one",
            "x",
            "march",
            "Ⅻ",
            "ｔｅｎ",
            "零",
            "会谈",
            "Vi",
            "é",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..5_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..(state % 6) {
                text.push_str(PIECES[((state >> (8 * k + 8)) % PIECES.len() as u64) as usize]);
            }
            let each: Vec<(usize, char)> = text
                .char_indices()
                .map(|(i, c)| (i, fold_width(c)))
                .collect();
            assert_eq!(numbers(&text), numbers_in(&text, &each), "{text:?}");
        }
    }

    #[test]
    fn chinese_numbers_as_editors_write_them() {
        let cases: &[(&str, &[f64])] = &[
            ("3.2万", &[32_000.0]),
            ("1.5亿美元", &[150_000_000.0]),
            ("百分之二十", &[20.0]),
            ("20%", &[20.0]),
            ("二十％", &[20.0]),
            ("２０２４年", &[2024.0]),
            ("二〇二四年", &[2024.0]),
            ("32,000", &[32_000.0]),
            ("2018—2020", &[2018.0, 2020.0]),
            ("9~10日", &[9.0, 10.0]),
            ("2018年8月9~10日", &[2018.0, 8.0, 9.0, 10.0]),
            ("三艘", &[3.0]),
            ("十二", &[12.0]),
            ("两千三百万", &[23_000_000.0]),
            ("第二支柱", &[2.0]),
            ("一致同意，统一部署，一带一路", &[]),
            ("数千名士兵", &[]),
            ("G7峰会", &[7.0]),
            ("或为零。", &[0.0]),
            ("值为零表示", &[0.0]),
            ("零售与零件", &[]),
            ("七国集团", &[7.0]),
            ("歼-20", &[20.0]),
        ];
        for (text, want) in cases {
            assert_eq!(values(text), *want, "{text}");
        }
    }

    #[test]
    fn english_numbers_words_and_months() {
        let cases: &[(&str, &[f64])] = &[
            ("three ships", &[3.0]),
            ("twenty-one", &[21.0]),
            ("a zero-length string", &[]),
            ("two-factor authentication", &[]),
            ("1.5 billion", &[1_500_000_000.0]),
            ("32 thousand", &[32_000.0]),
            ("August 9–10, 2018", &[8.0, 9.0, 10.0, 2018.0]),
            ("it may rain", &[]),
            ("May 9", &[5.0, 9.0]),
            ("the second pillar", &[]),
            ("phase II negotiation", &[2.0]),
            ("ISAKMP PR0POSAL", &[]),
            ("Reserved2", &[2.0]),
            ("one of the allies", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(values(text), *want, "{text}");
        }
    }

    #[test]
    fn numbers_compare_across_languages() {
        let agree = [
            ("32,000 troops", "3.2万名士兵"),
            ("August 9–10, 2018", "2018年8月9~10日"),
            ("three destroyers", "3艘驱逐舰"),
            ("12 nations", "十二个国家"),
            ("20% of GDP", "国内生产总值的百分之二十"),
            ("the G7 summit", "七国集团峰会"),
        ];
        for (s, t) in agree {
            assert_eq!(number_differences(s, t), (vec![], vec![]), "{s} / {t}");
        }
        let (missing, extra) = number_differences("in 2018, 3 ships", "2019年，3艘船");
        assert_eq!(
            (missing, extra),
            (vec!["2018".to_string()], vec!["2019".to_string()])
        );
        // Said twice, a word with a numeral, "a" as 一个, "twice" as 两次.
        for (s, t) in [
            (
                "not a valid ISBN-10.",
                "不是有效的10位国际标准书号（ISBN-10）。",
            ),
            ("26 Hex digits long", "26位十六进制数字"),
            ("a router", "一个路由器"),
            ("It can't be added twice.", "它不能被添加两次。"),
            ("two routers", "两台路由器"),
        ] {
            assert_eq!(number_differences(s, t), (vec![], vec![]), "{s} / {t}");
        }
    }

    #[test]
    fn codes_and_placeholders() {
        let b = r#"<bpt i="1">&lt;b&gt;</bpt>Quad<ept i="1">&lt;/b&gt;</ept>"#;
        let nested =
            r#"<bpt i="1">a</bpt><bpt i="2">b</bpt>x<ept i="2">/b</ept><ept i="1">/a</ept>"#;
        let flat =
            r#"<bpt i="1">a</bpt>x<ept i="1">/a</ept><bpt i="2">b</bpt>y<ept i="2">/b</ept>"#;
        let unpaired = r#"<bpt i="1">a</bpt>x"#;
        assert!(code_differences("Quad", Some(b), "四方", Some(b)).is_none());
        assert!(code_differences("Quad", Some(b), "四方", None).is_some());
        assert!(code_differences("x", Some(nested), "x", Some(flat)).is_some());
        assert!(code_differences("x", Some(b), "x", Some(unpaired)).is_some());
        for (s, t, same) in [
            ("%s of %d", "%d 的 %s", true),
            ("%1$s", "%1$s", true),
            ("{{name}} joined", "{{ name }} 加入", true),
            ("$HOME set", "已设置", false),
            ("{count} items", "{count} 项", true),
            ("{0}", "{1}", false),
        ] {
            assert_eq!(
                code_differences(s, None, t, None).is_none(),
                same,
                "{s} / {t}"
            );
        }
    }

    #[test]
    fn untranslated_copies() {
        assert!(same_as_source("the Quad met", "the  Quad met"));
        assert!(same_as_source("四方会晤", "四方会晤"));
        assert!(!same_as_source("AUKUS", "AUKUS"));
        assert!(!same_as_source("2024", "2024"));
        assert!(!same_as_source(
            "<html><head></head></html>",
            "<html><head></head></html>"
        ));
        assert!(!same_as_source("the Quad met", "四方会晤"));
        // Spaces around and between words are not the text.
        assert!(same_as_source(" the Quad\u{3000}met\n", "\tthe Quad met"));
        assert!(!same_as_source("the Quad met", "the Quad"));
        assert!(!same_as_source("  ", "  "));
    }
}
