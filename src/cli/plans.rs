use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum PlanCommand {}

pub fn run(_ctx: &Ctx, command: PlanCommand) -> Result<()> {
    match command {}
}
