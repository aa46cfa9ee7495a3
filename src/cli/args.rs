//! Argument parsers shared by several subcommands, so every flag that takes a language tag
//! accepts and rejects the same things with the same message.

use tarjama::text::LangTag;

/// clap value parser for `--from`, `--to`, `--lang`: a BCP 47 tag such as `ar`, `ar-IQ`, `en`.
pub fn lang_tag(value: &str) -> Result<LangTag, String> {
    LangTag::parse(value)
        .ok_or_else(|| format!("'{value}' is not a language tag (try ar, ar-IQ or en)"))
}
