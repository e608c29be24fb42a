// 践约: violations recorded against an article of the version in force — where (a unit, a
// building or a public place; the unit rather than a name), when, by whom (patrol member,
// building head, grid worker), the persuasion given (劝导) and the outcome, and optionally the
// SHA-256 of a photo kept elsewhere (the photo itself never leaves this computer).

import { guarded } from '../../access';
import type { RecorderRole } from '../../bindings/RecorderRole';
import type { VersionView } from '../../bindings/VersionView';
import type { ViolationOutcome } from '../../bindings/ViolationOutcome';
import type { ViolationView } from '../../bindings/ViolationView';
import { checkbox, field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { violationList, violationRecord } from './api';
import { card, type ConvCtx } from './card';
import { monthBefore, monthRange, outcomeLabel, OUTCOMES, roleLabel, ROLES, ymd } from './labels';

const PUBLIC = '';

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function table(list: ViolationView[]): HTMLElement {
  if (!list.length) return h('p', { class: 'empty', testid: 'violations-empty' }, t('conv.noViolations'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', testid: 'violation-list' },
      h('thead', null, h('tr', null, [t('conv.colWhen'), t('conv.colArticle'), t('conv.colWhere'), t('conv.colRecorder'), t('conv.colPersuasion'), t('conv.colOutcome')].map((x) => h('th', null, x)))),
      h(
        'tbody',
        null,
        list.map((v) =>
          h(
            'tr',
            { testid: 'violation-row', 'data-article': String(v.article), 'data-place': v.place },
            h('td', { class: 'nowrap' }, v.occurred_at.slice(0, 10)),
            h('td', null, v.article_label),
            h('td', null, v.place),
            h('td', null, v.recorder, h('div', { class: 'hint' }, roleLabel(v.recorder_role))),
            h('td', null, v.persuaded ? v.persuasion || t('conv.persuaded') : t('conv.notPersuaded')),
            h('td', null, outcomeLabel(v.outcome), v.photo_sha256 ? h('div', { class: 'hint mono' }, `${t('conv.photoHash')} ${v.photo_sha256.slice(0, 12)}…`) : null),
          ),
        ),
      ),
    ),
  );
}

export function violationsCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const d = ctx.detail();
  const article = h('select', { testid: 'violation-article' }, v.articles.map((a) => h('option', { value: String(a.number) }, `${a.label} ${a.text.slice(0, 20)}${a.text.length > 20 ? '…' : ''}`)));
  const building = h('select', { testid: 'violation-building' }, h('option', { value: PUBLIC }, t('conv.publicPlace')), ctx.community.buildings.map((b) => h('option', { value: b }, b)));
  const unit = h('input', { type: 'text', testid: 'violation-unit', placeholder: t('conv.unitPlaceholder'), inputmode: 'numeric' });
  const place = h('input', { type: 'text', testid: 'violation-place', placeholder: t('conv.placePlaceholder') });
  const when = h('input', { type: 'date', testid: 'violation-when', value: ymd(new Date()) });
  const recorder = h('input', { type: 'text', testid: 'violation-recorder' });
  const role = h('select', { testid: 'violation-role' }, ROLES.map((r) => h('option', { value: r }, roleLabel(r))));
  const persuaded = checkbox(t('conv.persuadedCheck'), { testid: 'violation-persuaded', checked: true });
  const persuasion = h('input', { type: 'text', testid: 'violation-persuasion', placeholder: t('conv.persuasionPlaceholder') });
  const outcome = h('select', { testid: 'violation-outcome' }, OUTCOMES.map((o) => h('option', { value: o }, outcomeLabel(o))));
  const photo = h('input', { type: 'file', accept: 'image/*', testid: 'violation-photo' });
  const photoHash = h('p', { class: 'hint mono', testid: 'violation-photo-hash' });
  let hash: string | null = null;
  photo.addEventListener('change', () => {
    const file = photo.files?.[0];
    hash = null;
    photoHash.textContent = '';
    if (file) {
      sha256Hex(file).then((x) => {
        hash = x;
        photoHash.textContent = `${t('conv.photoHash')} ${x}`;
      }, showError);
    }
  });
  persuaded.input.addEventListener('change', () => (persuasion.disabled = !persuaded.input.checked));
  const submit = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'violation-record' }, t('conv.violationRecord')), 'violation_record');

  const from = h('input', { type: 'date', testid: 'violations-from', value: monthRange(monthBefore(1)).from });
  const to = h('input', { type: 'date', testid: 'violations-to', value: ymd(new Date()) });
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  const load = () => violationList({ convention_id: d.convention_id, from: from.value, to: to.value }).then((l) => replace(listEl, table(l)), showError);
  from.addEventListener('change', () => void load());
  to.addEventListener('change', () => void load());
  void load();

  submit.addEventListener('click', () => {
    if (!recorder.value.trim()) {
      showError(t('conv.noRecorder'));
      recorder.focus();
      return;
    }
    if (!building.value && !place.value.trim()) {
      showError(t('conv.noPlace'));
      place.focus();
      return;
    }
    void run(submit, async () => {
      const saved = await violationRecord({
        convention_id: d.convention_id,
        article: Number(article.value),
        building: building.value || null,
        unit: building.value && unit.value.trim() ? unit.value.trim() : null,
        place: place.value.trim(),
        occurred_at: when.value,
        recorder: recorder.value.trim(),
        recorder_role: role.value as RecorderRole,
        persuaded: persuaded.input.checked,
        persuasion: persuaded.input.checked ? persuasion.value.trim() : '',
        outcome: outcome.value as ViolationOutcome,
        photo_sha256: hash,
      });
      showNotice(t('conv.violationRecorded', { article: saved.article_label, place: saved.place }));
      unit.value = '';
      place.value = '';
      photo.value = '';
      photoHash.textContent = '';
      hash = null;
      await load();
    });
  });

  return card(
    t('conv.violationsTitle'),
    'violations-card',
    h('p', { class: 'hint' }, t('conv.violationsHint')),
    h(
      'div',
      { class: 'conv-violation-form', testid: 'violation-form' },
      h('div', { class: 'toolbar' }, field(t('conv.colArticle'), article), field(t('conv.colWhen'), when)),
      h('div', { class: 'toolbar' }, field(t('conv.building'), building), field(t('conv.unit'), unit, t('conv.unitHint')), field(t('conv.place'), place)),
      h('div', { class: 'toolbar' }, field(t('conv.recorder'), recorder), field(t('conv.recorderRole'), role)),
      persuaded.row,
      h('div', { class: 'toolbar' }, field(t('conv.persuasion'), persuasion), field(t('conv.colOutcome'), outcome)),
      field(t('conv.photo'), photo, t('conv.photoHint')),
      photoHash,
      h('div', { class: 'actions' }, submit),
    ),
    h('h3', null, t('conv.violationsListTitle')),
    h('div', { class: 'toolbar' }, field(t('conv.from'), from), field(t('conv.to'), to)),
    listEl,
  );
}
