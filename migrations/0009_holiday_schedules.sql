-- Holiday schedules loaded after release (docs/holidays.md): one row per file loaded, the file
-- exactly as loaded, its SHA-256, who loaded it and when. The years shipped with the app
-- (data/holidays/*.json) are embedded in the binary and not stored here. The newest row of a
-- year is the one in force; rows are never changed or deleted, so a replaced schedule stays on
-- the record. Each load also appends a `calendar.loaded` event. A landed migration is never
-- edited: add a new file instead.

CREATE TABLE holiday_schedules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    year       INTEGER NOT NULL,
    content    TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    title      TEXT NOT NULL,
    loaded_at  TEXT NOT NULL,
    loaded_by  TEXT NOT NULL,
    -- The row this one replaces (NULL for the year's first file or a built-in year's override).
    replaces   INTEGER REFERENCES holiday_schedules(id)
);
CREATE INDEX holiday_schedules_year ON holiday_schedules(year, id);
CREATE TRIGGER holiday_schedules_no_update BEFORE UPDATE ON holiday_schedules
BEGIN SELECT RAISE(ABORT, 'holiday schedules are append-only'); END;
CREATE TRIGGER holiday_schedules_no_delete BEFORE DELETE ON holiday_schedules
BEGIN SELECT RAISE(ABORT, 'holiday schedules are append-only'); END;
