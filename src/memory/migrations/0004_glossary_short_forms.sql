-- 0004_glossary_short_forms: a glossary form may be a short form, admitted only once the
-- full form has appeared in the text ("JOC" after "Joint Operations Command"). SQLite cannot
-- change a CHECK constraint in place, so the term table is rebuilt with the new status.

CREATE TABLE glossary_term_0004 (
    entry_id INTEGER NOT NULL REFERENCES glossary_entry(id) ON DELETE CASCADE,
    lang     TEXT NOT NULL CHECK (lang IN ('ar', 'en')),
    status   TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'short', 'forbidden')),
    position INTEGER NOT NULL,
    term     TEXT NOT NULL,
    key      TEXT NOT NULL,
    PRIMARY KEY (entry_id, lang, status, position)
);
INSERT INTO glossary_term_0004 SELECT entry_id, lang, status, position, term, key FROM glossary_term;
DROP TABLE glossary_term;
ALTER TABLE glossary_term_0004 RENAME TO glossary_term;
CREATE INDEX glossary_term_key ON glossary_term(key);
