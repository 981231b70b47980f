//! The bundled glossary: 427 concepts of US–Japan alliance vocabulary
//! (`glossary/us-japan-alliance.terms`), embedded in the binary so that
//! every command works without `--glossary`.

use std::sync::OnceLock;

use crate::{Glossary, Tagger};

/// The bundled glossary's source text.
const TEXT: &str = include_str!("../glossary/us-japan-alliance.terms");

/// Where the bundled glossary lives in shuyu's repository: the name
/// findings about it carry.
pub const PATH: &str = "glossary/us-japan-alliance.terms";

impl Glossary {
    /// The glossary bundled with shuyu (from `glossary/`), built from the
    /// vocabulary of Chinese and English writing on the US–Japan alliance.
    ///
    /// ```
    /// let g = shuyu::Glossary::bundled();
    /// assert!(g.concepts.iter().any(|c| c.id == "quad"));
    /// ```
    pub fn bundled() -> Glossary {
        crate::formats::terms::parse(TEXT, Some(std::path::Path::new(PATH)))
            .expect("the bundled glossary parses: tests/bundled.rs checks it")
    }
}

impl Tagger {
    /// The tagger of the bundled glossary, compiled on first use.
    ///
    /// ```
    /// let tagger = shuyu::Tagger::bundled();
    /// let m = tagger.find_iter("加入四方安全对话").next().unwrap();
    /// assert_eq!(m.concept(), "quad");
    /// ```
    pub fn bundled() -> &'static Tagger {
        static BUNDLED: OnceLock<Tagger> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Tagger::new(&Glossary::bundled())
                .expect("the bundled glossary compiles: tests/bundled.rs checks it")
        })
    }
}
