//! Native file dialogs, opened from Rust so that the web page needs no dialog permission.
//!
//! End-to-end tests cannot click through a GTK file chooser; when the variables
//! `ROSETTE_E2E_PICK` (paths joined by the OS path-list separator) or
//! `ROSETTE_E2E_SAVE` are set, they answer in place of the dialog. Nothing else changes.
//! The same goes for the system browser and `ROSETTE_E2E_OPENED`.

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
            .add_filter("Badge files", &["json", "jws", "jwt", "txt", "png", "svg"])
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

/// Asks for issuer documents to keep for offline verification. Empty when cancelled.
pub(crate) fn pick_issuer_documents<R: Runtime>(app: &AppHandle<R>) -> Vec<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_PICK") {
        return paths;
    }
    into_paths(
        app.dialog()
            .file()
            .set_title("Keep issuer documents for offline verification")
            .add_filter("Issuer documents", &["json", "jsonld", "jwt", "jws", "txt"])
            .blocking_pick_files(),
    )
}

/// Asks for a certificate authority's file (PEM or DER).
pub(crate) fn pick_certificate_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_PICK") {
        return paths.into_iter().next();
    }
    into_paths(
        app.dialog()
            .file()
            .set_title("Trust a certificate authority")
            .add_filter("Certificates", &["pem", "crt", "cer", "der"])
            .blocking_pick_file()
            .map(|p| vec![p]),
    )
    .into_iter()
    .next()
}

/// Asks where to save a file, suggesting `file_name`; `extension` filters the list.
pub(crate) fn pick_save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    extension: &str,
) -> Option<PathBuf> {
    if let Some(paths) = from_env("ROSETTE_E2E_SAVE") {
        return paths.into_iter().next();
    }
    into_paths(
        app.dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(extension.to_uppercase(), &[extension])
            .blocking_save_file()
            .map(|p| vec![p]),
    )
    .into_iter()
    .next()
}

/// Asks where to save a backup.
pub(crate) fn pick_backup_destination<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    pick_save_path(app, "Export the portfolio", "rosette-backup.zip", "zip")
}

/// Opens an https link in the system browser. With `ROSETTE_E2E_OPENED` set, the link
/// is appended to that file instead (end-to-end tests cannot look into a browser).
pub(crate) fn open_in_browser<R: Runtime>(_app: &AppHandle<R>, url: &str) -> std::io::Result<()> {
    if let Some(log) = std::env::var_os("ROSETTE_E2E_OPENED") {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(log)?;
        return writeln!(file, "{url}");
    }
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(std::io::Error::other)
}
