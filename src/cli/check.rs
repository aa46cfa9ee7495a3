//! `tarjama check` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn run(_args: &CheckArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'check' is not implemented yet")
}
