-- Votes (表决), their frozen rolls, ballots (signed or paper), proxies and refusals.
-- A landed migration is never edited: add a new file instead.

CREATE TABLE votes (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    title           TEXT NOT NULL,
    motion          TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('question', 'election')),
    candidates      TEXT NOT NULL DEFAULT '[]',
    seats           INTEGER NOT NULL DEFAULT 0,
    max_approvals   INTEGER NOT NULL DEFAULT 0,
    category        TEXT NOT NULL,
    settings        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    opens_at        TEXT NOT NULL,
    closes_at       TEXT NOT NULL,
    objection_days  INTEGER NOT NULL DEFAULT 0,
    roll_snapshot   TEXT,
    roll_hash       TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    opened_at       TEXT,
    closed_at       TEXT,
    result          TEXT,
    result_hash     TEXT
);

-- The frozen roll, one row per person, for looking a voter up without reading the whole roll
-- (the full snapshot in votes.roll_snapshot keeps the order the roll hash is computed in).
CREATE TABLE vote_roll (
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER NOT NULL,
    entry           TEXT NOT NULL,
    PRIMARY KEY (vote_id, person_id)
) WITHOUT ROWID;

-- One row per accepted ballot, in the order received (seq). The counted person is person_id;
-- cast_by differs when a proxy cast it. Kiosk and file ballots point at their signature;
-- paper ballots carry the scan's hash and the two witnesses' signatures.
CREATE TABLE ballots (
    id              INTEGER PRIMARY KEY,
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    cast_by         INTEGER NOT NULL REFERENCES persons(id),
    channel         TEXT NOT NULL CHECK (channel IN ('kiosk', 'file', 'paper')),
    choice          TEXT NOT NULL,
    signature_id    INTEGER REFERENCES signatures(id),
    scan_sha256     TEXT,
    witness1_id     INTEGER REFERENCES signatures(id),
    witness2_id     INTEGER REFERENCES signatures(id),
    receipt         TEXT NOT NULL,
    cast_at         TEXT NOT NULL
);
CREATE INDEX ballots_vote ON ballots(vote_id, person_id);

CREATE TRIGGER ballots_no_update BEFORE UPDATE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;

CREATE TABLE proxies (
    id              INTEGER PRIMARY KEY,
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    owner_id        INTEGER NOT NULL REFERENCES persons(id),
    proxy_id        INTEGER NOT NULL REFERENCES persons(id),
    scan_sha256     TEXT NOT NULL,
    scope           TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (vote_id, owner_id)
);

-- Ballots turned away, with the reason: they do not participate, but they are on the record.
CREATE TABLE refused_ballots (
    id              INTEGER PRIMARY KEY,
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER,
    reason          TEXT NOT NULL,
    at              TEXT NOT NULL
);
