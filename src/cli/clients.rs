use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum ClientCommand {}

pub fn run(_ctx: &Ctx, command: ClientCommand) -> Result<()> {
    match command {}
}
