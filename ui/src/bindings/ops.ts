// Generated from src-tauri/commands/table.rs; do not edit. Regenerate: YISHI_BLESS=1 cargo test --test it op_table

import type { Action } from './Action';
import type { AddendumAdd } from './AddendumAdd';
import type { AdoptionLink } from './AdoptionLink';
import type { AdoptionVote } from './AdoptionVote';
import type { AgendaAdd } from './AgendaAdd';
import type { AgendaOrder } from './AgendaOrder';
import type { AppInfo } from './AppInfo';
import type { ArticlesSave } from './ArticlesSave';
import type { AttendanceAdd } from './AttendanceAdd';
import type { AuditQuery } from './AuditQuery';
import type { AuditReport } from './AuditReport';
import type { BackupExport } from './BackupExport';
import type { BackupExported } from './BackupExported';
import type { BackupInfo } from './BackupInfo';
import type { BackupRef } from './BackupRef';
import type { BackupRestore } from './BackupRestore';
import type { BackupUpload } from './BackupUpload';
import type { BuildingAdd } from './BuildingAdd';
import type { CalendarLoad } from './CalendarLoad';
import type { CalendarYearQuery } from './CalendarYearQuery';
import type { CalendarYearView } from './CalendarYearView';
import type { CalendarYears } from './CalendarYears';
import type { CertQuery } from './CertQuery';
import type { CertView } from './CertView';
import type { CheckpointQuery } from './CheckpointQuery';
import type { CheckpointView } from './CheckpointView';
import type { CommunityPick } from './CommunityPick';
import type { CommunityRef } from './CommunityRef';
import type { CommunitySettingsUpdate } from './CommunitySettingsUpdate';
import type { CommunitySetup } from './CommunitySetup';
import type { CommunitySummary } from './CommunitySummary';
import type { ConductRules } from './ConductRules';
import type { ConsentAddParty } from './ConsentAddParty';
import type { ConsentDetail } from './ConsentDetail';
import type { ConsentOpen } from './ConsentOpen';
import type { ConsentQuery } from './ConsentQuery';
import type { ConsentRef } from './ConsentRef';
import type { ConsentSummary } from './ConsentSummary';
import type { ConventionCreate } from './ConventionCreate';
import type { ConventionDetail } from './ConventionDetail';
import type { ConventionRef } from './ConventionRef';
import type { ConventionSummary } from './ConventionSummary';
import type { CoverageReport } from './CoverageReport';
import type { DemoOperator } from './DemoOperator';
import type { DeviceIssue } from './DeviceIssue';
import type { DeviceIssued } from './DeviceIssued';
import type { DeviceRevoke } from './DeviceRevoke';
import type { DeviceView } from './DeviceView';
import type { DiffQuery } from './DiffQuery';
import type { EvaluationReport } from './EvaluationReport';
import type { EventPage } from './EventPage';
import type { EventQuery } from './EventQuery';
import type { ExportFile } from './ExportFile';
import type { ExportRequest } from './ExportRequest';
import type { FileRef } from './FileRef';
import type { HostClaim } from './HostClaim';
import type { HostRecover } from './HostRecover';
import type { ImportCommit } from './ImportCommit';
import type { ImportOutcome } from './ImportOutcome';
import type { ImportPreview } from './ImportPreview';
import type { ImportRequest } from './ImportRequest';
import type { ItemNotes } from './ItemNotes';
import type { ItemRef } from './ItemRef';
import type { JobProgress } from './JobProgress';
import type { JobQuery } from './JobQuery';
import type { KeyCertify } from './KeyCertify';
import type { KeyEnrol } from './KeyEnrol';
import type { KeyEnrolPublic } from './KeyEnrolPublic';
import type { KeyQuery } from './KeyQuery';
import type { KeyReceipt } from './KeyReceipt';
import type { KeyReceiptQuery } from './KeyReceiptQuery';
import type { KeyRevoke } from './KeyRevoke';
import type { KeyRotate } from './KeyRotate';
import type { KeyUnlock } from './KeyUnlock';
import type { KeyView } from './KeyView';
import type { MatrixRow } from './MatrixRow';
import type { MatterAct } from './MatterAct';
import type { MatterBoard } from './MatterBoard';
import type { MatterDetail } from './MatterDetail';
import type { MatterFileAdd } from './MatterFileAdd';
import type { MatterQuery } from './MatterQuery';
import type { MatterRaise } from './MatterRaise';
import type { MatterRef } from './MatterRef';
import type { MeetingAnnounce } from './MeetingAnnounce';
import type { MeetingDetail } from './MeetingDetail';
import type { MeetingRef } from './MeetingRef';
import type { MeetingSchedule } from './MeetingSchedule';
import type { MeetingSummary } from './MeetingSummary';
import type { MinutesPublish } from './MinutesPublish';
import type { MinutesRef } from './MinutesRef';
import type { NoArgs } from './NoArgs';
import type { NoticeCheck } from './NoticeCheck';
import type { NoticeInput } from './NoticeInput';
import type { NoticeItem } from './NoticeItem';
import type { NoticePreview } from './NoticePreview';
import type { PaperBallot } from './PaperBallot';
import type { PeriodQuery } from './PeriodQuery';
import type { PersonHit } from './PersonHit';
import type { PersonQuery } from './PersonQuery';
import type { ProposalSet } from './ProposalSet';
import type { ProxyAdd } from './ProxyAdd';
import type { ProxyView } from './ProxyView';
import type { Receipt } from './Receipt';
import type { RecordCheck } from './RecordCheck';
import type { RecordCheckRequest } from './RecordCheckRequest';
import type { RecordedAdoption } from './RecordedAdoption';
import type { RecoveryCodeIssued } from './RecoveryCodeIssued';
import type { RecoveryOutcome } from './RecoveryOutcome';
import type { RestoreOutcome } from './RestoreOutcome';
import type { RestorePreview } from './RestorePreview';
import type { ReviewRecord } from './ReviewRecord';
import type { RoleAssign } from './RoleAssign';
import type { RoleEntry } from './RoleEntry';
import type { RoleRemove } from './RoleRemove';
import type { RollQuery } from './RollQuery';
import type { RollSummary } from './RollSummary';
import type { RootCountersign } from './RootCountersign';
import type { RootQuery } from './RootQuery';
import type { RootRotate } from './RootRotate';
import type { RootView } from './RootView';
import type { RuleAdvice } from './RuleAdvice';
import type { RuleQuery } from './RuleQuery';
import type { SecretsRecover } from './SecretsRecover';
import type { SecretsStatus } from './SecretsStatus';
import type { ServedAdd } from './ServedAdd';
import type { SessionState } from './SessionState';
import type { SetupDone } from './SetupDone';
import type { SignIn } from './SignIn';
import type { SignInCandidate } from './SignInCandidate';
import type { SignPreview } from './SignPreview';
import type { SignRequest } from './SignRequest';
import type { SignSubmit } from './SignSubmit';
import type { SignaturePage } from './SignaturePage';
import type { SignatureQuery } from './SignatureQuery';
import type { SignedFileSubmit } from './SignedFileSubmit';
import type { SignedIn } from './SignedIn';
import type { SpeakerAdd } from './SpeakerAdd';
import type { SpeakerWarn } from './SpeakerWarn';
import type { SpeechRef } from './SpeechRef';
import type { StatementCreate } from './StatementCreate';
import type { StatementView } from './StatementView';
import type { SuggestionAdd } from './SuggestionAdd';
import type { UnitPage } from './UnitPage';
import type { UnitQuery } from './UnitQuery';
import type { VersionDiff } from './VersionDiff';
import type { VersionRef } from './VersionRef';
import type { ViolationRecord } from './ViolationRecord';
import type { ViolationView } from './ViolationView';
import type { VoteClose } from './VoteClose';
import type { VoteCreate } from './VoteCreate';
import type { VoteDetail } from './VoteDetail';
import type { VoteEntriesQuery } from './VoteEntriesQuery';
import type { VoteEntry } from './VoteEntry';
import type { VoteRef } from './VoteRef';
import type { VoteView } from './VoteView';

/** Every operation by name: its arguments and its result. */
export type Ops = {
  /** The app's version, database and backup folders, communities and the log's head hash. Desk only: a phone on the meeting-room network has no business with the laptop's paths. */
  app_info: { args: NoArgs; result: AppInfo };
  /** The holiday schedules present (built in or loaded) and a warning when the coming year is missing. */
  calendar_years: { args: NoArgs; result: CalendarYears };
  /** One year's statutory holidays and make-up working days, or the missing year named. */
  calendar_show: { args: CalendarYearQuery; result: CalendarYearView };
  /** Loads a year's holiday schedule file after checking it (docs/holidays.md); logged. */
  calendar_load: { args: CalendarLoad; result: CalendarYearView };
  /** Every community in this database with its N (persons) and A (area). */
  community_list: { args: NoArgs; result: Array<CommunitySummary> };
  /** Creates a community with its buildings, roll settings and first host (who is signed in). Without a session only on the first run, while no community here has a host. */
  community_setup: { args: CommunitySetup; result: SetupDone };
  /** Names the first host of a community that has none who can sign in (a database made before sign-in); refused once it has one. Logged; the new host is signed in. */
  host_claim: { args: HostClaim; result: SetupDone };
  /** Names a new host with the database's recovery code, when no host can sign in any more (every host's key lost or locked). Logged; the new host is signed in. */
  host_recover: { args: HostRecover; result: SetupDone };
  /** Who is signed in with this session, the communities here, and whether setup is needed. */
  session_state: { args: NoArgs; result: SessionState };
  /** The office holders of a community who can sign in at this laptop. */
  sign_in_list: { args: CommunityPick; result: Array<SignInCandidate> };
  /** Signs in with one's own key and PIN; returns the session token. Wrong PINs count toward the key's lock like any signature. */
  session_sign_in: { args: SignIn; result: SignedIn };
  /** The demo community's operators and their demo PINs (empty for any other community): shown on the demo's sign-in screen, marked demo-only. */
  demo_operators: { args: CommunityPick; result: Array<DemoOperator> };
  /** The role matrix: for each action, the parties that may take it (the UI shows or hides what the signed-in person may do from this; the server enforces it). */
  access_matrix: { args: NoArgs; result: Array<MatrixRow> };
  /** Pairs a device (a member's phone, the sign-in table's tablet) for the meeting-room network: returns its token once; it lasts 12 hours unless revoked. Logged. */
  device_issue: { args: DeviceIssue; result: DeviceIssued };
  /** The devices paired for a community's meeting room, live now. */
  device_list: { args: CommunityPick; result: Array<DeviceView> };
  /** Ends a device's pairing (a lost phone). Logged. */
  device_revoke: { args: DeviceRevoke; result: Array<DeviceView> };
  /** Ends this session (true when there was one). */
  session_sign_out: { args: NoArgs; result: boolean };
  /** Changes a community's roll settings (whether parking spaces count toward N and A). */
  community_settings: { args: CommunitySettingsUpdate; result: CommunitySummary };
  /** Loads the demo community 阳光山庄. */
  demo_load: { args: NoArgs; result: CommunitySummary };
  /** Adds buildings to a community; returns all its building names. */
  building_add: { args: BuildingAdd; result: Array<string> };
  /** N, A, every merge and the per-building roll of a community. */
  roll_summary: { args: RollQuery; result: RollSummary };
  /** One page of units with their owners (phones masked). */
  unit_list: { args: UnitQuery; result: UnitPage };
  /** Finds persons on the roll by name or unit. */
  person_search: { args: PersonQuery; result: Array<PersonHit> };
  /** Exports the roll as CSV in the import layout. */
  roll_export: { args: ExportRequest; result: ExportFile };
  /** Reads a roster file and shows what an import would change, with every problem by line. */
  roll_import_preview: { args: ImportRequest; result: ImportPreview };
  /** Writes a previewed import, if the file and the roll are unchanged since the preview. */
  roll_import_commit: { args: ImportCommit; result: ImportOutcome };
  /** How far a long operation (an import) has come. */
  job_progress: { args: JobQuery; result: JobProgress };
  /** Who holds which office in a community. */
  role_list: { args: CommunityRef; result: Array<RoleEntry> };
  /** Gives a person an office (a building head names their building). */
  role_assign: { args: RoleAssign; result: Array<RoleEntry> };
  /** Ends a person's office. */
  role_remove: { args: RoleRemove; result: Array<RoleEntry> };
  /** Re-walks the hash chain, compares each roll and every row with legal meaning with the digests the log recorded, and checks every guard trigger. */
  audit_verify: { args: AuditQuery; result: AuditReport };
  /** One page of the event log, newest first. */
  event_list: { args: EventQuery; result: EventPage };
  /** The community's newest signed checkpoint over the log (size, short root hash, time, QR). */
  checkpoint_latest: { args: CheckpointQuery; result: CheckpointView | null };
  /** The newest checkpoint's signed file (JSON), to keep outside the laptop. */
  checkpoint_export: { args: CheckpointQuery; result: ExportFile };
  /** Writes a consistent copy of the live database into the backups folder. */
  backup_create: { args: NoArgs; result: BackupInfo };
  /** Saves into Downloads a copy of the database encrypted under the current recovery code (to keep on a USB drive away from the laptop); the database is unchanged. */
  backup_export: { args: BackupExport; result: BackupExported };
  /** The backups in the backups folder. */
  backup_list: { args: NoArgs; result: Array<BackupInfo> };
  /** Takes a backup file picked on this computer (sent as bytes) into the backups folder; an encrypted one (`backup_export`) is opened with its recovery code first. */
  backup_upload: { args: BackupUpload; result: BackupInfo };
  /** Checks a backup and says what restoring it would discard (ballots, signatures, receipts). */
  backup_restore_preview: { args: BackupRef; result: RestorePreview };
  /** Replaces the database with a checked backup; an older or forked one needs the host's signed confirmation. */
  backup_restore: { args: BackupRestore; result: RestoreOutcome };
  /** Issues a new recovery code for the database's secrets (shown once; later backups carry the secrets sealed under it). */
  recovery_code_renew: { args: NoArgs; result: RecoveryCodeIssued };
  /** Where the database's secrets are kept and whether a recovery code protects them. */
  secrets_status: { args: NoArgs; result: SecretsStatus };
  /** Installs a backup's secrets (or the open database's) from the recovery code, before restoring that backup; a wrong code changes nothing. */
  secrets_recover: { args: SecretsRecover; result: RecoveryOutcome };
  /** The community's signing keys (public parts) and their state. */
  key_list: { args: KeyQuery; result: Array<KeyView> };
  /** Active keys of persons with the host role (for approvals). */
  host_keys: { args: KeyQuery; result: Array<KeyView> };
  /** Generates a member's key here, sealed under their PIN, after the identity check; the signed-in registrar (or host) signs its enrolment certificate with their key and PIN. */
  key_enrol: { args: KeyEnrol; result: KeyView };
  /** Enrols a key the member brought (public part and proof of possession); the signed-in registrar (or host) signs its enrolment certificate. */
  key_enrol_public: { args: KeyEnrolPublic; result: KeyView };
  /** Replaces a member's key with a new one; the old key signs the change, the registrar at the desk certifies the new key (needed when the old one was certified). */
  key_rotate: { args: KeyRotate; result: KeyView };
  /** Revokes a key: the signed-in registrar or host signs its revocation certificate with their key and PIN (`host`); the root ends the key's offices. */
  key_revoke: { args: KeyRevoke; result: KeyView };
  /** Unlocks a key locked after wrong PINs, approved with the host's key and PIN. */
  key_unlock: { args: KeyUnlock; result: KeyView };
  /** Certifies a key that has no enrolment certificate (enrolled before certificates, or by the first-run setup): the signed-in registrar checks the identity again and signs. */
  key_certify: { args: KeyCertify; result: KeyView };
  /** The notice of purpose (个人信息保护法 Art. 17) shown before a key is enrolled. */
  enrolment_notice: { args: NoArgs; result: Array<NoticeItem> };
  /** The community's certificates (or one person's), each re-checked against its roots. */
  cert_list: { args: CertQuery; result: Array<CertView> };
  /** A member's signed enrolment receipt: the printable page (with the notice of purpose) and the certificate; saved into Downloads when asked. */
  key_receipt: { args: KeyReceiptQuery; result: KeyReceipt };
  /** The community's root key: its fingerprint (what notices print), QR code and generations. */
  root_show: { args: RootQuery; result: RootView };
  /** Rotates the community's root: a new generation handed over by the old root (both sign), every officer certified again under the new one. */
  root_rotate: { args: RootRotate; result: RootView };
  /** Files the countersignature of a root hand-over by the party it names (the street office), signed with their own key (`yishi keys sign`). */
  root_countersign: { args: RootCountersign; result: RootView };
  /** Creates a free-text document for members to sign. */
  statement_create: { args: StatementCreate; result: StatementView };
  /** The documents of a community that members can sign. */
  statement_list: { args: KeyQuery; result: Array<StatementView> };
  /** Exactly what will be signed, in plain words, with its hash. */
  sign_preview: { args: SignRequest; result: SignPreview };
  /** Signs a previewed document with the member's key and PIN; returns the receipt. */
  sign: { args: SignSubmit; result: Receipt };
  /** Accepts a file the member signed with their own key elsewhere. */
  signature_submit: { args: SignedFileSubmit; result: Receipt };
  /** Signatures of a community, each re-verified on the spot. */
  signature_list: { args: SignatureQuery; result: SignaturePage };
  /** The rule the law requires for a matter category, with the reason. */
  rule_advice: { args: RuleQuery; result: RuleAdvice };
  /** Creates a vote as a draft (motion, rule, window). */
  vote_create: { args: VoteCreate; result: VoteView };
  /** The community's votes with their state. */
  vote_list: { args: KeyQuery; result: Array<VoteView> };
  /** Opens a vote: freezes its roll and publishes the roll's hash. */
  vote_open: { args: VoteRef; result: VoteView };
  /** Live participation, ballots by unit, refusals and the result of a vote. */
  vote_detail: { args: VoteRef; result: VoteDetail };
  /** The roll entries a person may vote for in a vote (own and under proxy), with units and whether each has voted: the kiosk asks "for which home" when there are several. */
  vote_entries: { args: VoteEntriesQuery; result: Array<VoteEntry> };
  /** Registers an owner's written proxy for a vote, signed (`yishi/proxy/v1`) by the owner's own key or by two officers of the vote's manifest, each with key and PIN. */
  proxy_add: { args: ProxyAdd; result: Array<ProxyView> };
  /** Records that the vote's notice was served on an owner (conformity clause). */
  served_add: { args: ServedAdd; result: VoteDetail };
  /** Enters a paper ballot with its scan; two witnesses sign. */
  paper_ballot: { args: PaperBallot; result: Receipt };
  /** Closes a vote: counts it; host and secretary sign the result. */
  vote_close: { args: VoteClose; result: VoteDetail };
  /** The vote's record (`yishi-vote-record/v2`, v1 for votes opened before manifests) for `yishi verify`: the copy for anyone, roll entries by units without names. */
  vote_record: { args: VoteRef; result: ExportFile };
  /** The owners' inspection copy of the record (司法解释 Art. 13): with the roll entries' names; verifies the same way. */
  vote_record_inspection: { args: VoteRef; result: ExportFile };
  /** The printable public notice (公示) of a closed vote, HTML, with a checkpoint of the log (made first when the log grew since the last one). */
  vote_notice: { args: VoteRef; result: ExportFile };
  /** What `yishi verify` does, in the app: re-checks a vote record file. */
  record_check: { args: RecordCheckRequest; result: RecordCheck };
  /** The community's conventions: newest version's status, version in force, coverage. */
  convention_list: { args: KeyQuery; result: Array<ConventionSummary> };
  /** A convention's versions, reviews, adoption, filings, publications and next step. */
  convention_detail: { args: ConventionRef; result: ConventionDetail };
  /** Starts a convention: version 1 as a draft. */
  convention_create: { args: ConventionCreate; result: ConventionDetail };
  /** Replaces a draft's articles, numbered in order. */
  convention_articles_save: { args: ArticlesSave; result: ConventionDetail };
  /** A resident's suggestion on a draft. */
  convention_suggest: { args: SuggestionAdd; result: ConventionDetail };
  /** Records a review; it fixes the text hash it approved. */
  convention_review: { args: ReviewRecord; result: ConventionDetail };
  /** Freezes the text the latest review approved. */
  convention_freeze: { args: VersionRef; result: ConventionDetail };
  /** Articles added, removed and changed between two versions. */
  convention_diff: { args: DiffQuery; result: VersionDiff };
  /** Creates the adoption vote with the instrument's category and rule. */
  convention_adoption_vote: { args: AdoptionVote; result: ConventionDetail };
  /** Links an existing vote whose motion names the version's hash. */
  convention_adoption_link: { args: AdoptionLink; result: ConventionDetail };
  /** Adopts a version after its linked vote closed, passed and is final. */
  convention_adopt: { args: VersionRef; result: ConventionDetail };
  /** Records an adoption made on paper before Yishi (meeting record and scan hash). */
  convention_adopt_recorded: { args: RecordedAdoption; result: ConventionDetail };
  /** Records the filing (备案): authority, day, reference. */
  convention_file: { args: NoticeInput; result: ConventionDetail };
  /** Records the publication (公布): place, day. */
  convention_publish: { args: NoticeInput; result: ConventionDetail };
  /** Starts a new draft from the version in force. */
  convention_amend: { args: ConventionRef; result: ConventionDetail };
  /** Acknowledgements per building; households not yet acknowledged. */
  convention_coverage: { args: VersionRef; result: CoverageReport };
  /** Records a breach of a convention's article. */
  violation_record: { args: ViolationRecord; result: ViolationView };
  /** Breaches recorded in a period. */
  violation_list: { args: PeriodQuery; result: Array<ViolationView> };
  /** Evaluation per article and building, trend against the previous period, coverage. */
  convention_report: { args: PeriodQuery; result: EvaluationReport };
  /** What meetings enforce (speaking time, warnings), citing the articles; defaults otherwise. */
  conduct_rules: { args: KeyQuery; result: ConductRules };
  /** Raises a matter for the community to consider. */
  matter_raise: { args: MatterRaise; result: MatterDetail };
  /** The matters board: counts per stage, filtered by stage, building, overdue. */
  matter_list: { args: MatterQuery; result: MatterBoard };
  /** A matter's state, timeline with signatures, proposal, meetings and votes. */
  matter_detail: { args: MatterRef; result: MatterDetail };
  /** Moves a matter one step, if its gate allows. */
  matter_act: { args: MatterAct; result: MatterDetail };
  /** Sets the proposal text in the three-party stage; older signatures stop counting. */
  proposal_set: { args: ProposalSet; result: MatterDetail };
  /** Attaches a file to a matter. */
  matter_file_add: { args: MatterFileAdd; result: MatterDetail };
  /** A file attached to a matter. */
  matter_file: { args: FileRef; result: ExportFile };
  /** Schedules a meeting, with the check of its notice period. */
  meeting_schedule: { args: MeetingSchedule; result: MeetingDetail };
  /** The community's meetings. */
  meeting_list: { args: CommunityRef; result: Array<MeetingSummary> };
  /** Whether a meeting's start leaves the notice period its kind requires. */
  notice_preview: { args: NoticePreview; result: NoticeCheck | null };
  /** A meeting with its agenda, attendance, speakers and minutes, and the server's now. */
  meeting_detail: { args: MeetingRef; result: MeetingDetail };
  /** Adds an agenda item (optionally a matter). */
  agenda_add: { args: AgendaAdd; result: MeetingDetail };
  /** Reorders the agenda. */
  agenda_order: { args: AgendaOrder; result: MeetingDetail };
  /** Removes an agenda item before the meeting is announced. */
  agenda_remove: { args: ItemRef; result: MeetingDetail };
  /** Announces a meeting; a short notice is refused unless accepted. */
  meeting_announce: { args: MeetingAnnounce; result: MeetingDetail };
  /** The printable notice of a meeting, HTML, with a checkpoint of the log (made first when the log grew since the last one). */
  meeting_notice: { args: MeetingRef; result: ExportFile };
  /** Starts a meeting. */
  meeting_start: { args: MeetingRef; result: MeetingDetail };
  /** Starts the discussion of an agenda item. */
  meeting_item_start: { args: ItemRef; result: MeetingDetail };
  /** Ends a meeting. */
  meeting_end: { args: MeetingRef; result: MeetingDetail };
  /** Records attendance entered by the secretary (with a reason) or by proxy (with its scan). */
  attendance_add: { args: AttendanceAdd; result: MeetingDetail };
  /** Puts a person on an item's list of speakers. */
  speaker_add: { args: SpeakerAdd; result: MeetingDetail };
  /** Gives the floor to a speaker (starts their time). */
  speaker_start: { args: SpeechRef; result: MeetingDetail };
  /** Ends a speech. */
  speaker_stop: { args: SpeechRef; result: MeetingDetail };
  /** Takes a waiting speaker off the list. */
  speaker_withdraw: { args: SpeechRef; result: MeetingDetail };
  /** Warns a speaker under the conduct rules; the warning is minuted. */
  speaker_warn: { args: SpeakerWarn; result: MeetingDetail };
  /** Saves an item's notes and decision; refused once the minutes are final. */
  item_notes: { args: ItemNotes; result: MeetingDetail };
  /** The minutes' text as it would be fixed now. */
  minutes_draft: { args: MeetingRef; result: string };
  /** Fixes the minutes' text by its SHA-256; sets the publish-by date. */
  minutes_finalize: { args: MeetingRef; result: MeetingDetail };
  /** Adds an addendum to final minutes. */
  addendum_add: { args: AddendumAdd; result: MeetingDetail };
  /** Records that the minutes went on the bulletin board. */
  minutes_publish: { args: MinutesPublish; result: MeetingDetail };
  /** Print-ready minutes (HTML) with their hash, the signers' fingerprints and a checkpoint of the log (made first when the log grew since the last one). */
  minutes_export: { args: MinutesRef; result: ExportFile };
  /** Opens a change-of-use (住改商) request: every other owner of the unit's building is an interested owner. */
  consent_open: { args: ConsentOpen; result: ConsentDetail };
  /** Adds an owner outside the building who showed harm, with the reason and the evidence's SHA-256. */
  consent_add_party: { args: ConsentAddParty; result: ConsentDetail };
  /** A change-of-use request with each interested owner's answers and the outcome now. */
  consent_detail: { args: ConsentRef; result: ConsentDetail };
  /** The community's change-of-use requests with their outcomes. */
  consent_list: { args: ConsentQuery; result: Array<ConsentSummary> };
  /** The self-contained consent record (JSON) that `yishi verify` re-checks offline. */
  consent_record: { args: ConsentRef; result: ExportFile };
};

export type OpName = keyof Ops;

/** What each operation needs, whether phones may call it, whether it changes state. */
export const OP_TABLE: { readonly [K in OpName]: { action: Action; phones: boolean; changes: boolean } } = {
  app_info: { action: 'public', phones: false, changes: false },
  calendar_years: { action: 'public', phones: false, changes: false },
  calendar_show: { action: 'public', phones: false, changes: false },
  calendar_load: { action: 'maintain', phones: false, changes: true },
  community_list: { action: 'public', phones: false, changes: false },
  community_setup: { action: 'create_community', phones: false, changes: true },
  host_claim: { action: 'public', phones: false, changes: true },
  host_recover: { action: 'public', phones: false, changes: true },
  session_state: { action: 'public', phones: true, changes: false },
  sign_in_list: { action: 'public', phones: false, changes: false },
  session_sign_in: { action: 'public', phones: false, changes: true },
  demo_operators: { action: 'public', phones: false, changes: false },
  access_matrix: { action: 'public', phones: true, changes: false },
  device_issue: { action: 'run_meeting', phones: false, changes: true },
  device_list: { action: 'run_meeting', phones: false, changes: false },
  device_revoke: { action: 'run_meeting', phones: false, changes: true },
  session_sign_out: { action: 'public', phones: true, changes: true },
  community_settings: { action: 'run_vote', phones: false, changes: true },
  demo_load: { action: 'create_community', phones: false, changes: true },
  building_add: { action: 'edit_roll', phones: false, changes: true },
  roll_summary: { action: 'read_roll', phones: false, changes: false },
  unit_list: { action: 'read_roll', phones: false, changes: false },
  person_search: { action: 'read_roll', phones: false, changes: false },
  roll_export: { action: 'read_roll', phones: false, changes: false },
  roll_import_preview: { action: 'edit_roll', phones: false, changes: false },
  roll_import_commit: { action: 'edit_roll', phones: false, changes: true },
  job_progress: { action: 'public', phones: false, changes: false },
  role_list: { action: 'read_published', phones: false, changes: false },
  role_assign: { action: 'assign_offices', phones: false, changes: true },
  role_remove: { action: 'assign_offices', phones: false, changes: true },
  audit_verify: { action: 'read_published', phones: false, changes: false },
  event_list: { action: 'read_record', phones: false, changes: false },
  checkpoint_latest: { action: 'read_published', phones: false, changes: false },
  checkpoint_export: { action: 'read_published', phones: false, changes: false },
  backup_create: { action: 'maintain', phones: false, changes: true },
  backup_export: { action: 'maintain', phones: false, changes: true },
  backup_list: { action: 'maintain', phones: false, changes: false },
  backup_upload: { action: 'restore', phones: false, changes: true },
  backup_restore_preview: { action: 'restore', phones: false, changes: false },
  backup_restore: { action: 'restore', phones: false, changes: true },
  recovery_code_renew: { action: 'maintain', phones: false, changes: true },
  secrets_status: { action: 'maintain', phones: false, changes: false },
  secrets_recover: { action: 'restore', phones: false, changes: true },
  key_list: { action: 'read_roll', phones: false, changes: false },
  host_keys: { action: 'read_published', phones: false, changes: false },
  key_enrol: { action: 'enrol_key', phones: false, changes: true },
  key_enrol_public: { action: 'enrol_key', phones: false, changes: true },
  key_rotate: { action: 'sign_own', phones: false, changes: true },
  key_revoke: { action: 'revoke_key', phones: false, changes: true },
  key_unlock: { action: 'unlock_key', phones: false, changes: true },
  key_certify: { action: 'enrol_key', phones: false, changes: true },
  enrolment_notice: { action: 'public', phones: false, changes: false },
  cert_list: { action: 'read_roll', phones: false, changes: false },
  key_receipt: { action: 'enrol_key', phones: false, changes: false },
  root_show: { action: 'read_published', phones: false, changes: false },
  root_rotate: { action: 'assign_offices', phones: false, changes: true },
  root_countersign: { action: 'assign_offices', phones: false, changes: true },
  statement_create: { action: 'keep_minutes', phones: false, changes: true },
  statement_list: { action: 'read_published', phones: true, changes: false },
  sign_preview: { action: 'sign_own', phones: true, changes: false },
  sign: { action: 'sign_own', phones: true, changes: true },
  signature_submit: { action: 'sign_own', phones: true, changes: true },
  signature_list: { action: 'read_record', phones: false, changes: false },
  rule_advice: { action: 'public', phones: true, changes: false },
  vote_create: { action: 'run_vote', phones: false, changes: true },
  vote_list: { action: 'read_published', phones: true, changes: false },
  vote_open: { action: 'run_vote', phones: false, changes: true },
  vote_detail: { action: 'read_record', phones: false, changes: false },
  vote_entries: { action: 'read_published', phones: true, changes: false },
  proxy_add: { action: 'enter_ballots', phones: false, changes: true },
  served_add: { action: 'enter_ballots', phones: false, changes: true },
  paper_ballot: { action: 'enter_ballots', phones: false, changes: true },
  vote_close: { action: 'run_vote', phones: false, changes: true },
  vote_record: { action: 'read_published', phones: false, changes: false },
  vote_record_inspection: { action: 'read_roll', phones: false, changes: false },
  vote_notice: { action: 'read_published', phones: false, changes: true },
  record_check: { action: 'public', phones: true, changes: false },
  convention_list: { action: 'read_published', phones: true, changes: false },
  convention_detail: { action: 'read_published', phones: true, changes: false },
  convention_create: { action: 'draft_convention', phones: false, changes: true },
  convention_articles_save: { action: 'draft_convention', phones: false, changes: true },
  convention_suggest: { action: 'propose', phones: true, changes: true },
  convention_review: { action: 'adopt_convention', phones: false, changes: true },
  convention_freeze: { action: 'adopt_convention', phones: false, changes: true },
  convention_diff: { action: 'read_published', phones: true, changes: false },
  convention_adoption_vote: { action: 'adopt_convention', phones: false, changes: true },
  convention_adoption_link: { action: 'adopt_convention', phones: false, changes: true },
  convention_adopt: { action: 'adopt_convention', phones: false, changes: true },
  convention_adopt_recorded: { action: 'adopt_convention', phones: false, changes: true },
  convention_file: { action: 'draft_convention', phones: false, changes: true },
  convention_publish: { action: 'draft_convention', phones: false, changes: true },
  convention_amend: { action: 'adopt_convention', phones: false, changes: true },
  convention_coverage: { action: 'read_roll', phones: false, changes: false },
  violation_record: { action: 'record_violation', phones: false, changes: true },
  violation_list: { action: 'record_violation', phones: false, changes: false },
  convention_report: { action: 'read_published', phones: false, changes: false },
  conduct_rules: { action: 'read_published', phones: true, changes: false },
  matter_raise: { action: 'propose', phones: true, changes: true },
  matter_list: { action: 'read_published', phones: true, changes: false },
  matter_detail: { action: 'read_published', phones: true, changes: false },
  matter_act: { action: 'manage_matters', phones: false, changes: true },
  proposal_set: { action: 'manage_matters', phones: false, changes: true },
  matter_file_add: { action: 'manage_matters', phones: false, changes: true },
  matter_file: { action: 'read_published', phones: false, changes: false },
  meeting_schedule: { action: 'run_meeting', phones: false, changes: true },
  meeting_list: { action: 'read_published', phones: true, changes: false },
  notice_preview: { action: 'public', phones: false, changes: false },
  meeting_detail: { action: 'read_published', phones: true, changes: false },
  agenda_add: { action: 'run_meeting', phones: false, changes: true },
  agenda_order: { action: 'run_meeting', phones: false, changes: true },
  agenda_remove: { action: 'run_meeting', phones: false, changes: true },
  meeting_announce: { action: 'run_meeting', phones: false, changes: true },
  meeting_notice: { action: 'read_published', phones: false, changes: true },
  meeting_start: { action: 'run_meeting', phones: false, changes: true },
  meeting_item_start: { action: 'run_meeting', phones: false, changes: true },
  meeting_end: { action: 'run_meeting', phones: false, changes: true },
  attendance_add: { action: 'keep_minutes', phones: false, changes: true },
  speaker_add: { action: 'keep_minutes', phones: false, changes: true },
  speaker_start: { action: 'run_meeting', phones: false, changes: true },
  speaker_stop: { action: 'run_meeting', phones: false, changes: true },
  speaker_withdraw: { action: 'run_meeting', phones: false, changes: true },
  speaker_warn: { action: 'run_meeting', phones: false, changes: true },
  item_notes: { action: 'keep_minutes', phones: false, changes: true },
  minutes_draft: { action: 'keep_minutes', phones: false, changes: false },
  minutes_finalize: { action: 'keep_minutes', phones: false, changes: true },
  addendum_add: { action: 'keep_minutes', phones: false, changes: true },
  minutes_publish: { action: 'keep_minutes', phones: false, changes: true },
  minutes_export: { action: 'read_published', phones: false, changes: true },
  consent_open: { action: 'run_vote', phones: false, changes: true },
  consent_add_party: { action: 'run_vote', phones: false, changes: true },
  consent_detail: { action: 'read_published', phones: true, changes: false },
  consent_list: { action: 'read_published', phones: false, changes: false },
  consent_record: { action: 'read_published', phones: false, changes: false },
};
