// The operator's preferences, kept in localStorage on this computer (never who is signed in:
// that is session.ts).

import type { Lang } from './bindings/Lang';

const KEY_LANG = 'yishi.lang';
const KEY_COMMUNITY = 'yishi.community';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: work without remembering
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    /* storage disabled or full: the value still holds for this session */
  }
}

let lang: Lang = read(KEY_LANG) === 'en' ? 'en' : 'zh';

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  write(KEY_LANG, next);
}

/** The community last worked on, as the string form of its id. */
export function getSavedCommunity(): string | null {
  return read(KEY_COMMUNITY);
}

export function saveCommunity(id: string): void {
  write(KEY_COMMUNITY, id);
}
