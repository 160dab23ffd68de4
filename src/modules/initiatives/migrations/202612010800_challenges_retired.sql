-- City challenges are kept by the programme team. A retired challenge is no longer offered for new
-- initiatives but stays on the ones that answer it; a challenge in use cannot be deleted — the
-- database refuses too (RESTRICT instead of silently unlinking the initiatives).
ALTER TABLE challenges ADD COLUMN retired_at timestamptz;
ALTER TABLE initiatives DROP CONSTRAINT initiatives_challenge_id_fkey;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_challenge_id_fkey FOREIGN KEY (challenge_id) REFERENCES challenges (id) ON DELETE RESTRICT;
CREATE INDEX initiatives_challenge_idx ON initiatives (challenge_id) WHERE challenge_id IS NOT NULL;
