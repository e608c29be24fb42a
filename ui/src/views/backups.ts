// Backups: make one, list them, and restore one. A restore first shows, in plain words, what it
// would discard (the backend checks the backup and compares its log with the live one); an
// older or forked backup is restored only when the host signs a confirmation with their key and
// PIN. A backup file on this computer is first copied into the backups folder, then previewed;
// an encrypted one (exported for a USB drive under the recovery code) asks for the code first.

import { guarded } from '../access';
import { backupCreate, backupExport, backupList, backupRestore, backupRestorePreview, backupUpload } from '../api';
import { bytesToBase64 } from '../b64';
import type { AppInfo } from '../bindings/AppInfo';
import type { BackupInfo } from '../bindings/BackupInfo';
import type { HostApproval } from '../bindings/HostApproval';
import type { RestorePreview } from '../bindings/RestorePreview';
import { openDialog } from '../components/dialog';
import { field, h, replace, uid } from '../dom';
import { formatBytes, formatCount, formatTime, shortHash } from '../format';
import { t } from '../i18n';
import { run, showError, showNotice } from '../notify';
import { reload } from '../store';
import { reportView } from '../components/report';
import { pinInput, takePins } from './sign/pin';

/** The largest file the screen sends (the backend's `MAX_UPLOAD_BYTES`). */
const MAX_UPLOAD_MIB = 48;

/** The first bytes of an encrypted backup (`secrets::sealed_backup::MAGIC`). */
const SEALED_MAGIC = 'yishi-backup-enc';

function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= SEALED_MAGIC.length && [...SEALED_MAGIC].every((c, i) => bytes[i] === c.charCodeAt(0));
}

/** A dialog asking for the recovery code; `go` runs with it (the dialog closes when it succeeds). */
function askCode(title: string, body: string, goLabel: string, testid: string, go: (code: string) => Promise<void>): void {
  const d = openDialog({ title, testid });
  const code = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono', testid: `${testid}-code`, id: uid('code') });
  const button = h('button', { type: 'button', class: 'btn btn-primary', testid: `${testid}-go` }, goLabel);
  const cancel = h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel'));
  replace(d.body, h('p', null, body), field(t('backup.code'), code));
  replace(d.footer, cancel, button);
  button.addEventListener('click', () => {
    const typed = code.value.trim();
    if (!typed) {
      showError(new Error(t('backup.codeMissing')));
      return;
    }
    void run(button, async () => {
      await go(typed);
      code.value = '';
      d.close();
    });
  });
  code.focus();
}

/** The discarded counts as a small table (only when something would be discarded). */
function discardedView(p: RestorePreview): HTMLElement | null {
  if (!p.needs_confirmation) return null;
  const d = p.discarded;
  const rows: [string, number][] = [
    [t('backup.dEvents'), d.events],
    [t('backup.dBallots'), d.ballots],
    [t('backup.dSignatures'), d.signatures],
    [t('backup.dMinutes'), d.minutes],
    [t('backup.dOpened'), d.votes_opened],
    [t('backup.dClosed'), d.votes_closed],
    [t('backup.dServed'), d.served],
    [t('backup.dReceipts'), d.receipts],
  ];
  return h(
    'div',
    null,
    h('h3', null, t('backup.discardedTitle')),
    h('table', { class: 'table', testid: 'restore-discarded' }, h('tbody', null, rows.map(([label, n]) => h('tr', null, h('th', null, label), h('td', { class: 'num' }, formatCount(n)))))),
    p.receipts.length
      ? h(
          'details',
          { testid: 'restore-receipts' },
          h('summary', null, t('backup.receiptsTitle')),
          h('ul', null, p.receipts.map((r) => h('li', null, h('code', { class: 'mono' }, r.short_code), ` · ${formatTime(r.at)} · ${r.kind}${r.vote_id != null ? ` #${r.vote_id}` : ''}`))),
        )
      : null,
    p.discarded_kinds.length
      ? h('details', null, h('summary', null, t('backup.kindsTitle')), h('ul', null, p.discarded_kinds.map((k) => h('li', null, h('code', null, k.kind), ` × ${formatCount(k.count)}`))))
      : null,
  );
}

/** Opens the restore dialog for a backup in the folder: preview, then (if needed) the host signs. */
function openRestore(fileName: string, onRestored: (message: HTMLElement) => void): void {
  const d = openDialog({ title: t('backup.restoreTitle', { file: fileName }), testid: 'restore-dialog', wide: true });
  const cancel = h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel'));
  const go = h('button', { type: 'button', class: 'btn btn-danger', testid: 'restore-go', disabled: true }, t('backup.restoreConfirm'));
  replace(d.footer, cancel, go);
  let preview: RestorePreview | null = null;
  let take: () => HostApproval | null | 'missing' = () => null;

  const load = async () => {
    go.disabled = true;
    replace(d.body, h('p', { class: 'loading', role: 'status' }, t('backup.checking')));
    try {
      preview = await backupRestorePreview({ file_name: fileName });
    } catch (e) {
      replace(d.body);
      showError(e);
      return;
    }
    const p = preview;
    const approval = p.needs_confirmation ? hostFields(p) : null;
    take = approval ? approval.take : () => null;
    replace(
      d.body,
      h('div', { testid: 'restore-summary' }, p.summary.map((line) => h('p', null, line))),
      h('p', { class: 'hint' }, t('backup.heads', { backup: shortHash(p.backup_head, 12), live: shortHash(p.live_head, 12) })),
      discardedView(p),
      approval ? approval.el : null,
    );
    go.textContent = p.needs_confirmation ? t('backup.restoreSigned') : t('backup.restoreConfirm');
    go.disabled = approval ? !approval.usable : false;
  };

  go.addEventListener('click', async () => {
    if (!preview) return;
    const p = preview;
    const confirmation = take();
    if (confirmation === 'missing') {
      showError(new Error(t('backup.pinMissing')));
      return;
    }
    let failed = false;
    await run(go, async () => {
      try {
        const done = await backupRestore({ file_name: fileName, expect_live_head: p.live_head, confirmation });
        d.close();
        onRestored(h('div', null, h('h3', null, t('backup.restoredTitle')), h('p', { testid: 'restore-kept' }, t('backup.keptAs', { file: done.replaced_kept_as })), reportView(done.report, 'restore-result')));
        showNotice(t('backup.restored', { file: fileName }));
        await reload();
      } catch (e) {
        failed = true;
        throw e;
      }
    });
    // A wrong PIN is itself recorded in the live log: the preview is read again so the
    // confirmation names what is really discarded now (the error stays shown).
    if (failed) await load();
  });
  void load();
}

interface HostFields {
  el: HTMLElement;
  usable: boolean;
  take: () => HostApproval | 'missing' | null;
}

/** The host's key (from the preview's list) and PIN. */
function hostFields(p: RestorePreview): HostFields {
  const legend = h('legend', null, t('backup.hostLegend'));
  if (!p.hosts.length) {
    return { el: h('fieldset', { class: 'approval' }, legend, h('p', { class: 'warning', testid: 'restore-no-host' }, t('backup.noHost'))), usable: false, take: () => null };
  }
  const select = h('select', { testid: 'restore-host-key', id: uid('host') });
  for (const k of p.hosts) select.appendChild(h('option', { value: String(k.key_id) }, `${k.person_name}（${k.community_name}） · ${k.fingerprint}`));
  const pin = pinInput({ testid: 'restore-host-pin' });
  return {
    el: h('fieldset', { class: 'approval' }, legend, h('p', { class: 'hint' }, t('backup.hostHint')), field(t('backup.hostKey'), select), field(t('backup.hostPin'), pin)),
    usable: true,
    take: () => {
      const [hostPin = ''] = takePins(pin);
      if (!hostPin) return 'missing';
      return { host_key_id: Number(select.value), host_pin: hostPin };
    },
  };
}

export function backupsSection(info: AppInfo | null): HTMLElement {
  const listEl = h('div', { 'aria-live': 'polite' });
  const restoreResult = h('div');
  const create = guarded(h('button', { type: 'button', class: 'btn btn-primary', testid: 'backup-create' }, t('backup.create')), 'backup_create');
  const fileInput = h('input', { type: 'file', id: uid('backup-file'), class: 'file-input', testid: 'backup-upload-file', accept: '.db,.yishi-backup,application/octet-stream' });
  const upload = guarded(h('button', { type: 'button', class: 'btn', testid: 'backup-upload' }, t('backup.upload')), 'backup_upload');
  const exportButton = guarded(h('button', { type: 'button', class: 'btn', testid: 'backup-export' }, t('backup.export')), 'backup_export');

  const restored = (message: HTMLElement) => {
    replace(restoreResult, message);
    void refresh();
  };

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
    restore.addEventListener('click', () => openRestore(b.file_name, restored));
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

  exportButton.addEventListener('click', () =>
    askCode(t('backup.exportTitle'), t('backup.exportBody'), t('backup.exportGo'), 'backup-export', async (code) => {
      const done = await backupExport({ code });
      showNotice(t('backup.exported', { path: done.saved_to, n: formatCount(done.events), head: shortHash(done.head_hash, 12) }));
    }),
  );

  upload.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD_MIB * 1024 * 1024) {
      showError(new Error(t('backup.uploadTooLarge', { n: MAX_UPLOAD_MIB })));
      return;
    }
    void run(upload, async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const send = async (code: string | null) => {
        const taken = await backupUpload({ file_name: file.name, content_base64: bytesToBase64(bytes), code });
        await refresh();
        openRestore(taken.file_name, restored);
      };
      if (isSealed(bytes)) {
        askCode(t('backup.sealedTitle', { file: file.name }), t('backup.sealedBody'), t('backup.sealedGo'), 'backup-sealed', send);
        return;
      }
      await send(null);
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
    h('div', { class: 'actions' }, create, exportButton, upload, fileInput),
    h('p', { class: 'hint' }, t('backup.uploadHint')),
    listEl,
    restoreResult,
  );
}
