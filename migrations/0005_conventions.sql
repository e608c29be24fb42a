-- Conventions (公约): drafts, suggestions, reviews, versions fixed by their hash, adoption by a
-- closed and passed vote, filing, publication, acknowledgements per household, violations.
-- A landed migration is never edited: add a new file instead.

CREATE TABLE conventions (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES communities(id),
    kind            TEXT NOT NULL CHECK (kind IN ('residents_convention', 'management_statute',
                                                  'rules_of_procedure', 'meeting_conduct')),
    title           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);
CREATE INDEX conventions_community ON conventions(community_id);

-- Version 1, 2, … of a convention. A draft has no hash; freezing sets `hash` (over the articles,
-- see crypto/convention.rs) and from then on the text never changes. `vote_id` is the adoption
-- vote linked to it (it may be relinked only while no adoption is recorded).
CREATE TABLE convention_versions (
    id              INTEGER PRIMARY KEY,
    convention_id   INTEGER NOT NULL REFERENCES conventions(id),
    number          INTEGER NOT NULL CHECK (number >= 1),
    based_on        INTEGER REFERENCES convention_versions(id),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    hash            TEXT,
    frozen_at       TEXT,
    frozen_by       TEXT,
    instrument      TEXT CHECK (instrument IN ('residents_meeting', 'owners_vote')),
    vote_id         INTEGER REFERENCES votes(id),
    UNIQUE (convention_id, number)
);

CREATE TRIGGER convention_versions_frozen BEFORE UPDATE ON convention_versions
WHEN OLD.hash IS NOT NULL AND (NEW.hash IS NOT OLD.hash OR NEW.number IS NOT OLD.number
    OR NEW.convention_id IS NOT OLD.convention_id OR NEW.frozen_at IS NOT OLD.frozen_at)
BEGIN SELECT RAISE(ABORT, 'a frozen convention version never changes'); END;
CREATE TRIGGER convention_versions_no_delete BEFORE DELETE ON convention_versions
BEGIN SELECT RAISE(ABORT, 'convention versions are kept'); END;

-- The numbered articles of a version; `rule_param`/`rule_value`: a conduct limit the article
-- states (speech_seconds, speeches_per_item, warnings_to_lose_floor).
CREATE TABLE convention_articles (
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    number          INTEGER NOT NULL CHECK (number >= 1),
    text            TEXT NOT NULL,
    rule_param      TEXT CHECK (rule_param IN ('speech_seconds', 'speeches_per_item',
                                               'warnings_to_lose_floor')),
    rule_value      INTEGER,
    PRIMARY KEY (version_id, number)
) WITHOUT ROWID;

CREATE TRIGGER convention_articles_frozen_insert BEFORE INSERT ON convention_articles
WHEN (SELECT hash FROM convention_versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the articles of a frozen version never change'); END;
CREATE TRIGGER convention_articles_frozen_update BEFORE UPDATE ON convention_articles
WHEN (SELECT hash FROM convention_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the articles of a frozen version never change'); END;
CREATE TRIGGER convention_articles_frozen_delete BEFORE DELETE ON convention_articles
WHEN (SELECT hash FROM convention_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the articles of a frozen version never change'); END;

-- Residents' suggestions while drafting (征求意见): who, which article (NULL: general or a new
-- article), what. Kept as given.
CREATE TABLE convention_suggestions (
    id              INTEGER PRIMARY KEY,
    convention_id   INTEGER NOT NULL REFERENCES conventions(id),
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    article         INTEGER,
    author          TEXT NOT NULL,
    person_id       INTEGER REFERENCES persons(id),
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);

-- Reviews of a draft (e.g. by the street's party office): the text reviewed is fixed by
-- `text_hash`, so freezing can require an approval of exactly the text being frozen.
CREATE TABLE convention_reviews (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    reviewer        TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    comments        TEXT NOT NULL,
    approved        INTEGER NOT NULL CHECK (approved IN (0, 1)),
    text_hash       TEXT NOT NULL,
    reviewed_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);

-- Adoption: the closed, passed vote under the right rule, one per version. A convention adopted
-- on paper before the community used Yishi has no vote here: `evidence` then says which meeting
-- record adopted it (and `evidence_sha256` fixes the scan), and the app shows it as such.
CREATE TABLE convention_adoptions (
    version_id      INTEGER PRIMARY KEY REFERENCES convention_versions(id),
    vote_id         INTEGER REFERENCES votes(id),
    instrument      TEXT NOT NULL CHECK (instrument IN ('residents_meeting', 'owners_vote')),
    result_hash     TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    evidence_sha256 TEXT,
    adopted_at      TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    CHECK (vote_id IS NOT NULL OR (evidence <> '' AND evidence_sha256 IS NOT NULL))
);

-- 备案: where, when, the reference number the authority gave.
CREATE TABLE convention_filings (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    authority       TEXT NOT NULL,
    filed_on        TEXT NOT NULL,
    reference       TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);

-- 公布: where and from when it was put up.
CREATE TABLE convention_publications (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    place           TEXT NOT NULL,
    published_on    TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);

-- A household's acknowledgement of a version: the unit, who signed, the signature. The first
-- signature for a unit and version stands; later ones are kept in `signatures` only.
CREATE TABLE convention_acks (
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    signature_id    INTEGER NOT NULL REFERENCES signatures(id),
    acked_at        TEXT NOT NULL,
    PRIMARY KEY (version_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX convention_acks_unit ON convention_acks(unit_id);

-- Violations recorded against an article: where (a unit, a building or a public place), when,
-- by whom (patrol member or building head), persuasion given, outcome, optional photo hash.
-- A unit rather than a person's name.
CREATE TABLE convention_violations (
    id              INTEGER PRIMARY KEY,
    convention_id   INTEGER NOT NULL REFERENCES conventions(id),
    version_id      INTEGER NOT NULL REFERENCES convention_versions(id),
    article         INTEGER NOT NULL,
    unit_id         INTEGER REFERENCES units(id),
    building_id     INTEGER REFERENCES buildings(id),
    place           TEXT NOT NULL DEFAULT '',
    occurred_at     TEXT NOT NULL,
    recorder        TEXT NOT NULL,
    recorder_role   TEXT NOT NULL CHECK (recorder_role IN ('patrol', 'building_head', 'grid_worker')),
    persuaded       INTEGER NOT NULL CHECK (persuaded IN (0, 1)),
    persuasion      TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL CHECK (outcome IN ('corrected', 'promised', 'refused', 'referred')),
    photo_sha256    TEXT,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL
);
CREATE INDEX convention_violations_at ON convention_violations(convention_id, occurred_at);

CREATE TRIGGER convention_suggestions_no_update BEFORE UPDATE ON convention_suggestions
BEGIN SELECT RAISE(ABORT, 'suggestions are append-only'); END;
CREATE TRIGGER convention_suggestions_no_delete BEFORE DELETE ON convention_suggestions
BEGIN SELECT RAISE(ABORT, 'suggestions are append-only'); END;
CREATE TRIGGER convention_reviews_no_update BEFORE UPDATE ON convention_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER convention_reviews_no_delete BEFORE DELETE ON convention_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER convention_adoptions_no_update BEFORE UPDATE ON convention_adoptions
BEGIN SELECT RAISE(ABORT, 'adoptions are append-only'); END;
CREATE TRIGGER convention_adoptions_no_delete BEFORE DELETE ON convention_adoptions
BEGIN SELECT RAISE(ABORT, 'adoptions are append-only'); END;
CREATE TRIGGER convention_filings_no_update BEFORE UPDATE ON convention_filings
BEGIN SELECT RAISE(ABORT, 'filings are append-only'); END;
CREATE TRIGGER convention_filings_no_delete BEFORE DELETE ON convention_filings
BEGIN SELECT RAISE(ABORT, 'filings are append-only'); END;
CREATE TRIGGER convention_publications_no_update BEFORE UPDATE ON convention_publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER convention_publications_no_delete BEFORE DELETE ON convention_publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER convention_acks_no_update BEFORE UPDATE ON convention_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;
CREATE TRIGGER convention_acks_no_delete BEFORE DELETE ON convention_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;
CREATE TRIGGER convention_violations_no_update BEFORE UPDATE ON convention_violations
BEGIN SELECT RAISE(ABORT, 'violation records are append-only'); END;
CREATE TRIGGER convention_violations_no_delete BEFORE DELETE ON convention_violations
BEGIN SELECT RAISE(ABORT, 'violation records are append-only'); END;
