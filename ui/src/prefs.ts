// The operator's preferences, kept in localStorage on this computer.

import type { Lang } from './bindings/Lang';

const KEY_ACTOR = 'yishi.actor';
const KEY_LANG = 'yishi.lang';
const KEY_COMMUNITY = 'yishi.community';

export const DEFAULT_ACTOR = '主持人';

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

let actor = read(KEY_ACTOR)?.trim() || DEFAULT_ACTOR;
let lang: Lang = read(KEY_LANG) === 'en' ? 'en' : 'zh';

/** 当前操作人: written into every recorded event. */
export function getActor(): string {
  return actor;
}

export function setActor(name: string): void {
  actor = name.trim() || DEFAULT_ACTOR;
  write(KEY_ACTOR, actor);
}

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
