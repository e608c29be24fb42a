// The result of a closed vote: passed or not, in large type; the result block exactly as the
// host and the secretary signed it (the same text `yishi verify` prints); the printable public
// notice (公示); and the self-contained record for anyone to re-check.

import { isDesktop, saveFile, voteNotice, voteRecord, voteRecordInspection } from '../../api';
import { base64ToBytes, downloadBytes } from '../../b64';
import type { VoteDetail } from '../../bindings/VoteDetail';
import { openDialog } from '../../components/dialog';
import { h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { statusNote } from './labels';

const decode = (b64: string) => new TextDecoder().decode(base64ToBytes(b64));

// The notice is HTML from our own backend. It is parsed (scripts never run) and only plain
// text elements are rebuilt here, without attributes other than class: never innerHTML.
const KEEP = new Set(['h1', 'h2', 'h3', 'p', 'pre', 'b', 'strong', 'em', 'i', 'br', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'small']);
const DROP = new Set(['script', 'style', 'title', 'head', 'meta', 'link', 'iframe', 'object', 'embed', 'template', 'noscript']);

function rebuild(node: Node): Node | null {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent ?? '');
  if (!(node instanceof Element)) return null;
  const tag = node.localName;
  if (DROP.has(tag)) return null;
  const kids = Array.from(node.childNodes, rebuild).filter((n): n is Node => n !== null);
  if (!KEEP.has(tag)) {
    const frag = document.createDocumentFragment();
    frag.append(...kids);
    return frag;
  }
  const el = document.createElement(tag);
  const cls = node.getAttribute('class');
  if (cls) el.className = cls;
  el.append(...kids);
  return el;
}

/** The notice's content as nodes of this page. */
export function noticeNodes(html: string): Node[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return Array.from(doc.body.childNodes, rebuild).filter((n): n is Node => n !== null);
}

/** The notice in a printable view; in a browser it can also open as its own page. */
function openNotice(html: string, fileName: string): void {
  const d = openDialog({ title: t('result.noticeTitle'), testid: 'notice-dialog', wide: true, onClose: () => document.body.classList.remove('print-notice') });
  d.dialog.classList.add('notice-dialog');
  d.body.append(h('article', { class: 'notice-sheet', testid: 'vote-notice-view', lang: document.documentElement.lang }, noticeNodes(html)));
  const print = h('button', { type: 'button', class: 'btn btn-primary', testid: 'notice-print' }, t('result.print'));
  print.addEventListener('click', () => {
    document.body.classList.add('print-notice');
    window.print();
    document.body.classList.remove('print-notice');
  });
  const own = isDesktop()
    ? h('button', {
        type: 'button',
        class: 'btn',
        testid: 'notice-save',
        onclick: () => {
          saveFile(new TextEncoder().encode(html) as Uint8Array<ArrayBuffer>, fileName, 'text/html').then(
            (path) => path && showNotice(t('file.savedTo', { path })),
            showError,
          );
        },
      }, t('file.save'))
    : h('button', {
        type: 'button',
        class: 'btn',
        testid: 'notice-window',
        onclick: () => {
          const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
          if (!window.open(url, '_blank')) downloadBytes(new TextEncoder().encode(html) as Uint8Array<ArrayBuffer>, fileName, 'text/html');
          window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
        },
      }, t('result.ownWindow'));
  d.footer.append(h('p', { class: 'hint footer-status' }, t('result.noticeHint')), h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.close')));
  if (own) d.footer.append(own);
  d.footer.append(print);
  print.focus();
}

export function resultCard(d: VoteDetail): HTMLElement {
  const v = d.vote;
  const passed = d.passed === true;
  const note = statusNote(v);
  const exportLine = h('p', { class: 'hint export-result', testid: 'vote-record-result', hidden: true });
  const noticeBtn = h('button', { type: 'button', class: 'btn btn-primary', testid: 'vote-notice' }, t('result.notice'));
  noticeBtn.addEventListener('click', () => {
    void run(noticeBtn, async () => {
      const file = await voteNotice({ vote_id: v.vote_id });
      openNotice(decode(file.content_base64), file.file_name);
    });
  });
  // Two copies that verify the same way: for anyone (units, no names) and for owners who ask
  // to inspect the record (with names, 司法解释 Art. 13).
  const exportBtn = h('button', { type: 'button', class: 'btn', testid: 'vote-record-export' }, t('result.export'));
  const inspectBtn = h('button', { type: 'button', class: 'btn', testid: 'vote-record-inspection', title: t('result.inspectionHint') }, t('result.inspection'));
  const exportWith = (btn: HTMLButtonElement, get: typeof voteRecord) => () => {
    void run(btn, async () => {
      const file = await get({ vote_id: v.vote_id });
      const saved = await saveFile(base64ToBytes(file.content_base64), file.file_name, file.mime);
      const message = saved ? t('file.savedTo', { path: saved }) : t('result.exported', { file: file.file_name });
      replace(exportLine, message, ' ', h('a', { href: '#/votes/check' }, t('votes.checkRecord')));
      exportLine.hidden = false;
      showNotice(message);
    });
  };
  exportBtn.addEventListener('click', exportWith(exportBtn, voteRecord));
  inspectBtn.addEventListener('click', exportWith(inspectBtn, voteRecordInspection));
  return h(
    'section',
    { class: passed ? 'card result-card pass' : 'card result-card fail', testid: 'vote-result-card' },
    h(
      'div',
      { class: 'result-head' },
      h('p', { class: 'verdict-big', testid: 'vote-passed', 'data-passed': String(passed) }, h('span', { 'aria-hidden': 'true' }, passed ? '✓ ' : '✗ '), passed ? t('result.passed') : t('result.notPassed')),
      note ? h('p', { class: 'result-note', testid: 'vote-final' }, note) : null,
    ),
    h('pre', { class: 'result-text', testid: 'vote-result' }, d.result_text ?? ''),
    h('p', { class: 'hint' }, t('result.signed')),
    h('div', { class: 'actions' }, noticeBtn, exportBtn, inspectBtn),
    exportLine,
  );
}
