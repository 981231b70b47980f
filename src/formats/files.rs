//! Which files a command reads: the paths named, and the files of the
//! formats it reads under the folders named.
//!
//! ```
//! use shuyu::formats::{bitext, files::{collect_files, Walk}};
//! let folder = std::env::temp_dir().join(format!("shuyu-files-doc-{}", std::process::id()));
//! std::fs::create_dir_all(folder.join("zh"))?;
//! std::fs::write(folder.join("zh/b.tmx"), "")?;
//! std::fs::write(folder.join("a.xlf"), "")?;
//! std::fs::write(folder.join("notes.txt"), "")?;
//! let mut errors = Vec::new();
//! let found = collect_files(&[folder.clone()], &Walk::new(bitext::EXTENSIONS), &mut errors);
//! assert_eq!(found, [folder.join("a.xlf"), folder.join("zh/b.tmx")]);
//! assert!(errors.is_empty());
//! collect_files(&[folder.join("gone.tmx")], &Walk::new(bitext::EXTENSIONS), &mut errors);
//! assert_eq!(errors[0].kind(), shuyu::formats::ParseErrorKind::Io(std::io::ErrorKind::NotFound));
//! # std::fs::remove_dir_all(&folder)?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::path::{Path, PathBuf};

use crate::formats::ParseError;

/// How a folder is searched.
pub struct Walk<'a> {
    /// The extensions of the files to pick up, lower case, without the dot.
    pub extensions: &'a [&'a str],
    /// What to leave out (`--exclude`, the config's `exclude`).
    pub skip: &'a dyn Fn(&Path) -> bool,
    /// Whether to follow symbolic links inside folders (`--follow`); a
    /// link back to a folder being searched is passed over either way.
    pub follow: bool,
}

impl<'a> Walk<'a> {
    /// A walk that picks up files with these extensions, leaves nothing
    /// out and does not follow links.
    pub fn new(extensions: &'a [&'a str]) -> Walk<'a> {
        Walk {
            extensions,
            skip: &|_| false,
            follow: false,
        }
    }
}

/// The files a command reads: each path named (and `-`, standard input),
/// and under each folder named, recursively, the files whose extension is
/// one of the walk's, sorted by path; less those it says to leave out.
/// Inside folders, symbolic links are not followed unless asked; when they
/// are, each folder is searched and each file found once, whatever links
/// lead to them, so a cycle ends. A path that does not exist or a folder that
/// cannot be read is pushed to `errors`, and the walk goes on with the
/// rest.
pub fn collect_files(
    paths: &[PathBuf],
    how: &Walk<'_>,
    errors: &mut Vec<ParseError>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && (how.skip)(path) {
            continue;
        }
        if path.is_dir() {
            let mut found = Vec::new();
            let mut seen = std::collections::HashSet::new();
            seen.extend(file_id(path));
            walk(path, how, &mut seen, &mut found, errors);
            found.sort();
            out.extend(found);
        } else if path.exists() || path.as_os_str() == "-" {
            out.push(path.clone());
        } else {
            errors.push(ParseError::missing(path));
        }
    }
    out
}

/// A file's or folder's device and inode, which a link to it shares.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// Searches `dir`; `seen` holds, when links are followed, the folders and
/// files already reached.
fn walk(
    dir: &Path,
    how: &Walk<'_>,
    seen: &mut std::collections::HashSet<(u64, u64)>,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<ParseError>,
) {
    let fail = |e: std::io::Error| ParseError::io(dir, "cannot read folder", e);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(fail(e)),
    };
    for entry in entries {
        let (path, kind) = match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
            Ok(found) => found,
            Err(e) => {
                errors.push(fail(e));
                continue;
            }
        };
        if (how.skip)(&path) {
            continue;
        }
        let is_dir = if kind.is_symlink() {
            if !how.follow {
                continue;
            }
            // A link that leads nowhere is passed over.
            match std::fs::metadata(&path) {
                Ok(m) => m.is_dir(),
                Err(_) => continue,
            }
        } else {
            kind.is_dir()
        };
        let wanted = is_dir
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| how.extensions.contains(&e.to_ascii_lowercase().as_str()));
        // Only links can reach a place twice; without them, nothing to ask.
        if !wanted || (how.follow && file_id(&path).is_some_and(|id| !seen.insert(id))) {
            continue;
        }
        if is_dir {
            walk(&path, how, seen, out, errors);
        } else {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A tree to build: folders by index (0 is the root; each other one's
    /// parent comes before it), files in folders, and links from a folder
    /// to a folder or to a file.
    #[derive(Debug, Clone)]
    struct Tree {
        parents: Vec<usize>,
        files: Vec<usize>,
        links: Vec<(usize, usize, bool)>,
    }

    fn trees() -> impl Strategy<Value = Tree> {
        (1usize..6).prop_flat_map(|n| {
            let parents = (1..n).map(|i| 0..i).collect::<Vec<_>>();
            (
                parents,
                prop::collection::vec(0..n, 0..6),
                prop::collection::vec((0..n, 0..n, any::<bool>()), 0..5),
            )
                .prop_map(|(parents, files, links)| Tree {
                    parents: std::iter::once(0).chain(parents).collect(),
                    files,
                    links,
                })
        })
    }

    fn build(tree: &Tree, root: &Path) -> Vec<PathBuf> {
        let mut dirs = vec![root.to_path_buf()];
        for (i, &parent) in tree.parents.iter().enumerate().skip(1) {
            let d = dirs[parent].join(format!("d{i}"));
            std::fs::create_dir_all(&d).unwrap();
            dirs.push(d);
        }
        let mut files = Vec::new();
        for (k, &at) in tree.files.iter().enumerate() {
            let f = dirs[at].join(format!("f{k}.md"));
            std::fs::write(&f, "x").unwrap();
            files.push(f);
        }
        for (k, &(from, to, to_file)) in tree.links.iter().enumerate() {
            let target = match (to_file, files.get(to)) {
                (true, Some(f)) => f.clone(),
                _ => dirs[to].clone(),
            };
            std::os::unix::fs::symlink(target, dirs[from].join(format!("l{k}.md"))).unwrap();
        }
        files
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Without --follow the walk finds exactly the files of the tree;
        /// with it, every file once (by what it is, not by the path that
        /// reached it), and it ends whatever loops the links make.
        #[test]
        fn walks_end_and_find_each_file_once(tree in trees()) {
            let root = std::env::temp_dir().join(format!("shuyu-walk-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(&root).unwrap();
            let mut files = build(&tree, &root);
            files.sort();
            let skip = |_: &Path| false;
            let mut errors = Vec::new();
            let plain = Walk { extensions: &["md"], skip: &skip, follow: false };
            let found = collect_files(std::slice::from_ref(&root), &plain, &mut errors);
            prop_assert_eq!(&found, &files);
            let follow = Walk { extensions: &["md"], skip: &skip, follow: true };
            let found = collect_files(std::slice::from_ref(&root), &follow, &mut errors);
            let mut real: Vec<PathBuf> = found.iter().map(|f| std::fs::canonicalize(f).unwrap()).collect();
            real.sort();
            prop_assert!(errors.is_empty(), "{:?}", errors);
            prop_assert_eq!(real, files.iter().map(|f| std::fs::canonicalize(f).unwrap()).collect::<Vec<_>>());
            std::fs::remove_dir_all(&root).unwrap();
        }
    }
}
