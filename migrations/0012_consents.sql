-- Changing a home to business use (住改商, 民法典 Art. 279; 司法解释 Art. 11): the consent of
-- every interested owner. See src-tauri/domain/consent.rs and docs/record-format.md.
-- A landed migration is never edited: add a new file instead.
--
-- All three tables are append-only: a request's outcome is never stored but derived from its
-- parties, its signed answers, its deadline and the time of asking. Every row's digest is in the
-- event that created it, so `yishi audit verify` names a row edited or deleted outside the app.

-- One request: the unit that changes use, the business described, the deadline, the co-owner
-- setting, and the building's roll as it stood at opening (JSON) with its hash, which every
-- signature binds.
CREATE TABLE consent_requests (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    unit_label      TEXT NOT NULL,
    applicant       TEXT NOT NULL,
    business        TEXT NOT NULL,
    deadline        TEXT NOT NULL,
    co_owners       TEXT NOT NULL CHECK (co_owners IN ('designated_voter', 'every_co_owner')),
    roll_extract    TEXT NOT NULL,
    roll_hash       TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    opened_by       TEXT NOT NULL
);
CREATE INDEX consent_requests_community ON consent_requests(community_id);

-- The interested owners: those of the building (by law, written at opening) and those outside
-- it whom the host added after they showed harm (reason and evidence hash required).
CREATE TABLE consent_parties (
    id              INTEGER PRIMARY KEY,
    consent_id      INTEGER NOT NULL REFERENCES consent_requests(id),
    party_key       TEXT NOT NULL,
    basis           TEXT NOT NULL CHECK (basis IN ('same_building', 'shown_harm')),
    units           TEXT NOT NULL,
    members         TEXT NOT NULL,
    developer       INTEGER NOT NULL DEFAULT 0 CHECK (developer IN (0, 1)),
    reason          TEXT NOT NULL DEFAULT '',
    evidence_sha256 TEXT NOT NULL DEFAULT '',
    added_at        TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    UNIQUE (consent_id, party_key),
    CHECK (basis = 'same_building' OR (reason <> '' AND length(evidence_sha256) = 64))
);

-- One signed answer (consent or refusal) per signer and party; the signature row holds the
-- exact `yishi/consent/v1` document.
CREATE TABLE consent_answers (
    id              INTEGER PRIMARY KEY,
    consent_id      INTEGER NOT NULL REFERENCES consent_requests(id),
    party_id        INTEGER NOT NULL REFERENCES consent_parties(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    answer          TEXT NOT NULL CHECK (answer IN ('consent', 'refuse')),
    signature_id    INTEGER NOT NULL UNIQUE REFERENCES signatures(id),
    signed_at       TEXT NOT NULL,
    UNIQUE (party_id, person_id)
);
CREATE INDEX consent_answers_consent ON consent_answers(consent_id);

CREATE TRIGGER consent_requests_no_update BEFORE UPDATE ON consent_requests
BEGIN SELECT RAISE(ABORT, 'consent requests are append-only'); END;
CREATE TRIGGER consent_requests_no_delete BEFORE DELETE ON consent_requests
BEGIN SELECT RAISE(ABORT, 'consent requests are append-only'); END;
CREATE TRIGGER consent_parties_no_update BEFORE UPDATE ON consent_parties
BEGIN SELECT RAISE(ABORT, 'interested owners are append-only'); END;
CREATE TRIGGER consent_parties_no_delete BEFORE DELETE ON consent_parties
BEGIN SELECT RAISE(ABORT, 'interested owners are append-only'); END;
CREATE TRIGGER consent_answers_no_update BEFORE UPDATE ON consent_answers
BEGIN SELECT RAISE(ABORT, 'consent answers are append-only'); END;
CREATE TRIGGER consent_answers_no_delete BEFORE DELETE ON consent_answers
BEGIN SELECT RAISE(ABORT, 'consent answers are append-only'); END;
