// The conventions as the backend lists them (kind, status of the newest version, the version in
// force, acknowledgement coverage), and the form that starts a new one as a draft.

import { guarded } from '../../access';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ConventionKind } from '../../bindings/ConventionKind';
import type { ConventionSummary } from '../../bindings/ConventionSummary';
import { field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { conventionCreate, conventionList } from './api';
import { coverageText, kindHint, kindLabel, KINDS, statusBadge, versionLabel } from './labels';

function row(c: ConventionSummary): HTMLElement {
  return h(
    'tr',
    { testid: 'conv-row', 'data-convention': String(c.convention_id), 'data-kind': c.kind },
    h('th', { scope: 'row' }, h('a', { href: `#/conventions/${c.convention_id}`, testid: 'conv-link' }, c.title)),
    h('td', null, c.kind_label),
    h('td', null, statusBadge(c.status), ' ', h('span', { class: 'hint' }, versionLabel(c.latest))),
    h('td', { testid: 'conv-in-force' }, c.in_force === null ? '—' : versionLabel(c.in_force)),
    h('td', { testid: 'conv-coverage' }, c.coverage ? coverageText(c.coverage) : '—'),
    h('td', null, c.in_force === null ? null : h('a', { href: `#/conventions/${c.convention_id}/report`, class: 'btn btn-small', testid: 'conv-report-link' }, t('conv.report'))),
  );
}

export function listView(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(
    h(
      'div',
      { class: 'view-head view-head-row' },
      h('div', null, h('h1', null, t('conv.title')), h('p', { class: 'lead' }, t('conv.lead'))),
      h('div', { class: 'actions' }, guarded(h('a', { class: 'btn btn-primary', href: '#/conventions/new', testid: 'conv-new' }, t('conv.new')), 'convention_create')),
    ),
    h('section', { class: 'card' }, listEl),
  );
  conventionList(community.id).then((list) => {
    replace(
      listEl,
      list.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', testid: 'conv-list' },
              h('thead', null, h('tr', null, [t('conv.colTitle'), t('conv.colKind'), t('conv.colStatus'), t('conv.colInForce'), t('conv.colCoverage'), ''].map((x) => h('th', null, x)))),
              h('tbody', null, list.map(row)),
            ),
          )
        : h('p', { class: 'empty', testid: 'conv-empty' }, t('conv.none')),
    );
  }, showError);
}

export function createView(root: HTMLElement, community: CommunitySummary): void {
  const kind = h('select', { testid: 'conv-kind' }, KINDS.map((k) => h('option', { value: k }, kindLabel(k))));
  const hint = h('p', { class: 'hint', testid: 'conv-kind-hint' });
  const showHint = () => (hint.textContent = kindHint(kind.value as ConventionKind));
  kind.addEventListener('change', showHint);
  showHint();
  const title = h('input', { type: 'text', testid: 'conv-title', maxlength: '200', placeholder: t('conv.titlePlaceholder') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'conv-create' }, t('conv.create'));
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    field(t('conv.kind'), kind),
    hint,
    field(t('conv.titleField'), title),
    h('p', { class: 'hint' }, t('conv.createHint')),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!title.value.trim()) {
      showError(t('conv.noTitle'));
      title.focus();
      return;
    }
    void run(submit, async () => {
      const d = await conventionCreate({ community_id: community.id, kind: kind.value as ConventionKind, title: title.value.trim(), articles: [] });
      showNotice(t('conv.created', { title: d.title }));
      location.hash = `#/conventions/${d.convention_id}`;
    });
  });
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/conventions', class: 'back-link' }, `← ${t('conv.all')}`), h('h1', null, t('conv.new')), h('p', { class: 'lead' }, t('conv.createLead'))), form);
  title.focus();
}
