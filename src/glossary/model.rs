//! The glossary model: one entry per concept (a person, a title, a body, a place, a term),
//! and for each language a preferred form, admitted alternatives and forbidden variants.
//!
//! Entries are compared and matched on match keys (`text::match_key`), never on raw text,
//! except that a case-sensitive entry also compares letter case.

use serde::Serialize;

use crate::text::match_key;

/// What kind of thing an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryType {
    Person,
    Title,
    Organization,
    Place,
    Term,
}

impl EntryType {
    pub const ALL: [EntryType; 5] = [
        EntryType::Person,
        EntryType::Title,
        EntryType::Organization,
        EntryType::Place,
        EntryType::Term,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::Person => "person",
            EntryType::Title => "title",
            EntryType::Organization => "organization",
            EntryType::Place => "place",
            EntryType::Term => "term",
        }
    }

    /// Parses a type name; accepts a few common synonyms (`org`, `location`).
    pub fn parse(s: &str) -> Option<EntryType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "name" | "people" => Some(EntryType::Person),
            "title" | "rank" => Some(EntryType::Title),
            "organization" | "organisation" | "org" | "body" => Some(EntryType::Organization),
            "place" | "location" | "loc" => Some(EntryType::Place),
            "term" | "" => Some(EntryType::Term),
            _ => None,
        }
    }

    /// Types whose forms are proper names (checked for unlisted spelling variants).
    pub fn is_name(self) -> bool {
        matches!(
            self,
            EntryType::Person | EntryType::Place | EntryType::Organization
        )
    }
}

/// The two languages a tarjama glossary holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    En,
}

impl Lang {
    pub const BOTH: [Lang; 2] = [Lang::Ar, Lang::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }

    /// Maps a BCP 47 tag (`ar-IQ`, `en_US`) to a glossary language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match crate::text::primary_language(tag.trim())
            .to_ascii_lowercase()
            .as_str()
        {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// How a form may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermStatus {
    Preferred,
    Admitted,
    /// Admitted on second reference only: after the full form has appeared in the text
    /// ("JOC" once "Joint Operations Command" has been written out).
    Short,
    Forbidden,
}

impl TermStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferred",
            TermStatus::Admitted => "admitted",
            TermStatus::Short => "short",
            TermStatus::Forbidden => "forbidden",
        }
    }

    pub fn parse(s: &str) -> Option<TermStatus> {
        match s {
            "preferred" => Some(TermStatus::Preferred),
            "admitted" => Some(TermStatus::Admitted),
            "short" => Some(TermStatus::Short),
            "forbidden" => Some(TermStatus::Forbidden),
            _ => None,
        }
    }

    /// A full form: one that introduces the concept (preferred or admitted).
    pub fn is_full(self) -> bool {
        matches!(self, TermStatus::Preferred | TermStatus::Admitted)
    }
}

/// The forms of one entry in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Forms {
    pub preferred: Option<String>,
    pub admitted: Vec<String>,
    /// Short forms admitted after a full form has appeared (see [`TermStatus::Short`]).
    pub short: Vec<String>,
    pub forbidden: Vec<String>,
}

impl Forms {
    pub fn is_empty(&self) -> bool {
        self.preferred.is_none()
            && self.admitted.is_empty()
            && self.short.is_empty()
            && self.forbidden.is_empty()
    }

    /// Every form with its status: preferred, admitted, short, forbidden.
    pub fn all(&self) -> impl Iterator<Item = (TermStatus, &str)> {
        let preferred = self
            .preferred
            .iter()
            .map(|f| (TermStatus::Preferred, f.as_str()));
        fn listed(
            forms: &[String],
            status: TermStatus,
        ) -> impl Iterator<Item = (TermStatus, &str)> {
            forms.iter().map(move |f| (status, f.as_str()))
        }
        preferred
            .chain(listed(&self.admitted, TermStatus::Admitted))
            .chain(listed(&self.short, TermStatus::Short))
            .chain(listed(&self.forbidden, TermStatus::Forbidden))
    }

    /// The forms an editor may use: preferred, admitted, then short forms.
    pub fn allowed(&self) -> impl Iterator<Item = &str> {
        self.all()
            .filter(|(s, _)| *s != TermStatus::Forbidden)
            .map(|(_, f)| f)
    }

    /// Trims forms, drops empty ones and duplicates (by exact text), keeping order.
    pub fn tidy(&mut self) {
        fn clean(v: &mut Vec<String>) {
            let mut seen = std::collections::HashSet::new();
            v.iter_mut().for_each(|f| *f = f.trim().to_string());
            v.retain(|f| !f.is_empty() && seen.insert(f.clone()));
        }
        if let Some(p) = &mut self.preferred {
            *p = p.trim().to_string();
        }
        if self.preferred.as_deref() == Some("") {
            self.preferred = None;
        }
        clean(&mut self.admitted);
        clean(&mut self.short);
        clean(&mut self.forbidden);
        let preferred = self.preferred.clone();
        self.admitted.retain(|f| Some(f) != preferred.as_ref());
        self.short.retain(|f| Some(f) != preferred.as_ref());
    }
}

/// One concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Row id in the memory's database (None before it is stored).
    pub id: Option<i64>,
    #[serde(rename = "type")]
    pub kind: EntryType,
    pub ar: Forms,
    pub en: Forms,
    pub note: String,
    /// Where the entry comes from (a file name, an agency style guide, ...).
    pub source: String,
    /// Whether letter case distinguishes forms (`Al-Kadhimi` preferred, `al-Kadhimi` forbidden).
    pub case_sensitive: bool,
    /// RFC 3339 timestamps, set by the store.
    pub created: Option<String>,
    pub changed: Option<String>,
}

impl Entry {
    /// A person with one preferred form per language (tests).
    #[cfg(test)]
    pub(crate) fn person(en: &str, ar: &str) -> Entry {
        let mut e = Entry::new(EntryType::Person);
        e.en.preferred = Some(en.to_owned());
        e.ar.preferred = Some(ar.to_owned());
        e
    }

    pub fn new(kind: EntryType) -> Entry {
        Entry {
            id: None,
            kind,
            ar: Forms::default(),
            en: Forms::default(),
            note: String::new(),
            source: String::new(),
            case_sensitive: false,
            created: None,
            changed: None,
        }
    }

    pub fn forms(&self, lang: Lang) -> &Forms {
        match lang {
            Lang::Ar => &self.ar,
            Lang::En => &self.en,
        }
    }

    pub fn forms_mut(&mut self, lang: Lang) -> &mut Forms {
        match lang {
            Lang::Ar => &mut self.ar,
            Lang::En => &mut self.en,
        }
    }

    /// The identity of the concept: the match keys of its preferred forms. Importing a
    /// file twice updates entries with the same identity instead of adding copies.
    pub fn concept_key(&self) -> String {
        let key = |f: &Forms| f.preferred.as_deref().map(match_key).unwrap_or_default();
        format!("{}|{}", key(&self.en), key(&self.ar))
    }

    /// A short label: `Mustafa Al-Kadhimi / مصطفى الكاظمي`.
    pub fn label(&self) -> String {
        let parts: Vec<&str> = [&self.en, &self.ar]
            .iter()
            .filter_map(|f| {
                f.preferred
                    .as_deref()
                    .or(f.admitted.first().map(|s| s.as_str()))
            })
            .collect();
        parts.join(" / ")
    }

    /// Whether the entry has the same content as `other`, ignoring id and dates.
    pub fn same_content(&self, other: &Entry) -> bool {
        self.kind == other.kind
            && self.ar == other.ar
            && self.en == other.en
            && self.note == other.note
            && self.source == other.source
            && self.case_sensitive == other.case_sensitive
    }

    pub fn tidy(&mut self) {
        self.ar.tidy();
        self.en.tidy();
        self.note = self.note.trim().to_string();
        self.source = self.source.trim().to_string();
    }
}

/// A whole glossary, in the order entries were read or stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Glossary {
    pub entries: Vec<Entry>,
}

impl Glossary {
    pub fn new(entries: Vec<Entry>) -> Glossary {
        Glossary { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries with any form whose match key contains `query`'s key (as a substring), in
    /// glossary order.
    pub fn find(&self, query: &str) -> Vec<&Entry> {
        find_in_keys(&self.form_keys(), query)
            .into_iter()
            .map(|i| &self.entries[i])
            .collect()
    }

    /// The match key of every form, with its entry's index, in glossary order: what
    /// [`Glossary::find`] searches (a compiled glossary keeps them: `Checker::find`).
    pub fn form_keys(&self) -> Vec<(usize, Box<str>)> {
        let mut keys = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            for lang in Lang::BOTH {
                keys.extend(e.forms(lang).all().map(|(_, f)| (i, match_key(f).into())));
            }
        }
        keys
    }
}

/// The entry indices of [`Glossary::form_keys`] `keys` with a key containing `query`'s match
/// key, each once, in order; none for a query without one.
pub fn find_in_keys(keys: &[(usize, Box<str>)], query: &str) -> Vec<usize> {
    let q = match_key(query);
    let mut found: Vec<usize> = Vec::new();
    if q.is_empty() {
        return found;
    }
    for (i, key) in keys {
        if found.last() != Some(i) && key.contains(q.as_str()) {
            found.push(*i);
        }
    }
    found
}
