// Who is signed in at this window: the session token (memory and sessionStorage, so a reload
// keeps the person signed in and closing the window leaves no token behind; never
// localStorage), the operator the server says it stands for, and the recent operators of this
// laptop (names and ids only, never a PIN) for quick switching. Imports nothing that calls the
// backend: api.ts reads the token from here.

import type { OperatorView } from './bindings/OperatorView';
import type { SignedIn } from './bindings/SignedIn';

const KEY_TOKEN = 'yishi.session';
const KEY_RECENT = 'yishi.recentOperators';
const RECENT_MAX = 6;

function readSession(): string | null {
  try {
    return window.sessionStorage.getItem(KEY_TOKEN);
  } catch {
    return null;
  }
}

function writeSession(value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(KEY_TOKEN);
    else window.sessionStorage.setItem(KEY_TOKEN, value);
  } catch {
    /* storage disabled: the token lives in memory until the page is left */
  }
}

let token: string | null = readSession();
let operator: OperatorView | null = null;
type Listener = () => void;
const listeners = new Set<Listener>();
let signInRequired: ((err: Error) => void) | null = null;
let lastCall = Date.now();

/** When this window last called the server (the server's idle clock runs on calls too). */
export function lastCallAt(): number {
  return lastCall;
}

/** api.ts notes every call made with a token. */
export function noteCall(): void {
  if (token !== null) lastCall = Date.now();
}

/** The token to send with every call (null when nobody is signed in). */
export function getToken(): string | null {
  return token;
}

export function getOperator(): OperatorView | null {
  return operator;
}

/** Listens for sign-in, sign-out and operator changes. */
export function onSessionChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(): void {
  for (const fn of listeners) fn();
}

/** After `session_sign_in`, `community_setup` or `host_claim`. */
export function setSignedIn(s: SignedIn): void {
  token = s.token;
  lastCall = Date.now();
  writeSession(s.token);
  setOperator(s.operator);
}

/** A token handed over by the main window (the desktop's projector window). */
export function adoptToken(t: string): void {
  token = t;
  writeSession(t);
}

/** The operator `session_state` reported for the current token (null: the token is dead). */
export function setOperator(op: OperatorView | null): void {
  operator = op;
  if (op) remember(op);
  else {
    token = null;
    writeSession(null);
  }
  emit();
}

/** Forgets the token (sign-out, switching operator, or the server no longer knows it). */
export function clearSession(): void {
  token = null;
  operator = null;
  writeSession(null);
  emit();
}

/** Who shows the sign-in screen when the server answers `sign_in_required` (app.ts). */
export function setSignInRequiredHandler(fn: (err: Error) => void): void {
  signInRequired = fn;
}

/** The server refused a call for want of a (live) session: drop it and ask to sign in. */
export function signInRequiredNow(err: Error): void {
  const had = token !== null || operator !== null;
  token = null;
  operator = null;
  writeSession(null);
  if (had) emit();
  signInRequired?.(err);
}

/** One recent operator of this laptop: the name and id to put first on the sign-in screen. */
export interface RecentOperator {
  community_id: number;
  person_id: number;
  name: string;
}

export function recentOperators(communityId: number): RecentOperator[] {
  return readRecent().filter((r) => r.community_id === communityId);
}

function readRecent(): RecentOperator[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(KEY_RECENT) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (r): r is RecentOperator =>
        typeof r === 'object' && r !== null && typeof r.community_id === 'number' && typeof r.person_id === 'number' && typeof r.name === 'string',
    );
  } catch {
    return [];
  }
}

function remember(op: OperatorView): void {
  const rest = readRecent().filter((r) => !(r.community_id === op.community_id && r.person_id === op.person_id));
  const next = [{ community_id: op.community_id, person_id: op.person_id, name: op.name }, ...rest].slice(0, RECENT_MAX);
  try {
    window.localStorage.setItem(KEY_RECENT, JSON.stringify(next));
  } catch {
    /* storage disabled: no recent list */
  }
}
