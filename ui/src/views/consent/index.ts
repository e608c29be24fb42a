// 住改商: requests to change a home to business use (民法典 Art. 279). Routes: #/consent (list
// and a new request), #/consent/<id> (the interested owners, signing at the kiosk, adding an
// outside owner, exporting the record).

import { guarded } from '../../access';
import { consentList, consentOpen, unitList } from '../../api';
import type { ViewContext } from '../../view';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ConsentSummary } from '../../bindings/ConsentSummary';
import type { UnitRow } from '../../bindings/UnitRow';
import { debounce, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { run, showError } from '../../notify';
import { detailView } from './detail';
import { statusBadge } from './badge';

export function consentView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const first = ctx.sub[0];
  if (first) detailView(root, community, Number(first));
  else listView(root, community);
  return () => undefined;
}

function row(c: ConsentSummary): HTMLElement {
  return h(
    'tr',
    { testid: 'consent-row', 'data-consent': String(c.consent_id) },
    h('th', { scope: 'row' }, h('a', { href: `#/consent/${String(c.consent_id)}`, testid: 'consent-link' }, c.unit)),
    h('td', null, c.business),
    h('td', { class: 'nowrap' }, formatTime(c.deadline)),
    h('td', null, statusBadge(c.status)),
    h('td', { class: 'num' }, `${String(c.consented)} / ${String(c.parties)}`),
  );
}

function listView(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(
    h('div', { class: 'view-head' }, h('h1', null, t('consent.title')), h('p', { class: 'lead' }, t('consent.lead'))),
    h('section', { class: 'card' }, listEl),
    newForm(community),
  );
  consentList({ community_id: community.id }).then((items) => {
    if (!items.length) {
      replace(listEl, h('p', { class: 'empty', testid: 'consent-empty' }, t('consent.none')));
      return;
    }
    replace(
      listEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', testid: 'consent-list' },
          h(
            'thead',
            null,
            h('tr', null, h('th', null, t('consent.colUnit')), h('th', null, t('consent.colBusiness')), h('th', null, t('consent.colDeadline')), h('th', null, t('consent.colStatus')), h('th', { class: 'num' }, t('consent.colConsented'))),
          ),
          h('tbody', null, items.map(row)),
        ),
      ),
    );
  }, showError);
}

/** The form that opens a request: the unit (found by number or owner), who asks, what for, until when. */
function newForm(community: CommunitySummary): HTMLElement {
  let unit: UnitRow | null = null;
  const search = h('input', { type: 'search', testid: 'consent-unit-search', autocomplete: 'off' });
  const hits = h('div', { class: 'hits', 'aria-live': 'polite' });
  const chosen = h('p', { class: 'chosen', testid: 'consent-unit-chosen' });
  const applicant = h('input', { type: 'text', testid: 'consent-applicant' });
  const business = h('textarea', { rows: '3', testid: 'consent-business' });
  const deadline = h('input', { type: 'datetime-local', testid: 'consent-deadline' });
  const coOwners = h(
    'select',
    { testid: 'consent-co-owners' },
    h('option', { value: 'designated_voter' }, t('consent.coDesignated')),
    h('option', { value: 'every_co_owner' }, t('consent.coEvery')),
  );
  const label = (u: UnitRow) => `${u.building} ${u.number}`;
  const find = debounce(() => {
    const text = search.value.trim();
    if (!text) return void hits.replaceChildren();
    unitList({ community_id: community.id, building: null, search: text, offset: 0, limit: 12 }).then((page) => {
      replace(
        hits,
        page.units.map((u) =>
          h('button', {
            type: 'button',
            class: 'hit',
            testid: 'consent-unit-hit',
            onclick: () => {
              unit = u;
              replace(chosen, t('consent.unitChosen', { unit: label(u) }));
              if (!applicant.value) applicant.value = u.people.map((p) => p.name).join('、');
            },
          }, label(u), ' ', h('span', { class: 'muted' }, u.people.map((p) => p.name).join('、'))),
        ),
      );
    }, showError);
  }, 250);
  search.addEventListener('input', find);
  const submit = guarded(h('button', { type: 'submit', class: 'btn btn-primary', testid: 'consent-open' }, t('consent.open')), 'consent_open');
  const form = h(
    'form',
    { class: 'card form', testid: 'consent-new' },
    h('h2', null, t('consent.new')),
    field(t('consent.unitSearch'), search),
    hits,
    chosen,
    field(t('consent.applicant'), applicant),
    field(t('consent.business'), business),
    field(t('consent.deadline'), deadline),
    field(t('consent.coOwners'), coOwners, t('consent.coHint')),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(submit, async () => {
      if (!unit) throw new Error(t('consent.needUnit'));
      const detail = await consentOpen({
        community_id: community.id,
        unit_id: unit.unit_id,
        applicant: applicant.value,
        business: business.value,
        deadline: deadline.value,
        co_owners: coOwners.value === 'every_co_owner' ? 'every_co_owner' : 'designated_voter',
      });
      location.hash = `#/consent/${String(detail.request.id)}`;
    });
  });
  return form;
}
