-- 0009_prefix_index: a prefix index beside the full posting lists (src/memory/prefix.rs).
-- Each side also indexes its rarest tokens in one global token order, in lists stored like
-- the others under language id + 16384 (entries of 8 bytes: side id u32, length u16, the
-- token's position in the side's order u16); a query of common words reads those short
-- lists instead of its common words' full lists. `ord` is the token's order key: NULL means
-- -id (a token ranks rarer than every older one); `compact` sets it to the token's document
-- frequency. The lists of existing memories are built right after this script.

ALTER TABLE tokens ADD COLUMN ord INTEGER;
