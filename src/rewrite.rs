//! How shuyu writes a file it replaces (`lint --fix`, `tm import`,
//! `compile`, `convert`, `tm export`, `--write-baseline`): never in place.
//!
//! * The new contents go to a temporary file beside the file, created with
//!   a random name that must not exist yet (`O_EXCL`: a link planted under
//!   that name is never followed), mode 0600 until it is complete; it is
//!   synced and renamed over the file, and the folder is synced. A crash,
//!   a full disk or a kill leaves the old file as it was.
//! * A path that is a symbolic link is resolved first: the link's target is
//!   rewritten and the link stays a link. A path that is not a regular file
//!   (a device such as `/dev/stdout`, a pipe) is written directly.
//! * The new file keeps the old one's mode and, where the process may set
//!   it, its owner and group. A read-only file is refused, not rewritten.
//! * SIGINT and SIGTERM remove the temporary file before the process ends;
//!   temporaries of processes that no longer run (killed with SIGKILL) are
//!   removed by the next write in the same folder.
//! * [`Unchanged`] lets a caller refuse to replace a file that another
//!   program changed since it was read.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What a file was when it was read: its size, modification time and
/// identity. A rewrite with it refuses to replace the file if any changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unchanged {
    len: u64,
    modified: Option<std::time::SystemTime>,
    id: (u64, u64),
}

impl Unchanged {
    /// The file at `path` as it is now.
    pub fn of(path: &Path) -> io::Result<Unchanged> {
        let m = fs::metadata(path)?;
        Ok(Unchanged {
            len: m.len(),
            modified: m.modified().ok(),
            id: file_id(&m),
        })
    }
}

#[cfg(unix)]
fn file_id(m: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// Writes `path` through a temporary file and a rename (see the module
/// documentation): the contents `write` produces, and, when `unchanged` is
/// given, only if the file is still as it was then.
///
/// # Errors
///
/// Those of `write`; a read-only file; a file changed since `unchanged`
/// (`ErrorKind::Other`, saying so); and when the temporary file cannot be
/// created, synced or renamed. The file is then as it was and no temporary
/// file is left.
pub(crate) fn rewrite(
    path: &Path,
    unchanged: Option<Unchanged>,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let old = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &old {
        if !m.file_type().is_file() {
            // A device or a pipe (`/dev/stdout` may be either, through
            // links of its own): there is nothing to replace.
            let mut w = BufWriter::new(OpenOptions::new().write(true).open(path)?);
            write(&mut w)?;
            return w.flush();
        }
        if m.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only: not rewritten",
            ));
        }
    }
    let target = match &old {
        Some(_) => fs::canonicalize(path)?,
        None => resolve(path)?,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale(&dir, &name);
    let (tmp, file, guard) = create_temporary(&dir, &name)?;
    let result = (|| {
        let mut w = BufWriter::new(file);
        write(&mut w)?;
        w.flush()?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        if let Some(m) = &old {
            keep_mode_and_owner(&file, m)?;
        }
        file.sync_all()?;
        if let Some(before) = unchanged {
            if Unchanged::of(&target).ok() != Some(before) {
                return Err(io::Error::other(
                    "the file changed while shuyu worked on it: not rewritten",
                ));
            }
        }
        fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        drop(guard);
        return result;
    }
    // Renamed: nothing is left for a signal to remove.
    drop(guard);
    // The rename must reach the disk too for the new file to survive a
    // power cut; a folder that cannot be synced is no error.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The path with every symbolic link resolved, also when the final target
/// does not exist yet (a dangling link is written through).
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // A chain longer than this is a loop.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The prefix of the temporaries of `name`; the process id and a random
/// part follow.
fn prefix(name: &str) -> String {
    format!(".{name}.shuyu-tmp-")
}

/// A new temporary file in `dir` for `name`, with a name no file has: mode
/// 0600, created only if nothing (a file, a link) is there; registered for
/// removal on a signal before it exists, so no signal can leave it behind.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File, cleanup::Registered)> {
    use std::hash::{BuildHasher, Hasher};
    for attempt in 0u64..100 {
        // The standard hasher's keys come from the operating system's
        // randomness: enough for a name nobody can guess in advance.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(attempt);
        let tmp = dir.join(format!(
            "{}{}-{:016x}",
            prefix(name),
            std::process::id(),
            h.finish()
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        let guard = cleanup::Registered::new(&tmp);
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file, guard)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot create a temporary file"))
}

#[cfg(unix)]
fn keep_mode_and_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
    // Only a privileged process may give a file away; for others the file
    // is theirs already, or this fails harmlessly.
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    Ok(())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

/// Removes the temporaries of `name` in `dir` left by processes that no
/// longer run.
fn remove_stale(dir: &Path, name: &str) {
    let prefix = prefix(name);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !running(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 asks whether the process exists; EPERM means it does.
    // SAFETY: kill with signal 0 sends nothing; it only checks the pid.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_: u32) -> bool {
    true
}

/// Temporary files removed when SIGINT or SIGTERM ends the process.
#[cfg(not(unix))]
mod cleanup {
    pub(super) struct Registered;

    impl Registered {
        pub(super) fn new(_: &std::path::Path) -> Registered {
            Registered
        }
    }
}

/// Temporary files removed when SIGINT or SIGTERM ends the process.
#[cfg(unix)]
mod cleanup {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// Slots for the temporaries being written at once (one per thread
    /// that rewrites a file); the handler reads them without locking.
    static SLOTS: [AtomicPtr<libc::c_char>; 16] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; 16];

    /// A temporary file registered for removal on a signal, while it lives.
    pub(super) struct Registered(Option<usize>);

    impl Registered {
        pub(super) fn new(path: &Path) -> Registered {
            install();
            use std::os::unix::ffi::OsStrExt;
            let Ok(c) = CString::new(path.as_os_str().as_bytes()) else {
                return Registered(None);
            };
            let raw = c.into_raw();
            for (i, slot) in SLOTS.iter().enumerate() {
                if slot
                    .compare_exchange(
                        std::ptr::null_mut(),
                        raw,
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    )
                    .is_ok()
                {
                    return Registered(Some(i));
                }
            }
            // All slots taken: this one is removed by the next write.
            // SAFETY: `raw` came from `into_raw` just above and was not shared.
            drop(unsafe { CString::from_raw(raw) });
            Registered(None)
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            if let Some(i) = self.0 {
                let raw = SLOTS[i].swap(std::ptr::null_mut(), Ordering::AcqRel);
                if !raw.is_null() {
                    // SAFETY: only `new` stores pointers, from `into_raw`.
                    drop(unsafe { CString::from_raw(raw) });
                }
            }
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        for slot in &SLOTS {
            let raw = slot.load(Ordering::Acquire);
            if !raw.is_null() {
                // SAFETY: unlink is async-signal-safe; the string is alive
                // while registered and never freed by the handler.
                unsafe { libc::unlink(raw) };
            }
        }
        // SAFETY: restoring the default action and raising the signal again
        // ends the process as the signal would have, exit status included.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            for signal in [libc::SIGINT, libc::SIGTERM] {
                // SAFETY: the handler only does async-signal-safe work.
                unsafe {
                    libc::signal(signal, on_signal as *const () as libc::sighandler_t);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shuyu-rewrite-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_replaced() {
        let dir = scratch("changed");
        let f = dir.join("a.md");
        fs::write(&f, "川普\n").unwrap();
        let stamp = Unchanged::of(&f).unwrap();
        // Another program's edit while shuyu worked.
        fs::write(&f, "川普 and an edit of someone else's\n").unwrap();
        let e = rewrite(&f, Some(stamp), |w| w.write_all(b"fixed\n")).unwrap_err();
        assert!(e.to_string().contains("changed while shuyu worked"), "{e}");
        assert_eq!(
            fs::read_to_string(&f).unwrap(),
            "川普 and an edit of someone else's\n"
        );
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        // Unchanged, it is replaced.
        let stamp = Unchanged::of(&f).unwrap();
        rewrite(&f, Some(stamp), |w| w.write_all(b"fixed\n")).unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "fixed\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporaries_have_unguessable_names_and_are_private() {
        let dir = scratch("names");
        let (a, _, _) = create_temporary(&dir, "m.tm").unwrap();
        let (b, file, _) = create_temporary(&dir, "m.tm").unwrap();
        assert_ne!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        }
        // A link planted where a temporary might go is never written
        // through: creation needs the name to be free.
        let victim = dir.join("victim");
        fs::write(&victim, "keep").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, dir.join("planted")).unwrap();
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        assert!(options.open(dir.join("planted")).is_err());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        fs::remove_dir_all(&dir).unwrap();
    }
}
