//! `tarjama segment` (not implemented yet).

use clap::Args;

use super::Context;

#[derive(Debug, Args)]
pub struct SegmentArgs {}

pub fn run(_args: &SegmentArgs, _ctx: &Context) -> anyhow::Result<i32> {
    anyhow::bail!("'segment' is not implemented yet")
}
