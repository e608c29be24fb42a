// What the parts of a meeting's page share: the detail as last read, a way to act (every
// meeting operation answers with the fresh detail), and the server's clock.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import { run, showNotice } from '../../notify';
import type { ServerClock } from './labels';

export interface MeetingCtx {
  community: CommunitySummary;
  clock: ServerClock;
  detail: () => MeetingDetail;
  /** Runs an operation for a button; the detail it answers with is shown at once. */
  act: (button: HTMLButtonElement | null, op: () => Promise<MeetingDetail>, notice?: string) => Promise<MeetingDetail | undefined>;
}

export interface Panel {
  el: HTMLElement;
  update: (d: MeetingDetail) => void;
  /** Called several times a second while the meeting runs (countdowns). */
  tick?: () => void;
}

export function makeAct(apply: (d: MeetingDetail) => void): MeetingCtx['act'] {
  return async (button, op, notice) => {
    const d = await run(button, op);
    if (d) {
      apply(d);
      if (notice) showNotice(notice);
    }
    return d;
  };
}
