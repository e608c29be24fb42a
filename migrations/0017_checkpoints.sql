-- Signed checkpoints (tree heads) over the event log, RFC 9162 style (docs/record-format.md
-- "Checkpoints"). Each row is one `yishi/checkpoint/v1` document signed by the community's root
-- key: the Merkle tree hash of the first `tree_size` events. Append-only: a checkpoint once made
-- is evidence; the log records each one too (`checkpoint.made`).
CREATE TABLE checkpoints (
    id               INTEGER PRIMARY KEY,
    community_id     INTEGER NOT NULL REFERENCES communities(id),
    tree_size        INTEGER NOT NULL CHECK (tree_size >= 0),
    root_hash        TEXT NOT NULL,
    head_event_hash  TEXT NOT NULL,
    made_at          TEXT NOT NULL,
    reason           TEXT NOT NULL,
    -- Hex of the root public key that signed.
    signer_key       TEXT NOT NULL,
    -- JSON of the signed file (`yishi-signed/v1`) exactly as exported.
    signed_file      TEXT NOT NULL
);
CREATE INDEX checkpoints_by_community ON checkpoints (community_id, id);

CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
