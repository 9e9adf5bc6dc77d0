//! Rosette's desktop shell: one window, Rosette's own commands, native dialogs.
//! Everything about badges happens in the `rosette` core; commands only delegate.

mod bindings;
mod commands;
mod dialogs;
mod error;
mod state;

pub use error::{IpcError, IpcResult};
pub use state::AppState;

/// Builds the app on any runtime (the mock runtime in tests).
pub fn build_app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::list_badges,
            commands::badge_facets,
            commands::show_badge,
            commands::badge_image,
            commands::import_paths,
            commands::pick_and_import,
            commands::tag_badge,
            commands::untag_badge,
            commands::set_visibility,
            commands::set_note,
            commands::add_to_collection,
            commands::remove_from_collection,
            commands::delete_collection,
            commands::remove_badge,
            commands::export_portfolio,
            commands::restore_portfolio,
            commands::portfolio_location,
            commands::share::share_info,
            commands::share::save_badge_picture,
            commands::share::picture_presets,
            commands::share::badge_qr_preview,
            commands::share::save_badge_qr,
            commands::share::set_issuer_linkedin,
            commands::share::copy_email_signature,
            commands::share::open_link,
            commands::verify::check_badge,
            commands::verify::check_all_badges,
            commands::verify::verify_paths,
            commands::verify::pick_and_verify,
            commands::verify::verify_text,
            commands::verify::verify_link,
            commands::verify::import_link,
            commands::verify::save_report,
            commands::verify::my_identifiers,
            commands::verify::add_my_identifier,
            commands::verify::remove_my_identifier,
            commands::network::network_preferences,
            commands::network::set_allow_private_network,
            commands::network::pick_and_trust_certificates,
            commands::network::distrust_certificate,
            commands::network::cached_documents,
            commands::network::pick_and_cache_documents,
            commands::network::remove_cached_document,
        ])
}

/// Starts the desktop app.
pub fn run() {
    build_app(tauri::Builder::default(), AppState::open_default())
        .run(tauri::generate_context!())
        .expect("error while running Rosette");
}
