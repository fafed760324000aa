//! `caseload init`: write the default config (if none) and create the database.

use anyhow::Result;

use super::{Ctx, create_private_dir, errors::hinted, output::emit};
use crate::config;
use crate::files;

pub fn run(ctx: &Ctx) -> Result<()> {
    let config_state = if ctx.config_path.exists() {
        "already there, left as it was"
    } else {
        if let Some(dir) = ctx.config_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let mut file = files::create_private(&ctx.config_path, &ctx.config.sharing())?;
        std::io::Write::write_all(&mut file, config::EXAMPLE.as_bytes()).map_err(|error| {
            hinted(format!("could not write {}: {error}", ctx.config_path.display()), "check the disk and try again")
        })?;
        "written with every default"
    };
    let db_state = if ctx.db_path.exists() { "already there, checked and up to date" } else { "created" };
    if let Some(dir) = ctx.db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let store = ctx.open_store()?;
    emit(&format!(
        "config:   {} ({config_state})\ndatabase: {} ({db_state}, schema version {})\n",
        ctx.config_path.display(),
        ctx.db_path.display(),
        store.schema_version()?,
    ))
}
