// 表决: the votes of the community. Routes: #/votes (list), #/votes/new (create),
// #/votes/check (check a record file), #/votes/<id> (one vote: open, watch, close, publish).

import type { ViewContext } from '../../view';
import { createView } from './create';
import { detailView } from './detail';
import { listView } from './list';
import { recordCheckView } from './recordCheck';

export function votesView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const first = ctx.sub[0];
  let cleanup: void | (() => void);
  if (first === 'new') cleanup = createView(root, community);
  else if (first === 'check') cleanup = recordCheckView(root);
  else if (first) cleanup = detailView(root, community, first);
  else cleanup = listView(root, community);
  return () => cleanup?.();
}
