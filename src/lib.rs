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
//! # Where to start
//!
//! [`Tagger`] is the entry point: build one from a [`Glossary`]
//! ([`Tagger::new`]), open a glossary file ([`Tagger::open`]), load a
//! compiled one ([`Tagger::from_bytes`]) or take the bundled one
//! ([`Tagger::bundled`]), then [`Tagger::find_iter`]. Everything else is a
//! use of its matches.
//!
//! # The pipeline, and the module for each step
//!
//! ```text
//! glossary file ─ formats ─▶ Glossary ─ compile ─▶ compiled bytes ─▶ Tagger ─ find_iter ─▶ Match
//!                               │        (format)                     (scan)                  │
//!                               └─ validate                 check · lint · tm ◀───────────────┘
//!                                                               │
//!                                                         report (text, JSON, SARIF, JUnit, GitHub)
//! ```
//!
//! * Model: [`glossary`] (concepts, terms, languages, statuses),
//!   [`langtag`] (language tags as files write them, and how they match).
//! * Reading and writing: [`formats`] (TBX, TSV/CSV, `.terms`; TMX, XLIFF
//!   and TSV bilingual files as [`formats::bitext::Segment`]s; Markdown,
//!   HTML, Word and text documents), [`config`] (`shuyu.toml`).
//! * Matching: [`normalize`] (the folds text and terms share), [`compile`]
//!   (a glossary to its compiled form, and the errors of building and
//!   loading it), [`tagger`] (the compiled glossary and its matches),
//!   [`bundled`] (the glossary shipped inside the crate).
//! * Uses: [`check`] (bilingual segments against the glossary), [`lint`]
//!   (documents in one locale), [`validate`] (the glossary itself), [`tm`]
//!   (translation memory: import, lookup, concordance, export),
//!   [`extract`] (term candidates the text states, new or known).
//! * Output: [`report`] (findings, severities, rules, and their formats).
//! * The command line is [`cli`], behind the default feature `cli`; the
//!   slow reference matcher the tests compare the tagger with (`naive`) and
//!   the properties the fuzz targets check (`fuzz`) are behind the feature
//!   `oracle`.
//!
//! Inside, `format` is the compiled form's layout, `scan` the matching
//! loop over it, `nodes` the fst reader the scan steps with.

#![deny(missing_docs)]

pub mod bundled;
pub mod check;
mod checksum;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod config;
pub mod extract;
mod format;
pub mod formats;
#[cfg(feature = "oracle")]
pub mod fuzz;
pub mod glossary;
pub mod langtag;
pub mod lint;
#[cfg(feature = "oracle")]
pub mod naive;
mod nodes;
pub mod normalize;
pub(crate) mod parallel;
pub mod qa;
pub mod report;
mod rewrite;
mod scan;
pub mod script;
pub mod tagger;
pub mod tm;
pub mod validate;
pub mod words;
mod xmltext;

pub use glossary::{Concept, Glossary, Lang, Status, Term, TermType};
pub use tagger::{ConceptRef, FindIter, Match, OpenError, Tagger, TaggerBuilder, TermRef, Usage};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
