-- 0006_glossary_words: which glossary entries a text can mention, without reading the whole
-- glossary. One row per (word of a form's match key, entry); `suggest` looks up its query's
-- words here and compiles only those entries (src/glossary/lookup.rs).
--
-- The rows are derived from glossary_term.key (the form's key tokens joined by single
-- spaces) by triggers, so every writer of glossary_term keeps them without knowing of them.
-- Rows are only ever added for terms, and removed with their entry: a word left behind by an
-- edited form only makes a lookup load one entry too many, never one too few.

CREATE TABLE glossary_word (
    word     TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    PRIMARY KEY (word, entry_id)
) WITHOUT ROWID;

CREATE INDEX glossary_word_entry ON glossary_word(entry_id);

INSERT OR IGNORE INTO glossary_word(word, entry_id)
WITH RECURSIVE split(entry_id, word, rest) AS (
    SELECT entry_id, '', key || ' ' FROM glossary_term
    UNION ALL
    SELECT entry_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> ''
)
SELECT word, entry_id FROM split WHERE word <> '';

CREATE TRIGGER glossary_word_add AFTER INSERT ON glossary_term BEGIN
    INSERT OR IGNORE INTO glossary_word(word, entry_id)
    WITH RECURSIVE split(word, rest) AS (
        SELECT '', new.key || ' '
        UNION ALL
        SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
        FROM split WHERE rest <> ''
    )
    SELECT word, new.entry_id FROM split WHERE word <> '';
END;

CREATE TRIGGER glossary_word_update AFTER UPDATE OF key, entry_id ON glossary_term BEGIN
    INSERT OR IGNORE INTO glossary_word(word, entry_id)
    WITH RECURSIVE split(word, rest) AS (
        SELECT '', new.key || ' '
        UNION ALL
        SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
        FROM split WHERE rest <> ''
    )
    SELECT word, new.entry_id FROM split WHERE word <> '';
END;

CREATE TRIGGER glossary_word_remove AFTER DELETE ON glossary_entry BEGIN
    DELETE FROM glossary_word WHERE entry_id = old.id;
END;
