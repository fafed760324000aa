use anyhow::Result;

use super::Ctx;

pub fn run(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
