//! `tarjama concordance` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct ConcordanceArgs {}

pub fn run(_args: &ConcordanceArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'concordance' is not implemented yet")
}
