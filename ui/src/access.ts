// What the signed-in person may do, from the role matrix (`access_matrix`, read once) and the
// operator's parties: the views hide or disable what the person cannot run, with a tooltip
// naming the offices that may. Only a courtesy: the server checks every call anyway.

import type { Action } from './bindings/Action';
import type { MatrixRow } from './bindings/MatrixRow';
import type { Party } from './bindings/Party';
import { OP_TABLE, type OpName } from './bindings/ops';
import { joinList, t, type Key } from './i18n';
import { sessionState } from './api';
import { getOperator, setOperator } from './session';

let matrix: Map<Action, readonly Party[]> | null = null;

/** Keeps the matrix the server answered (app.ts reads it once at start-up). */
export function setMatrix(rows: readonly MatrixRow[]): void {
  matrix = new Map(rows.map((r) => [r.action, r.parties]));
}

export const partyLabel = (p: Party): string => t(`party.${p}` as Key);

/** The parties that may run `op` (empty for public operations). */
export function whoMay(op: OpName): readonly Party[] {
  const action = OP_TABLE[op].action;
  return action === 'public' ? [] : (matrix?.get(action) ?? []);
}

/** Whether the signed-in person may run `op` (true before the matrix is known: the server decides). */
export function may(op: OpName): boolean {
  const action = OP_TABLE[op].action;
  if (action === 'public') return true;
  if (!matrix) return true;
  const parties = getOperator()?.parties ?? [];
  return (matrix.get(action) ?? []).some((p) => parties.includes(p));
}

/** "只有主持人、登记员可以做这一步": the tooltip of a control the person may not use. */
export function mayNotText(op: OpName): string {
  return t('access.onlyThese', { parties: joinList(whoMay(op).map(partyLabel)) });
}

/**
 * Disables `el` (a button, or a link turned inert) when the person may not run `op`, with a
 * tooltip saying which office may. Returns whether they may.
 */
export function guard(el: HTMLElement, op: OpName): boolean {
  if (may(op)) return true;
  if (el instanceof HTMLButtonElement || el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.disabled = true;
  else {
    el.setAttribute('aria-disabled', 'true');
    el.addEventListener('click', (ev) => ev.preventDefault());
  }
  el.classList.add('not-allowed');
  el.title = mayNotText(op);
  el.dataset['mayNot'] = op;
  return false;
}

/** `el` after `guard(el, op)`: for building a control in place. */
export function guarded<T extends HTMLElement>(el: T, op: OpName): T {
  guard(el, op);
  return el;
}

/** Reads the operator again (after offices changed hands: the server reads them fresh anyway). */
export async function refreshOperator(): Promise<void> {
  const state = await sessionState();
  setOperator(state.operator);
}
