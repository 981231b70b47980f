//! Glossary consistency of bilingual segments: the rules `shuyu check`
//! applies to each source/target pair.
//!
//! Each segment is tagged on both sides. A source match counts for its
//! concept whatever its language. A target match is *approved* for the
//! target language T when some term sharing its key, of the same concept, is
//! not deprecated and either serves T or is an acronym (Chinese translations
//! keep AUKUS and G7 in Latin letters). Then, for a segment with a target:
//!
//! | rule | default | fires when |
//! |---|---|---|
//! | `missing-term` | error | the source has concept C and the target no approved term of C (and no deprecated or other-locale one, which the next rules report) |
//! | `deprecated-term` | error | the target uses a deprecated term |
//! | `wrong-locale` | error | a zh-CN target uses a term that belongs only to zh-TW, or the reverse |
//! | `script-mismatch` | error | a zh-TW target has characters that exist only in Simplified script, or a zh-CN one Traditional-only characters (see [`crate::script`]) |
//! | `count-mismatch` | warning | the source has C more times than the target's approved terms |
//! | `extra-term` | note | the target has an approved term of a concept the source does not have |
//! | `inconsistent-translation` | warning | the same normalised source, across all files of a run, has different targets |
//! | `untranslated` | warning | the segment has no target, or an empty one (no other rule then looks at it) |
//! | `number-mismatch` | error | the numbers of source and target differ ([`crate::qa::numbers`]: 3.2万 is 32,000, 百分之二十 is 20%, 8月 is August) |
//! | `tag-mismatch` | error | the inline codes differ in number, pairing or nesting, or the placeholders (`{0}`, `%s`, `{{name}}`, `$VAR`) differ |
//! | `same-as-source` | warning | the target is the source, where the source has Han characters or lower-case words |
//! | `punctuation` | warning | ASCII `,.;:?!()` between Han characters in Chinese, full-width punctuation in English, unpaired 《》「」『』“”（）【】 |
//! | `inconsistent-source` | warning | the same normalised target translates different sources in the run |
//!
//! A segment is checked only when both its languages are known and are
//! languages the glossary has (English, Chinese); [`Checker::skip_reason`]
//! says why one is not, so that a run counts what it could not check.

mod memory;

use std::collections::HashMap;
use std::str::FromStr;

use memory::{First, KeyHashes, Memory};

use crate::formats::bitext::{Bitext, Segment, SkipReason, Tally};
use crate::glossary::Lang;
use crate::report::{excerpt, Finding, Severities, Severity};
use crate::tagger::{ConceptRef, Match, Tagger, Usage};

crate::report::rules! {
    /// The rules of `shuyu check`.
    enum Rule {
        /// The source has a term; the target none of its approved translations.
        MissingTerm = "missing-term", Some(Severity::Error),
            "The source has a glossary term; the target has none of its approved translations.";
        /// The target uses a deprecated term.
        DeprecatedTerm = "deprecated-term", Some(Severity::Error),
            "The target uses a deprecated term.";
        /// The target uses a term of the other Chinese locale.
        WrongLocale = "wrong-locale", Some(Severity::Error),
            "The target uses a term of the other Chinese locale (zh-TW in zh-CN, or the reverse).";
        /// The target has characters of the other Chinese script.
        ScriptMismatch = "script-mismatch", Some(Severity::Error),
            "The target has characters that exist only in the other Chinese script.";
        /// The source has a concept more times than the target.
        CountMismatch = "count-mismatch", Some(Severity::Warning),
            "The source has a concept more times than the target.";
        /// The target has a concept the source does not have.
        ExtraTerm = "extra-term", Some(Severity::Note),
            "The target has a concept the source does not have.";
        /// The same source is translated differently elsewhere in the run.
        InconsistentTranslation = "inconsistent-translation", Some(Severity::Warning),
            "The same source is translated differently elsewhere in the run.";
        /// The segment has no target, or an empty one.
        Untranslated = "untranslated", Some(Severity::Warning),
            "The segment has no target, or an empty one.";
        /// The numbers of source and target differ.
        NumberMismatch = "number-mismatch", Some(Severity::Error),
            "The numbers of the source are not those of the target (3.2万 is 32,000; 8月 is August).";
        /// Inline codes or placeholders differ.
        TagMismatch = "tag-mismatch", Some(Severity::Error),
            "The inline codes or placeholders of source and target differ in number, pairing or nesting.";
        /// The target repeats the source.
        SameAsSource = "same-as-source", Some(Severity::Warning),
            "The target is the source, untranslated.";
        /// Punctuation of the wrong language, or unpaired brackets.
        Punctuation = "punctuation", Some(Severity::Warning),
            "ASCII punctuation between Chinese characters, full-width punctuation in English, or unpaired brackets and quotes.";
        /// The same target for different sources.
        InconsistentSource = "inconsistent-source", Some(Severity::Warning),
            "The same target translates different sources elsewhere in the run.";
    }
}

/// Checks segments against a glossary, remembering translations across
/// calls for the `inconsistent-translation` rule.
///
/// ```
/// use shuyu::check::Checker;
/// use shuyu::formats::bitext::Segment;
///
/// let seg = Segment::new("1", "PLAN vessels entered the strait", Some("计划船只进入海峡"))
///     .with_langs("en-US", "zh-CN");
/// let mut checker = Checker::new(shuyu::Tagger::bundled());
/// let findings = checker.check("memory.tmx", &seg);
/// assert_eq!(findings[0].rule, "missing-term");
/// assert_eq!(findings[0].concept.as_deref(), Some("plan"));
/// assert_eq!(findings[0].suggestions[0], "中国人民解放军海军");
/// ```
pub struct Checker<'t, D> {
    tagger: &'t Tagger<D>,
    severities: Severities,
    /// Every translated segment concluded, for the consistency rules.
    memory: Memory,
    /// The user's own rules (`[[rule]]` in `shuyu.toml`).
    user_rules: Vec<crate::qa::UserRule>,
}

impl<'t, D: AsRef<[u8]>> Checker<'t, D> {
    /// A checker with the default severities.
    pub fn new(tagger: &'t Tagger<D>) -> Checker<'t, D> {
        Checker {
            tagger,
            severities: Severities::new(RULES),
            memory: Memory::default(),
            user_rules: Vec::new(),
        }
    }

    /// The same checker with rules of the user's own; their levels come
    /// from the severities, which must list them (see
    /// [`crate::config::Config::user_rules`]).
    pub fn with_user_rules(mut self, rules: Vec<crate::qa::UserRule>) -> Checker<'t, D> {
        self.user_rules = rules;
        self
    }

    /// The same checker with other severities (see [`Severities`]).
    pub fn with_severities(mut self, severities: Severities) -> Checker<'t, D> {
        self.severities = severities;
        self
    }

    /// The findings of one segment of `file`. A segment without a target
    /// (or with an empty one) has one finding, `untranslated`; a segment
    /// that [`Checker::skip_reason`] turns away has none.
    pub fn check(&mut self, file: &str, seg: &Segment) -> Vec<Finding> {
        let Prepared { rules, keys } = self.prepare(file, seg);
        self.after_consistency(file, seg, rules, keys)
    }

    /// The findings of many segments of `file`, one list per segment, as
    /// [`check`](Checker::check) would give them one by one: the glossary
    /// rules run on all cores, the consistency rule (which depends on the
    /// segments before) in order.
    pub fn check_many(&mut self, file: &str, segments: &[Segment]) -> Vec<Vec<Finding>>
    where
        D: Sync,
    {
        let prepared = crate::parallel::map(segments, |seg| self.prepare(file, seg));
        self.conclude(file, segments, prepared)
    }

    /// Everything [`Checker::check`] does but remembering the segments
    /// before: the segment's own rules and the hashes of the keys the
    /// consistency rules compare. It changes nothing, so segments can be
    /// prepared on other threads, by a checker with the same rules (see
    /// [`Checker::rules_only`]), while this one concludes those before.
    pub(crate) fn prepare(&self, file: &str, seg: &Segment) -> Prepared {
        Prepared {
            rules: self.segment_rules(file, seg),
            keys: KeyHashes::of(seg),
        }
    }

    /// A checker with these rules and nothing remembered, to prepare
    /// segments (see [`Checker::prepare`]) on other threads while this one
    /// concludes those prepared before.
    #[cfg(feature = "cli")]
    pub(crate) fn rules_only(&self) -> Checker<'t, D> {
        Checker::new(self.tagger)
            .with_severities(self.severities.clone())
            .with_user_rules(self.user_rules.clone())
    }

    /// Starts a file: what [`Checker::conclude`] remembers from here on
    /// can be forgotten with [`Checker::forget_file`], even when a file of
    /// the same name was concluded before.
    #[cfg(feature = "cli")]
    pub(crate) fn start_file(&mut self) {
        self.memory.start_file();
    }

    /// Forgets what the segments concluded since [`Checker::start_file`]
    /// added to the consistency rules' memory (the file turned out
    /// unreadable, so it must not count).
    #[cfg(feature = "cli")]
    pub(crate) fn forget_file(&mut self) {
        self.memory.forget_file();
    }

    /// The findings of prepared segments (see [`Checker::prepare`]), the
    /// consistency rules applied in order.
    pub(crate) fn conclude(
        &mut self,
        file: &str,
        segments: &[Segment],
        prepared: Vec<Prepared>,
    ) -> Vec<Vec<Finding>> {
        // Each block adds up to a segment a record: grown once, not step
        // by step.
        self.memory.reserve(segments.len());
        segments
            .iter()
            .zip(prepared)
            .map(|(seg, p)| self.after_consistency(file, seg, p.rules, p.keys))
            .collect()
    }

    /// The consistency rules' findings for `seg` (in segment order: they
    /// remember the segments before), then the segment's own rules'
    /// findings, `None` when the segment cannot be checked.
    fn after_consistency(
        &mut self,
        file: &str,
        seg: &Segment,
        terms: Option<Vec<Finding>>,
        keys: Option<KeyHashes>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let Some(terms) = terms else {
            return out;
        };
        if let (Some(keys), Some(target)) = (keys, seg.target.as_deref()) {
            let [translated, translates] = self.memory.remember(file, seg, target, keys);
            if let Some(earlier) = translated {
                self.consistency(file, seg, target, self.memory.first(earlier), &mut out);
            }
            if let Some(earlier) = translates {
                self.source_consistency(file, seg, self.memory.first(earlier), &mut out);
            }
        }
        out.extend(terms);
        out
    }

    /// Why `seg` cannot be checked, if it cannot: a language the segment
    /// does not say, or one the glossary has no terms in (`en`→`ja`).
    ///
    /// ```
    /// use shuyu::check::Checker;
    /// use shuyu::formats::bitext::{Segment, SkipReason};
    /// let checker = Checker::new(shuyu::Tagger::bundled());
    /// let seg = Segment::new("1", "the Quad", Some("クアッド"));
    /// assert_eq!(checker.skip_reason(&seg), Some(SkipReason::NoSourceLanguage));
    /// assert!(checker.skip_reason(&seg.clone().with_langs("en-US", "ja")).is_some());
    /// assert_eq!(checker.skip_reason(&seg.with_langs("en_US", "zh-Hant")), None);
    /// ```
    pub fn skip_reason(&self, seg: &Segment) -> Option<SkipReason> {
        target_lang(seg).err()
    }

    /// The segments of a file this checker can check, in order; each of
    /// the others is counted in `tally` with its reason, as are the units
    /// the reader already skipped, so that a run can say what it left out.
    ///
    /// ```
    /// use shuyu::check::Checker;
    /// use shuyu::formats::bitext::{self, Langs, Tally};
    /// let tsv = "1\tthe Quad\t四方安全对话\n2\tthe Quad\tクアッド\n";
    /// let langs = Langs { source: Some("en".into()), target: Some("ja".into()) };
    /// let read = bitext::parse_tsv(tsv, None, &langs)?;
    /// let mut tally = Tally::default();
    /// let usable = Checker::new(shuyu::Tagger::bundled()).usable(read, &mut tally);
    /// assert!(usable.is_empty());
    /// assert_eq!(tally.skipped_count(), 2);
    /// # Ok::<(), shuyu::formats::ParseError>(())
    /// ```
    pub fn usable(&self, read: Bitext, tally: &mut Tally) -> Vec<Segment> {
        for s in &read.skipped {
            tally.skip(&s.reason);
        }
        let mut segments = read.segments;
        segments.retain(|seg| match self.skip_reason(seg) {
            Some(reason) => {
                tally.skip(&reason);
                false
            }
            None => true,
        });
        tally.used(segments.len());
        segments
    }

    /// The glossary rules alone (all but `inconsistent-translation`), which
    /// need nothing but the segment.
    pub fn check_terms(&self, file: &str, seg: &Segment) -> Vec<Finding> {
        self.segment_rules(file, seg).unwrap_or_default()
    }

    /// The rules that need nothing but the segment; `None` when it cannot
    /// be checked.
    fn segment_rules(&self, file: &str, seg: &Segment) -> Option<Vec<Finding>> {
        let lang = target_lang(seg).ok()?;
        let mut out = Vec::new();
        let target = match seg.target.as_deref() {
            Some(t) if !seg.is_untranslated() => t,
            _ => {
                if let Some(mut f) = self.finding(Rule::Untranslated, file, seg) {
                    f.message = match seg.target {
                        Some(_) => "the target is empty".to_string(),
                        None => "the segment has no target".to_string(),
                    };
                    f.source_excerpt = Some(seg.source.chars().take(40).collect());
                    out.push(f);
                }
                return Some(out);
            }
        };
        let shared = self.terms(file, seg, target, lang, &mut out);
        self.beyond_terms(file, seg, target, lang, &shared, &mut out);
        Some(out)
    }

    /// The rules that need no glossary: numbers, codes, copies,
    /// punctuation. Numbers inside the terms of a concept both sides have
    /// belong to the term (G20 and 二十国集团, COVID-19 and 新冠肺炎), not to
    /// the sentence, and are left out of the comparison.
    fn beyond_terms(
        &self,
        file: &str,
        seg: &Segment,
        target: &str,
        lang: Lang,
        shared: &SharedTerms,
        out: &mut Vec<Finding>,
    ) {
        let (missing, extra) = crate::qa::number_differences_outside(
            &seg.source,
            target,
            &shared.source,
            &shared.target,
        );
        if !missing.is_empty() || !extra.is_empty() {
            if let Some(mut f) = self.finding(Rule::NumberMismatch, file, seg) {
                let list = |v: &[String]| {
                    if v.is_empty() {
                        "none".to_string()
                    } else {
                        v.join(", ")
                    }
                };
                f.message = format!(
                    "the numbers differ: the source has {} that the target lacks; the target has {} that the source lacks",
                    list(&missing),
                    list(&extra)
                );
                f.source = Some(missing.join(", ")).filter(|s| !s.is_empty());
                f.target = Some(extra.join(", ")).filter(|s| !s.is_empty());
                out.push(f);
            }
        }
        let (sm, tm) = (seg.source_markup.as_deref(), seg.target_markup.as_deref());
        if let Some(problem) = crate::qa::code_differences(&seg.source, sm, target, tm) {
            if let Some(mut f) = self.finding(Rule::TagMismatch, file, seg) {
                f.message = problem;
                out.push(f);
            }
        }
        if crate::qa::same_as_source(&seg.source, target) {
            if let Some(mut f) = self.finding(Rule::SameAsSource, file, seg) {
                f.message = "the target is the source, untranslated".to_string();
                f.target_excerpt = Some(target.chars().take(40).collect());
                out.push(f);
            }
        }
        for rule in &self.user_rules {
            let Some(message) = rule.check(&seg.source, target) else {
                continue;
            };
            if let Some(mut f) = self.finding_of(rule.id(), file, seg) {
                f.message = message;
                f.target_excerpt = Some(target.chars().take(40).collect());
                out.push(f);
            }
        }
        for problem in crate::qa::punctuation(target, lang.is_chinese()) {
            if let Some(mut f) = self.finding(Rule::Punctuation, file, seg) {
                f.message = problem;
                f.target_excerpt = Some(target.chars().take(40).collect());
                out.push(f);
            }
        }
    }

    fn finding(&self, rule: Rule, file: &str, seg: &Segment) -> Option<Finding> {
        self.finding_of(rule.as_str(), file, seg)
    }

    /// A finding of the rule with this id, built-in or the user's, at its
    /// severity; `None` when the rule is off.
    fn finding_of(&self, rule: &str, file: &str, seg: &Segment) -> Option<Finding> {
        let severity = self.severities.get(rule)?;
        Some(Finding {
            segment: Some(seg.id.clone()),
            line: (seg.line > 0).then_some(seg.line),
            ..Finding::new(file, rule, severity, String::new())
        })
    }

    /// The approved terms of a concept for `lang`: preferred first.
    fn approved(&self, concept: Option<ConceptRef<'_>>, lang: Lang) -> Vec<String> {
        concept.map_or_else(Vec::new, |c| {
            c.approved(lang)
                .iter()
                .map(|t| t.text().to_string())
                .collect()
        })
    }

    /// The glossary rules; returns where the concepts found on both sides
    /// lie in each.
    fn terms(
        &self,
        file: &str,
        seg: &Segment,
        target: &str,
        lang: Lang,
        out: &mut Vec<Finding>,
    ) -> SharedTerms {
        let tagger = self.tagger;
        let mut source = ByConcept::default();
        let mut spans: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for m in tagger.find_iter(&seg.source) {
            let c = m.term_ref().concept_index();
            spans.push((c, m.range()));
            source.add(c, m);
        }
        let mut shared = SharedTerms::default();
        let mut approved = ByConcept::default();
        let mut worded: Vec<std::ops::Range<usize>> = Vec::new();
        for m in tagger.find_iter(target) {
            let c = m.term_ref().concept_index();
            if let Some(s) = source.get_mut(c) {
                shared.target.push(m.range());
                s.shared = true;
            }
            let rule = match tagger.usage(&m, lang, true) {
                Usage::Preferred | Usage::Admitted => {
                    approved.add(c, m);
                    continue;
                }
                Usage::Deprecated => Rule::DeprecatedTerm,
                Usage::OtherLocale => Rule::WrongLocale,
                Usage::OtherLanguage => continue,
            };
            if let Some(s) = source.get_mut(c) {
                s.flagged = true;
            }
            worded.push(m.range());
            let Some(mut f) = self.finding(rule, file, seg) else {
                continue;
            };
            let concept = tagger.concept_at(c);
            let suggestions = self.approved(concept, lang);
            f.message = if rule == Rule::DeprecatedTerm {
                format!(
                    "the target uses {:?}, a deprecated term of {}",
                    &target[m.range()],
                    m.concept()
                )
            } else {
                format!(
                    "the target uses {:?}, a {} term of {}, in a {lang} text",
                    &target[m.range()],
                    m.lang(),
                    m.concept()
                )
            };
            if let Some(first) = suggestions.first() {
                f.message.push_str(&format!("; use {first:?}"));
            }
            f.concept = Some(m.concept().to_string());
            f.target = Some(target[m.range()].to_string());
            f.target_excerpt = Some(excerpt(target, m.start(), m.end()));
            if let Some(sm) = source.get(c).map(|s| s.first) {
                f.source = Some(seg.source[sm.range()].to_string());
                f.source_excerpt = Some(excerpt(&seg.source, sm.start(), sm.end()));
            }
            f.suggestions = suggestions;
            out.push(f);
        }
        self.script(file, seg, target, lang, &worded, out);

        for s in source.all() {
            let (c, n, sm) = (s.concept, s.count, s.first);
            let have = approved.get(c).map_or(0, |a| a.count);
            let concept = tagger.concept_at(c);
            let said = &seg.source[sm.range()];
            let rule = if have == 0 {
                if s.flagged {
                    continue;
                }
                Rule::MissingTerm
            } else if n > have {
                Rule::CountMismatch
            } else {
                continue;
            };
            let suggestions = self.approved(concept, lang);
            if suggestions.is_empty() {
                // The glossary has no term in the target language to ask for.
                continue;
            }
            let Some(mut f) = self.finding(rule, file, seg) else {
                continue;
            };
            f.message = if rule == Rule::MissingTerm {
                format!(
                    "the source has {said:?} ({}); the target has none of its approved {lang} terms",
                    sm.concept()
                )
            } else {
                format!(
                    "the source has {} ({}) {n} times, the target {have}",
                    said,
                    sm.concept()
                )
            };
            f.concept = Some(sm.concept().to_string());
            f.source = Some(said.to_string());
            f.source_excerpt = Some(excerpt(&seg.source, sm.start(), sm.end()));
            f.target_excerpt = Some(target.chars().take(40).collect());
            f.suggestions = suggestions;
            out.push(f);
        }

        for a in approved.all() {
            let tm = a.first;
            if source.get(a.concept).is_some() {
                continue;
            }
            let Some(mut f) = self.finding(Rule::ExtraTerm, file, seg) else {
                continue;
            };
            f.message = format!(
                "the target has {:?} ({}), which the source does not have",
                &target[tm.range()],
                tm.concept()
            );
            f.concept = Some(tm.concept().to_string());
            f.target = Some(target[tm.range()].to_string());
            f.target_excerpt = Some(excerpt(target, tm.start(), tm.end()));
            out.push(f);
        }
        shared.source = spans
            .into_iter()
            .filter(|&(c, _)| source.get(c).is_some_and(|s| s.shared))
            .map(|(_, r)| r)
            .collect();
        shared
    }

    /// `script-mismatch` in the target, but where a wrong or deprecated
    /// term (`worded`), whose suggestion is in the right script already,
    /// was reported.
    fn script(
        &self,
        file: &str,
        seg: &Segment,
        target: &str,
        lang: Lang,
        worded: &[std::ops::Range<usize>],
        out: &mut Vec<Finding>,
    ) {
        for e in crate::script::errors_outside(self.tagger, target, lang, worded) {
            let r = e.range();
            let Some(mut f) = self.finding(Rule::ScriptMismatch, file, seg) else {
                return;
            };
            let script = if lang == Lang::ZhTw {
                "Simplified"
            } else {
                "Traditional"
            };
            f.message = format!(
                "the target has {:?}, in {script} characters, in a {lang} text; use {:?}",
                &target[r.clone()],
                e.suggestion()
            );
            f.target = Some(target[r.clone()].to_string());
            f.target_excerpt = Some(excerpt(target, r.start, r.end));
            f.suggestions = vec![e.suggestion().to_string()];
            out.push(f);
        }
    }

    /// `inconsistent-translation`: the same source translated otherwise
    /// before, `first`.
    fn consistency(
        &self,
        file: &str,
        seg: &Segment,
        target: &str,
        first: First<'_>,
        out: &mut Vec<Finding>,
    ) {
        if let Some(mut f) = self.finding(Rule::InconsistentTranslation, file, seg) {
            f.message = format!(
                "the same source is translated {:?} in {} segment {}, here {target:?}",
                first.text, first.file, first.segment
            );
            f.target = Some(target.to_string());
            f.suggestions = vec![first.text.to_string()];
            out.push(f);
        }
    }

    /// `inconsistent-source`: the same target for another source before,
    /// `first`.
    fn source_consistency(
        &self,
        file: &str,
        seg: &Segment,
        first: First<'_>,
        out: &mut Vec<Finding>,
    ) {
        if let Some(mut f) = self.finding(Rule::InconsistentSource, file, seg) {
            f.message = format!(
                "the same target translates {:?} in {} segment {}, here {:?}",
                first.text, first.file, first.segment, seg.source
            );
            f.source = Some(seg.source.clone());
            out.push(f);
        }
    }
}

/// A segment's own rules' findings (`None` when it cannot be checked) and
/// the keys the consistency rules compare, before those rules run.
pub(crate) struct Prepared {
    rules: Option<Vec<Finding>>,
    keys: Option<KeyHashes>,
}

/// The segment's target language, or why the segment cannot be checked: a
/// language it does not say, or one the glossary has no terms in.
fn target_lang(seg: &Segment) -> Result<Lang, SkipReason> {
    fn known(tag: &Option<String>) -> Option<&str> {
        tag.as_deref()
            .filter(|t| t.chars().any(|c| !c.is_whitespace()))
    }
    let source = known(&seg.source_lang).ok_or(SkipReason::NoSourceLanguage)?;
    let target = known(&seg.target_lang).ok_or(SkipReason::NoTargetLanguage)?;
    match (Lang::from_str(source), Lang::from_str(target)) {
        (Ok(_), Ok(lang)) => Ok(lang),
        _ => Err(SkipReason::Languages {
            source: crate::langtag::canonical(source),
            target: crate::langtag::canonical(target),
        }),
    }
}

/// Where the concepts a segment has on both sides lie in each: their
/// numbers are the terms', not the sentence's.
#[derive(Default)]
struct SharedTerms {
    source: Vec<std::ops::Range<usize>>,
    target: Vec<std::ops::Range<usize>>,
}

/// The concepts a side of a segment has, in the order they first appear,
/// each with how many times and its first match. Found by reading the few
/// a segment usually has; through a map once there are many, so that a
/// long segment costs its length, not its length times its concepts.
#[derive(Default)]
struct ByConcept<'g> {
    seen: Vec<Presence<'g>>,
    /// Concept index → place in `seen`, kept once `seen` is long.
    index: HashMap<usize, usize, rustc_hash::FxBuildHasher>,
}

/// A concept on one side of a segment.
struct Presence<'g> {
    concept: usize,
    count: usize,
    first: Match<'g>,
    /// Whether the other side (the target) has the concept too.
    shared: bool,
    /// Whether the target has it in a deprecated or other-locale term.
    flagged: bool,
}

impl<'g> ByConcept<'g> {
    /// How many concepts are found by reading them all.
    const READ: usize = 16;

    fn position(&self, concept: usize) -> Option<usize> {
        if self.seen.len() <= Self::READ {
            self.seen.iter().position(|s| s.concept == concept)
        } else {
            self.index.get(&concept).copied()
        }
    }

    fn add(&mut self, concept: usize, m: Match<'g>) {
        if let Some(i) = self.position(concept) {
            self.seen[i].count += 1;
            return;
        }
        self.seen.push(Presence {
            concept,
            count: 1,
            first: m,
            shared: false,
            flagged: false,
        });
        if self.seen.len() > Self::READ {
            if self.index.is_empty() {
                let all = self.seen.iter().enumerate().map(|(i, s)| (s.concept, i));
                self.index.extend(all);
            } else {
                self.index.insert(concept, self.seen.len() - 1);
            }
        }
    }

    fn get(&self, concept: usize) -> Option<&Presence<'g>> {
        self.position(concept).map(|i| &self.seen[i])
    }

    fn get_mut(&mut self, concept: usize) -> Option<&mut Presence<'g>> {
        self.position(concept).map(|i| &mut self.seen[i])
    }

    /// Every concept, in the order they first appeared.
    fn all(&self) -> &[Presence<'g>] {
        &self.seen
    }
}
