-- Database-wide settings (issue 13, secrets). A landed migration is never edited: add a new file.
--
-- Rows this version writes:
--   database_id      32 hex characters, random, made at first open: names this database's
--                    secrets bundle outside the file (src-tauri/secrets/).
--   recovery_escrow  the bundle sealed under the recovery code (src-tauri/secrets/escrow.rs),
--                    so every backup carries it; absent until a code is issued.
--   id_digests       'keyed-v1' once persons.id_digest holds keyed digests (the code migration
--                    in src-tauri/ops/recovery/ ran, logged as `persons.id_digests_keyed`).
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
