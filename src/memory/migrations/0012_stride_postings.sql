-- 0012_stride_postings: posting chunks hold fixed-stride entries (src/memory/packed.rs): a
-- 2-byte header with the bit widths of the chunk's side-id steps, lengths and positions, the
-- first side id as a varint, then every entry in those widths rounded up to whole bytes,
-- instead of varints per entry.
-- `terms` keeps the last chunk's widths, so an append that fits them extends the chunk without
-- reading it. Every list is rebuilt from the units right after this script
-- (src/memory/lists.rs).

ALTER TABLE terms ADD COLUMN widths INTEGER NOT NULL DEFAULT 0;  -- last chunk's header + 1 (0: unknown)
