-- Issue 14: the countersignature of a root hand-over by the party the hand-over names (the street
-- office), for a stolen laptop whose old root may be in a thief's hands: a hand-over the named
-- party did not countersign is the one to distrust. `signature` is hex Ed25519 by `public_key`
-- over the hand-over document (`yishi/root-handover/v1`) whose SHA-256 is `document_hash`.
CREATE TABLE root_countersignatures (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    generation      INTEGER NOT NULL,
    public_key      TEXT NOT NULL,
    document_hash   TEXT NOT NULL,
    signature       TEXT NOT NULL,
    filed_at        TEXT NOT NULL,
    UNIQUE (community_id, generation, public_key)
);
CREATE TRIGGER root_countersignatures_no_update BEFORE UPDATE ON root_countersignatures
BEGIN SELECT RAISE(ABORT, 'countersignatures are append-only'); END;
CREATE TRIGGER root_countersignatures_no_delete BEFORE DELETE ON root_countersignatures
BEGIN SELECT RAISE(ABORT, 'countersignatures are append-only'); END;
