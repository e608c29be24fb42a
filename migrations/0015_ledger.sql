-- The row ledger (issue 14): every table with legal meaning is bound, row by row, by digests in
-- the log (src-tauri/store/ledger.rs). A landed migration is never edited: add a new file instead.

-- What the app changed in the current transaction: one row per insert, update of a digested
-- column, or delete, with the old values (SQLite quote() of each digested column) for updates and
-- deletes. The transaction that wrote them logs and removes them before it commits; any row
-- found here outside a transaction was written outside the app, and the audit names it.
CREATE TABLE ledger_journal (
    id    INTEGER PRIMARY KEY,
    tbl   TEXT NOT NULL,
    key   TEXT NOT NULL,
    op    TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    old   TEXT
);

-- Each row's digest as the event `seq` logged it (NULL: the row was deleted). The event's payload
-- records the count and a digest over the set it logged (`ledger.rows`, `ledger.sha256`).
CREATE TABLE ledger_history (
    seq     INTEGER NOT NULL,
    tbl     TEXT NOT NULL,
    key     TEXT NOT NULL,
    version INTEGER NOT NULL,
    digest  TEXT,
    UNIQUE (tbl, key, seq)
);
CREATE TRIGGER ledger_history_no_update BEFORE UPDATE ON ledger_history
BEGIN SELECT RAISE(ABORT, 'the ledger history is append-only'); END;
CREATE TRIGGER ledger_history_no_delete BEFORE DELETE ON ledger_history
BEGIN SELECT RAISE(ABORT, 'the ledger history is append-only'); END;

-- The digest version each table's history was brought to at open (ledger::bring_up_to_date).
CREATE TABLE ledger_versions (
    tbl     TEXT PRIMARY KEY,
    version INTEGER NOT NULL
) WITHOUT ROWID;

-- The journal's triggers, three per registered table, exactly as ledger::trigger_sql makes them
-- (tests/it/ledger.rs compares each with the schema). The update trigger fires only on digested
-- columns: the PIN counter's signing_keys.failed_attempts and last_attempt_at do not journal.
CREATE TRIGGER ledger_communities_insert AFTER INSERT ON communities
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('communities', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_communities_update AFTER UPDATE OF id, name, address, parking_counts, created_at, practice ON communities
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('communities', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.name), quote(OLD.address), quote(OLD.parking_counts), quote(OLD.created_at), quote(OLD.practice))); END;
CREATE TRIGGER ledger_communities_delete AFTER DELETE ON communities
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('communities', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.name), quote(OLD.address), quote(OLD.parking_counts), quote(OLD.created_at), quote(OLD.practice))); END;
CREATE TRIGGER ledger_buildings_insert AFTER INSERT ON buildings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('buildings', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_buildings_update AFTER UPDATE OF id, community_id, name ON buildings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('buildings', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.name))); END;
CREATE TRIGGER ledger_buildings_delete AFTER DELETE ON buildings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('buildings', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.name))); END;
CREATE TRIGGER ledger_persons_insert AFTER INSERT ON persons
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('persons', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_persons_update AFTER UPDATE OF id, community_id, name, id_digest, id_tail, phone, is_developer, adult_from ON persons
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('persons', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.name), quote(OLD.id_digest), quote(OLD.id_tail), quote(OLD.phone), quote(OLD.is_developer), quote(OLD.adult_from))); END;
CREATE TRIGGER ledger_persons_delete AFTER DELETE ON persons
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('persons', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.name), quote(OLD.id_digest), quote(OLD.id_tail), quote(OLD.phone), quote(OLD.is_developer), quote(OLD.adult_from))); END;
CREATE TRIGGER ledger_units_insert AFTER INSERT ON units
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('units', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_units_update AFTER UPDATE OF id, building_id, number, kind, area_centi, area_source, status, entrance ON units
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('units', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.building_id), quote(OLD.number), quote(OLD.kind), quote(OLD.area_centi), quote(OLD.area_source), quote(OLD.status), quote(OLD.entrance))); END;
CREATE TRIGGER ledger_units_delete AFTER DELETE ON units
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('units', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.building_id), quote(OLD.number), quote(OLD.kind), quote(OLD.area_centi), quote(OLD.area_source), quote(OLD.status), quote(OLD.entrance))); END;
CREATE TRIGGER ledger_unit_people_insert AFTER INSERT ON unit_people
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('unit_people', json_array(NEW.unit_id, NEW.person_id), 'insert', NULL); END;
CREATE TRIGGER ledger_unit_people_update AFTER UPDATE OF unit_id, person_id, relation, designated_voter, lives_there ON unit_people
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('unit_people', json_array(OLD.unit_id, OLD.person_id), 'update', json_array(quote(OLD.unit_id), quote(OLD.person_id), quote(OLD.relation), quote(OLD.designated_voter), quote(OLD.lives_there))); END;
CREATE TRIGGER ledger_unit_people_delete AFTER DELETE ON unit_people
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('unit_people', json_array(OLD.unit_id, OLD.person_id), 'delete', json_array(quote(OLD.unit_id), quote(OLD.person_id), quote(OLD.relation), quote(OLD.designated_voter), quote(OLD.lives_there))); END;
CREATE TRIGGER ledger_roles_insert AFTER INSERT ON roles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roles', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_roles_update AFTER UPDATE OF id, community_id, person_id, role, building_id ON roles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roles', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.person_id), quote(OLD.role), quote(OLD.building_id))); END;
CREATE TRIGGER ledger_roles_delete AFTER DELETE ON roles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roles', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.person_id), quote(OLD.role), quote(OLD.building_id))); END;
CREATE TRIGGER ledger_signing_keys_insert AFTER INSERT ON signing_keys
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signing_keys', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_signing_keys_update AFTER UPDATE OF id, community_id, person_id, public_key, origin, sealed_secret, status, locked, checked_by, check_method, enrolled_at, ended_at, end_reason ON signing_keys
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signing_keys', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.person_id), quote(OLD.public_key), quote(OLD.origin), quote(OLD.sealed_secret), quote(OLD.status), quote(OLD.locked), quote(OLD.checked_by), quote(OLD.check_method), quote(OLD.enrolled_at), quote(OLD.ended_at), quote(OLD.end_reason))); END;
CREATE TRIGGER ledger_signing_keys_delete AFTER DELETE ON signing_keys
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signing_keys', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.person_id), quote(OLD.public_key), quote(OLD.origin), quote(OLD.sealed_secret), quote(OLD.status), quote(OLD.locked), quote(OLD.checked_by), quote(OLD.check_method), quote(OLD.enrolled_at), quote(OLD.ended_at), quote(OLD.end_reason))); END;
CREATE TRIGGER ledger_statements_insert AFTER INSERT ON statements
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('statements', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_statements_update AFTER UPDATE OF id, community_id, title, body, created_at, created_by ON statements
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('statements', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.body), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_statements_delete AFTER DELETE ON statements
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('statements', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.body), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_signatures_insert AFTER INSERT ON signatures
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signatures', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_signatures_update AFTER UPDATE OF id, community_id, key_id, person_id, subject, document, document_hash, signature, signed_at ON signatures
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signatures', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.key_id), quote(OLD.person_id), quote(OLD.subject), quote(OLD.document), quote(OLD.document_hash), quote(OLD.signature), quote(OLD.signed_at))); END;
CREATE TRIGGER ledger_signatures_delete AFTER DELETE ON signatures
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('signatures', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.key_id), quote(OLD.person_id), quote(OLD.subject), quote(OLD.document), quote(OLD.document_hash), quote(OLD.signature), quote(OLD.signed_at))); END;
CREATE TRIGGER ledger_votes_insert AFTER INSERT ON votes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('votes', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_votes_update AFTER UPDATE OF id, community_id, title, motion, kind, candidates, seats, max_approvals, category, settings, status, opens_at, closes_at, objection_days, roll_snapshot, roll_hash, created_at, created_by, opened_at, closed_at, result, result_hash, meeting_id, agenda_item_id, matter_id ON votes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('votes', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.motion), quote(OLD.kind), quote(OLD.candidates), quote(OLD.seats), quote(OLD.max_approvals), quote(OLD.category), quote(OLD.settings), quote(OLD.status), quote(OLD.opens_at), quote(OLD.closes_at), quote(OLD.objection_days), quote(OLD.roll_snapshot), quote(OLD.roll_hash), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.opened_at), quote(OLD.closed_at), quote(OLD.result), quote(OLD.result_hash), quote(OLD.meeting_id), quote(OLD.agenda_item_id), quote(OLD.matter_id))); END;
CREATE TRIGGER ledger_votes_delete AFTER DELETE ON votes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('votes', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.motion), quote(OLD.kind), quote(OLD.candidates), quote(OLD.seats), quote(OLD.max_approvals), quote(OLD.category), quote(OLD.settings), quote(OLD.status), quote(OLD.opens_at), quote(OLD.closes_at), quote(OLD.objection_days), quote(OLD.roll_snapshot), quote(OLD.roll_hash), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.opened_at), quote(OLD.closed_at), quote(OLD.result), quote(OLD.result_hash), quote(OLD.meeting_id), quote(OLD.agenda_item_id), quote(OLD.matter_id))); END;
CREATE TRIGGER ledger_vote_roll_insert AFTER INSERT ON vote_roll
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_roll', json_array(NEW.vote_id, NEW.entry_id), 'insert', NULL); END;
CREATE TRIGGER ledger_vote_roll_update AFTER UPDATE OF vote_id, entry_id, voter_id, entry ON vote_roll
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_roll', json_array(OLD.vote_id, OLD.entry_id), 'update', json_array(quote(OLD.vote_id), quote(OLD.entry_id), quote(OLD.voter_id), quote(OLD.entry))); END;
CREATE TRIGGER ledger_vote_roll_delete AFTER DELETE ON vote_roll
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_roll', json_array(OLD.vote_id, OLD.entry_id), 'delete', json_array(quote(OLD.vote_id), quote(OLD.entry_id), quote(OLD.voter_id), quote(OLD.entry))); END;
CREATE TRIGGER ledger_ballots_insert AFTER INSERT ON ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('ballots', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_ballots_update AFTER UPDATE OF id, vote_id, person_id, cast_by, channel, choice, signature_id, scan_sha256, witness1_id, witness2_id, receipt, cast_at ON ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('ballots', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.cast_by), quote(OLD.channel), quote(OLD.choice), quote(OLD.signature_id), quote(OLD.scan_sha256), quote(OLD.witness1_id), quote(OLD.witness2_id), quote(OLD.receipt), quote(OLD.cast_at))); END;
CREATE TRIGGER ledger_ballots_delete AFTER DELETE ON ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('ballots', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.cast_by), quote(OLD.channel), quote(OLD.choice), quote(OLD.signature_id), quote(OLD.scan_sha256), quote(OLD.witness1_id), quote(OLD.witness2_id), quote(OLD.receipt), quote(OLD.cast_at))); END;
CREATE TRIGGER ledger_proxies_insert AFTER INSERT ON proxies
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proxies', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_proxies_update AFTER UPDATE OF id, vote_id, owner_id, proxy_id, scan_sha256, scope, expires_at, created_at ON proxies
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proxies', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.owner_id), quote(OLD.proxy_id), quote(OLD.scan_sha256), quote(OLD.scope), quote(OLD.expires_at), quote(OLD.created_at))); END;
CREATE TRIGGER ledger_proxies_delete AFTER DELETE ON proxies
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proxies', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.owner_id), quote(OLD.proxy_id), quote(OLD.scan_sha256), quote(OLD.scope), quote(OLD.expires_at), quote(OLD.created_at))); END;
CREATE TRIGGER ledger_refused_ballots_insert AFTER INSERT ON refused_ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('refused_ballots', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_refused_ballots_update AFTER UPDATE OF id, vote_id, person_id, reason, at ON refused_ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('refused_ballots', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.reason), quote(OLD.at))); END;
CREATE TRIGGER ledger_refused_ballots_delete AFTER DELETE ON refused_ballots
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('refused_ballots', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.reason), quote(OLD.at))); END;
CREATE TRIGGER ledger_vote_served_insert AFTER INSERT ON vote_served
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_served', json_array(NEW.vote_id, NEW.person_id), 'insert', NULL); END;
CREATE TRIGGER ledger_vote_served_update AFTER UPDATE OF vote_id, person_id, method, evidence_sha256, served_at, recorded_at, recorded_by ON vote_served
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_served', json_array(OLD.vote_id, OLD.person_id), 'update', json_array(quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.method), quote(OLD.evidence_sha256), quote(OLD.served_at), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_vote_served_delete AFTER DELETE ON vote_served
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('vote_served', json_array(OLD.vote_id, OLD.person_id), 'delete', json_array(quote(OLD.vote_id), quote(OLD.person_id), quote(OLD.method), quote(OLD.evidence_sha256), quote(OLD.served_at), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_roll_entries_insert AFTER INSERT ON roll_entries
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roll_entries', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_roll_entries_update AFTER UPDATE OF id, community_id, owners, created_at ON roll_entries
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roll_entries', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.owners), quote(OLD.created_at))); END;
CREATE TRIGGER ledger_roll_entries_delete AFTER DELETE ON roll_entries
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('roll_entries', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.owners), quote(OLD.created_at))); END;
CREATE TRIGGER ledger_matters_insert AFTER INSERT ON matters
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matters', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_matters_update AFTER UPDATE OF id, community_id, title, description, category, buildings, raised_by, raised_at, stage, due_date, urgent, updated_at ON matters
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matters', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.description), quote(OLD.category), quote(OLD.buildings), quote(OLD.raised_by), quote(OLD.raised_at), quote(OLD.stage), quote(OLD.due_date), quote(OLD.urgent), quote(OLD.updated_at))); END;
CREATE TRIGGER ledger_matters_delete AFTER DELETE ON matters
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matters', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.title), quote(OLD.description), quote(OLD.category), quote(OLD.buildings), quote(OLD.raised_by), quote(OLD.raised_at), quote(OLD.stage), quote(OLD.due_date), quote(OLD.urgent), quote(OLD.updated_at))); END;
CREATE TRIGGER ledger_matter_files_insert AFTER INSERT ON matter_files
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_files', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_matter_files_update AFTER UPDATE OF id, matter_id, name, sha256, size, content, added_at, added_by ON matter_files
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_files', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.name), quote(OLD.sha256), quote(OLD.size), quote(OLD.content), quote(OLD.added_at), quote(OLD.added_by))); END;
CREATE TRIGGER ledger_matter_files_delete AFTER DELETE ON matter_files
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_files', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.name), quote(OLD.sha256), quote(OLD.size), quote(OLD.content), quote(OLD.added_at), quote(OLD.added_by))); END;
CREATE TRIGGER ledger_proposals_insert AFTER INSERT ON proposals
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proposals', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_proposals_update AFTER UPDATE OF id, matter_id, text, text_hash, created_at, created_by ON proposals
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proposals', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_proposals_delete AFTER DELETE ON proposals
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('proposals', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_matter_steps_insert AFTER INSERT ON matter_steps
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_steps', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_matter_steps_update AFTER UPDATE OF id, matter_id, transition, actor, refs, at ON matter_steps
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_steps', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.transition), quote(OLD.actor), quote(OLD.refs), quote(OLD.at))); END;
CREATE TRIGGER ledger_matter_steps_delete AFTER DELETE ON matter_steps
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('matter_steps', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.matter_id), quote(OLD.transition), quote(OLD.actor), quote(OLD.refs), quote(OLD.at))); END;
CREATE TRIGGER ledger_meetings_insert AFTER INSERT ON meetings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('meetings', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_meetings_update AFTER UPDATE OF id, community_id, kind, mode, title, place, starts_at, host_id, secretary_id, entitled, status, notice_given_on, notice_check, started_at, ended_at, current_item_id, created_at, created_by, residents_mode ON meetings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('meetings', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.kind), quote(OLD.mode), quote(OLD.title), quote(OLD.place), quote(OLD.starts_at), quote(OLD.host_id), quote(OLD.secretary_id), quote(OLD.entitled), quote(OLD.status), quote(OLD.notice_given_on), quote(OLD.notice_check), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.current_item_id), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.residents_mode))); END;
CREATE TRIGGER ledger_meetings_delete AFTER DELETE ON meetings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('meetings', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.kind), quote(OLD.mode), quote(OLD.title), quote(OLD.place), quote(OLD.starts_at), quote(OLD.host_id), quote(OLD.secretary_id), quote(OLD.entitled), quote(OLD.status), quote(OLD.notice_given_on), quote(OLD.notice_check), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.current_item_id), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.residents_mode))); END;
CREATE TRIGGER ledger_agenda_items_insert AFTER INSERT ON agenda_items
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('agenda_items', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_agenda_items_update AFTER UPDATE OF id, meeting_id, position, title, matter_id, matter_stage, planned_minutes, announced, started_at, ended_at, notes, decision, removed ON agenda_items
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('agenda_items', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.position), quote(OLD.title), quote(OLD.matter_id), quote(OLD.matter_stage), quote(OLD.planned_minutes), quote(OLD.announced), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.notes), quote(OLD.decision), quote(OLD.removed))); END;
CREATE TRIGGER ledger_agenda_items_delete AFTER DELETE ON agenda_items
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('agenda_items', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.position), quote(OLD.title), quote(OLD.matter_id), quote(OLD.matter_stage), quote(OLD.planned_minutes), quote(OLD.announced), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.notes), quote(OLD.decision), quote(OLD.removed))); END;
CREATE TRIGGER ledger_attendance_insert AFTER INSERT ON attendance
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('attendance', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_attendance_update AFTER UPDATE OF id, meeting_id, person_id, how, reason, proxy_for, scan_sha256, at, by_actor ON attendance
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('attendance', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.person_id), quote(OLD.how), quote(OLD.reason), quote(OLD.proxy_for), quote(OLD.scan_sha256), quote(OLD.at), quote(OLD.by_actor))); END;
CREATE TRIGGER ledger_attendance_delete AFTER DELETE ON attendance
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('attendance', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.person_id), quote(OLD.how), quote(OLD.reason), quote(OLD.proxy_for), quote(OLD.scan_sha256), quote(OLD.at), quote(OLD.by_actor))); END;
CREATE TRIGGER ledger_speeches_insert AFTER INSERT ON speeches
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('speeches', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_speeches_update AFTER UPDATE OF id, meeting_id, item_id, person_id, kind, status, limit_seconds, queued_at, started_at, ended_at, seconds_used ON speeches
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('speeches', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.item_id), quote(OLD.person_id), quote(OLD.kind), quote(OLD.status), quote(OLD.limit_seconds), quote(OLD.queued_at), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.seconds_used))); END;
CREATE TRIGGER ledger_speeches_delete AFTER DELETE ON speeches
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('speeches', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.item_id), quote(OLD.person_id), quote(OLD.kind), quote(OLD.status), quote(OLD.limit_seconds), quote(OLD.queued_at), quote(OLD.started_at), quote(OLD.ended_at), quote(OLD.seconds_used))); END;
CREATE TRIGGER ledger_warnings_insert AFTER INSERT ON warnings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('warnings', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_warnings_update AFTER UPDATE OF id, meeting_id, item_id, person_id, note, citation, floor_lost, at, by_actor ON warnings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('warnings', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.item_id), quote(OLD.person_id), quote(OLD.note), quote(OLD.citation), quote(OLD.floor_lost), quote(OLD.at), quote(OLD.by_actor))); END;
CREATE TRIGGER ledger_warnings_delete AFTER DELETE ON warnings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('warnings', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.item_id), quote(OLD.person_id), quote(OLD.note), quote(OLD.citation), quote(OLD.floor_lost), quote(OLD.at), quote(OLD.by_actor))); END;
CREATE TRIGGER ledger_minutes_insert AFTER INSERT ON minutes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('minutes', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_minutes_update AFTER UPDATE OF id, meeting_id, text, text_hash, finalized_at, finalized_by, publish_by, published_on ON minutes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('minutes', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.finalized_at), quote(OLD.finalized_by), quote(OLD.publish_by), quote(OLD.published_on))); END;
CREATE TRIGGER ledger_minutes_delete AFTER DELETE ON minutes
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('minutes', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.meeting_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.finalized_at), quote(OLD.finalized_by), quote(OLD.publish_by), quote(OLD.published_on))); END;
CREATE TRIGGER ledger_addenda_insert AFTER INSERT ON addenda
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('addenda', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_addenda_update AFTER UPDATE OF id, minutes_id, text, text_hash, created_at, created_by ON addenda
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('addenda', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.minutes_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_addenda_delete AFTER DELETE ON addenda
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('addenda', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.minutes_id), quote(OLD.text), quote(OLD.text_hash), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_conventions_insert AFTER INSERT ON conventions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('conventions', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_conventions_update AFTER UPDATE OF id, community_id, kind, title, created_at, created_by ON conventions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('conventions', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.kind), quote(OLD.title), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_conventions_delete AFTER DELETE ON conventions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('conventions', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.kind), quote(OLD.title), quote(OLD.created_at), quote(OLD.created_by))); END;
CREATE TRIGGER ledger_convention_versions_insert AFTER INSERT ON convention_versions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_versions', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_versions_update AFTER UPDATE OF id, convention_id, number, based_on, created_at, created_by, hash, frozen_at, frozen_by, instrument, vote_id ON convention_versions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_versions', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.number), quote(OLD.based_on), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.hash), quote(OLD.frozen_at), quote(OLD.frozen_by), quote(OLD.instrument), quote(OLD.vote_id))); END;
CREATE TRIGGER ledger_convention_versions_delete AFTER DELETE ON convention_versions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_versions', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.number), quote(OLD.based_on), quote(OLD.created_at), quote(OLD.created_by), quote(OLD.hash), quote(OLD.frozen_at), quote(OLD.frozen_by), quote(OLD.instrument), quote(OLD.vote_id))); END;
CREATE TRIGGER ledger_convention_articles_insert AFTER INSERT ON convention_articles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_articles', json_array(NEW.version_id, NEW.number), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_articles_update AFTER UPDATE OF version_id, number, text, rule_param, rule_value ON convention_articles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_articles', json_array(OLD.version_id, OLD.number), 'update', json_array(quote(OLD.version_id), quote(OLD.number), quote(OLD.text), quote(OLD.rule_param), quote(OLD.rule_value))); END;
CREATE TRIGGER ledger_convention_articles_delete AFTER DELETE ON convention_articles
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_articles', json_array(OLD.version_id, OLD.number), 'delete', json_array(quote(OLD.version_id), quote(OLD.number), quote(OLD.text), quote(OLD.rule_param), quote(OLD.rule_value))); END;
CREATE TRIGGER ledger_convention_suggestions_insert AFTER INSERT ON convention_suggestions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_suggestions', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_suggestions_update AFTER UPDATE OF id, convention_id, version_id, article, author, person_id, text, created_at, recorded_by ON convention_suggestions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_suggestions', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.version_id), quote(OLD.article), quote(OLD.author), quote(OLD.person_id), quote(OLD.text), quote(OLD.created_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_suggestions_delete AFTER DELETE ON convention_suggestions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_suggestions', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.version_id), quote(OLD.article), quote(OLD.author), quote(OLD.person_id), quote(OLD.text), quote(OLD.created_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_reviews_insert AFTER INSERT ON convention_reviews
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_reviews', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_reviews_update AFTER UPDATE OF id, version_id, reviewer, organisation, comments, approved, text_hash, reviewed_at, recorded_by ON convention_reviews
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_reviews', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.reviewer), quote(OLD.organisation), quote(OLD.comments), quote(OLD.approved), quote(OLD.text_hash), quote(OLD.reviewed_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_reviews_delete AFTER DELETE ON convention_reviews
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_reviews', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.reviewer), quote(OLD.organisation), quote(OLD.comments), quote(OLD.approved), quote(OLD.text_hash), quote(OLD.reviewed_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_adoptions_insert AFTER INSERT ON convention_adoptions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_adoptions', json_array(NEW.version_id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_adoptions_update AFTER UPDATE OF version_id, vote_id, instrument, result_hash, evidence, evidence_sha256, adopted_at, recorded_by ON convention_adoptions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_adoptions', json_array(OLD.version_id), 'update', json_array(quote(OLD.version_id), quote(OLD.vote_id), quote(OLD.instrument), quote(OLD.result_hash), quote(OLD.evidence), quote(OLD.evidence_sha256), quote(OLD.adopted_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_adoptions_delete AFTER DELETE ON convention_adoptions
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_adoptions', json_array(OLD.version_id), 'delete', json_array(quote(OLD.version_id), quote(OLD.vote_id), quote(OLD.instrument), quote(OLD.result_hash), quote(OLD.evidence), quote(OLD.evidence_sha256), quote(OLD.adopted_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_filings_insert AFTER INSERT ON convention_filings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_filings', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_filings_update AFTER UPDATE OF id, version_id, authority, filed_on, reference, recorded_at, recorded_by ON convention_filings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_filings', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.authority), quote(OLD.filed_on), quote(OLD.reference), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_filings_delete AFTER DELETE ON convention_filings
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_filings', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.authority), quote(OLD.filed_on), quote(OLD.reference), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_publications_insert AFTER INSERT ON convention_publications
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_publications', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_publications_update AFTER UPDATE OF id, version_id, place, published_on, recorded_at, recorded_by ON convention_publications
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_publications', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.place), quote(OLD.published_on), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_publications_delete AFTER DELETE ON convention_publications
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_publications', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.version_id), quote(OLD.place), quote(OLD.published_on), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_acks_insert AFTER INSERT ON convention_acks
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_acks', json_array(NEW.version_id, NEW.unit_id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_acks_update AFTER UPDATE OF version_id, unit_id, person_id, signature_id, acked_at ON convention_acks
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_acks', json_array(OLD.version_id, OLD.unit_id), 'update', json_array(quote(OLD.version_id), quote(OLD.unit_id), quote(OLD.person_id), quote(OLD.signature_id), quote(OLD.acked_at))); END;
CREATE TRIGGER ledger_convention_acks_delete AFTER DELETE ON convention_acks
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_acks', json_array(OLD.version_id, OLD.unit_id), 'delete', json_array(quote(OLD.version_id), quote(OLD.unit_id), quote(OLD.person_id), quote(OLD.signature_id), quote(OLD.acked_at))); END;
CREATE TRIGGER ledger_convention_violations_insert AFTER INSERT ON convention_violations
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_violations', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_convention_violations_update AFTER UPDATE OF id, convention_id, version_id, article, unit_id, building_id, place, occurred_at, recorder, recorder_role, persuaded, persuasion, outcome, photo_sha256, recorded_at, recorded_by ON convention_violations
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_violations', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.version_id), quote(OLD.article), quote(OLD.unit_id), quote(OLD.building_id), quote(OLD.place), quote(OLD.occurred_at), quote(OLD.recorder), quote(OLD.recorder_role), quote(OLD.persuaded), quote(OLD.persuasion), quote(OLD.outcome), quote(OLD.photo_sha256), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_convention_violations_delete AFTER DELETE ON convention_violations
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('convention_violations', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.convention_id), quote(OLD.version_id), quote(OLD.article), quote(OLD.unit_id), quote(OLD.building_id), quote(OLD.place), quote(OLD.occurred_at), quote(OLD.recorder), quote(OLD.recorder_role), quote(OLD.persuaded), quote(OLD.persuasion), quote(OLD.outcome), quote(OLD.photo_sha256), quote(OLD.recorded_at), quote(OLD.recorded_by))); END;
CREATE TRIGGER ledger_holiday_schedules_insert AFTER INSERT ON holiday_schedules
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('holiday_schedules', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_holiday_schedules_update AFTER UPDATE OF id, year, content, sha256, title, loaded_at, loaded_by, replaces ON holiday_schedules
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('holiday_schedules', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.year), quote(OLD.content), quote(OLD.sha256), quote(OLD.title), quote(OLD.loaded_at), quote(OLD.loaded_by), quote(OLD.replaces))); END;
CREATE TRIGGER ledger_holiday_schedules_delete AFTER DELETE ON holiday_schedules
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('holiday_schedules', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.year), quote(OLD.content), quote(OLD.sha256), quote(OLD.title), quote(OLD.loaded_at), quote(OLD.loaded_by), quote(OLD.replaces))); END;
CREATE TRIGGER ledger_consent_requests_insert AFTER INSERT ON consent_requests
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_requests', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_consent_requests_update AFTER UPDATE OF id, community_id, unit_id, unit_label, applicant, business, deadline, co_owners, roll_extract, roll_hash, opened_at, opened_by ON consent_requests
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_requests', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.unit_id), quote(OLD.unit_label), quote(OLD.applicant), quote(OLD.business), quote(OLD.deadline), quote(OLD.co_owners), quote(OLD.roll_extract), quote(OLD.roll_hash), quote(OLD.opened_at), quote(OLD.opened_by))); END;
CREATE TRIGGER ledger_consent_requests_delete AFTER DELETE ON consent_requests
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_requests', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.community_id), quote(OLD.unit_id), quote(OLD.unit_label), quote(OLD.applicant), quote(OLD.business), quote(OLD.deadline), quote(OLD.co_owners), quote(OLD.roll_extract), quote(OLD.roll_hash), quote(OLD.opened_at), quote(OLD.opened_by))); END;
CREATE TRIGGER ledger_consent_parties_insert AFTER INSERT ON consent_parties
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_parties', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_consent_parties_update AFTER UPDATE OF id, consent_id, party_key, basis, units, members, developer, reason, evidence_sha256, added_at, added_by ON consent_parties
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_parties', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.consent_id), quote(OLD.party_key), quote(OLD.basis), quote(OLD.units), quote(OLD.members), quote(OLD.developer), quote(OLD.reason), quote(OLD.evidence_sha256), quote(OLD.added_at), quote(OLD.added_by))); END;
CREATE TRIGGER ledger_consent_parties_delete AFTER DELETE ON consent_parties
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_parties', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.consent_id), quote(OLD.party_key), quote(OLD.basis), quote(OLD.units), quote(OLD.members), quote(OLD.developer), quote(OLD.reason), quote(OLD.evidence_sha256), quote(OLD.added_at), quote(OLD.added_by))); END;
CREATE TRIGGER ledger_consent_answers_insert AFTER INSERT ON consent_answers
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_answers', json_array(NEW.id), 'insert', NULL); END;
CREATE TRIGGER ledger_consent_answers_update AFTER UPDATE OF id, consent_id, party_id, person_id, answer, signature_id, signed_at ON consent_answers
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_answers', json_array(OLD.id), 'update', json_array(quote(OLD.id), quote(OLD.consent_id), quote(OLD.party_id), quote(OLD.person_id), quote(OLD.answer), quote(OLD.signature_id), quote(OLD.signed_at))); END;
CREATE TRIGGER ledger_consent_answers_delete AFTER DELETE ON consent_answers
BEGIN INSERT INTO ledger_journal (tbl, key, op, old) VALUES ('consent_answers', json_array(OLD.id), 'delete', json_array(quote(OLD.id), quote(OLD.consent_id), quote(OLD.party_id), quote(OLD.person_id), quote(OLD.answer), quote(OLD.signature_id), quote(OLD.signed_at))); END;
