//! THE table of operations: each operation declared once. From it come the dispatch used by the
//! desktop app and `yishi serve` (`run_op`), `ops_table()` (what the access issue enforces),
//! `ui/src/bindings/ops.ts` and `docs/api.md` (see `spec.rs`; `tests/it/op_table.rs` fails when
//! a generated file drifts: regenerate with `YISHI_BLESS=1 cargo test --test it op_table`).
//!
//! Adding an operation is one entry:
//!
//! ```text
//! /// One line: what it does (shown in docs/api.md and ops.ts).
//! name {
//!     args: ArgsType,            // Deserialize + TS (`NoArgs` for none)
//!     result: ResultType,        // Serialize + TS, exactly what the body returns in Ok
//!     action: RunVote,           // domain::access::Action: the role matrix says who may
//!     device: desk,              // desk | phone (members' own devices may call it)
//!     effect: write,             // read | write (changes state)
//!     errors: [NotFound, Conflict], // ErrorCodes besides invalid_input and storage
//!     example: { "community_id": 1 }, // example arguments; the drift test parses them
//!     run: |x, a| ops::feature::name(x.ctx, &x.by, a, x.lang).await,
//! }
//! ```
//!
//! `x` is the `Call` (ctx, by: the acting Caller, lang, now); `a` the parsed arguments.

use super::spec::op_table;
use crate::domain::calendar::NoticeCheck;
use crate::domain::conduct::ConductRules;
use crate::ops::conventions::*;
use crate::ops::keys::*;
use crate::ops::meetings::*;
use crate::ops::recovery::types::*;
use crate::ops::signing::*;
use crate::ops::types::*;
use crate::ops::votes::*;
use crate::ops::{self, OpResult};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The arguments of an operation that takes none (`{}` or no body).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export, type = "Record<string, never>")]
pub struct NoArgs {}

/// Names one matter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterRef {
    #[ts(type = "number")]
    pub matter_id: i64,
}

/// Names one file attached to a matter.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileRef {
    #[ts(type = "number")]
    pub file_id: i64,
}

/// `ops::job_progress` never fails; the table's bodies all return `OpResult`.
fn ok<T>(v: T) -> OpResult<T> {
    Ok(v)
}

op_table! {
    // ---- App, communities and the roll -------------------------------------------------

    /// The app's version, database and backup folders, communities and the log's head hash.
    /// Desk only: a phone on the meeting-room network has no business with the laptop's paths.
    app_info {
        args: NoArgs, result: AppInfo,
        action: Public, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::roll::app_info(x.ctx, &x.by).await,
    }
    /// The holiday schedules present (built in or loaded) and a warning when the coming year is missing.
    calendar_years {
        args: NoArgs, result: ops::calendar::CalendarYears,
        action: Public, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::calendar::calendar_years(x.ctx, &x.by).await,
    }
    /// One year's statutory holidays and make-up working days, or the missing year named.
    calendar_show {
        args: ops::calendar::CalendarYearQuery, result: ops::calendar::CalendarYearView,
        action: Public, device: desk, effect: read,
        errors: [CalendarMissing],
        example: { "year": 2026 },
        run: |x, a| ops::calendar::calendar_show(x.ctx, a.year).await,
    }
    /// Loads a year's holiday schedule file after checking it (docs/holidays.md); logged.
    calendar_load {
        args: ops::calendar::CalendarLoad, result: ops::calendar::CalendarYearView,
        action: Maintain, device: desk, effect: write,
        errors: [InvalidInput, Conflict],
        example: { "file_name": "2027.json", "content": "{\"format\":\"yishi/holidays/v1\", ...}", "replace": false },
        run: |x, a| ops::calendar::calendar_load(x.ctx, &x.by, a).await,
    }
    /// Every community in this database with its N (persons) and A (area).
    community_list {
        args: NoArgs, result: Vec<CommunitySummary>,
        action: Public, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::roll::community_list(x.ctx).await,
    }
    /// Creates a community with its buildings, roll settings and first host (who is signed in).
    /// Without a session only on the first run, while no community here has a host.
    community_setup {
        args: ops::access::CommunitySetup, result: ops::access::SetupDone,
        action: CreateCommunity, device: desk, effect: write,
        errors: [Conflict, WrongPin, KeyLocked, NotFound],
        example: { "community": { "name": "阳光山庄", "address": "幸福路 1 号", "buildings": ["1栋", "2栋"], "settings": { "parking_counts": false } },
                   "host": { "name": "王主任", "id_number": "110101198001010011", "pin": "percy-river-82" } },
        run: |x, a| ops::access::community_setup(x.ctx, &x.by, a).await,
    }
    /// Names the first host of a community that has none who can sign in (a database made
    /// before sign-in); refused once it has one. Logged; the new host is signed in.
    host_claim {
        args: ops::access::HostClaim, result: ops::access::SetupDone,
        action: Public, device: desk, effect: write,
        errors: [Conflict, NotFound, WrongPin, KeyLocked],
        example: { "community_id": 1, "host": { "name": "王主任", "id_number": "110101198001010011", "pin": "percy-river-82" } },
        run: |x, a| ops::access::host_claim(x.ctx, &x.by, a).await,
    }
    /// Names a new host with the database's recovery code, when no host can sign in any more
    /// (every host's key lost or locked). Logged; the new host is signed in.
    host_recover {
        args: ops::access::HostRecover, result: ops::access::SetupDone,
        action: Public, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater],
        example: { "community_id": 1, "recovery_code": "7KQ2-M9XH-4RTD-PW3N-C8VB-J6YE", "host": { "name": "王主任", "id_number": "110101198001010011", "pin": "percy-river-82" } },
        run: |x, a| ops::access::host_recover(x.ctx, &x.by, a).await,
    }
    /// Who is signed in with this session, the communities here, and whether setup is needed.
    session_state {
        args: NoArgs, result: ops::access::SessionState,
        action: Public, device: phone, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::access::session_state(x.ctx, x.token, x.now).await,
    }
    /// The office holders of a community who can sign in at this laptop.
    sign_in_list {
        args: ops::access::CommunityPick, result: Vec<ops::access::SignInCandidate>,
        action: Public, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::access::sign_in_list(x.ctx, a.community_id).await,
    }
    /// Signs in with one's own key and PIN; returns the session token. Wrong PINs count toward
    /// the key's lock like any signature.
    session_sign_in {
        args: ops::access::SignIn, result: ops::access::SignedIn,
        action: Public, device: desk, effect: write,
        errors: [NotFound, WrongPin, KeyLocked],
        example: { "community_id": 1, "person_id": 3, "pin": "percy-river-82" },
        run: |x, a| ops::access::session_sign_in(x.ctx, x.now, a).await,
    }
    /// The demo community's operators and their demo PINs (empty for any other community):
    /// shown on the demo's sign-in screen, marked demo-only.
    demo_operators {
        args: ops::access::CommunityPick, result: Vec<ops::demo::DemoOperator>,
        action: Public, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::demo::demo_operators(x.ctx, a.community_id).await,
    }
    /// The role matrix: for each action, the parties that may take it (the UI shows or hides
    /// what the signed-in person may do from this; the server enforces it).
    access_matrix {
        args: NoArgs, result: Vec<ops::access::MatrixRow>,
        action: Public, device: phone, effect: read,
        errors: [],
        example: {},
        run: |_x, _a| ok(ops::access::access_matrix()),
    }
    /// Pairs a device (a member's phone, the sign-in table's tablet) for the meeting-room network:
    /// returns its token once; it lasts 12 hours unless revoked. Logged.
    device_issue {
        args: ops::access::DeviceIssue, result: ops::access::DeviceIssued,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "label": "签到台平板" },
        run: |x, a| ops::access::device_issue(x.ctx, &x.by, a).await,
    }
    /// The devices paired for a community's meeting room, live now.
    device_list {
        args: ops::access::CommunityPick, result: Vec<ops::access::DeviceView>,
        action: RunMeeting, device: desk, effect: read,
        errors: [],
        example: { "community_id": 1 },
        run: |x, a| ops::access::device_list(x.ctx, a.community_id, x.now),
    }
    /// Ends a device's pairing (a lost phone). Logged.
    device_revoke {
        args: ops::access::DeviceRevoke, result: Vec<ops::access::DeviceView>,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound],
        example: { "community_id": 1, "device_id": "3fa9c2d41b07" },
        run: |x, a| ops::access::device_revoke(x.ctx, &x.by, a).await,
    }
    /// Ends this session (true when there was one).
    session_sign_out {
        args: NoArgs, result: bool,
        action: Public, device: phone, effect: write,
        errors: [],
        example: {},
        run: |x, _a| ops::access::session_sign_out(x.ctx, &x.by, x.token).await,
    }
    /// Changes a community's roll settings (whether parking spaces count toward N and A).
    community_settings {
        args: CommunitySettingsUpdate, result: CommunitySummary,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound],
        example: { "community_id": 1, "settings": { "parking_counts": true } },
        run: |x, a| ops::roll::community_settings(x.ctx, &x.by, a).await,
    }
    /// Loads the demo community 阳光山庄.
    demo_load {
        args: NoArgs, result: CommunitySummary,
        action: CreateCommunity, device: desk, effect: write,
        errors: [Conflict],
        example: {},
        run: |x, _a| ops::demo::demo_load(x.ctx, &x.by).await,
    }
    /// Adds buildings to a community; returns all its building names.
    building_add {
        args: BuildingAdd, result: Vec<String>,
        action: EditRoll, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "names": ["3栋"] },
        run: |x, a| ops::roll::building_add(x.ctx, &x.by, a).await,
    }
    /// N, A, every merge and the per-building roll of a community.
    roll_summary {
        args: RollQuery, result: RollSummary,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "building": null },
        run: |x, a| ops::roll::roll_summary(x.ctx, a).await,
    }
    /// One page of units with their owners (phones masked).
    unit_list {
        args: UnitQuery, result: UnitPage,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "building": "1栋", "search": null, "offset": 0, "limit": 50 },
        run: |x, a| ops::roll::unit_list(x.ctx, a).await,
    }
    /// Finds persons on the roll by name or unit.
    person_search {
        args: PersonQuery, result: Vec<PersonHit>,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "search": "吴" },
        run: |x, a| ops::roll::person_search(x.ctx, a).await,
    }
    /// Exports the roll as CSV in the import layout.
    roll_export {
        args: ExportRequest, result: ExportFile,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "format": "csv", "save_to_downloads": false },
        run: |x, a| ops::roll::roll_export(x.ctx, a).await,
    }
    /// Reads a roster file and shows what an import would change, with every problem by line.
    roll_import_preview {
        args: ImportRequest, result: ImportPreview,
        action: EditRoll, device: desk, effect: read,
        errors: [NotFound, File],
        example: { "community_id": 1, "file_name": "roster.csv", "content_base64": "5qW85qCLLOaIv+WPtw==", "options": { "create_buildings": false } },
        run: |x, a| ops::roll::roll_import_preview(x.ctx, a, x.lang).await,
    }
    /// Writes a previewed import, if the file and the roll are unchanged since the preview.
    roll_import_commit {
        args: ImportCommit, result: ImportOutcome,
        action: EditRoll, device: desk, effect: write,
        errors: [NotFound, File, StalePreview],
        example: { "request": { "community_id": 1, "file_name": "roster.csv", "content_base64": "5qW85qCLLOaIv+WPtw==", "options": { "create_buildings": false } }, "plan_digest": "3f2a...", "job_id": "import-1" },
        run: |x, a| ops::roll::roll_import_commit(x.ctx, &x.by, a, x.lang).await,
    }
    /// How far a long operation (an import) has come.
    job_progress {
        args: JobQuery, result: JobProgress,
        action: Public, device: desk, effect: read,
        errors: [],
        example: { "job_id": "import-1" },
        run: |x, a| ok(ops::job_progress(x.ctx, a)),
    }
    /// Who holds which office in a community.
    role_list {
        args: CommunityRef, result: Vec<RoleEntry>,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::access::role_list(x.ctx, a.community_id).await,
    }
    /// Gives a person an office (a building head names their building).
    role_assign {
        args: RoleAssign, result: Vec<RoleEntry>,
        action: AssignOffices, device: desk, effect: write,
        errors: [NotFound],
        example: { "community_id": 1, "person_id": 7, "role": "secretary", "building": null },
        run: |x, a| ops::access::role_assign(x.ctx, &x.by, a).await,
    }
    /// Ends a person's office.
    role_remove {
        args: RoleRemove, result: Vec<RoleEntry>,
        action: AssignOffices, device: desk, effect: write,
        errors: [NotFound],
        example: { "community_id": 1, "role_id": 3 },
        run: |x, a| ops::access::role_remove(x.ctx, &x.by, a).await,
    }

    // ---- The record: audit and backups -------------------------------------------------

    /// Re-walks the hash chain, compares each roll and every row with legal meaning with the digests the log recorded, and checks every guard trigger.
    audit_verify {
        args: AuditQuery, result: AuditReport,
        action: ReadPublished, device: desk, effect: read,
        errors: [],
        example: { "expect_head": null, "checkpoint": "1234 / 3F9A 21C4 0B7E 9D12 5A6C 77E0 C1B3 4F28" },
        run: |x, a| ops::record::audit_verify_with(x.ctx, a.expect_head.as_deref(), a.checkpoint.as_deref(), x.lang).await,
    }
    /// One page of the event log, newest first.
    event_list {
        args: EventQuery, result: EventPage,
        action: ReadRecord, device: desk, effect: read,
        errors: [],
        example: { "community_id": 1, "before_seq": null, "limit": 50 },
        run: |x, a| {
            // A signed-in person reads their own community's log, never all of them at once.
            let mut a = a;
            if let Some(op) = &x.by.operator {
                a.community_id = Some(op.community_id);
            }
            ops::record::event_list(x.ctx, a, x.lang).await
        },
    }
    /// The community's newest signed checkpoint over the log (size, short root hash, time, QR).
    checkpoint_latest {
        args: ops::anchor::checkpoint::CheckpointQuery,
        result: Option<ops::anchor::checkpoint::CheckpointView>,
        action: ReadPublished, device: desk, effect: read,
        errors: [],
        example: { "community_id": 1 },
        run: |x, a| ops::anchor::checkpoint::checkpoint_latest(x.ctx, a.community_id).await,
    }
    /// The newest checkpoint's signed file (JSON), to keep outside the laptop.
    checkpoint_export {
        args: ops::anchor::checkpoint::CheckpointQuery, result: ExportFile,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::anchor::checkpoint::checkpoint_export(x.ctx, a.community_id).await,
    }
    /// Writes a consistent copy of the live database into the backups folder.
    backup_create {
        args: NoArgs, result: BackupInfo,
        action: Maintain, device: desk, effect: write,
        errors: [],
        example: {},
        run: |x, _a| ops::record::backup_create(x.ctx, x.now, None).await,
    }
    /// Saves into Downloads a copy of the database encrypted under the current recovery code
    /// (to keep on a USB drive away from the laptop); the database is unchanged.
    backup_export {
        args: ops::record::BackupExport, result: ops::record::BackupExported,
        action: Maintain, device: desk, effect: write,
        errors: [NotFound, TryLater],
        example: { "code": "7KQ2-M9XH-4RTD-PW3N-C8VB-J6YE" },
        run: |x, a| ops::record::backup_export(x.ctx, x.now, a).await,
    }
    /// The backups in the backups folder.
    backup_list {
        args: NoArgs, result: Vec<BackupInfo>,
        action: Maintain, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::record::backup_list(x.ctx).await,
    }
    /// Takes a backup file picked on this computer (sent as bytes) into the backups folder; an
    /// encrypted one (`backup_export`) is opened with its recovery code first.
    backup_upload {
        args: ops::record::BackupUpload, result: BackupInfo,
        action: Restore, device: desk, effect: write,
        errors: [Integrity],
        example: { "file_name": "yishi-20261122.db", "content_base64": "U1FMaXRlIGZvcm1hdCAzAA==", "code": null },
        run: |x, a| ops::record::backup_upload(x.ctx, x.now, a).await,
    }
    /// Checks a backup and says what restoring it would discard (ballots, signatures, receipts).
    backup_restore_preview {
        args: ops::record::BackupRef, result: ops::record::RestorePreview,
        action: Restore, device: desk, effect: read,
        errors: [NotFound, Integrity],
        example: { "file_name": "yishi-20261122-090000-000.db" },
        run: |x, a| ops::record::backup_restore_preview(x.ctx, a, x.lang).await,
    }
    /// Replaces the database with a checked backup; an older or forked one needs the host's signed confirmation.
    backup_restore {
        args: ops::record::BackupRestore, result: ops::record::RestoreOutcome,
        action: Restore, device: desk, effect: write,
        errors: [NotFound, Integrity, Conflict, StalePreview, WrongPin, KeyLocked],
        example: { "file_name": "yishi-20261122-090000-000.db", "expect_live_head": "9c1e...", "confirmation": { "host_key_id": 1, "host_pin": "<host PIN>" } },
        run: |x, a| ops::record::backup_restore(x.ctx, &x.by, a, x.lang).await,
    }
    /// Issues a new recovery code for the database's secrets (shown once; later backups carry
    /// the secrets sealed under it).
    recovery_code_renew {
        args: NoArgs, result: RecoveryCodeIssued,
        action: Maintain, device: desk, effect: write,
        errors: [Integrity],
        example: {},
        run: |x, _a| ops::recovery::recovery_code_renew(x.ctx, &x.by).await,
    }
    /// Where the database's secrets are kept and whether a recovery code protects them.
    secrets_status {
        args: NoArgs, result: SecretsStatus,
        action: Maintain, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ops::recovery::secrets_status(x.ctx).await,
    }
    /// Installs a backup's secrets (or the open database's) from the recovery code, before
    /// restoring that backup; a wrong code changes nothing.
    secrets_recover {
        args: SecretsRecover, result: RecoveryOutcome,
        action: Restore, device: desk, effect: write,
        errors: [NotFound, Conflict, Integrity],
        example: { "backup_path": "backups/yishi-20261122-090000-000.db", "code": "7KQ2-M9XH-4RTD-PW3N-C8VB-J6YE" },
        run: |x, a| ops::recovery::secrets_recover(x.ctx, a).await,
    }

    // ---- Keys and signatures -----------------------------------------------------------

    /// The community's signing keys (public parts) and their state.
    key_list {
        args: KeyQuery, result: Vec<KeyView>,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::keys::key_list(x.ctx, a.community_id).await,
    }
    /// Active keys of persons with the host role (for approvals).
    host_keys {
        args: KeyQuery, result: Vec<KeyView>,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::keys::host_keys(x.ctx, a.community_id).await,
    }
    /// Generates a member's key here, sealed under their PIN, after the identity check; the
    /// signed-in registrar (or host) signs its enrolment certificate with their key and PIN.
    key_enrol {
        args: KeyEnrol, result: KeyView,
        action: EnrolKey, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater],
        example: { "community_id": 1, "person_id": 7, "pin": "<the member's PIN>", "checked_by": "记录员 王", "check": "id_card", "registrar": { "key_id": 2, "pin": "<the registrar's PIN>" } },
        run: |x, a| ops::keys::key_enrol(x.ctx, &x.by, a).await,
    }
    /// Enrols a key the member brought (public part and proof of possession); the signed-in
    /// registrar (or host) signs its enrolment certificate.
    key_enrol_public {
        args: KeyEnrolPublic, result: KeyView,
        action: EnrolKey, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater],
        example: { "community_id": 1, "person_id": 7, "public_key": "yishi-key-proof:v1:...", "checked_by": "记录员 王", "check": "id_card", "registrar": { "key_id": 2, "pin": "<the registrar's PIN>" } },
        run: |x, a| ops::keys::key_enrol_public(x.ctx, &x.by, a).await,
    }
    /// Replaces a member's key with a new one; the old key signs the change, the registrar at
    /// the desk certifies the new key (needed when the old one was certified).
    key_rotate {
        args: KeyRotate, result: KeyView,
        action: SignOwn, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "community_id": 1, "key_id": 4, "pin": "<old PIN>", "new_pin": "<new PIN>", "registrar": { "key_id": 2, "pin": "<the registrar's PIN>" } },
        run: |x, a| ops::keys::key_rotate(x.ctx, &x.by, a).await,
    }
    /// Revokes a key: the signed-in registrar or host signs its revocation certificate with
    /// their key and PIN (`host`); the root ends the key's offices.
    key_revoke {
        args: KeyRevoke, result: KeyView,
        action: RevokeKey, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "community_id": 1, "key_id": 4, "reason": "PIN forgotten", "host": { "host_key_id": 1, "host_pin": "<host PIN>" } },
        run: |x, a| ops::keys::key_revoke(x.ctx, &x.by, a).await,
    }
    /// Unlocks a key locked after wrong PINs, approved with the host's key and PIN.
    key_unlock {
        args: KeyUnlock, result: KeyView,
        action: UnlockKey, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "community_id": 1, "key_id": 4, "host": { "host_key_id": 1, "host_pin": "<host PIN>" } },
        run: |x, a| ops::keys::key_unlock(x.ctx, &x.by, a).await,
    }
    /// Certifies a key that has no enrolment certificate (enrolled before certificates, or by
    /// the first-run setup): the signed-in registrar checks the identity again and signs.
    key_certify {
        args: KeyCertify, result: KeyView,
        action: EnrolKey, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater],
        example: { "community_id": 1, "key_id": 4, "check": "id_card", "registrar": { "key_id": 2, "pin": "<the registrar's PIN>" } },
        run: |x, a| ops::keys::key_certify(x.ctx, &x.by, a).await,
    }
    /// The notice of purpose (个人信息保护法 Art. 17) shown before a key is enrolled.
    enrolment_notice {
        args: NoArgs, result: Vec<NoticeItem>,
        action: Public, device: desk, effect: read,
        errors: [],
        example: {},
        run: |x, _a| ok(ops::keys::enrolment_notice(x.lang)),
    }
    /// The community's certificates (or one person's), each re-checked against its roots.
    cert_list {
        args: CertQuery, result: Vec<CertView>,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "person_id": 7 },
        run: |x, a| ops::keys::cert_list(x.ctx, a, x.lang).await,
    }
    /// A member's signed enrolment receipt: the printable page (with the notice of purpose) and
    /// the certificate; saved into Downloads when asked.
    key_receipt {
        args: KeyReceiptQuery, result: KeyReceipt,
        action: EnrolKey, device: desk, effect: read,
        errors: [NotFound, File],
        example: { "community_id": 1, "key_id": 4, "save_to_downloads": false },
        run: |x, a| ops::keys::key_receipt(x.ctx, a).await,
    }
    /// The community's root key: its fingerprint (what notices print), QR code and generations.
    root_show {
        args: RootQuery, result: RootView,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound, Conflict],
        example: { "community_id": 1 },
        run: |x, a| ops::keys::root_show(x.ctx, a).await,
    }
    /// Rotates the community's root: a new generation handed over by the old root (both sign),
    /// every officer certified again under the new one.
    root_rotate {
        args: RootRotate, result: RootView,
        action: AssignOffices, device: desk, effect: write,
        errors: [NotFound, Conflict, Integrity],
        example: { "community_id": 1, "reason": "yearly rotation", "countersigned_by": "" },
        run: |x, a| ops::keys::root_rotate(x.ctx, &x.by, a).await,
    }
    /// Files the countersignature of a root hand-over by the party it names (the street office),
    /// signed with their own key (`yishi keys sign`).
    root_countersign {
        args: RootCountersign, result: RootView,
        action: AssignOffices, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "generation": 2, "file": { "format": "yishi-signed/v1", "document": { "context": "yishi/root-handover/v1", "fields": [] }, "public_key": "yishi-key:v1:...", "signature": "..." } },
        run: |x, a| ops::keys::root_countersign(x.ctx, &x.by, a).await,
    }
    /// Creates a free-text document for members to sign.
    statement_create {
        args: StatementCreate, result: StatementView,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound],
        example: { "community_id": 1, "title": "关于加装电梯的意见征询", "body": "本人同意……" },
        run: |x, a| ops::signing::statement_create(x.ctx, &x.by, a).await,
    }
    /// The documents of a community that members can sign.
    statement_list {
        args: KeyQuery, result: Vec<StatementView>,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::signing::statement_list(x.ctx, a.community_id).await,
    }
    /// Exactly what will be signed, in plain words, with its hash.
    sign_preview {
        args: SignRequest, result: SignPreview,
        action: SignOwn, device: phone, effect: read,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "person_id": 7, "subject": { "kind": "ballot", "vote_id": 2, "choice": "agree", "proxy_for": null } },
        run: |x, a| ops::signing::sign_preview(x.ctx, &x.by, a, x.lang).await,
    }
    /// Signs a previewed document with the member's key and PIN; returns the receipt.
    sign {
        args: SignSubmit, result: Receipt,
        action: SignOwn, device: phone, effect: write,
        errors: [NotFound, Conflict, StalePreview, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "request": { "community_id": 1, "person_id": 7, "subject": { "kind": "statement", "statement_id": 3 } }, "signed_at": "2026-11-22T09:00:00+08:00", "document_hash": "9c1e...", "pin": "<the member's PIN>" },
        run: |x, a| ops::signing::sign(x.ctx, &x.by, a).await,
    }
    /// Accepts a file the member signed with their own key elsewhere.
    signature_submit {
        args: SignedFileSubmit, result: Receipt,
        action: SignOwn, device: phone, effect: write,
        errors: [NotFound, Conflict, StalePreview],
        example: { "request": { "community_id": 1, "person_id": 7, "subject": { "kind": "statement", "statement_id": 3 } }, "file": { "format": "yishi-signed/v1", "document": { "context": "yishi/statement/v1", "fields": [] }, "public_key": "yishi-key:v1:...", "signature": "..." } },
        run: |x, a| ops::signing::signature_submit(x.ctx, &x.by, a).await,
    }
    /// Signatures of a community, each re-verified on the spot.
    signature_list {
        args: SignatureQuery, result: SignaturePage,
        action: ReadRecord, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "subject": null, "offset": 0, "limit": 50 },
        run: |x, a| ops::signing::signature_list(x.ctx, a, x.lang).await,
    }

    // ---- Votes -------------------------------------------------------------------------

    /// The rule the law requires for a matter category, with the reason.
    rule_advice {
        args: RuleQuery, result: RuleAdvice,
        action: Public, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "category": "use_repair_fund", "building": null },
        run: |x, a| ops::votes::rule_advice(x.ctx, a).await,
    }
    /// Creates a vote as a draft (motion, rule, window).
    vote_create {
        args: VoteCreate, result: VoteView,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "title": "续聘物业", "motion": "同意续聘阳光物业三年", "category": "property_company", "kind": { "kind": "question" }, "settings": { "rule": { "kind": "owners_ordinary" }, "ballot_policy": "first_stands", "conformity_clause": false, "proxy_limit": null }, "opens_at": "2026-11-22T09:00:00+08:00", "closes_at": "2026-11-29T18:00:00+08:00", "objection_days": 7, "agenda_item_id": null, "matter_id": null },
        run: |x, a| ops::votes::vote_create(x.ctx, &x.by, a).await,
    }
    /// The community's votes with their state.
    vote_list {
        args: KeyQuery, result: Vec<VoteView>,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::votes::vote_list(x.ctx, x.now, a.community_id).await,
    }
    /// Opens a vote: freezes its roll and publishes the roll's hash.
    vote_open {
        args: VoteRef, result: VoteView,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "vote_id": 2 },
        run: |x, a| ops::votes::vote_open(x.ctx, &x.by, a.vote_id).await,
    }
    /// Live participation, ballots by unit, refusals and the result of a vote.
    vote_detail {
        args: VoteRef, result: VoteDetail,
        action: ReadRecord, device: desk, effect: read,
        errors: [NotFound],
        example: { "vote_id": 2 },
        run: |x, a| ops::votes::vote_detail(x.ctx, x.now, a.vote_id, x.lang).await,
    }
    /// The roll entries a person may vote for in a vote (own and under proxy), with units and
    /// whether each has voted: the kiosk asks "for which home" when there are several.
    vote_entries {
        args: VoteEntriesQuery, result: Vec<VoteEntry>,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "vote_id": 2, "person_id": 7 },
        run: |x, a| {
            ops::access::guard::own_or_office(&x.by, a.person_id)?;
            ops::votes::vote_entries(x.ctx, a).await
        },
    }
    /// Registers an owner's written proxy for a vote, signed (`yishi/proxy/v1`) by the owner's
    /// own key or by two officers of the vote's manifest, each with key and PIN.
    proxy_add {
        args: ProxyAdd, result: Vec<ProxyView>,
        action: EnterBallots, device: desk, effect: write,
        errors: [NotFound, Conflict, Forbidden, WrongPin, KeyLocked, TryLater],
        example: { "vote_id": 2, "owner_id": 7, "proxy_id": 9, "scan_base64": "iVBORw0KGgo=", "scope": "本次表决", "expires_at": "2026-11-30T00:00:00+08:00", "signers": { "kind": "officers", "officers": [{ "host_key_id": 1, "host_pin": "<PIN>" }, { "host_key_id": 2, "host_pin": "<PIN>" }] } },
        run: |x, a| ops::votes::proxy_add(x.ctx, &x.by, a).await,
    }
    /// Records that the vote's notice was served on an owner (conformity clause).
    served_add {
        args: ServedAdd, result: VoteDetail,
        action: EnterBallots, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "vote_id": 2, "person_id": 7, "method": "in_person", "evidence_base64": "iVBORw0KGgo=", "served_on": "2026-11-23" },
        run: |x, a| ops::votes::served_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// Enters a paper ballot with its scan; two witnesses sign.
    paper_ballot {
        args: PaperBallot, result: Receipt,
        action: EnterBallots, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "vote_id": 2, "person_id": 7, "mark": { "kind": "agree" }, "scan_base64": "iVBORw0KGgo=", "witnesses": [{ "host_key_id": 1, "host_pin": "<PIN>" }, { "host_key_id": 2, "host_pin": "<PIN>" }] },
        run: |x, a| ops::votes::paper_ballot(x.ctx, &x.by, a).await,
    }
    /// Closes a vote: counts it; host and secretary sign the result.
    vote_close {
        args: VoteClose, result: VoteDetail,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound, Conflict, WrongPin, KeyLocked, TryLater, Integrity],
        example: { "vote_id": 2, "host": { "host_key_id": 1, "host_pin": "<host PIN>" }, "secretary": { "host_key_id": 2, "host_pin": "<secretary PIN>" } },
        run: |x, a| ops::votes::vote_close(x.ctx, &x.by, a, x.lang).await,
    }
    /// The vote's record (`yishi-vote-record/v2`, v1 for votes opened before manifests) for
    /// `yishi verify`: the copy for anyone, roll entries by units without names.
    vote_record {
        args: VoteRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound, Conflict],
        example: { "vote_id": 2 },
        run: |x, a| ops::votes::vote_record(x.ctx, a.vote_id).await,
    }
    /// The owners' inspection copy of the record (司法解释 Art. 13): with the roll entries'
    /// names; verifies the same way.
    vote_record_inspection {
        args: VoteRef, result: ExportFile,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound, Conflict],
        example: { "vote_id": 2 },
        run: |x, a| ops::votes::vote_record_inspection(x.ctx, a.vote_id).await,
    }
    /// The printable public notice (公示) of a closed vote, HTML, with a checkpoint of the log
    /// (made first when the log grew since the last one).
    vote_notice {
        args: VoteRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "vote_id": 2 },
        run: |x, a| ops::votes::vote_notice(x.ctx, &x.by, a.vote_id, x.lang).await,
    }
    /// What `yishi verify` does, in the app: re-checks a vote record file.
    record_check {
        args: RecordCheckRequest, result: RecordCheck,
        action: Public, device: phone, effect: read,
        errors: [],
        example: { "content_base64": "eyJmb3JtYXQiOiAieWlzaGktdm90ZS1yZWNvcmQvdjEifQ==" },
        run: |x, a| ops::record::record_check(a, x.lang),
    }

    // ---- Conventions (公约) -------------------------------------------------------------

    /// The community's conventions: newest version's status, version in force, coverage.
    convention_list {
        args: KeyQuery, result: Vec<ConventionSummary>,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::conventions::convention_list(x.ctx, a.community_id, x.lang).await,
    }
    /// A convention's versions, reviews, adoption, filings, publications and next step.
    convention_detail {
        args: ConventionRef, result: ConventionDetail,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "convention_id": 1 },
        run: |x, a| ops::conventions::convention_detail(x.ctx, x.now, a, x.lang).await,
    }
    /// Starts a convention: version 1 as a draft.
    convention_create {
        args: ConventionCreate, result: ConventionDetail,
        action: DraftConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "kind": "residents_convention", "title": "居民公约", "articles": [{ "text": "爱护公共设施。", "rule": null }] },
        run: |x, a| ops::conventions::convention_create(x.ctx, &x.by, a, x.lang).await,
    }
    /// Replaces a draft's articles, numbered in order.
    convention_articles_save {
        args: ArticlesSave, result: ConventionDetail,
        action: DraftConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "articles": [{ "text": "爱护公共设施。", "rule": null }] },
        run: |x, a| ops::conventions::convention_articles_save(x.ctx, &x.by, a, x.lang).await,
    }
    /// A resident's suggestion on a draft.
    convention_suggest {
        args: SuggestionAdd, result: ConventionDetail,
        action: Propose, device: phone, effect: write,
        errors: [NotFound, Conflict],
        example: { "convention_id": 1, "article": 2, "author": "3栋 李", "person_id": null, "text": "建议写明晾晒时间。" },
        run: |x, a| ops::conventions::convention_suggest(x.ctx, &x.by, a, x.lang).await,
    }
    /// Records a review; it fixes the text hash it approved.
    convention_review {
        args: ReviewRecord, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "reviewer": "张律师", "organisation": "街道司法所", "comments": "无违法内容", "approved": true },
        run: |x, a| ops::conventions::convention_review(x.ctx, &x.by, a, x.lang).await,
    }
    /// Freezes the text the latest review approved.
    convention_freeze {
        args: VersionRef, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1 },
        run: |x, a| ops::conventions::convention_freeze(x.ctx, &x.by, a, x.lang).await,
    }
    /// Articles added, removed and changed between two versions.
    convention_diff {
        args: DiffQuery, result: VersionDiff,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "from_version_id": 1, "to_version_id": 2 },
        run: |x, a| ops::conventions::convention_diff(x.ctx, a).await,
    }
    /// Creates the adoption vote with the instrument's category and rule.
    convention_adoption_vote {
        args: AdoptionVote, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "instrument": "owners_vote", "opens_at": "2026-11-22T09:00:00+08:00", "closes_at": "2026-11-29T18:00:00+08:00", "objection_days": 7, "agenda_item_id": null, "matter_id": null },
        run: |x, a| ops::conventions::convention_adoption_vote(x.ctx, &x.by, a, x.lang).await,
    }
    /// Links an existing vote whose motion names the version's hash.
    convention_adoption_link {
        args: AdoptionLink, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "instrument": "owners_vote", "vote_id": 2 },
        run: |x, a| ops::conventions::convention_adoption_link(x.ctx, &x.by, a, x.lang).await,
    }
    /// Adopts a version after its linked vote closed, passed and is final.
    convention_adopt {
        args: VersionRef, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1 },
        run: |x, a| ops::conventions::convention_adopt(x.ctx, &x.by, a, x.lang).await,
    }
    /// Records an adoption made on paper before Yishi (meeting record and scan hash).
    convention_adopt_recorded {
        args: RecordedAdoption, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "instrument": "residents_meeting", "evidence": "2024年居民会议记录第3页", "evidence_sha256": "5f0c..." },
        run: |x, a| ops::conventions::convention_adopt_recorded(x.ctx, &x.by, a, x.lang).await,
    }
    /// Records the filing (备案): authority, day, reference.
    convention_file {
        args: NoticeInput, result: ConventionDetail,
        action: DraftConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "place": "幸福街道办事处", "day": "2026-12-01", "reference": "备字〔2026〕12号" },
        run: |x, a| ops::conventions::convention_file(x.ctx, &x.by, a, x.lang).await,
    }
    /// Records the publication (公布): place, day.
    convention_publish {
        args: NoticeInput, result: ConventionDetail,
        action: DraftConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "version_id": 1, "place": "小区公告栏", "day": "2026-12-02", "reference": "" },
        run: |x, a| ops::conventions::convention_publish(x.ctx, &x.by, a, x.lang).await,
    }
    /// Starts a new draft from the version in force.
    convention_amend {
        args: ConventionRef, result: ConventionDetail,
        action: AdoptConvention, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "convention_id": 1 },
        run: |x, a| ops::conventions::convention_amend(x.ctx, &x.by, a, x.lang).await,
    }
    /// Acknowledgements per building; households not yet acknowledged.
    convention_coverage {
        args: VersionRef, result: CoverageReport,
        action: ReadRoll, device: desk, effect: read,
        errors: [NotFound],
        example: { "version_id": 1 },
        run: |x, a| ops::conventions::convention_coverage(x.ctx, a).await,
    }
    /// Records a breach of a convention's article.
    violation_record {
        args: ViolationRecord, result: ViolationView,
        action: RecordViolation, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "convention_id": 1, "article": 3, "building": "1栋", "unit": null, "place": "1栋楼道", "occurred_at": "2026-11-20T19:30:00+08:00", "recorder": "楼栋长 赵", "recorder_role": "building_head", "persuaded": true, "persuasion": "当场劝导", "outcome": "corrected", "photo_sha256": null },
        run: |x, a| ops::conventions::violation_record(x.ctx, &x.by, a, x.lang).await,
    }
    /// Breaches recorded in a period.
    violation_list {
        args: PeriodQuery, result: Vec<ViolationView>,
        action: RecordViolation, device: desk, effect: read,
        errors: [NotFound],
        example: { "convention_id": 1, "from": "2026-01-01", "to": "2026-12-31" },
        run: |x, a| ops::conventions::violation_list(x.ctx, a, x.lang).await,
    }
    /// Evaluation per article and building, trend against the previous period, coverage.
    convention_report {
        args: PeriodQuery, result: EvaluationReport,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "convention_id": 1, "from": "2026-01-01", "to": "2026-12-31" },
        run: |x, a| ops::conventions::convention_report(x.ctx, a, x.lang).await,
    }
    /// What meetings enforce (speaking time, warnings), citing the articles; defaults otherwise.
    conduct_rules {
        args: KeyQuery, result: ConductRules,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::conventions::conduct_rules_current(x.ctx, a.community_id).await,
    }

    // ---- Matters (议题) ------------------------------------------------------------------

    /// Raises a matter for the community to consider.
    matter_raise {
        args: MatterRaise, result: MatterDetail,
        action: Propose, device: phone, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "title": "2栋加装电梯", "description": "2栋2单元老人多，上下楼难。", "category": "building_common_parts", "buildings": ["2栋"], "raised_by": "2栋 吴" },
        run: |x, a| ops::matters::matter_raise(x.ctx, &x.by, a, x.lang).await,
    }
    /// The matters board: counts per stage, filtered by stage, building, overdue.
    matter_list {
        args: MatterQuery, result: MatterBoard,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1, "stage": null, "building": null, "overdue_only": false },
        run: |x, a| ops::matters::matter_list(x.ctx, &x.by, a, x.lang).await,
    }
    /// A matter's state, timeline with signatures, proposal, meetings and votes.
    matter_detail {
        args: MatterRef, result: MatterDetail,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "matter_id": 4 },
        run: |x, a| ops::matters::matter_detail(x.ctx, &x.by, a.matter_id, x.lang).await,
    }
    /// Moves a matter one step, if its gate allows.
    matter_act {
        args: MatterAct, result: MatterDetail,
        action: ManageMatters, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "matter_id": 4, "step": { "kind": "take_up" } },
        run: |x, a| ops::matters::matter_act(x.ctx, &x.by, a, x.lang).await,
    }
    /// Sets the proposal text in the three-party stage; older signatures stop counting.
    proposal_set {
        args: ProposalSet, result: MatterDetail,
        action: ManageMatters, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "matter_id": 4, "text": "由维修资金列支，按单元分摊。" },
        run: |x, a| ops::matters::proposal_set(x.ctx, &x.by, a, x.lang).await,
    }
    /// Attaches a file to a matter.
    matter_file_add {
        args: MatterFileAdd, result: MatterDetail,
        action: ManageMatters, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "matter_id": 4, "name": "报价单.pdf", "content_base64": "JVBERi0xLjQ=" },
        run: |x, a| ops::matters::matter_file_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// A file attached to a matter.
    matter_file {
        args: FileRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "file_id": 5 },
        run: |x, a| ops::matters::matter_file(x.ctx, a.file_id).await,
    }

    // ---- Meetings and minutes ----------------------------------------------------------

    /// Schedules a meeting, with the check of its notice period.
    meeting_schedule {
        args: MeetingSchedule, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "community_id": 1, "kind": "residents", "mode": "in_person", "title": "居民会议", "place": "社区活动室", "starts_at": "2026-12-12T19:00:00+08:00", "host_id": null, "secretary_id": null, "entitled": null },
        run: |x, a| ops::meetings::meeting_schedule(x.ctx, &x.by, a, x.lang).await,
    }
    /// The community's meetings.
    meeting_list {
        args: CommunityRef, result: Vec<MeetingSummary>,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::meetings::meeting_list(x.ctx, &x.by, a.community_id, x.lang).await,
    }
    /// Whether a meeting's start leaves the notice period its kind requires.
    notice_preview {
        args: NoticePreview, result: Option<NoticeCheck>,
        action: Public, device: desk, effect: read,
        errors: [CalendarMissing],
        example: { "kind": "owners_assembly", "starts_at": "2026-12-12T19:00:00+08:00" },
        run: |x, a| ops::meetings::notice_preview(x.ctx, &x.by, a).await,
    }
    /// A meeting with its agenda, attendance, speakers and minutes, and the server's now.
    meeting_detail {
        args: MeetingRef, result: MeetingDetail,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::meeting_detail(x.ctx, &x.by, a.meeting_id, x.lang).await,
    }
    /// Adds an agenda item (optionally a matter).
    agenda_add {
        args: AgendaAdd, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3, "title": "2栋加装电梯", "matter_id": 4, "planned_minutes": 30 },
        run: |x, a| ops::meetings::agenda_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// Reorders the agenda.
    agenda_order {
        args: AgendaOrder, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3, "order": [12, 11, 13] },
        run: |x, a| ops::meetings::agenda_order(x.ctx, &x.by, a, x.lang).await,
    }
    /// Removes an agenda item before the meeting is announced.
    agenda_remove {
        args: ItemRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "item_id": 12 },
        run: |x, a| ops::meetings::agenda_remove(x.ctx, &x.by, a.item_id, x.lang).await,
    }
    /// Announces a meeting; a short notice is refused unless accepted.
    meeting_announce {
        args: MeetingAnnounce, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3, "accept_short_notice": false },
        run: |x, a| ops::meetings::meeting_announce(x.ctx, &x.by, a, x.lang).await,
    }
    /// The printable notice of a meeting, HTML, with a checkpoint of the log (made first when
    /// the log grew since the last one).
    meeting_notice {
        args: MeetingRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: write,
        errors: [NotFound],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::meeting_notice(x.ctx, &x.by, a.meeting_id).await,
    }
    /// Starts a meeting.
    meeting_start {
        args: MeetingRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::meeting_start(x.ctx, &x.by, a.meeting_id, x.lang).await,
    }
    /// Starts the discussion of an agenda item.
    meeting_item_start {
        args: ItemRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "item_id": 12 },
        run: |x, a| ops::meetings::meeting_item_start(x.ctx, &x.by, a.item_id, x.lang).await,
    }
    /// Ends a meeting.
    meeting_end {
        args: MeetingRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::meeting_end(x.ctx, &x.by, a.meeting_id, x.lang).await,
    }
    /// Records attendance entered by the secretary (with a reason) or by proxy (with its scan).
    attendance_add {
        args: AttendanceAdd, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3, "person_id": 7, "reason": "本人到场，无密钥", "proxy_for": null, "scan_sha256": null },
        run: |x, a| ops::meetings::attendance_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// Puts a person on an item's list of speakers.
    speaker_add {
        args: SpeakerAdd, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "item_id": 12, "person_id": 7, "point_of_order": false },
        run: |x, a| ops::meetings::speaker_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// Gives the floor to a speaker (starts their time).
    speaker_start {
        args: SpeechRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "speech_id": 21 },
        run: |x, a| ops::meetings::speaker_start(x.ctx, &x.by, a.speech_id, x.lang).await,
    }
    /// Ends a speech.
    speaker_stop {
        args: SpeechRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "speech_id": 21 },
        run: |x, a| ops::meetings::speaker_stop(x.ctx, &x.by, a.speech_id, x.lang).await,
    }
    /// Takes a waiting speaker off the list.
    speaker_withdraw {
        args: SpeechRef, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "speech_id": 21 },
        run: |x, a| ops::meetings::speaker_withdraw(x.ctx, &x.by, a.speech_id, x.lang).await,
    }
    /// Warns a speaker under the conduct rules; the warning is minuted.
    speaker_warn {
        args: SpeakerWarn, result: MeetingDetail,
        action: RunMeeting, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "item_id": 12, "person_id": 7, "note": "超时" },
        run: |x, a| ops::meetings::speaker_warn(x.ctx, &x.by, a, x.lang).await,
    }
    /// Saves an item's notes and decision; refused once the minutes are final.
    item_notes {
        args: ItemNotes, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "item_id": 12, "notes": "多数发言支持。", "decision": "提交业主表决。" },
        run: |x, a| ops::meetings::item_notes(x.ctx, &x.by, a, x.lang).await,
    }
    /// The minutes' text as it would be fixed now.
    minutes_draft {
        args: MeetingRef, result: String,
        action: KeepMinutes, device: desk, effect: read,
        errors: [NotFound],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::minutes_draft(x.ctx, &x.by, a.meeting_id).await,
    }
    /// Fixes the minutes' text by its SHA-256; sets the publish-by date.
    minutes_finalize {
        args: MeetingRef, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "meeting_id": 3 },
        run: |x, a| ops::meetings::minutes_finalize(x.ctx, &x.by, a.meeting_id, x.lang).await,
    }
    /// Adds an addendum to final minutes.
    addendum_add {
        args: AddendumAdd, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "minutes_id": 6, "text": "更正：第二项表决时间为 19:40。" },
        run: |x, a| ops::meetings::addendum_add(x.ctx, &x.by, a, x.lang).await,
    }
    /// Records that the minutes went on the bulletin board.
    minutes_publish {
        args: MinutesPublish, result: MeetingDetail,
        action: KeepMinutes, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "minutes_id": 6, "on": "2026-12-14" },
        run: |x, a| ops::meetings::minutes_publish(x.ctx, &x.by, a, x.lang).await,
    }
    /// Print-ready minutes (HTML) with their hash, the signers' fingerprints and a checkpoint of
    /// the log (made first when the log grew since the last one).
    minutes_export {
        args: MinutesRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: write,
        errors: [NotFound, Conflict],
        example: { "minutes_id": 6 },
        run: |x, a| ops::meetings::minutes_export(x.ctx, &x.by, a.minutes_id).await,
    }
    /// Opens a change-of-use (住改商) request: every other owner of the unit's building is an interested owner.
    consent_open {
        args: ops::consent::ConsentOpen, result: ops::consent::ConsentDetail,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound, InvalidInput],
        example: { "community_id": 1, "unit_id": 12, "applicant": "李明", "business": "社区便利店", "deadline": "2027-01-20T18:00:00+08:00", "co_owners": "designated_voter" },
        run: |x, a| ops::consent::consent_open(x.ctx, &x.by, a, x.lang).await,
    }
    /// Adds an owner outside the building who showed harm, with the reason and the evidence's SHA-256.
    consent_add_party {
        args: ops::consent::ConsentAddParty, result: ops::consent::ConsentDetail,
        action: RunVote, device: desk, effect: write,
        errors: [NotFound, Conflict, InvalidInput],
        example: { "consent_id": 2, "person_id": 88, "unit_id": null, "reason": "一层商铺油烟影响相邻住户", "evidence_sha256": "9f2c4e0b7a1d3c5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6" },
        run: |x, a| ops::consent::consent_add_party(x.ctx, &x.by, a, x.lang).await,
    }
    /// A change-of-use request with each interested owner's answers and the outcome now.
    consent_detail {
        args: ops::consent::ConsentRef, result: ops::consent::ConsentDetail,
        action: ReadPublished, device: phone, effect: read,
        errors: [NotFound],
        example: { "consent_id": 2 },
        run: |x, a| ops::consent::consent_detail(x.ctx, x.now, a, x.lang).await,
    }
    /// The community's change-of-use requests with their outcomes.
    consent_list {
        args: ops::consent::ConsentQuery, result: Vec<ops::consent::ConsentSummary>,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound],
        example: { "community_id": 1 },
        run: |x, a| ops::consent::consent_list(x.ctx, x.now, a).await,
    }
    /// The self-contained consent record (JSON) that `yishi verify` re-checks offline.
    consent_record {
        args: ops::consent::ConsentRef, result: ExportFile,
        action: ReadPublished, device: desk, effect: read,
        errors: [NotFound, Integrity],
        example: { "consent_id": 2 },
        run: |x, a| ops::consent::consent_record(x.ctx, x.now, a, x.lang).await,
    }
}
