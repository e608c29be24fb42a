// 从众 (指导规则 Art. 26), when a vote's settings switch it on: the owners served the ballot
// (送达) who have not voted, with how and when they were served and the hash of the proof, and
// the form that records a service while voting is open. Closing counts served non-voters with
// the choice that leads among the ballots in both persons and area.

import { guarded } from '../../access';
import { call } from '../../api';
import { bytesToBase64 } from '../../b64';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ServedAdd } from '../../bindings/ServedAdd';
import type { ServiceMethod } from '../../bindings/ServiceMethod';
import type { VoteDetail } from '../../bindings/VoteDetail';
import { personPicker } from '../../components/personPicker';
import { field, h } from '../../dom';
import { t, type Key } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { ymd } from '../conventions/labels';

const METHODS: readonly ServiceMethod[] = ['in_person', 'left_at_home', 'post', 'electronic'];
const methodLabel = (m: string) => (METHODS.includes(m as ServiceMethod) ? t(`served.method.${m}` as Key) : m);

export const servedAdd = (a: ServedAdd) => call('served_add', a);

/** The card; `apply` shows the detail the backend answers with. */
export function servedCard(community: CommunitySummary, d: VoteDetail, apply: (d: VoteDetail) => void): HTMLElement {
  const v = d.vote;
  const list = d.served.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', testid: 'served-list' },
          h('thead', null, h('tr', null, [t('served.colName'), t('served.colUnits'), t('served.colMethod'), t('served.colOn'), t('served.colEvidence'), t('served.colVoted')].map((x) => h('th', null, x)))),
          h(
            'tbody',
            null,
            d.served.map((s) =>
              h(
                'tr',
                { testid: 'served-row', 'data-person': String(s.person_id), 'data-voted': String(s.voted) },
                h('th', { scope: 'row' }, s.name),
                h('td', null, s.units),
                h('td', null, methodLabel(s.method)),
                h('td', { class: 'nowrap' }, s.served_on),
                h('td', null, h('code', { class: 'mono', title: s.evidence_sha256 }, `${s.evidence_sha256.slice(0, 12)}…`)),
                h('td', null, s.voted ? h('span', { class: 'badge', testid: 'served-voted' }, t('served.voted')) : t('served.notVoted')),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'empty', testid: 'served-empty' }, t('served.none'));
  if (v.status !== 'open') return h('section', { class: 'card', testid: 'served-card' }, h('h2', null, t('served.title')), h('p', { class: 'hint' }, t('served.explain')), list);

  const picker = personPicker(community, t('served.person'), 'served-person');
  const method = h('select', { testid: 'served-method' }, METHODS.map((m) => h('option', { value: m }, methodLabel(m))));
  const evidence = h('input', { type: 'file', testid: 'served-evidence' });
  const on = h('input', { type: 'date', testid: 'served-on', value: ymd(new Date()), max: ymd(new Date()) });
  const submit = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'served-add' }, t('served.add')), 'served_add');
  submit.addEventListener('click', () => {
    const who = picker.chosen();
    const file = evidence.files?.[0];
    if (!who) return showError(t('served.noPerson'));
    if (!file) return showError(t('served.noEvidence'));
    void run(submit, async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const fresh = await servedAdd({ vote_id: v.vote_id, person_id: Number(who.person.person_id), method: method.value as ServiceMethod, evidence_base64: bytesToBase64(bytes), served_on: on.value });
      showNotice(t('served.added', { name: who.person.name }));
      apply(fresh);
    });
  });
  return h(
    'section',
    { class: 'card', testid: 'served-card' },
    h('h2', null, t('served.title')),
    h('p', { class: 'hint' }, t('served.explain')),
    list,
    h('h3', { style: 'margin-top: 20px' }, t('served.formTitle')),
    picker.el,
    h('div', { class: 'toolbar' }, field(t('served.method'), method), field(t('served.on'), on)),
    field(t('served.evidence'), evidence, t('served.evidenceHint')),
    h('div', { class: 'actions' }, submit),
  );
}
