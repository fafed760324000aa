use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum EncounterCommand {}

pub fn run(_ctx: &Ctx, command: EncounterCommand) -> Result<()> {
    match command {}
}
