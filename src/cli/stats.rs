//! `tarjama stats` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct StatsArgs {}

pub fn run(_args: &StatsArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'stats' is not implemented yet")
}
