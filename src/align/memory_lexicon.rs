//! The lexicon a memory teaches the aligner: word pairs that co-occur in its reviewed
//! Arabic–English units, so alignment improves as reviewed work accumulates.

use crate::error::{Error, Result};
use crate::memory::{Memory, Status};
use crate::text::primary_language;

use super::lexicon::Lexicon;

/// At most this many reviewed units are read (the most recent are as good as all).
const MAX_UNITS: usize = 200_000;

/// Learns a source → target lexicon from the reviewed units of `memory` whose languages are
/// `source` and `target` (either direction; reversed units are turned around).
pub fn lexicon_from_memory(memory: &Memory, source: &str, target: &str) -> Result<Lexicon> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    memory.for_each_unit(|u| {
        let r = &u.record;
        if r.status != Status::Reviewed || pairs.len() >= MAX_UNITS {
            return Ok::<(), Error>(());
        }
        let (s, t) = (
            primary_language(&r.source.lang),
            primary_language(&r.target.lang),
        );
        if s == source && t == target {
            pairs.push((r.source.text.clone(), r.target.text.clone()));
        } else if s == target && t == source {
            pairs.push((r.target.text.clone(), r.source.text.clone()));
        }
        Ok(())
    })?;
    let borrowed = pairs.iter().map(|(s, t)| (s.as_str(), t.as_str()));
    Ok(Lexicon::learn(borrowed, 2, 0.3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Side, UnitRecord};

    #[test]
    fn learns_only_from_reviewed_units() {
        let mut mem = Memory::in_memory().unwrap();
        let mut w = mem.writer().unwrap();
        let rows = [
            (
                "وصل الوزير الى بغداد",
                "the minister arrived in baghdad",
                Status::Reviewed,
            ),
            ("قال الوزير", "the minister said", Status::Reviewed),
            ("المطر غزير", "heavy rain", Status::Unreviewed),
            ("المطر غزير جدا", "very heavy rain", Status::Unreviewed),
        ];
        for (ar, en, status) in rows {
            let mut u = UnitRecord::new(Side::new("ar", ar), Side::new("en", en));
            u.status = status;
            w.add(&u).unwrap();
        }
        w.commit().unwrap();
        let lex = lexicon_from_memory(&mem, "ar", "en").unwrap();
        assert!(!lex.lookup("وزير").is_empty());
        assert!(lex.lookup("مطر").is_empty());
    }
}
