// Attendance: signing in at the kiosk (signed by the attendee), or entered by the secretary
// with the reason (no key, cannot sign), or a proxy attending for another under a written
// authorisation whose scan is identified by its SHA-256. The quorum of a committee or
// residents' meeting is shown live.

import type { MeetingDetail } from '../../bindings/MeetingDetail';
import { personPicker } from '../../components/personPicker';
import { checkbox, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { kioskHref } from '../sign/kioskTask';
import { attendanceAdd } from './api';
import { howLabel } from './labels';
import type { MeetingCtx, Panel } from './panel';
import { sigRefEl } from './sig';

/** SHA-256 of a file, in hex (the page hashes it; the file itself is not sent). */
async function sha256File(f: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await f.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function quorumLine(d: MeetingDetail): HTMLElement | null {
  const q = d.quorum;
  if (!q) return null;
  return h(
    'p',
    { class: q.met ? 'quorum quorum-met' : 'quorum quorum-short', testid: 'quorum', 'data-met': String(q.met) },
    t(q.met ? 'quorum.met' : 'quorum.short', { present: q.present, entitled: q.entitled, needed: q.needed }),
  );
}

export function attendancePanel(ctx: MeetingCtx): Panel {
  const listEl = h('div', { 'aria-live': 'polite' });
  const quorumEl = h('div');
  const kiosk = h('a', { class: 'btn btn-primary btn-big', testid: 'signin-kiosk' }, t('attend.kiosk'));

  // The secretary's entry.
  const who = personPicker(ctx.community, t('attend.who'), 'attend-person');
  const reason = h('input', { type: 'text', testid: 'attend-reason', maxlength: '200' });
  const isProxy = checkbox(t('attend.isProxy'), { testid: 'attend-proxy' });
  const forWhom = personPicker(ctx.community, t('attend.proxyFor'), 'attend-proxy-for');
  const scan = h('input', { type: 'file', testid: 'attend-scan', accept: 'image/*,application/pdf' });
  const scanHash = h('input', { type: 'text', testid: 'attend-scan-hash', class: 'mono', maxlength: '64', spellcheck: 'false' });
  scan.addEventListener('change', () => {
    const f = scan.files?.[0];
    if (f) sha256File(f).then((hex) => (scanHash.value = hex), showError);
  });
  const proxyPart = h('div', { class: 'mode-part' }, forWhom.el, field(t('attend.scan'), scan, t('attend.scanHint')), field(t('attend.scanHash'), scanHash));
  const reasonField = field(t('attend.reason'), reason, t('attend.reasonHint'));
  const sync = () => {
    proxyPart.hidden = !isProxy.input.checked;
    reasonField.hidden = isProxy.input.checked;
  };
  isProxy.input.addEventListener('change', sync);
  sync();
  const add = h('button', { type: 'submit', class: 'btn', testid: 'attend-add' }, t('attend.add'));
  const form = h('form', { class: 'form' }, who.el, isProxy.row, reasonField, proxyPart, h('div', { class: 'actions' }, add));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const person = who.chosen();
    const owner = forWhom.chosen();
    const proxy = isProxy.input.checked;
    const problem = !person
      ? t('attend.noPerson')
      : proxy && !owner
        ? t('attend.noOwner')
        : proxy && !/^[0-9a-fA-F]{64}$/.test(scanHash.value.trim())
          ? t('attend.noScan')
          : !proxy && !reason.value.trim()
            ? t('attend.noReason')
            : null;
    if (problem || !person) {
      showError(problem ?? t('attend.noPerson'));
      return;
    }
    void ctx
      .act(add, () =>
        attendanceAdd({
          meeting_id: ctx.detail().summary.meeting_id,
          person_id: person.person.person_id,
          reason: proxy ? '' : reason.value.trim(),
          proxy_for: proxy && owner ? owner.person.person_id : null,
          scan_sha256: proxy ? scanHash.value.trim().toLowerCase() : null,
        }), t('attend.added', { name: person.person.name }))
      .then((after) => {
        if (!after) return;
        who.clear();
        forWhom.clear();
        reason.value = '';
        scanHash.value = '';
        scan.value = '';
      });
  });
  const entry = h('details', { class: 'help', testid: 'attend-entry' }, h('summary', null, t('attend.secretaryEntry')), h('p', { class: 'hint' }, t('attend.secretaryHint')), form);

  const update = (d: MeetingDetail) => {
    const live = d.summary.status === 'announced' || d.summary.status === 'running';
    kiosk.hidden = !live;
    entry.hidden = !live;
    kiosk.setAttribute('href', kioskHref({ subject: { kind: 'sign_in', meeting_id: d.summary.meeting_id }, title: t('attend.kioskTitle', { title: d.summary.title }), back: `#/meetings/${d.summary.meeting_id}` }));
    replace(quorumEl, quorumLine(d));
    replace(
      listEl,
      d.attendance.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', testid: 'attendance' },
              h('thead', null, h('tr', null, [t('attend.colName'), t('attend.colHow'), t('attend.colDetail'), t('attend.colAt')].map((x) => h('th', null, x)))),
              h(
                'tbody',
                null,
                d.attendance.map((a) =>
                  h(
                    'tr',
                    { testid: 'attendee', 'data-how': a.how, 'data-person': String(a.person_id) },
                    h('td', null, a.name),
                    h('td', null, howLabel(a.how)),
                    h('td', null, a.signature ? sigRefEl(a.signature) : null, a.reason ? h('span', null, a.reason) : null, a.proxy_for ? h('span', null, t('attend.proxyForName', { name: a.proxy_for.name })) : null),
                    h('td', { class: 'nowrap' }, formatTime(a.at)),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty', testid: 'attendance-empty' }, t('attend.none')),
      h('p', { class: 'hint', testid: 'attendance-count' }, t('attend.count', { n: d.attendance.length })),
    );
  };
  return {
    el: h('section', { class: 'card', testid: 'attendance-card' }, h('h2', null, t('attend.title')), quorumEl, h('div', { class: 'actions' }, kiosk), listEl, entry),
    update,
  };
}
