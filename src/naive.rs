//! A slow, obviously correct reference tagger: the specification of
//! [`crate::Tagger`] written as a loop over every term at every position.
//! The property tests and the fuzzer check the real tagger against it; it
//! shares only the per-character folds of [`crate::normalize`] and the
//! Chinese word check of [`crate::words`], which it asks of every
//! candidate, where the tagger asks it of its longest.

use std::collections::HashSet;

use crate::glossary::{Glossary, Lang, Term};
use crate::normalize::{fold_case, fold_cased, fold_width, is_latin_alnum, Chars};
use crate::words;

/// A normalised text: layer-1 characters with their original spans.
fn normalise(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (c, end) in Chars::new(text, 0) {
        out.push((c, start, end));
        start = end;
    }
    out
}

/// The keys of a term, as the spec words them: the term, and for English
/// the last word's regular plural and possessive. Each with the number of
/// leading characters that must match the term's case (when it has capitals).
fn variants(term: &str, lang: Lang) -> Vec<(Vec<char>, usize)> {
    let base: Vec<char> = Chars::new(term.trim(), 0)
        .map(|(c, _)| fold_cased(c))
        .collect();
    let n = base.len();
    let mut out = vec![(base.clone(), n)];
    if lang != Lang::En || n == 0 {
        return out;
    }
    let last = *base.last().unwrap();
    if !last.is_ascii_alphanumeric() {
        return out;
    }
    let with = |suffix: &str, keep: usize| {
        let mut v: Vec<char> = base[..keep].to_vec();
        v.extend(suffix.chars());
        v
    };
    out.push((with("'s", n), n));
    let lower: String = base.iter().map(|&c| fold_case(c)).collect();
    if lower.ends_with('s') {
        out.push((with("'", n), n));
    }
    if !last.is_ascii_alphabetic() {
        return out;
    }
    let word: String = base
        .iter()
        .rev()
        .take_while(|&&c| c != ' ')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let acronym = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !word.chars().any(|c| c.is_lowercase());
    let plural = if acronym {
        if lower.ends_with('s') {
            return out;
        }
        (with("s", n), n)
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        (with("es", n), n)
    } else if lower.ends_with('y') && n > 1 && !"aeiou".contains(fold_case(base[n - 2])) {
        (with("ies", n - 1), n - 1)
    } else {
        (with("s", n), n)
    };
    let mut possessive = plural.0.clone();
    possessive.push('\'');
    out.push((possessive, plural.1));
    out.push(plural);
    out
}

/// Every key of the glossary, for the word check.
struct KeySet(HashSet<String>);

impl words::Keys for KeySet {
    fn prefixes(&self, chars: &[char], each: &mut dyn FnMut(usize)) {
        let mut key = String::new();
        for (i, &c) in chars.iter().enumerate() {
            key.push(c);
            if self.0.contains(&key) {
                each(i + 1);
            }
        }
    }
}

/// The leftmost-longest matches of the glossary's terms in `text`, as
/// `(start, end, term)`, found by trying every term and every plural and
/// possessive form at every position.
///
/// ```
/// use shuyu::{Concept, Glossary, Lang, Term};
/// let g = Glossary { concepts: vec![Concept::new("q").with_term(Term::new("Quad", Lang::En))] };
/// assert_eq!(shuyu::naive::find(&g, "the Quad’s"), [(4, 12, "Quad".to_string())]);
/// ```
pub fn find(glossary: &Glossary, text: &str) -> Vec<(usize, usize, String)> {
    find_with(glossary, text, true)
}

/// [`find`] with the Chinese word check on or off, as
/// [`Tagger::with_word_check`](crate::Tagger::with_word_check).
pub fn find_with(glossary: &Glossary, text: &str, word_check: bool) -> Vec<(usize, usize, String)> {
    let terms: Vec<&Term> = glossary
        .concepts
        .iter()
        .flat_map(|c| c.terms.iter())
        .collect();
    let norm = normalise(text);
    let mut keys: HashSet<String> = terms
        .iter()
        .flat_map(|t| variants(&t.text, t.lang))
        .map(|(key, _)| key.into_iter().map(fold_case).collect())
        .collect();
    // An exception whose key is a term's is no exception.
    let exceptions: Vec<Vec<char>> = glossary
        .concepts
        .iter()
        .flat_map(|c| &c.exceptions)
        .map(|e| {
            Chars::new(e.trim(), 0)
                .map(|(c, _)| fold_case(fold_cased(c)))
                .collect::<Vec<char>>()
        })
        .filter(|k| !k.is_empty() && !keys.contains(&k.iter().collect::<String>()))
        .collect();
    keys.extend(exceptions.iter().map(|k| k.iter().collect::<String>()));
    let keys = KeySet(keys);
    let mut cache = words::WordCache::new();
    // Whether the key `key` stands at `pos` with the boundaries a key
    // beginning or ending with a Latin letter or digit needs.
    let bounded = |pos: usize, key: &[char], prev: Option<char>| {
        let len = key.len();
        (!is_latin_alnum(key[0]) || !prev.is_some_and(is_latin_alnum))
            && (!is_latin_alnum(key[len - 1])
                || !norm
                    .get(pos + len)
                    .is_some_and(|&(c, _, _)| is_latin_alnum(c)))
    };
    let mut out = Vec::new();
    let mut pos = 0;
    let mut prev: Option<char> = None;
    while pos < norm.len() {
        let mut best: Option<(usize, usize, bool)> = None; // (len, term, exact)
        for (ti, term) in terms.iter().enumerate() {
            let cased = term.text.chars().map(fold_cased).any(|c| fold_case(c) != c);
            let term_chars: Vec<char> = Chars::new(term.text.trim(), 0).map(|(c, _)| c).collect();
            for (key, stem) in variants(&term.text, term.lang) {
                let len = key.len();
                if len == 0 || pos + len > norm.len() {
                    continue;
                }
                let span = &norm[pos..pos + len];
                let keys_equal = span
                    .iter()
                    .zip(&key)
                    .all(|(&(c, _, _), &k)| fold_case(fold_cased(c)) == fold_case(k));
                if !keys_equal {
                    continue;
                }
                if is_latin_alnum(fold_case(key[0])) && prev.is_some_and(is_latin_alnum) {
                    continue;
                }
                let base_last = fold_cased(*term_chars.last().unwrap());
                if is_latin_alnum(base_last)
                    && norm
                        .get(pos + len)
                        .is_some_and(|&(c, _, _)| is_latin_alnum(c))
                {
                    continue;
                }
                if cased
                    && !span[..stem]
                        .iter()
                        .zip(&key[..stem])
                        .all(|(&(c, _, _), &k)| fold_cased(c) == k)
                {
                    continue;
                }
                let exact = span[..stem]
                    .iter()
                    .zip(&term_chars[..stem])
                    .all(|(&(c, _, _), &t)| {
                        if cased {
                            c == fold_width(t)
                        } else {
                            fold_case(c) == fold_case(fold_width(t))
                        }
                    });
                let (start, end) = (norm[pos].1, norm[pos + len - 1].2);
                if word_check && !words::stands(text, start, end, &keys, &mut cache) {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((blen, _, bexact)) => len > blen || (len == blen && exact && !bexact),
                };
                if better {
                    best = Some((len, ti, exact));
                }
            }
        }
        // The longest exception here, when longer than any term's match,
        // is passed over whole.
        let best_len = best.map_or(0, |b| b.0);
        let exception = exceptions
            .iter()
            .filter(|k| {
                k.len() > best_len
                    && norm.get(pos..pos + k.len()).is_some_and(|span| {
                        span.iter()
                            .zip(k.iter())
                            .all(|(&(c, _, _), &e)| fold_case(fold_cased(c)) == e)
                    })
                    && bounded(pos, k, prev)
            })
            .map(Vec::len)
            .max();
        if let Some(len) = exception {
            prev = Some(norm[pos + len - 1].0);
            pos += len;
            continue;
        }
        match best {
            Some((len, ti, _)) => {
                out.push((
                    norm[pos].1,
                    norm[pos + len - 1].2,
                    terms[ti].text.trim().to_string(),
                ));
                prev = Some(norm[pos + len - 1].0);
                pos += len;
            }
            None => {
                prev = Some(norm[pos].0);
                pos += 1;
            }
        }
    }
    out
}
