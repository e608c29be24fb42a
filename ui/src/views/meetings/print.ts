// A printable document from the backend (the meeting's notice, the minutes): shown in a dialog
// to print, opened as its own page in a browser, or downloaded.

import { isDesktop, saveFile } from '../../api';
import { base64ToBytes, downloadBytes } from '../../b64';
import type { ExportFile } from '../../bindings/ExportFile';
import { openDialog } from '../../components/dialog';
import { append, h } from '../../dom';
import { t } from '../../i18n';
import { showError, showNotice } from '../../notify';
import { noticeNodes } from '../votes/result';

export function openPrintable(file: ExportFile, title: string, testid: string): void {
  const bytes = base64ToBytes(file.content_base64);
  const html = new TextDecoder().decode(bytes);
  const d = openDialog({ title, testid: `${testid}-dialog`, wide: true, onClose: () => document.body.classList.remove('print-notice') });
  d.dialog.classList.add('notice-dialog');
  d.body.append(h('article', { class: 'notice-sheet', testid: `${testid}-view`, lang: document.documentElement.lang }, noticeNodes(html)));
  const print = h('button', { type: 'button', class: 'btn btn-primary', testid: `${testid}-print` }, t('result.print'));
  print.addEventListener('click', () => {
    document.body.classList.add('print-notice');
    window.print();
    document.body.classList.remove('print-notice');
  });
  const download = h('button', {
    type: 'button',
    class: 'btn',
    testid: `${testid}-download`,
    onclick: () => {
      saveFile(bytes, file.file_name, file.mime || 'text/html').then((path) => path && showNotice(t('print.savedTo', { path })), showError);
    },
  }, isDesktop() ? t('file.save') : t('print.download'));
  const own = isDesktop()
    ? null
    : h('button', {
        type: 'button',
        class: 'btn',
        testid: `${testid}-window`,
        onclick: () => {
          const url = URL.createObjectURL(new Blob([bytes], { type: 'text/html;charset=utf-8' }));
          if (!window.open(url, '_blank')) downloadBytes(bytes, file.file_name, 'text/html');
          window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
        },
      }, t('result.ownWindow'));
  append(d.footer, [
    h('p', { class: 'hint footer-status' }, file.saved_to ? t('print.savedTo', { path: file.saved_to }) : t('print.hint')),
    h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.close')),
    download,
    own,
    print,
  ]);
  print.focus();
}
