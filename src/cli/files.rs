//! Which files a command reads: the paths named, and the files of the
//! formats it reads under the folders named.

use std::path::{Path, PathBuf};

use crate::formats::ParseError;

/// How a folder is searched.
pub(crate) struct Walk<'a> {
    /// The extensions of the files to pick up.
    pub(crate) extensions: &'a [&'a str],
    /// What to leave out (`--exclude`, the config's `exclude`).
    pub(crate) skip: &'a dyn Fn(&Path) -> bool,
    /// Whether to follow symbolic links inside folders (`--follow`); a
    /// link back to a folder being searched is passed over either way.
    pub(crate) follow: bool,
}

/// The files a command reads: each path named (and `-`, standard input),
/// and under each folder named, recursively, the files whose extension is
/// one of the walk's, sorted by path; less those it says to leave out.
/// Inside folders, symbolic links are not followed unless asked, and a
/// link to a folder already being searched never is: every file is found
/// once, and a cycle ends. A path that does not exist or a folder that
/// cannot be read is pushed to `errors`, and the walk goes on with the
/// rest.
pub(crate) fn collect_files(
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
            let mut open = Vec::new();
            if let Some(id) = folder_id(path) {
                open.push(id);
            }
            walk(path, how, &mut open, &mut found, errors);
            found.sort();
            out.extend(found);
        } else if path.exists() || path.as_os_str() == "-" {
            out.push(path.clone());
        } else {
            errors.push(ParseError::new(Some(path), None, "no such file or folder"));
        }
    }
    out
}

/// A folder's device and inode, which a link to it shares.
fn folder_id(path: &Path) -> Option<(u64, u64)> {
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

/// Searches `dir`; `open` holds the folders being searched, outermost
/// first.
fn walk(
    dir: &Path,
    how: &Walk<'_>,
    open: &mut Vec<(u64, u64)>,
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
        if is_dir {
            let id = folder_id(&path);
            if id.is_some_and(|id| open.contains(&id)) {
                continue;
            }
            open.extend(id);
            walk(&path, how, open, out, errors);
            if id.is_some() {
                open.pop();
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| how.extensions.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}
