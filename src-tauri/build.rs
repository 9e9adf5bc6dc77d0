//! Registers Rosette's commands with Tauri's permission system (AppManifest), so the
//! capability file can grant exactly these and nothing else.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(rosette_desktop_commands::NAMES)),
    )
    .expect("failed to run the Tauri build script");
}

#[path = "src/commands/names.rs"]
mod rosette_desktop_commands;
