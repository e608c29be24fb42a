// One request to change a home to business use: the outcome, every interested owner with why
// they are on the list and what each signer signed, links that hand the signing to the kiosk
// (the same 签名台 every statement uses), adding an owner outside the building who showed harm,
// and the record to export.

import { consentAddParty, consentDetail, consentRecord, saveFile } from '../../api';
import { base64ToBytes } from '../../b64';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ConsentAnswer } from '../../bindings/ConsentAnswer';
import type { ConsentDetail } from '../../bindings/ConsentDetail';
import type { ConsentPartyView } from '../../bindings/ConsentPartyView';
import { personPicker } from '../../components/personPicker';
import { field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { kioskHref } from '../sign/kioskTask';
import { statusBadge } from './badge';

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function answerLabel(a: ConsentAnswer | null): string {
  if (a === 'consent') return t('consent.consented');
  if (a === 'refuse') return t('consent.refused');
  return t('consent.waiting');
}

function partyRow(d: ConsentDetail, p: ConsentPartyView): HTMLElement {
  const pending = d.outcome.status === 'pending';
  const basis = p.party.basis.kind === 'same_building' ? t('consent.basisBuilding') : t('consent.basisHarm', { reason: p.party.basis.reason });
  const task = (answer: ConsentAnswer) =>
    kioskHref({
      subject: { kind: 'consent', consent_id: d.request.id, party_id: p.party_id, answer },
      title: t('consent.kioskTitle', { unit: d.request.unit, business: d.request.business }),
      back: `#/consent/${String(d.request.id)}`,
    });
  const state = p.refused ? 'refused' : p.consented ? 'consented' : 'waiting';
  return h(
    'tr',
    { testid: 'consent-party', 'data-party': p.party.key, 'data-state': state },
    h('th', { scope: 'row' }, p.party.units.join('、')),
    h('td', null, basis),
    h('td', null, p.signers.map((s) => h('div', { testid: 'consent-signer' }, `${s.name}：${answerLabel(s.answer)}`, s.signed_at ? ` (${formatTime(s.signed_at)})` : ''))),
    h(
      'td',
      { class: 'actions' },
      pending && !p.consented
        ? [
            h('a', { class: 'btn', href: task('consent'), testid: 'consent-sign-yes' }, t('consent.signConsent')),
            h('a', { class: 'btn', href: task('refuse'), testid: 'consent-sign-no' }, t('consent.signRefuse')),
          ]
        : null,
    ),
  );
}

function addForm(community: CommunitySummary, d: ConsentDetail, reload: () => void): HTMLElement {
  const picker = personPicker(community, t('consent.addWho'), 'consent-outsider');
  const reason = h('input', { type: 'text', testid: 'consent-reason' });
  const evidence = h('input', { type: 'file', testid: 'consent-evidence' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'consent-add' }, t('consent.add'));
  const form = h('form', { class: 'card form', testid: 'consent-add-form' }, h('h2', null, t('consent.addTitle')), picker.el, field(t('consent.addReason'), reason), field(t('consent.addEvidence'), evidence), h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(submit, async () => {
      const who = picker.chosen();
      const file = evidence.files?.[0];
      if (!who || !file) throw new Error(t('consent.needEvidence'));
      await consentAddParty({ consent_id: d.request.id, person_id: who.person.person_id, unit_id: null, reason: reason.value, evidence_sha256: await sha256Hex(file) });
      reload();
    });
  });
  return form;
}

export function detailView(root: HTMLElement, community: CommunitySummary, id: number): void {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(h('p', null, h('a', { href: '#/consent' }, `← ${t('consent.all')}`)), body);
  const load = () => {
    consentDetail({ consent_id: id }).then((d) => {
      const exportLine = h('p', { class: 'hint', testid: 'consent-exported', hidden: true });
      const exportBtn = h('button', { type: 'button', class: 'btn', testid: 'consent-export' }, t('consent.export'));
      exportBtn.addEventListener('click', () => {
        void run(exportBtn, async () => {
          const file = await consentRecord({ consent_id: id });
          const saved = await saveFile(base64ToBytes(file.content_base64), file.file_name, file.mime);
          const message = saved ? t('file.savedTo', { path: saved }) : t('consent.exported', { file: file.file_name });
          replace(exportLine, message);
          exportLine.hidden = false;
          showNotice(message);
        });
      });
      replace(
        body,
        h('div', { class: 'view-head' }, h('h1', null, `${d.request.unit} · ${d.request.business}`), h('p', { class: 'lead', testid: 'consent-summary' }, statusBadge(d.outcome.status), ' ', d.summary)),
        h('p', null, `${t('consent.applicant')}：${d.request.applicant} · ${t('consent.colDeadline')}：${formatTime(d.request.deadline)} · ${t('consent.coOwners')}：${d.request.co_owners === 'every_co_owner' ? t('consent.coEvery') : t('consent.coDesignated')}`),
        h(
          'section',
          { class: 'card' },
          h('h2', null, t('consent.parties')),
          h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'consent-parties' }, h('tbody', null, d.parties.map((p) => partyRow(d, p))))),
          h('div', { class: 'actions' }, exportBtn),
          exportLine,
        ),
        d.outcome.status === 'pending' ? addForm(community, d, () => { replace(body); load(); }) : null,
      );
    }, showError);
  };
  load();
}
