use anyhow::Result;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

pub fn run(_ctx: &Ctx, _args: DemoArgs) -> Result<()> {
    Ok(())
}

/// Points the context at a fresh demo database in a private temporary
/// directory (removed when the returned guard drops), leaving the user's real
/// database alone.
pub fn use_demo_database(ctx: &mut Ctx) -> Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("caseload-demo-").tempdir()?;
    ctx.db_path = dir.path().join("demo.db");
    Ok(dir)
}
