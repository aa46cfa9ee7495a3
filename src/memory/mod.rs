//! The translation memory: one SQLite file holding units, their match keys, the on-disk
//! fuzzy index and the glossary tables.
//!
//! `store` opens and checks the file, `schema` runs numbered migrations, `writer` adds units
//! in one transaction and maintains the index (`index`), `reader` streams units back.

pub mod index;
mod reader;
mod row;
pub mod schema;
mod store;
pub mod unit;
mod writer;

pub use row::StoredUnit;
pub use store::Memory;
pub use unit::{Prop, Side, Status, UnitRecord};
pub use writer::{AddOutcome, Writer};
