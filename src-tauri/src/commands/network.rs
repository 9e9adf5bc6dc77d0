//! Commands of the Settings screen: the network settings `rosette network` keeps, and the
//! issuer documents kept for offline verification (`rosette cache`).

use crate::dialogs;
use crate::error::IpcResult;
use crate::state::AppState;
use rosette::{CacheImportItem, CachedDocument, NetworkPreferences, TrustedCertificate};
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub(crate) fn network_preferences(state: State<'_, AppState>) -> IpcResult<NetworkPreferences> {
    state.with(|w| w.network_preferences())
}

#[tauri::command(async)]
pub(crate) fn set_allow_private_network(state: State<'_, AppState>, allow: bool) -> IpcResult<NetworkPreferences> {
    state.with(|w| {
        w.set_allow_private_network(allow)?;
        w.network_preferences()
    })
}

/// Opens the file dialog and trusts the certificate authorities in the file the user
/// picked; `None` when cancelled.
#[tauri::command(async)]
pub(crate) fn pick_and_trust_certificates<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Option<Vec<TrustedCertificate>>> {
    let Some(path) = dialogs::pick_certificate_file(&app) else {
        return Ok(None);
    };
    state.with(|w| w.trust_certificate_file(&path)).map(Some)
}

#[tauri::command(async)]
pub(crate) fn distrust_certificate(state: State<'_, AppState>, id: String) -> IpcResult<TrustedCertificate> {
    state.with(|w| w.distrust_certificate(&id))
}

#[tauri::command(async)]
pub(crate) fn cached_documents(state: State<'_, AppState>) -> IpcResult<Vec<CachedDocument>> {
    state.with(|w| w.cached_documents())
}

/// Opens the file dialog and keeps the issuer documents the user picked (empty when
/// cancelled); each file gets its outcome.
#[tauri::command(async)]
pub(crate) fn pick_and_cache_documents<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Vec<CacheImportItem>> {
    let paths = dialogs::pick_issuer_documents(&app);
    state.with(|w| w.cache_import(&paths))
}

#[tauri::command(async)]
pub(crate) fn remove_cached_document(state: State<'_, AppState>, id: String) -> IpcResult<()> {
    state.with(|w| w.cache_remove(&id))
}
