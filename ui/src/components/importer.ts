// Importing the property company's roster: choose a file, see exactly what would change, accept.
// Nothing is written before "accept"; the commit carries the preview's digest so it refuses if
// the file or the roll changed in between.

import { ApiError, jobProgress, rollImportCommit, rollImportPreview } from '../api';
import { bytesToBase64, newJobId } from '../b64';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportRequest } from '../bindings/ImportRequest';
import { checkbox, h, replace, uid } from '../dom';
import { formatAreaM2, formatCount } from '../format';
import { joinList, t, type Key } from '../i18n';
import { clearError, run, showError, showNotice } from '../notify';
import { openDialog } from './dialog';
import { previewView } from './importPreview';

const COLUMNS: readonly [header: string, help: Key][] = [
  ['楼栋', 'importCols.building'],
  ['房号', 'importCols.unit'],
  ['类型', 'importCols.kind'],
  ['面积', 'importCols.area'],
  ['面积来源', 'importCols.areaSource'],
  ['房屋状态', 'importCols.status'],
  ['姓名', 'importCols.name'],
  ['证件号', 'importCols.idNumber'],
  ['电话', 'importCols.phone'],
  ['身份', 'importCols.relation'],
  ['投票人', 'importCols.voter'],
];

const PHASES: Record<string, Key> = {
  parse: 'import.phaseParse',
  check: 'import.phaseCheck',
  write: 'import.phaseWrite',
  done: 'import.phaseDone',
};

function columnHelp(): HTMLElement {
  return h(
    'details',
    { class: 'help', testid: 'import-columns' },
    h('summary', null, t('import.columnsTitle')),
    h('p', null, t('import.columnsIntro')),
    h('dl', { class: 'columns' }, COLUMNS.map(([header, help]) => [h('dt', { lang: 'zh-CN' }, header), h('dd', null, t(help))])),
    h('p', { class: 'hint' }, t('import.columnsNote')),
  );
}

/** Opens the import dialog; `onCommitted` runs after a successful import (refresh the roll). */
export function openImport(community: CommunitySummary, onCommitted: () => Promise<void>): void {
  const d = openDialog({ title: t('import.title', { name: community.name }), testid: 'import-dialog', wide: true });
  const fileInput = h('input', { type: 'file', id: uid('file'), class: 'file-input', testid: 'import-file', accept: '.csv,.xlsx,.xls' });
  const fileName = h('span', { class: 'file-name', testid: 'import-file-name' }, t('import.noFile'));
  const create = checkbox(t('import.createBuildings'), { testid: 'import-create-buildings' });
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const previewEl = h('div', { class: 'import-preview-slot' });
  const progress = h('progress', { testid: 'import-progress', max: '1', value: '0' });
  const progressText = h('span', { class: 'progress-text' });
  const progressRow = h('div', { class: 'progress-row', hidden: true }, progress, progressText);
  const result = h('p', { class: 'result-ok', testid: 'import-result', role: 'status', hidden: true });
  const commit = h('button', { type: 'button', class: 'btn btn-primary', testid: 'import-commit', disabled: true }, t('import.commit'));
  const close = h('button', { type: 'button', class: 'btn', testid: 'import-close', onclick: () => d.close() }, t('common.close'));

  let request: ImportRequest | null = null;
  let preview: ImportPreview | null = null;
  let previewSeq = 0;

  async function readRequest(): Promise<ImportRequest | null> {
    const file = fileInput.files?.[0];
    if (!file) return null;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return {
      community_id: community.id,
      file_name: file.name,
      content_base64: bytesToBase64(bytes),
      options: { create_buildings: create.input.checked },
    };
  }

  async function doPreview(keepError = false): Promise<void> {
    const mine = ++previewSeq;
    preview = null;
    commit.disabled = true;
    result.hidden = true;
    if (!keepError) clearError();
    const file = fileInput.files?.[0];
    fileName.textContent = file ? file.name : t('import.noFile');
    if (!file) {
      previewEl.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = t('import.checking', { file: file.name });
    previewEl.setAttribute('aria-busy', 'true');
    try {
      const req = await readRequest();
      if (!req || mine !== previewSeq) return;
      const p = await rollImportPreview(req);
      if (mine !== previewSeq) return;
      request = req;
      preview = p;
      replace(previewEl, previewView(p));
      commit.disabled = !p.can_commit;
      status.textContent = p.can_commit ? t('import.readyToCommit') : t('import.blocked', { n: p.problems.length });
      status.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (e) {
      if (mine !== previewSeq) return;
      previewEl.replaceChildren();
      status.textContent = '';
      showError(e);
    } finally {
      if (mine === previewSeq) previewEl.removeAttribute('aria-busy');
    }
  }

  fileInput.addEventListener('change', () => void doPreview());
  create.input.addEventListener('change', () => void doPreview());

  commit.addEventListener('click', () => {
    const req = request;
    const p = preview;
    if (!req || !p || !p.can_commit) return;
    const jobId = newJobId();
    let polling = true;
    let inFlight = false;
    progress.value = 0;
    progressText.textContent = t('import.phaseStart');
    progressRow.hidden = false;
    const timer = window.setInterval(() => {
      if (!polling || inFlight) return;
      inFlight = true;
      jobProgress({ job_id: jobId })
        .then((jp) => {
          if (!polling) return;
          if (jp.total > 0) {
            progress.max = jp.total;
            progress.value = Math.min(jp.done, jp.total);
          }
          const phase = PHASES[jp.phase];
          progressText.textContent = phase ? t(phase, { done: formatCount(jp.done), total: formatCount(jp.total) }) : '';
        })
        .catch(() => undefined) // progress is a courtesy: the commit's own result decides
        .finally(() => {
          inFlight = false;
        });
    }, 150);
    fileInput.disabled = true;
    create.input.disabled = true;
    void run(commit, async () => {
      try {
        const outcome = await rollImportCommit({ request: req, plan_digest: p.plan_digest, job_id: jobId });
        polling = false;
        progress.max = 1;
        progress.value = 1;
        progressText.textContent = t('import.phaseFinished');
        const line = t('import.result', {
          added: formatCount(outcome.new_units),
          changed: formatCount(outcome.changed_units),
          persons: formatCount(outcome.persons),
          area: formatAreaM2(outcome.area),
          seq: String(outcome.event_seq),
        });
        result.textContent = line;
        result.hidden = false;
        preview = null;
        const verdict = previewEl.querySelector('.verdict');
        if (verdict) {
          verdict.className = 'verdict verdict-ok';
          verdict.textContent = t('import.verdictDone');
        }
        status.textContent = t('import.doneAgain');
        showNotice(t('import.doneNotice'));
        await onCommitted();
      } catch (e) {
        polling = false;
        progressRow.hidden = true;
        if (e instanceof ApiError && e.code === 'stale_preview') {
          showError(e);
          await doPreview(true);
          return;
        }
        throw e;
      } finally {
        polling = false;
        window.clearInterval(timer);
        fileInput.disabled = false;
        create.input.disabled = false;
      }
    }).then(() => {
      commit.disabled = !(preview && preview.can_commit);
    });
  });

  d.body.append(
    h('p', { class: 'lead' }, t('import.intro')),
    h('ul', { class: 'facts' }, h('li', null, t('import.factNothingWritten')), h('li', null, t('import.factUpdates')), h('li', null, t('import.factKept'))),
    columnHelp(),
    h('p', { class: 'file-label' }, t('import.chooseFile')),
    h(
      'div',
      { class: 'file-row' },
      fileInput,
      h('label', { for: fileInput.id, class: 'btn btn-primary' }, t('import.pickButton')),
      fileName,
    ),
    create.row,
    h('p', { class: 'hint' }, t('import.createBuildingsHint', { names: joinList(community.buildings) || t('import.noBuildingsYet') })),
    status,
    previewEl,
  );
  d.footer.append(h('div', { class: 'footer-status' }, progressRow, result), close, commit);
  fileInput.focus();
}

