//! `caseload init`: write the default config (if none) and create the database.

use anyhow::Result;

use super::{Ctx, create_private_dir, output::emit};
use crate::store::{Store, StoreError, server_url};

pub fn run(ctx: &Ctx) -> Result<()> {
    let config_state =
        if ctx.write_default_config()? { "written with every default" } else { "already there, left as it was" };
    // A server's database is there once caseload has set it up (an empty one
    // is "no database", as read commands say); its URL is no path, so there is
    // no directory to make (else "postgresql:/host:port" would be made under
    // the working directory).
    let (existed, file) = match server_url(&ctx.db_path) {
        Some(_) => {
            let opened = Store::open_existing(&ctx.db_path, &ctx.open_options());
            (!matches!(opened, Err(StoreError::Missing { .. })), false)
        }
        None => (ctx.db_path.exists(), true),
    };
    let db_state = if existed { "already there, checked and up to date" } else { "created" };
    if let Some(dir) = ctx.db_path.parent().filter(|d| file && !d.as_os_str().is_empty()) {
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
