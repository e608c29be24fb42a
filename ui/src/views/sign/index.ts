// 签名与密钥: keys (enrol, rotate, revoke, unlock), the signing kiosk, and the signature record.
// Tabs as in the roll: #/sign, #/sign/kiosk (#/sign/kiosk/vote/<id> starts on a vote), #/sign/records.

import type { ViewContext } from '../../view';
import { h } from '../../dom';
import { t } from '../../i18n';
import { currentCommunity } from '../../store';
import { pickTab, tabLink, type TabDef } from '../roll';
import { keysTab } from './keys';
import { kioskTab } from './kiosk';
import { recordsTab } from './records';

const TABS: readonly TabDef[] = [
  { id: 'keys', label: 'sign.tabKeys', testid: 'tab-keys', tab: keysTab, op: 'key_list' },
  { id: 'kiosk', label: 'sign.tabKiosk', testid: 'nav-kiosk', tab: kioskTab, op: 'person_search' },
  { id: 'records', label: 'sign.tabRecords', testid: 'tab-signatures', tab: recordsTab, op: 'statement_list' },
];

export function signView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const active = pickTab(TABS, ctx.sub[0]);
  const body = h('div', { class: 'tab-body' });

  root.append(
    h('div', { class: 'view-head' }, h('h1', null, t('sign.title')), h('p', { class: 'lead' }, t('sign.lead'))),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('sign.tabsLabel') },
      TABS.map((x) => tabLink(x, x.id === 'keys' ? '#/sign' : `#/sign/${x.id}`, x.id === active.id)),
    ),
    body,
  );
  const cleanup = active.tab(body, currentCommunity() ?? community, ctx.sub.slice(1));
  return () => cleanup?.();
}
