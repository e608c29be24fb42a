-- Matters (议题) and their recorded steps; meetings with agendas, attendance, speakers and
-- warnings; minutes fixed by their hash, with signed addenda. Votes learn which meeting, agenda
-- item and matter they belong to.
-- A landed migration is never edited: add a new file instead.

CREATE TABLE matters (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    category        TEXT NOT NULL,
    buildings       TEXT NOT NULL DEFAULT '[]',
    raised_by       TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    -- Folded from matter_steps after each step, for lists; the steps are the record.
    stage           TEXT NOT NULL,
    due_date        TEXT,
    urgent          INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);
CREATE INDEX matters_community ON matters(community_id, stage);

-- Photos and documents attached to a matter: the bytes and their hash.
CREATE TABLE matter_files (
    id              INTEGER PRIMARY KEY,
    matter_id       INTEGER NOT NULL REFERENCES matters(id),
    name            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    content         BLOB NOT NULL,
    added_at        TEXT NOT NULL,
    added_by        TEXT NOT NULL
);

-- The three parties' proposal (方案) texts; each new text is a new row, signatures bind its hash.
CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    matter_id       INTEGER NOT NULL REFERENCES matters(id),
    text            TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

-- Every step of a matter (domain::flow::Transition as JSON), in order.
CREATE TABLE matter_steps (
    id              INTEGER PRIMARY KEY,
    matter_id       INTEGER NOT NULL REFERENCES matters(id),
    transition      TEXT NOT NULL,
    actor           TEXT NOT NULL,
    -- References the step was checked against (minutes, vote, signature ids) as JSON.
    refs            TEXT NOT NULL DEFAULT '{}',
    at              TEXT NOT NULL
);
CREATE INDEX matter_steps_matter ON matter_steps(matter_id, id);
CREATE TRIGGER matter_steps_no_update BEFORE UPDATE ON matter_steps
BEGIN SELECT RAISE(ABORT, 'matter steps are append-only'); END;
CREATE TRIGGER matter_steps_no_delete BEFORE DELETE ON matter_steps
BEGIN SELECT RAISE(ABORT, 'matter steps are append-only'); END;

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    kind            TEXT NOT NULL CHECK (kind IN ('party_branch', 'joint', 'committee', 'owners_assembly', 'residents')),
    mode            TEXT NOT NULL CHECK (mode IN ('in_person', 'written')),
    title           TEXT NOT NULL,
    place           TEXT NOT NULL,
    -- Local date and time of the meeting, "YYYY-MM-DDTHH:MM" (community time, UTC+8).
    starts_at       TEXT NOT NULL,
    host_id         INTEGER REFERENCES persons(id),
    secretary_id    INTEGER REFERENCES persons(id),
    -- Those entitled to attend, for the quorum (committee members, residents entitled).
    entitled        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'announced', 'running', 'ended')),
    notice_given_on TEXT,
    notice_check    TEXT,
    started_at      TEXT,
    ended_at        TEXT,
    current_item_id INTEGER,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE INDEX meetings_community ON meetings(community_id, starts_at);

CREATE TABLE agenda_items (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    matter_id       INTEGER REFERENCES matters(id),
    -- The matter's stage when the item was put on the agenda.
    matter_stage    TEXT,
    planned_minutes INTEGER NOT NULL,
    -- 1 when the item was on the agenda as announced; items added later may not be voted on.
    announced       INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT,
    ended_at        TEXT,
    -- The secretary's substance for the minutes, and the decision in words.
    notes           TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '',
    removed         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

-- Attendance entered by the secretary (signed sign-ins are signatures under 'sign-in:<meeting>').
CREATE TABLE attendance (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    -- 'secretary': entered for someone who could not sign (reason kept); 'proxy': attends for
    -- proxy_for under a written authorisation (scan hash kept).
    how             TEXT NOT NULL CHECK (how IN ('secretary', 'proxy')),
    reason          TEXT NOT NULL DEFAULT '',
    proxy_for       INTEGER REFERENCES persons(id),
    scan_sha256     TEXT,
    at              TEXT NOT NULL,
    by_actor        TEXT NOT NULL
);
CREATE INDEX attendance_meeting ON attendance(meeting_id);
CREATE TRIGGER attendance_no_update BEFORE UPDATE ON attendance
BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;
CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance
BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;

CREATE TABLE speeches (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    item_id         INTEGER NOT NULL REFERENCES agenda_items(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    kind            TEXT NOT NULL CHECK (kind IN ('speech', 'point_of_order')),
    status          TEXT NOT NULL CHECK (status IN ('queued', 'speaking', 'done', 'withdrawn', 'cut')),
    limit_seconds   INTEGER NOT NULL,
    queued_at       TEXT NOT NULL,
    started_at      TEXT,
    ended_at        TEXT,
    seconds_used    INTEGER
);
CREATE INDEX speeches_item ON speeches(item_id, status);

CREATE TABLE warnings (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    item_id         INTEGER NOT NULL REFERENCES agenda_items(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    note            TEXT NOT NULL,
    citation        TEXT NOT NULL,
    floor_lost      INTEGER NOT NULL DEFAULT 0,
    at              TEXT NOT NULL,
    by_actor        TEXT NOT NULL
);
CREATE TRIGGER warnings_no_update BEFORE UPDATE ON warnings
BEGIN SELECT RAISE(ABORT, 'warnings are append-only'); END;
CREATE TRIGGER warnings_no_delete BEFORE DELETE ON warnings
BEGIN SELECT RAISE(ABORT, 'warnings are append-only'); END;

-- Minutes: drafted from the meeting (the substance lives in agenda_items.notes until then),
-- then fixed: text and hash never change (trigger), corrections are addenda.
CREATE TABLE minutes (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL UNIQUE REFERENCES meetings(id),
    text            TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    finalized_at    TEXT NOT NULL,
    finalized_by    TEXT NOT NULL,
    publish_by      TEXT NOT NULL,
    published_on    TEXT
);
CREATE TRIGGER minutes_fixed BEFORE UPDATE OF text, text_hash, finalized_at ON minutes
BEGIN SELECT RAISE(ABORT, 'final minutes never change: add an addendum'); END;
CREATE TRIGGER minutes_no_delete BEFORE DELETE ON minutes
BEGIN SELECT RAISE(ABORT, 'final minutes never change: add an addendum'); END;

CREATE TABLE addenda (
    id              INTEGER PRIMARY KEY,
    minutes_id      INTEGER NOT NULL REFERENCES minutes(id),
    text            TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda
BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;
CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda
BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;

ALTER TABLE votes ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
ALTER TABLE votes ADD COLUMN agenda_item_id INTEGER REFERENCES agenda_items(id);
ALTER TABLE votes ADD COLUMN matter_id INTEGER REFERENCES matters(id);
