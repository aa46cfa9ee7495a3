-- 0005_dates_on: where an imported TMX unit carried its dates and authors (creationdate,
-- creationid, changedate, changeid): 0 on the <tu> (tarjama's own export, Okapi), 1 on the
-- source <tuv>, 2 on the target <tuv> (OmegaT, Trados, memoQ). Export puts them back there.

ALTER TABLE units ADD COLUMN dates_on INTEGER NOT NULL DEFAULT 0;
