// The one way the UI talks to the backend: `call(op, args)`, over Tauri's invoke in the desktop
// app and over POST /api/{op} in a browser served by `yishi serve`. Types come from ./bindings
// (generated from Rust by ts-rs); they are never re-declared here. `call` is typed by the
// generated `Ops` map (bindings/ops.ts, from the table of operations in
// src-tauri/commands/table.rs): an unknown name, wrong arguments or a wrong result type fail
// `tsc`.

import { invoke } from '@tauri-apps/api/core';
import { bytesToBase64, downloadBytes } from './b64';
import type { ApiError as ErrorBody } from './bindings/ApiError';
import type { AuditQuery } from './bindings/AuditQuery';
import type { CheckpointQuery } from './bindings/CheckpointQuery';
import type { BackupRef } from './bindings/BackupRef';
import type { BackupRestore } from './bindings/BackupRestore';
import type { BackupExport } from './bindings/BackupExport';
import type { BackupUpload } from './bindings/BackupUpload';
import type { BuildingAdd } from './bindings/BuildingAdd';
import type { CalendarLoad } from './bindings/CalendarLoad';
import type { CommunitySetup } from './bindings/CommunitySetup';
import type { ConsentAddParty } from './bindings/ConsentAddParty';
import type { ConsentOpen } from './bindings/ConsentOpen';
import type { ConsentQuery } from './bindings/ConsentQuery';
import type { ConsentRef } from './bindings/ConsentRef';
import type { CommunityRef } from './bindings/CommunityRef';
import type { CommunitySettingsUpdate } from './bindings/CommunitySettingsUpdate';
import type { ErrorCode } from './bindings/ErrorCode';
import type { EventQuery } from './bindings/EventQuery';
import type { ExportRequest } from './bindings/ExportRequest';
import type { HostClaim } from './bindings/HostClaim';
import type { HostRecover } from './bindings/HostRecover';
import type { ImportCommit } from './bindings/ImportCommit';
import type { ImportRequest } from './bindings/ImportRequest';
import type { JobQuery } from './bindings/JobQuery';
import type { Ops } from './bindings/ops';
import type { CertQuery } from './bindings/CertQuery';
import type { KeyCertify } from './bindings/KeyCertify';
import type { KeyEnrol } from './bindings/KeyEnrol';
import type { KeyReceiptQuery } from './bindings/KeyReceiptQuery';
import type { RootQuery } from './bindings/RootQuery';
import type { KeyEnrolPublic } from './bindings/KeyEnrolPublic';
import type { KeyQuery } from './bindings/KeyQuery';
import type { KeyRevoke } from './bindings/KeyRevoke';
import type { KeyRotate } from './bindings/KeyRotate';
import type { KeyUnlock } from './bindings/KeyUnlock';
import type { PaperBallot } from './bindings/PaperBallot';
import type { PersonQuery } from './bindings/PersonQuery';
import type { ProxyAdd } from './bindings/ProxyAdd';
import type { RecordCheckRequest } from './bindings/RecordCheckRequest';
import type { RoleAssign } from './bindings/RoleAssign';
import type { RoleRemove } from './bindings/RoleRemove';
import type { RollQuery } from './bindings/RollQuery';
import type { RuleQuery } from './bindings/RuleQuery';
import type { SignatureQuery } from './bindings/SignatureQuery';
import type { SignIn } from './bindings/SignIn';
import type { SignedFileSubmit } from './bindings/SignedFileSubmit';
import type { SignRequest } from './bindings/SignRequest';
import type { SignSubmit } from './bindings/SignSubmit';
import type { StatementCreate } from './bindings/StatementCreate';
import type { UnitQuery } from './bindings/UnitQuery';
import type { VoteClose } from './bindings/VoteClose';
import type { VoteCreate } from './bindings/VoteCreate';
import type { VoteRef } from './bindings/VoteRef';
import type { VoteEntriesQuery } from './bindings/VoteEntriesQuery';
import { t } from './i18n';
import { getLang } from './prefs';
import { getToken, noteCall, signInRequiredNow } from './session';

/** The backend's codes, plus two the client itself produces. */
export type ClientErrorCode = ErrorCode | 'network' | 'unexpected';

/** A failed operation: `message` is already in the user's language and says what to do. */
export class ApiError extends Error {
  readonly code: ClientErrorCode;
  /** For internal failures: the reference the details are logged under (also in the message). */
  readonly ref: string | undefined;

  constructor(code: ClientErrorCode, message: string, ref?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.ref = ref;
  }
}

/** True inside the Tauri desktop app. */
export function isDesktop(): boolean {
  return '__TAURI_INTERNALS__' in window;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever a failure carries into an ApiError; a refused session asks to sign in. */
function toApiError(raw: unknown): ApiError {
  const e = parseError(raw);
  if (e.code === 'sign_in_required') signInRequiredNow(e);
  return e;
}

function parseError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isErrorBody(raw)) return new ApiError(raw.code, raw.message, raw.ref);
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isErrorBody(parsed)) return new ApiError(parsed.code, parsed.message, parsed.ref);
    } catch {
      /* not JSON: use the text itself */
    }
    return new ApiError('unexpected', raw || t('error.unexpected'));
  }
  return new ApiError('unexpected', t('error.unexpected'));
}

/**
 * Saves exported bytes where a person finds them: the Downloads folder in the desktop app
 * (which cannot download), a browser download otherwise. Resolves to the saved path (desktop)
 * or null (browser).
 */
export async function saveFile(bytes: Uint8Array<ArrayBuffer>, fileName: string, mime: string): Promise<string | null> {
  if (!isDesktop()) {
    downloadBytes(bytes, fileName, mime);
    return null;
  }
  try {
    return await invoke<string>('save_file', { fileName, contentBase64: bytesToBase64(bytes), session: getToken(), lang: getLang() });
  } catch (e) {
    throw toApiError(e);
  }
}

/** Runs one operation by name. Rejects with an ApiError. */
export async function call<K extends keyof Ops>(op: K, args: Ops[K]['args']): Promise<Ops[K]['result']> {
  type T = Ops[K]['result'];
  const session = getToken();
  const lang = getLang();
  noteCall();
  if (isDesktop()) {
    try {
      return await invoke<T>('call', { op, args, session, lang });
    } catch (e) {
      throw toApiError(e);
    }
  }
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(op)}`, {
      method: 'POST',
      body: JSON.stringify(args),
      headers: {
        'content-type': 'application/json',
        'x-yishi-lang': lang,
        ...(session ? { 'x-yishi-session': session } : {}),
      },
    });
  } catch {
    throw new ApiError('network', t('error.network'));
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorBody(body)) throw toApiError(body);
    throw new ApiError('unexpected', t('error.http', { status: response.status }));
  }
  if (body === undefined) throw new ApiError('unexpected', t('error.badReply'));
  return body as T;
}

// Named wrappers for the screens; each is checked against the table through `call`.

export const appInfo = () => call('app_info', {});
export const calendarYears = () => call('calendar_years', {});
export const calendarShow = (year: number) => call('calendar_show', { year });
export const calendarLoad = (a: CalendarLoad) => call('calendar_load', a);
export const communityList = () => call('community_list', {});
export const communitySetup = (a: CommunitySetup) => call('community_setup', a);
export const hostClaim = (a: HostClaim) => call('host_claim', a);
export const hostRecover = (a: HostRecover) => call('host_recover', a);
export const sessionState = () => call('session_state', {});
export const signInList = (community_id: number) => call('sign_in_list', { community_id });
export const sessionSignIn = (a: SignIn) => call('session_sign_in', a);
export const sessionSignOut = () => call('session_sign_out', {});
export const demoOperators = (community_id: number) => call('demo_operators', { community_id });
export const accessMatrix = () => call('access_matrix', {});
export const communitySettings = (a: CommunitySettingsUpdate) => call('community_settings', a);
export const demoLoad = () => call('demo_load', {});
export const buildingAdd = (a: BuildingAdd) => call('building_add', a);
export const rollSummary = (q: RollQuery) => call('roll_summary', q);
export const unitList = (q: UnitQuery) => call('unit_list', q);
export const rollImportPreview = (a: ImportRequest) => call('roll_import_preview', a);
export const rollImportCommit = (a: ImportCommit) => call('roll_import_commit', a);
export const jobProgress = (q: JobQuery) => call('job_progress', q);
export const rollExport = (a: ExportRequest) => call('roll_export', a);
export const roleList = (a: CommunityRef) => call('role_list', a);
export const roleAssign = (a: RoleAssign) => call('role_assign', a);
export const roleRemove = (a: RoleRemove) => call('role_remove', a);
export const personSearch = (q: PersonQuery) => call('person_search', q);
export const auditVerify = (q: AuditQuery = { expect_head: null, checkpoint: null }) => call('audit_verify', q);
export const checkpointLatest = (q: CheckpointQuery) => call('checkpoint_latest', q);
export const checkpointExport = (q: CheckpointQuery) => call('checkpoint_export', q);
export const eventList = (q: EventQuery) => call('event_list', q);
export const backupCreate = () => call('backup_create', {});
export const backupList = () => call('backup_list', {});
export const backupRestore = (a: BackupRestore) => call('backup_restore', a);
export const backupRestorePreview = (a: BackupRef) => call('backup_restore_preview', a);
export const backupUpload = (a: BackupUpload) => call('backup_upload', a);
export const backupExport = (a: BackupExport) => call('backup_export', a);
export const keyList = (q: KeyQuery) => call('key_list', q);
export const hostKeys = (q: KeyQuery) => call('host_keys', q);
export const keyEnrol = (a: KeyEnrol) => call('key_enrol', a);
export const keyEnrolPublic = (a: KeyEnrolPublic) => call('key_enrol_public', a);
export const keyRotate = (a: KeyRotate) => call('key_rotate', a);
export const keyRevoke = (a: KeyRevoke) => call('key_revoke', a);
export const keyUnlock = (a: KeyUnlock) => call('key_unlock', a);
export const keyCertify = (a: KeyCertify) => call('key_certify', a);
export const enrolmentNotice = () => call('enrolment_notice', {});
export const keyReceipt = (q: KeyReceiptQuery) => call('key_receipt', q);
export const certList = (q: CertQuery) => call('cert_list', q);
export const rootShow = (q: RootQuery) => call('root_show', q);
export const statementCreate = (a: StatementCreate) => call('statement_create', a);
export const statementList = (q: KeyQuery) => call('statement_list', q);
export const signPreview = (a: SignRequest) => call('sign_preview', a);
export const sign = (a: SignSubmit) => call('sign', a);
export const signatureSubmit = (a: SignedFileSubmit) => call('signature_submit', a);
export const signatureList = (q: SignatureQuery) => call('signature_list', q);
export const ruleAdvice = (q: RuleQuery) => call('rule_advice', q);
export const voteCreate = (a: VoteCreate) => call('vote_create', a);
export const voteList = (q: KeyQuery) => call('vote_list', q);
export const voteOpen = (a: VoteRef) => call('vote_open', a);
export const voteDetail = (a: VoteRef) => call('vote_detail', a);
export const voteEntries = (a: VoteEntriesQuery) => call('vote_entries', a);
export const proxyAdd = (a: ProxyAdd) => call('proxy_add', a);
export const paperBallot = (a: PaperBallot) => call('paper_ballot', a);
export const voteClose = (a: VoteClose) => call('vote_close', a);
export const voteRecord = (a: VoteRef) => call('vote_record', a);
export const voteRecordInspection = (a: VoteRef) => call('vote_record_inspection', a);
export const voteNotice = (a: VoteRef) => call('vote_notice', a);
export const recordCheck = (a: RecordCheckRequest) => call('record_check', a);
export const consentOpen = (a: ConsentOpen) => call('consent_open', a);
export const consentAddParty = (a: ConsentAddParty) => call('consent_add_party', a);
export const consentDetail = (a: ConsentRef) => call('consent_detail', a);
export const consentList = (a: ConsentQuery) => call('consent_list', a);
export const consentRecord = (a: ConsentRef) => call('consent_record', a);
