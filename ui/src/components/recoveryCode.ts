// The database's recovery code, shown once: after the first host is set up, or a host named with
// the old code (which issues none) or claimed.

import { append, h } from '../dom';
import { t } from '../i18n';
import { openDialog } from './dialog';

/** The database's recovery code, shown this once after the first host is set up. */
export function showRecoveryCode(code: string): void {
  const d = openDialog({ title: t('recovery.title'), testid: 'recovery-code' });
  const codeEl = h('p', { class: 'recovery-code', testid: 'recovery-code-text' }, code);
  const done = h('button', { type: 'button', class: 'btn btn-primary', testid: 'recovery-code-done' }, t('recovery.written'));
  done.addEventListener('click', () => d.close());
  append(d.body, [
    h('p', null, t('recovery.body')),
    codeEl,
    h('ul', null, h('li', null, t('recovery.keep')), h('li', null, t('recovery.when')), h('li', null, t('recovery.never'))),
  ]);
  d.footer.append(done);
}
