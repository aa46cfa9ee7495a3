-- 0011_lookup_indexes: two lookups that read every unit (or every unit of an origin) get an
-- index each, so their cost follows what they find, not the memory's size.
-- (IF NOT EXISTS: tests that wind a memory back to an older version keep these indexes.)
--
-- The reviewed units (status 1): `lexicon_from_memory` (src/align/memory_lexicon.rs) reads
-- the newest of them to learn the aligner's and the fragments' lexicon; without an index that
-- was a scan of the whole units table (GBs at 10M pairs) even when nothing was reviewed. The
-- index is partial, so an import of unreviewed units adds no entry to it.
CREATE INDEX IF NOT EXISTS units_reviewed ON units(status) WHERE status = 1;

-- A unit's neighbours in its origin (context matches, src/pretranslate/context.rs) are found
-- by (origin, position); the index on the origin alone made each lookup read the origin's
-- units one by one up to the position (a whole import of 1M rows is one origin). The pair
-- index serves every lookup by origin alone too, so it replaces that one.
DROP INDEX IF EXISTS units_origin;
CREATE INDEX IF NOT EXISTS units_origin_position ON units(origin, position);

-- What the reviewed units teach changes when one is added (it takes a new, higher id: ids
-- are never reused), or when one is changed, unreviewed, reviewed or deleted: the triggers
-- below count the latter, so (newest reviewed id, count) tells a cached lexicon whether it is
-- still the one the units teach (`reviewed_fingerprint` in src/align/memory_lexicon.rs).
-- Imports add units without firing any of them.
CREATE TABLE IF NOT EXISTS reviewed_changes (n INTEGER NOT NULL);
INSERT INTO reviewed_changes(n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM reviewed_changes);

CREATE TRIGGER IF NOT EXISTS reviewed_changes_delete AFTER DELETE ON units
WHEN old.status = 1
BEGIN
    UPDATE reviewed_changes SET n = n + 1;
END;

CREATE TRIGGER IF NOT EXISTS reviewed_changes_update
AFTER UPDATE OF status, src_lang, src_text, tgt_lang, tgt_text ON units
WHEN (old.status = 1 OR new.status = 1)
     AND (old.status IS NOT new.status OR old.src_lang IS NOT new.src_lang
          OR old.src_text IS NOT new.src_text OR old.tgt_lang IS NOT new.tgt_lang
          OR old.tgt_text IS NOT new.tgt_text)
BEGIN
    UPDATE reviewed_changes SET n = n + 1;
END;
