//! caseload: a keyboard-driven terminal caseload manager for care coordinators.
//!
//! The library holds the pure `domain`, the SQLite `store`, the `config` and the
//! clock; the `caseload` binary adds the command line on top.

pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod demo;
pub mod domain;
pub mod errors;
pub mod files;
pub mod interop;
pub mod store;
pub mod tui;
