//! Files Rosette writes (backups, baked images) are written whole or not at all: to a
//! temporary file in the target folder, synced, then renamed over the target.

use crate::error::{Error, Result};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folder a path is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file beside `target`, to be filled and then [`persist`]ed.
pub(crate) fn temporary_beside(target: &Path) -> Result<tempfile::NamedTempFile> {
    let folder = folder_of(target);
    tempfile::Builder::new().prefix(".rosette-").suffix(".tmp").tempfile_in(&folder).map_err(|e| Error::io(&folder, e))
}

/// Syncs a filled temporary file and renames it over `target`.
pub(crate) fn persist(temp: tempfile::NamedTempFile, target: &Path) -> Result<()> {
    temp.as_file().sync_all().map_err(|e| Error::io(target, e))?;
    temp.persist(target).map_err(|e| Error::io(target, e.error))?;
    Ok(())
}

/// Writes `bytes` to `target` atomically.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = temporary_beside(target)?;
    temp.write_all(bytes).map_err(|e| Error::io(target, e))?;
    persist(temp, target)
}
