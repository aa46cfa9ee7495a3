//! `tarjama align` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct AlignArgs {}

pub fn run(_args: &AlignArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'align' is not implemented yet")
}
