// Certificates at the desk: the signed-in registrar (or host) signs members' enrolment and
// revocation certificates with their own key and PIN; the member gets a printed receipt with
// their key's fingerprint, the community root's fingerprint and the notice of purpose.

import { keyCertify, keyList, keyReceipt } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { IdCheck } from '../../bindings/IdCheck';
import type { KeyView } from '../../bindings/KeyView';
import type { RegistrarSign } from '../../bindings/RegistrarSign';
import { openDialog } from '../../components/dialog';
import { field, h } from '../../dom';
import { ID_CHECKS, idCheckLabel, t } from '../../i18n';
import { run, showError } from '../../notify';
import { getOperator } from '../../session';
import { openPrintable } from '../meetings/print';
import { pinInput, takePins } from './pin';

/** The signed-in operator's own PIN, to sign a certificate with their active key. */
export interface SignerField {
  el: HTMLElement;
  pin: HTMLInputElement;
  /** The operator's key and the PIN typed (the field is emptied); null (with a message shown) if they have no usable key. */
  take: () => Promise<RegistrarSign | null>;
}

export function signerField(community: CommunitySummary, testid: string): SignerField {
  const pin = pinInput({ testid });
  const el = h('fieldset', { class: 'approval' }, h('legend', null, t('certs.signerLegend', { name: getOperator()?.name ?? '' })), h('p', { class: 'hint' }, t('certs.signerHint')), field(t('certs.signerPin'), pin));
  return {
    el,
    pin,
    take: async () => {
      const [typed = ''] = takePins(pin);
      if (!typed) {
        showError(t('certs.signerPinEmpty'));
        pin.focus();
        return null;
      }
      const me = getOperator();
      const keys = me ? await keyList({ community_id: community.id }) : [];
      const mine = keys.find((k) => me !== null && String(k.person_id) === String(me.person_id) && k.status === 'active' && !k.locked);
      if (!mine) {
        showError(t('certs.noSignerKey'));
        return null;
      }
      return { key_id: mine.key_id, pin: typed };
    },
  };
}

/** Opens the member's enrolment receipt (printable, with the certificate saved beside it). */
export function openReceipt(community: CommunitySummary, key: KeyView, button: HTMLButtonElement): void {
  void run(button, async () => {
    const receipt = await keyReceipt({ community_id: community.id, key_id: key.key_id, save_to_downloads: false });
    openPrintable(receipt.page, t('certs.receiptTitle', { name: key.person_name }), 'key-receipt');
  });
}

/** A registrar certifies a key that has none (enrolled before certificates, or by the setup). */
export function openCertify(community: CommunitySummary, key: KeyView, onDone: () => void): void {
  const d = openDialog({ title: t('certs.certifyTitle', { name: key.person_name }), testid: 'key-certify-dialog' });
  const method = h('select', { testid: 'certify-check' }, ID_CHECKS.map((c) => h('option', { value: c }, idCheckLabel(c))));
  const signer = signerField(community, 'certify-pin');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'certify-submit' }, t('certs.certify'));
  const form = h('form', { class: 'form', id: `certify-${String(key.key_id)}` }, h('p', null, t('certs.certifyIntro', { name: key.person_name })), field(t('enrol.method'), method), signer.el);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(submit, async () => {
      const registrar = await signer.take();
      if (!registrar) return;
      const fresh = await keyCertify({ community_id: community.id, key_id: key.key_id, check: method.value as IdCheck, registrar });
      onDone();
      d.close();
      const again = h('button', { type: 'button', class: 'btn' });
      openReceipt(community, fresh, again);
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
  signer.pin.focus();
}
