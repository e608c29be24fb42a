// What every view is given: its own module, so views need not import the list of areas
// (areas.ts imports every view; a view importing areas.ts back made a circle of ten files).

import type { CommunitySummary } from './bindings/CommunitySummary';

export interface ViewContext {
  /** The community being worked on; never null for areas with `needsCommunity`. */
  community: CommunitySummary | null;
  /** The route after the area's id: "#/roll/units" gives ["units"]. */
  sub: string[];
}

/** Fills `root`; may return a cleanup run when the view is left (timers, listeners). */
export type View = (root: HTMLElement, ctx: ViewContext) => void | (() => void);
