//! Rosette's IPC commands: each one delegates to one core call.

#[cfg(test)]
mod names;
pub(crate) mod network;
pub(crate) mod share;
pub(crate) mod verify;

use crate::dialogs;
use crate::error::IpcResult;
use crate::state::AppState;
use rosette::{
    BadgeDetail, BadgePage, ExportReport, Facets, ImageData, ImportReport, ListQuery, RestoreReport, Visibility,
};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub(crate) fn list_badges(state: State<'_, AppState>, query: ListQuery) -> IpcResult<BadgePage> {
    state.with(|w| w.list(&query))
}

#[tauri::command(async)]
pub(crate) fn badge_facets(state: State<'_, AppState>) -> IpcResult<Facets> {
    state.with(|w| w.facets())
}

#[tauri::command(async)]
pub(crate) fn show_badge(state: State<'_, AppState>, id: String) -> IpcResult<BadgeDetail> {
    state.with(|w| w.show(&id))
}

#[tauri::command(async)]
pub(crate) fn badge_image(state: State<'_, AppState>, hash: String) -> IpcResult<ImageData> {
    state.with(|w| w.image(&hash))
}

/// Imports files dropped on the window.
#[tauri::command(async)]
pub(crate) fn import_paths(state: State<'_, AppState>, paths: Vec<PathBuf>) -> IpcResult<ImportReport> {
    state.with(|w| w.import_files(&paths))
}

/// Opens the file dialog and imports what the user picked (empty report if cancelled).
#[tauri::command(async)]
pub(crate) fn pick_and_import<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> IpcResult<ImportReport> {
    let paths = dialogs::pick_badge_files(&app);
    state.with(|w| w.import_files(&paths))
}

#[tauri::command(async)]
pub(crate) fn tag_badge(state: State<'_, AppState>, id: String, tags: Vec<String>) -> IpcResult<()> {
    state.with(|w| w.tag(&id, &tags))
}

#[tauri::command(async)]
pub(crate) fn untag_badge(state: State<'_, AppState>, id: String, tags: Vec<String>) -> IpcResult<()> {
    state.with(|w| w.untag(&id, &tags))
}

#[tauri::command(async)]
pub(crate) fn set_visibility(state: State<'_, AppState>, id: String, visibility: Visibility) -> IpcResult<()> {
    state.with(|w| w.set_visibility(&id, visibility))
}

#[tauri::command(async)]
pub(crate) fn set_note(state: State<'_, AppState>, id: String, note: String) -> IpcResult<()> {
    state.with(|w| w.set_note(&id, &note))
}

#[tauri::command(async)]
pub(crate) fn add_to_collection(state: State<'_, AppState>, name: String, id: String) -> IpcResult<()> {
    state.with(|w| w.add_to_collection(&name, &id))
}

#[tauri::command(async)]
pub(crate) fn remove_from_collection(state: State<'_, AppState>, name: String, id: String) -> IpcResult<()> {
    state.with(|w| w.remove_from_collection(&name, &id))
}

#[tauri::command(async)]
pub(crate) fn delete_collection(state: State<'_, AppState>, name: String) -> IpcResult<()> {
    state.with(|w| w.delete_collection(&name))
}

/// Removes a badge; the UI asks for confirmation first. Returns the removed badge's name.
#[tauri::command(async)]
pub(crate) fn remove_badge(state: State<'_, AppState>, id: String) -> IpcResult<String> {
    state.with(|w| w.remove(&id))
}

/// Asks where to save and exports; `None` when the user cancels.
#[tauri::command(async)]
pub(crate) fn export_portfolio<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Option<ExportReport>> {
    let Some(out) = dialogs::pick_backup_destination(&app) else { return Ok(None) };
    state.with(|w| w.export(&out)).map(Some)
}

/// Asks for a backup and restores it; `None` when the user cancels.
#[tauri::command(async)]
pub(crate) fn restore_portfolio<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Option<RestoreReport>> {
    let Some(backup) = dialogs::pick_backup(&app) else { return Ok(None) };
    state.with(|w| w.restore(&backup)).map(Some)
}

/// The folder holding the portfolio, for the About/settings view.
#[tauri::command(async)]
pub(crate) fn portfolio_location(state: State<'_, AppState>) -> IpcResult<String> {
    state.with(|w| Ok(w.home().display().to_string()))
}

#[cfg(test)]
mod tests {
    /// The capability must grant every command build.rs registers, and nothing unknown.
    #[test]
    fn capability_grants_exactly_the_registered_commands() {
        let text = include_str!("../../capabilities/main.json");
        let capability: serde_json::Value = serde_json::from_str(text).unwrap();
        let granted: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .collect();
        let expected: Vec<String> = super::names::NAMES.iter().map(|n| n.replace('_', "-")).collect();
        assert_eq!(granted, expected);
    }
}
