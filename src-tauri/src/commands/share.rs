//! Commands of the Share panel: pictures, QR codes, LinkedIn, email signature, links.

use crate::dialogs;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use rosette::{ImageData, PicturePreset, PresetSize, QrErrorCorrection, QrFormat, ShareInfo, SignatureImage};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

fn signature_image(image_file: Option<String>) -> SignatureImage {
    image_file.map_or(SignatureImage::Hosted, |path| SignatureImage::File { path })
}

#[tauri::command(async)]
pub(crate) fn share_info(state: State<'_, AppState>, id: String, image_file: Option<String>) -> IpcResult<ShareInfo> {
    state.with(|w| w.share(&id, &signature_image(image_file)))
}

/// Asks where to save the baked picture (PNG, longer side `side` or original size) and
/// saves it; returns the path, or `None` when the user cancels.
#[tauri::command(async)]
pub(crate) fn save_badge_picture<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    side: Option<u32>,
) -> IpcResult<Option<String>> {
    let picture = state.with(|w| w.badge_picture(&id, side))?;
    let Some(path) = dialogs::pick_save_path(&app, "Save the badge picture", &picture.file_name, "png") else {
        return Ok(None);
    };
    rosette::write_atomically(&path, &picture.bytes)?;
    Ok(Some(path.display().to_string()))
}

/// The picture sizes offered.
#[tauri::command(async)]
pub(crate) fn picture_presets() -> Vec<PresetSize> {
    PicturePreset::all()
}

/// A QR code of the badge's public page, for the preview.
#[tauri::command(async)]
pub(crate) fn badge_qr_preview(
    state: State<'_, AppState>,
    id: String,
    side: u32,
    level: QrErrorCorrection,
) -> IpcResult<ImageData> {
    state.with(|w| w.badge_qr(&id, QrFormat::Png, side, level)).map(|png| ImageData::new("image/png", &png))
}

/// Asks where to save the QR code and saves it; `None` when the user cancels.
#[tauri::command(async)]
pub(crate) fn save_badge_qr<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: QrFormat,
    side: u32,
    level: QrErrorCorrection,
) -> IpcResult<Option<String>> {
    let bytes = state.with(|w| w.badge_qr(&id, format, side, level))?;
    let extension = if format == QrFormat::Svg { "svg" } else { "png" };
    let Some(path) = dialogs::pick_save_path(&app, "Save the QR code", &format!("badge-qr.{extension}"), extension)
    else {
        return Ok(None);
    };
    rosette::write_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Saves (or with `None`, forgets) an issuer's LinkedIn organization id.
#[tauri::command(async)]
pub(crate) fn set_issuer_linkedin(
    state: State<'_, AppState>,
    issuer: String,
    organization_id: Option<String>,
) -> IpcResult<String> {
    state.with(|w| w.set_issuer_linkedin(&issuer, organization_id.as_deref()))
}

/// Copies the email signature to the clipboard as rich HTML with a plain-text variant.
#[tauri::command(async)]
pub(crate) fn copy_email_signature<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    image_file: Option<String>,
) -> IpcResult<()> {
    let share = state.with(|w| w.share(&id, &signature_image(image_file)))?;
    let signature = share.email_signature;
    app.clipboard()
        .write_html(signature.html, Some(signature.text))
        .map_err(|e| IpcError::new(rosette::ErrorKind::Io, format!("cannot use the clipboard: {e}")))
}

/// Opens an https link in the system browser; the UI shows the link and asks first.
#[tauri::command(async)]
pub(crate) fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> IpcResult<()> {
    let url = rosette::external_link(&url)?;
    dialogs::open_in_browser(&app, &url)
        .map_err(|e| IpcError::new(rosette::ErrorKind::Io, format!("cannot open the browser: {e}")))
}
