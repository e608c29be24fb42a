// The one way the UI talks to the backend: `call(op, args)`, over Tauri's invoke in the desktop
// app and over POST /api/{op} in a browser served by `yishi serve`. Types come from ./bindings
// (generated from Rust by ts-rs); they are never re-declared here.

import { invoke } from '@tauri-apps/api/core';
import { bytesToBase64, downloadBytes } from './b64';
import type { ApiError as ErrorBody } from './bindings/ApiError';
import type { AppInfo } from './bindings/AppInfo';
import type { AuditQuery } from './bindings/AuditQuery';
import type { AuditReport } from './bindings/AuditReport';
import type { BackupInfo } from './bindings/BackupInfo';
import type { BackupRestore } from './bindings/BackupRestore';
import type { BuildingAdd } from './bindings/BuildingAdd';
import type { CommunityCreate } from './bindings/CommunityCreate';
import type { ConsentAddParty } from './bindings/ConsentAddParty';
import type { ConsentDetail } from './bindings/ConsentDetail';
import type { ConsentOpen } from './bindings/ConsentOpen';
import type { ConsentQuery } from './bindings/ConsentQuery';
import type { ConsentRef } from './bindings/ConsentRef';
import type { ConsentSummary } from './bindings/ConsentSummary';
import type { CommunityRef } from './bindings/CommunityRef';
import type { CommunitySettingsUpdate } from './bindings/CommunitySettingsUpdate';
import type { CommunitySummary } from './bindings/CommunitySummary';
import type { ErrorCode } from './bindings/ErrorCode';
import type { EventPage } from './bindings/EventPage';
import type { EventQuery } from './bindings/EventQuery';
import type { ExportFile } from './bindings/ExportFile';
import type { ExportRequest } from './bindings/ExportRequest';
import type { ImportCommit } from './bindings/ImportCommit';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportRequest } from './bindings/ImportRequest';
import type { JobProgress } from './bindings/JobProgress';
import type { JobQuery } from './bindings/JobQuery';
import type { KeyEnrol } from './bindings/KeyEnrol';
import type { KeyEnrolPublic } from './bindings/KeyEnrolPublic';
import type { KeyQuery } from './bindings/KeyQuery';
import type { KeyRevoke } from './bindings/KeyRevoke';
import type { KeyRotate } from './bindings/KeyRotate';
import type { KeyUnlock } from './bindings/KeyUnlock';
import type { KeyView } from './bindings/KeyView';
import type { PersonHit } from './bindings/PersonHit';
import type { PaperBallot } from './bindings/PaperBallot';
import type { PersonQuery } from './bindings/PersonQuery';
import type { ProxyAdd } from './bindings/ProxyAdd';
import type { ProxyView } from './bindings/ProxyView';
import type { Receipt } from './bindings/Receipt';
import type { RecordCheck } from './bindings/RecordCheck';
import type { RecordCheckRequest } from './bindings/RecordCheckRequest';
import type { RoleAssign } from './bindings/RoleAssign';
import type { RoleEntry } from './bindings/RoleEntry';
import type { RoleRemove } from './bindings/RoleRemove';
import type { RollQuery } from './bindings/RollQuery';
import type { RollSummary } from './bindings/RollSummary';
import type { RuleAdvice } from './bindings/RuleAdvice';
import type { RuleQuery } from './bindings/RuleQuery';
import type { SignaturePage } from './bindings/SignaturePage';
import type { SignatureQuery } from './bindings/SignatureQuery';
import type { SignedFileSubmit } from './bindings/SignedFileSubmit';
import type { SignPreview } from './bindings/SignPreview';
import type { SignRequest } from './bindings/SignRequest';
import type { SignSubmit } from './bindings/SignSubmit';
import type { StatementCreate } from './bindings/StatementCreate';
import type { StatementView } from './bindings/StatementView';
import type { UnitPage } from './bindings/UnitPage';
import type { UnitQuery } from './bindings/UnitQuery';
import type { VoteClose } from './bindings/VoteClose';
import type { VoteCreate } from './bindings/VoteCreate';
import type { VoteDetail } from './bindings/VoteDetail';
import type { VoteRef } from './bindings/VoteRef';
import type { VoteView } from './bindings/VoteView';
import { t } from './i18n';
import { getActor, getLang } from './prefs';

/** The backend's codes, plus two the client itself produces. */
export type ClientErrorCode = ErrorCode | 'network' | 'unexpected';

/** A failed operation: `message` is already in the user's language and says what to do. */
export class ApiError extends Error {
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
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

/** Turns whatever a failure carries into an ApiError. */
function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isErrorBody(raw)) return new ApiError(raw.code, raw.message);
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isErrorBody(parsed)) return new ApiError(parsed.code, parsed.message);
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
    return await invoke<string>('save_file', { fileName, contentBase64: bytesToBase64(bytes), lang: getLang() });
  } catch (e) {
    throw toApiError(e);
  }
}

/** Runs one operation by name. Rejects with an ApiError. */
export async function call<T>(op: string, args: unknown): Promise<T> {
  const actor = getActor();
  const lang = getLang();
  if (isDesktop()) {
    try {
      return await invoke<T>('call', { op, args, actor, lang });
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
        'x-yishi-actor': encodeURIComponent(actor),
        'x-yishi-lang': lang,
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
    if (isErrorBody(body)) throw new ApiError(body.code, body.message);
    throw new ApiError('unexpected', t('error.http', { status: response.status }));
  }
  if (body === undefined) throw new ApiError('unexpected', t('error.badReply'));
  return body as T;
}

// One typed wrapper per operation of docs/api.md.

export const appInfo = () => call<AppInfo>('app_info', {});
export const communityList = () => call<CommunitySummary[]>('community_list', {});
export const communityCreate = (a: CommunityCreate) => call<CommunitySummary>('community_create', a);
export const communitySettings = (a: CommunitySettingsUpdate) => call<CommunitySummary>('community_settings', a);
export const demoLoad = () => call<CommunitySummary>('demo_load', {});
export const buildingAdd = (a: BuildingAdd) => call<string[]>('building_add', a);
export const rollSummary = (q: RollQuery) => call<RollSummary>('roll_summary', q);
export const unitList = (q: UnitQuery) => call<UnitPage>('unit_list', q);
export const rollImportPreview = (a: ImportRequest) => call<ImportPreview>('roll_import_preview', a);
export const rollImportCommit = (a: ImportCommit) => call<ImportOutcome>('roll_import_commit', a);
export const jobProgress = (q: JobQuery) => call<JobProgress>('job_progress', q);
export const rollExport = (a: ExportRequest) => call<ExportFile>('roll_export', a);
export const roleList = (a: CommunityRef) => call<RoleEntry[]>('role_list', a);
export const roleAssign = (a: RoleAssign) => call<RoleEntry[]>('role_assign', a);
export const roleRemove = (a: RoleRemove) => call<RoleEntry[]>('role_remove', a);
export const personSearch = (q: PersonQuery) => call<PersonHit[]>('person_search', q);
export const auditVerify = (q: AuditQuery = { expect_head: null }) => call<AuditReport>('audit_verify', q);
export const eventList = (q: EventQuery) => call<EventPage>('event_list', q);
export const backupCreate = () => call<BackupInfo>('backup_create', {});
export const backupList = () => call<BackupInfo[]>('backup_list', {});
export const backupRestore = (a: BackupRestore) => call<AuditReport>('backup_restore', a);
export const keyList = (q: KeyQuery) => call<KeyView[]>('key_list', q);
export const hostKeys = (q: KeyQuery) => call<KeyView[]>('host_keys', q);
export const keyEnrol = (a: KeyEnrol) => call<KeyView>('key_enrol', a);
export const keyEnrolPublic = (a: KeyEnrolPublic) => call<KeyView>('key_enrol_public', a);
export const keyRotate = (a: KeyRotate) => call<KeyView>('key_rotate', a);
export const keyRevoke = (a: KeyRevoke) => call<KeyView>('key_revoke', a);
export const keyUnlock = (a: KeyUnlock) => call<KeyView>('key_unlock', a);
export const statementCreate = (a: StatementCreate) => call<StatementView>('statement_create', a);
export const statementList = (q: KeyQuery) => call<StatementView[]>('statement_list', q);
export const signPreview = (a: SignRequest) => call<SignPreview>('sign_preview', a);
export const sign = (a: SignSubmit) => call<Receipt>('sign', a);
export const signatureSubmit = (a: SignedFileSubmit) => call<Receipt>('signature_submit', a);
export const signatureList = (q: SignatureQuery) => call<SignaturePage>('signature_list', q);
export const ruleAdvice = (q: RuleQuery) => call<RuleAdvice>('rule_advice', q);
export const voteCreate = (a: VoteCreate) => call<VoteView>('vote_create', a);
export const voteList = (q: KeyQuery) => call<VoteView[]>('vote_list', q);
export const voteOpen = (a: VoteRef) => call<VoteView>('vote_open', a);
export const voteDetail = (a: VoteRef) => call<VoteDetail>('vote_detail', a);
export const proxyAdd = (a: ProxyAdd) => call<ProxyView[]>('proxy_add', a);
export const paperBallot = (a: PaperBallot) => call<Receipt>('paper_ballot', a);
export const voteClose = (a: VoteClose) => call<VoteDetail>('vote_close', a);
export const voteRecord = (a: VoteRef) => call<ExportFile>('vote_record', a);
export const voteNotice = (a: VoteRef) => call<ExportFile>('vote_notice', a);
export const recordCheck = (a: RecordCheckRequest) => call<RecordCheck>('record_check', a);
export const consentOpen = (a: ConsentOpen) => call<ConsentDetail>('consent_open', a);
export const consentAddParty = (a: ConsentAddParty) => call<ConsentDetail>('consent_add_party', a);
export const consentDetail = (a: ConsentRef) => call<ConsentDetail>('consent_detail', a);
export const consentList = (a: ConsentQuery) => call<ConsentSummary[]>('consent_list', a);
export const consentRecord = (a: ConsentRef) => call<ExportFile>('consent_record', a);
