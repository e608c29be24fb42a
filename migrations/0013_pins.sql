-- PINs that resist guessing (issue 13).
-- An attempt is counted before the key derivation runs; the instant of the last one (RFC 3339,
-- UTC) times the growing wait between tries (domain::pin::retry_delay_secs).
ALTER TABLE signing_keys ADD COLUMN last_attempt_at TEXT;

-- A practice community (made by `yishi demo`, the tests, or `yishi serve --practice-keys`) keeps
-- keys at a cheap practice cost; a real one (0) refuses such keys.
ALTER TABLE communities ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));

-- The key-derivation cost calibrated on the host's computer at first use (one derivation takes at
-- least 250 ms); each sealed key also records its own parameters.
CREATE TABLE key_cost (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    memory_kib    INTEGER NOT NULL,
    passes        INTEGER NOT NULL,
    lanes         INTEGER NOT NULL,
    measured_ms   INTEGER NOT NULL,
    calibrated_at TEXT NOT NULL
);
