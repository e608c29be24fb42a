// One vote. Draft: read it over and open it (the roll is frozen, its hash shown to publish).
// Open: participation against the quorum line, ballots, refusals and proxies, re-read every
// 3 seconds; the kiosk, paper ballots, proxies and closing. Closed: the signed result, the
// notice and the record.

import { guarded } from '../../access';
import { voteDetail, voteList, voteOpen } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { VoteDetail } from '../../bindings/VoteDetail';
import type { VoteView } from '../../bindings/VoteView';
import { confirmDialog } from '../../components/dialog';
import { hashBlock } from '../../components/report';
import { signaturePanel, type SignaturePanel } from '../../components/signaturePanel';
import { debounce, field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { openCloseDialog } from './closeDialog';
import { openPaperDialog, openProxyDialog } from './entryDialogs';
import { statusBadge } from './list';
import { ballotsEl, fillLive, proxiesEl } from './live';
import { resultCard } from './result';
import { servedCard } from './served';
import { motionCard, settingsCard } from './summary';

const REFRESH_MS = 3000;

export function detailView(root: HTMLElement, community: CommunitySummary, idText: string): () => void {
  let alive = true;
  let timer: number | undefined;
  let detail: VoteDetail | null = null;
  let panels: SignaturePanel[] = [];
  const paperCount = (d: VoteDetail) => d.ballots.filter((b) => b.channel === 'paper').length;
  const filter = h('input', { type: 'search', testid: 'ballot-filter', autocomplete: 'off', placeholder: t('detail.filterHint') });
  const live = { participation: h('div'), ballots: h('div', { 'aria-live': 'polite' }), refused: h('div'), proxies: h('div'), filter };
  const statusSlot = h('div', { class: 'vote-head-status' });
  filter.addEventListener('input', debounce(() => detail && replace(live.ballots, ballotsEl(detail, filter)), 200));

  const schedule = () => {
    window.clearTimeout(timer);
    if (alive && detail?.vote.status === 'open') timer = window.setTimeout(() => void refresh(false), REFRESH_MS);
  };

  async function refresh(full: boolean): Promise<void> {
    const v = detail?.vote;
    if (!v) return;
    try {
      const fresh = await voteDetail({ vote_id: v.vote_id });
      if (!alive) return;
      const before = detail;
      const changed = fresh.vote.status !== v.status || (before !== null && paperCount(before) === 0 && paperCount(fresh) > 0);
      detail = fresh;
      if (full || changed) render(fresh);
      else {
        fillLive(live, fresh);
        replace(statusSlot, statusBadge(fresh.vote));
        // New ballots: the signature panels count (and re-verify) again.
        if (before && before.ballots.length !== fresh.ballots.length) for (const p of panels) p.refresh().catch(() => undefined);
      }
    } catch (e) {
      showError(e);
    } finally {
      schedule();
    }
  }

  const card = (title: string, testid: string | undefined, ...children: (Node | Node[] | null)[]) => h('section', { class: 'card', testid }, h('h2', null, title), children);

  function openCard(v: VoteView): HTMLElement {
    const open = guarded(h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'vote-open' }, t('detail.open')), 'vote_open');
    open.addEventListener('click', async () => {
      const ok = await confirmDialog({ title: t('detail.openTitle'), paragraphs: [t('detail.openFreeze'), t('detail.openHash'), t('detail.openFixed')], confirmLabel: t('detail.open'), testid: 'open-confirm' });
      if (!ok) return;
      await run(open, async () => {
        await voteOpen({ vote_id: v.vote_id });
        showNotice(t('detail.opened'));
        await refresh(true);
      });
    });
    return card(t('detail.openCardTitle'), 'vote-draft', h('p', null, t('detail.draftIntro')), h('div', { class: 'actions' }, open));
  }

  function actionsCard(v: VoteView): HTMLElement {
    const btn = (label: string, testid: string, onclick: () => void, cls = 'btn btn-big') => h('button', { type: 'button', class: cls, testid, onclick }, label);
    return card(
      t('detail.actions'),
      'vote-actions',
      h(
        'div',
        { class: 'actions vote-actions' },
        h('a', { class: 'btn btn-primary btn-big', href: `#/sign/kiosk/vote/${String(v.vote_id)}`, testid: 'vote-kiosk' }, t('detail.toKiosk')),
        guarded(btn(t('detail.paper'), 'vote-paper-open', () => openPaperDialog(community, v, () => void refresh(false))), 'paper_ballot'),
        btn(t('detail.proxy'), 'vote-proxy-open', () =>
          openProxyDialog(community, v, (list) => {
            replace(live.proxies, proxiesEl(list));
            void refresh(false);
          }),
        ),
        guarded(btn(t('detail.close'), 'vote-close', () => openCloseDialog(community, v, () => void refresh(true)), 'btn btn-big btn-danger vote-close-btn'), 'vote_close'),
      ),
      h('p', { class: 'hint' }, t('detail.actionsHint')),
    );
  }

  function render(d: VoteDetail): void {
    const v = d.vote;
    const subject = `vote:${String(v.vote_id)}`;
    const paper = paperCount(d);
    panels = v.status === 'draft' ? [] : [signaturePanel(community, subject, { count: d.ballots.length - paper })];
    if (paper) panels.push(signaturePanel(community, `${subject}:paper`, { count: paper * 2 }));
    fillLive(live, d);
    replace(statusSlot, statusBadge(v));
    replace(
      root,
      h(
        'div',
        { class: 'view-head' },
        h('a', { href: '#/votes', class: 'back-link' }, `← ${t('votes.all')}`),
        h('div', { class: 'view-head-row' }, h('h1', { testid: 'vote-heading' }, v.title), statusSlot),
      ),
      v.status === 'closed' ? resultCard(d) : null,
      v.status === 'open' ? actionsCard(v) : null,
      motionCard(v),
      v.status === 'draft' ? openCard(v) : null,
      v.roll_hash ? card(t('detail.rollHash'), 'vote-roll-card', h('p', null, t('detail.rollHashIntro')), hashBlock(v.roll_hash, 'vote-roll-hash')) : null,
      v.status === 'draft' ? null : card(t('detail.participation'), undefined, h('p', { class: 'hint' }, v.status === 'open' ? t('detail.liveHint') : t('detail.finalHint')), live.participation),
      v.status === 'draft' ? null : card(t('detail.ballots'), undefined, h('p', { class: 'hint' }, t('detail.ballotsHint')), d.ballots.length ? h('div', { class: 'toolbar ballot-filter' }, field(t('detail.filter'), filter)) : null, live.ballots),
      v.status === 'draft' ? null : card(t('detail.refused'), undefined, h('p', { class: 'hint' }, t('detail.refusedHint')), live.refused),
      v.status === 'draft' ? null : card(t('detail.proxies'), undefined, live.proxies),
      v.settings.conformity_clause && v.status !== 'draft'
        ? servedCard(community, d, (fresh) => {
            detail = fresh;
            render(fresh);
          })
        : null,
      settingsCard(v, community),
      v.status === 'draft'
        ? null
        : card(
            t('detail.signatures'),
            undefined,
            h('p', { class: 'hint' }, t('detail.signaturesHint')),
            h('h3', { class: 'sig-heading' }, t('detail.sigBallots')),
            panels[0]?.el ?? null,
            panels[1] ? [h('h3', { class: 'sig-heading' }, t('detail.sigPaper')), panels[1].el] : null,
          ),
    );
  }

  async function start(): Promise<void> {
    const votes = await voteList({ community_id: community.id });
    const v = votes.find((x) => String(x.vote_id) === idText);
    if (!v) {
      replace(root, h('div', { class: 'view-head' }, h('a', { href: '#/votes', class: 'back-link' }, `← ${t('votes.all')}`), h('p', { class: 'empty', testid: 'vote-missing' }, t('detail.missing'))));
      return;
    }
    detail = await voteDetail({ vote_id: v.vote_id });
    if (!alive) return;
    render(detail);
    schedule();
  }

  replace(root, h('p', { class: 'loading' }, t('common.loading')));
  start().catch(showError);
  return () => {
    alive = false;
    window.clearTimeout(timer);
  };
}
