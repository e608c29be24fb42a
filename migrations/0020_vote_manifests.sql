-- Vote manifests (issue 14): what the community's root key signs when a vote opens
-- (`yishi/vote-manifest/v1`, docs/record-format.md §Manifest), with the two lists whose hashes
-- it signs. One per vote, written in the opening's transaction, never changed.
-- A landed migration is never edited: add a new file instead.
CREATE TABLE vote_manifests (
    vote_id       INTEGER PRIMARY KEY REFERENCES votes(id),
    document      TEXT NOT NULL,   -- JSON of the signed Document
    root_key      TEXT NOT NULL,   -- hex of the root public key that signed it
    signature     TEXT NOT NULL,   -- hex
    entries       TEXT NOT NULL,   -- JSON list of manifest entries (no names)
    others        TEXT NOT NULL,   -- JSON list of other persons' keys (person id, keys)
    officers      TEXT NOT NULL,   -- JSON list of officers (role, person id, key)
    hash          TEXT NOT NULL,   -- hex SHA-256 of the document's canonical bytes
    created_at    TEXT NOT NULL
);

CREATE TRIGGER vote_manifests_no_update BEFORE UPDATE ON vote_manifests
BEGIN SELECT RAISE(ABORT, 'vote manifests are append-only'); END;
CREATE TRIGGER vote_manifests_no_delete BEFORE DELETE ON vote_manifests
BEGIN SELECT RAISE(ABORT, 'vote manifests are append-only'); END;
