//! Demo databases for the benchmarks, built once and cached outside the repo:
//! `${CASELOAD_BENCH_DIR:-/tmp/caseload-bench}/demo-N.db`, made by the real
//! binary (`caseload demo --clients N --seed 7`) at a fixed clock, so every
//! run and `benches/measure.sh` measure the same data.
#![allow(dead_code)] // each bench uses a different part of this

use std::path::{Path, PathBuf};
use std::process::Command;

/// The clock, time zone and user every figure is taken at.
pub const NOW: &str = "2026-11-23T09:00:00";
pub const TZ: &str = "America/Chicago";
pub const USER: &str = "casey";

/// The caseload sizes measured: `CASELOAD_BENCH_SIZES=1000,10000` narrows them.
pub fn sizes() -> Vec<usize> {
    let text = std::env::var("CASELOAD_BENCH_SIZES").unwrap_or_else(|_| "1000,10000,100000".into());
    text.split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

pub fn bench_dir() -> PathBuf {
    std::env::var_os("CASELOAD_BENCH_DIR").map_or_else(|| PathBuf::from("/tmp/caseload-bench"), PathBuf::from)
}

/// The cached demo database of `clients` clients, built on first use.
pub fn demo_db(clients: usize) -> PathBuf {
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).expect("bench dir");
    let db = dir.join(format!("demo-{clients}.db"));
    if !db.exists() {
        // Built beside the final name and renamed, so an interrupted build is never used.
        let partial = dir.join(format!("demo-{clients}.partial.db"));
        let _ = std::fs::remove_file(&partial);
        eprintln!("building {} (once)…", db.display());
        let status = command(&partial)
            .args(["demo", "--clients", &clients.to_string(), "--seed", "7"])
            .status()
            .expect("caseload demo runs");
        assert!(status.success(), "caseload demo failed");
        std::fs::rename(&partial, &db).expect("demo database in place");
    }
    db
}

/// A private copy of a demo database, for benchmarks that write.
pub fn scratch_copy(db: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("scratch.db");
    std::fs::copy(db, &copy).expect("copy of the demo database");
    copy
}

/// The real binary on `db` at the fixed clock, zone and user, with a config
/// of its own so nothing is written to the user's.
pub fn command(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caseload"));
    command
        .env("CASELOAD_NOW", NOW)
        .env("TZ", TZ)
        .env("XDG_CONFIG_HOME", bench_dir().join("xdg-config"))
        .env_remove("CASELOAD_CONFIG")
        .arg("--db")
        .arg(db)
        .args(["--user", USER]);
    command
}
