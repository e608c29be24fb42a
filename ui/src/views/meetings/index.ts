// 会议: the community's meetings. Routes: #/meetings (list), #/meetings/new (schedule),
// #/meetings/<id> (agenda, notice, running it, minutes). The projector view is its own page
// (#/projector/<id>, see ./projector), without the app's frame.

import '../../styles-meet.css';
import type { ViewContext } from '../../view';
import { meetingPage } from './detail';
import { meetingListView } from './list';
import { scheduleView } from './schedule';

export function meetingsView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const first = ctx.sub[0];
  let cleanup: void | (() => void);
  if (first === 'new') cleanup = scheduleView(root, community);
  else if (first) cleanup = meetingPage(root, community, Number(first));
  else cleanup = meetingListView(root, community);
  return () => cleanup?.();
}
