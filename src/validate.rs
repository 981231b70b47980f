//! Checks of a glossary itself, for its own CI (`shuyu validate`).
//!
//! | rule | default | fires when |
//! |---|---|---|
//! | `duplicate-concept` | error | two concepts share an id |
//! | `ambiguous-term` | error | the same normalised term is in two concepts of one language, so tagging cannot tell them apart |
//! | `preferred-term` | error | a concept has terms in a language but no preferred term there, or two |
//! | `script-mismatch` | error | a zh-CN term has Traditional-only characters, or a zh-TW term Simplified-only ones |
//! | `acronym-case` | warning | two concepts' English acronyms differ only by case (CoRe and CORE) |
//! | `exception` | warning | an exception (`not:`) is itself a term, so it never applies, or holds no term of its concept |
//! | `term-type` | warning | two approved terms of a concept in one language are of one type though one holds the other (钓鱼岛 in 钓鱼岛及其附属岛屿): mark the shorter `short` (or the longer `full`), or split the concept, so that a counterpart of the same type can be suggested |

use std::collections::HashMap;

use crate::formats::Notice;
use crate::glossary::{Glossary, Lang, Status, TermType};
use crate::normalize::{self, is_simplified_only, is_traditional_only};
use crate::report::{Finding, Severities, Severity};

crate::report::rules! {
    /// The rules of `shuyu validate`.
    enum Rule {
        /// Two concepts share an id.
        DuplicateConcept = "duplicate-concept", Some(Severity::Error), "Two concepts share an id.";
        /// One normalised term in two concepts of a language.
        AmbiguousTerm = "ambiguous-term", Some(Severity::Error),
            "The same normalised term belongs to two concepts in one language.";
        /// No preferred term, or two, in a language.
        PreferredTerm = "preferred-term", Some(Severity::Error),
            "A concept has no preferred term, or two, in a language it has terms in.";
        /// A term in the other Chinese script.
        ScriptMismatch = "script-mismatch", Some(Severity::Error),
            "A zh-CN term has Traditional-only characters, or a zh-TW term Simplified-only ones.";
        /// Acronyms of two concepts that differ only by case.
        AcronymCase = "acronym-case", Some(Severity::Warning),
            "English acronyms of two concepts differ only by case.";
        /// Terms of one type where one holds the other.
        TermType = "term-type", Some(Severity::Warning),
            "Two approved terms of a concept in one language are of one type though one holds the other.";
        /// An exception that never applies or excepts nothing.
        Exception = "exception", Some(Severity::Warning),
            "An exception is itself a term (so it never applies) or holds no term of its concept.";
    }
}

/// The `duplicate-concept` findings of ids a reader had to change
/// ([`Notice::DuplicateId`]: a TBX file with two concepts of one id is read,
/// the second with a derived id, and still reported here).
pub fn notices(notices: &[Notice], file: &str, severities: &Severities) -> Vec<Finding> {
    let Some(severity) = severities.get(Rule::DuplicateConcept.as_str()) else {
        return Vec::new();
    };
    notices
        .iter()
        .map(|n| match n {
            Notice::DuplicateId {
                written,
                given,
                line,
            } => Finding {
                segment: Some(given.clone()),
                concept: Some(given.clone()),
                line: Some(*line),
                ..Finding::new(
                    file,
                    Rule::DuplicateConcept.as_str(),
                    severity,
                    format!("a second concept has the id {written:?} (read as {given:?})"),
                )
            },
        })
        .collect()
}

/// The findings of a glossary named `file`; each names the concept in its
/// `segment` and `concept` fields.
///
/// ```
/// use shuyu::{Concept, Glossary, Lang, Term};
/// let g = Glossary {
///     concepts: vec![
///         Concept::new("a").with_term(Term::new("国家安全", Lang::ZhTw)),
///         Concept::new("b").with_term(Term::new("國家安全", Lang::ZhTw)),
///     ],
/// };
/// let rules: Vec<String> = shuyu::validate::validate(&g, "g.tbx", &shuyu::report::Severities::new(shuyu::validate::RULES))
///     .into_iter()
///     .map(|f| f.rule)
///     .collect();
/// assert_eq!(rules, ["script-mismatch", "ambiguous-term"]);
/// ```
pub fn validate(glossary: &Glossary, file: &str, severities: &Severities) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |rule: Rule, concept: &str, message: String, term: Option<&str>| {
        if let Some(severity) = severities.get(rule.as_str()) {
            out.push(Finding {
                segment: Some(concept.to_string()),
                concept: Some(concept.to_string()),
                target: term.map(str::to_string),
                ..Finding::new(file, rule.as_str(), severity, message)
            });
        }
    };

    let mut ids: HashMap<&str, usize> = HashMap::new();
    // (language, key) → the concepts and case-kept forms seen; a plain zh
    // term counts in both locales.
    let mut keys: HashMap<(Lang, String), Vec<(&str, String)>> = HashMap::new();
    // lowercase acronym → (concept, acronym as written)
    let mut acronyms: HashMap<String, (&str, &str)> = HashMap::new();

    for (i, c) in glossary.concepts.iter().enumerate() {
        if let Some(first) = ids.insert(&c.id, i) {
            push(
                Rule::DuplicateConcept,
                &c.id,
                format!(
                    "concepts {} and {} both have the id {:?}",
                    first + 1,
                    i + 1,
                    c.id
                ),
                None,
            );
        }
        for lang in [Lang::En, Lang::ZhCn, Lang::ZhTw] {
            if !c.terms.iter().any(|t| t.lang.covers(lang)) {
                continue;
            }
            let preferred: Vec<&str> = c.preferred(lang).map(|t| t.text.as_str()).collect();
            if preferred.len() != 1 {
                let message = if preferred.is_empty() {
                    format!("{} has {lang} terms but no preferred one", c.id)
                } else {
                    format!(
                        "{} has {} preferred {lang} terms: {}",
                        c.id,
                        preferred.len(),
                        preferred.join(", ")
                    )
                };
                push(Rule::PreferredTerm, &c.id, message, None);
            }
        }
        let mut own: Vec<(Lang, String)> = Vec::new();
        for t in &c.terms {
            let key = normalize::key(&t.text);
            // Terms with capitals match only as written: CoRe and CORE never
            // meet the same text, but core meets both.
            let cased = if normalize::has_capital(&t.text) {
                normalize::cased(&t.text)
            } else {
                String::new()
            };
            let langs: &[Lang] = match t.lang {
                Lang::Zh => &[Lang::ZhCn, Lang::ZhTw],
                Lang::En => &[Lang::En],
                Lang::ZhCn => &[Lang::ZhCn],
                Lang::ZhTw => &[Lang::ZhTw],
            };
            for &lang in langs {
                let k = (lang, key.clone());
                if own.contains(&k) {
                    continue;
                }
                own.push(k.clone());
                let seen = keys.entry(k).or_default();
                let clash = seen.iter().find(|(other, form)| {
                    *other != c.id && (form.is_empty() || cased.is_empty() || *form == cased)
                });
                if let Some((other, _)) = clash {
                    push(
                        Rule::AmbiguousTerm,
                        &c.id,
                        format!(
                            "the {lang} term {:?} of {} is also a term of {other}",
                            t.text, c.id
                        ),
                        Some(&t.text),
                    );
                }
                seen.push((&c.id, cased.clone()));
            }
            let wrong: String = match t.lang {
                Lang::ZhCn => t
                    .text
                    .chars()
                    .filter(|&ch| is_traditional_only(ch))
                    .collect(),
                Lang::ZhTw => t
                    .text
                    .chars()
                    .filter(|&ch| is_simplified_only(ch))
                    .collect(),
                _ => String::new(),
            };
            if !wrong.is_empty() {
                let script = if t.lang == Lang::ZhCn {
                    "Traditional"
                } else {
                    "Simplified"
                };
                push(
                    Rule::ScriptMismatch,
                    &c.id,
                    format!(
                        "the {} term {:?} has {script}-only characters: {wrong}",
                        t.lang, t.text
                    ),
                    Some(&t.text),
                );
            }
            let acronym = t.lang == Lang::En
                && (t.kind == TermType::Acronym
                    || t.text.chars().filter(char::is_ascii_uppercase).count() >= 2);
            if acronym && t.status != Status::Deprecated {
                let lower = t.text.to_lowercase();
                match acronyms.get(&lower) {
                    Some(&(other, written)) if other != c.id && written != t.text => push(
                        Rule::AcronymCase,
                        &c.id,
                        format!(
                            "{:?} of {} and {written:?} of {other} differ only by case",
                            t.text, c.id
                        ),
                        Some(&t.text),
                    ),
                    Some(_) => {}
                    None => {
                        acronyms.insert(lower, (&c.id, &t.text));
                    }
                }
            }
        }
    }
    let all: std::collections::HashSet<String> = glossary
        .concepts
        .iter()
        .flat_map(|c| &c.terms)
        .map(|t| normalize::key(&t.text))
        .collect();
    for c in &glossary.concepts {
        let approved: Vec<(&crate::Term, String)> = c
            .terms
            .iter()
            .filter(|t| t.status != Status::Deprecated)
            .map(|t| (t, normalize::key(&t.text)))
            .collect();
        for (i, (long, long_key)) in approved.iter().enumerate() {
            let held = approved.iter().enumerate().find(|(j, (short, short_key))| {
                *j != i
                    && short.kind == long.kind
                    && (short.lang.covers(long.lang) || long.lang.covers(short.lang))
                    && short_key.len() < long_key.len()
                    && long_key.contains(short_key.as_str())
            });
            if let Some((_, (short, _))) = held {
                let message = format!(
                    "{:?} and {:?} of {} are both {} though one holds the other: mark {:?} `short` (or {:?} `full`), or split the concept",
                    long.text, short.text, c.id, long.kind, short.text, long.text
                );
                push(Rule::TermType, &c.id, message, Some(&long.text));
            }
        }
        for e in &c.exceptions {
            let key = normalize::key(e);
            let message = if all.contains(&key) {
                format!(
                    "the exception {e:?} of {} is a term's own text, so it never applies",
                    c.id
                )
            } else if !c
                .terms
                .iter()
                .any(|t| key.contains(&normalize::key(&t.text)))
            {
                format!("the exception {e:?} of {} holds none of its terms", c.id)
            } else {
                continue;
            };
            push(Rule::Exception, &c.id, message, Some(e));
        }
    }
    out
}
