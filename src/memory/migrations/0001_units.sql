-- 0001_units: translation units, their match keys and the on-disk fuzzy index.
--
-- Index layout (see src/memory/index.rs): every language side of a unit has a "side id"
-- (unit id * 2 + 0 for the source, + 1 for the target). `sides` keeps each side's match-key
-- token ids for verification; `postings` keeps, per (language, token), chunked blobs of
-- (side id, side length) entries; `terms` keeps each list's document frequency and chunk count.
-- Row ids of `terms` and `postings` encode their keys so lookups are rowid range scans.

CREATE TABLE langs (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE          -- primary language subtag: 'ar', 'en'
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,   -- given by the writer, never reused (see counters)
    src_lang    TEXT NOT NULL,         -- BCP 47 tag as given (canonical case): 'ar-IQ'
    src_lid     INTEGER NOT NULL REFERENCES langs(id),
    src_text    TEXT NOT NULL,
    src_markup  TEXT,
    src_key     TEXT NOT NULL,
    src_hash    INTEGER NOT NULL,      -- FNV-1a of (primary language, text)
    tgt_lang    TEXT NOT NULL,
    tgt_lid     INTEGER NOT NULL REFERENCES langs(id),
    tgt_text    TEXT NOT NULL,
    tgt_markup  TEXT,
    tgt_key     TEXT NOT NULL,
    tgt_hash    INTEGER NOT NULL,
    origin      TEXT,
    position    INTEGER,
    external_id TEXT,
    created_at  TEXT,                  -- RFC 3339, UTC
    created_by  TEXT,
    changed_at  TEXT,
    changed_by  TEXT,
    status      INTEGER NOT NULL DEFAULT 0,   -- 0 unreviewed, 1 reviewed
    confidence  REAL,
    usage_count INTEGER NOT NULL DEFAULT 0,
    props       TEXT,                  -- JSON [[kind, value], ...] or NULL
    notes       TEXT                   -- JSON [note, ...] or NULL
);
CREATE INDEX units_src_hash ON units(src_hash);
CREATE INDEX units_tgt_hash ON units(tgt_hash);
CREATE INDEX units_origin ON units(origin);
-- (src/memory/bulk.rs drops and rebuilds the two hash indexes while filling an empty memory.)

-- 'units': the highest unit id ever given, so ids of deleted units are not reused.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tokens (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,         -- match-key form of one word or number
    stem TEXT NOT NULL                 -- without Arabic proclitics, for concordance
);
CREATE INDEX tokens_stem ON tokens(stem);

CREATE TABLE sides (
    id        INTEGER PRIMARY KEY,     -- unit id * 2 + (0 source | 1 target)
    lid       INTEGER NOT NULL,        -- language of this side
    other_lid INTEGER NOT NULL,        -- language of the other side
    toks      BLOB NOT NULL            -- LEB128 token ids, in order
);

CREATE TABLE terms (
    id     INTEGER PRIMARY KEY,        -- lid << 32 | token
    df     INTEGER NOT NULL,           -- entries in the list (sides containing the token)
    chunks INTEGER NOT NULL
);

CREATE TABLE postings (
    id   INTEGER PRIMARY KEY,          -- lid << 48 | token << 16 | chunk
    data BLOB NOT NULL                 -- entries of 6 bytes: side id u32 LE, length u16 LE
);
