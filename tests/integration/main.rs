//! Integration tests of the Rosette core and the `rosette` CLI, run against real SQLite
//! portfolios in temporary folders. One test binary; each module covers one area and
//! every test uses its own temporary home.

mod backup;
mod bad_input;
mod common;
mod crash;
mod import;
mod online;
mod organise;
mod parallel;
mod properties;
mod share;
mod snapshots;
mod status;
mod verify;
