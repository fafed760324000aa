use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

pub fn run(_ctx: &Ctx, _args: DemoArgs) -> Result<()> {
    Ok(())
}

pub fn open_demo(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
