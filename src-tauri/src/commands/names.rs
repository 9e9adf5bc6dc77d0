//! The names of Rosette's IPC commands, shared by build.rs (permissions) and lib.rs.

pub(crate) const NAMES: &[&str] = &[
    "list_badges",
    "badge_facets",
    "show_badge",
    "badge_image",
    "import_paths",
    "pick_and_import",
    "tag_badge",
    "untag_badge",
    "set_visibility",
    "set_note",
    "add_to_collection",
    "remove_from_collection",
    "delete_collection",
    "remove_badge",
    "export_portfolio",
    "restore_portfolio",
    "portfolio_location",
];
