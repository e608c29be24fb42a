// Modal dialogs on the native <dialog> element: focus stays inside, Esc closes.

import { h, uid } from '../dom';
import { t } from '../i18n';
import { borrowBanners } from '../notify';

export interface DialogHandle {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  footer: HTMLElement;
  close: () => void;
}

export interface DialogOptions {
  title: string;
  testid?: string;
  wide?: boolean;
  onClose?: () => void;
}

/** Opens a modal dialog; the caller fills `body` and `footer`. */
export function openDialog(opts: DialogOptions): DialogHandle {
  const titleId = uid('dlg');
  const slot = h('div', { class: 'banner-slot' });
  const body = h('div', { class: 'dialog-body' });
  const footer = h('div', { class: 'dialog-footer' });
  const closeBtn = h('button', { type: 'button', class: 'btn btn-quiet dialog-x', 'aria-label': t('common.close') }, '×');
  const dialog = h(
    'dialog',
    { class: opts.wide ? 'dialog dialog-wide' : 'dialog', testid: opts.testid, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, opts.title), closeBtn),
    slot,
    body,
    footer,
  );
  const giveBack = borrowBanners(slot);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    giveBack();
    if (dialog.open) dialog.close();
    dialog.remove();
    opts.onClose?.();
  };
  closeBtn.addEventListener('click', close);
  dialog.addEventListener('close', close);
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, body, footer, close };
}

export interface ConfirmOptions {
  title: string;
  paragraphs: string[];
  confirmLabel: string;
  danger?: boolean;
  testid?: string;
}

/** Asks a yes/no question; resolves true only when the user confirms. */
export function confirmDialog(opts: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const d = openDialog({ title: opts.title, testid: opts.testid ?? 'confirm', onClose: () => resolve(answer) });
    for (const p of opts.paragraphs) d.body.appendChild(h('p', null, p));
    const cancel = h('button', { type: 'button', class: 'btn', testid: 'confirm-cancel', onclick: () => d.close() }, t('common.cancel'));
    const ok = h(
      'button',
      {
        type: 'button',
        class: opts.danger ? 'btn btn-danger' : 'btn btn-primary',
        testid: 'confirm-ok',
        onclick: () => {
          answer = true;
          d.close();
        },
      },
      opts.confirmLabel,
    );
    d.footer.append(cancel, ok);
    cancel.focus();
  });
}
