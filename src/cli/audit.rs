use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct AuditArgs {}

pub fn run(_ctx: &Ctx, _args: AuditArgs) -> Result<()> {
    Ok(())
}
