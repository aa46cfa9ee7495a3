//! Argument parsers shared by several subcommands, so every flag that takes a language tag
//! accepts and rejects the same things with the same message.

use std::ffi::OsString;

use tarjama::text::LangTag;

/// `--fragment-checks`, for the commands that look for fragments.
#[derive(Debug, clap::Args)]
pub struct FragmentLimit {
    /// The most stored units one sentence's fragment search checks for its runs (0: no
    /// limit). Past it the search stops and says so (`fragments_cut_short`): a sentence
    /// of common words in a memory of a million paragraphs can otherwise take seconds.
    #[arg(long, value_name = "N",
          default_value_t = tarjama::pretranslate::fragments::CHECKS_PER_SEGMENT)]
    pub fragment_checks: u64,
}

impl FragmentLimit {
    /// The limit as `Fragmenter::limit_work` takes it.
    pub fn per_segment(&self) -> u64 {
        if self.fragment_checks == 0 {
            u64::MAX
        } else {
            self.fragment_checks
        }
    }
}

/// clap value parser for `--from`, `--to`, `--lang`: a BCP 47 tag such as `ar`, `ar-IQ`, `en`.
pub fn lang_tag(value: &str) -> Result<LangTag, String> {
    LangTag::validate(value).map_err(|e| e.to_string())
}

/// The values of every `--allow-language` in `args` (`--allow-language x-klingon`,
/// `--allow-language=qaa,x-news`). Read before clap parses, because `--from`/`--to` are
/// checked while parsing and must already see the allowance.
pub fn allowed_languages(args: &[OsString]) -> Vec<String> {
    let mut out = Vec::new();
    let mut take_next = false;
    for arg in args.iter().map(|a| a.to_string_lossy()) {
        if take_next {
            out.extend(arg.split(',').map(str::to_string));
            take_next = false;
        } else if arg == "--" {
            break;
        } else if arg == "--allow-language" {
            take_next = true;
        } else if let Some(value) = arg.strip_prefix("--allow-language=") {
            out.extend(value.split(',').map(str::to_string));
        }
    }
    out
}
