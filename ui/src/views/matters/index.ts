// 议题: matters on their way "党组织先议 → 三方协议 → 居民合议 → 办理反馈". Routes: #/matters (the
// board), #/matters/new (raise one), #/matters/<id> (its page: stage, timeline, steps).

import '../../styles-meet.css';
import type { ViewContext } from '../../view';
import { boardView } from './board';
import { matterView } from './detail';
import { raiseView } from './raise';

export function mattersView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const first = ctx.sub[0];
  let cleanup: void | (() => void);
  if (first === 'new') cleanup = raiseView(root, community);
  else if (first) cleanup = matterView(root, community, Number(first));
  else cleanup = boardView(root, community);
  return () => cleanup?.();
}
