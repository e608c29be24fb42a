// Words for the convention types: kinds, version status, recorder roles, outcomes, conduct
// limits, and a trend read aloud ("下降58%").

import type { ArticleRule } from '../../bindings/ArticleRule';
import type { ConductParam } from '../../bindings/ConductParam';
import type { ConventionKind } from '../../bindings/ConventionKind';
import type { Coverage } from '../../bindings/Coverage';
import type { RecorderRole } from '../../bindings/RecorderRole';
import type { Trend } from '../../bindings/Trend';
import type { VersionStatus } from '../../bindings/VersionStatus';
import type { ViolationOutcome } from '../../bindings/ViolationOutcome';
import { h } from '../../dom';
import { t, type Key } from '../../i18n';

export const KINDS: readonly ConventionKind[] = ['residents_convention', 'management_statute', 'rules_of_procedure', 'meeting_conduct'];

export const kindLabel = (k: ConventionKind) => t(`conv.kind.${k}` as Key);
export const kindHint = (k: ConventionKind) => t(`conv.kindHint.${k}` as Key);
export const statusLabel = (s: VersionStatus) => t(`conv.status.${s}` as Key);
export const roleLabel = (r: RecorderRole) => t(`conv.role.${r}` as Key);
export const outcomeLabel = (o: ViolationOutcome) => t(`conv.outcome.${o}` as Key);
export const ROLES: readonly RecorderRole[] = ['patrol', 'building_head', 'grid_worker'];
export const OUTCOMES: readonly ViolationOutcome[] = ['corrected', 'promised', 'refused', 'referred'];
export const PARAMS: readonly ConductParam[] = ['speech_seconds', 'speeches_per_item', 'warnings_to_lose_floor'];

export function statusBadge(s: VersionStatus): HTMLElement {
  return h('span', { class: `badge conv-status conv-${s}`, testid: 'conv-status', 'data-status': s }, statusLabel(s));
}

export function ruleText(r: ArticleRule): string {
  if (r.param === 'speech_seconds') return t('conv.rule.speech_seconds', { n: r.value });
  if (r.param === 'speeches_per_item') return t('conv.rule.speeches_per_item', { n: r.value });
  return t('conv.rule.warnings_to_lose_floor', { n: r.value });
}

/** "第N版". */
export const versionLabel = (n: number) => t('conv.versionN', { n });

/** "16/268 户（5%）". */
export const coverageText = (c: Coverage) => t('conv.coverageText', { a: c.acknowledged, n: c.households, p: c.percent });

/** "下降58%", "上升约67%", "持平", "新出现". */
export function trendText(tr: Trend): string {
  const about = tr.exact ? '' : t('conv.trendAbout');
  if (tr.direction === 'new') return t('conv.trendNew');
  if (tr.direction === 'same') return t('conv.trendSame');
  return t(tr.direction === 'down' ? 'conv.trendDown' : 'conv.trendUp', { about, p: tr.percent ?? 0 });
}

/** Local YYYY-MM-DD of a Date. */
export function ymd(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The first and last day of the month `back` months before this one ("YYYY-MM"). */
export function monthBefore(back: number, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** A month "YYYY-MM" as its first and last days. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(y ?? 1970, m ?? 1, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
