//! Leftmost-longest term tagging over a compiled glossary.
//!
//! The tagger scans the text once, left to right, and asks at each
//! character the cheapest question first. An 8 KiB bit set of the raw
//! characters whose folded form begins a key turns many positions of
//! running text away from the first level of cache; where one may begin,
//! a key of two characters or more also needs the next character second in
//! some key (a second 8 KiB set), or, when nearly every character is, the
//! two characters' ids in a set of the keys' two-character prefixes — all
//! without leaving the scan loop. Inside a Latin word nothing can begin
//! (keys need a boundary), and a Latin word that begins no key, by a set of
//! the keys' first words, is passed over whole. Only then is the second
//! character looked up among its root's, and the rest compared with the
//! one term that can follow (most prefixes have one) or the fst walked with
//! the text's folded characters for as long as it has transitions, through
//! the `nodes` module, which reads of each node only what the step needs. The
//! tagger keeps the longest key that ends there and whose term also passes
//! its checks: boundaries for Latin-script ends, the exact case for terms
//! written with capitals (the flags travel in the fst's values, so most
//! matches are accepted without reading a term). A match consumes its
//! span; matches never overlap, and a [`Match`] reads its term's and
//! concept's strings only when asked.
//!
//! Offsets are byte offsets into the caller's text, whatever folding did,
//! because every fold maps one character to one character and whitespace
//! runs are consumed whole (see [`crate::normalize`]).

use std::fmt;

use crate::compile::{self, BuildError, LoadError};
use crate::format::{read_u32, ConceptRecord, Layout, TermEntry, TermRecord, BMP_SET};
use crate::glossary::{Glossary, Lang, Status, TermType};
pub use crate::scan::FindIter;

/// Builds a [`Tagger`] from a [`Glossary`], validating it.
///
/// ```
/// use shuyu::{Concept, Glossary, Lang, Term, TaggerBuilder};
///
/// let glossary = Glossary {
///     concepts: vec![Concept::new("aukus")
///         .with_term(Term::new("AUKUS", Lang::En))
///         .with_term(Term::new("奥库斯", Lang::ZhCn))],
/// };
/// let tagger = TaggerBuilder::new().build(&glossary)?;
/// let found: Vec<_> = tagger.find_iter("ＡＵＫＵＳ与奥库斯").map(|m| m.concept()).collect();
/// assert_eq!(found, ["aukus", "aukus"]);
/// # Ok::<(), shuyu::compile::BuildError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct TaggerBuilder {
    _private: (),
}

impl TaggerBuilder {
    /// A builder with the default (and, for now, only) matching rules.
    pub fn new() -> TaggerBuilder {
        TaggerBuilder::default()
    }

    /// Compiles the glossary.
    ///
    /// # Errors
    ///
    /// When the glossary has no terms, an empty term, an empty or duplicate
    /// concept id, or is too large for the compiled format.
    pub fn build(&self, glossary: &Glossary) -> Result<Tagger, BuildError> {
        let bytes = compile::compile(glossary)?;
        Ok(Tagger::from_bytes(bytes).expect("a glossary just compiled loads"))
    }
}

/// A compiled glossary that tags text.
///
/// `D` holds the compiled bytes: a `Vec<u8>` when built or read from a file,
/// a `&'static [u8]` from `include_bytes!`, or a memory map.
#[derive(Clone)]
pub struct Tagger<D = Vec<u8>> {
    data: D,
    layout: Layout,
    /// Whether the scan asks if a character is second in some key (see
    /// [`FindIter`]).
    pub(crate) follows: bool,
    /// Whether short Chinese matches must be words of the text (see
    /// [`Tagger::with_word_check`]).
    word_check: bool,
}

impl<D> fmt::Debug for Tagger<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tagger")
            .field("concepts", &self.layout.concept_count())
            .field("terms", &self.layout.term_count())
            .finish()
    }
}

impl Tagger {
    /// Compiles a glossary with the default rules; see [`TaggerBuilder`].
    ///
    /// # Errors
    ///
    /// As [`TaggerBuilder::build`].
    pub fn new(glossary: &Glossary) -> Result<Tagger, BuildError> {
        TaggerBuilder::new().build(glossary)
    }
}

impl<D: AsRef<[u8]>> Tagger<D> {
    /// Loads a compiled glossary (as written by [`Tagger::as_bytes`] or
    /// `shuyu compile`), checking it without parsing or allocating per term.
    ///
    /// # Errors
    ///
    /// When the bytes are not a compiled glossary, are of another format
    /// version, or are damaged.
    pub fn from_bytes(data: D) -> Result<Tagger<D>, LoadError> {
        let layout = Layout::parse(data.as_ref())?;
        // Past about 2,600 characters (an eighth of the CJK block), most
        // positions of Chinese text pass the question, which then costs
        // more than it saves.
        let set: u32 = data.as_ref()[layout.begins.clone()][BMP_SET..]
            .iter()
            .map(|b| b.count_ones())
            .sum();
        let follows = set < 2_600;
        Ok(Tagger {
            data,
            layout,
            follows,
            word_check: true,
        })
    }

    /// The same tagger with the Chinese word check on (the default) or off.
    ///
    /// With it on, a Chinese match of up to
    /// [`MAX_CHECKED_CHARS`](crate::words::MAX_CHECKED_CHARS) characters
    /// counts only where it is a word of the text, as the most probable
    /// segmentation of its context tells (see [`crate::words`]): 川普 is
    /// found in 与川普会谈 but not in 四川普通话. Off, every occurrence of a
    /// key matches.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let text = "他说四川普通话，与川普会谈。";
    /// let found: Vec<_> = tagger.find_iter(text).map(|m| &text[m.range()]).collect();
    /// assert_eq!(found, ["川普"]);
    /// let raw = tagger.clone().with_word_check(false);
    /// assert_eq!(raw.find_iter(text).count(), 2);
    /// ```
    pub fn with_word_check(mut self, on: bool) -> Tagger<D> {
        self.word_check = on;
        self
    }

    /// Whether the Chinese word check is on; see [`Tagger::with_word_check`].
    pub fn word_check(&self) -> bool {
        self.word_check
    }

    /// The compiled bytes, to write to a file and load later.
    pub fn as_bytes(&self) -> &[u8] {
        self.data.as_ref()
    }

    fn dict(&self) -> Dict<'_> {
        Dict {
            bytes: self.data.as_ref(),
            layout: &self.layout,
        }
    }

    /// The number of concepts.
    pub fn concept_count(&self) -> usize {
        self.layout.concept_count()
    }

    /// The number of terms.
    pub fn term_count(&self) -> usize {
        self.layout.term_count()
    }

    /// The concepts, in glossary order.
    pub fn concepts(&self) -> impl Iterator<Item = ConceptRef<'_>> + '_ {
        let dict = self.dict();
        (0..self.concept_count()).map(move |i| dict.concept(i))
    }

    /// Every term whose key is the matched one, in glossary order: the
    /// matched term and those written the same after folding (数字经济 and
    /// 數字經濟), which may belong to other locales or concepts.
    ///
    /// ```
    /// use shuyu::{Lang, Tagger};
    /// let tagger = Tagger::bundled();
    /// let m = tagger.find_iter("台海").next().unwrap();
    /// let langs: Vec<Lang> = tagger.same_key(&m).map(|t| t.lang()).collect();
    /// assert_eq!(langs, [Lang::ZhCn, Lang::ZhTw, Lang::ZhTw]);
    /// ```
    pub fn same_key<'g>(&'g self, m: &Match<'_>) -> impl Iterator<Item = TermRef<'g>> + 'g {
        let dict = self.dict();
        dict.group(u64::from(m.group))
            .1
            .map(move |e| dict.term(TermEntry(e).term()))
    }

    /// How the wording of a match stands in a text in `lang`, from every
    /// term of its concept that shares its key (so 台海, a zh-CN and a zh-TW
    /// term at once, serves both). With `acronyms`, an acronym of any
    /// language serves (Chinese translations keep AUKUS in Latin letters).
    ///
    /// ```
    /// use shuyu::{tagger::Usage, Lang, Tagger};
    /// let t = Tagger::bundled();
    /// let usage = |text: &str, lang| t.usage(&t.find_iter(text).next().unwrap(), lang, false);
    /// assert_eq!(usage("特朗普", Lang::ZhCn), Usage::Preferred);
    /// assert_eq!(usage("川普", Lang::ZhCn), Usage::OtherLocale);
    /// assert_eq!(usage("台海", Lang::ZhTw), Usage::Admitted);
    /// assert_eq!(usage("核心伙伴关系", Lang::ZhTw), Usage::Deprecated);
    /// assert_eq!(usage("AUKUS", Lang::ZhCn), Usage::OtherLanguage);
    /// assert_eq!(t.usage(&t.find_iter("AUKUS").next().unwrap(), Lang::ZhCn, true), Usage::Preferred);
    /// ```
    pub fn usage(&self, m: &Match<'_>, lang: Lang, acronyms: bool) -> Usage {
        let concept = m.term.concept_index();
        // The concept's terms with this key that are not deprecated, read
        // afresh for each question (a group has a few terms): this runs for
        // every term a checked target has.
        let live = || {
            self.same_key(m)
                .filter(move |t| t.concept_index() == concept && t.status() != Status::Deprecated)
        };
        if live().next().is_none() {
            return Usage::Deprecated;
        }
        let serving =
            live().filter(|t| t.lang().covers(lang) || (acronyms && t.kind() == TermType::Acronym));
        let mut admitted = false;
        for t in serving {
            if t.status() == Status::Preferred {
                return Usage::Preferred;
            }
            admitted = true;
        }
        if admitted {
            return Usage::Admitted;
        }
        if !matches!(lang, Lang::ZhCn | Lang::ZhTw) || !live().any(|t| t.lang().is_chinese()) {
            return Usage::OtherLanguage;
        }
        // Wording built on a term this locale approves (威懾能力 on zh-TW's
        // 威懾) is that wording in this locale's script, not the other
        // locale's: admitted, not wrong.
        let key = crate::normalize::key(m.term());
        let built_on = m.concept_ref().approved(lang).iter().any(|t| {
            let own = crate::normalize::key(t.text());
            own.chars().count() >= 2 && key.contains(&own)
        });
        if built_on {
            Usage::Admitted
        } else {
            Usage::OtherLocale
        }
    }

    /// What to write for the match in a text in `lang` (for a deprecated
    /// or other-locale term): the term of the same wording that serves
    /// `lang`, if one does; else the approved term of `lang` of the
    /// match's type (an acronym for an acronym, a full form for a full
    /// form, a short form for a short form), preferred first; else the
    /// preferred terms. So 钓鱼岛及其附属岛屿 in a zh-TW text gives 釣魚台列嶼,
    /// its full form, and 钓鱼岛 gives 釣魚台.
    ///
    /// ```
    /// use shuyu::{Lang, Tagger};
    /// let t = Tagger::bundled();
    /// let say = |text: &str, lang| -> Vec<&str> {
    ///     let m = t.find_iter(text).next().unwrap();
    ///     t.counterparts(&m, lang).iter().map(|t| t.text()).collect()
    /// };
    /// assert_eq!(say("钓鱼岛及其附属岛屿", Lang::ZhTw), ["釣魚台列嶼"]);
    /// assert_eq!(say("钓鱼岛", Lang::ZhTw), ["釣魚台"]);
    /// assert_eq!(say("川普", Lang::ZhCn), ["特朗普"]);
    /// ```
    pub fn counterparts<'g>(&'g self, m: &Match<'_>, lang: Lang) -> Vec<TermRef<'g>> {
        let concept = m.term.concept_index();
        let serves = |t: &TermRef<'_>| t.status() != Status::Deprecated && t.lang().covers(lang);
        if let Some(same) = self
            .same_key(m)
            .find(|t| t.concept_index() == concept && serves(t) && t.text() != m.term())
        {
            return vec![same];
        }
        let Some(c) = self.concept_at(concept) else {
            return Vec::new();
        };
        let approved = c.approved(lang);
        match approved.iter().find(|t| t.kind() == m.term_ref().kind()) {
            Some(&t) => vec![t],
            None => c.preferred(lang).collect(),
        }
    }

    /// The concept at this index (see [`TermRef::concept_index`]).
    pub fn concept_at(&self, index: usize) -> Option<ConceptRef<'_>> {
        (index < self.concept_count()).then(|| self.dict().concept(index))
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<ConceptRef<'_>> {
        self.concepts().find(|c| c.id() == id)
    }

    /// The term with this index (see [`Match::term_index`]).
    pub fn term(&self, index: usize) -> Option<TermRef<'_>> {
        (index < self.term_count()).then(|| self.dict().term(index))
    }

    /// Whether [`Tagger::term_counts`] cuts a text of `len` bytes into
    /// pieces: below that, counting it match by match is as fast, and needs
    /// no table of every term.
    pub(crate) fn counts_in_pieces(len: usize) -> bool {
        len >= 2 * PIECE
    }

    /// How many matches of each term `text` has, by term index
    /// ([`Match::term_index`]): what counting [`Tagger::find_iter`]'s
    /// matches gives, on all cores. A large text is cut into pieces at
    /// character boundaries, scanned in parallel, and the seams mended: the
    /// scan of a piece goes on past its end until it reaches a position
    /// where the next piece's scan is also between matches, and the matches
    /// both found there count once.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let counts = tagger.term_counts("川普政府与川普会谈，四方安全对话");
    /// let trump = tagger.find_iter("川普").next().unwrap().term_index();
    /// assert_eq!(counts[trump], 1);
    /// assert_eq!(counts.iter().sum::<usize>(), 3);
    /// ```
    pub fn term_counts(&self, text: &str) -> Vec<usize>
    where
        D: Sync,
    {
        self.counts_by_pieces(text, &cuts(text))
    }

    /// [`Tagger::term_counts`] with the text cut at `cuts` (ascending
    /// character boundaries).
    pub(crate) fn counts_by_pieces(&self, text: &str, cuts: &[usize]) -> Vec<usize>
    where
        D: Sync,
    {
        let n = self.term_count();
        let counted = crate::parallel::map(&pieces(text, cuts), |&(from, to, limit)| {
            let (mut own, mut shared) = (vec![0usize; n], Vec::new());
            let scan = self.find_iter(text).starting_at(from);
            let next = self.find_iter(text).starting_at(to);
            let mended = scan.count_piece(next, to, limit, &mut own, &mut shared);
            (own, shared, mended)
        });
        if counted.iter().any(|(_, _, mended)| !mended) {
            // A seam ran past the next piece (matches overlapping over a
            // whole piece): count in one scan.
            let mut counts = vec![0; n];
            self.find_iter(text)
                .for_each(|m| counts[m.term_index()] += 1);
            return counts;
        }
        // Each piece's shared matches are the next piece's to count: all
        // are added before any is taken away.
        let mut counts = vec![0usize; n];
        for (own, _, _) in &counted {
            for (total, k) in counts.iter_mut().zip(own) {
                *total += k;
            }
        }
        for term in counted.iter().flat_map(|(_, shared, _)| shared) {
            counts[*term] -= 1;
        }
        counts
    }

    /// The matches of [`Tagger::find_iter`], on all cores: a large text is
    /// cut into pieces and scanned as [`Tagger::term_counts`] does, each
    /// piece's matches kept up to its seam with the next.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let text = "日本加入四方安全对话。".repeat(1000);
    /// let all = tagger.find_all(&text);
    /// assert_eq!(all.len(), 2000);
    /// assert!(all.iter().copied().eq(tagger.find_iter(&text)));
    /// ```
    pub fn find_all<'g>(&'g self, text: &str) -> Vec<Match<'g>>
    where
        D: Sync,
    {
        self.matches_by_pieces(text, &cuts(text))
    }

    /// [`Tagger::find_all`] with the text cut at `cuts` (ascending
    /// character boundaries).
    pub(crate) fn matches_by_pieces<'g>(&'g self, text: &str, cuts: &[usize]) -> Vec<Match<'g>>
    where
        D: Sync,
    {
        let found = crate::parallel::map(&pieces(text, cuts), |&(from, to, limit)| {
            let mut own = Vec::new();
            let scan = self.find_iter(text).starting_at(from);
            let next = self.find_iter(text).starting_at(to);
            let seam = scan.piece(next, to, limit, |m| own.push(m), |_| {});
            (own, seam)
        });
        let (owns, seams): (Vec<Vec<Match<'g>>>, Vec<Option<usize>>) = found.into_iter().unzip();
        let Some(seams) = seams.into_iter().collect::<Option<Vec<usize>>>() else {
            // A seam ran past the next piece: one scan.
            return self.find_iter(text).collect();
        };
        // A piece's first matches, before the seam of the one before it,
        // are that piece's.
        let mut all = Vec::with_capacity(owns.iter().map(Vec::len).sum());
        for (own, from) in owns.into_iter().zip(std::iter::once(0).chain(seams)) {
            all.extend(own.into_iter().filter(|m| m.start() >= from));
        }
        all
    }

    /// The glossary's keys, as the Chinese word check asks for them.
    pub(crate) fn keys(&self) -> crate::scan::Tables<'_> {
        crate::scan::Tables::new(self.dict())
    }

    /// The matches in `text`, leftmost-longest, none overlapping.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let text = "加入《全面与进步跨太平洋伙伴关系协定》(CPTPP)";
    /// let found: Vec<_> = tagger.find_iter(text).map(|m| (&text[m.range()], m.concept())).collect();
    /// assert_eq!(found, [("全面与进步跨太平洋伙伴关系协定", "cptpp"), ("CPTPP", "cptpp")]);
    /// ```
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> FindIter<'g, 't> {
        FindIter::new(self.dict(), self.follows, self.word_check, text)
    }
}

/// The least a piece of a text counted on several threads holds (see
/// [`Tagger::term_counts`]): 1 MiB, a few pieces per core so that an uneven
/// one does not leave a core idle.
const PIECE: usize = 1 << 20;

/// Where [`Tagger::term_counts`] and [`Tagger::find_all`] cut `text`: a few
/// pieces per core at character boundaries, none for a text under two
/// pieces.
fn cuts(text: &str) -> Vec<usize> {
    let pieces = if Tagger::<&[u8]>::counts_in_pieces(text.len()) {
        (crate::parallel::threads() * 4).min(text.len() / PIECE)
    } else {
        1
    };
    (1..pieces)
        .map(|i| {
            let mut at = text.len() * i / pieces;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        })
        .collect()
}

/// The pieces between `cuts`, each as its start, its end, and the end of
/// the piece after it (the text's end for the last): how far its seam may
/// run.
fn pieces(text: &str, cuts: &[usize]) -> Vec<(usize, usize, usize)> {
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .chain(std::iter::once(text.len()))
        .collect();
    (0..bounds.len() - 1)
        .map(|i| {
            (
                bounds[i],
                bounds[i + 1],
                bounds.get(i + 2).copied().unwrap_or(text.len()),
            )
        })
        .collect()
}

/// A read-only view of the compiled tables.
#[derive(Clone, Copy)]
pub(crate) struct Dict<'g> {
    pub(crate) bytes: &'g [u8],
    pub(crate) layout: &'g Layout,
}

impl<'g> Dict<'g> {
    /// A string of the table. Each was checked on load; checking the few
    /// bytes of one again is cheap and keeps the crate free of `unsafe`,
    /// where checking the whole table on every call was not.
    pub(crate) fn string(&self, off: u32, len: u32) -> &'g str {
        std::str::from_utf8(self.string_bytes(off, len)).unwrap_or_default()
    }

    /// [`Dict::string`]'s bytes, not checked to be UTF-8.
    pub(crate) fn string_bytes(&self, off: u32, len: u32) -> &'g [u8] {
        self.strings()
            .get(off as usize..off as usize + len as usize)
            .unwrap_or_default()
    }

    /// The strings section, for comparing a term's text without checking
    /// it first.
    pub(crate) fn strings(&self) -> &'g [u8] {
        &self.bytes[self.layout.strings.clone()]
    }

    pub(crate) fn term_record(&self, i: usize) -> TermRecord<'g> {
        TermRecord(&self.bytes[self.layout.term_record(i)])
    }

    pub(crate) fn concept_record(&self, i: usize) -> ConceptRecord<'g> {
        ConceptRecord(&self.bytes[self.layout.concept_record(i)])
    }

    // Terms and concepts are read from their records when asked, so a
    // match costs nothing for what its user never looks at.
    pub(crate) fn term(&self, i: usize) -> TermRef<'g> {
        TermRef {
            dict: *self,
            index: i as u32,
        }
    }

    pub(crate) fn concept(&self, i: usize) -> ConceptRef<'g> {
        ConceptRef {
            dict: *self,
            index: i as u32,
        }
    }

    /// The entries of a key's value (one inline, or a group's), none if
    /// the table is damaged.
    pub(crate) fn group(&self, value: u64) -> (usize, impl Iterator<Item = u32> + 'g) {
        let groups = &self.bytes[self.layout.groups.clone()];
        let words = groups.len() / 4;
        let terms = self.layout.term_count();
        let inline = value & 1 == 1;
        let at = (value >> 1) as usize;
        let n = if inline {
            1
        } else if at < words {
            read_u32(groups, at * 4) as usize
        } else {
            0
        };
        let n = if inline || at + 1 + n <= words { n } else { 0 };
        let entries = (0..n)
            .map(move |j| {
                if inline {
                    at as u32
                } else {
                    read_u32(groups, (at + 1 + j) * 4)
                }
            })
            .filter(move |&e| TermEntry(e).term() < terms);
        (n, entries)
    }
}

/// A concept of a compiled glossary.
#[derive(Clone, Copy)]
pub struct ConceptRef<'g> {
    dict: Dict<'g>,
    index: u32,
}

impl fmt::Debug for ConceptRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConceptRef")
            .field("id", &self.id())
            .finish()
    }
}

impl<'g> ConceptRef<'g> {
    fn record(&self) -> ConceptRecord<'g> {
        self.dict.concept_record(self.index as usize)
    }

    /// The subject (0) or the note (1), when the concept has it.
    fn extra(&self, which: usize) -> Option<&'g str> {
        let strings = self.dict.strings();
        let range = self.record().extras(strings)?[which].clone();
        std::str::from_utf8(&strings[range])
            .ok()
            .filter(|s| !s.is_empty())
    }

    /// The concept's id.
    pub fn id(&self) -> &'g str {
        let r = self.record();
        self.dict.string(r.offset(), r.id_len())
    }

    /// Its position in the glossary.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// Its subject field.
    pub fn subject(&self) -> Option<&'g str> {
        self.extra(0)
    }

    /// Its note.
    pub fn note(&self) -> Option<&'g str> {
        self.extra(1)
    }

    /// Its terms, in glossary order.
    pub fn terms(&self) -> impl Iterator<Item = TermRef<'g>> + 'g {
        let (dict, r) = (self.dict, self.record());
        (r.first()..r.first() + r.count()).map(move |i| dict.term(i as usize))
    }

    /// Its terms that may be used in `lang`: not deprecated, preferred
    /// first, then admitted, each in glossary order.
    pub fn approved(&self, lang: Lang) -> Vec<TermRef<'g>> {
        let mut terms: Vec<TermRef<'g>> = self
            .terms()
            .filter(|t| t.status() != Status::Deprecated && t.lang().covers(lang))
            .collect();
        terms.sort_by_key(|t| t.status());
        terms
    }

    /// Its preferred terms that serve `lang`.
    pub fn preferred(&self, lang: Lang) -> impl Iterator<Item = TermRef<'g>> + 'g {
        self.terms()
            .filter(move |t| t.status() == Status::Preferred && t.lang().covers(lang))
    }
}

/// A term of a compiled glossary.
#[derive(Clone, Copy)]
pub struct TermRef<'g> {
    dict: Dict<'g>,
    index: u32,
}

impl PartialEq for TermRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && std::ptr::eq(self.dict.bytes, other.dict.bytes)
    }
}

impl Eq for TermRef<'_> {}

impl fmt::Debug for TermRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TermRef")
            .field("index", &self.index)
            .field("text", &self.text())
            .field("concept", &self.concept())
            .field("lang", &self.lang())
            .field("status", &self.status())
            .field("kind", &self.kind())
            .finish()
    }
}

impl<'g> TermRef<'g> {
    fn record(&self) -> TermRecord<'g> {
        self.dict.term_record(self.index as usize)
    }

    /// The term as the glossary writes it.
    pub fn text(&self) -> &'g str {
        let r = self.record();
        self.dict.string(r.text_offset(), r.text_len())
    }

    /// The term's text as the compiled glossary holds it, not checked to be
    /// UTF-8 (for comparing; see [`TermRef::text`]).
    pub(crate) fn bytes(&self) -> &'g [u8] {
        let r = self.record();
        self.dict.string_bytes(r.text_offset(), r.text_len())
    }

    /// The id of its concept.
    pub fn concept(&self) -> &'g str {
        self.dict.concept(self.concept_index()).id()
    }

    /// The index of its concept.
    pub fn concept_index(&self) -> usize {
        self.record().concept() as usize
    }

    /// Its concept, with the concept's terms in every language.
    pub fn concept_ref(&self) -> ConceptRef<'g> {
        self.dict.concept(self.concept_index())
    }

    /// Its index among the glossary's terms.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    // Load checked every record's values, so the defaults are never used.

    /// Its language.
    pub fn lang(&self) -> Lang {
        Lang::from_u8(self.record().lang()).unwrap_or(Lang::En)
    }

    /// Its status.
    pub fn status(&self) -> Status {
        Status::from_u8(self.record().status()).unwrap_or(Status::Admitted)
    }

    /// Its type.
    pub fn kind(&self) -> TermType {
        TermType::from_u8(self.record().kind()).unwrap_or_default()
    }
}

/// How a match's wording stands in a text of some language; see
/// [`Tagger::usage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// A preferred term of that language.
    Preferred,
    /// An admitted term of that language, none of its forms preferred.
    Admitted,
    /// Every term written so is deprecated.
    Deprecated,
    /// A term of the other Chinese locale only (川普 in a zh-CN text).
    OtherLocale,
    /// A term of another language (English in Chinese text, or the
    /// reverse): a quotation, not a wording choice.
    OtherLanguage,
}

/// A term found in a text: a small `Copy` value that borrows the glossary's
/// strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'g> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: TermRef<'g>,
    /// The group of terms that share the matched key.
    pub(crate) group: u32,
}

impl<'g> Match<'g> {
    /// Byte offset of the match's start in the text.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset of the match's end in the text.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start()..end()`, to slice the text with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The id of the matched concept.
    pub fn concept(&self) -> &'g str {
        self.term.concept()
    }

    /// The glossary term matched, as the glossary writes it.
    pub fn term(&self) -> &'g str {
        self.term.text()
    }

    /// The matched term's language.
    pub fn lang(&self) -> Lang {
        self.term.lang()
    }

    /// The matched term's status.
    pub fn status(&self) -> Status {
        self.term.status()
    }

    /// The matched term, with its index and type.
    pub fn term_ref(&self) -> TermRef<'g> {
        self.term
    }

    /// The matched concept, with its terms in every language: from a match
    /// to the term a translation should use, in one call.
    ///
    /// ```
    /// use shuyu::{Lang, Tagger};
    /// let m = Tagger::bundled().find_iter("日本行使集體自衛權").nth(1).unwrap();
    /// let english = m.concept_ref().approved(Lang::En);
    /// assert_eq!(english[0].text(), "right of collective self-defense");
    /// ```
    pub fn concept_ref(&self) -> ConceptRef<'g> {
        self.term.concept_ref()
    }

    /// The index of the matched term (see [`Tagger::term`]).
    pub fn term_index(&self) -> usize {
        self.term.index as usize
    }
}

#[cfg(test)]
mod forged {
    use crate::checksum::checksum;
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn damaged_tables_with_a_matching_checksum_tag_without_panicking() {
        // The checksum catches damage, not forgery: whatever the tables
        // say, every read is bounds-checked.
        let mut g = Glossary::new();
        for (i, (zh, en)) in [
            ("集体自卫权", "right of collective self-defense"),
            ("四方安全对话", "Quad"),
            ("日", "Japan"),
            ("联合作战司令部", "J-JOC"),
            ("台湾海峡", "Taiwan Strait"),
            ("台湾", "Taiwan"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut c = Concept::new(format!("c{i}"));
            c.terms.push(Term::new(zh, Lang::ZhCn));
            c.terms.push(Term::new(en, Lang::En));
            g.concepts.push(c);
        }
        let good = Tagger::new(&g).unwrap().as_bytes().to_vec();
        let text = "日本的集體自衛權、四方安全对话(Quad)与 J‐JOC：台湾海峡 Taiwan Strait's";
        let mut loaded = 0;
        // About fifty places in each section, whatever its size.
        let sections = (0..11).map(|i| {
            let field = |k: usize| crate::format::read_u32(&good, 24 + i * 8 + k) as usize;
            (field(0), field(4))
        });
        let places = sections.flat_map(|(off, len)| (off..off + len).step_by((len / 50).max(1)));
        for at in places {
            for flip in [0x01u8 << (at % 7), 0xFF] {
                let mut bytes = good.clone();
                bytes[at] ^= flip;
                let sum = checksum(&bytes[24..]);
                bytes[16..24].copy_from_slice(&sum.to_le_bytes());
                if let Ok(tagger) = Tagger::from_bytes(bytes) {
                    loaded += 1;
                    for m in tagger.find_iter(text) {
                        let _ = (m.concept(), m.term(), tagger.same_key(&m).count());
                    }
                }
            }
        }
        assert!(loaded > 500, "only {loaded} damaged files loaded");
    }
}

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        assert_send_sync::<super::Tagger>();
        assert_send_sync::<super::Tagger<&'static [u8]>>();
        assert_send_sync::<super::Match<'static>>();
        assert_send_sync::<super::TaggerBuilder>();
    }
}

/// An error opening a glossary file for tagging: the file could not be read
/// or parsed, or its glossary could not be compiled.
#[derive(Debug)]
pub struct OpenError {
    file: std::path::PathBuf,
    kind: OpenErrorKind,
}

/// Why a glossary file could not be opened; see [`OpenError::kind`].
#[derive(Debug)]
#[non_exhaustive]
pub enum OpenErrorKind {
    /// The file could not be read, or is not a well-formed glossary.
    Parse(crate::formats::ParseError),
    /// The glossary read cannot be compiled.
    Build(BuildError),
    /// The compiled glossary cannot be loaded.
    Load(LoadError),
}

impl OpenError {
    /// The file that failed.
    pub fn file(&self) -> &std::path::Path {
        &self.file
    }

    /// What failed.
    pub fn kind(&self) -> &OpenErrorKind {
        &self.kind
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            OpenErrorKind::Parse(e) => write!(f, "{e}"),
            OpenErrorKind::Build(e) => write!(f, "{}: {e}", self.file.display()),
            OpenErrorKind::Load(e) => write!(f, "{}: {e}", self.file.display()),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            OpenErrorKind::Parse(e) => Some(e),
            OpenErrorKind::Build(e) => Some(e),
            OpenErrorKind::Load(e) => Some(e),
        }
    }
}

impl Tagger {
    /// Opens a glossary file for tagging: a compiled glossary (as written by
    /// `shuyu compile`) is loaded as it is; TBX, TSV/CSV and `.terms` files
    /// are read and compiled.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, is not a well-formed glossary, or its
    /// glossary does not compile; the error names the file (and the line).
    pub fn open(path: &std::path::Path) -> Result<Tagger, OpenError> {
        Tagger::open_noting(path).map(|(tagger, _)| tagger)
    }

    /// [`Tagger::open`], with what the user should be told about the
    /// glossary as read ([`crate::formats::glossary_notes`]: ids given to
    /// duplicate concepts, terms in other languages kept but not used).
    ///
    /// # Errors
    ///
    /// As [`Tagger::open`].
    pub fn open_noting(path: &std::path::Path) -> Result<(Tagger, Vec<String>), OpenError> {
        let fail = |kind| OpenError {
            file: path.to_path_buf(),
            kind,
        };
        let bytes = crate::formats::read_file(path).map_err(|e| fail(OpenErrorKind::Parse(e)))?;
        if compile::is_compiled(&bytes) {
            let tagger = Tagger::from_bytes(bytes).map_err(|e| fail(OpenErrorKind::Load(e)))?;
            return Ok((tagger, Vec::new()));
        }
        let (glossary, notices) = crate::formats::read_glossary_noting(&bytes, path)
            .map_err(|e| fail(OpenErrorKind::Parse(e)))?;
        let notes = crate::formats::glossary_notes(path, &glossary, &notices);
        let tagger = Tagger::new(&glossary).map_err(|e| fail(OpenErrorKind::Build(e)))?;
        Ok((tagger, notes))
    }
}

#[cfg(test)]
mod pieces {
    use proptest::prelude::*;

    use crate::tagger::cuts;
    use crate::{Concept, Glossary, Lang, Match, Tagger, Term};

    /// Terms that overlap one another every way, so that seams fall inside
    /// chains of candidate matches; an exception; short Chinese terms the
    /// word check looks at.
    fn tagger(word_check: bool) -> Tagger {
        let mut g = Glossary::new();
        for (i, t) in [
            "ab", "甲乙", "乙丙", "丙丁", "丁戊", "e f", "川普", "四方", "中东", "东京", "美国",
        ]
        .iter()
        .enumerate()
        {
            let lang = if t.is_ascii() { Lang::En } else { Lang::ZhCn };
            g.concepts
                .push(Concept::new(format!("c{i}")).with_term(Term::new(*t, lang)));
        }
        g.concepts[6].exceptions = vec!["四川普通话".into()];
        Tagger::new(&g).unwrap().with_word_check(word_check)
    }

    fn one_scan(tagger: &Tagger, text: &str) -> Vec<usize> {
        let mut counts = vec![0; tagger.term_count()];
        tagger
            .find_iter(text)
            .for_each(|m| counts[m.term_index()] += 1);
        counts
    }

    const PIECES: &[&str] = &[
        "a", "b", " ", "e", "f", "甲", "乙", "丙", "丁", "戊", "川", "普", "四", "方", "通", "话",
        "中", "东", "京", "美", "国", "其", "。",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn counts_and_matches_by_pieces_are_the_one_scans(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80),
            cuts in prop::collection::vec(0usize..1000, 0..6),
            word_check in any::<bool>(),
        ) {
            let tagger = tagger(word_check);
            let text: String = pieces.concat();
            let mut cuts: Vec<usize> = cuts
                .into_iter()
                .map(|c| c % (text.len() + 1))
                .filter(|&c| text.is_char_boundary(c))
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            prop_assert_eq!(tagger.counts_by_pieces(&text, &cuts), one_scan(&tagger, &text));
            let matches: Vec<Match> = tagger.find_iter(&text).collect();
            prop_assert_eq!(tagger.matches_by_pieces(&text, &cuts), matches);
        }
    }

    #[test]
    fn a_seam_inside_a_chain_of_overlapping_terms_is_mended() {
        // 甲乙|乙丙|丙丁|丁戊: the scan from a cut inside 甲乙 finds 乙丙, which
        // reaches past 甲乙, where the first scan finds 丙丁.
        for word_check in [false, true] {
            let tagger = tagger(word_check);
            let text = "x 甲乙丙丁戊 甲乙丙丁 y";
            let one = one_scan(&tagger, text);
            let matches: Vec<Match> = tagger.find_iter(text).collect();
            for (cut, _) in text.char_indices() {
                assert_eq!(tagger.counts_by_pieces(text, &[cut]), one, "cut at {cut}");
                assert_eq!(
                    tagger.matches_by_pieces(text, &[cut]),
                    matches,
                    "cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn a_large_text_is_scanned_in_pieces_as_in_one_scan() {
        let tagger = Tagger::bundled();
        let unit = "四方安全对话，川普与四川普通话；美国的中东盟友。The Quad met in Tokyo. ";
        let text = unit.repeat((3 << 20) / unit.len());
        assert!(!cuts(&text).is_empty());
        assert_eq!(tagger.term_counts(&text), one_scan(tagger, &text));
        let matches: Vec<Match> = tagger.find_iter(&text).collect();
        assert_eq!(tagger.find_all(&text), matches);
    }
}
