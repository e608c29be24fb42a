// Enrolling a key at the host's laptop: 1. find the person on the roll, 2. record the identity
// check (who, how; the backend records when), 3. either generate the key here, sealed under the
// PIN the person types twice, or take the public key the member generated on their own computer.
// Afterwards the fingerprint is shown large, with its QR code, to read back and compare.

import { enrolmentNotice, keyEnrol, keyEnrolPublic, personSearch } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { IdCheck } from '../../bindings/IdCheck';
import type { PersonHit } from '../../bindings/PersonHit';
import type { RegistrarSign } from '../../bindings/RegistrarSign';
import { openDialog } from '../../components/dialog';
import { fingerprintEl, keyCard, previewFingerprint } from '../../components/keyCard';
import { debounce, field, h, replace, uid } from '../../dom';
import { ID_CHECKS, idCheckLabel, joinList, relationLabel, t } from '../../i18n';
import { run, showError } from '../../notify';
import { getOperator } from '../../session';
import { openReceipt, signerField } from './certs';
import { newPinProblem, pinInput, takePins } from './pin';

/** Who gets the key: from a search hit, or given (re-enrolment of the same person). */
export interface Holder {
  person_id: number;
  name: string;
  units: readonly string[];
}

const MAX_KEY_FILE = 64 * 1024;

export function openEnrol(community: CommunitySummary, onDone: () => void, preset: Holder | null = null): void {
  const d = openDialog({ title: t('enrol.title'), testid: 'enrol-dialog', wide: true });
  let holder: Holder | null = preset;

  // 1. The person.
  const search = h('input', { type: 'search', testid: 'enrol-search', autocomplete: 'off' });
  const hits = h('div', { class: 'hits', 'aria-live': 'polite' });
  const chosenEl = h('p', { class: 'chosen', testid: 'enrol-chosen' });
  const showChosen = () =>
    holder
      ? replace(chosenEl, t('roles.chosen'), ' ', h('strong', null, holder.name), holder.units.length ? ` · ${joinList(holder.units)}` : '')
      : replace(chosenEl, t('roles.noneChosen'));
  let searchSeq = 0;
  const doSearch = async () => {
    const text = search.value.trim();
    const mine = ++searchSeq;
    if (!text) {
      hits.replaceChildren();
      return;
    }
    try {
      const found = await personSearch({ community_id: community.id, search: text });
      if (mine !== searchSeq) return;
      replace(hits, found.length ? found.slice(0, 20).map(hitButton) : h('p', { class: 'muted' }, t('roles.noHits')));
    } catch (e) {
      if (mine === searchSeq) showError(e);
    }
  };
  const hitButton = (hit: PersonHit) =>
    h(
      'button',
      {
        type: 'button',
        class: 'hit',
        testid: 'enrol-person',
        'aria-pressed': String(holder !== null && String(holder.person_id) === String(hit.person.person_id)),
        onclick: (ev: MouseEvent) => {
          holder = { person_id: hit.person.person_id, name: hit.person.name, units: hit.units };
          for (const b of hits.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === ev.currentTarget));
          showChosen();
          checkedBy.focus();
        },
      },
      h('strong', null, hit.person.name),
      h('span', { class: 'badge' }, relationLabel(hit.person.relation)),
      h('span', { class: 'muted' }, joinList(hit.units)),
      hit.person.id_tail ? h('span', { class: 'person-meta' }, t('units.idTail', { tail: hit.person.id_tail })) : null,
    );
  search.addEventListener('input', debounce(() => void doSearch(), 300));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      void doSearch();
    }
  });

  // 2. The identity check.
  const checkedBy = h('input', { type: 'text', testid: 'enrol-checked-by', maxlength: '40', value: getOperator()?.name ?? '' });
  const method = h('select', { testid: 'enrol-check' }, ID_CHECKS.map((c) => h('option', { value: c }, idCheckLabel(c))));
  // The notice of purpose (个人信息保护法 Art. 17), read to or by the member before enrolling.
  const notice = h('details', { class: 'notice-purpose', testid: 'enrol-notice' }, h('summary', null, t('certs.noticeTitle')));
  enrolmentNotice().then((items) => {
    for (const item of items) notice.append(h('p', null, h('strong', null, item.title), ' ', item.text));
  }, showError);
  // The registrar (the signed-in operator) signs the enrolment certificate with their own PIN.
  const signer = signerField(community, 'enrol-registrar-pin');

  // 3. The key: generated here under a PIN, or brought.
  const group = uid('mode');
  const modeLocal = h('input', { type: 'radio', name: group, value: 'local', testid: 'enrol-mode-local', checked: true });
  const modePublic = h('input', { type: 'radio', name: group, value: 'public', testid: 'enrol-mode-public' });
  const pin = pinInput({ testid: 'enrol-pin' });
  const pin2 = pinInput({ testid: 'enrol-pin2' });
  const localPart = h('div', { class: 'mode-part' }, h('p', { class: 'warning' }, t('enrol.pinPrivacy')), field(t('enrol.pin'), pin, t('pin.hint')), field(t('enrol.pinAgain'), pin2));
  const publicText = h('textarea', { testid: 'enrol-public', rows: '3', spellcheck: 'false', class: 'mono', placeholder: 'yishi-key-proof:v1:…' });
  const publicFile = h('input', { type: 'file', id: uid('pub'), class: 'file-input', testid: 'enrol-public-file', accept: '.txt,.pub,text/plain' });
  const preview = h('p', { class: 'fp-preview', testid: 'enrol-public-preview', 'aria-live': 'polite' });
  const publicPart = h(
    'div',
    { class: 'mode-part', hidden: true },
    h('p', null, t('enrol.publicIntro')),
    field(t('enrol.publicKey'), publicText),
    h('div', { class: 'file-row' }, publicFile, h('label', { for: publicFile.id, class: 'btn' }, t('enrol.publicFile'))),
    preview,
  );
  const showPreview = async () => {
    const fp = await previewFingerprint(publicText.value);
    replace(preview, fp ? [t('enrol.publicPreview'), ' ', fingerprintEl(fp, { big: true })] : publicText.value.trim() ? t('enrol.publicNotYet') : '');
  };
  publicText.addEventListener('input', () => void showPreview());
  publicFile.addEventListener('change', () => {
    const file = publicFile.files?.[0];
    if (!file) return;
    if (file.size > MAX_KEY_FILE) {
      showError(t('enrol.publicFileTooBig'));
      return;
    }
    void file.text().then((text) => {
      // A key file may carry comments; the key is the line that looks like one.
      const line = text.split(/\r?\n/).find((l) => l.trim().startsWith('yishi-key-proof:v1:')) ?? text.split(/\r?\n/).find((l) => /yishi-key:v1:|^[\s0-9a-fA-F]{64,}$/.test(l.trim()));
      publicText.value = (line ?? text).trim();
      void showPreview();
    }, showError);
  });
  const syncMode = () => {
    localPart.hidden = !modeLocal.checked;
    publicPart.hidden = !modePublic.checked;
  };
  modeLocal.addEventListener('change', syncMode);
  modePublic.addEventListener('change', syncMode);

  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'enrol-submit' }, t('enrol.submit'));
  const form = h(
    'form',
    { class: 'form enrol', id: uid('enrol') },
    h('h3', null, t('enrol.step1')),
    preset ? null : field(t('enrol.search'), search, t('roles.searchHint')),
    preset ? null : hits,
    chosenEl,
    h('h3', null, t('enrol.step2')),
    h('div', { class: 'toolbar' }, field(t('enrol.checkedBy'), checkedBy), field(t('enrol.method'), method)),
    h('p', { class: 'hint' }, t('enrol.checkHint')),
    notice,
    h('h3', null, t('enrol.step3')),
    h(
      'div',
      { class: 'mode-choice', role: 'radiogroup', 'aria-label': t('enrol.step3') },
      h('label', { class: 'check' }, modeLocal, h('span', null, t('enrol.modeLocal'))),
      h('label', { class: 'check' }, modePublic, h('span', null, t('enrol.modePublic'))),
    ),
    localPart,
    publicPart,
    h('h3', null, t('certs.enrolStep')),
    signer.el,
  );

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const who = holder;
    if (!who) {
      showError(t('enrol.noPerson'));
      search.focus();
      return;
    }
    if (!checkedBy.value.trim()) {
      showError(t('enrol.noChecker'));
      checkedBy.focus();
      return;
    }
    const base = { community_id: community.id, person_id: who.person_id, checked_by: checkedBy.value.trim(), check: method.value as IdCheck };
    let action: (registrar: RegistrarSign) => Promise<Awaited<ReturnType<typeof keyEnrol>>>;
    if (modeLocal.checked) {
      const [first = '', second = ''] = takePins(pin, pin2);
      const problem = newPinProblem(first, second);
      if (problem) {
        showError(problem);
        pin.focus();
        return;
      }
      action = (registrar) => keyEnrol({ ...base, pin: first, registrar });
    } else {
      if (!publicText.value.trim()) {
        showError(t('enrol.noPublic'));
        publicText.focus();
        return;
      }
      action = (registrar) => keyEnrolPublic({ ...base, public_key: publicText.value.trim(), registrar });
    }
    void run(submit, async () => {
      const registrar = await signer.take();
      if (!registrar) return;
      const key = await action(registrar);
      onDone();
      replace(
        d.body,
        h('p', { class: 'result-ok', testid: 'enrol-result', role: 'status' }, t('enrol.done', { name: key.person_name })),
        h('p', null, key.origin === 'brought' ? t('enrol.compareBrought') : t('enrol.rememberPin')),
        keyCard(key),
        h('p', { class: 'hint' }, t('certs.receiptHint')),
      );
      const receipt = h('button', { type: 'button', class: 'btn', testid: 'enrol-receipt' }, t('certs.receipt'));
      receipt.addEventListener('click', () => openReceipt(community, key, receipt));
      const close = h('button', { type: 'button', class: 'btn btn-primary', testid: 'enrol-done', onclick: () => d.close() }, t('common.close'));
      replace(d.footer, receipt, close);
      close.focus();
    });
  });

  submit.setAttribute('form', form.id);
  d.body.append(form);
  d.footer.append(h('button', { type: 'button', class: 'btn', testid: 'enrol-cancel', onclick: () => d.close() }, t('common.cancel')), submit);
  showChosen();
  if (preset) checkedBy.focus();
  else search.focus();
}
