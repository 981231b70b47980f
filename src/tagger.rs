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
use crate::format::{
    filter_has, pair_hash, read_u32, tail_tag, After, ConceptRecord, IndexEntry, Layout,
    RootRecord, SecondId, SecondRecord, TermEntry, TermRecord, WordHash, FLAG_CASED, FLAG_LEFT,
    FLAG_RIGHT, NO_GROUP, ROOT_LEN, SECOND_LEN,
};
use crate::glossary::{Glossary, Lang, Status, TermType};
use crate::nodes::Nodes;
use crate::normalize::{
    decode, decode3, fold_case, fold_key, fold_script, fold_width, is_latin_alnum, Chars,
};

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
    follows: bool,
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
        let set: u32 = data.as_ref()[layout.begins.clone()][BITS..]
            .iter()
            .map(|b| b.count_ones())
            .sum();
        let follows = set < 2_600;
        Ok(Tagger {
            data,
            layout,
            follows,
        })
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
        let same: Vec<TermRef<'_>> = self
            .same_key(m)
            .filter(|t| t.concept_index() == concept)
            .collect();
        let live: Vec<&TermRef<'_>> = same
            .iter()
            .filter(|t| t.status() != Status::Deprecated)
            .collect();
        if live.is_empty() {
            return Usage::Deprecated;
        }
        let serving = live
            .iter()
            .filter(|t| t.lang().covers(lang) || (acronyms && t.kind() == TermType::Acronym));
        let mut admitted = false;
        for t in serving {
            if t.status() == Status::Preferred {
                return Usage::Preferred;
            }
            admitted = true;
        }
        if admitted {
            Usage::Admitted
        } else if matches!(lang, Lang::ZhCn | Lang::ZhTw)
            && live.iter().any(|t| t.lang().is_chinese())
        {
            Usage::OtherLocale
        } else {
            Usage::OtherLanguage
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

    /// The matches in `text`, leftmost-longest, none overlapping.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let text = "加入《全面与进步跨太平洋伙伴关系协定》(CPTPP)";
    /// let found: Vec<_> = tagger.find_iter(text).map(|m| (&text[m.range()], m.concept())).collect();
    /// assert_eq!(found, [("全面与进步跨太平洋伙伴关系协定", "cptpp"), ("CPTPP", "cptpp")]);
    /// ```
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> FindIter<'g, 't> {
        let bytes = self.data.as_ref();
        let nodes = Nodes::new(&bytes[self.layout.fst.clone()]).expect("checked when loaded");
        FindIter {
            dict: self.dict(),
            nodes,
            index: &bytes[self.layout.index.clone()],
            roots: &bytes[self.layout.roots.clone()],
            seconds: &bytes[self.layout.seconds.clone()],
            pairs: &bytes[self.layout.pairs.clone()],
            begins: bytes[self.layout.begins.clone()][..BITS]
                .try_into()
                .expect("checked when loaded"),
            follows: self.follows.then(|| {
                bytes[self.layout.begins.clone()][BITS..]
                    .try_into()
                    .expect("checked when loaded")
            }),
            words: &bytes[self.layout.words.clone()],
            text,
            pos: 0,
            after_latin: false,
        }
    }
}

/// A read-only view of the compiled tables.
#[derive(Clone, Copy)]
struct Dict<'g> {
    bytes: &'g [u8],
    layout: &'g Layout,
}

impl<'g> Dict<'g> {
    /// A string of the table. Each was checked on load; checking the few
    /// bytes of one again is cheap and keeps the crate free of `unsafe`,
    /// where checking the whole table on every call was not.
    fn string(&self, off: u32, len: u32) -> &'g str {
        self.strings()
            .get(off as usize..off as usize + len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The strings section, for comparing a term's text without checking
    /// it first.
    fn strings(&self) -> &'g [u8] {
        &self.bytes[self.layout.strings.clone()]
    }

    fn term_record(&self, i: usize) -> TermRecord<'g> {
        TermRecord(&self.bytes[self.layout.term_record(i)])
    }

    fn concept_record(&self, i: usize) -> ConceptRecord<'g> {
        ConceptRecord(&self.bytes[self.layout.concept_record(i)])
    }

    // Terms and concepts are read from their records when asked, so a
    // match costs nothing for what its user never looks at.
    fn term(&self, i: usize) -> TermRef<'g> {
        TermRef {
            dict: *self,
            index: i as u32,
        }
    }

    fn concept(&self, i: usize) -> ConceptRef<'g> {
        ConceptRef {
            dict: *self,
            index: i as u32,
        }
    }

    /// The entries of a key's value (one inline, or a group's), none if
    /// the table is damaged.
    fn group(&self, value: u64) -> (usize, impl Iterator<Item = u32> + 'g) {
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

    /// Part 0 (id), 1 (subject) or 2 (note) of the record's strings.
    fn part(&self, part: usize) -> &'g str {
        let r = self.record();
        let skip: u32 = (0..part).map(|p| r.part_len(p)).sum();
        self.dict.string(r.offset() + skip, r.part_len(part))
    }

    /// The concept's id.
    pub fn id(&self) -> &'g str {
        self.part(0)
    }

    /// Its position in the glossary.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// Its subject field.
    pub fn subject(&self) -> Option<&'g str> {
        Some(self.part(1)).filter(|s| !s.is_empty())
    }

    /// Its note.
    pub fn note(&self) -> Option<&'g str> {
        Some(self.part(2)).filter(|s| !s.is_empty())
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

    /// The id of its concept.
    pub fn concept(&self) -> &'g str {
        self.dict.concept(self.concept_index()).id()
    }

    /// The index of its concept.
    pub fn concept_index(&self) -> usize {
        self.record().concept() as usize
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
    start: usize,
    end: usize,
    term: TermRef<'g>,
    /// The group of terms that share the matched key.
    group: u32,
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

    /// The index of the matched term (see [`Tagger::term`]).
    pub fn term_index(&self) -> usize {
        self.term.index as usize
    }
}

/// The bytes of a bit set over the BMP.
const BITS: usize = 0x10000 / 8;

/// The iterator of [`Tagger::find_iter`].
pub struct FindIter<'g, 't> {
    dict: Dict<'g>,
    nodes: Nodes<'g>,
    index: &'g [u8],
    roots: &'g [u8],
    seconds: &'g [u8],
    pairs: &'g [u8],
    begins: &'g [u8; BITS],
    /// A bit per BMP character that, folded, is second in some key; `None`
    /// when so many are that asking would turn away too little.
    follows: Option<&'g [u8; BITS]>,
    words: &'g [u8],
    text: &'t str,
    pos: usize,
    /// Whether the character before `pos` is a Latin letter or digit.
    after_latin: bool,
}

impl fmt::Debug for FindIter<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindIter").field("pos", &self.pos).finish()
    }
}

impl<'g> Iterator for FindIter<'g, '_> {
    type Item = Match<'g>;

    fn next(&mut self) -> Option<Match<'g>> {
        let bytes = self.text.as_bytes();
        let (begins, follows, index) = (self.begins, self.follows, self.index);
        loop {
            // The scan to the next character a key may begin with, in locals
            // and with every call inlined, so that it stays a tight loop.
            let (mut pos, mut after_latin) = (self.pos, self.after_latin);
            let found = loop {
                let Some(&b) = bytes.get(pos) else { break None };
                let start = pos;
                // Lead bytes E2 to EE (U+2000 to U+EFFF: CJK) are never
                // Latin: Chinese text runs through this branch alone. It
                // decodes its three bytes itself: through `decode` the scan
                // took 2–9 % more instructions (callgrind), and the slice
                // pattern keeps the bit set's index in bounds.
                if let (0xE2..=0xEE, Some(&[c1, c2, ..])) = (b, bytes.get(pos + 1..)) {
                    let u = decode3(b, c1, c2);
                    pos += 3;
                    after_latin = false;
                    if begins[(u / 8) as usize] & (1 << (u % 8)) == 0 {
                        continue;
                    }
                    // A key of two characters or more goes on with one
                    // that is second in some key — in a key that begins
                    // with this one, when that set is too full to tell;
                    // one of one character is in the index.
                    if let Some(&[d0 @ 0xE2..=0xEE, d1, d2, ..]) = bytes.get(pos..) {
                        let v = decode3(d0, d1, d2);
                        let stops = match follows {
                            Some(follows) => follows[(v / 8) as usize] & (1 << (v % 8)) == 0,
                            None => !self.may_pair_raw(u, v),
                        };
                        if stops && !IndexEntry::read(index, u).alone() {
                            continue;
                        }
                    }
                    break Some((start, u, false));
                }
                let (u, len) = decode(bytes, start, b);
                pos += len;
                // A key starting with a Latin letter or digit needs a boundary
                // on its left, so no match can start inside a Latin word.
                let latin = if b < 0x80 {
                    b.is_ascii_alphanumeric()
                } else {
                    char::from_u32(u).is_some_and(latin_char)
                };
                if std::mem::replace(&mut after_latin, latin) && latin {
                    continue;
                }
                let i = u as usize;
                if i >= 0x10000 || begins[i / 8] & (1 << (i % 8)) != 0 {
                    break Some((start, u, latin));
                }
            };
            self.pos = pos;
            self.after_latin = after_latin;
            let (start, u, latin) = found?;
            let found = if latin {
                let (end, may) = self.word(start);
                let m = may.then(|| self.begins_at(start, u)).flatten();
                if m.is_none() {
                    // The rest of the word cannot begin a match.
                    self.pos = end;
                }
                m
            } else {
                self.begins_at(start, u)
            };
            if let Some(m) = found {
                self.pos = m.end;
                self.after_latin = self.latin_before(m.end);
                return Some(m);
            }
        }
    }
}

/// The position of `k` among `n` sorted distinct values, `key(i)` the
/// `i`-th, read in place, starting from the position `guess`: steps
/// doubling away from the guess bracket `k`, then halving finds it. A good
/// guess (character ids spread evenly enough for one) reads one or two
/// values, each perhaps a cache miss, where a binary search reads eleven;
/// a bad one costs at most twice a binary search's reads.
#[inline]
fn search(n: usize, k: u32, guess: usize, key: impl Fn(usize) -> u32) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let at = guess.min(n - 1);
    let v = key(at);
    // The bracket lo..hi that holds `k` if anything does.
    let (mut lo, mut hi) = match v.cmp(&k) {
        std::cmp::Ordering::Equal => return Some(at),
        std::cmp::Ordering::Less => {
            let (mut lo, mut step) = (at + 1, 1);
            loop {
                let probe = at + step;
                if probe >= n {
                    break (lo, n);
                }
                match key(probe).cmp(&k) {
                    std::cmp::Ordering::Equal => return Some(probe),
                    std::cmp::Ordering::Less => lo = probe + 1,
                    std::cmp::Ordering::Greater => break (lo, probe),
                }
                step *= 2;
            }
        }
        std::cmp::Ordering::Greater => {
            let (mut hi, mut step) = (at, 1);
            loop {
                let Some(probe) = at.checked_sub(step) else {
                    break (0, hi);
                };
                match key(probe).cmp(&k) {
                    std::cmp::Ordering::Equal => return Some(probe),
                    std::cmp::Ordering::Greater => hi = probe,
                    std::cmp::Ordering::Less => break (probe + 1, hi),
                }
                step *= 2;
            }
        }
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match key(mid).cmp(&k) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

impl<'g> FindIter<'g, '_> {
    /// The match beginning at `start` with the character `u`, if one does.
    fn begins_at(&self, start: usize, u: u32) -> Option<Match<'g>> {
        let c = char::from_u32(u)?;
        let entry = self.entry(c);
        if !entry.begins() {
            return None;
        }
        self.longest_at(start, start + c.len_utf8(), entry)
    }

    /// Where the Latin word at `start` ends, and whether it may be the
    /// first word of a key (false when no key has it so).
    #[inline]
    fn word(&self, start: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        let mut h = WordHash::new();
        let mut pos = start;
        while let Some(&b) = bytes.get(pos) {
            if b.is_ascii_alphanumeric() {
                h.push(char::from(b.to_ascii_lowercase()));
                pos += 1;
                continue;
            }
            let Some((c, end)) = Chars::new(self.text, pos).next() else {
                break;
            };
            let k = key_char(c);
            match (is_latin_alnum(c), is_latin_alnum(k)) {
                (true, true) => {
                    h.push(k);
                    pos = end;
                }
                (false, false) => break,
                // Latin by one fold and not the other (the Kelvin sign, K):
                // where the word ends is not certain, so it proves nothing.
                _ => return (pos, true),
            }
        }
        (pos, filter_has(self.words, h.finish()))
    }

    /// The index entry of the key character `c` folds to (see the format):
    /// its id, whether a key begins with it and whether it alone is one; 0
    /// when no key has it first or second.
    #[inline]
    fn entry(&self, c: char) -> IndexEntry {
        let u = c as u32;
        if u < 0x10000 {
            let entry = IndexEntry::read(self.index, u);
            if !entry.is_far() {
                return entry;
            }
        }
        self.searched_entry(c)
    }

    /// [`Self::entry`] outside the BMP, or of a character whose id is too
    /// large for the index: fold, then search the records by character.
    #[cold]
    fn searched_entry(&self, c: char) -> IndexEntry {
        let k = u32::from(fold_key(c));
        let n = self.roots.len() / ROOT_LEN;
        let Some(i) = search(n, k, n / 2, |i| RootRecord::character_at(self.roots, i)) else {
            return IndexEntry::NONE;
        };
        let record = RootRecord(&self.roots[i * ROOT_LEN..(i + 1) * ROOT_LEN]);
        IndexEntry::new(i as u32, record.begins(), record.alone() != NO_GROUP)
    }

    /// The root record of the character with this id.
    fn root(&self, id: u32) -> Option<RootRecord<'g>> {
        let at = id as usize * ROOT_LEN;
        self.roots.get(at..at + ROOT_LEN).map(RootRecord)
    }

    /// Whether some key may start with the characters of ids `first` and
    /// `second`: false means none does.
    #[inline]
    fn may_pair(&self, first: u32, second: u32) -> bool {
        filter_has(self.pairs, pair_hash(first, second))
    }

    /// Whether some key may begin with the BMP characters `u` then `v` as
    /// they stand in the text (see [`Self::may_pair`]); true when either's
    /// id is past the index.
    #[inline]
    fn may_pair_raw(&self, u: u32, v: u32) -> bool {
        let (a, b) = (
            IndexEntry::read(self.index, u),
            IndexEntry::read(self.index, v),
        );
        if a.is_far() || b.is_far() {
            return true;
        }
        !b.is_none() && self.may_pair(a.id(), b.id())
    }

    /// The id word and the record of the character of id `second` under
    /// `root`: a search of the root's second characters; the record is not
    /// read here.
    #[inline]
    fn second(&self, root: RootRecord<'g>, second: u32) -> Option<(SecondId, SecondRecord<'g>)> {
        let (first, n) = (root.seconds_start(), root.seconds_len());
        let block = self
            .seconds
            .get(first * SECOND_LEN..(first + n) * SECOND_LEN)?;
        let guess = (u64::from(second.checked_sub(root.low_id())?) * u64::from(root.scale())) >> 16;
        let guess = usize::try_from(guess).unwrap_or(usize::MAX);
        let i = search(n, second, guess, |i| SecondId::read(block, i).id())?;
        let at = i * SECOND_LEN;
        let record = SecondRecord(&block[at + 4..at + SECOND_LEN]);
        Some((SecondId::read(block, i), record))
    }

    /// Whether the character before `at` is a Latin letter or digit once
    /// width-folded.
    #[inline]
    fn latin_before(&self, at: usize) -> bool {
        match at.checked_sub(1).map(|i| self.text.as_bytes()[i]) {
            None => false,
            Some(b) if b < 0x80 => b.is_ascii_alphanumeric(),
            Some(_) => self.text[..at].chars().next_back().is_some_and(latin_char),
        }
    }

    /// Whether the character at `at` is a Latin letter or digit once
    /// width-folded.
    #[inline]
    fn latin_from(&self, at: usize) -> bool {
        match self.text.as_bytes().get(at) {
            None => false,
            Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
            Some(_) => self.text[at..].chars().next().is_some_and(latin_char),
        }
    }

    /// The longest acceptable match starting at `start`, whose first
    /// character ends at `first_end` and has index entry `entry`.
    fn longest_at(&self, start: usize, first_end: usize, entry: IndexEntry) -> Option<Match<'g>> {
        let first = entry.id();
        let root = self.root(first)?;
        let mut best = None;
        if entry.alone() {
            best = self.candidate(root.alone(), start, first_end);
        }
        let mut chars = Chars::new(self.text, first_end);
        let Some((c, end)) = chars.next() else {
            return best;
        };
        let second = self.entry(c).id();
        if second == u32::MAX || !self.may_pair(first, second) {
            return best;
        }
        let Some((word, second)) = self.second(root, second) else {
            return best;
        };
        // A prefix with one term after it, whose next character the text
        // does not have: only the prefix itself may still match.
        let tag = word.tail_tag();
        let turned =
            tag != 0 && chars.clone().next().map(|(c, _)| tail_tag(key_char(c))) != Some(tag);
        if turned && !word.prefix_is_key() {
            return best;
        }
        if let Some(m) = self.candidate(second.group(), start, end) {
            best = Some(m);
        }
        if turned {
            return best;
        }
        let (node, output) = match second.after() {
            After::Tail { rest, entry } => {
                // One longer key, a term's own: compare the rest with the term.
                if let Some(m) = self
                    .tail_end(rest as usize, entry.term(), end)
                    .and_then(|end| self.candidate(entry.0.checked_mul(2)? | 1, start, end))
                {
                    best = Some(m);
                }
                return best;
            }
            After::Fst { node, output } => (node, output),
        };
        // Deeper than two characters: the fst itself, whose reads are
        // bounds-checked (the node comes from the file's tables).
        let mut addr = node as usize;
        let mut out = u64::from(output);
        let bytes = self.text.as_bytes();
        let mut pos = chars.offset();
        let mut buf = [0u8; 4];
        while let Some(&b) = bytes.get(pos) {
            // ASCII other than whitespace is its own character and folds
            // by itself: no decoding.
            let key = if b < 0x80 && !b.is_ascii_whitespace() {
                pos += 1;
                buf[0] = b.to_ascii_lowercase();
                &buf[..1]
            } else {
                let Some((c, end)) = Chars::new(self.text, pos).next() else {
                    break;
                };
                pos = end;
                key_char(c).encode_utf8(&mut buf).as_bytes()
            };
            for &k in key {
                let Some((next, more)) = self.nodes.step(addr, k) else {
                    return best;
                };
                (addr, out) = (next, out.wrapping_add(more));
            }
            // A key ending inside an ASCII word needs a boundary it cannot
            // have there (see `FLAG_RIGHT`): no need to ask.
            if b.is_ascii_alphanumeric() && bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let end = pos;
            if let Some(last) = self.nodes.final_output(addr) {
                let value = out.wrapping_add(last);
                if let Some(m) = u32::try_from(value)
                    .ok()
                    .and_then(|g| self.candidate(g, start, end))
                {
                    best = Some(m);
                }
            }
        }
        best
    }

    /// Where the text from `from` ends if it goes on as term `term` does
    /// from `rest` (its text after the first two characters, an offset in
    /// the strings), compared as keys are.
    fn tail_end(&self, rest: usize, term: usize, from: usize) -> Option<usize> {
        let same =
            |(c, _): (char, usize), (tc, _): (char, usize)| c == tc || key_char(c) == key_char(tc);
        let mut text = Chars::new(self.text, from);
        let mut tail = Chars::from_bytes(self.dict.strings(), rest);
        // The first character before the term's record, which is where
        // most texts turn away.
        let first = text.next()?;
        if !same(first, tail.next()?) {
            return None;
        }
        if term >= self.dict.layout.term_count() {
            return None;
        }
        let r = self.dict.term_record(term);
        let stop = r.text_offset() as usize + r.text_len() as usize;
        let mut end = first.1;
        // Most texts write the term as the glossary does: the same bytes
        // are the same characters, compared without decoding.
        let rest = self.dict.strings().get(tail.offset()..stop)?;
        if self.text.as_bytes().get(end..end + rest.len()) == Some(rest) {
            return Some(end + rest.len());
        }
        while tail.offset() < stop {
            let next = text.next()?;
            if !same(next, tail.next()?) {
                return None;
            }
            end = next.1;
        }
        Some(end)
    }

    /// The match of group `group` over `start..end`, if the group exists
    /// and one of its terms accepts the span.
    #[inline]
    fn candidate(&self, group: u32, start: usize, end: usize) -> Option<Match<'g>> {
        if group == NO_GROUP {
            return None;
        }
        let term = self.pick(u64::from(group), start, end)?;
        Some(Match {
            start,
            end,
            term,
            group,
        })
    }

    /// The term of the group at `value` that the span `start..end` satisfies,
    /// preferring one written exactly as the text (so 數字經濟 reports the
    /// zh-TW term even when a zh-CN one folds to the same key).
    fn pick(&self, value: u64, start: usize, end: usize) -> Option<TermRef<'g>> {
        let (n, entries) = self.dict.group(value);
        let mut first = None;
        for entry in entries.map(TermEntry) {
            let (index, flags, drop_last) = (entry.term(), entry.flags(), entry.drop_last());
            if flags & FLAG_LEFT != 0 && self.latin_before(start) {
                continue;
            }
            if flags & FLAG_RIGHT != 0 && self.latin_from(end) {
                continue;
            }
            let cased = flags & FLAG_CASED != 0;
            // The term's text is needed only to tell terms apart by case or
            // script, not for the common key of one uncased term.
            let text = || self.dict.term(index).text();
            if cased && !stem_matches(self.text, start, text(), drop_last, true, true) {
                continue;
            }
            if n == 1 || stem_matches(self.text, start, text(), drop_last, false, cased) {
                return Some(self.dict.term(index));
            }
            first.get_or_insert(index);
        }
        first.map(|i| self.dict.term(i))
    }
}

/// Whether `c` is a Latin letter or digit once width-folded: what a
/// boundary asks of the characters around a key.
#[inline]
fn latin_char(c: char) -> bool {
    is_latin_alnum(fold_width(c))
}

/// The key character of a layer-1 character (layers 2 and 3), Latin text's
/// ASCII without a table.
#[inline]
fn key_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        fold_case(fold_script(c))
    }
}

/// Whether the text from `start` begins with the term's characters (less its
/// last one when `drop_last`), compared after width folding, and after script
/// folding when `script` and case folding unless `case`.
fn stem_matches(
    text: &str,
    start: usize,
    term: &str,
    drop_last: bool,
    script: bool,
    case: bool,
) -> bool {
    let fold = |c: char| {
        let c = if script { fold_script(c) } else { c };
        if case {
            c
        } else {
            fold_case(c)
        }
    };
    let mut t = Chars::new(term, 0).peekable();
    let mut s = Chars::new(text, start);
    while let Some((tc, _)) = t.next() {
        if drop_last && t.peek().is_none() {
            break;
        }
        match s.next() {
            Some((sc, _)) if fold(sc) == fold(tc) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod far_ids {
    use crate::format::IndexEntry;
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn characters_past_what_the_index_holds_are_found_by_search() {
        // 19,000 distinct characters, two per term: the last ids do not fit
        // an index entry.
        let mut g = Glossary::new();
        let chars: Vec<char> = (0x4E00..0x4E00 + 19_000)
            .filter_map(char::from_u32)
            .collect();
        for (i, pair) in chars.chunks(2).enumerate() {
            let mut c = Concept::new(format!("c{i}"));
            c.terms
                .push(Term::new(pair.iter().collect::<String>(), Lang::ZhCn));
            g.concepts.push(c);
        }
        let tagger = Tagger::new(&g).unwrap();
        let it = tagger.find_iter("");
        let far = |c: char| IndexEntry::read(it.index, c as u32).is_far();
        assert!(!far(chars[0]));
        assert!(
            far(*chars.last().unwrap()),
            "the last ids should be searched for"
        );

        let sample: Vec<&Concept> = g
            .concepts
            .iter()
            .step_by(97)
            .chain(g.concepts.last())
            .collect();
        let text: String = sample
            .iter()
            .map(|c| format!("。{}", c.terms[0].text))
            .collect();
        let found: Vec<(&str, &str)> = tagger
            .find_iter(&text)
            .map(|m| (&text[m.range()], m.concept()))
            .collect();
        let want: Vec<(&str, &str)> = sample
            .iter()
            .map(|c| (c.terms[0].text.as_str(), c.id.as_str()))
            .collect();
        assert_eq!(found, want);
    }
}

#[cfg(test)]
mod dense {
    use crate::{Concept, Glossary, Lang, Tagger, Term};

    #[test]
    fn a_glossary_too_full_for_the_second_character_set_asks_the_pairs() {
        // 2,800 characters each second in some key: the scan asks the
        // pairs filter instead, and must agree with the naive reference,
        // terms of one character included.
        let chars: Vec<char> = (0x4E00..0x4E00 + 2_801)
            .filter_map(char::from_u32)
            .collect();
        let mut g = Glossary::new();
        let mut add = |id: String, text: String| {
            let mut c = Concept::new(id);
            c.terms.push(Term::new(text, Lang::ZhCn));
            g.concepts.push(c);
        };
        for (i, w) in chars.windows(2).enumerate() {
            add(format!("p{i}"), w.iter().collect());
        }
        for (i, w) in chars.windows(4).enumerate().step_by(7) {
            add(format!("q{i}"), w.iter().collect());
        }
        for i in (0..chars.len()).step_by(11) {
            add(format!("s{i}"), chars[i].to_string());
        }
        let tagger = Tagger::new(&g).unwrap();
        assert!(!tagger.follows, "the set should be too full to ask");

        let mut state = 7u64;
        let text: String = (0..1_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match (state >> 59) as usize {
                    0 => '，',
                    1 => 'a',
                    _ => {
                        chars[(state >> 20) as usize % 60 * 40 % chars.len()
                            + (state >> 40) as usize % 3]
                    }
                }
            })
            .collect();
        let got: Vec<(usize, usize, String)> = tagger
            .find_iter(&text)
            .map(|m| (m.start(), m.end(), m.term().to_string()))
            .collect();
        assert!(got.len() > 50, "only {} matches", got.len());
        assert_eq!(got, crate::naive::find(&g, &text));
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
