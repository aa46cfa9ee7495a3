-- 0017_unit_tokens_fixed: a stored unit's id and key tokens never change — an edited text is
-- a new unit (src/memory/edit.rs), ids are never reused (src/memory/unit_ids.rs) — and readers
-- rely on it: dead posting entries are skipped by id, and a server holding the sides' tokens
-- in RAM (`serve --tokens-in-ram`, src/memory/side_tokens.rs) never re-reads a unit it holds.
-- This trigger makes the rule the database's: any statement that would change them fails and
-- rolls back. (A future migration that must rewrite tokens drops it, then creates it again.)
CREATE TRIGGER IF NOT EXISTS unit_tokens_fixed BEFORE UPDATE OF id, src_toks, tgt_toks ON units
WHEN old.id IS NOT new.id OR old.src_toks IS NOT new.src_toks OR old.tgt_toks IS NOT new.tgt_toks
BEGIN
    SELECT RAISE(ABORT, 'a stored unit''s id and key tokens never change (an edit adds a new unit)');
END;
