//! Term candidates from the text people already have.
//!
//! Writing on international affairs announces its terms: 四方安全对话（Quad）,
//! 印太经济框架（Indo-Pacific Economic Framework，IPEF）, 以下简称"联合作战司令部",
//! 英文縮寫為 ATLA, "Japan Joint Operations Command (JJOC)". An
//! [`Extractor`] reads documents and bilingual segments, finds such
//! statements (a [`Pattern`] each), and pairs the forms each one links: a
//! Chinese term with its acronym or English full name. Against a glossary,
//! each candidate is then *new*, a *variant* of a concept the glossary has
//! (a new form written next to a form it knows), or *known*.
//!
//! ```
//! use shuyu::extract::{Extractor, Novelty, Options};
//! use shuyu::Tagger;
//!
//! let mut extractor = Extractor::new(Tagger::bundled());
//! extractor.add_text("a.txt", "美国国防部与日本防卫省成立的联合作战总部（J-JOC）将于明年运作。\
//!     日本加入了经济合作与发展组织（OECD）。");
//! let found: Vec<_> = extractor
//!     .candidates(&Options::default())
//!     .into_iter()
//!     .map(|c| (c.term().to_string(), c.novelty(), c.concept().map(str::to_string)))
//!     .collect();
//! assert!(found.contains(&("经济合作与发展组织".to_string(), Novelty::New, None)));
//! // Not in the glossary, but stated with J-JOC, which is.
//! assert!(found.contains(&("联合作战总部".to_string(), Novelty::Variant, Some("j-joc".to_string()))));
//! ```
//!
//! Where a Chinese term starts is the hard part: nothing marks it. The run
//! of Han characters before the bracket is segmented (as the word check
//! segments, with the glossary's keys), and read backwards word by word; a
//! function word (的, 了, 在, 将…) or a verb that introduces a name (成立,
//! 加入, 通过…) ends it. A conjunction (与, 和, 及) ends it too unless the
//! English full name has "and", or both sides of it are content words and
//! what follows it is not a glossary term of its own: 经济合作与发展组织 and
//! 美国战略与国际问题研究中心 hold one, 日本与北约 does not. A longer stretch
//! that is a glossary term wins. Text in quotes or title marks before the
//! bracket (「战略平台」, 《美日安保条约》) is taken whole.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::formats::bitext::Segment;
use crate::formats::document::Document;
use crate::glossary::{Concept, Glossary, Lang, Status, Term, TermType};
use crate::normalize;
use crate::report::LineIndex;
use crate::tagger::Tagger;
use crate::words::{self, is_han};

/// How a candidate was stated, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pattern {
    /// 中文（English Full Name，ACRONYM）
    ZhFullAcronym,
    /// 中文（ACRONYM）
    ZhAcronym,
    /// ACRONYM（中文）
    AcronymZh,
    /// 中文（English Full Name）
    ZhFull,
    /// English Full Name (ACRONYM)
    FullAcronym,
    /// 以下简称 X, 简称 X: a short form of the term before.
    ShortForm,
    /// 英文缩写 X, 英文縮寫為 X: the term before's acronym.
    Abbreviation,
    /// 所谓「X」: a term the writer marks as one.
    SoCalled,
    /// An acronym seen without a statement of what it stands for: a
    /// candidate by frequency alone.
    Acronym,
}

impl Pattern {
    /// The id outputs print.
    pub fn as_str(self) -> &'static str {
        match self {
            Pattern::ZhFullAcronym => "zh-full-acronym",
            Pattern::ZhAcronym => "zh-acronym",
            Pattern::AcronymZh => "acronym-zh",
            Pattern::ZhFull => "zh-full",
            Pattern::FullAcronym => "full-acronym",
            Pattern::ShortForm => "short-form",
            Pattern::Abbreviation => "abbreviation",
            Pattern::SoCalled => "so-called",
            Pattern::Acronym => "acronym",
        }
    }

    /// Whether the text states the term itself (every pattern but a bare
    /// acronym's frequency).
    pub fn states_itself(self) -> bool {
        self != Pattern::Acronym
    }
}

/// What the glossary says of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Novelty {
    /// Neither it nor a form stated with it is in the glossary.
    New,
    /// Not in the glossary, but stated with a form of a concept that is:
    /// a new term of that concept.
    Variant,
    /// A term of the glossary (through width, dash, case and script folds).
    Known,
}

impl Novelty {
    /// `new`, `variant` or `known`.
    pub fn as_str(self) -> &'static str {
        match self {
            Novelty::New => "new",
            Novelty::Variant => "variant",
            Novelty::Known => "known",
        }
    }
}

/// Where a candidate was seen, with the text around it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Example {
    /// The file, as named to the extractor.
    pub file: String,
    /// The 1-based line, for a document (and where a bilingual unit starts).
    pub line: Option<usize>,
    /// The unit's id, for a bilingual file.
    pub segment: Option<String>,
    /// The text around it, on one line.
    pub context: String,
}

/// A form stated with a candidate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Pair {
    /// The form.
    pub term: String,
    /// Its language.
    pub lang: Lang,
    /// How many statements linked the two.
    pub count: usize,
    /// How many bilingual units have the candidate on one side and this
    /// form on the other.
    pub units: usize,
}

/// A term the text states, with its evidence and what the glossary says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    term: String,
    lang: Lang,
    kind: TermType,
    pattern: Pattern,
    count: usize,
    documents: usize,
    pairs: Vec<Pair>,
    examples: Vec<Example>,
    novelty: Novelty,
    concept: Option<String>,
    group: usize,
}

impl Example {
    /// `file:line`, or `file#segment` for a bilingual unit.
    pub fn place(&self) -> String {
        match (&self.segment, self.line) {
            (Some(s), _) => format!("{}#{s}", self.file),
            (None, Some(l)) => format!("{}:{l}", self.file),
            (None, None) => self.file.clone(),
        }
    }
}

impl Candidate {
    /// The term, in its most frequent spelling.
    pub fn term(&self) -> &str {
        &self.term
    }

    /// Its language: `en`, or for Chinese `zh-CN` or `zh-TW` when its
    /// characters tell, else `zh`.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Its form: full form, acronym or short form.
    pub fn kind(&self) -> TermType {
        self.kind
    }

    /// The strongest pattern that stated it.
    pub fn pattern(&self) -> Pattern {
        self.pattern
    }

    /// How many times it was stated (an acronym: also seen).
    pub fn count(&self) -> usize {
        self.count
    }

    /// In how many files.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The forms stated with it, the most supported first.
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// Up to three places it was seen.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// New, variant or known.
    pub fn novelty(&self) -> Novelty {
        self.novelty
    }

    /// For a variant or a known term, the glossary's concept.
    pub fn concept(&self) -> Option<&str> {
        self.concept.as_deref()
    }

    /// Which proposed concept it belongs to: candidates stated together
    /// share a group.
    pub fn group(&self) -> usize {
        self.group
    }

    /// How much evidence it has: statements, and units that pair it.
    fn weight(&self) -> usize {
        self.count + self.pairs.iter().map(|p| p.units).sum::<usize>()
    }
}

/// Which candidates to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The fewest times a candidate must be seen; `None`: once for a term a
    /// pattern states, twice for one seen by frequency alone.
    pub min_count: Option<usize>,
    /// List known candidates too.
    pub all: bool,
}

/// A form found by a pattern.
#[derive(Clone, Debug)]
struct Form {
    text: String,
    english: bool,
    kind: TermType,
}

/// One statement: the forms it links, and where.
#[derive(Clone, Debug)]
struct Mention {
    pattern: Pattern,
    forms: Vec<Form>,
    at: usize,
}

#[derive(Default)]
struct Stats {
    spellings: HashMap<String, usize>,
    english: bool,
    kind: TermType,
    pattern: Option<Pattern>,
    count: usize,
    files: HashSet<usize>,
    examples: Vec<Example>,
}

#[derive(Default, Clone, Copy)]
struct Link {
    count: usize,
    units: usize,
}

/// Reads text and bilingual segments and gathers the terms they state.
pub struct Extractor<'t, D> {
    tagger: &'t Tagger<D>,
    ids: HashMap<(bool, String), usize>,
    stats: Vec<Stats>,
    links: HashMap<(usize, usize), Link>,
    files: HashMap<String, usize>,
}

impl<'t, D: AsRef<[u8]>> Extractor<'t, D> {
    /// An extractor that tells new from known by `tagger`'s glossary.
    pub fn new(tagger: &'t Tagger<D>) -> Extractor<'t, D> {
        Extractor {
            tagger,
            ids: HashMap::new(),
            stats: Vec::new(),
            links: HashMap::new(),
            files: HashMap::new(),
        }
    }

    /// Reads a whole text of `file`.
    pub fn add_text(&mut self, file: &str, text: &str) {
        self.add_pieces(file, text, std::iter::once(0..text.len()));
    }

    /// Reads the prose of a document.
    pub fn add_document(&mut self, file: &str, doc: &Document) {
        self.add_pieces(file, &doc.text, doc.regions.iter().cloned());
    }

    fn add_pieces(&mut self, file: &str, text: &str, pieces: impl Iterator<Item = Range<usize>>) {
        let index = LineIndex::new(text);
        for piece in pieces {
            for m in self.mentions(&text[piece.clone()]) {
                let at = piece.start + m.at;
                let example = Example {
                    file: file.to_string(),
                    line: Some(index.position(at).0),
                    segment: None,
                    context: context(text, at),
                };
                self.record(&m, file, example);
            }
        }
    }

    /// Reads both sides of a bilingual segment. A Chinese form stated on
    /// one side whose acronym or full name the other side has is a pair
    /// the unit supports.
    pub fn add_segment(&mut self, file: &str, seg: &Segment) {
        let sides = [Some(seg.source.as_str()), seg.target.as_deref()];
        for (i, side) in sides.iter().enumerate() {
            let Some(text) = side else { continue };
            let other = sides[1 - i].unwrap_or("");
            for m in self.mentions(text) {
                let example = Example {
                    file: file.to_string(),
                    line: (seg.line > 0).then_some(seg.line),
                    segment: Some(seg.id.clone()),
                    context: context(text, m.at),
                };
                let ids = self.record(&m, file, example);
                // A pair the other side confirms: a Chinese form here, its
                // English form there.
                for (a, fa) in ids.iter().zip(&m.forms) {
                    for (b, fb) in ids.iter().zip(&m.forms) {
                        if a != b && !fa.english && fb.english && holds(other, &fb.text) {
                            self.links.entry(key_pair(*a, *b)).or_default().units += 1;
                        }
                    }
                }
            }
        }
    }

    /// Counts one statement; returns the ids of its forms.
    fn record(&mut self, m: &Mention, file: &str, example: Example) -> Vec<usize> {
        let next = self.files.len();
        let file_id = *self.files.entry(file.to_string()).or_insert(next);
        let mut ids = Vec::with_capacity(m.forms.len());
        for form in &m.forms {
            let key = (form.english, normalize::key(&form.text));
            let next = self.stats.len();
            let id = *self.ids.entry(key).or_insert(next);
            if id == self.stats.len() {
                self.stats.push(Stats {
                    english: form.english,
                    kind: form.kind,
                    ..Stats::default()
                });
            }
            let s = &mut self.stats[id];
            *s.spellings.entry(form.text.clone()).or_default() += 1;
            s.count += 1;
            s.files.insert(file_id);
            if s.pattern.is_none_or(|p| m.pattern < p) {
                s.pattern = Some(m.pattern);
                s.kind = form.kind;
            }
            if s.examples.len() < 3 && !s.examples.contains(&example) {
                s.examples.push(example.clone());
            }
            ids.push(id);
        }
        for (i, &a) in ids.iter().enumerate() {
            for &b in &ids[i + 1..] {
                if a != b {
                    self.links.entry(key_pair(a, b)).or_default().count += 1;
                }
            }
        }
        ids
    }

    /// The candidates, the best supported first: those seen at least the
    /// minimum count, known ones only with [`Options::all`].
    pub fn candidates(&self, options: &Options) -> Vec<Candidate> {
        let n = self.stats.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for &(a, b) in self.links.keys() {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        let spelling = |s: &Stats| -> String {
            let mut all: Vec<(&String, &usize)> = s.spellings.iter().collect();
            all.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
            all[0].0.clone()
        };
        let texts: Vec<String> = self.stats.iter().map(spelling).collect();
        let known: Vec<Option<String>> = texts.iter().map(|t| self.known(t)).collect();
        // A group's concept: the one its known forms belong to.
        let mut group_concept: HashMap<usize, String> = HashMap::new();
        for (i, k) in known.iter().enumerate() {
            if let Some(c) = k {
                let r = root(&mut parent, i);
                group_concept.entry(r).or_insert_with(|| c.clone());
            }
        }
        // Each form's links, once: the candidates' pairs.
        let mut linked: HashMap<usize, Vec<(usize, Link)>> = HashMap::new();
        for (&(a, b), &l) in &self.links {
            linked.entry(a).or_default().push((b, l));
            linked.entry(b).or_default().push((a, l));
        }
        let mut out = Vec::new();
        for (i, s) in self.stats.iter().enumerate() {
            let pattern = s.pattern.unwrap_or(Pattern::Acronym);
            let min = options
                .min_count
                .unwrap_or(if pattern.states_itself() { 1 } else { 2 });
            if s.count < min {
                continue;
            }
            let group = root(&mut parent, i);
            let (novelty, concept) = match (&known[i], group_concept.get(&group)) {
                (Some(c), _) => (Novelty::Known, Some(c.clone())),
                (None, Some(c)) => (Novelty::Variant, Some(c.clone())),
                (None, None) => (Novelty::New, None),
            };
            if novelty == Novelty::Known && !options.all {
                continue;
            }
            let mut pairs: Vec<Pair> = linked
                .get(&i)
                .into_iter()
                .flatten()
                .map(|&(other, l)| Pair {
                    term: texts[other].clone(),
                    lang: lang_of(&texts[other], self.stats[other].english),
                    count: l.count,
                    units: l.units,
                })
                .collect();
            pairs.sort_by(|a, b| {
                (b.units + b.count)
                    .cmp(&(a.units + a.count))
                    .then_with(|| a.term.cmp(&b.term))
            });
            out.push(Candidate {
                term: texts[i].clone(),
                lang: lang_of(&texts[i], s.english),
                kind: s.kind,
                pattern,
                count: s.count,
                documents: s.files.len(),
                pairs,
                examples: s.examples.clone(),
                novelty,
                concept,
                group,
            });
        }
        out.sort_by(|a, b| {
            b.weight()
                .cmp(&a.weight())
                .then(b.documents.cmp(&a.documents))
                .then(a.pattern.cmp(&b.pattern))
                .then_with(|| a.term.cmp(&b.term))
        });
        out
    }

    /// The concept of the glossary term `text` is, whole.
    fn known(&self, text: &str) -> Option<String> {
        let mut found = self.tagger.find_iter(text);
        let m = found.next()?;
        let whole = m.start() == 0 && m.end() == text.len() && found.next().is_none();
        whole.then(|| m.concept().to_string())
    }

    /// The statements in a piece of text.
    fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut in_brackets: Vec<Range<usize>> = Vec::new();
        for (open, c) in text.char_indices() {
            if c != '（' && c != '(' {
                continue;
            }
            let inner_start = open + c.len_utf8();
            let Some(close) = closing(text, inner_start) else {
                continue;
            };
            in_brackets.push(inner_start..close);
            if let Some(m) = self.bracketed(text, open, inner_start..close) {
                out.push(m);
            }
        }
        for (at, cue) in cues(text) {
            if in_brackets
                .iter()
                .any(|r| r.start <= at && at < r.end && at != r.start)
            {
                continue;
            }
            if let Some(m) = self.cued(text, at, cue) {
                out.push(m);
            }
        }
        out.extend(so_called(text));
        // Acronyms no statement explains are counted by themselves.
        let stated: HashSet<String> = out
            .iter()
            .flat_map(|m| m.forms.iter())
            .filter(|f| f.kind == TermType::Acronym)
            .flat_map(|f| f.text.split(' ').map(str::to_string))
            .collect();
        for (at, word) in english_words(text) {
            if is_acronym(word) && !stated.contains(word) {
                out.push(Mention {
                    pattern: Pattern::Acronym,
                    forms: vec![english(word)],
                    at,
                });
            }
        }
        out.sort_by_key(|m| m.at);
        out
    }

    /// A statement in brackets at `open`, if the brackets hold one.
    fn bracketed(&self, text: &str, open: usize, inner: Range<usize>) -> Option<Mention> {
        let body = text[inner.clone()].trim();
        if body.is_empty() || cue_at(body).is_some() {
            // 以下简称 and 英文缩写 inside brackets are cues, read by `cued`.
            return None;
        }
        let mention = |pattern, forms| {
            Some(Mention {
                pattern,
                forms,
                at: open,
            })
        };
        // ACRONYM（中文）
        if is_han_term(body) {
            let before = text[..open].trim_end();
            let word = before
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '&'))
                .next()?;
            if is_acronym(word) {
                return mention(Pattern::AcronymZh, vec![english(word), chinese(body)]);
            }
            return None;
        }
        if !is_english(body) {
            return None;
        }
        let (full, short) = match body.rfind(['，', ',']) {
            Some(at) => {
                let sep = body[at..].chars().next().map_or(1, char::len_utf8);
                let (full, short) = (body[..at].trim(), body[at + sep..].trim());
                if is_short_form(short) && is_english(full) {
                    (Some(full), Some(short))
                } else {
                    (None, None)
                }
            }
            None if is_acronym(body) => (None, Some(body)),
            None => (Some(body), None),
        };
        let short_form = |s: &str| Form {
            kind: if is_acronym(s) {
                TermType::Acronym
            } else {
                TermType::ShortForm
            },
            ..english(s)
        };
        if let Some(zh) = self.zh_before(text, open, full, short) {
            return match (full, short) {
                (Some(f), Some(s)) => mention(
                    Pattern::ZhFullAcronym,
                    vec![chinese(&zh), english(f), short_form(s)],
                ),
                (None, Some(s)) => mention(Pattern::ZhAcronym, vec![chinese(&zh), short_form(s)]),
                (Some(f), None) => mention(Pattern::ZhFull, vec![chinese(&zh), english(f)]),
                (None, None) => None,
            };
        }
        // English Full Name (ACRONYM)
        let acronym = short.filter(|s| is_acronym(s) && full.is_none())?;
        let full = full_form(&text[..open], acronym)?;
        mention(
            Pattern::FullAcronym,
            vec![english(full), short_form(acronym)],
        )
    }

    /// A statement introduced by a cue at `at`: 以下简称 X, 英文缩写 X.
    fn cued(&self, text: &str, at: usize, cue: Cue) -> Option<Mention> {
        let (pattern, cue_len) = cue;
        let rest = &text[at + cue_len..];
        let rest = rest.trim_start_matches(['为', '為', '是', '：', ':', ' ', '　']);
        let x = quoted_or_word(rest)?;
        // The term before: ends at the bracket or comma before the cue.
        let before = text[..at].trim_end_matches(['（', '(', '，', ',', ' ', '　']);
        let full = before.len();
        let zh = self.zh_before(text, full, None, Some(x).filter(|x| is_acronym(x)))?;
        let short = if x.chars().any(is_han) {
            Form {
                kind: TermType::ShortForm,
                ..chinese(x)
            }
        } else if is_acronym(x) {
            english(x)
        } else {
            return None;
        };
        let short = if pattern == Pattern::Abbreviation && short.english {
            Form {
                kind: TermType::Acronym,
                ..short
            }
        } else {
            short
        };
        // A Chinese short form takes its characters from the full term, in
        // order (装备厅 from 防卫装备厅): else the term before is not the one
        // it shortens.
        if !short.english && !is_subsequence(&short.text, &zh) {
            return None;
        }
        (normalize::key(&zh) != normalize::key(&short.text)).then(|| Mention {
            pattern,
            forms: vec![chinese(&zh), short],
            at,
        })
    }

    /// The Chinese term ending at `end`: the text in quotes or title marks
    /// just before it, or the tail of the Han run before it, cut where the
    /// words say (see the module docs).
    fn zh_before(
        &self,
        text: &str,
        end: usize,
        full: Option<&str>,
        short: Option<&str>,
    ) -> Option<String> {
        // 竞争力和弹性伙伴关系 (CoRe): a space may come before the bracket.
        let end = text[..end].trim_end().len();
        if let Some(quoted) = quoted_before(text, end) {
            return Some(quoted.to_string());
        }
        let run = han_run_before(text, end)?;
        let keys = self.tagger.keys();
        let words = words::words_over(text, run.start, run.end, &keys);
        let has_and = full.is_some_and(|f| {
            f.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("and") || w == "&")
        });
        let letters = short.map_or(0, |s| s.chars().filter(char::is_ascii_uppercase).count());
        // A Chinese term has at most about two words per word of its
        // English name, or per letter of its acronym.
        let most_words = match (full, short) {
            (Some(f), _) => 2 * f.split_whitespace().count() + 1,
            (None, Some(_)) => 2 * letters.max(2) + 2,
            (None, None) => usize::MAX,
        };
        let mut start = run.end;
        let mut content = 0;
        for (i, w) in words.iter().enumerate().rev() {
            let word = normalize::key(&text[w.clone()]);
            if is_stop(&word) {
                break;
            }
            if is_conjunction(&word) {
                let left = i
                    .checked_sub(1)
                    .map(|j| normalize::key(&text[words[j].clone()]));
                let left_is_content = left.is_some_and(|l| !is_stop(&l) && !is_conjunction(&l));
                let after = &text[start..run.end];
                let joins = has_and
                    || (left_is_content
                        && content >= 2
                        && self.known(after).is_none()
                        && (letters == 0 || content < letters + 1));
                if !joins {
                    break;
                }
            } else if content == most_words {
                break;
            } else {
                content += 1;
            }
            start = w.start;
            if text[start..run.end].chars().count() >= MAX_TERM_CHARS {
                break;
            }
        }
        // A longer stretch that is a glossary term wins.
        if let Some(b) = text[run.start..start]
            .char_indices()
            .map(|(i, _)| run.start + i)
            .find(|&b| self.known(&text[b..run.end]).is_some())
        {
            start = b;
        }
        // A transliterated name (布赖恩·芬莱, one word of the segmentation)
        // leaves out whatever title comes before it.
        if let Some(dot) = text[start..run.end].find('·').map(|d| start + d) {
            if let Some(w) = words.iter().find(|w| w.contains(&dot)) {
                start = start.max(w.start);
            }
        }
        let term = &text[start..run.end];
        (term.chars().filter(|&c| is_han(c)).count() >= 2).then(|| term.to_string())
    }
}

/// Whether the characters of `short` appear in `long` in order (after the
/// folds).
fn is_subsequence(short: &str, long: &str) -> bool {
    let long = normalize::key(long);
    let mut rest = long.chars();
    normalize::key(short)
        .chars()
        .all(|c| rest.by_ref().any(|l| l == c))
}

/// The most characters a Chinese candidate may have.
const MAX_TERM_CHARS: usize = 20;

/// The most characters between brackets that may hold a statement.
const MAX_BRACKETED: usize = 100;

fn key_pair(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

fn english(s: &str) -> Form {
    Form {
        text: s.to_string(),
        english: true,
        kind: if is_acronym(s) {
            TermType::Acronym
        } else {
            TermType::FullForm
        },
    }
}

fn chinese(s: &str) -> Form {
    Form {
        text: s.to_string(),
        english: false,
        kind: TermType::FullForm,
    }
}

/// `en`, or the Chinese locale a term's characters show.
fn lang_of(text: &str, english: bool) -> Lang {
    if english {
        Lang::En
    } else if text.chars().any(normalize::is_traditional_only) {
        Lang::ZhTw
    } else if text.chars().any(normalize::is_simplified_only) {
        Lang::ZhCn
    } else {
        Lang::Zh
    }
}

/// The bracket closing the one opened before `from`, on the same line and
/// with none opened in between.
fn closing(text: &str, from: usize) -> Option<usize> {
    for (i, c) in text[from..].char_indices().take(MAX_BRACKETED) {
        match c {
            '）' | ')' => return Some(from + i),
            '（' | '(' | '\n' => return None,
            _ => {}
        }
    }
    None
}

/// A cue: the pattern it states and its length in bytes.
type Cue = (Pattern, usize);

const CUES: &[(&str, Pattern)] = &[
    ("以下简称", Pattern::ShortForm),
    ("以下簡稱", Pattern::ShortForm),
    ("以下称", Pattern::ShortForm),
    ("以下稱", Pattern::ShortForm),
    ("英文缩写", Pattern::Abbreviation),
    ("英文縮寫", Pattern::Abbreviation),
    ("英文简称", Pattern::Abbreviation),
    ("英文簡稱", Pattern::Abbreviation),
    ("简称", Pattern::ShortForm),
    ("簡稱", Pattern::ShortForm),
];

/// The cue `s` starts with, if any.
fn cue_at(s: &str) -> Option<Cue> {
    CUES.iter()
        .find(|(cue, _)| s.starts_with(cue))
        .map(|&(cue, p)| (p, cue.len()))
}

/// Each cue in `text`, with where it starts.
fn cues(text: &str) -> Vec<(usize, Cue)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        match cue_at(&text[at..]) {
            Some(cue) => {
                out.push((at, cue));
                at += cue.1;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// 所谓「X」: X.
fn so_called(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for cue in ["所谓", "所謂"] {
        for (at, _) in text.match_indices(cue) {
            let rest = text[at + cue.len()..].trim_start();
            if let Some(x) = quoted_or_word(rest).filter(|x| is_quoted_term(x)) {
                if rest.starts_with(['「', '“', '"', '『', '《']) {
                    out.push(Mention {
                        pattern: Pattern::SoCalled,
                        forms: vec![chinese(x)],
                        at,
                    });
                }
            }
        }
    }
    out
}

const OPENING: &[char] = &['「', '『', '“', '"', '《', '〈', '‘'];
const CLOSING: &[char] = &['」', '』', '”', '"', '》', '〉', '’'];

/// The text in quotes that opens `s`, or else its leading word.
fn quoted_or_word(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    if let Some(k) = OPENING.iter().position(|&o| o == first) {
        let body = &s[first.len_utf8()..];
        let end = body.find(CLOSING[k])?;
        let x = body[..end].trim();
        return (!x.is_empty() && x.chars().count() <= MAX_TERM_CHARS).then_some(x);
    }
    let word_end = |s: &str| {
        s.find(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '&' || c == '.' || is_han(c))
        })
        .unwrap_or(s.len())
    };
    let mut end = word_end(s);
    // A roman numeral after a space belongs to an acronym (TICAD VII).
    if let Some(rest) = s[end..].strip_prefix(' ') {
        let n = word_end(rest);
        if n > 0 && is_acronym(&s[..end + 1 + n]) {
            end += 1 + n;
        }
    }
    let x = s[..end].trim_end_matches('.');
    (!x.is_empty()).then_some(x)
}

/// The text in quotes or title marks that ends right at `end`.
fn quoted_before(text: &str, end: usize) -> Option<&str> {
    let before = &text[..end];
    let last = before.chars().next_back()?;
    let k = CLOSING.iter().position(|&c| c == last)?;
    let body_end = end - last.len_utf8();
    let open_at = text[..body_end]
        .char_indices()
        .rev()
        .take(MAX_TERM_CHARS + 1)
        .find(|&(_, c)| c == OPENING[k])?
        .0;
    let body = &text[open_at + OPENING[k].len_utf8()..body_end];
    is_quoted_term(body).then_some(body)
}

/// Whether quoted text can be a term: two Han characters or more, at most
/// twenty characters, no sentence punctuation (经济版2+2, 自由开放的印度-太平洋).
fn is_quoted_term(s: &str) -> bool {
    s.chars().count() <= MAX_TERM_CHARS
        && s.chars().filter(|&c| is_han(c)).count() >= 2
        && !s.contains(['，', '。', ',', '；', ';', '！', '？', '\n'])
}

/// The run of Han characters (and middle dots) that ends at `end`, at most
/// twice the longest term long.
fn han_run_before(text: &str, end: usize) -> Option<Range<usize>> {
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev().take(2 * MAX_TERM_CHARS) {
        if is_han(c) || c == '·' {
            start = i;
        } else {
            break;
        }
    }
    (start < end).then_some(start..end)
}

/// Whether `s` is all Han (and middle dots), two to twenty characters.
fn is_han_term(s: &str) -> bool {
    let n = s.chars().count();
    (2..=MAX_TERM_CHARS).contains(&n) && s.chars().all(|c| is_han(c) || c == '·')
}

/// Whether `s` is English words: letters, digits, spaces and the
/// punctuation names have, starting with a letter, no Han.
fn is_english(s: &str) -> bool {
    let s = s.trim();
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -&'.,/’".contains(c) || c == '，')
        && s.split_whitespace().count() <= 10
}

/// An acronym: 2 to 12 characters, letters and digits (and `-`, `&`, `.`),
/// opening with a capital, with two capitals or a capital and a digit;
/// a roman numeral may follow after a space (TICAD VII).
fn is_acronym(s: &str) -> bool {
    let (head, tail) = match s.split_once(' ') {
        Some((h, t)) => (h, Some(t)),
        None => (s, None),
    };
    if tail.is_some_and(|t| t.is_empty() || !t.chars().all(|c| "IVX0123456789".contains(c))) {
        return false;
    }
    let n = head.chars().count();
    let capitals = head.chars().filter(char::is_ascii_uppercase).count();
    let digits = head.chars().filter(char::is_ascii_digit).count();
    (2..=12).contains(&n)
        && head.starts_with(|c: char| c.is_ascii_uppercase())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-&.".contains(c))
        && !head.ends_with(['-', '.', '&'])
        && (capitals >= 2 || (capitals == 1 && digits >= 1))
}

/// A short form after a comma: an acronym, or one capitalised word.
fn is_short_form(s: &str) -> bool {
    is_acronym(s)
        || (s.chars().count() <= 8
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The words of a text by Unicode's rules (UAX #29: "U.S.", "don't" and
/// "3.5" stay whole), with their byte offsets; punctuation and spaces left
/// out.
fn english_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(|c| c.is_alphanumeric()))
}

/// Words that never begin or continue a full name's acronym letters.
const MINOR: &[&str] = &[
    "of", "for", "and", "the", "on", "in", "to", "a", "an", "at", "by", "with", "de", "du", "&",
];

/// The full name an acronym abbreviates, ending where `before` ends:
/// each capital (or digit) of the acronym begins a word, in order, minor
/// words (of, for, and…) and the second half of a hyphenated word may
/// come between, its lower-case letters may lie inside the words, and at
/// most two other words may be left out (Indo-Pacific Economic Framework
/// *for Prosperity*; Economic Policy *Consultative* Committee for EPC) —
/// Schwartz and Hearst's rule, by words.
fn full_form<'a>(before: &'a str, acronym: &str) -> Option<&'a str> {
    let before = before.trim_end();
    let letters: Vec<char> = acronym
        .split(' ')
        .next()
        .unwrap_or(acronym)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let words: Vec<(usize, &str)> = english_words(before).collect();
    let limit = 2 * letters.len() + 4;
    let mut need = letters.len();
    let mut skipped = 0;
    let mut first = None;
    for (k, &(at, w)) in words.iter().enumerate().rev().take(limit) {
        if need == 0 {
            break;
        }
        let hyphen_half = k > 0 && before[..at].ends_with('-');
        let mut inside = w.chars().skip(1).collect::<Vec<char>>();
        // Lower-case letters of the acronym found inside the word (CoRe).
        while need > 0 && letters[need - 1].is_ascii_lowercase() {
            match inside.iter().rposition(|&c| c == letters[need - 1]) {
                Some(p) => {
                    inside.truncate(p);
                    need -= 1;
                }
                None => break,
            }
        }
        let initial = w.chars().next()?;
        if need > 0 && initial.eq_ignore_ascii_case(&letters[need - 1]) {
            need -= 1;
            first = Some(at);
        } else if MINOR.contains(&w.to_ascii_lowercase().as_str()) || hyphen_half {
            continue;
        } else if skipped < 2 && (first.is_none() || letters.len() >= 3) {
            // A word or two the acronym leaves out: after its last letter's
            // word (Framework *for Prosperity*), or inside a longer name
            // (Economic Policy *Consultative* Committee, EPC).
            skipped += 1;
        } else {
            return None;
        }
    }
    let start = first.filter(|_| need == 0)?;
    let full = &before[start..];
    (full.split_whitespace().count() >= 2 || full.contains('-')).then_some(full)
}

/// Whether `text` holds `form` as a whole word (an acronym, as written) or
/// a phrase (a full name, in any case).
fn holds(text: &str, form: &str) -> bool {
    if !is_acronym(form) {
        return text.to_lowercase().contains(&form.to_lowercase());
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(form).any(|(at, _)| {
        !alnum(text[..at].chars().next_back()) && !alnum(text[at + form.len()..].chars().next())
    })
}

/// Words that end a Chinese term read backwards: function words, and
/// verbs and modifiers that introduce a name (compared after the script
/// fold, so in Simplified).
const STOP: &[&str] = &[
    "的",
    "地",
    "得",
    "了",
    "着",
    "过",
    "在",
    "将",
    "把",
    "被",
    "对",
    "向",
    "从",
    "由",
    "为",
    "是",
    "于",
    "以",
    "并",
    "而",
    "或",
    "等",
    "其",
    "该",
    "此",
    "这",
    "那",
    "也",
    "都",
    "还",
    "又",
    "已",
    "就",
    "才",
    "再",
    "所",
    "如",
    "即",
    "据",
    "自",
    "至",
    "给",
    "让",
    "使",
    "令",
    "原",
    "新",
    "前",
    "现",
    "各",
    "本",
    "两",
    "多",
    "诸",
    "某",
    "每",
    "首",
    "正",
    "称",
    "经",
    "已经",
    "正在",
    "成立",
    "设立",
    "加入",
    "宣布",
    "举行",
    "召开",
    "参加",
    "参与",
    "建立",
    "签署",
    "签订",
    "发布",
    "提出",
    "通过",
    "启动",
    "表示",
    "指出",
    "认为",
    "包括",
    "作为",
    "根据",
    "关于",
    "推动",
    "强化",
    "加强",
    "组建",
    "新设",
    "设置",
    "成为",
    "属于",
    "出席",
    "访问",
    "主办",
    "发表",
    "公布",
    "提升",
    "提高",
    "扩大",
    "深化",
    "支持",
    "反对",
    "退出",
    "重返",
    "延长",
    "商定",
    "达成",
    "考虑",
    "领导",
    "出口",
    "进口",
    "讨论",
    "同意",
    "决定",
    "计划",
    "准备",
    "开始",
    "继续",
    "应该",
    "可能",
    "需要",
    "希望",
    "要求",
    "呼吁",
    "邀请",
    "经过",
    "有关",
    "相关",
    "以下",
    "所谓",
    "一个",
    "这个",
    "那个",
    "其中",
    "以及",
    "透过",
    "如同",
    "例如",
    "针对",
    "面对",
    "成员",
    "有效",
    "称为",
    "名为",
    "就是",
    "对于",
    "由于",
    "基于",
    "至于",
    "鉴于",
    "随着",
    "为了",
    "除了",
    "对外",
    "回归",
    "负责",
    "主管",
    "管理",
    "承担",
    "实施",
    "执行",
    "开展",
    "进行",
    "负责人",
    "隶属",
    "直属",
];

/// Conjunctions: inside a term (经济合作与发展组织) or between two (日本与北约).
const CONJUNCTIONS: &[&str] = &["与", "和", "及", "暨", "同", "跟"];

fn is_stop(word: &str) -> bool {
    STOP.contains(&word) || !word.chars().all(|c| is_han(c) || c == '·')
}

fn is_conjunction(word: &str) -> bool {
    CONJUNCTIONS.contains(&word)
}

/// The line around byte `at`, at most 30 characters either side.
fn context(text: &str, at: usize) -> String {
    const AROUND: usize = 30;
    // Read from `at` outwards, so a file of one long line costs the same
    // per mention as any other.
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev().take(AROUND) {
        if c == '\n' {
            break;
        }
        start = i;
    }
    let mut end = at;
    for (i, c) in text[at..].char_indices().take(AROUND) {
        if c == '\n' {
            break;
        }
        end = at + i + c.len_utf8();
    }
    text[start..end].trim().replace('\t', " ")
}

/// The candidates as a glossary for review: one concept per group (a
/// variant's is the glossary's concept, so its new terms can be added to
/// it), every term admitted, and a note with the evidence.
pub fn to_glossary(candidates: &[Candidate]) -> Glossary {
    let mut order: Vec<usize> = Vec::new();
    let mut groups: HashMap<usize, Vec<&Candidate>> = HashMap::new();
    for c in candidates {
        if !groups.contains_key(&c.group) {
            order.push(c.group);
        }
        groups.entry(c.group).or_default().push(c);
    }
    let mut used: HashSet<String> = HashSet::new();
    let mut concepts = Vec::new();
    for g in order {
        let members = &groups[&g];
        let id = members
            .iter()
            .find_map(|c| c.concept.clone())
            .unwrap_or_else(|| {
                let base = members
                    .iter()
                    .find(|c| c.lang == Lang::En)
                    .map_or_else(|| format!("candidate-{}", g + 1), |c| slug(&c.term));
                let mut id = base.clone();
                let mut n = 2;
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            });
        used.insert(id.clone());
        let mut concept = Concept::new(id);
        let notes: Vec<String> = members
            .iter()
            .map(|c| {
                let mut note = format!(
                    "{} ({}): {} {} in {} file{}",
                    c.term,
                    c.novelty.as_str(),
                    c.pattern.as_str(),
                    c.count,
                    c.documents,
                    if c.documents == 1 { "" } else { "s" }
                );
                if let Some(e) = c.examples.first() {
                    note.push_str(&format!("; {}: {}", e.place(), e.context));
                }
                note
            })
            .collect();
        concept.note = Some(notes.join(" | "));
        for c in members {
            concept.terms.push(
                Term::new(c.term.clone(), c.lang)
                    .with_status(Status::Admitted)
                    .with_type(c.kind),
            );
        }
        concepts.push(concept);
    }
    Glossary { concepts }
}

/// Writes the candidates as a JSON array: per candidate `candidate`,
/// `lang`, `status` (new, variant, known), `concept` (or null), `type`,
/// `pattern`, `count`, `documents`, `pairs` (`term`, `lang`, `count`,
/// `units`) and `examples` (`file`, `line`, `segment`, `context`).
///
/// # Errors
///
/// When `out` fails.
pub fn write_json(out: &mut dyn Write, candidates: &[Candidate]) -> io::Result<()> {
    let all: Vec<serde_json::Value> = candidates
        .iter()
        .map(|c| {
            serde_json::json!({
                "candidate": c.term,
                "lang": c.lang.as_str(),
                "status": c.novelty.as_str(),
                "concept": c.concept,
                "type": c.kind.as_str(),
                "pattern": c.pattern.as_str(),
                "count": c.count,
                "documents": c.documents,
                "pairs": c.pairs,
                "examples": c.examples,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

/// Writes the candidates as TSV with a header: candidate, lang, status,
/// concept, type, pattern, count, documents, pairs (`term [lang] ×count,
/// units`, joined by ` | `) and the first example (`file:line` or
/// `file#segment`, then the context).
///
/// # Errors
///
/// When `out` fails.
pub fn write_tsv(out: &mut dyn Write, candidates: &[Candidate]) -> io::Result<()> {
    writeln!(
        out,
        "candidate\tlang\tstatus\tconcept\ttype\tpattern\tcount\tdocuments\tpairs\texample"
    )?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    for c in candidates {
        let pairs: Vec<String> = c
            .pairs
            .iter()
            .map(|p| format!("{} [{}] ×{}, {} units", p.term, p.lang, p.count, p.units))
            .collect();
        let example = c
            .examples
            .first()
            .map_or_else(String::new, |e| format!("{}: {}", e.place(), e.context));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            clean(&c.term),
            c.lang,
            c.novelty.as_str(),
            c.concept.as_deref().unwrap_or(""),
            c.kind.as_str(),
            c.pattern.as_str(),
            c.count,
            c.documents,
            clean(&pairs.join(" | ")),
            clean(&example),
        )?;
    }
    Ok(())
}

/// A concept id from an English term: lower case, words joined by `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Vec<String>)> {
        let extractor = Extractor::new(Tagger::bundled());
        extractor
            .mentions(text)
            .into_iter()
            .map(|m| {
                (
                    m.pattern.as_str().to_string(),
                    m.forms.into_iter().map(|f| f.text).collect(),
                )
            })
            .collect()
    }

    fn pair(pattern: &str, forms: &[&str]) -> (String, Vec<String>) {
        (
            pattern.to_string(),
            forms.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn a_clause_before_the_bracket_is_cut_at_its_function_word() {
        assert_eq!(
            found("美国国防部与日本防卫省成立的联合作战司令部（JJOC）"),
            [pair("zh-acronym", &["联合作战司令部", "JJOC"])]
        );
    }

    #[test]
    fn a_conjunction_inside_a_name_is_kept() {
        assert_eq!(
            found("日本加入了经济合作与发展组织（OECD）"),
            [pair("zh-acronym", &["经济合作与发展组织", "OECD"])]
        );
        assert_eq!(
            found("自美国战略与国际问题研究中心(CSIS)"),
            [pair("zh-acronym", &["美国战略与国际问题研究中心", "CSIS"])]
        );
        assert_eq!(
            found("例如通过竞争力和弹性伙伴关系 (CoRe)、"),
            [pair("zh-acronym", &["竞争力和弹性伙伴关系", "CoRe"])]
        );
        assert_eq!(
            found("和全球基础设施与投资伙伴关系(PGII)"),
            [pair("zh-acronym", &["全球基础设施与投资伙伴关系", "PGII"])]
        );
    }

    #[test]
    fn a_conjunction_before_a_glossary_term_separates() {
        assert_eq!(
            found("日本与北约(NATO)"),
            [pair("zh-acronym", &["北约", "NATO"])]
        );
    }

    #[test]
    fn full_name_and_acronym_in_brackets_full_or_half_width() {
        let want = [pair(
            "zh-full-acronym",
            &["印太经济框架", "Indo-Pacific Economic Framework", "IPEF"],
        )];
        assert_eq!(
            found("推动印太经济框架（Indo-Pacific Economic Framework，IPEF）"),
            want
        );
        assert_eq!(
            found("推动印太经济框架(Indo-Pacific Economic Framework, IPEF)"),
            want
        );
    }

    #[test]
    fn quoted_and_titled_terms_are_taken_whole() {
        assert_eq!(
            found("具全球協同意味的「戰略平台」(Strategic Platform)"),
            [pair("zh-full", &["戰略平台", "Strategic Platform"])]
        );
        assert_eq!(
            found("与《全面与进步跨太平洋伙伴关系协定》(CPTPP)"),
            [pair(
                "zh-acronym",
                &["全面与进步跨太平洋伙伴关系协定", "CPTPP"]
            )]
        );
    }

    #[test]
    fn a_transliterated_name_leaves_its_title_out() {
        assert_eq!(
            found("史汀生总裁兼首席执行官布赖恩·芬莱 (Brian Finlay) 继续"),
            [pair("zh-full", &["布赖恩·芬莱", "Brian Finlay"])]
        );
    }

    #[test]
    fn acronym_before_chinese() {
        assert_eq!(
            found("ATLA（防卫装备厅）负责"),
            [pair("acronym-zh", &["ATLA", "防卫装备厅"])]
        );
    }

    #[test]
    fn cues_state_short_forms_and_abbreviations() {
        assert_eq!(
            found("日方主導的第七屆非洲開發會議(英文縮寫TICAD VII)"),
            [pair("abbreviation", &["第七屆非洲開發會議", "TICAD VII"])]
        );
        assert_eq!(
            found("日本防卫省防卫装备厅（以下简称“装备厅”）"),
            [pair("short-form", &["日本防卫省防卫装备厅", "装备厅"])]
        );
        // A short form that does not shorten the clause before it is no
        // statement.
        assert!(found("防卫装备厅负责装备采购，以下简称“装备厅”。").is_empty());
        assert_eq!(
            found("就貨物貿易協定，英文縮寫為 TAG。"),
            [pair("abbreviation", &["貨物貿易協定", "TAG"])]
        );
    }

    #[test]
    fn so_called_marks_a_term() {
        assert_eq!(
            found("面臨的所謂「同盟困境」"),
            [pair("so-called", &["同盟困境"])]
        );
        assert_eq!(
            found("推动所谓「经济版2+2」机制"),
            [pair("so-called", &["经济版2+2"])]
        );
    }

    #[test]
    fn english_full_names_by_their_acronym_letters() {
        assert_eq!(
            found("the Japan Joint Operations Command (JJOC) opens"),
            [pair(
                "full-acronym",
                &["Japan Joint Operations Command", "JJOC"]
            )]
        );
        assert_eq!(
            found("the Organisation for Economic Co-operation and Development (OECD)"),
            [pair(
                "full-acronym",
                &[
                    "Organisation for Economic Co-operation and Development",
                    "OECD"
                ]
            )]
        );
        assert_eq!(
            found("the Competitiveness and Resilience Partnership (CoRe)"),
            [pair(
                "full-acronym",
                &["Competitiveness and Resilience Partnership", "CoRe"]
            )]
        );
        assert_eq!(
            found("The Economic Policy Consultative Committee (EPC) met"),
            [pair(
                "full-acronym",
                &["Economic Policy Consultative Committee", "EPC"]
            )]
        );
        // Words that do not fit the letters: no full name, the acronym
        // alone is counted.
        assert_eq!(
            found("he said it today (JJOC)"),
            [pair("acronym", &["JJOC"])]
        );
    }

    #[test]
    fn brackets_that_state_nothing_are_passed_over() {
        assert!(found("(一) 首腦會談(參見表1)，慧诺(编译)").is_empty());
    }

    #[test]
    fn context_is_the_line_around_a_mention_at_most_thirty_characters_each_way() {
        let line = "前".repeat(50) + "联合作战司令部（JJOC）" + &"后".repeat(50);
        let text = format!("第一行\n{line}\n第三行");
        let at = text.find('（').unwrap();
        let shown = context(&text, at);
        assert_eq!(shown.chars().count(), 60);
        assert!(shown.starts_with("前前") && shown.contains("联合作战司令部（JJOC）"));
        assert_eq!(context("短\n（X）\n", 4), "（X）");
    }

    #[test]
    fn uax29_keeps_abbreviations_whole() {
        let words: Vec<&str> = english_words("the U.S. didn't pay 3.5 bn")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(words, ["the", "U.S", "didn't", "pay", "3.5", "bn"]);
    }

    #[test]
    fn novelty_against_the_glossary() {
        let mut e = Extractor::new(Tagger::bundled());
        e.add_text(
            "a.txt",
            "統合作戰司令部（J-JOC）。新设的联合作战总部（JJOC）。日本加入了经济合作与发展组织（OECD）。",
        );
        let all = e.candidates(&Options {
            min_count: None,
            all: true,
        });
        let get = |t: &str| all.iter().find(|c| c.term() == t).unwrap();
        assert_eq!(get("統合作戰司令部").novelty(), Novelty::Known);
        assert_eq!(get("統合作戰司令部").concept(), Some("j-joc"));
        assert_eq!(get("联合作战总部").novelty(), Novelty::Variant);
        assert_eq!(get("联合作战总部").concept(), Some("j-joc"));
        assert_eq!(get("OECD").novelty(), Novelty::New);
        assert_eq!(get("经济合作与发展组织").lang(), Lang::ZhCn);
        let shown = e.candidates(&Options::default());
        assert!(shown.iter().all(|c| c.novelty() != Novelty::Known));
    }

    #[test]
    fn bilingual_units_support_a_pair() {
        let mut e = Extractor::new(Tagger::bundled());
        for id in ["1", "2"] {
            let seg = Segment::new(
                id,
                "The OECD met.",
                Some("经济合作与发展组织（OECD）开会。"),
            )
            .with_langs("en", "zh-CN");
            e.add_segment("a.tmx", &seg);
        }
        let c = e.candidates(&Options::default());
        let zh = c.iter().find(|c| c.term() == "经济合作与发展组织").unwrap();
        assert_eq!(zh.pairs()[0].term, "OECD");
        assert_eq!((zh.pairs()[0].count, zh.pairs()[0].units), (2, 2));
        assert_eq!(zh.examples()[0].segment.as_deref(), Some("1"));
    }

    #[test]
    fn an_acronym_is_held_as_a_whole_word() {
        assert!(holds("a new J-JOC in 2025", "J-JOC"));
        assert!(holds("(J-JOC)", "J-JOC"));
        assert!(!holds("the JJOCS", "JJOC"));
        assert!(holds(
            "the quadrilateral security dialogue",
            "Quadrilateral Security Dialogue"
        ));
    }

    #[test]
    fn a_bare_acronym_needs_two_sightings() {
        let mut e = Extractor::new(Tagger::bundled());
        e.add_text("a.txt", "The ZQXW said. Then the YPRT, and the YPRT again.");
        let terms: Vec<String> = e
            .candidates(&Options::default())
            .iter()
            .map(|c| c.term().to_string())
            .collect();
        assert_eq!(terms, ["YPRT"]);
        let once = e.candidates(&Options {
            min_count: Some(1),
            all: false,
        });
        assert_eq!(once.len(), 2);
    }
}
