//! Which files a command reads: the paths named, and the files of the
//! formats it reads under the folders named.

use std::path::{Path, PathBuf};

use crate::formats::ParseError;

/// The files a command reads: each path named (and `-`, standard input),
/// and under each folder named, recursively, the files whose extension is
/// one of `extensions`, sorted by path; less those `skip` says to leave
/// out. A path that does not exist or a folder that cannot be read is
/// pushed to `errors`, and the walk goes on with the rest.
pub(crate) fn collect_files(
    paths: &[PathBuf],
    extensions: &[&str],
    skip: &dyn Fn(&Path) -> bool,
    errors: &mut Vec<ParseError>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && skip(path) {
            continue;
        }
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, extensions, skip, &mut found, errors);
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

fn walk(
    dir: &Path,
    extensions: &[&str],
    skip: &dyn Fn(&Path) -> bool,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<ParseError>,
) {
    let fail = |e: std::io::Error| ParseError::io(dir, "cannot read folder", e);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(fail(e)),
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                errors.push(fail(e));
                continue;
            }
        };
        if skip(&path) {
            continue;
        }
        if path.is_dir() {
            walk(&path, extensions, skip, out, errors);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}
