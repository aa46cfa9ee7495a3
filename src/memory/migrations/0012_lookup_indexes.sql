-- 0012_lookup_indexes: two lookups that read every unit (or every unit of an origin) get an
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
