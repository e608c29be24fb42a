// Adoption: the organiser chooses the instrument the law allows (the backend explains who votes
// and under which rule), the adoption vote is created and then run in 表决, and once it passed
// (closed and final) the version is adopted. Then 备案 (filing) and 公布 (publication); an
// amendment starts a new draft from the version in force.

import type { ConventionNotice } from '../../bindings/ConventionNotice';
import type { Instrument } from '../../bindings/Instrument';
import type { NoticeInput } from '../../bindings/NoticeInput';
import type { VersionView } from '../../bindings/VersionView';
import { confirmDialog } from '../../components/dialog';
import { field, h, uid } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { fromLocalInput, toLocalInput } from '../votes/create';
import { adoptionVote, conventionAdopt, conventionAmend, conventionFile, conventionPublish } from './api';
import { card, type ConvCtx } from './card';
import { frozenHash } from './drafting';
import { versionLabel, ymd } from './labels';
import { linkPart } from '../meetings/voteLink';

function instrumentLabel(ctx: ConvCtx, i: Instrument): string {
  return ctx.detail().instruments.find((x) => x.instrument === i)?.label ?? i;
}

function voteCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const d = ctx.detail();
  const group = uid('instrument');
  const radios = d.instruments.map((o, i) => {
    const input = h('input', { type: 'radio', name: group, value: o.instrument, testid: `instrument-${o.instrument}`, checked: i === 0 });
    return { o, input, el: h('label', { class: 'conv-instrument' }, input, h('span', null, h('strong', null, o.label), h('span', { class: 'hint', testid: 'instrument-explanation' }, o.explanation))) };
  });
  const now = new Date();
  const opens = h('input', { type: 'datetime-local', testid: 'adopt-opens', value: toLocalInput(now) });
  const closes = h('input', { type: 'datetime-local', testid: 'adopt-closes', value: toLocalInput(new Date(now.getTime() + 7 * 24 * 3600 * 1000)) });
  const objection = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', testid: 'adopt-objection', value: '0' });
  const link = linkPart(ctx.community);
  const create = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'adopt-vote-create' }, t('conv.voteCreate'));
  create.addEventListener('click', () => {
    const chosen = radios.find((r) => r.input.checked)?.o.instrument;
    const from = fromLocalInput(opens.value);
    const to = fromLocalInput(closes.value);
    const days = Number(objection.value || '0');
    if (!chosen || !from || !to || !Number.isInteger(days) || days < 0) {
      showError(t('conv.voteIncomplete'));
      return;
    }
    void ctx.act(create, () => adoptionVote({ version_id: v.version_id, instrument: chosen, opens_at: from, closes_at: to, objection_days: days, agenda_item_id: link.itemId(), matter_id: link.matterId() }), t('conv.voteCreated'));
  });
  return card(
    t('conv.adoptTitle', { v: versionLabel(v.number) }),
    'adopt-card',
    frozenHash(v),
    h('p', null, t('conv.instrumentIntro')),
    h('div', { class: 'conv-instruments', role: 'radiogroup' }, radios.map((r) => r.el)),
    h('div', { class: 'toolbar' }, field(t('conv.opens'), opens), field(t('conv.closes'), closes), field(t('conv.objectionDays'), objection, t('conv.objectionHint'))),
    link.el,
    h('p', { class: 'hint' }, t('conv.voteHint')),
    h('div', { class: 'actions' }, create),
  );
}

function linkedVoteCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const lv = v.vote;
  const adopt = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'conv-adopt' }, t('conv.adopt'));
  adopt.addEventListener('click', () => void ctx.act(adopt, () => conventionAdopt(v.version_id), t('conv.adopted')));
  const state = !lv
    ? ''
    : lv.status !== 'closed'
      ? t('conv.voteRunning')
      : lv.passed === false
        ? t('conv.voteFailed')
        : lv.is_final
          ? t('conv.votePassedFinal')
          : t('conv.votePassedWaiting', { at: lv.final_at ? formatTime(lv.final_at) : '—' });
  return card(
    t('conv.adoptTitle', { v: versionLabel(v.number) }),
    'adopt-card',
    frozenHash(v),
    v.instrument ? h('p', null, t('conv.instrumentChosen'), ' ', h('strong', null, instrumentLabel(ctx, v.instrument))) : null,
    lv
      ? h(
          'div',
          { class: 'conv-linked-vote', testid: 'adopt-linked-vote', 'data-status': lv.status },
          h('a', { href: `#/votes/${lv.vote_id}`, class: 'btn', testid: 'adopt-vote-link' }, t('conv.toVote', { title: lv.title })),
          h('p', { testid: 'adopt-vote-state' }, state),
        )
      : null,
    h('p', { class: 'hint' }, t('conv.adoptHint')),
    h('div', { class: 'actions' }, adopt),
  );
}

function noticeList(list: ConventionNotice[], testid: string): HTMLElement {
  return list.length
    ? h(
        'ul',
        { class: 'conv-records', testid },
        list.map((n) => h('li', { testid: `${testid}-item` }, h('strong', null, n.place), ` · ${n.day}`, n.reference ? ` · ${n.reference}` : '', h('span', { class: 'hint' }, ` · ${t('conv.recordedBy', { who: n.recorded_by })}`))),
      )
    : h('p', { class: 'empty' }, t('conv.noneYet'));
}

function noticeForm(prefix: string, withReference: boolean, submitLabel: string, send: (a: NoticeInput) => void, versionId: number): HTMLElement {
  const place = h('input', { type: 'text', testid: `${prefix}-place`, placeholder: withReference ? t('conv.filePlacePlaceholder') : t('conv.publishPlacePlaceholder') });
  const day = h('input', { type: 'date', testid: `${prefix}-day`, value: ymd(new Date()) });
  const reference = h('input', { type: 'text', testid: `${prefix}-reference`, placeholder: t('conv.referencePlaceholder') });
  const submit = h('button', { type: 'button', class: 'btn', testid: `${prefix}-submit` }, submitLabel);
  submit.addEventListener('click', () => {
    if (!place.value.trim() || !day.value) {
      showError(withReference ? t('conv.fileIncomplete') : t('conv.publishIncomplete'));
      return;
    }
    send({ version_id: versionId, place: place.value.trim(), day: day.value, reference: reference.value.trim() });
  });
  return h(
    'div',
    { class: 'conv-notice-form' },
    h('div', { class: 'toolbar' }, field(withReference ? t('conv.fileAuthority') : t('conv.publishPlace'), place), field(t('conv.day'), day), withReference ? field(t('conv.reference'), reference) : null),
    h('div', { class: 'actions' }, submit),
  );
}

function adoptedCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const a = v.adoption;
  const d = ctx.detail();
  const fileBtn = (x: NoticeInput) => void ctx.act(null, () => conventionFile(x), t('conv.filed'));
  const pubBtn = (x: NoticeInput) => void ctx.act(null, () => conventionPublish(x), t('conv.published'));
  const isLatest = d.versions[d.versions.length - 1]?.version_id === v.version_id;
  const amend = h('button', { type: 'button', class: 'btn', testid: 'conv-amend' }, t('conv.amend'));
  amend.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('conv.amendTitle'), paragraphs: [t('conv.amendBody')], confirmLabel: t('conv.amend'), testid: 'amend-confirm' });
    if (ok) void ctx.act(amend, () => conventionAmend(d.convention_id), t('conv.amended'));
  });
  return card(
    t('conv.adoptedTitle', { v: versionLabel(v.number) }),
    'adopted-card',
    a
      ? h(
          'div',
          { class: 'conv-adoption', testid: 'adoption-record' },
          h('p', null, t('conv.adoptedBy', { how: instrumentLabel(ctx, a.instrument), at: formatTime(a.adopted_at) })),
          a.vote_id !== null
            ? h('p', null, h('a', { href: `#/votes/${a.vote_id}`, testid: 'adoption-vote-link' }, t('conv.adoptionVote')), a.result_hash ? h('span', { class: 'hint' }, ` · ${t('conv.resultHash')} `, h('code', { class: 'mono' }, a.result_hash.slice(0, 16))) : null)
            : h('p', { testid: 'adoption-paper' }, h('span', { class: 'badge' }, t('conv.onPaper')), ' ', a.evidence, a.evidence_sha256 ? h('span', { class: 'hint' }, ` · ${t('conv.scanHash')} `, h('code', { class: 'mono' }, a.evidence_sha256.slice(0, 16))) : null),
        )
      : null,
    frozenHash(v),
    h('h3', null, t('conv.filingsTitle')),
    h('p', { class: 'hint' }, t('conv.filingsHint')),
    noticeList(v.filings, 'filing-list'),
    noticeForm('file', true, t('conv.fileSubmit'), fileBtn, v.version_id),
    h('h3', null, t('conv.publicationsTitle')),
    noticeList(v.publications, 'publication-list'),
    noticeForm('publish', false, t('conv.publishSubmit'), pubBtn, v.version_id),
    isLatest ? [h('hr'), h('p', { class: 'hint' }, t('conv.amendHint')), h('div', { class: 'actions' }, amend)] : null,
  );
}

export function adoptionCards(ctx: ConvCtx, latest: VersionView): HTMLElement[] {
  const d = ctx.detail();
  const out: HTMLElement[] = [];
  if (latest.status === 'frozen') out.push(latest.vote ? linkedVoteCard(ctx, latest) : voteCard(ctx, latest));
  const force = d.versions.find((v) => v.status === 'adopted');
  if (force) out.push(adoptedCard(ctx, force));
  return out;
}
