use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct AgendaArgs {}

pub fn run(_ctx: &Ctx, _args: AgendaArgs) -> Result<()> {
    Ok(())
}
