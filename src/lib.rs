//! shuyu (术语, "terminology") keeps a bilingual Chinese/English glossary and
//! finds its terms in text: leftmost-longest, fast, and through the
//! differences real text has — full-width letters, dash variants, spacing,
//! case, English plurals, and Simplified versus Traditional characters.
//!
//! # Example
//!
//! Tag a sentence with the bundled glossary of US–Japan alliance vocabulary:
//!
//! ```
//! use shuyu::{Lang, Status, Tagger};
//!
//! let tagger = Tagger::bundled();
//! let text = "東京將成立統合作戰司令部（J‐JOC），並加入AUKUS第二支柱。";
//! let found: Vec<(&str, &str, Lang, Status)> = tagger
//!     .find_iter(text)
//!     .map(|m| (&text[m.start()..m.end()], m.concept(), m.lang(), m.status()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         ("東京", "tokyo", Lang::ZhTw, Status::Preferred),
//!         ("統合作戰司令部", "j-joc", Lang::ZhTw, Status::Preferred),
//!         ("J‐JOC", "j-joc", Lang::En, Status::Admitted),
//!         ("AUKUS第二支柱", "aukus-pillar-two", Lang::Zh, Status::Preferred),
//!     ]
//! );
//! ```
//!
//! # Example: your own glossary
//!
//! Build a [`Glossary`] in code or read one ([`formats::read_glossary`] takes
//! TBX, TSV/CSV or shuyu's text format), then compile it with a
//! [`TaggerBuilder`]. A term written with a capital matches only as written,
//! so *CoRe* is not found in "core values":
//!
//! ```
//! use shuyu::{Concept, Glossary, Lang, Status, Tagger, Term};
//!
//! let glossary = Glossary {
//!     concepts: vec![Concept::new("core")
//!         .with_term(Term::new("Competitiveness and Resilience Partnership", Lang::En))
//!         .with_term(Term::new("CoRe", Lang::En).with_status(Status::Admitted))
//!         .with_term(Term::new("核心伙伴关系", Lang::ZhCn).with_status(Status::Deprecated))],
//! };
//! let tagger = Tagger::new(&glossary)?;
//! let text = "CoRe is not about core values; 核心夥伴關係 is the wrong name.";
//! let found: Vec<_> = tagger.find_iter(text).map(|m| (m.term(), m.status())).collect();
//! assert_eq!(found, [("CoRe", Status::Admitted), ("核心伙伴关系", Status::Deprecated)]);
//! # Ok::<(), shuyu::compile::BuildError>(())
//! ```
//!
//! # Modules
//!
//! * [`glossary`]: the model — concepts, terms, languages, statuses.
//! * [`langtag`]: language tags as files write them, and how they match.
//! * [`formats`]: TBX, TSV/CSV and the `.terms` text format, read and written.
//! * [`normalize`]: the folds that text and terms share.
//! * [`compile`]: the compiled, loadable form of a glossary.
//! * [`tagger`]: leftmost-longest matching.
//! * [`check`]: glossary consistency of bilingual segments.
//! * [`validate`]: checks of a glossary itself.
//! * [`lint`]: pre-publish checks of monolingual documents.
//! * [`parallel`]: work over both cores, results in order.
//! * [`tm`]: translation memory — import, exact and fuzzy lookup,
//!   concordance, TMX export.
//! * [`report`]: findings, severities, and their text, JSON, SARIF, JUnit
//!   and GitHub forms.

#![deny(missing_docs)]

pub mod bundled;
pub mod check;
mod checksum;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod config;
mod format;
pub mod formats;
pub mod glossary;
pub mod langtag;
pub mod lint;
#[cfg(feature = "oracle")]
pub mod naive;
mod nodes;
pub mod normalize;
pub(crate) mod parallel;
pub mod report;
mod scan;
pub mod tagger;
pub mod tm;
pub mod validate;
mod xmltext;

pub use glossary::{Concept, Glossary, Lang, Status, Term, TermType};
pub use tagger::{ConceptRef, FindIter, Match, OpenError, Tagger, TaggerBuilder, TermRef, Usage};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
