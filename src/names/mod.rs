//! Person names written in Latin letters: where a text mentions a person, and whether a
//! mention is a spelling of a known name or somebody else.
//!
//! A piece of its own, below the features that use it (the glossary checker's variant
//! warnings; later alignment's name anchors, the desk's highlighting, glossary mining):
//! - [`translit`]: transliteration keys of Latin spellings of Arabic names (field-notes §2);
//! - [`distance`]: how far apart two keys are, and how far is still one name;
//! - [`words`]: particles that live inside names, words that never do;
//! - [`mention`]: [`find_mentions`] in a line, read as name units;
//! - [`compare`](mod@compare): one mention against one name, unit by unit ([`compare::compare`]);
//! - [`leading`]: honorifics and Muhammad before a name, compared apart ([`compare()`]'s entry);
//! - `unit_pair`: one unit against one, each pair judged once per comparison;
//! - [`index`]: many names filed for lookup ([`NameIndex`]).

pub mod compare;
pub mod distance;
pub mod index;
pub mod leading;
pub mod mention;
pub mod translit;
mod unit_pair;
pub mod words;

pub use compare::{compare, FormMatch, MatchParams, UnitPair};
pub use index::{IndexedForm, MentionMatch, NameIndex};
pub use mention::{
    find_mentions, find_mentions_across_particles, find_mentions_where, form_units, Mention,
    NameUnit,
};
