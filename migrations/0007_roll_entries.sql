-- Roll entries (DOMAIN.md, 司法解释 Arts. 8-9): the legal person counted in N (a sole owner, a
-- group of co-owners, the developer) is kept apart from the person who signs its ballot. One
-- person may sign for several entries (吴 alone, and 吴 with 肖), so a vote's frozen roll, its
-- ballots, proxies and service records name the ENTRY; the signer is vote_roll.voter_id.
-- Rolls frozen before this migration used the signer's person id as the entry id: their rows
-- are copied as they are (entry id = voter id), so every earlier record still verifies.
-- A landed migration is never edited: add a new file instead.

-- One row per legal person ever frozen on an owners' roll, stable across votes: `owners` is
-- 'developer' or the owners' person ids, ascending, joined by ','. Ids are given from
-- 1,000,000,001 up (store::votes::ENTRY_IDS_FROM), so an entry's id never equals a person's.
CREATE TABLE roll_entries (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    owners          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (community_id, owners)
);

CREATE TABLE vote_roll_new (
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    entry_id        INTEGER NOT NULL,
    voter_id        INTEGER NOT NULL REFERENCES persons(id),
    entry           TEXT NOT NULL,
    PRIMARY KEY (vote_id, entry_id)
) WITHOUT ROWID;
INSERT INTO vote_roll_new (vote_id, entry_id, voter_id, entry)
    SELECT vote_id, person_id, person_id, entry FROM vote_roll;
DROP TABLE vote_roll;
ALTER TABLE vote_roll_new RENAME TO vote_roll;
CREATE INDEX vote_roll_voter ON vote_roll(vote_id, voter_id);

-- ballots.person_id is the roll entry counted (no longer a person); cast_by the person.
CREATE TABLE ballots_new (
    id              INTEGER PRIMARY KEY,
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER NOT NULL,
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
INSERT INTO ballots_new SELECT id, vote_id, person_id, cast_by, channel, choice, signature_id,
    scan_sha256, witness1_id, witness2_id, receipt, cast_at FROM ballots;
DROP TABLE ballots;
ALTER TABLE ballots_new RENAME TO ballots;
CREATE INDEX ballots_vote ON ballots(vote_id, person_id);
CREATE TRIGGER ballots_no_update BEFORE UPDATE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;
CREATE TRIGGER ballots_no_delete BEFORE DELETE ON ballots
BEGIN SELECT RAISE(ABORT, 'ballots are append-only'); END;

-- proxies.owner_id is the roll entry the proxy votes for; proxy_id the person.
CREATE TABLE proxies_new (
    id              INTEGER PRIMARY KEY,
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    owner_id        INTEGER NOT NULL,
    proxy_id        INTEGER NOT NULL REFERENCES persons(id),
    scan_sha256     TEXT NOT NULL,
    scope           TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (vote_id, owner_id)
);
INSERT INTO proxies_new SELECT id, vote_id, owner_id, proxy_id, scan_sha256, scope, expires_at,
    created_at FROM proxies;
DROP TABLE proxies;
ALTER TABLE proxies_new RENAME TO proxies;

-- vote_served.person_id is the roll entry served.
CREATE TABLE vote_served_new (
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER NOT NULL,
    method          TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL,
    served_at       TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    PRIMARY KEY (vote_id, person_id)
);
INSERT INTO vote_served_new SELECT vote_id, person_id, method, evidence_sha256, served_at,
    recorded_at, recorded_by FROM vote_served;
DROP TABLE vote_served;
ALTER TABLE vote_served_new RENAME TO vote_served;
CREATE TRIGGER vote_served_no_update BEFORE UPDATE ON vote_served
BEGIN SELECT RAISE(ABORT, 'service records are append-only'); END;
CREATE TRIGGER vote_served_no_delete BEFORE DELETE ON vote_served
BEGIN SELECT RAISE(ABORT, 'service records are append-only'); END;
