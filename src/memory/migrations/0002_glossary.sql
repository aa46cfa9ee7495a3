-- Glossary of names, titles and terms (owned by src/glossary/store.rs).
-- One row per concept in glossary_entry; one row per form (language, status) in glossary_term.
CREATE TABLE glossary_entry (
    id             INTEGER PRIMARY KEY,
    concept_key    TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('person', 'title', 'organization', 'place', 'term')),
    note           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    case_sensitive INTEGER NOT NULL DEFAULT 0,
    created        TEXT NOT NULL,
    changed        TEXT NOT NULL
);

CREATE TABLE glossary_term (
    entry_id INTEGER NOT NULL REFERENCES glossary_entry(id) ON DELETE CASCADE,
    lang     TEXT NOT NULL CHECK (lang IN ('ar', 'en')),
    status   TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'forbidden')),
    position INTEGER NOT NULL,
    term     TEXT NOT NULL,
    key      TEXT NOT NULL,
    PRIMARY KEY (entry_id, lang, status, position)
);

CREATE INDEX glossary_term_key ON glossary_term(key);
