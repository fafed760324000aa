use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum ContactCommand {}

pub fn run(_ctx: &Ctx, command: ContactCommand) -> Result<()> {
    match command {}
}
