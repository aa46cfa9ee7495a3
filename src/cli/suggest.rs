//! `tarjama suggest` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct SuggestArgs {}

pub fn run(_args: &SuggestArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'suggest' is not implemented yet")
}
