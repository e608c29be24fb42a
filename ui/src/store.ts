// What the whole app shares: the app info, the communities and which one is being worked on.

import { appInfo } from './api';
import type { AppInfo } from './bindings/AppInfo';
import type { CommunitySummary } from './bindings/CommunitySummary';
import { getSavedCommunity, saveCommunity } from './prefs';

type Listener = (switched: boolean) => void;

let info: AppInfo | null = null;
let communities: CommunitySummary[] = [];
let currentId: string | null = null;
const listeners = new Set<Listener>();

export const idKey = (id: CommunitySummary['id']): string => String(id);

export function getInfo(): AppInfo | null {
  return info;
}

export function getCommunities(): readonly CommunitySummary[] {
  return communities;
}

export function currentCommunity(): CommunitySummary | null {
  return communities.find((c) => idKey(c.id) === currentId) ?? null;
}

/** Listens for changes; `switched` is true when the current community is another one now. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(switched: boolean): void {
  for (const fn of listeners) fn(switched);
}

function settleCurrent(): boolean {
  const before = currentId;
  const wanted = currentId ?? getSavedCommunity();
  const found = communities.find((c) => idKey(c.id) === wanted) ?? communities[0] ?? null;
  currentId = found ? idKey(found.id) : null;
  if (currentId) saveCommunity(currentId);
  return before !== currentId;
}

/** Reloads app info and communities from the backend. */
export async function reload(): Promise<void> {
  info = await appInfo();
  communities = [...info.communities];
  emit(settleCurrent());
}

export function selectCommunity(id: string): void {
  if (id === currentId) return;
  currentId = id;
  saveCommunity(id);
  emit(true);
}

/** Puts a changed or new community into the list (after create, settings, import). */
export function upsertCommunity(c: CommunitySummary, select = false): void {
  const i = communities.findIndex((x) => idKey(x.id) === idKey(c.id));
  if (i >= 0) communities[i] = c;
  else communities.push(c);
  let switched = false;
  if (select && currentId !== idKey(c.id)) {
    currentId = idKey(c.id);
    saveCommunity(currentId);
    switched = true;
  }
  emit(switched);
}
