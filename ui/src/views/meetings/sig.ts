// A signature as shown beside what it signed: who, when, the key's fingerprint, and whether it
// verifies now (the backend re-checks it on every read).

import type { SignatureRef } from '../../bindings/SignatureRef';
import { fingerprintEl } from '../../components/keyCard';
import { h } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';

export function sigRefEl(s: SignatureRef, testid = 'sig-ref'): HTMLElement {
  return h(
    'span',
    { class: `sig-ref ${s.valid ? 'sig-ok' : 'sig-bad'}`, testid, 'data-valid': String(s.valid), 'data-signer': s.signer, title: s.document_hash },
    h('span', { class: 'sig-mark', 'aria-hidden': 'true' }, s.valid ? '✓' : '✗'),
    h('strong', null, s.signer),
    h('span', { class: 'muted' }, formatTime(s.signed_at)),
    fingerprintEl(s.fingerprint),
    h('span', { class: s.valid ? 'sig-verdict' : 'sig-verdict warn-text' }, t(s.valid ? 'sig.validShort' : 'sig.invalidShort')),
  );
}

export function sigList(list: readonly SignatureRef[], testid = 'sig-list'): HTMLElement {
  return h('ul', { class: 'sig-list', testid }, list.map((s) => h('li', null, sigRefEl(s))));
}
