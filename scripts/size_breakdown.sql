-- Where a memory's bytes go: `sqlite3 MEMORY.db < scripts/size_breakdown.sql`.
-- Pages per table or index (dbstat), then the payload of the big columns: unit texts (as
-- stored: compressed or plain), key
-- token ids, and the posting lists by kind (full lists per language, prefix lists, hash lists;
-- see src/memory/index.rs for the row id layout).
.mode column
.headers on
SELECT name, count(*) AS pages, sum(pgsize) / 1e6 AS mb,
       round(100.0 * sum(pgsize) / (SELECT sum(pgsize) FROM dbstat), 1) AS pct,
       round(100.0 * sum(pgsize - unused) / sum(pgsize), 1) AS fill_pct
FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC;
SELECT 'units' AS what, count(*) AS rows,
       sum(length(CAST(src_text AS BLOB)) + length(CAST(tgt_text AS BLOB))) / 1e6 AS text_mb,
       sum(length(src_toks) + length(tgt_toks)) / 1e6 AS toks_mb,
       sum(coalesce(length(src_markup), 0) + coalesce(length(tgt_markup), 0)) / 1e6 AS markup_mb,
       -- sides stored compressed (BLOB, src/memory/text_codec.rs) rather than plain (TEXT)
       sum(typeof(src_text) = 'blob') + sum(typeof(tgt_text) = 'blob') AS packed_sides
FROM units;
SELECT CASE WHEN id >> 48 = 0 THEN 'hash lists'
            WHEN id >> 48 >= 16384 THEN 'prefix lists'
            ELSE 'full lists' END AS kind,
       count(*) AS chunks, sum(length(data)) / 1e6 AS payload_mb
FROM postings GROUP BY kind;
SELECT CASE WHEN id >> 32 = 0 THEN 'hash lists'
            WHEN id >> 32 >= 16384 THEN 'prefix lists'
            ELSE 'full lists' END AS kind,
       count(*) AS lists, sum(df) AS entries
FROM terms GROUP BY kind;
