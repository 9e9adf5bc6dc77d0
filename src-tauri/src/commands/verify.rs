//! Commands of verification: the Verify screen, "check again", the earner's identifiers.

use crate::dialogs;
use crate::error::IpcResult;
use crate::state::AppState;
use rosette::{CheckAllReport, VerificationReport, VerifiedInput};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

/// Progress of "check all", sent as the `check-progress` event.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub(crate) struct CheckProgress {
    pub(crate) done: u32,
    pub(crate) total: u32,
}

/// Verifies a stored badge again now and records the result.
#[tauri::command(async)]
pub(crate) fn check_badge(state: State<'_, AppState>, id: String) -> IpcResult<VerificationReport> {
    state.with(|w| w.check_badge(&id))
}

/// Verifies every stored badge again, emitting `check-progress` as it goes.
#[tauri::command(async)]
pub(crate) fn check_all_badges<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> IpcResult<CheckAllReport> {
    state.with(|w| {
        w.check_all(&mut |done, total| {
            let _ = app.emit("check-progress", CheckProgress { done: done as u32, total: total as u32 });
        })
    })
}

/// Verifies files dropped on the Verify screen.
#[tauri::command(async)]
pub(crate) fn verify_paths(state: State<'_, AppState>, paths: Vec<PathBuf>) -> IpcResult<Vec<VerifiedInput>> {
    state.with(|w| w.verify_files_now(&paths))
}

/// Opens the file dialog and verifies what the user picked (empty when cancelled).
#[tauri::command(async)]
pub(crate) fn pick_and_verify<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> IpcResult<Vec<VerifiedInput>> {
    let paths = dialogs::pick_badge_files(&app);
    state.with(|w| w.verify_files_now(&paths))
}

/// Verifies pasted text (JSON or a compact JWS).
#[tauri::command(async)]
pub(crate) fn verify_text(state: State<'_, AppState>, text: String) -> IpcResult<VerifiedInput> {
    state.with(|w| w.verify_text_now(&text))
}

/// Saves a report as JSON or as a printable HTML page; `None` when cancelled.
#[tauri::command(async)]
pub(crate) fn save_report<R: Runtime>(
    app: AppHandle<R>,
    verified: VerifiedInput,
    printable: bool,
) -> IpcResult<Option<String>> {
    let (bytes, extension) = if printable {
        (rosette::report_html(&verified.input, &verified.report).into_bytes(), "html")
    } else {
        let mut json = serde_json::to_vec_pretty(&verified).unwrap_or_default();
        json.push(b'\n');
        (json, "json")
    };
    let name = format!("verification-report.{extension}");
    let Some(path) = dialogs::pick_save_path(&app, "Save the verification report", &name, extension) else {
        return Ok(None);
    };
    rosette::write_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(async)]
pub(crate) fn my_identifiers(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    state.with(|w| w.my_identifiers())
}

#[tauri::command(async)]
pub(crate) fn add_my_identifier(state: State<'_, AppState>, identifier: String) -> IpcResult<()> {
    state.with(|w| w.add_my_identifier(&identifier))
}

#[tauri::command(async)]
pub(crate) fn remove_my_identifier(state: State<'_, AppState>, identifier: String) -> IpcResult<()> {
    state.with(|w| w.remove_my_identifier(&identifier))
}
