use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum NoteCommand {}

pub fn run(_ctx: &Ctx, command: NoteCommand) -> Result<()> {
    match command {}
}
