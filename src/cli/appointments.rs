use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Subcommand)]
pub enum AppointmentCommand {}

pub fn run(_ctx: &Ctx, command: AppointmentCommand) -> Result<()> {
    match command {}
}
