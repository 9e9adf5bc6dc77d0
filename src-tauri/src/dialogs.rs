//! Native file dialogs, opened from Rust so that the web page needs no dialog permission.
//!
//! End-to-end tests cannot click through a GTK file chooser; when the variables
//! `ROSETTE_E2E_PICK` (paths joined by the OS path-list separator) or
//! `ROSETTE_E2E_SAVE` are set, they answer in place of the dialog. Nothing else changes.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

fn from_env(name: &str) -> Option<Vec<PathBuf>> {
    std::env::var_os(name).map(|value| std::env::split_paths(&value).collect())
}

fn into_paths(picked: Option<Vec<FilePath>>) -> Vec<PathBuf> {
    picked.unwrap_or_default().into_iter().filter_map(|p| p.into_path().ok()).collect()
}

/// Asks for badge files to import. Empty when the user cancels.
pub(crate) fn pick_badge_files<R: Runtime>(app: &AppHandle<R>) -> Vec<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_PICK") {
        return paths;
    }
    into_paths(
        app.dialog()
            .file()
            .set_title("Import badges")
            .add_filter("Badge files", &["json", "jws", "jwt", "txt"])
            .blocking_pick_files(),
    )
}

/// Asks for a backup file to restore.
pub(crate) fn pick_backup<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_PICK") {
        return paths.into_iter().next();
    }
    into_paths(
        app.dialog()
            .file()
            .set_title("Restore a backup")
            .add_filter("Rosette backup", &["zip"])
            .blocking_pick_file()
            .map(|p| vec![p]),
    )
    .into_iter()
    .next()
}

/// Asks where to save a backup.
pub(crate) fn pick_backup_destination<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_SAVE") {
        return paths.into_iter().next();
    }
    into_paths(
        app.dialog()
            .file()
            .set_title("Export the portfolio")
            .set_file_name("rosette-backup.zip")
            .add_filter("Rosette backup", &["zip"])
            .blocking_save_file()
            .map(|p| vec![p]),
    )
    .into_iter()
    .next()
}
