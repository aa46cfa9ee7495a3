-- 0003_lean_units: match keys are no longer stored in `units` (they derive from the text, and
-- `sides` keeps each side's key tokens for the index), and the text hashes with their two
-- SQL indexes give way to hash lists among the postings (src/memory/hashes.rs, which fills
-- them from the texts right after this script). Units get about a third smaller, and a large
-- import no longer sorts every side into an SQL index at commit.

DROP INDEX IF EXISTS units_src_hash;
DROP INDEX IF EXISTS units_tgt_hash;
ALTER TABLE units DROP COLUMN src_key;
ALTER TABLE units DROP COLUMN tgt_key;
ALTER TABLE units DROP COLUMN src_hash;
ALTER TABLE units DROP COLUMN tgt_hash;
