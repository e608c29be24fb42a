-- Signing keys, statements to sign, and signatures.
-- A landed migration is never edited: add a new file instead.

-- One row per key a person has ever held. Only the public key is needed to verify; the secret
-- exists here only sealed under the holder's PIN (NULL for keys the member brought).
CREATE TABLE signing_keys (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    public_key      TEXT NOT NULL UNIQUE,
    origin          TEXT NOT NULL CHECK (origin IN ('enrolled', 'brought')),
    sealed_secret   TEXT,
    status          TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'replaced')),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    checked_by      TEXT NOT NULL,
    check_method    TEXT NOT NULL,
    enrolled_at     TEXT NOT NULL,
    ended_at        TEXT,
    end_reason      TEXT
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(person_id) WHERE status = 'active';

-- Texts the host puts up for people to sign at the kiosk (承诺书, 知情确认, 签名征集).
CREATE TABLE statements (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- Every signature made through Yishi, with the exact document signed (JSON of
-- crypto::signing::Document) so anyone can rebuild the bytes and re-check it.
CREATE TABLE signatures (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    key_id          INTEGER NOT NULL REFERENCES signing_keys(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    subject         TEXT NOT NULL,
    document        TEXT NOT NULL,
    document_hash   TEXT NOT NULL,
    signature       TEXT NOT NULL,
    signed_at       TEXT NOT NULL
);
CREATE INDEX signatures_subject ON signatures(community_id, subject);
CREATE INDEX signatures_person ON signatures(person_id);

CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
