// What the cards of a convention's page share: the page's context and the card frame. Its own
// module, so the cards need not import the page (detail.ts) that imports them.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ConventionDetail } from '../../bindings/ConventionDetail';
import type { VersionView } from '../../bindings/VersionView';
import { h } from '../../dom';

export interface ConvCtx {
  community: CommunitySummary;
  detail: () => ConventionDetail;
  /** Runs an operation for a button; the detail it answers with is shown at once. */
  act: (button: HTMLButtonElement | null, op: () => Promise<ConventionDetail>, notice?: string) => Promise<ConventionDetail | undefined>;
  reload: () => Promise<void>;
}

export const latest = (d: ConventionDetail): VersionView => d.versions[d.versions.length - 1] as VersionView;
export const inForce = (d: ConventionDetail): VersionView | null => d.versions.find((v) => v.status === 'adopted') ?? null;

export const card = (title: string, testid: string | undefined, ...children: (Node | string | null | false | (Node | null)[])[]) =>
  h('section', { class: 'card conv-card', testid }, h('h2', null, title), children);

