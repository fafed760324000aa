//! `caseload backup PATH`: a consistent copy of the live database, private
//! like the original, that `caseload --db PATH check` accepts. A database on
//! a PostgreSQL server is refused with a hint to use `pg_dump`.

use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use super::output::emit;
use crate::store::{StoreError, server_url};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The new file to write (an existing file is never overwritten).
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

pub fn run(ctx: &Ctx, args: BackupArgs) -> Result<()> {
    // A server's database is its tools' to back up (SPEC §11): refused before
    // connecting, so the answer is the same whether or not the server is up.
    if server_url(&ctx.db_path).is_some() {
        return Err(StoreError::BackupByServer.into());
    }
    let mut store = ctx.read_store()?;
    let size = store.backup_to(&args.path, &ctx.config.sharing())?;
    emit(&format!("{}  {}\n", args.path.display(), human_size(size)))
}

/// Bytes as a person reads them: 8.0 KiB, 12.3 MiB.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    match unit {
        0 => format!("{bytes} bytes"),
        _ => format!("{value:.1} {}", UNITS[unit]),
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_a_person_would_say_them() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(8192), "8.0 KiB");
        assert_eq!(human_size(3 * 1024 * 1024 + 300 * 1024), "3.3 MiB");
    }
}
