// 小区/名册: the community's roll. Tabs: summary (N, A, why), units, roles. Import and export
// are on every tab.

import { isDesktop, rollExport } from '../api';
import type { ViewContext } from '../view';
import { base64ToBytes, downloadBytes } from '../b64';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import { guard, guarded, may } from '../access';
import type { OpName } from '../bindings/ops';
import { openImport } from '../components/importer';
import { h } from '../dom';
import { t, type Key } from '../i18n';
import { run, showNotice } from '../notify';
import { currentCommunity, reload } from '../store';
import { rolesTab } from './roles';
import { summaryTab } from './rollSummary';
import { unitsTab } from './units';

/** A tab fills its element; `sub` is the route after the tab's id (#/sign/kiosk/vote/3: ["vote", "3"]). */
export type Tab = (root: HTMLElement, community: CommunitySummary, sub?: readonly string[]) => void | (() => void);

/** A tab of an area, with the operation its screen reads first (the tab is shown disabled to
 * a person who may not run it). */
export interface TabDef {
  id: string;
  label: Key;
  testid: string;
  tab: Tab;
  op: OpName;
}

/** The tab the route names if the person may open it, else the first they may, else the first. */
export function pickTab(tabs: readonly TabDef[], wanted: string | undefined): TabDef {
  const named = tabs.find((x) => x.id === wanted);
  if (named && may(named.op)) return named;
  return tabs.find((x) => may(x.op)) ?? named ?? tabs[0]!;
}

/** The tab strip's link for one tab, disabled with the offices that may when the person may not. */
export function tabLink(x: TabDef, href: string, active: boolean): HTMLAnchorElement {
  const a = h('a', { href, class: 'tab', testid: x.testid, 'aria-current': active ? 'page' : null }, t(x.label));
  guard(a, x.op);
  return a;
}

const TABS: readonly TabDef[] = [
  { id: 'summary', label: 'roll.tabSummary', testid: 'tab-summary', tab: summaryTab, op: 'roll_summary' },
  { id: 'units', label: 'roll.tabUnits', testid: 'tab-units', tab: unitsTab, op: 'unit_list' },
  { id: 'roles', label: 'roll.tabRoles', testid: 'tab-roles', tab: rolesTab, op: 'role_list' },
];

export function rollView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const active = pickTab(TABS, ctx.sub[0]);
  const body = h('div', { class: 'tab-body' });
  let cleanupTab: (() => void) | null = null;

  const mountTab = () => {
    cleanupTab?.();
    body.replaceChildren();
    cleanupTab = active.tab(body, currentCommunity() ?? community) ?? null;
  };

  const importBtn = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'import-open' }, t('roll.import')), 'roll_import_preview');
  importBtn.addEventListener('click', () =>
    openImport(currentCommunity() ?? community, async () => {
      await reload();
      mountTab();
    }),
  );

  const exportResult = h('p', { class: 'hint export-result', testid: 'export-result', hidden: true });
  const exportBtn = guarded(h('button', { type: 'button', class: 'btn', testid: 'roll-export' }, t('roll.export')), 'roll_export');
  exportBtn.addEventListener('click', () => {
    void run(exportBtn, async () => {
      const desktop = isDesktop();
      const file = await rollExport({ community_id: community.id, format: 'csv', save_to_downloads: desktop });
      if (!desktop) downloadBytes(base64ToBytes(file.content_base64), file.file_name, file.mime);
      const line = file.saved_to
        ? t('roll.exportSaved', { path: file.saved_to })
        : t('roll.exportDownloaded', { file: file.file_name });
      exportResult.textContent = line;
      exportResult.hidden = false;
      showNotice(line);
    });
  });

  root.append(
    h(
      'div',
      { class: 'view-head view-head-row' },
      h(
        'div',
        null,
        h('h1', null, community.name),
        community.address ? h('p', { class: 'lead' }, community.address) : null,
      ),
      h('div', { class: 'actions' }, importBtn, exportBtn),
    ),
    exportResult,
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('roll.tabsLabel') },
      TABS.map((x) => tabLink(x, x.id === 'summary' ? '#/roll' : `#/roll/${x.id}`, x.id === active.id)),
    ),
    body,
  );
  mountTab();
  return () => cleanupTab?.();
}
