-- 0015_length_bands: a full or prefix posting list keeps its first chunk (1,024 entries) under
-- its own key and the rest in up to 64 lists by the side's token count (src/memory/bands.rs),
-- so that a query reads of a frequent token only the lengths its bar admits. No table changes:
-- the step after this script moves the entries of every list longer than a chunk into bands.
SELECT 1;
