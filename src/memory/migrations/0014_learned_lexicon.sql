-- 0014_learned_lexicon: the lexicon the reviewed units teach (src/align/memory_lexicon.rs),
-- kept in the memory so that a one-shot process (`tarjama suggest`, `pretranslate`) reads the
-- few stems its query needs instead of learning from up to 200,000 reviewed units (seconds).
-- Read and written by src/align/lexicon_store.rs.
--
-- One row per pair, in the order learning listed the stem's targets (`pos`); the weight is
-- the learned f32, widened to REAL without loss. `source` and `target` are the lowercase
-- primary language subtags of the direction it was learned for ('ar', 'en').
CREATE TABLE IF NOT EXISTS learned_lexicon (
    source    TEXT NOT NULL,
    target    TEXT NOT NULL,
    src_stem  TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    tgt_stem  TEXT NOT NULL,
    weight    REAL NOT NULL,
    PRIMARY KEY (source, target, src_stem, pos)
) WITHOUT ROWID;

-- What each stored direction was learned from: `reviewed_fingerprint` at the time (newest
-- reviewed unit's id, count of changes to reviewed units). A stored lexicon is used only
-- while the memory's fingerprint is still this one; otherwise it is learned again.
CREATE TABLE IF NOT EXISTS learned_lexicon_state (
    source           TEXT NOT NULL,
    target           TEXT NOT NULL,
    newest_reviewed  INTEGER NOT NULL,
    reviewed_changes INTEGER NOT NULL,
    pairs            INTEGER NOT NULL,    -- rows in learned_lexicon for the direction
    learned_at       TEXT NOT NULL,
    PRIMARY KEY (source, target)
) WITHOUT ROWID;
