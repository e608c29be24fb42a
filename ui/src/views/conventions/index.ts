// 公约: the community's conventions, "定约、传约、践约、评约". Routes: #/conventions (list),
// #/conventions/new (create), #/conventions/<id> (drafting, adoption, acknowledgements,
// violations, versions), #/conventions/<id>/report/<YYYY-MM> (the evaluation report).

import '../../styles-conv.css';
import type { ViewContext } from '../../view';
import { createView, listView } from './list';
import { conventionPage } from './detail';
import { reportView } from './report';

export function conventionsView(root: HTMLElement, ctx: ViewContext): () => void {
  const community = ctx.community;
  if (!community) return () => undefined;
  const [first, second, third] = ctx.sub;
  let cleanup: void | (() => void);
  if (first === 'new') cleanup = createView(root, community);
  else if (first && second === 'report') cleanup = reportView(root, community, Number(first), third);
  else if (first) cleanup = conventionPage(root, community, Number(first));
  else cleanup = listView(root, community);
  return () => cleanup?.();
}
