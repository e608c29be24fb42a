// One convention: its head (kind, status, what to do next), then the version being worked on by
// its status — a draft's articles, suggestions and reviews, then freezing; a frozen version's
// adoption; an adopted version's filing and publication — and for the version in force the
// acknowledgements and the violations; last the version history with the diff.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { ConventionDetail } from '../../bindings/ConventionDetail';
import { h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { acknowledgementsCard } from './acks';
import { type ConvCtx, inForce, latest } from './card';
import { adoptionCards } from './adoption';
import { conventionDetail } from './api';
import { draftCards, suggestionsCard } from './drafting';
import { historyCard } from './history';
import { statusBadge, versionLabel } from './labels';
import { violationsCard } from './violations';

export function conventionPage(root: HTMLElement, community: CommunitySummary, id: number): () => void {
  let alive = true;
  let detail: ConventionDetail | null = null;
  const headEl = h('div');
  const bodyEl = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/conventions', class: 'back-link' }, `← ${t('conv.all')}`)), headEl, bodyEl);

  const apply = (d: ConventionDetail) => {
    if (!alive) return;
    detail = d;
    render(d);
  };
  const ctx: ConvCtx = {
    community,
    detail: () => detail as ConventionDetail,
    act: async (button, op, notice) => {
      const d = await run(button, op);
      if (d) {
        apply(d);
        if (notice) showNotice(notice);
      }
      return d;
    },
    reload: async () => apply(await conventionDetail(id)),
  };

  function render(d: ConventionDetail): void {
    const v = latest(d);
    const force = inForce(d);
    replace(
      headEl,
      h(
        'div',
        { class: 'view-head view-head-row' },
        h(
          'div',
          null,
          h('h1', { testid: 'conv-heading' }, d.title),
          h('p', { class: 'matter-meta' }, statusBadge(v.status), ` ${d.kind_label} · ${versionLabel(v.number)}`, force ? ` · ${t('conv.inForceLine', { v: versionLabel(force.number) })}` : ''),
        ),
        force ? h('div', { class: 'actions' }, h('a', { class: 'btn', href: `#/conventions/${d.convention_id}/report`, testid: 'conv-report-open' }, t('conv.report'))) : null,
      ),
      h('div', { class: 'ok-box conv-next', testid: 'conv-next-step' }, h('strong', null, t('conv.nextStep')), ' ', v.next_step),
    );
    replace(
      bodyEl,
      v.status === 'draft' ? draftCards(ctx, v) : null,
      adoptionCards(ctx, v),
      force ? acknowledgementsCard(ctx, force) : null,
      force ? violationsCard(ctx, force) : null,
      suggestionsCard(ctx, v),
      historyCard(ctx),
    );
  }

  conventionDetail(id).then(apply, (e) => {
    replace(bodyEl, h('p', { class: 'empty', testid: 'conv-missing' }, t('conv.notFound')));
    showError(e);
  });
  return () => {
    alive = false;
  };
}
