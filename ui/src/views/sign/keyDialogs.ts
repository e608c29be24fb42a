// What can be done to a key: show it for comparison, rotate it (the holder's PIN), revoke or
// unlock it (the host approves by signing with their own key and PIN).

import { hostKeys, keyRevoke, keyRotate, keyUnlock } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { HostApproval } from '../../bindings/HostApproval';
import type { KeyView } from '../../bindings/KeyView';
import { openDialog } from '../../components/dialog';
import { fingerprintEl, keyCard } from '../../components/keyCard';
import { field, h, replace } from '../../dom';
import { joinList, t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { signerField } from './certs';
import { newPinProblem, pinInput, takePins } from './pin';

/** The key being acted on, in one line: holder, units, fingerprint. */
function keyLine(key: KeyView): HTMLElement {
  return h('p', { class: 'key-line' }, h('strong', null, key.person_name), key.units.length ? ` · ${joinList(key.units)} · ` : ' · ', fingerprintEl(key.fingerprint));
}

interface Approval {
  el: HTMLElement;
  /** The chosen host key and the PIN typed (the PIN field is emptied); null if no host key. */
  take: () => HostApproval | null;
}

/** Choose a host's key and type the host's PIN. */
function hostApproval(community: CommunitySummary): Approval {
  const select = h('select', { testid: 'host-key' });
  const pin = pinInput({ testid: 'host-pin' });
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const el = h('fieldset', { class: 'approval' }, h('legend', null, t('keys.hostLegend')), body);
  let keys: KeyView[] = [];
  hostKeys({ community_id: community.id }).then(
    (found) => {
      // A locked host key cannot sign: it is listed (so the host sees why) but not offered.
      keys = found.filter((k) => !k.locked);
      if (!keys.length) {
        replace(body, h('p', { class: 'warning', testid: 'host-none' }, found.length ? t('keys.hostAllLocked') : t('keys.noHost')));
        return;
      }
      for (const k of found) {
        const label = `${k.person_name} · ${k.fingerprint}${k.locked ? ` (${t('keys.locked')})` : ''}`;
        select.appendChild(h('option', { value: String(k.key_id), disabled: k.locked }, label));
      }
      replace(body, h('p', { class: 'hint' }, t('keys.hostHint')), field(t('keys.hostKey'), select), field(t('keys.hostPin'), pin));
    },
    (e) => {
      replace(body);
      showError(e);
    },
  );
  return {
    el,
    take: () => {
      const [hostPin = ''] = takePins(pin);
      const key = keys.find((k) => String(k.key_id) === select.value);
      return key ? { host_key_id: key.key_id, host_pin: hostPin } : null;
    },
  };
}

/** The fingerprint and QR of a key, large, to compare with the holder's own screen or paper. */
export function openKeyShow(key: KeyView): void {
  const d = openDialog({ title: t('keys.showTitle', { name: key.person_name }), testid: 'key-show-dialog' });
  d.body.append(keyCard(key));
  const close = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => d.close() }, t('common.close'));
  d.footer.append(close);
  close.focus();
}

/** Replaces the dialog's content with a success line and, for a new key, its card. */
function done(d: ReturnType<typeof openDialog>, message: string, key: KeyView | null): void {
  replace(d.body, h('p', { class: 'result-ok', testid: 'key-action-result', role: 'status' }, message), key ? keyCard(key) : null);
  const close = h('button', { type: 'button', class: 'btn btn-primary', testid: 'key-action-close', onclick: () => d.close() }, t('common.close'));
  replace(d.footer, close);
  close.focus();
}

export function openRotate(community: CommunitySummary, key: KeyView, onDone: () => void): void {
  const d = openDialog({ title: t('keys.rotateTitle', { name: key.person_name }), testid: 'key-rotate-dialog' });
  const current = pinInput({ testid: 'rotate-pin' });
  const next = pinInput({ testid: 'rotate-new-pin' });
  const again = pinInput({ testid: 'rotate-new-pin2' });
  // The registrar at the desk certifies the new key.
  const signer = signerField(community, 'rotate-registrar-pin');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'rotate-submit' }, t('keys.rotate'));
  const form = h(
    'form',
    { class: 'form', id: `rotate-${String(key.key_id)}` },
    keyLine(key),
    h('p', null, t('keys.rotateIntro')),
    field(t('keys.currentPin'), current),
    field(t('keys.newPin'), next, t('pin.hint')),
    field(t('keys.newPinAgain'), again),
    signer.el,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const [pin = '', newPin = '', newPin2 = ''] = takePins(current, next, again);
    const problem = newPinProblem(newPin, newPin2);
    if (problem) {
      showError(problem);
      next.focus();
      return;
    }
    void run(submit, async () => {
      const registrar = await signer.take();
      if (!registrar) return;
      const fresh = await keyRotate({ community_id: community.id, key_id: key.key_id, pin, new_pin: newPin, registrar });
      onDone();
      done(d, t('keys.rotated', { name: key.person_name }), fresh);
    }).then(() => current.isConnected && current.focus());
  });
  d.body.append(form);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
  submit.setAttribute('form', form.id);
  current.focus();
}

export interface RevokeOptions {
  /** Forgotten PIN: the reason is set and enrolment opens for the same person afterwards. */
  reenrol?: () => void;
}

export function openRevoke(community: CommunitySummary, key: KeyView, onDone: () => void, opts: RevokeOptions = {}): void {
  const title = opts.reenrol ? t('keys.reenrolTitle', { name: key.person_name }) : t('keys.revokeTitle', { name: key.person_name });
  const d = openDialog({ title, testid: 'key-revoke-dialog' });
  const reason = h('input', { type: 'text', testid: 'revoke-reason', maxlength: '200', value: opts.reenrol ? t('keys.forgotReason') : '' });
  // The signed-in registrar or host signs the revocation certificate with their own PIN.
  const signer = signerField(community, 'revoke-pin');
  const submit = h('button', { type: 'submit', class: 'btn btn-danger', testid: 'revoke-submit' }, opts.reenrol ? t('keys.reenrolSubmit') : t('keys.revoke'));
  const form = h(
    'form',
    { class: 'form', id: `revoke-${String(key.key_id)}` },
    keyLine(key),
    h('p', null, opts.reenrol ? t('keys.reenrolIntro') : t('keys.revokeIntro')),
    field(t('keys.reason'), reason, t('keys.reasonHint')),
    signer.el,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) {
      showError(t('keys.reasonMissing'));
      reason.focus();
      return;
    }
    void run(submit, async () => {
      const me = await signer.take();
      if (!me) return;
      const host = { host_key_id: me.key_id, host_pin: me.pin };
      await keyRevoke({ community_id: community.id, key_id: key.key_id, reason: reason.value.trim(), host });
      onDone();
      if (opts.reenrol) {
        d.close();
        showNotice(t('keys.revoked', { name: key.person_name }));
        opts.reenrol();
      } else {
        done(d, t('keys.revoked', { name: key.person_name }), null);
      }
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
  reason.focus();
}

export function openUnlock(community: CommunitySummary, key: KeyView, onDone: () => void): void {
  const d = openDialog({ title: t('keys.unlockTitle', { name: key.person_name }), testid: 'key-unlock-dialog' });
  const approval = hostApproval(community);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'unlock-submit' }, t('keys.unlock'));
  const form = h(
    'form',
    { class: 'form', id: `unlock-${String(key.key_id)}` },
    keyLine(key),
    h('p', null, t('keys.unlockIntro', { name: key.person_name, n: key.failed_attempts })),
    approval.el,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const host = approval.take();
    if (!host) {
      showError(t('keys.noHost'));
      return;
    }
    void run(submit, async () => {
      await keyUnlock({ community_id: community.id, key_id: key.key_id, host });
      onDone();
      done(d, t('keys.unlocked', { name: key.person_name }), null);
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
}
