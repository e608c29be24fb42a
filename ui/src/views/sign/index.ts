// 签名与密钥: keys (enrol, rotate, revoke, unlock), the signing kiosk, and the signature record.
// Tabs as in the roll: #/sign, #/sign/kiosk (#/sign/kiosk/vote/<id> starts on a vote), #/sign/records.

import type { ViewContext } from '../../view';
import { h } from '../../dom';
import { t, type Key } from '../../i18n';
import { currentCommunity } from '../../store';
import type { Tab } from '../roll';
import { keysTab } from './keys';
import { kioskTab } from './kiosk';
import { recordsTab } from './records';

const TABS: readonly { id: string; label: Key; testid: string; tab: Tab }[] = [
  { id: 'keys', label: 'sign.tabKeys', testid: 'tab-keys', tab: keysTab },
  { id: 'kiosk', label: 'sign.tabKiosk', testid: 'nav-kiosk', tab: kioskTab },
  { id: 'records', label: 'sign.tabRecords', testid: 'tab-signatures', tab: recordsTab },
];

export function signView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const active = TABS.find((x) => x.id === ctx.sub[0]) ?? TABS[0]!;
  const body = h('div', { class: 'tab-body' });

  root.append(
    h('div', { class: 'view-head' }, h('h1', null, t('sign.title')), h('p', { class: 'lead' }, t('sign.lead'))),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('sign.tabsLabel') },
      TABS.map((x) =>
        h(
          'a',
          { href: x.id === 'keys' ? '#/sign' : `#/sign/${x.id}`, class: 'tab', testid: x.testid, 'aria-current': x.id === active.id ? 'page' : null },
          t(x.label),
        ),
      ),
    ),
    body,
  );
  const cleanup = active.tab(body, currentCommunity() ?? community, ctx.sub.slice(1));
  return () => cleanup?.();
}
