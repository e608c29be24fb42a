// Plain-words labels of the consultation flow: meeting kinds and statuses, matter stages, the
// three parties, how someone attends, speeches; and the small formats the meeting screens share.

import type { AttendHow } from '../../bindings/AttendHow';
import type { MatterParty } from '../../bindings/MatterParty';
import type { MatterStage } from '../../bindings/MatterStage';
import type { MeetingKind } from '../../bindings/MeetingKind';
import type { MeetingStatus } from '../../bindings/MeetingStatus';
import type { SpeechStatus } from '../../bindings/SpeechStatus';
import { h } from '../../dom';
import { t, type Key } from '../../i18n';
import { getLang } from '../../prefs';

export const KINDS: readonly [MeetingKind, Key][] = [
  ['party_branch', 'mkind.party_branch'],
  ['joint', 'mkind.joint'],
  ['committee', 'mkind.committee'],
  ['owners_assembly', 'mkind.owners_assembly'],
  ['residents', 'mkind.residents'],
];

export const kindLabel = (k: MeetingKind) => t(KINDS.find(([id]) => id === k)?.[1] ?? 'mkind.residents');

const STATUS: Record<MeetingStatus, Key> = {
  draft: 'mstatus.draft',
  announced: 'mstatus.announced',
  running: 'mstatus.running',
  ended: 'mstatus.ended',
};
export const meetingStatusLabel = (s: MeetingStatus) => t(STATUS[s]);

export function meetingStatusBadge(s: MeetingStatus): HTMLElement {
  return h('span', { class: `badge meet-status meet-${s}`, testid: 'meeting-status', 'data-status': s }, meetingStatusLabel(s));
}

export const STAGES: readonly [MatterStage, Key][] = [
  ['raised', 'stage.raised'],
  ['party_branch', 'stage.party_branch'],
  ['three_parties', 'stage.three_parties'],
  ['residents', 'stage.residents'],
  ['carrying_out', 'stage.carrying_out'],
  ['evaluated', 'stage.evaluated'],
  ['closed', 'stage.closed'],
];
export const stageLabel = (s: MatterStage) => t(STAGES.find(([id]) => id === s)?.[1] ?? 'stage.raised');

export const PARTIES: readonly [MatterParty, Key][] = [
  ['residents_committee', 'party.residents_committee'],
  ['owners_committee', 'party.owners_committee'],
  ['property_company', 'party.property_company'],
];
export const partyLabel = (p: MatterParty) => t(PARTIES.find(([id]) => id === p)?.[1] ?? 'party.residents_committee');

const HOW: Record<AttendHow, Key> = { signed: 'attend.signed', secretary: 'attend.secretary', proxy: 'attend.proxy' };
export const howLabel = (a: AttendHow) => t(HOW[a]);

const SPEECH: Record<SpeechStatus, Key> = {
  queued: 'speech.queued',
  speaking: 'speech.speaking',
  done: 'speech.done',
  withdrawn: 'speech.withdrawn',
  cut: 'speech.cut',
};
export const speechStatusLabel = (s: SpeechStatus) => t(SPEECH[s]);

/** 95 → "1:35"; negative values count as 0. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** 95 → "1分35秒" / "1 min 35 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  if (getLang() === 'en') return m ? `${m} min ${r} s` : `${r} s`;
  return m ? `${m}分${r}秒` : `${r}秒`;
}

/** A meeting's local "2026-11-24T19:00" as "2026-11-24 19:00". */
export const localTime = (s: string) => s.replace('T', ' ');

/** The server's clock against ours, so countdowns agree with the record. */
export class ServerClock {
  private offset = 0;

  /** `now` is the server's RFC 3339 time from a detail just fetched. */
  sync(now: string): void {
    const server = Date.parse(now);
    if (!Number.isNaN(server)) this.offset = server - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Seconds since an RFC 3339 stamp, by the server's clock. */
  since(stamp: string | null): number {
    if (!stamp) return 0;
    const at = Date.parse(stamp);
    return Number.isNaN(at) ? 0 : Math.max(0, (this.now() - at) / 1000);
  }
}
