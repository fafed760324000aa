//! `caseload init`: write the default config (if none) and create the database.

use anyhow::Result;

use super::{Ctx, create_private_dir, output::emit};

pub fn run(ctx: &Ctx) -> Result<()> {
    let config_state =
        if ctx.write_default_config()? { "written with every default" } else { "already there, left as it was" };
    let on_server = crate::store::server_url(&ctx.db_path).is_some();
    // A server's database is "there" once it holds the schema.
    let existed = if on_server { ctx.read_store().is_ok() } else { ctx.db_path.exists() };
    let db_state = if existed { "already there, checked and up to date" } else { "created" };
    if !on_server && let Some(dir) = ctx.db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let store = ctx.open_store()?;
    emit(&format!(
        "config:   {} ({config_state})\ndatabase: {} ({db_state}, schema version {})\n",
        ctx.config_path.display(),
        ctx.database_shown(),
        store.schema_version()?,
    ))
}
