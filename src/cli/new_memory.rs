//! The memory a writing command opens (`import`, `glossary import`, `glossary add`, `align
//! --save`): created when missing, and removed again, with its `-wal`/`-shm` files and the
//! folders made for it, when the command ends without keeping it. A failed first write then
//! leaves nothing behind, and a memory that existed before is never removed.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use tarjama::memory::Memory;

/// A memory opened for writing. Dropping it without [`WriteTarget::keep`] removes the memory
/// when this run created it and it still holds nothing.
pub struct WriteTarget {
    memory: Option<Memory>,
    created: Option<Created>,
}

/// What this run made: the memory file and the folders it had to make for it (deepest last).
struct Created {
    path: PathBuf,
    dirs: Vec<PathBuf>,
}

impl WriteTarget {
    /// Opens the memory at `path`, creating it (and its folders) when missing.
    pub fn open(path: &Path) -> anyhow::Result<WriteTarget> {
        let dirs = missing_dirs(path);
        for dir in &dirs {
            // A folder another process made meanwhile is fine; any other failure is not.
            if let Err(e) = std::fs::create_dir(dir) {
                if e.kind() != std::io::ErrorKind::AlreadyExists {
                    remove_dirs(&dirs);
                    return Err(tarjama::Error::io(dir, e).into());
                }
            }
        }
        // Claiming the name atomically tells a memory this run created from one another
        // process created a moment earlier (which is never removed).
        let created = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(_) => Some(Created {
                path: path.to_path_buf(),
                dirs,
            }),
            Err(_) => {
                remove_dirs(&dirs);
                None
            }
        };
        let mut target = WriteTarget {
            memory: None,
            created,
        };
        target.memory = Some(Memory::open_or_create(path).map_err(|e| naming(path, e))?);
        Ok(target)
    }

    /// Keeps the memory: the command stored something (or succeeded with nothing to store).
    pub fn keep(mut self) {
        self.created = None;
    }
}

impl Deref for WriteTarget {
    type Target = Memory;
    fn deref(&self) -> &Memory {
        self.memory.as_ref().expect("open until dropped")
    }
}

impl DerefMut for WriteTarget {
    fn deref_mut(&mut self) -> &mut Memory {
        self.memory.as_mut().expect("open until dropped")
    }
}

impl Drop for WriteTarget {
    fn drop(&mut self) {
        let Some(created) = self.created.take() else {
            return;
        };
        // Another process may have written to the new memory meanwhile: keep it then.
        let empty = self.memory.as_ref().is_none_or(holds_nothing);
        // SQLite must close the file before it goes.
        drop(self.memory.take());
        if !empty {
            return;
        }
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let mut name = created.path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        remove_dirs(&created.dirs);
    }
}

/// No units and no glossary entries.
fn holds_nothing(memory: &Memory) -> bool {
    memory
        .conn()
        .query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM units) AND NOT EXISTS (SELECT 1 FROM glossary_entry)",
            [],
            |row| row.get::<_, bool>(0),
        )
        .unwrap_or(false)
}

/// The folders above `path` that do not exist yet, outermost first.
fn missing_dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .filter(|d| !d.as_os_str().is_empty())
        .take_while(|d| !d.exists())
        .map(Path::to_path_buf)
        .collect();
    dirs.reverse();
    dirs
}

/// Removes the folders this run made, innermost first; one that is no longer empty stays.
fn remove_dirs(dirs: &[PathBuf]) {
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Most memory errors name the file already; the rest get its name in front, once.
fn naming(path: &Path, error: tarjama::Error) -> anyhow::Error {
    match error {
        tarjama::Error::Sqlite(_) | tarjama::Error::Busy { .. } => {
            anyhow::Error::from(error).context(format!("memory {}", path.display()))
        }
        other => other.into(),
    }
}
