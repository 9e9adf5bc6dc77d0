//! Errors as they cross IPC: `{kind, message}` with a stable kind the UI can branch on.

use rosette::ErrorKind;
use serde::Serialize;

/// An error returned by a command.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<rosette::Error> for IpcError {
    fn from(e: rosette::Error) -> Self {
        Self { kind: e.kind(), message: e.to_string() }
    }
}

impl IpcError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

/// Result of a command.
pub type IpcResult<T> = Result<T, IpcError>;
