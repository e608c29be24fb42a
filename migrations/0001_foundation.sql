-- Foundation: communities, the roll (buildings, units, persons, who relates to which unit),
-- roles, and the append-only, hash-chained event log.
-- A landed migration is never edited: add a new file instead.

CREATE TABLE communities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    address       TEXT NOT NULL DEFAULT '',
    parking_counts INTEGER NOT NULL DEFAULT 0 CHECK (parking_counts IN (0, 1)),
    created_at    TEXT NOT NULL
);

CREATE TABLE buildings (
    id            INTEGER PRIMARY KEY,
    community_id  INTEGER NOT NULL REFERENCES communities(id),
    name          TEXT NOT NULL,
    UNIQUE (community_id, name)
);

-- Personal data is minimal: the identity number is kept only as a digest (to recognise one
-- owner of several units across imports) plus its last four characters for people to read.
CREATE TABLE persons (
    id            INTEGER PRIMARY KEY,
    community_id  INTEGER NOT NULL REFERENCES communities(id),
    name          TEXT NOT NULL,
    id_digest     TEXT NOT NULL,
    id_tail       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    is_developer  INTEGER NOT NULL DEFAULT 0 CHECK (is_developer IN (0, 1)),
    UNIQUE (community_id, id_digest)
);

CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    building_id   INTEGER NOT NULL REFERENCES buildings(id),
    number        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('residence', 'shop', 'parking')),
    area_centi    INTEGER NOT NULL CHECK (area_centi > 0),
    area_source   TEXT NOT NULL CHECK (area_source IN ('register', 'survey', 'contract')),
    status        TEXT NOT NULL CHECK (status IN ('delivered', 'unsold', 'undelivered')),
    UNIQUE (building_id, number)
);

CREATE TABLE unit_people (
    unit_id       INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    relation      TEXT NOT NULL CHECK (relation IN ('owner', 'developer', 'resident')),
    designated_voter INTEGER NOT NULL DEFAULT 0 CHECK (designated_voter IN (0, 1)),
    PRIMARY KEY (unit_id, person_id)
);
CREATE INDEX unit_people_person ON unit_people(person_id);

CREATE TABLE roles (
    id            INTEGER PRIMARY KEY,
    community_id  INTEGER NOT NULL REFERENCES communities(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    role          TEXT NOT NULL,
    building_id   INTEGER REFERENCES buildings(id),
    UNIQUE (community_id, person_id, role, building_id)
);

-- The log: one row per state change, written in the same transaction as the change.
-- hash = SHA-256 over the canonical bytes of (seq, at, actor, community_id, kind, payload,
-- prev_hash); see src-tauri/crypto/chain.rs. seq has no gaps.
CREATE TABLE events (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    community_id  INTEGER,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX events_community ON events(community_id, seq);

-- The application never updates or deletes an event. These guards make an accidental write
-- fail loudly; someone who drops them on purpose is caught by `yishi audit verify`.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
