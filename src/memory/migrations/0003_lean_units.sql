-- 0003_lean_units: one row per unit. Each side's key token ids (what the index verifies
-- candidates with) move from the `sides` table into `units` (src_toks, tgt_toks; side id
-- unit * 2 + 0|1 as before), so an import writes one row per unit instead of three. The
-- joined match keys are no longer stored (they derive from the text), and the text hashes
-- with their two SQL indexes give way to hash lists among the postings (src/memory/hashes.rs
-- fills them from the texts right after this script): a large import no longer sorts every
-- side into an SQL index at commit.

ALTER TABLE units ADD COLUMN src_toks BLOB NOT NULL DEFAULT x'';  -- LEB128 token ids, in order
ALTER TABLE units ADD COLUMN tgt_toks BLOB NOT NULL DEFAULT x'';
UPDATE units SET
    src_toks = coalesce((SELECT toks FROM sides WHERE sides.id = units.id * 2), x''),
    tgt_toks = coalesce((SELECT toks FROM sides WHERE sides.id = units.id * 2 + 1), x'');
DROP TABLE sides;

DROP INDEX IF EXISTS units_src_hash;
DROP INDEX IF EXISTS units_tgt_hash;
ALTER TABLE units DROP COLUMN src_key;
ALTER TABLE units DROP COLUMN tgt_key;
ALTER TABLE units DROP COLUMN src_hash;
ALTER TABLE units DROP COLUMN tgt_hash;
