use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {}

pub fn run(_ctx: &Ctx, _args: SearchArgs) -> Result<()> {
    Ok(())
}
