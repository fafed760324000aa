use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum ReferralCommand {}

pub fn run(_ctx: &Ctx, command: ReferralCommand) -> Result<()> {
    match command {}
}
