//! Pure text functions: language tags, match keys, tokens and sentences.
//!
//! Stored text is always kept exactly as the user gave it; everything that compares text
//! (fuzzy scores, index, glossary recognition, alignment anchors) works on the *match key*
//! derived here (field-notes §1).

pub mod keyscan;
pub mod lang;
pub mod lang_allow;
pub mod normalize;
pub mod segment;
pub mod tokenize;
pub mod validate;

pub use lang::{primary_language, LangTag, LangTagError};
pub use lang_allow::allow_languages;
pub use normalize::{fold_char, match_key, nfc};
pub use tokenize::{key_tokens, tokenize, Token, TokenKind};
