//! `tarjama glossary` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct GlossaryArgs {}

pub fn run(_args: &GlossaryArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'glossary' is not implemented yet")
}
