//! `shuyu.toml`: a project's settings for `shuyu lint` and `shuyu check`,
//! found per file like `.editorconfig`: every `shuyu.toml` from the file's
//! folder up to the repository's root (the folder with `.git`) or `/`,
//! merged from the outermost down, the nearer file winning key by key.
//!
//! ```toml
//! glossary = "terms/alliance.tbx"   # relative to this file; default: bundled
//! locale = "zh-CN"                  # lint: zh-CN, zh-TW or en
//! source-lang = "en"                # check: languages of TSV, or overrides
//! target-lang = "zh-CN"
//! exclude = ["drafts/**", "*.generated.md"]   # `ignore` is the same key
//! level = "note"                    # lint: the lowest severity reported
//!
//! [severity]                        # per rule: error, warning, note, info, off
//! non-preferred = "warning"
//!
//! [matching]
//! word-check = false                # match short Chinese terms inside words too
//!
//! [[rule]]                          # check: a rule of your own
//! id = "no-trump-transliteration"
//! level = "error"
//! message = "write 特朗普, not {name}"
//! target-forbid = "(?P<name>川普|川普总统)"
//! ```
//!
//! Severities merge rule by rule, `exclude` globs and rules accumulate
//! (each glob relative to its own file's folder; a rule of a nearer file
//! replaces one of the same id). Flags given on the command line win over
//! every file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::formats::ParseError;
use crate::glossary::Lang;
use crate::report::{RuleInfo, Severities, Severity};

/// The file name looked for.
pub const FILE_NAME: &str = "shuyu.toml";

/// One `shuyu.toml` as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    glossary: Option<PathBuf>,
    locale: Option<String>,
    source_lang: Option<String>,
    target_lang: Option<String>,
    #[serde(default, alias = "ignore")]
    exclude: Vec<String>,
    level: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    matching: Matching,
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// The `[matching]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Matching {
    word_check: Option<bool>,
}

impl File {
    fn parse(text: &str, path: &Path) -> Result<File, ParseError> {
        basic_toml::from_str(text).map_err(|e| ParseError::new(Some(path), None, e.to_string()))
    }

    fn read(path: &Path) -> Result<File, ParseError> {
        let bytes = crate::formats::read_file(path)?;
        File::parse(&crate::formats::decode_text(&bytes, Some(path))?, path)
    }
}

/// A rule of the user's own, as a `[[rule]]` table writes it: an id, a
/// level, a message (which may name the patterns' captures as `{name}`),
/// and what fires it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// The id findings carry, as the built-in rules' do.
    pub id: String,
    /// error, warning, note, info or off (default: warning).
    pub level: Option<String>,
    /// What the finding says.
    pub message: String,
    /// Fires when the target matches this pattern.
    pub target_forbid: Option<String>,
    /// `[A, B]`: fires when the source matches A and the target does not
    /// match B.
    pub target_require_if_source: Option<[String; 2]>,
}

/// The settings in force for a file: every `shuyu.toml` that applies,
/// merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The glossary, resolved against the folder of the file that set it.
    pub glossary: Option<PathBuf>,
    /// The documents' locale (`lint`).
    pub locale: Option<String>,
    /// The source language (`check`).
    pub source_lang: Option<String>,
    /// The target language (`check`).
    pub target_lang: Option<String>,
    /// The lowest severity reported (`lint`).
    pub level: Option<String>,
    /// Severity per rule.
    pub severity: BTreeMap<String, String>,
    /// Whether short Chinese matches must be words of the text
    /// (`[matching] word-check`; see
    /// [`Tagger::with_word_check`](crate::Tagger::with_word_check)).
    pub word_check: Option<bool>,
    /// The user's rules (`check`), with the file each came from.
    pub rules: Vec<(RuleSpec, PathBuf)>,
    /// Glob patterns of paths not to check, each with the folder it is
    /// relative to.
    pub exclude: Vec<(PathBuf, String)>,
    /// The files merged, outermost first.
    pub files: Vec<PathBuf>,
    /// For each key set, the file that set it (for `shuyu config`).
    pub origins: BTreeMap<String, PathBuf>,
}

impl Config {
    /// The settings of one file's text alone; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// Invalid TOML or an unknown key.
    ///
    /// ```
    /// let c = shuyu::config::Config::parse("locale = \"zh-TW\"\nignore = [\"drafts/**\"]\n", "/repo/shuyu.toml".as_ref())?;
    /// assert_eq!(c.locale.as_deref(), Some("zh-TW"));
    /// assert!(c.excludes("/repo/drafts/a.md".as_ref()));
    /// # Ok::<(), shuyu::formats::ParseError>(())
    /// ```
    pub fn parse(text: &str, file: &Path) -> Result<Config, ParseError> {
        let mut config = Config::default();
        config.merge(File::parse(text, file)?, file);
        Ok(config)
    }

    /// The file alone (`--config FILE`).
    ///
    /// # Errors
    ///
    /// A file that cannot be read or parsed.
    pub fn read(file: &Path) -> Result<Config, ParseError> {
        let mut config = Config::default();
        config.merge(File::read(file)?, file);
        Ok(config)
    }

    /// The settings for `path` (a file or a folder): every `shuyu.toml`
    /// from its folder up to the repository root or `/`, merged from the
    /// outermost down.
    ///
    /// # Errors
    ///
    /// A config file that cannot be read or parsed.
    pub fn for_path(path: &Path) -> Result<Config, ParseError> {
        let abs: PathBuf = std::env::current_dir()
            .unwrap_or_default()
            .join(path)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let dir = if abs.is_dir() {
            abs.as_path()
        } else {
            abs.parent().unwrap_or(&abs)
        };
        let mut chain = Vec::new();
        for d in dir.ancestors() {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                chain.push(candidate);
            }
            if d.join(".git").exists() {
                break;
            }
        }
        let mut config = Config::default();
        for file in chain.iter().rev() {
            config.merge(File::read(file)?, file);
        }
        Ok(config)
    }

    /// Lays a nearer file's settings over these.
    fn merge(&mut self, file: File, path: &Path) {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut set = |key: &str| {
            self.origins.insert(key.to_string(), path.to_path_buf());
        };
        if file.glossary.is_some() {
            set("glossary");
        }
        for (key, value) in [
            ("locale", &file.locale),
            ("source-lang", &file.source_lang),
            ("target-lang", &file.target_lang),
            ("level", &file.level),
        ] {
            if value.is_some() {
                set(key);
            }
        }
        for rule in file.severity.keys() {
            set(&format!("severity.{rule}"));
        }
        if file.matching.word_check.is_some() {
            set("matching.word-check");
        }
        if let Some(g) = file.glossary {
            self.glossary = Some(root.join(g));
        }
        self.locale = file.locale.or(self.locale.take());
        self.source_lang = file.source_lang.or(self.source_lang.take());
        self.target_lang = file.target_lang.or(self.target_lang.take());
        self.level = file.level.or(self.level.take());
        self.word_check = file.matching.word_check.or(self.word_check);
        self.severity.extend(file.severity);
        self.exclude
            .extend(file.exclude.into_iter().map(|g| (root.clone(), g)));
        for rule in file.rule {
            self.rules.retain(|(r, _)| r.id != rule.id);
            self.rules.push((rule, path.to_path_buf()));
        }
        self.files.push(path.to_path_buf());
    }

    /// Whether two configurations set the same values (wherever they came
    /// from, and whatever they exclude): files under either are checked
    /// alike, and share one run of the rules that look across files.
    pub fn same_settings(&self, other: &Config) -> bool {
        let rules = |c: &Config| c.rules.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>();
        (
            &self.glossary,
            &self.locale,
            &self.source_lang,
            &self.target_lang,
            &self.level,
            &self.severity,
            self.word_check,
        ) == (
            &other.glossary,
            &other.locale,
            &other.source_lang,
            &other.target_lang,
            &other.level,
            &other.severity,
            other.word_check,
        ) && rules(self) == rules(other)
    }

    /// The file a key came from, for messages about it.
    fn origin(&self, key: &str) -> PathBuf {
        self.origins
            .get(key)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(FILE_NAME))
    }

    /// The severities of `rules` with the `[severity]` tables applied.
    ///
    /// # Errors
    ///
    /// An unknown rule or level, naming the file that set it.
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
            let key = format!("severity.{rule}");
            let file = self.origin(&key);
            let level = Severity::parse_level(level)
                .map_err(|e| ParseError::new(Some(&file), None, format!("{key}: {e}")))?;
            severities
                .set_rule(rule, level)
                .map_err(|e| ParseError::new(Some(&file), None, e.to_string()))?;
        }
        Ok(severities)
    }

    /// The locale, when a file sets one.
    ///
    /// # Errors
    ///
    /// A tag that is not a language shuyu knows, naming the file.
    pub fn locale(&self) -> Result<Option<Lang>, ParseError> {
        self.locale
            .as_deref()
            .map(|l| {
                l.parse::<Lang>().map_err(|e| {
                    ParseError::new(Some(&self.origin("locale")), None, format!("locale: {e}"))
                })
            })
            .transpose()
    }

    /// The source and target languages, when files set them.
    ///
    /// # Errors
    ///
    /// A tag that is not a language shuyu knows, naming the file.
    pub fn langs(&self) -> Result<(Option<String>, Option<String>), ParseError> {
        for (key, tag) in [
            ("source-lang", &self.source_lang),
            ("target-lang", &self.target_lang),
        ] {
            if let Some(tag) = tag {
                tag.parse::<Lang>().map_err(|e| {
                    ParseError::new(Some(&self.origin(key)), None, format!("{key}: {e}"))
                })?;
            }
        }
        Ok((self.source_lang.clone(), self.target_lang.clone()))
    }

    /// The lowest severity to report, when a file sets one (`off` reports
    /// errors only).
    ///
    /// # Errors
    ///
    /// An unknown level, naming the file.
    pub fn level(&self) -> Result<Option<Severity>, ParseError> {
        self.level
            .as_deref()
            .map(|l| {
                Severity::parse_level(l)
                    .map(|s| s.unwrap_or(Severity::Error))
                    .map_err(|e| {
                        ParseError::new(Some(&self.origin("level")), None, format!("level: {e}"))
                    })
            })
            .transpose()
    }

    /// The user's rules, compiled.
    ///
    /// # Errors
    ///
    /// A rule with a bad pattern, an unknown level, no condition, or an id
    /// that is a built-in rule's, naming its file and id.
    pub fn user_rules(&self, builtin: &[RuleInfo]) -> Result<Vec<crate::qa::UserRule>, ParseError> {
        self.rules
            .iter()
            .map(|(spec, file)| {
                if builtin.iter().any(|r| r.id == spec.id) {
                    let message = format!("rule {:?}: the id of a built-in rule", spec.id);
                    return Err(ParseError::new(Some(file), None, message));
                }
                crate::qa::UserRule::new(spec).map_err(|e| {
                    ParseError::new(Some(file), None, format!("rule {:?}: {e}", spec.id))
                })
            })
            .collect()
    }

    /// Whether a path is excluded by a glob of some file.
    pub fn excludes(&self, path: &Path) -> bool {
        let abs = std::env::current_dir().unwrap_or_default().join(path);
        self.exclude
            .iter()
            .any(|(root, glob)| Globs::new(root, std::slice::from_ref(glob)).matches(&abs))
    }

    /// The settings as `shuyu config` prints them: each key, its value and
    /// the file it came from.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if self.files.is_empty() {
            out.push_str("no shuyu.toml applies: defaults only\n");
        } else {
            out.push_str("files, outermost first:\n");
            for f in &self.files {
                out.push_str(&format!("  {}\n", f.display()));
            }
        }
        let from = |key: &str| {
            self.origins
                .get(key)
                .map_or(String::new(), |f| format!("  # {}", f.display()))
        };
        let glossary = self
            .glossary
            .as_ref()
            .map_or("(bundled)".to_string(), |g| g.display().to_string());
        out.push_str(&format!("glossary = {glossary:?}{}\n", from("glossary")));
        for (key, value) in [
            ("locale", &self.locale),
            ("source-lang", &self.source_lang),
            ("target-lang", &self.target_lang),
            ("level", &self.level),
        ] {
            if let Some(v) = value {
                out.push_str(&format!("{key} = {v:?}{}\n", from(key)));
            }
        }
        for (root, glob) in &self.exclude {
            out.push_str(&format!(
                "exclude {glob:?}  # relative to {}\n",
                root.display()
            ));
        }
        for (rule, level) in &self.severity {
            let key = format!("severity.{rule}");
            out.push_str(&format!("{key} = {level:?}{}\n", from(&key)));
        }
        if let Some(on) = self.word_check {
            let key = "matching.word-check";
            out.push_str(&format!("{key} = {on}{}\n", from(key)));
        }
        for (rule, file) in &self.rules {
            out.push_str(&format!("rule {:?}  # {}\n", rule.id, file.display()));
        }
        out
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
        // A path outside the root is matched as it stands: a pattern with
        // a `/` is anchored and cannot match it, a bare name can.
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
        assert!(!globs.matches("/elsewhere/drafts/a.md".as_ref()));
    }
}
