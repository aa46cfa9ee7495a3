//! The translation memory: one SQLite file holding units, their match keys, the on-disk
//! fuzzy index and the glossary tables.

pub mod unit;

pub use unit::{Prop, Side, Status, UnitRecord};
