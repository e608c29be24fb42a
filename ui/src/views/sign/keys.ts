// 密钥: every key of the community, who checked the holder's identity, and what can be done
// with it (compare, rotate, revoke, unlock, re-enrol after a forgotten PIN).

import { guarded } from '../../access';
import { keyList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { KeyView } from '../../bindings/KeyView';
import { fingerprintEl } from '../../components/keyCard';
import { debounce, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { idCheckLabel, joinList, keyOriginLabel, keyStatusLabel, t } from '../../i18n';
import { showError } from '../../notify';
import { openCertify, openReceipt } from './certs';
import { openEnrol } from './enrol';
import { openKeyShow, openRevoke, openRotate, openUnlock } from './keyDialogs';

/** Status, the lock, and for an ended key when and why it ended. */
function statusCell(k: KeyView): HTMLElement {
  const reason = k.end_reason === 'rotated' ? t('keys.reasonRotated') : (k.end_reason ?? '');
  return h(
    'td',
    { class: 'key-state' },
    h('span', { class: `badge key-status key-${k.status}`, testid: 'key-status' }, keyStatusLabel(k.status)),
    k.locked ? [' ', h('span', { class: 'badge badge-bad', testid: 'key-locked' }, t('keys.lockedAfter', { n: k.failed_attempts }))] : null,
    !k.locked && k.status === 'active' && k.failed_attempts > 0 ? h('div', { class: 'hint' }, t('keys.failedSoFar', { n: k.failed_attempts })) : null,
    k.ended_at ? h('div', { class: 'hint nowrap', testid: 'key-ended' }, formatTime(k.ended_at)) : null,
    k.ended_at && reason ? h('div', { class: 'key-reason', testid: 'key-reason' }, reason) : null,
  );
}

export function keysTab(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' });
  const filter = h('input', { type: 'search', testid: 'key-filter', autocomplete: 'off' });
  let keys: KeyView[] = [];

  const load = async () => {
    keys = await keyList({ community_id: community.id });
    render();
  };
  const reload = () => void load().catch(showError);

  function receiptBtn(k: KeyView): HTMLElement {
    const b = h('button', { type: 'button', class: 'btn btn-small', testid: 'key-receipt' }, t('certs.receipt'));
    b.addEventListener('click', () => openReceipt(community, k, b));
    return b;
  }

  function actions(k: KeyView): HTMLElement {
    const btn = (label: string, testid: string, onclick: () => void, cls = 'btn btn-small') => h('button', { type: 'button', class: cls, testid, onclick }, label);
    const active = k.status === 'active';
    const sealedHere = k.origin === 'enrolled';
    const holder = { person_id: k.person_id, name: k.person_name, units: k.units };
    return h(
      'div',
      { class: 'row-actions' },
      btn(t('keys.show'), 'key-show', () => openKeyShow(k)),
      active && k.locked ? btn(t('keys.unlock'), 'key-unlock', () => openUnlock(community, k, reload), 'btn btn-small btn-primary') : null,
      active && sealedHere && !k.locked ? btn(t('keys.rotate'), 'key-rotate', () => openRotate(community, k, reload)) : null,
      active ? btn(t('keys.revoke'), 'key-revoke', () => openRevoke(community, k, reload)) : null,
      active && k.certificate ? receiptBtn(k) : null,
      active && !k.certificate ? btn(t('certs.certify'), 'key-certify', () => openCertify(community, k, reload)) : null,
      active && sealedHere ? btn(t('keys.reenrol'), 'key-reenrol', () => openRevoke(community, k, reload, { reenrol: () => openEnrol(community, reload, holder) })) : null,
    );
  }

  function row(k: KeyView): HTMLElement {
    return h(
      'tr',
      { 'data-key': String(k.key_id), 'data-status': k.status, 'data-person': String(k.person_id), class: k.status === 'active' ? undefined : 'row-ended' },
      h('th', { scope: 'row' }, h('div', null, k.person_name), h('div', { class: 'key-units' }, joinList(k.units))),
      h(
        'td',
        null,
        fingerprintEl(k.fingerprint),
        h('div', { class: 'hint', testid: 'key-origin' }, keyOriginLabel(k.origin)),
        k.status === 'active' ? h('div', { class: k.certificate ? 'badge' : 'badge badge-bad', testid: 'key-certified' }, k.certificate ? t('certs.certified') : t('certs.uncertified')) : null,
      ),
      statusCell(k),
      h('td', null, h('div', null, k.checked_by), h('div', null, idCheckLabel(k.check_method)), h('div', { class: 'hint nowrap' }, formatTime(k.enrolled_at))),
      h('td', { class: 'key-actions' }, actions(k)),
    );
  }

  function render(): void {
    const text = filter.value.trim().toLowerCase();
    const compact = text.replace(/\s+/g, '');
    const shown = keys
      .filter((k) => !text || k.person_name.toLowerCase().includes(text) || k.units.some((u) => u.toLowerCase().includes(text)) || k.fingerprint.replace(/\s+/g, '').toLowerCase().includes(compact))
      // Keys in use first; ended ones after, as history.
      .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active'));
    if (!keys.length) {
      replace(listEl, h('p', { class: 'empty', testid: 'keys-empty' }, t('keys.none')));
      return;
    }
    const active = keys.filter((k) => k.status === 'active').length;
    replace(
      listEl,
      h('p', { class: 'hint', testid: 'key-count' }, t('keys.count', { active, total: keys.length })),
      shown.length === 0
        ? h('p', { class: 'empty' }, t('keys.noMatch'))
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table keys', testid: 'key-table' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', null, t('keys.colHolder')),
                  h('th', null, t('keys.colFingerprint')),
                  h('th', null, t('keys.colStatus')),
                  h('th', null, t('keys.colChecked')),
                  h('th', null, h('span', { class: 'sr-only' }, t('col.actions'))),
                ),
              ),
              h('tbody', null, shown.map(row)),
            ),
          ),
    );
  }

  filter.addEventListener('input', debounce(render, 200));
  const enrolBtn = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'key-enrol-open', onclick: () => openEnrol(community, reload) }, t('keys.enrol')), 'key_enrol');

  root.append(
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'view-head-row' }, h('h2', null, t('keys.title')), enrolBtn),
      h('p', { class: 'hint' }, t('keys.intro')),
      h('div', { class: 'toolbar' }, field(t('keys.filter'), filter)),
      listEl,
    ),
  );
  replace(listEl, h('p', { class: 'loading' }, t('common.loading')));
  reload();
}
