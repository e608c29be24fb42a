-- Issue 14: each community's root key, and the certificates that tie keys to people and offices.
--
-- community_roots: one row per generation of a community's root key. The secret is random and
-- stored sealed (XChaCha20-Poly1305) under a key derived from the database's secrets bundle,
-- which lives outside this file: a copied database alone cannot sign as the root. A newer
-- generation carries the hand-over document signed by the old root and the new.
CREATE TABLE community_roots (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    generation      INTEGER NOT NULL CHECK (generation >= 1),
    public_key      TEXT NOT NULL UNIQUE,
    sealed_secret   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    ended_at        TEXT,
    handover        TEXT,
    UNIQUE (community_id, generation)
);
CREATE TRIGGER community_roots_no_delete BEFORE DELETE ON community_roots
BEGIN SELECT RAISE(ABORT, 'root keys are kept'); END;
CREATE TRIGGER community_roots_frozen BEFORE UPDATE OF community_id, generation, public_key,
    sealed_secret, created_at, handover ON community_roots
BEGIN SELECT RAISE(ABORT, 'a root key is never changed, only ended'); END;

-- certificates: role certificates (signed by the root), enrolment certificates (signed by the
-- registrar who checked the holder's identity) and revocations. `document` is the signed
-- Document's JSON, `signature` hex Ed25519 by `signer_key` (hex).
CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    kind            TEXT NOT NULL CHECK (kind IN ('role', 'enrolment', 'revocation')),
    person_id       INTEGER NOT NULL,
    public_key      TEXT NOT NULL,
    signer_key      TEXT NOT NULL,
    document        TEXT NOT NULL,
    document_hash   TEXT NOT NULL,
    signature       TEXT NOT NULL,
    issued_at       TEXT NOT NULL
);
CREATE INDEX certificates_community ON certificates(community_id, person_id);
CREATE INDEX certificates_key ON certificates(public_key);
CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are append-only'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificates are append-only'); END;
