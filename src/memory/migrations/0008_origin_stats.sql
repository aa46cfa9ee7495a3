-- 0008_origin_stats: one row per origin with what `GET /origins` shows (units, reviewed,
-- confidence sum/count/minimum, newest unit id), kept by triggers on every write to `units`
-- (imports, alignment, review, edits, deletes), so listing the origins reads this small table
-- instead of every unit. The mean is conf_sum / conf_n; the minimum and the newest id are
-- looked up again (through units_origin) only when the unit that held them goes.

CREATE TABLE origin_stats (
    origin   TEXT PRIMARY KEY,
    units    INTEGER NOT NULL,
    reviewed INTEGER NOT NULL,
    conf_sum REAL NOT NULL,
    conf_n   INTEGER NOT NULL,
    min_conf REAL,
    last_id  INTEGER NOT NULL
);
CREATE INDEX origin_stats_last ON origin_stats(last_id);

INSERT INTO origin_stats(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id)
SELECT origin, count(*), count(*) FILTER (WHERE status = 1), coalesce(sum(confidence), 0),
       count(confidence), min(confidence), max(id)
FROM units WHERE origin IS NOT NULL GROUP BY origin;

CREATE TRIGGER origin_stats_add AFTER INSERT ON units WHEN new.origin IS NOT NULL BEGIN
    INSERT INTO origin_stats(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id)
    VALUES (new.origin, 1, new.status = 1, coalesce(new.confidence, 0),
            new.confidence IS NOT NULL, new.confidence, new.id)
    ON CONFLICT(origin) DO UPDATE SET
        units = units + 1,
        reviewed = reviewed + excluded.reviewed,
        conf_sum = conf_sum + excluded.conf_sum,
        conf_n = conf_n + excluded.conf_n,
        min_conf = coalesce(min(min_conf, excluded.min_conf), min_conf, excluded.min_conf),
        last_id = max(last_id, excluded.last_id);
END;

CREATE TRIGGER origin_stats_remove AFTER DELETE ON units WHEN old.origin IS NOT NULL BEGIN
    UPDATE origin_stats SET
        units = units - 1,
        reviewed = reviewed - (old.status = 1),
        conf_sum = conf_sum - coalesce(old.confidence, 0),
        conf_n = conf_n - (old.confidence IS NOT NULL)
    WHERE origin = old.origin;
    DELETE FROM origin_stats WHERE origin = old.origin AND units <= 0;
    UPDATE origin_stats SET
        min_conf = (SELECT min(confidence) FROM units WHERE origin = old.origin),
        last_id = (SELECT max(id) FROM units WHERE origin = old.origin)
    WHERE origin = old.origin AND (last_id = old.id OR min_conf >= old.confidence);
END;

-- A change of origin, status or confidence (a merge rewrites them all; the WHEN skips those
-- that change nothing) counts as the old unit going and the new one coming.
CREATE TRIGGER origin_stats_change AFTER UPDATE OF origin, status, confidence ON units
WHEN old.origin IS NOT new.origin OR old.status IS NOT new.status
     OR old.confidence IS NOT new.confidence
BEGIN
    UPDATE origin_stats SET
        units = units - 1,
        reviewed = reviewed - (old.status = 1),
        conf_sum = conf_sum - coalesce(old.confidence, 0),
        conf_n = conf_n - (old.confidence IS NOT NULL)
    WHERE origin = old.origin;
    DELETE FROM origin_stats WHERE origin = old.origin AND units <= 0;
    UPDATE origin_stats SET
        min_conf = (SELECT min(confidence) FROM units WHERE origin = old.origin),
        last_id = (SELECT max(id) FROM units WHERE origin = old.origin)
    WHERE origin = old.origin AND (last_id = old.id OR min_conf >= old.confidence);
    INSERT INTO origin_stats(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id)
    SELECT new.origin, 1, new.status = 1, coalesce(new.confidence, 0),
           new.confidence IS NOT NULL, new.confidence, new.id
    WHERE new.origin IS NOT NULL
    ON CONFLICT(origin) DO UPDATE SET
        units = units + 1,
        reviewed = reviewed + excluded.reviewed,
        conf_sum = conf_sum + excluded.conf_sum,
        conf_n = conf_n + excluded.conf_n,
        min_conf = coalesce(min(min_conf, excluded.min_conf), min_conf, excluded.min_conf),
        last_id = max(last_id, excluded.last_id);
END;
