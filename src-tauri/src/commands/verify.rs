//! Commands of verification: the Verify screen, "check again", the earner's identifiers.

use crate::dialogs;
use crate::error::IpcResult;
use crate::state::AppState;
use rosette::{CheckAllReport, ImportReport, NetworkSettings, VerifiedInput, Wallet};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime, State};

/// Progress of "check all", sent as the `check-progress` event.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub(crate) struct CheckProgress {
    pub(crate) done: u32,
    pub(crate) total: u32,
}

/// Runs `work` with the wallet, online (with the kept network settings) when the user
/// asked for it. The reports `work` returns carry the online session's notes.
///
/// Online work runs on a thread of its own: commands run on Tauri's async runtime, where
/// the core's blocking HTTP client may be neither built nor dropped (tokio panics).
fn perhaps_online<T: Send>(
    wallet: &mut Wallet,
    online: bool,
    work: impl FnOnce(&mut Wallet) -> rosette::Result<T> + Send,
) -> rosette::Result<T> {
    if online {
        std::thread::scope(|scope| {
            scope
                .spawn(|| wallet.while_online(&NetworkSettings::default(), false, work))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    } else {
        work(wallet)
    }
}

/// Verifies a stored badge again now, online when asked, and records the result; the
/// session's notes come with the report.
#[tauri::command(async)]
pub(crate) fn check_badge(state: State<'_, AppState>, id: String, online: bool) -> IpcResult<VerifiedInput> {
    state.with(|w| {
        perhaps_online(w, online, |w| {
            let report = w.check_badge(&id)?;
            Ok(VerifiedInput { input: id.clone(), report, notes: w.network_notes() })
        })
    })
}

/// Verifies every stored badge again, online when asked, emitting `check-progress`.
#[tauri::command(async)]
pub(crate) fn check_all_badges<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    online: bool,
) -> IpcResult<CheckAllReport> {
    let check = |w: &mut Wallet| {
        perhaps_online(w, online, |w| {
            w.check_all(&mut |done, total| {
                let _ = app.emit("check-progress", CheckProgress { done: done as u32, total: total as u32 });
            })
        })
    };
    // Online, answers may take a while: the check runs on a connection of its own, so
    // the portfolio can be browsed meanwhile.
    if online {
        state.with_own_wallet(check)
    } else {
        state.with(check)
    }
}

/// Verifies files dropped on the Verify screen, online when asked.
#[tauri::command(async)]
pub(crate) fn verify_paths(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    online: bool,
) -> IpcResult<Vec<VerifiedInput>> {
    state.with(|w| perhaps_online(w, online, |w| w.verify_files_now(&paths)))
}

/// Opens the file dialog and verifies what the user picked (empty when cancelled).
#[tauri::command(async)]
pub(crate) fn pick_and_verify<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    online: bool,
) -> IpcResult<Vec<VerifiedInput>> {
    let paths = dialogs::pick_badge_files(&app);
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    state.with(|w| perhaps_online(w, online, |w| w.verify_files_now(&paths)))
}

/// Verifies pasted text (JSON or a compact JWS), online when asked.
#[tauri::command(async)]
pub(crate) fn verify_text(state: State<'_, AppState>, text: String, online: bool) -> IpcResult<VerifiedInput> {
    state.with(|w| perhaps_online(w, online, |w| w.verify_text_now(&text)))
}

/// Fetches the badge at an https link and verifies it (going online is the point).
#[tauri::command(async)]
pub(crate) fn verify_link(state: State<'_, AppState>, link: String) -> IpcResult<VerifiedInput> {
    state.with(|w| perhaps_online(w, true, |w| w.verify_link_now(&link)))
}

/// Fetches the badge at an https link and adds it to the portfolio ("Add to my portfolio"
/// for a verified link).
#[tauri::command(async)]
pub(crate) fn import_link(state: State<'_, AppState>, link: String) -> IpcResult<ImportReport> {
    state.with(|w| perhaps_online(w, true, |w| w.import_link(&link)))
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
