//! From groups to proposed glossary entries: the spellings seen at least `min_count` times,
//! the one to prefer (most frequent in reviewed units), a type guess and a confidence; each
//! compared with the glossary, so that an entry it already has is shown as confirmed or in
//! conflict (forbidden or unlisted spellings, another preferred form) and never proposed twice.

use std::collections::HashMap;

use serde::Serialize;

use crate::glossary::{Entry, EntryType, Glossary, Lang, TermStatus};
use crate::text::match_key;

use super::groups::{group_key, Group, Groups, SpellingCount};

/// An Arabic form and how often the memory wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct FormCount {
    pub text: String,
    pub count: usize,
}

/// How a proposed entry stands against the glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum GlossaryStatus {
    /// The glossary has no entry for this name.
    New,
    /// The glossary has it and the memory agrees with it.
    Confirmed { entry: i64, label: String },
    /// The glossary has it and the memory writes it otherwise.
    Conflict {
        entry: i64,
        label: String,
        problems: Vec<String>,
    },
}

/// One entry the memory suggests.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedEntry {
    #[serde(rename = "type")]
    pub kind: EntryType,
    /// Arabic forms, most frequent first.
    pub arabic: Vec<FormCount>,
    /// English spellings seen at least `min_count` times, most frequent first.
    pub spellings: Vec<SpellingCount>,
    /// Other spellings, each seen fewer than `min_count` times: how many, and how often.
    pub rare_spellings: usize,
    pub rare_count: usize,
    pub preferred: String,
    /// Whether reviewed units decided the preferred spelling (otherwise unreviewed ones).
    pub preferred_reviewed: bool,
    pub confidence: f32,
    pub glossary: GlossaryStatus,
}

/// Glossary entries by the keys of their Arabic forms (spaces ignored) and English forms.
pub struct GlossaryIndex<'a> {
    glossary: &'a Glossary,
    by_arabic: HashMap<String, usize>,
    by_english: HashMap<String, usize>,
}

impl<'a> GlossaryIndex<'a> {
    pub fn new(glossary: &'a Glossary) -> GlossaryIndex<'a> {
        let mut by_arabic = HashMap::new();
        let mut by_english = HashMap::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            for (_, form) in e.ar.all() {
                by_arabic.entry(group_key(form)).or_insert(i);
            }
            for (status, form) in e.en.all() {
                if status != TermStatus::Forbidden {
                    by_english.entry(match_key(form)).or_insert(i);
                }
            }
        }
        GlossaryIndex {
            glossary,
            by_arabic,
            by_english,
        }
    }

    /// The entry for an Arabic name (by any of its Arabic forms).
    pub fn by_arabic(&self, arabic_key: &str) -> Option<&'a Entry> {
        self.by_arabic
            .get(arabic_key)
            .map(|&i| &self.glossary.entries[i])
    }

    /// The entry with this English form (preferred, admitted or short).
    pub fn by_english(&self, english_key: &str) -> Option<&'a Entry> {
        self.by_english
            .get(english_key)
            .map(|&i| &self.glossary.entries[i])
    }
}

/// The status of an English spelling in an entry, by match key.
pub fn status_in(entry: &Entry, english_key: &str) -> Option<TermStatus> {
    entry
        .forms(Lang::En)
        .all()
        .find(|(_, f)| match_key(f) == english_key)
        .map(|(s, _)| s)
}

/// The proposed entries of `groups`: names with a spelling seen at least `min_count` times
/// and a confidence of at least `min_confidence`, most frequent first.
pub fn proposed_entries(
    groups: &Groups,
    glossary: &Glossary,
    min_count: usize,
    min_confidence: f32,
) -> Vec<ProposedEntry> {
    let index = GlossaryIndex::new(glossary);
    let mut out: Vec<(usize, ProposedEntry)> = Vec::new();
    for (key, group) in &groups.names {
        let confidence = group.confidence();
        if confidence < min_confidence {
            continue;
        }
        let ranked = group.ranked();
        let kept: Vec<&String> = ranked
            .iter()
            .filter(|(_, t)| t.count >= min_count.max(1))
            .map(|(k, _)| *k)
            .collect();
        let Some((preferred_key, preferred_reviewed)) = group.preferred_among(&kept) else {
            continue;
        };
        let rare: Vec<usize> = ranked
            .iter()
            .filter(|(_, t)| t.count < min_count.max(1))
            .map(|(_, t)| t.count)
            .collect();
        let preferred = group.spellings[preferred_key].display();
        let entry = index
            .by_arabic(key)
            .or_else(|| index.by_english(preferred_key));
        let glossary_status = match entry {
            None => GlossaryStatus::New,
            Some(e) => compare(e, key, group, &kept, preferred_key),
        };
        let mut arabic: Vec<FormCount> = group
            .arabic
            .iter()
            .map(|(t, c)| FormCount {
                text: t.clone(),
                count: *c,
            })
            .collect();
        arabic.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
        out.push((
            group.count,
            ProposedEntry {
                kind: group.kind(),
                arabic,
                spellings: kept
                    .iter()
                    .map(|k| SpellingCount::of(&group.spellings[*k]))
                    .collect(),
                rare_spellings: rare.len(),
                rare_count: rare.iter().sum(),
                preferred,
                preferred_reviewed,
                confidence,
                glossary: glossary_status,
            },
        ));
    }
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.arabic[0].text.cmp(&b.1.arabic[0].text))
    });
    out.into_iter().map(|(_, e)| e).collect()
}

/// What the memory says against a glossary entry for the same name.
fn compare(
    entry: &Entry,
    arabic_key: &str,
    group: &Group,
    kept: &[&String],
    preferred_key: &str,
) -> GlossaryStatus {
    let mut problems = Vec::new();
    if !entry.ar.all().any(|(_, f)| group_key(f) == arabic_key) {
        problems.push(format!(
            "the Arabic form {} is not in the entry",
            group.arabic_display()
        ));
    }
    for key in kept {
        let tally = &group.spellings[*key];
        match status_in(entry, key) {
            Some(TermStatus::Forbidden) => problems.push(format!(
                "{} is forbidden, written {} times",
                tally.display(),
                tally.count
            )),
            None => problems.push(format!(
                "{} is not listed, written {} times",
                tally.display(),
                tally.count
            )),
            Some(_) => {}
        }
    }
    // Against the glossary's preferred spelling only when the memory writes the entry's
    // preferred Arabic form: a short Arabic form (الكاظمي) has its own English (Kadhimi).
    let same_name = entry
        .ar
        .preferred
        .as_deref()
        .is_some_and(|p| group_key(p) == arabic_key);
    let glossary_preferred = entry.en.preferred.as_deref().map(match_key);
    if same_name
        && glossary_preferred
            .as_deref()
            .is_some_and(|g| g != preferred_key)
    {
        problems.push(format!(
            "the memory mostly writes {}, the glossary prefers {}",
            group.spellings[preferred_key].display(),
            entry.en.preferred.as_deref().unwrap_or_default()
        ));
    }
    let (id, label) = (entry.id.unwrap_or(0), entry.label());
    if problems.is_empty() {
        GlossaryStatus::Confirmed { entry: id, label }
    } else {
        GlossaryStatus::Conflict {
            entry: id,
            label,
            problems,
        }
    }
}

/// The new entries as glossary entries (for `glossary import`): the preferred spelling and
/// the others as admitted variants, or as forbidden ones when `others_forbidden`.
pub fn to_glossary(entries: &[ProposedEntry], others_forbidden: bool) -> Vec<Entry> {
    entries
        .iter()
        .filter(|p| p.glossary == GlossaryStatus::New)
        .map(|p| {
            let mut e = Entry::new(p.kind);
            e.ar.preferred = p.arabic.first().map(|f| f.text.clone());
            // Arabic forms that differ only in diacritics are one form.
            let mut seen: Vec<String> = p
                .arabic
                .iter()
                .take(1)
                .map(|f| match_key(&f.text))
                .collect();
            for f in p.arabic.iter().skip(1) {
                let key = match_key(&f.text);
                if !seen.contains(&key) {
                    seen.push(key);
                    e.ar.admitted.push(f.text.clone());
                }
            }
            e.en.preferred = Some(p.preferred.clone());
            let others: Vec<String> = p
                .spellings
                .iter()
                .filter(|s| s.text != p.preferred)
                .map(|s| s.text.clone())
                .collect();
            if others_forbidden {
                e.en.forbidden = others;
            } else {
                e.en.admitted = others;
            }
            let counts: Vec<String> = p
                .spellings
                .iter()
                .map(|s| format!("{} ×{}", s.text, s.count))
                .collect();
            e.note = format!("mined from the memory: {}", counts.join(", "));
            e.source = "tarjama glossary mine".to_string();
            e.tidy();
            e
        })
        .collect()
}
