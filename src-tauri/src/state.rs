//! The app's state: the wallet, opened once at start-up, behind a mutex (one writer).

use crate::error::{IpcError, IpcResult};
use rosette::{ErrorKind, Wallet};
use std::path::PathBuf;
use std::sync::Mutex;

/// Managed by Tauri; commands borrow it through `State<'_, AppState>`.
pub struct AppState {
    wallet: Result<Mutex<Wallet>, String>,
    /// The portfolio's folder, for long work on a connection of its own.
    home: Option<PathBuf>,
}

impl AppState {
    /// Opens the portfolio in `ROSETTE_HOME` or the OS application-data folder. A failure
    /// is kept and reported by every command, so the window can say what went wrong.
    pub fn open_default() -> Self {
        let home = rosette::default_home();
        let wallet = home
            .as_ref()
            .map_err(|e| format!("cannot open the portfolio: {e}"))
            .and_then(|home| Wallet::open(home).map_err(|e| format!("cannot open the portfolio: {e}")))
            .map(Mutex::new);
        Self { wallet, home: home.ok() }
    }

    /// Runs `f` with a wallet of its own on the same portfolio (a second database
    /// connection; SQLite serializes the writes), so that long work such as checking every
    /// badge online leaves the app's wallet free for browsing meanwhile.
    pub(crate) fn with_own_wallet<T>(&self, f: impl FnOnce(&mut Wallet) -> rosette::Result<T>) -> IpcResult<T> {
        self.wallet.as_ref().map_err(|e| IpcError::new(ErrorKind::Storage, e.clone()))?;
        let home =
            self.home.as_ref().ok_or_else(|| IpcError::new(ErrorKind::Storage, "the portfolio has no folder"))?;
        let mut wallet = Wallet::open(home)?;
        f(&mut wallet).map_err(Into::into)
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
