//! Interchange formats: CSV/TSV and TMX readers and writers (streaming), TBX for glossaries.
pub mod tbx;
