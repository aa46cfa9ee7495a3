-- 0010_packed_postings: posting chunks hold packed entries (src/memory/index.rs): the side id
-- as the varint of its difference to the previous entry's (absolute at a chunk's start), the
-- length (and in prefix lists the position) as varints, instead of fixed 6- and 8-byte
-- entries. `terms` keeps what an append needs, so it need not read the list's last chunk.
-- Every list is rebuilt from the units right after this script (src/memory/lists.rs).

ALTER TABLE terms ADD COLUMN last INTEGER NOT NULL DEFAULT 0;  -- side id of the last entry
ALTER TABLE terms ADD COLUMN tail INTEGER NOT NULL DEFAULT 0;  -- entries in the last chunk
