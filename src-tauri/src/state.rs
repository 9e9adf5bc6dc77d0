//! The app's state: the wallet, opened once at start-up, behind a mutex (one writer).

use crate::error::{IpcError, IpcResult};
use rosette::{ErrorKind, Wallet};
use std::sync::Mutex;

/// Managed by Tauri; commands borrow it through `State<'_, AppState>`.
pub struct AppState {
    wallet: Result<Mutex<Wallet>, String>,
}

impl AppState {
    /// Opens the portfolio in `ROSETTE_HOME` or the OS application-data folder. A failure
    /// is kept and reported by every command, so the window can say what went wrong.
    pub fn open_default() -> Self {
        let wallet = rosette::default_home()
            .and_then(|home| Wallet::open(&home))
            .map(Mutex::new)
            .map_err(|e| format!("cannot open the portfolio: {e}"));
        Self { wallet }
    }

    /// Runs `f` with the wallet.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Wallet) -> rosette::Result<T>) -> IpcResult<T> {
        let mutex = self.wallet.as_ref().map_err(|e| IpcError::new(ErrorKind::Storage, e.clone()))?;
        let mut wallet = mutex.lock().map_err(|_| {
            IpcError::new(ErrorKind::Storage, "the portfolio is unavailable after an earlier failure; restart Rosette")
        })?;
        f(&mut wallet).map_err(Into::into)
    }
}
