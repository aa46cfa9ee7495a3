-- 0008_origin_stats: what `GET /origins` shows per origin (units, reviewed, confidence
-- sum/count/minimum, newest unit id), kept for the units up to a mark so that listing the
-- origins reads this small table plus the units added since the mark, not every unit.
--
-- Units are added without a trigger (a per-row trigger costs an import a quarter more work);
-- `Writer::fold_origin_stats` (src/memory/origins.rs) counts the units past the mark in one
-- pass and moves the mark, at the end of every import and alignment; until then, listing
-- the origins counts those units itself. Deleting or changing a unit the table already
-- counts is followed by the triggers below.

CREATE TABLE origin_stats (
    origin   TEXT PRIMARY KEY,
    units    INTEGER NOT NULL,
    reviewed INTEGER NOT NULL,
    conf_sum REAL NOT NULL,
    conf_n   INTEGER NOT NULL,
    min_conf REAL,
    last_id  INTEGER NOT NULL
);

-- One row: units with an id up to `upto` are counted in origin_stats (ids are never reused).
CREATE TABLE origin_stats_mark (upto INTEGER NOT NULL);

INSERT INTO origin_stats_mark(upto) VALUES (0);

-- The counts of the units past the mark, per origin. NOT INDEXED: read the units from the
-- mark on by id, not every entry of units_origin (which the grouping would otherwise pick).
CREATE VIEW origin_stats_new(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id) AS
    SELECT origin, count(*), count(*) FILTER (WHERE status = 1), coalesce(sum(confidence), 0),
           count(confidence), min(confidence), max(id)
    FROM units NOT INDEXED WHERE id > (SELECT upto FROM origin_stats_mark) AND origin IS NOT NULL
    GROUP BY origin;

-- Taking a counted unit out of origin_stats, written once: inserting (origin, id, status,
-- confidence) into this view does it. The minimum and the newest id are looked up again
-- (among the counted units of the origin) only when the unit held them.
CREATE VIEW origin_stats_out(origin, id, status, confidence) AS
    SELECT NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER origin_stats_take_out INSTEAD OF INSERT ON origin_stats_out BEGIN
    UPDATE origin_stats SET
        units = units - 1,
        reviewed = reviewed - (new.status = 1),
        conf_sum = conf_sum - coalesce(new.confidence, 0),
        conf_n = conf_n - (new.confidence IS NOT NULL)
    WHERE origin = new.origin;
    DELETE FROM origin_stats WHERE origin = new.origin AND units <= 0;
    UPDATE origin_stats SET
        min_conf = (SELECT min(confidence) FROM units WHERE origin = new.origin
                    AND id <= (SELECT upto FROM origin_stats_mark)),
        last_id = (SELECT max(id) FROM units WHERE origin = new.origin
                   AND id <= (SELECT upto FROM origin_stats_mark))
    WHERE origin = new.origin AND (last_id = new.id OR min_conf >= new.confidence);
END;

-- Adding counts to origin_stats, written once: inserting a row of counts into this view
-- adds them to the origin's (the fold of new units, a changed unit coming back in).
CREATE VIEW origin_stats_in(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id) AS
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER origin_stats_add_in INSTEAD OF INSERT ON origin_stats_in BEGIN
    INSERT INTO origin_stats(origin, units, reviewed, conf_sum, conf_n, min_conf, last_id)
    VALUES (new.origin, new.units, new.reviewed, new.conf_sum, new.conf_n, new.min_conf,
            new.last_id)
    ON CONFLICT(origin) DO UPDATE SET
        units = units + excluded.units,
        reviewed = reviewed + excluded.reviewed,
        conf_sum = conf_sum + excluded.conf_sum,
        conf_n = conf_n + excluded.conf_n,
        min_conf = coalesce(min(min_conf, excluded.min_conf), min_conf, excluded.min_conf),
        last_id = max(last_id, excluded.last_id);
END;

CREATE TRIGGER origin_stats_remove AFTER DELETE ON units
WHEN old.origin IS NOT NULL AND old.id <= (SELECT upto FROM origin_stats_mark)
BEGIN
    INSERT INTO origin_stats_out VALUES (old.origin, old.id, old.status, old.confidence);
END;

-- A counted unit changes origin, status or confidence (a merge rewrites them all; the WHEN
-- skips those that change nothing): the old one goes out and the new one comes in.
CREATE TRIGGER origin_stats_change AFTER UPDATE OF origin, status, confidence ON units
WHEN old.id <= (SELECT upto FROM origin_stats_mark)
     AND (old.origin IS NOT new.origin OR old.status IS NOT new.status
          OR old.confidence IS NOT new.confidence)
BEGIN
    INSERT INTO origin_stats_out SELECT old.origin, old.id, old.status, old.confidence
    WHERE old.origin IS NOT NULL;
    INSERT INTO origin_stats_in
    SELECT new.origin, 1, new.status = 1, coalesce(new.confidence, 0),
           new.confidence IS NOT NULL, new.confidence, new.id
    WHERE new.origin IS NOT NULL;
END;

-- The units already stored: counted as a fold would.
INSERT INTO origin_stats_in SELECT * FROM origin_stats_new;
UPDATE origin_stats_mark SET upto = (SELECT coalesce(max(id), 0) FROM units);
