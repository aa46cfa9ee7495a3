//! The translation memory: one SQLite file holding units, the on-disk fuzzy index (with the
//! text-hash lists that find identical texts, `hashes`) and the glossary tables.
//!
//! `store` opens and checks the file, `schema` runs numbered migrations, `writer` adds units
//! in one transaction and maintains the index (`index`; its lists on disk: `append`), `reader`
//! streams units back.

mod append;
mod backup;
mod bands;
mod brute;
mod bulk;
pub mod busy;
mod column_trie;
mod compact;
mod concordance;
mod diff;
mod edit;
mod hashes;
mod header;
pub mod index;
mod keys;
mod lists;
mod myers;
mod origin_tally;
mod origins;
mod packed;
mod prefetch;
mod prefix;
mod probe;
mod queue;
mod rank;
mod reader;
mod reason;
mod row;
mod rows_insert;
pub mod schema;
mod score;
mod scratch;
mod search;
mod side_map;
mod side_tokens;
mod stats;
mod store;
mod tally;
mod term_cache;
mod text_batch;
pub mod text_codec;
mod text_pack;
pub mod text_train;
mod token_dict;
pub mod unit;
mod unit_ids;
mod verify;
mod work;
mod writer;

pub use backup::BackupReport;
pub use brute::BruteForce;
pub use bulk::Journal;
pub use compact::CompactReport;
pub use concordance::{ConcordanceCache, ConcordanceHit};
pub use diff::{DiffOp, Span};
pub use edit::TextEdit;
pub use keys::{KeyedBatch, Keyer, TagCache};
pub use origins::{OriginPair, OriginSummary};
pub use rank::Suggestion;
pub use reason::Reason;
pub use row::StoredUnit;
pub use search::SuggestOptions;
pub use side_tokens::SideTokens;
pub use stats::{OriginCount, PairCount, Stats};
pub use store::{Memory, Reads};
pub use text_batch::{ImportPacker, PackPlan, PackedTexts, TrainJob, Trained};
pub use unit::{DatesOn, Prop, Side, Status, UnitRecord};
pub use work::SearchWork;
pub use writer::{AddOutcome, Writer};
