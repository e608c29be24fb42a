// The statutory holiday schedules the notice periods are counted with (one file per year,
// docs/holidays.md): the warning when the current or coming year is missing, the years present
// with where each came from, loading a year's file (checked by the backend; a refused file
// saves nothing), and, on a meeting whose dates reach a missing year, the host's signed reason
// to go on (printed on the notice).

import { calendarLoad, calendarYears } from '../../api';
import type { CalendarYearView } from '../../bindings/CalendarYearView';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { YearGap } from '../../bindings/YearGap';
import { checkbox, field, h, replace } from '../../dom';
import { formatTime, shortHash } from '../../format';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { getLang } from '../../prefs';
import { kioskHref } from '../sign/kioskTask';

const gapMessage = (g: YearGap) => (getLang() === 'en' ? g.message_en : g.message_zh);

/** The banner above the meetings list while a year is missing (empty otherwise). */
export function calendarBanner(): HTMLElement {
  const el = h('div', { 'aria-live': 'polite' });
  calendarYears().then((y) => {
    if (y.warning) replace(el, h('div', { class: 'warning', role: 'alert', testid: 'calendar-warning', 'data-year': String(y.warning.year) }, h('p', null, gapMessage(y.warning))));
  }, showError);
  return el;
}

function yearRow(v: CalendarYearView): HTMLElement {
  const origin = v.builtin ? t('holiday.builtin') : t('holiday.loadedBy', { at: formatTime(v.loaded_at ?? ''), by: v.loaded_by ?? '' });
  return h(
    'tr',
    { testid: 'calendar-year', 'data-year': String(v.year) },
    h('th', { scope: 'row' }, String(v.year)),
    h('td', null, v.title, h('div', { class: 'hint' }, t('holiday.issued', { on: v.issued }))),
    h('td', null, v.holidays.map((r) => h('div', null, `${r.name} `, h('span', { class: 'nowrap' }, `${r.from} – ${r.to}`)))),
    h('td', { class: 'nowrap' }, v.makeup_workdays.length ? v.makeup_workdays.map((m) => h('div', null, m.date)) : '—'),
    h('td', null, origin, v.replaced ? h('div', { class: 'hint' }, t('holiday.replaced')) : null, h('div', null, h('code', { class: 'mono', title: v.sha256 }, shortHash(v.sha256, 10)))),
  );
}

/** The card listing the years present, with a form to load a year's file. */
export function holidaysSection(): HTMLElement {
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  const file = h('input', { type: 'file', accept: '.json,application/json', testid: 'calendar-file' });
  const replaceBox = checkbox(t('holiday.replace'), { testid: 'calendar-replace' });
  const load = h('button', { type: 'button', class: 'btn btn-primary', testid: 'calendar-load' }, t('holiday.load'));

  async function refresh(): Promise<void> {
    const y = await calendarYears();
    replace(
      listEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', testid: 'calendar-years' },
          h('thead', null, h('tr', null, [t('holiday.colYear'), t('holiday.colSource'), t('holiday.colHolidays'), t('holiday.colMakeup'), t('holiday.colOrigin')].map((x) => h('th', null, x)))),
          h('tbody', null, y.years.map(yearRow)),
        ),
      ),
    );
  }
  load.addEventListener('click', () => {
    const f = file.files?.[0];
    if (!f) {
      showError(t('holiday.needFile'));
      return;
    }
    void run(load, async () => {
      const v = await calendarLoad({ file_name: f.name, content: await f.text(), replace: replaceBox.input.checked });
      showNotice(t('holiday.loaded', { year: String(v.year) }));
      file.value = '';
      await refresh();
    });
  });
  refresh().catch(showError);
  return h(
    'section',
    { class: 'card', testid: 'calendar-section' },
    h('h2', null, t('holiday.title')),
    h('p', null, t('holiday.lead')),
    listEl,
    h('h3', null, t('holiday.loadTitle')),
    field(t('holiday.file'), file, t('holiday.fileHint')),
    replaceBox.row,
    h('div', { class: 'actions' }, load),
  );
}

/** On a meeting whose notice count reaches a missing year: what is missing, and the host's
 *  signed reason to go on (signed at the kiosk, then the announcement goes through). */
export function calendarMissingBox(d: MeetingDetail): HTMLElement | null {
  const m = d.summary.calendar_missing;
  if (!m) return null;
  const reason = h('textarea', { rows: '3', testid: 'calendar-override-reason' });
  const sign = h('button', { type: 'button', class: 'btn', testid: 'calendar-override-sign' }, t('holiday.overrideSign'));
  sign.addEventListener('click', () => {
    if (!reason.value.trim()) {
      showError(t('holiday.overrideNeedReason'));
      reason.focus();
      return;
    }
    location.hash = kioskHref({
      subject: { kind: 'calendar_override', meeting_id: d.summary.meeting_id, year: m.year, reason: reason.value.trim() },
      title: t('holiday.overrideKiosk', { title: d.summary.title, year: String(m.year) }),
      back: `#/meetings/${d.summary.meeting_id}`,
    });
  });
  return h(
    'div',
    { class: 'warning', testid: 'calendar-missing', 'data-year': String(m.year) },
    h('p', null, h('strong', null, t('holiday.missingTitle', { year: String(m.year) }))),
    h('p', null, m.message),
    h(
      'details',
      null,
      h('summary', null, t('holiday.overrideTitle')),
      h('p', { class: 'hint' }, t('holiday.overrideHint', { year: String(m.year) })),
      field(t('holiday.overrideReason'), reason),
      h('div', { class: 'actions' }, sign),
    ),
  );
}

/** The hosts' signed reasons in force on a meeting (also printed on the notice). */
export function calendarOverridesList(d: MeetingDetail): HTMLElement | null {
  const list = d.summary.calendar_overrides.filter((o) => o.in_use);
  if (!list.length) return null;
  return h(
    'ul',
    { class: 'plain-list', testid: 'calendar-overrides' },
    list.map((o) => h('li', { class: 'warning' }, t('holiday.overrideSigned', { year: String(o.year), name: o.signer, at: formatTime(o.signed_at) }), ' ', h('span', { class: 'quote' }, o.reason))),
  );
}
