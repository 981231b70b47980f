//! `shuyu.toml`: a project's settings for `shuyu lint`, found in the current
//! folder or the nearest one above it.
//!
//! ```toml
//! glossary = "terms/alliance.tbx"   # relative to this file; default: bundled
//! locale = "zh-CN"                  # zh-CN, zh-TW or en
//! ignore = ["drafts/**", "*.generated.md"]
//! level = "note"                    # the lowest severity reported
//!
//! [severity]                        # per rule: error, warning, note, info, off
//! non-preferred = "warning"
//! ```
//!
//! Flags given on the command line win over the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::formats::ParseError;
use crate::glossary::Lang;
use crate::report::{RuleInfo, Severities, Severity};

/// The file name looked for.
pub const FILE_NAME: &str = "shuyu.toml";

/// The settings of a `shuyu.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The glossary, relative to the config file.
    pub glossary: Option<PathBuf>,
    /// The documents' locale.
    pub locale: Option<String>,
    /// Glob patterns (`*`, `**`, `?`) of paths, relative to the config
    /// file's folder, not to check.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The lowest severity reported.
    pub level: Option<String>,
    /// Severity per rule.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// The folder of the config file (set when read).
    #[serde(skip)]
    pub root: PathBuf,
    /// The config file itself, as found (set when read): messages about
    /// its settings name it.
    #[serde(skip)]
    pub file: PathBuf,
}

impl Config {
    /// Parses a config file's text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// Invalid TOML or an unknown key.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ParseError> {
        let mut config: Config = basic_toml::from_str(text)
            .map_err(|e| ParseError::new(Some(file), None, e.to_string()))?;
        config.root = file.parent().map(Path::to_path_buf).unwrap_or_default();
        config.file = file.to_path_buf();
        Ok(config)
    }

    /// The nearest `shuyu.toml` in `dir` or a folder above it, if any.
    ///
    /// # Errors
    ///
    /// A config file that cannot be read or parsed.
    pub fn find(dir: &Path) -> Result<Option<Config>, ParseError> {
        for d in dir.ancestors() {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                let bytes = crate::formats::read_file(&candidate)?;
                let text = crate::formats::decode_text(&bytes, Some(&candidate))?;
                return Config::parse(&text, &candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// The severities of `rules` with this file's `[severity]` table
    /// applied.
    ///
    /// # Errors
    ///
    /// An unknown rule or level, naming this file.
    ///
    /// ```
    /// let c = shuyu::config::Config::parse("[severity]\nnon-preferred = \"warning\"\n", "shuyu.toml".as_ref())?;
    /// let s = c.severities(shuyu::lint::RULES)?;
    /// assert_eq!(s.get("non-preferred"), Some(shuyu::report::Severity::Warning));
    /// let bad = shuyu::config::Config::parse("[severity]\nbogus = \"error\"\n", "/repo/shuyu.toml".as_ref())?;
    /// assert!(bad.severities(shuyu::lint::RULES).unwrap_err().to_string().starts_with("/repo/shuyu.toml: unknown rule"));
    /// # Ok::<(), shuyu::formats::ParseError>(())
    /// ```
    pub fn severities(&self, rules: &'static [RuleInfo]) -> Result<Severities, ParseError> {
        let mut severities = Severities::new(rules);
        for (rule, level) in &self.severity {
            let level = Severity::parse_level(level)
                .map_err(|e| self.error(format!("severity.{rule}: {e}")))?;
            severities
                .set_rule(rule, level)
                .map_err(|e| self.error(e.to_string()))?;
        }
        Ok(severities)
    }

    /// The locale, when the file sets one.
    ///
    /// # Errors
    ///
    /// A tag that is not a language shuyu knows, naming this file.
    pub fn locale(&self) -> Result<Option<Lang>, ParseError> {
        self.locale
            .as_deref()
            .map(|l| {
                l.parse::<Lang>()
                    .map_err(|e| self.error(format!("locale: {e}")))
            })
            .transpose()
    }

    /// The lowest severity to report, when the file sets one (`off`
    /// reports errors only).
    ///
    /// # Errors
    ///
    /// An unknown level, naming this file.
    pub fn level(&self) -> Result<Option<Severity>, ParseError> {
        self.level
            .as_deref()
            .map(|l| {
                Severity::parse_level(l)
                    .map(|s| s.unwrap_or(Severity::Error))
                    .map_err(|e| self.error(format!("level: {e}")))
            })
            .transpose()
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(Some(&self.file), None, message)
    }

    /// The glossary path, resolved against the config file's folder.
    pub fn glossary_path(&self) -> Option<PathBuf> {
        self.glossary.as_ref().map(|g| self.root.join(g))
    }

    /// Whether a path is ignored by one of the patterns.
    ///
    /// ```
    /// let c = shuyu::config::Config { ignore: vec!["drafts/**".into(), "*.gen.md".into()], ..Default::default() };
    /// assert!(c.ignores(std::path::Path::new("drafts/2024/a.md")));
    /// assert!(c.ignores(std::path::Path::new("b.gen.md")));
    /// assert!(!c.ignores(std::path::Path::new("posts/a.md")));
    /// ```
    pub fn ignores(&self, path: &Path) -> bool {
        Globs::new(&self.root, &self.ignore).matches(path)
    }
}

/// Glob patterns of paths relative to a folder: `**` any path, `*` any part
/// of a name, `?` one character. A pattern without `/` matches a file or
/// folder name at any depth, as in `.gitignore`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Globs<'a> {
    root: &'a Path,
    patterns: &'a [String],
}

impl<'a> Globs<'a> {
    /// The patterns, relative to `root`.
    pub fn new(root: &'a Path, patterns: &'a [String]) -> Globs<'a> {
        Globs { root, patterns }
    }

    /// Whether `path` (under `root`, or relative to it) or one of its
    /// folders matches a pattern.
    pub fn matches(&self, path: &Path) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        // `a/./b` and `a/b` are one path.
        let rel: PathBuf = rel
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let rel = rel.trim_start_matches("./");
        self.patterns.iter().any(|p| {
            let p = p.trim_start_matches("./").trim_end_matches('/');
            if p.contains('/') {
                glob(p.as_bytes(), rel.as_bytes())
                    || glob(format!("{p}/**").as_bytes(), rel.as_bytes())
            } else {
                rel.split('/')
                    .any(|name| glob(p.as_bytes(), name.as_bytes()))
            }
        })
    }
}

/// Glob matching: `**` any path, `*` any name part, `?` one character.
fn glob(p: &[u8], s: &[u8]) -> bool {
    match p {
        [] => s.is_empty(),
        [b'*', b'*', b'/', rest @ ..] => {
            (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && glob(rest, &s[i..]))
        }
        [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| glob(rest, &s[i..])),
        [b'*', rest @ ..] => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(rest, &s[i..])),
        [b'?', rest @ ..] => !s.is_empty() && s[0] != b'/' && glob(rest, &s[1..]),
        [c, rest @ ..] => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::Globs;

    #[test]
    fn globs_match_paths_under_their_root_and_bare_names_at_any_depth() {
        let patterns = ["drafts/**".to_string(), "*.bak.tmx".to_string()];
        let globs = Globs::new("/repo".as_ref(), &patterns);
        assert!(globs.matches("/repo/drafts/a.md".as_ref()));
        assert!(globs.matches("/repo/memories/old/x.bak.tmx".as_ref()));
        assert!(!globs.matches("/repo/memories/x.tmx".as_ref()));
        assert!(!globs.matches("/repo/notdrafts/a.md".as_ref()));
    }
}
