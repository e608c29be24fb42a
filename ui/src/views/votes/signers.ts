// Someone signs with their own key, here and now: choose the key, type the PIN. Used by the
// host and the secretary to close a vote, and by the two witnesses (唱票 / 计票) of a paper
// ballot. The PIN is read at the moment of the call and its field emptied.

import { hostKeys, keyList, roleList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { HostApproval } from '../../bindings/HostApproval';
import type { KeyView } from '../../bindings/KeyView';
import { field, h, replace } from '../../dom';
import { joinList, t } from '../../i18n';
import { showError } from '../../notify';
import { pinInput, takePins } from '../sign/pin';

export interface SignerField {
  el: HTMLElement;
  /** The chosen key and the PIN typed (the field is emptied); null when no key can sign. */
  take: () => HostApproval | null;
}

export interface SignerOptions {
  legend: string;
  hint: string;
  /** Shown when no usable key is found. */
  none: string;
  testid: string;
  /** Which of the keys to select first (the second witness starts on the second key). */
  preselect?: number;
}

/** Active keys of everyone (witnesses). */
export const activeKeys = (c: CommunitySummary) => keyList({ community_id: c.id }).then((ks) => ks.filter((k) => k.status === 'active'));

/** Active keys of the community's hosts. */
export const hostKeyList = (c: CommunitySummary) => hostKeys({ community_id: c.id });

/** Active keys of the persons who hold the secretary role. */
export async function secretaryKeys(c: CommunitySummary): Promise<KeyView[]> {
  const [keys, roles] = await Promise.all([activeKeys(c), roleList({ community_id: c.id })]);
  const secretaries = new Set(roles.filter((r) => r.role === 'secretary').map((r) => String(r.person_id)));
  return keys.filter((k) => secretaries.has(String(k.person_id)));
}

/** Active keys of the persons who count or scrutinise (the result's third signer), in a stable
 *  order: counters (计票人) before scrutineers (监票人), then by name, then oldest key first, so
 *  the key offered first is the same every time the dialog opens. */
export async function countingKeys(c: CommunitySummary): Promise<KeyView[]> {
  const [keys, roles] = await Promise.all([activeKeys(c), roleList({ community_id: c.id })]);
  const rank = new Map<string, number>();
  for (const r of roles) {
    const order = r.role === 'counter' ? 0 : r.role === 'scrutineer' ? 1 : null;
    if (order === null) continue;
    const id = String(r.person_id);
    rank.set(id, Math.min(order, rank.get(id) ?? order));
  }
  return keys
    .filter((k) => rank.has(String(k.person_id)))
    .sort(
      (a, b) =>
        (rank.get(String(a.person_id)) ?? 2) - (rank.get(String(b.person_id)) ?? 2) ||
        a.person_name.localeCompare(b.person_name, 'zh-Hans-CN') ||
        Number(a.key_id) - Number(b.key_id),
    );
}

export function signerField(keys: Promise<KeyView[]>, opts: SignerOptions): SignerField {
  const select = h('select', { testid: `${opts.testid}-key` });
  const pin = pinInput({ testid: `${opts.testid}-pin` });
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const el = h('fieldset', { class: 'approval', testid: opts.testid }, h('legend', null, opts.legend), body);
  let usable: KeyView[] = [];
  keys.then(
    (found) => {
      // A locked key cannot sign: listed so people see why, but not offered.
      usable = found.filter((k) => !k.locked);
      if (!usable.length) {
        replace(body, h('p', { class: 'warning', testid: `${opts.testid}-none` }, opts.none));
        return;
      }
      for (const k of found) {
        const units = k.units.length ? ` · ${joinList(k.units)}` : '';
        const label = `${k.person_name}${units} · ${k.fingerprint}${k.locked ? ` (${t('keys.locked')})` : ''}`;
        select.appendChild(h('option', { value: String(k.key_id), disabled: k.locked }, label));
      }
      const first = usable[Math.min(opts.preselect ?? 0, usable.length - 1)];
      if (first) select.value = String(first.key_id);
      replace(body, h('p', { class: 'hint' }, opts.hint), h('div', { class: 'toolbar' }, field(t('signer.key'), select), field(t('signer.pin'), pin)));
    },
    (e) => {
      replace(body);
      showError(e);
    },
  );
  return {
    el,
    take: () => {
      const [value = ''] = takePins(pin);
      const key = usable.find((k) => String(k.key_id) === select.value);
      return key ? { host_key_id: key.key_id, host_pin: value } : null;
    },
  };
}
