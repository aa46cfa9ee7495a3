-- 0013_text_dicts: unit texts may be stored compressed (src/memory/text_codec.rs). A text
-- column then holds a BLOB naming one of these zstd dictionaries, trained on the memory's own
-- first units; TEXT values stay plain as before, so no existing row is rewritten. Rows here
-- are never changed or reused (AUTOINCREMENT), so a blob always finds the dictionary it was
-- written with, also after a retrain.
CREATE TABLE IF NOT EXISTS text_dicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    hash        INTEGER NOT NULL,          -- FNV-1a 64 of dict: names it across files
    dict        BLOB NOT NULL,
    trained_on  INTEGER NOT NULL,          -- how many texts it was trained on
    created_at  TEXT NOT NULL
);
