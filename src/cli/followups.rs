use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum FollowupCommand {}

pub fn run(_ctx: &Ctx, command: FollowupCommand) -> Result<()> {
    match command {}
}
