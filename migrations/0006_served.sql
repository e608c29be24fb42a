-- Owners who were served the ballot but did not vote, for the 从众 clause (指导规则 Art. 26):
-- who, how they were served, the evidence's hash, when. Only votes whose settings switch the
-- clause on accept rows. A landed migration is never edited: add a new file instead.

CREATE TABLE vote_served (
    vote_id         INTEGER NOT NULL REFERENCES votes(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    method          TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL,
    served_at       TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    PRIMARY KEY (vote_id, person_id)
);
CREATE TRIGGER vote_served_no_update BEFORE UPDATE ON vote_served
BEGIN SELECT RAISE(ABORT, 'service records are append-only'); END;
CREATE TRIGGER vote_served_no_delete BEFORE DELETE ON vote_served
BEGIN SELECT RAISE(ABORT, 'service records are append-only'); END;
