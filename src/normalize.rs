//! Normalisation shared by glossary terms and the text they are matched in.
//!
//! Matching compares *normalised* characters, in three layers:
//!
//! 1. [`fold_width`]: full-width Latin letters, digits and punctuation become
//!    ASCII (ＡＵＫＵＳ → AUKUS); hyphen-minus, U+2010–U+2015, U+2212, the small
//!    and full-width hyphens become `-`; the right single quotation mark
//!    becomes `'` (so *Quad’s* is a possessive); every whitespace character
//!    becomes a space, and a run of them counts as one.
//! 2. [`fold_script`]: Traditional characters (and Taiwan and Hong Kong
//!    variants) become Simplified, by a table derived from OpenCC's
//!    dictionaries at build time (see `build.rs`), so 集体自衛权 and 集體自衛權
//!    both meet 集体自卫权.
//! 3. [`fold_case`]: letters become lower case. Keys in the compiled glossary
//!    are fully folded; a term with a capital letter is then checked against
//!    the text's layer-2 form, so it matches only as written.
//!
//! Every layer maps one character to one character, which is what lets match
//! offsets point into the original text without an offset table.

include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// Folds width, dashes, apostrophes and whitespace (layer 1).
///
/// ```
/// use shuyu::normalize::fold_width;
/// assert_eq!(fold_width('Ａ'), 'A');
/// assert_eq!(fold_width('‐'), '-');
/// assert_eq!(fold_width('\u{3000}'), ' ');
/// assert_eq!(fold_width('’'), '\'');
/// ```
#[inline]
pub fn fold_width(c: char) -> char {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_whitespace() { ' ' } else { c };
    }
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => '-',
        0x2019 => '\'',
        // Past U+3000, the last space, nothing else folds: CJK text skips
        // the whitespace table.
        0x3001.. => c,
        _ if c.is_whitespace() => ' ',
        _ => c,
    }
}

/// Folds Traditional Chinese characters to Simplified (layer 2); any other
/// character is returned as it is.
///
/// ```
/// use shuyu::normalize::fold_script;
/// assert_eq!(fold_script('衛'), '卫');
/// assert_eq!(fold_script('臺'), '台');
/// assert_eq!(fold_script('卫'), '卫');
/// assert_eq!(fold_script('A'), 'A');
/// ```
#[inline]
pub fn fold_script(c: char) -> char {
    let u = c as u32;
    if u < 0x2E80 {
        return c;
    }
    if u < 0x10000 {
        let page = PAGE_INDEX[(u >> 8) as usize];
        if page == 0 {
            return c;
        }
        let to = PAGES[usize::from(page)][(u & 0xFF) as usize];
        return if to == 0 {
            c
        } else {
            char::from_u32(u32::from(to)).unwrap_or(c)
        };
    }
    match ASTRAL.binary_search_by_key(&u, |&(from, _)| from) {
        Ok(i) => char::from_u32(ASTRAL[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Folds letters to lower case (layer 3). Letters whose lower case is more
/// than one character are left as they are, so the fold stays one to one.
#[inline]
pub fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // CJK, kana and hangul have no case; skip the Unicode tables for them.
    if matches!(c as u32, 0x2E80..=0xA63F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0x20000..) {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Layers 1 and 2: the case-preserving form.
#[inline]
pub fn fold_cased(c: char) -> char {
    fold_script(fold_width(c))
}

/// All three layers: the form keys are compiled in.
#[inline]
pub fn fold_key(c: char) -> char {
    fold_case(fold_cased(c))
}

/// Whether `c` (already width-folded) is a Latin letter or a digit, the
/// characters a Latin-script term may not touch: *Quad* is not found in
/// *Quadrant*, nor *G7* in *G70*.
#[inline]
pub fn is_latin_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c != '×' && c != '÷'
}

/// Whether a string has a letter that lower-cases to another one, which makes
/// a term match only as written.
pub(crate) fn has_capital(s: &str) -> bool {
    s.chars().map(fold_cased).any(|c| fold_case(c) != c)
}

/// The layer-1 characters of `text` from byte offset `pos`, each with the
/// byte offset where it ends in `text`; a whitespace run is one space.
#[derive(Clone, Debug)]
pub(crate) struct Chars<'t> {
    text: &'t [u8],
    pos: usize,
}

impl<'t> Chars<'t> {
    /// Starts at byte offset `pos`, which must be a character boundary.
    pub fn new(text: &'t str, pos: usize) -> Chars<'t> {
        Chars {
            text: text.as_bytes(),
            pos,
        }
    }

    /// Over bytes not known to be UTF-8 (a compiled glossary's): a
    /// malformed sequence reads as some character or ends the iteration,
    /// and never panics.
    pub(crate) fn from_bytes(text: &'t [u8], pos: usize) -> Chars<'t> {
        Chars { text, pos }
    }

    /// The byte offset of the next character.
    pub fn offset(&self) -> usize {
        self.pos
    }
}

impl Iterator for Chars<'_> {
    type Item = (char, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(char, usize)> {
        let b = *self.text.get(self.pos)?;
        if b < 0x80 && !b.is_ascii_whitespace() {
            self.pos += 1;
            return Some((char::from(b), self.pos));
        }
        let (c, len) = self.at(self.pos, b)?;
        self.pos += len;
        let f = fold_width(c);
        if f == ' ' {
            while let Some(&b) = self.text.get(self.pos) {
                match self.at(self.pos, b) {
                    Some((w, len)) if fold_width(w) == ' ' => self.pos += len,
                    _ => break,
                }
            }
        }
        Some((f, self.pos))
    }
}

impl Chars<'_> {
    /// The character at `pos`, whose first byte is `b`, and its length.
    #[inline]
    fn at(&self, pos: usize, b: u8) -> Option<(char, usize)> {
        let (u, len) = decode(self.text, pos, b);
        Some((char::from_u32(u)?, len))
    }
}

/// The code point of the character at `at` in UTF-8 `bytes`, whose first
/// byte is `b`, and its length: the scan's decoder, without the checks
/// `str` already made.
#[inline]
pub(crate) fn decode(bytes: &[u8], at: usize, b: u8) -> (u32, usize) {
    let cont = |c: u8| u32::from(c & 0x3F);
    match (b, bytes.get(at + 1..)) {
        (0..=0x7F, _) => (u32::from(b), 1),
        (0xE0..=0xEF, Some(&[c1, c2, ..])) => (decode3(b, c1, c2), 3),
        (0xC0..=0xDF, Some(&[c1, ..])) => (u32::from(b & 0x1F) << 6 | cont(c1), 2),
        (0xF0.., Some(&[c1, c2, c3, ..])) => (
            u32::from(b & 0x07) << 18 | cont(c1) << 12 | cont(c2) << 6 | cont(c3),
            4,
        ),
        // Cut short (only in bytes not known to be UTF-8): no character.
        _ => (u32::MAX, 1),
    }
}

/// The code point of the three-byte UTF-8 sequence `b0 b1 b2`.
#[inline]
pub(crate) fn decode3(b0: u8, b1: u8, b2: u8) -> u32 {
    u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F)
}

/// The normalised key of a term or text: all three layers, whitespace runs
/// collapsed, leading and trailing whitespace removed.
///
/// ```
/// use shuyu::normalize::key;
/// assert_eq!(key("  Supply\tChain "), "supply chain");
/// assert_eq!(key("集體自衛權"), "集体自卫权");
/// assert_eq!(key("Ｊ‐ＪＯＣ"), "j-joc");
/// ```
pub fn key(s: &str) -> String {
    let s = s.trim();
    // Folding keeps a text's length or shortens it (full-width letters).
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    // Most of a text folds to itself but for ASCII case: a run of such
    // characters is copied whole and lower-cased, not a character at a time.
    let (mut run, mut at) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        // ASCII but whitespace; one space between words.
        if (b.is_ascii() && !b.is_ascii_whitespace())
            || (b == b' '
                && bytes
                    .get(at + 1)
                    .is_some_and(|&n| n.is_ascii() && !n.is_ascii_whitespace()))
        {
            at += 1;
            continue;
        }
        // Chinese characters and punctuation past the ideographic space, up
        // to U+9FFF: only the script folds.
        let mut folded = None;
        if let (0xE3..=0xE9, Some(&[b1, b2, ..])) = (b, bytes.get(at + 1..)) {
            let u = decode3(b, b1, b2);
            if let Some(c) = char::from_u32(u).filter(|_| u > 0x3000) {
                match fold_script(c) {
                    f if f == c => {
                        at += 3;
                        continue;
                    }
                    f => folded = Some((f, at + 3)),
                }
            }
        }
        // Anything else one character at a time, whitespace runs as one.
        let Some((c, next)) = folded.or_else(|| {
            Chars::new(s, at)
                .next()
                .map(|(c, next)| (fold_key(c), next))
        }) else {
            break;
        };
        push_lowered(&mut out, &s[run..at]);
        out.push(c);
        (run, at) = (next, next);
    }
    push_lowered(&mut out, &s[run..at]);
    out
}

/// Appends `run`, its ASCII lower-cased.
fn push_lowered(out: &mut String, run: &str) {
    let from = out.len();
    out.push_str(run);
    out[from..].make_ascii_lowercase();
}

/// Like [`key`] but keeping case (layers 1 and 2).
pub(crate) fn cased(s: &str) -> String {
    Chars::new(s.trim(), 0)
        .map(|(c, _)| fold_cased(c))
        .collect()
}

/// Characters OpenCC's STCharacters table lists among their own Traditional
/// forms (台: 臺 檯 颱 台): both scripts write them. Printed by
/// `scripts/dual-chars.py` from OpenCC's dictionaries.
const SIMPLIFIED_ALSO_TRADITIONAL: &str = "㐹万丑丰了于云亘仆仇价仿伙余佛佣俊修借僵克党冬准凌几凶出划刮制千升卜占卷厂厘只台叶吁吃合吊同后向周咨咸咽哄唇喂噪回困夫夸奸姜娘它家尸局岩岳巨布帘席干幸广庵弦彩征御志念恤愈愿戚才扎托扣折抵拐挂挨挽据搜斗旋昆暗曲朱朴杆杠杯杰松板极柜栗核梁欲沈沾泛注涂涌淀游漓熏玩璇症皂矩确私秋种筑系胄背胜胡腊腌膻致舍芸苔苹范荐蒙蔑虫蚝蜡蝎表谷跖辟适郁酸采里雕面";

/// Characters OpenCC's TSCharacters table lists among their own Simplified
/// forms (乾: 干 乾), from the same script.
const TRADITIONAL_ALSO_SIMPLIFIED: &str = "乾剋夥彷徵於牴瞭祇薹藉衹覆阪麽";

/// Whether `c` is written only in Traditional script: OpenCC's t2s
/// changes it, and Simplified text does not also use it (as it does 乾; 著,
/// a Taiwan variant of 着, is plain Simplified).
///
/// ```
/// use shuyu::normalize::is_traditional_only;
/// assert!(is_traditional_only('國'));
/// assert!(!is_traditional_only('国'));
/// assert!(!is_traditional_only('乾'));
/// assert!(!is_traditional_only('著'));
/// ```
pub fn is_traditional_only(c: char) -> bool {
    let u = c as u32;
    let changed = if u < 0x10000 {
        TRADITIONAL[(u >> 3) as usize] & (1 << (u & 7)) != 0
    } else {
        fold_script(c) != c
    };
    changed && !TRADITIONAL_ALSO_SIMPLIFIED.contains(c)
}

/// Whether `c` is written only in Simplified script: OpenCC's s2tw changes
/// it, and Traditional text does not also use it (as it does 台 and 后).
///
/// ```
/// use shuyu::normalize::is_simplified_only;
/// assert!(is_simplified_only('国'));
/// assert!(is_simplified_only('发'));
/// assert!(!is_simplified_only('台'));
/// assert!(!is_simplified_only('國'));
/// assert!(!is_simplified_only('日'));
/// assert!(!is_simplified_only('查'));
/// assert!(!is_simplified_only('峰'));
/// ```
pub fn is_simplified_only(c: char) -> bool {
    let u = c as u32;
    u < 0x10000
        && SIMPLIFIED[(u >> 3) as usize] & (1 << (u & 7)) != 0
        && !SIMPLIFIED_ALSO_TRADITIONAL.contains(c)
}

/// The Traditional form OpenCC's s2tw gives `c` alone (发: 發), or `c`
/// itself when it has none.
///
/// ```
/// assert_eq!(shuyu::normalize::to_traditional('发'), '發');
/// assert_eq!(shuyu::normalize::to_traditional('日'), '日');
/// ```
pub fn to_traditional(c: char) -> char {
    TO_TRADITIONAL
        .binary_search_by(|(s, _)| s.cmp(&c))
        .map_or(c, |i| TO_TRADITIONAL[i].1)
}

/// How many characters the script fold table maps (for reports).
pub fn script_fold_count() -> usize {
    FOLD_COUNT
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_folds_runs_as_it_folds_each_character() {
        let texts = [
            "  Supply\tChain ",
            "The QUAD met\u{3000} in  Tokyo\r\n",
            "Ｊ‐ＪＯＣ and J-JOC",
            "集體自衛權 (Right of Collective Self-Defense)",
            "a \u{3000}\u{A0}b\u{B}c",
            "Kelvin \u{212A} and É and ß",
            "臺灣 與 日本\u{3000}國防，（ＯＫ）\u{3001}。 𠀀 ﹘ x\u{3000}y",
            "",
            "   ",
        ];
        // And every text of three pieces from these, so that each kind of
        // character follows each other kind.
        let pieces = [
            "a", "Q", " ", "  ", "\t", "\u{3000}", "国", "國", "，", "Ｊ", "É", "\u{212A}", "𠀀",
            "-",
        ];
        let mut threes = Vec::new();
        for a in pieces {
            for b in pieces {
                threes.extend(pieces.map(|c| format!("{a}{b}{c}")));
            }
        }
        for text in texts.into_iter().map(str::to_string).chain(threes) {
            let each: String = super::Chars::new(text.trim(), 0)
                .map(|(c, _)| super::fold_key(c))
                .collect();
            assert_eq!(super::key(&text), each, "{text:?}");
        }
    }

    #[test]
    fn chars_fold_width_and_collapse_whitespace() {
        let text = "supply \n chain";
        let folded: Vec<(char, usize)> = super::Chars::new(text, 0).collect();
        let chars: String = folded.iter().map(|&(c, _)| c).collect();
        assert_eq!(chars, "supply chain");
        // The space stands for the whole run and ends where the run does.
        assert_eq!(folded[6], (' ', 9));
    }
}
