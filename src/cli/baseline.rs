//! `--write-baseline` and `--baseline`: findings recorded once, so that
//! later runs report only new ones.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::report::{fingerprint, Finding, Severity};

/// A file's path as a baseline records it: relative to the baseline's
/// folder, `/`-separated, whatever folder the run was started from and
/// however the path was typed (`zh.xlf`, `./zh.xlf`, an absolute path).
pub(crate) fn baseline_path(root: &Path, file: &Path) -> String {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| lexical(p));
    let (root, file) = (real(root), real(file));
    let (r, f): (Vec<_>, Vec<_>) = (root.components().collect(), file.components().collect());
    let common = r.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// An absolute path with `.` and `..` resolved by their names alone.
fn lexical(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::env::current_dir().unwrap_or_default().join(p);
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Findings recorded once (`--write-baseline`) so that later runs
/// (`--baseline`) report only new ones.
///
/// Version 2 records each finding's file relative to the baseline's own
/// folder and its [`fingerprint`], so a baseline survives a change of
/// working folder, of how paths are typed, and of line numbers. The other
/// fields are there for people reading the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct Baseline {
    /// The format version: 2 (1 is still read).
    pub shuyu_baseline: u32,
    /// The findings recorded.
    pub findings: Vec<BaselineEntry>,
}

/// One finding of a baseline: what identifies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct BaselineEntry {
    /// The file, relative to the baseline's folder (version 1: as typed).
    pub file: String,
    /// The finding's [`fingerprint`] (absent in version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The segment (or concept).
    #[serde(default)]
    pub segment: Option<String>,
    /// The rule.
    pub rule: String,
    /// The concept.
    #[serde(default)]
    pub concept: Option<String>,
    /// The target term.
    #[serde(default)]
    pub target: Option<String>,
}

impl Baseline {
    /// A baseline of these findings, to be written in the folder `root`.
    pub fn of(findings: &[Finding], root: &Path) -> Baseline {
        let mut paths = Paths::new(root);
        Baseline {
            shuyu_baseline: 2,
            findings: findings
                .iter()
                .map(|f| BaselineEntry {
                    file: paths.of(&f.file).to_string(),
                    fingerprint: Some(fingerprint(f)),
                    segment: f.segment.clone(),
                    rule: f.rule.clone(),
                    concept: f.concept.clone(),
                    target: f.target.clone(),
                })
                .collect(),
        }
    }

    /// What the baseline absorbs, to filter findings file by file; `root`
    /// is the baseline's folder.
    pub fn budget(&self, root: &Path) -> Budget {
        let mut paths = Paths::new(root);
        let mut left = std::collections::HashMap::new();
        for e in &self.findings {
            let print = e.fingerprint.clone().unwrap_or_else(|| {
                let mut f = Finding::new(&e.file, &e.rule, Severity::Error, String::new());
                f.segment = e.segment.clone();
                f.concept = e.concept.clone();
                f.target = e.target.clone();
                fingerprint(&f)
            });
            // Version 1 wrote paths as typed, from the working folder.
            let file = match self.shuyu_baseline {
                1 => paths.of(&e.file).to_string(),
                _ => e.file.clone(),
            };
            *left.entry((file, print)).or_default() += 1;
        }
        Budget { left, paths }
    }
}

/// File names as typed, each turned once into its [`baseline_path`].
#[derive(Clone, Debug, Default)]
struct Paths {
    root: PathBuf,
    seen: std::collections::HashMap<String, String>,
}

impl Paths {
    fn new(root: &Path) -> Paths {
        Paths {
            root: root.to_path_buf(),
            seen: std::collections::HashMap::new(),
        }
    }

    fn of(&mut self, file: &str) -> &str {
        let root = &self.root;
        self.seen
            .entry(file.to_string())
            .or_insert_with(|| baseline_path(root, Path::new(file)))
    }
}

/// The findings a [`Baseline`] has yet to absorb.
#[derive(Clone, Debug, Default)]
pub(crate) struct Budget {
    left: std::collections::HashMap<(String, String), usize>,
    paths: Paths,
}

impl Budget {
    /// Removes the findings the baseline records, each entry absorbing one
    /// (three old findings in a segment and a fourth new one leave the
    /// fourth).
    pub fn filter(&mut self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                let key = (self.paths.of(&f.file).to_string(), fingerprint(f));
                match self.left.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_paths_are_relative_to_the_baseline_folder() {
        assert_eq!(
            baseline_path(Path::new("/repo"), Path::new("/repo/./l10n/zh.xlf")),
            "l10n/zh.xlf"
        );
        assert_eq!(
            baseline_path(Path::new("/repo/ci"), Path::new("/repo/l10n/zh.xlf")),
            "../l10n/zh.xlf"
        );
    }
}
