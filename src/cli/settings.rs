//! Which `shuyu.toml` applies to each file: discovered per file (nearest
//! and above), one named with `--config`, or none with `--no-config`; and
//! the files a run reads, less those excluded.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{Failure, Unreadable};
use crate::config::Config;

/// The position of `item` in `list`, added at the end when absent: runs
/// share one tagger per glossary and one setup per configuration.
pub(crate) fn intern<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    intern_by(list, item, |a, b| a == b)
}

/// [`intern`] with another test of sameness.
fn intern_by<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) -> usize {
    match list.iter().position(|x| same(x, &item)) {
        Some(at) => at,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

/// The configuration flags `check` and `lint` share.
#[derive(clap::Args, Debug)]
pub(crate) struct ConfigFlags {
    /// Use this shuyu.toml alone, for every file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Use no shuyu.toml at all.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// Check files named on the command line even when an `exclude` glob
    /// of a shuyu.toml names them (pre-commit passes files by name).
    #[arg(long)]
    pub(crate) no_ignore: bool,
    /// Skip paths matching this glob (`*`, `**`, `?`; a glob without `/`
    /// matches a file name at any depth). Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
    /// Follow symbolic links inside folders (a link back to a folder being
    /// searched is passed over).
    #[arg(long)]
    pub(crate) follow: bool,
}

/// The configurations of a run's files, read once per folder.
pub(crate) struct Settings {
    fixed: Option<Rc<Config>>,
    by_folder: RefCell<HashMap<PathBuf, Rc<Config>>>,
}

impl Settings {
    pub(crate) fn new(flags: &ConfigFlags) -> Result<Settings, Failure> {
        let fixed = match (&flags.config, flags.no_config) {
            (Some(file), _) => Some(Rc::new(Config::read(file)?)),
            (None, true) => Some(Rc::new(Config::default())),
            (None, false) => None,
        };
        Ok(Settings {
            fixed,
            by_folder: RefCell::new(HashMap::new()),
        })
    }

    /// The configuration in force for `path`.
    pub(crate) fn of(&self, path: &Path) -> Result<Rc<Config>, Failure> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let abs = std::env::current_dir().unwrap_or_default().join(path);
        let folder = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if let Some(c) = self.by_folder.borrow().get(&folder) {
            return Ok(c.clone());
        }
        let c = Rc::new(Config::for_path(&folder)?);
        self.by_folder.borrow_mut().insert(folder, c.clone());
        Ok(c)
    }

    /// Each path's configuration as an index into the distinct ones (a
    /// command sets up once per distinct configuration); standard input
    /// takes the working folder's.
    pub(crate) fn group(
        &self,
        paths: &[PathBuf],
    ) -> Result<(Vec<Rc<Config>>, Vec<usize>), Failure> {
        let mut configs = Vec::new();
        let mut of_path = Vec::with_capacity(paths.len());
        for path in paths {
            let at = if path.as_os_str() == "-" {
                Path::new(".")
            } else {
                path
            };
            // Folders whose files are checked alike share one setup, so
            // the rules across files (inconsistent-translation) see them all.
            let same = |a: &Rc<Config>, b: &Rc<Config>| a.same_settings(b);
            of_path.push(intern_by(&mut configs, self.of(at)?, same));
        }
        if configs.is_empty() {
            configs.push(self.of(Path::new("."))?);
        }
        Ok((configs, of_path))
    }

    /// The files under `paths` with one of `extensions`, less those an
    /// `--exclude` glob or a configuration's `exclude` names (named files
    /// too, unless `--no-ignore`); unreadable paths are reported to
    /// `unreadable`.
    ///
    /// # Errors
    ///
    /// A configuration file that cannot be read or parsed: its settings are
    /// the run's, so the run stops there.
    pub(crate) fn collect(
        &self,
        paths: &[PathBuf],
        extensions: &[&str],
        flags: &ConfigFlags,
        unreadable: &mut Unreadable,
    ) -> Result<Vec<PathBuf>, Failure> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let globs = crate::config::Globs::new(&cwd, &flags.exclude);
        let problem = RefCell::new(None);
        let skip = |p: &Path| {
            if globs.matches(&cwd.join(p)) {
                return true;
            }
            if flags.no_ignore && paths.iter().any(|named| named == p) {
                return false;
            }
            match self.of(p) {
                Ok(c) => c.excludes(p),
                Err(e) => {
                    problem.borrow_mut().get_or_insert(e);
                    false
                }
            }
        };
        let how = crate::formats::files::Walk {
            extensions,
            skip: &skip,
            follow: flags.follow,
        };
        let files = super::collect_walking(paths, &how, unreadable);
        match problem.into_inner() {
            Some(e) => Err(e),
            None => Ok(files),
        }
    }
}
