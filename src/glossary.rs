//! The glossary model: concepts, their terms per language, and each term's
//! status and type.
//!
//! A [`Glossary`] is what every reader in [`crate::formats`] produces and what
//! [`crate::TaggerBuilder`] compiles. It is plain data: readers do not
//! validate it beyond what their format requires, so that `shuyu validate`
//! can report every problem at once; the builder rejects what would make
//! tagging ambiguous or impossible.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language (and, for Chinese, script and region) a term belongs to.
///
/// Tags are read leniently, as CAT tools write them: `zh-Hans`, `zh-SG`,
/// `zh_CN` are [`Lang::ZhCn`]; `zh-Hant`, `zh-HK`, `zh-MO` are [`Lang::ZhTw`];
/// `en-US`, `en-GB` are [`Lang::En`]; plain `zh` is [`Lang::Zh`], a term
/// shared by both scripts.
///
/// ```
/// use shuyu::Lang;
/// assert_eq!("zh-Hans".parse::<Lang>(), Ok(Lang::ZhCn));
/// assert_eq!("zh_Hant".parse::<Lang>(), Ok(Lang::ZhTw));
/// assert_eq!("EN-gb".parse::<Lang>(), Ok(Lang::En));
/// assert!("fr".parse::<Lang>().is_err());
/// assert!(Lang::Zh.covers(Lang::ZhTw));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[serde(rename = "en")]
    En,
    /// Chinese in Simplified script, mainland usage.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// Chinese in Traditional script, Taiwan (and Hong Kong) usage.
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// Chinese written the same in both scripts and regions.
    #[serde(rename = "zh")]
    Zh,
}

impl Lang {
    /// Every language, in the order outputs list them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::ZhCn, Lang::ZhTw, Lang::Zh];

    /// The canonical tag: `en`, `zh-CN`, `zh-TW` or `zh`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::Zh => "zh",
        }
    }

    /// Whether a term of this language serves a text in `other`: a plain
    /// `zh` term serves both Chinese locales.
    pub fn covers(self, other: Lang) -> bool {
        self == other || (self == Lang::Zh && other.is_chinese())
    }

    /// Whether this is one of the Chinese languages.
    pub fn is_chinese(self) -> bool {
        self != Lang::En
    }

    pub(crate) fn to_u8(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_u8(b: u8) -> Option<Lang> {
        Lang::ALL.get(usize::from(b)).copied()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a language tag shuyu does not handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown language tag {:?} (expected en, zh-CN, zh-TW or zh, or a variant such as en-US, zh-Hans, zh-Hant, zh-HK)",
            self.0
        )
    }
}

impl std::error::Error for UnknownLang {}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(tag: &str) -> Result<Lang, UnknownLang> {
        // Read in place, without a lower-cased copy: every segment a check
        // reads asks this of both its languages.
        let is = |part: &str, names: &[&str]| names.iter().any(|n| part.eq_ignore_ascii_case(n));
        let mut parts = tag.trim().split(['-', '_']);
        let first = parts.next().unwrap_or_default();
        if is(first, &["en", "eng"]) {
            return Ok(Lang::En);
        }
        if !is(first, &["zh", "zho", "chi", "cmn"]) {
            return Err(UnknownLang(tag.to_string()));
        }
        let Some(sub) = parts.next() else {
            return Ok(Lang::Zh);
        };
        let mut rest = std::iter::once(sub).chain(parts);
        // zh-Hans-HK is Simplified script whatever the region says.
        if rest.clone().any(|p| is(p, &["hans"])) {
            Ok(Lang::ZhCn)
        } else if rest.any(|p| is(p, &["hant"])) {
            Ok(Lang::ZhTw)
        } else if is(sub, &["cn", "sg", "my"]) {
            Ok(Lang::ZhCn)
        } else if is(sub, &["tw", "hk", "mo"]) {
            Ok(Lang::ZhTw)
        } else {
            Err(UnknownLang(tag.to_string()))
        }
    }
}

/// How a term is to be used (TBX `administrativeStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The term to use.
    Preferred,
    /// Acceptable, though a preferred term may exist.
    Admitted,
    /// Not to be used (TBX also calls superseded terms deprecated).
    Deprecated,
}

impl Status {
    /// `preferred`, `admitted` or `deprecated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
        }
    }

    pub(crate) fn from_u8(b: u8) -> Option<Status> {
        [Status::Preferred, Status::Admitted, Status::Deprecated]
            .get(usize::from(b))
            .copied()
    }
}

/// A status or type name shuyu does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    what: &'static str,
    name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.what {
            "status" => write!(
                f,
                "unknown status {:?} (expected preferred, admitted or deprecated, or a TBX value such as preferredTerm-admn-sts)",
                self.name
            ),
            _ => write!(
                f,
                "unknown term type {:?} (expected full, acronym, abbreviation, short or variant, or a TBX termType)",
                self.name
            ),
        }
    }
}

impl std::error::Error for UnknownName {}

impl FromStr for Status {
    type Err = UnknownName;

    /// Reads a status as glossaries write it, leniently: shuyu's names and
    /// their initials (`preferred`, `p`…), and TBX `administrativeStatus`
    /// and `normativeAuthorization` values (`preferredTerm-admn-sts`,
    /// `supersededTerm-admn-sts` and `obsolete` read as deprecated,
    /// `legalTerm`, `regulatedTerm`, `standardizedTerm` as admitted), in
    /// any case.
    ///
    /// ```
    /// use shuyu::Status;
    /// assert_eq!("preferredTerm-admn-sts".parse(), Ok(Status::Preferred));
    /// assert_eq!("D".parse(), Ok(Status::Deprecated));
    /// assert_eq!("supersededTerm-admn-sts".parse(), Ok(Status::Deprecated));
    /// assert!("".parse::<Status>().is_err());
    /// ```
    fn from_str(value: &str) -> Result<Status, UnknownName> {
        let v = value.trim().to_ascii_lowercase();
        let starts = |names: &[&str]| names.iter().any(|n| v.starts_with(n));
        if v == "p" || starts(&["preferred"]) {
            Ok(Status::Preferred)
        } else if v == "a" || starts(&["admitted", "legal", "regulated", "standardized"]) {
            Ok(Status::Admitted)
        } else if v == "d"
            || starts(&[
                "deprecated",
                "superseded",
                "obsolete",
                "notrecommended",
                "forbidden",
            ])
        {
            Ok(Status::Deprecated)
        } else {
            Err(UnknownName {
                what: "status",
                name: value.to_string(),
            })
        }
    }
}

impl FromStr for TermType {
    type Err = UnknownName;

    /// Reads a term type as glossaries write it: shuyu's names (`full`,
    /// `acronym`, `abbreviation`, `short`, `variant`) and TBX `termType`
    /// values (`fullForm`, `shortForm`, `initialism`, `clippedTerm`,
    /// `transcribedForm`…), in any case.
    ///
    /// ```
    /// use shuyu::TermType;
    /// assert_eq!("shortForm".parse(), Ok(TermType::ShortForm));
    /// assert_eq!("initialism".parse(), Ok(TermType::Abbreviation));
    /// assert!("phraseologicalUnit".parse::<TermType>().is_err());
    /// ```
    fn from_str(value: &str) -> Result<TermType, UnknownName> {
        let v = value
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-', '_'], "");
        match v.as_str() {
            "full" | "fullform" => Ok(TermType::FullForm),
            "acronym" => Ok(TermType::Acronym),
            "abbreviation" | "abbrev" | "initialism" => Ok(TermType::Abbreviation),
            "short" | "shortform" | "clippedterm" => Ok(TermType::ShortForm),
            "variant" | "transcribedform" | "transliteratedform" | "romanizedform" => {
                Ok(TermType::Variant)
            }
            _ => Err(UnknownName {
                what: "type",
                name: value.to_string(),
            }),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The form of a term (TBX `termType`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum TermType {
    /// The full form (`fullForm`), the default.
    #[default]
    FullForm,
    /// An acronym such as AUKUS (`acronym`).
    Acronym,
    /// An abbreviation (`abbreviation`).
    Abbreviation,
    /// A short form such as 四方 for 四方安全对话 (`shortForm`).
    ShortForm,
    /// A spelling or wording variant (`variant`).
    Variant,
}

impl TermType {
    /// The TBX picklist value: `fullForm`, `acronym`, `abbreviation`,
    /// `shortForm` or `variant`.
    pub fn as_str(self) -> &'static str {
        match self {
            TermType::FullForm => "fullForm",
            TermType::Acronym => "acronym",
            TermType::Abbreviation => "abbreviation",
            TermType::ShortForm => "shortForm",
            TermType::Variant => "variant",
        }
    }

    pub(crate) fn from_u8(b: u8) -> Option<TermType> {
        [
            TermType::FullForm,
            TermType::Acronym,
            TermType::Abbreviation,
            TermType::ShortForm,
            TermType::Variant,
        ]
        .get(usize::from(b))
        .copied()
    }
}

impl fmt::Display for TermType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One term of a concept in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The term as written in the glossary.
    pub text: String,
    /// Its language.
    pub lang: Lang,
    /// Whether to use it.
    pub status: Status,
    /// Its form.
    #[serde(rename = "type")]
    pub kind: TermType,
}

impl Term {
    /// A preferred full-form term.
    pub fn new(text: impl Into<String>, lang: Lang) -> Term {
        Term {
            text: text.into(),
            lang,
            status: Status::Preferred,
            kind: TermType::FullForm,
        }
    }

    /// The same term with another status.
    pub fn with_status(mut self, status: Status) -> Term {
        self.status = status;
        self
    }

    /// The same term with another type.
    pub fn with_type(mut self, kind: TermType) -> Term {
        self.kind = kind;
        self
    }
}

/// A concept: one meaning, with its terms in each language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concept {
    /// The concept's id, unique in its glossary; every output calls it
    /// `concept`.
    pub id: String,
    /// The subject field, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A note for translators, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The terms, in glossary order.
    pub terms: Vec<Term>,
    /// Terms in languages shuyu does not tag (French, Japanese…), kept so
    /// that a TBX file converted to TBX loses nothing; matching never sees
    /// them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_terms: Vec<OtherTerm>,
    /// Strings in which a term of the concept is *not* the term (四川普通话
    /// holds 川普 but means Sichuan Mandarin): they compile into keys that
    /// match and produce nothing, so the longest match there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
}

/// A term in a language shuyu does not tag, kept as the file wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherTerm {
    /// The term.
    pub text: String,
    /// Its language tag as written (`fr`, `ja-JP`…).
    pub lang: String,
    /// Its status.
    pub status: Status,
    /// Its form.
    #[serde(rename = "type")]
    pub kind: TermType,
}

impl Concept {
    /// A concept with no terms yet.
    pub fn new(id: impl Into<String>) -> Concept {
        Concept {
            id: id.into(),
            subject: None,
            note: None,
            terms: Vec::new(),
            other_terms: Vec::new(),
            exceptions: Vec::new(),
        }
    }

    /// The same concept with one more term.
    pub fn with_term(mut self, term: Term) -> Concept {
        self.terms.push(term);
        self
    }

    /// The languages of its terms, in the order they first appear.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs = Vec::new();
        for t in &self.terms {
            if !langs.contains(&t.lang) {
                langs.push(t.lang);
            }
        }
        langs
    }

    /// The preferred terms that serve `lang` (a plain `zh` term serves both
    /// Chinese locales).
    pub fn preferred(&self, lang: Lang) -> impl Iterator<Item = &Term> {
        self.terms
            .iter()
            .filter(move |t| t.status == Status::Preferred && t.lang.covers(lang))
    }
}

/// A set of concepts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    /// The concepts, in the order they were read.
    pub concepts: Vec<Concept>,
}

impl Glossary {
    /// An empty glossary.
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// The number of terms over all concepts.
    pub fn term_count(&self) -> usize {
        self.concepts.iter().map(|c| c.terms.len()).sum()
    }

    /// The number of terms in languages shuyu does not tag, kept but not
    /// used (see [`Concept::other_terms`]).
    pub fn other_term_count(&self) -> usize {
        self.concepts.iter().map(|c| c.other_terms.len()).sum()
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn a_language_tag_is_read_whatever_its_case_and_separators() {
        let cases = [
            ("en", Some(Lang::En)),
            (" EN-gb ", Some(Lang::En)),
            ("eng_US", Some(Lang::En)),
            ("zh", Some(Lang::Zh)),
            ("ZH-cn", Some(Lang::ZhCn)),
            ("zh_SG", Some(Lang::ZhCn)),
            ("cmn-Hans", Some(Lang::ZhCn)),
            ("zh-Hans-HK", Some(Lang::ZhCn)),
            ("zh-HK-Hans", Some(Lang::ZhCn)),
            ("zh-Hant", Some(Lang::ZhTw)),
            ("zho_hant_CN", Some(Lang::ZhTw)),
            ("chi-MO", Some(Lang::ZhTw)),
            ("zh-", None),
            ("zh-JP", None),
            ("en-", Some(Lang::En)),
            ("fr", None),
            ("", None),
            ("zhx-CN", None),
        ];
        for (tag, lang) in cases {
            assert_eq!(tag.parse::<Lang>().ok(), lang, "{tag:?}");
        }
    }
}
