//! The core's one error type, and the stable kinds the CLI and the desktop app show.

use crate::formats::ParseError;
use crate::store::StoreError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Everything that can go wrong in a wallet operation. A failed import of one file in a
/// batch is not an `Error`: it is an item of the [`crate::ImportReport`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Bake(#[from] crate::bake::BakeError),
    #[error(transparent)]
    Picture(#[from] crate::share::PictureError),
    #[error(transparent)]
    Qr(#[from] crate::share::QrError),
    #[error("no badge with id \"{0}\" (see `rosette list`)")]
    NotFound(String),
    /// Something other than a badge (a collection, an image) that does not exist.
    #[error("no {what} \"{name}\"")]
    Missing { what: &'static str, name: String },
    #[error("the id \"{0}\" matches several badges; give more characters")]
    Ambiguous(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("backup {path}: {message}")]
    Backup { path: PathBuf, message: String },
    #[error("{0}")]
    InvalidInput(String),
    /// Going online failed (refused address, untrusted certificate, timeout, HTTP error).
    #[error(transparent)]
    Fetch(#[from] crate::net::FetchError),
}

/// A stable, machine-readable category of [`Error`], shared with the desktop UI so that
/// it never has to match English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorKind {
    NotABadge,
    Image,
    NotFound,
    Ambiguous,
    Storage,
    Io,
    Backup,
    InvalidInput,
    Network,
}

impl Error {
    /// The category of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Parse(_) => ErrorKind::NotABadge,
            Self::Store(_) => ErrorKind::Storage,
            Self::Bake(_) | Self::Picture(_) => ErrorKind::Image,
            Self::NotFound(_) | Self::Missing { .. } => ErrorKind::NotFound,
            Self::Ambiguous(_) => ErrorKind::Ambiguous,
            Self::Io { .. } => ErrorKind::Io,
            Self::Backup { .. } => ErrorKind::Backup,
            Self::InvalidInput(_) | Self::Qr(_) => ErrorKind::InvalidInput,
            Self::Fetch(_) => ErrorKind::Network,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::Store(StoreError::Sqlite(e))
    }
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
