// One error banner (its message: data-testid="error") and one notice line for the whole app. While a dialog is
// open they move into it, so the message is always next to what the user is doing. Showing an
// error never touches any form: what the user typed stays.

import { ApiError } from './api';
import { h } from './dom';
import { t } from './i18n';

const errorText = h('p', { class: 'banner-text', testid: 'error' });
const errorBox = h(
  'div',
  { class: 'banner banner-error', testid: 'error-banner', role: 'alert', hidden: true },
  h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'),
  errorText,
  h('button', { type: 'button', class: 'btn btn-quiet banner-close', onclick: () => clearError() }, ''),
);
const noticeText = h('p', { class: 'banner-text', testid: 'notice' });
const noticeBox = h(
  'div',
  { class: 'banner banner-ok', testid: 'notice-banner', role: 'status', hidden: true },
  h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '✓'),
  noticeText,
);
let noticeTimer: number | undefined;
const homeSlot = h('div', { class: 'banner-slot' });
homeSlot.append(errorBox, noticeBox);
const slots: HTMLElement[] = [];

/** The page's own place for the banners (put it at the top of <main>). */
export function bannerSlot(): HTMLElement {
  const close = errorBox.querySelector('.banner-close');
  if (close) close.textContent = t('common.close');
  return homeSlot;
}

function currentSlot(): HTMLElement {
  return slots[slots.length - 1] ?? homeSlot;
}

/** A dialog lends its own slot while it is open; call the returned function when it closes. */
export function borrowBanners(slot: HTMLElement): () => void {
  slots.push(slot);
  noticeBox.hidden = true;
  slot.append(errorBox, noticeBox);
  return () => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    currentSlot().append(errorBox, noticeBox);
  };
}

export function showError(err: unknown): void {
  const message =
    err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
  const close = errorBox.querySelector('.banner-close');
  if (close) close.textContent = t('common.close');
  currentSlot().append(errorBox, noticeBox);
  errorText.textContent = message || t('error.unexpected');
  errorText.dataset['code'] = err instanceof ApiError ? err.code : 'unexpected';
  errorBox.hidden = false;
  noticeBox.hidden = true;
}

export function clearNotice(): void {
  noticeBox.hidden = true;
}

export function clearError(): void {
  errorBox.hidden = true;
  errorText.textContent = '';
}

/** A short success line that fades after a while. */
export function showNotice(message: string): void {
  currentSlot().append(errorBox, noticeBox);
  clearError();
  noticeText.textContent = message;
  noticeBox.hidden = false;
  if (noticeTimer !== undefined) window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => {
    noticeBox.hidden = true;
  }, 8000);
}

/**
 * Runs an action for a button: disables it while running (no double submits), clears an old
 * error, shows a new one. Resolves to the action's result, or undefined when it failed.
 */
export async function run<T>(button: HTMLButtonElement | null, action: () => Promise<T>): Promise<T | undefined> {
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  clearError();
  try {
    return await action();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
}
