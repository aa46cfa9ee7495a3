-- 0007_last_used: when a tool last used a unit (TMX `lastusagedate` on a <tu> or <tuv>), as
-- RFC 3339 text like created_at; NULL when the file did not say. Export writes it back on the
-- <tu>; merging a re-imported pair keeps the later one.

ALTER TABLE units ADD COLUMN last_used_at TEXT;
