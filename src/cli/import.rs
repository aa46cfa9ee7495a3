//! `tarjama import` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct ImportArgs {}

pub fn run(_args: &ImportArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'import' is not implemented yet")
}
