// Backups: make one, list them, restore one (the current database is kept aside first, and a
// backup whose record chain fails verification is refused).

import { guarded } from '../access';
import { backupCreate, backupList, backupRestore } from '../api';
import type { AppInfo } from '../bindings/AppInfo';
import type { BackupInfo } from '../bindings/BackupInfo';
import { confirmDialog } from '../components/dialog';
import { h, replace } from '../dom';
import { formatBytes, formatCount, formatTime, shortHash } from '../format';
import { t } from '../i18n';
import { run, showError, showNotice } from '../notify';
import { reload } from '../store';
import { reportView } from '../components/report';

export function backupsSection(info: AppInfo | null): HTMLElement {
  const listEl = h('div', { 'aria-live': 'polite' });
  const restoreResult = h('div');
  const create = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'backup-create' }, t('backup.create')), 'backup_create');

  function renderList(items: readonly BackupInfo[]): void {
    if (!items.length) {
      replace(listEl, h('p', { class: 'empty', testid: 'backup-empty' }, t('backup.none')));
      return;
    }
    const sorted = [...items].sort((a, b) => b.created_at.localeCompare(a.created_at));
    replace(
      listEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', testid: 'backup-list' },
          h('thead', null, h('tr', null, h('th', null, t('col.time')), h('th', { class: 'num' }, t('col.events')), h('th', { class: 'num' }, t('col.size')), h('th', null, t('col.headHash')), h('th', null, h('span', { class: 'sr-only' }, t('col.actions'))))),
          h('tbody', null, sorted.map(row)),
        ),
      ),
    );
  }

  function row(b: BackupInfo): HTMLElement {
    const restore = guarded(h('button', { type: 'button', class: 'btn btn-small', testid: 'backup-restore' }, t('backup.restore')), 'backup_restore');
    restore.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: t('backup.restoreTitle'),
        paragraphs: [
          t('backup.restoreWhich', { file: b.file_name, time: formatTime(b.created_at), n: formatCount(b.events) }),
          t('backup.restoreKeepsCurrent'),
          t('backup.restoreVerifies'),
          t('backup.restoreAfter'),
        ],
        confirmLabel: t('backup.restoreConfirm'),
        danger: true,
        testid: 'restore-confirm',
      });
      if (!ok) return;
      replace(restoreResult, h('p', { class: 'loading', role: 'status' }, t('backup.restoring', { file: b.file_name })));
      await run(restore, async () => {
        const report = await backupRestore({ path: b.path }).catch((e: unknown) => {
          restoreResult.replaceChildren();
          throw e;
        });
        replace(restoreResult, h('h3', null, t('backup.restoredTitle')), reportView(report, 'restore-result'));
        showNotice(t('backup.restored', { file: b.file_name }));
        await reload();
      });
    });
    return h(
      'tr',
      { title: b.path },
      h('td', { class: 'nowrap' }, formatTime(b.created_at), h('div', { class: 'muted small' }, b.file_name)),
      h('td', { class: 'num' }, formatCount(b.events)),
      h('td', { class: 'num' }, formatBytes(b.bytes)),
      h('td', null, h('code', { class: 'mono', title: b.head_hash }, shortHash(b.head_hash, 12))),
      h('td', null, restore),
    );
  }

  const refresh = () => backupList().then(renderList, showError);

  create.addEventListener('click', () => {
    void run(create, async () => {
      const b = await backupCreate();
      showNotice(t('backup.created', { file: b.file_name, n: formatCount(b.events) }));
      await refresh();
    });
  });

  replace(listEl, h('p', { class: 'loading' }, t('common.loading')));
  void refresh();
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('backup.title')),
    h('p', null, t('backup.intro')),
    info ? h('p', { class: 'hint' }, t('backup.folder'), ' ', h('code', { class: 'mono', testid: 'backup-dir' }, info.backup_dir)) : null,
    info ? h('p', { class: 'hint' }, t('backup.database'), ' ', h('code', { class: 'mono' }, info.database)) : null,
    h('div', { class: 'actions' }, create),
    listEl,
    restoreResult,
  );
}
