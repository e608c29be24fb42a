// Every version of the convention (status, hash, review, adoption) with its articles, and a
// readable diff between any two: articles added, removed and changed, the changed ones marked
// character by character.

import type { ArticleChange } from '../../bindings/ArticleChange';
import type { VersionDiff } from '../../bindings/VersionDiff';
import type { VersionView } from '../../bindings/VersionView';
import { field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t, type Key } from '../../i18n';
import { run } from '../../notify';
import { conventionDiff } from './api';
import { card, type ConvCtx } from './card';
import { articleLabel } from './drafting';
import { ruleText, statusBadge, versionLabel } from './labels';

function articlesList(v: VersionView): HTMLElement {
  return h(
    'ol',
    { class: 'conv-articles', testid: 'version-articles' },
    v.articles.map((a) => h('li', { testid: 'article', 'data-number': String(a.number) }, h('span', { class: 'conv-article-label' }, a.label), h('span', null, a.text, a.rule ? h('span', { class: 'badge conv-rule-badge' }, ruleText(a.rule)) : null))),
  );
}

function changeEl(c: ArticleChange): HTMLElement {
  const where = c.kind === 'added' ? articleLabel(c.to ?? 0) : c.kind === 'removed' ? articleLabel(c.from ?? 0) : c.from === c.to ? articleLabel(c.to ?? 0) : `${articleLabel(c.from ?? 0)} → ${articleLabel(c.to ?? 0)}`;
  const ruleChanged = JSON.stringify(c.rule_from) !== JSON.stringify(c.rule_to);
  return h(
    'li',
    { class: `conv-change conv-change-${c.kind}`, testid: 'diff-change', 'data-kind': c.kind },
    h('span', { class: `badge conv-change-badge` }, t(`conv.change.${c.kind}` as Key)),
    ' ',
    h('strong', null, where),
    h(
      'p',
      { class: 'conv-diff-text' },
      c.segments.map((sg) => (sg.kind === 'added' ? h('ins', { testid: 'diff-added' }, sg.text) : sg.kind === 'removed' ? h('del', { testid: 'diff-removed' }, sg.text) : h('span', null, sg.text))),
    ),
    ruleChanged ? h('p', { class: 'hint' }, t('conv.ruleChanged', { from: c.rule_from ? ruleText(c.rule_from) : t('conv.ruleNone'), to: c.rule_to ? ruleText(c.rule_to) : t('conv.ruleNone') })) : null,
  );
}

function diffEl(d: VersionDiff): HTMLElement {
  const changed = d.changes.filter((c) => c.kind !== 'unchanged');
  const count = (k: string) => d.changes.filter((c) => c.kind === k).length;
  return h(
    'div',
    { testid: 'diff-view' },
    h('p', { testid: 'diff-summary' }, t('conv.diffSummary', { from: versionLabel(d.from), to: versionLabel(d.to), added: count('added'), removed: count('removed'), changed: count('changed'), same: count('unchanged') })),
    changed.length ? h('ol', { class: 'conv-diff' }, changed.map(changeEl)) : h('p', { class: 'empty' }, t('conv.diffNone')),
  );
}

export function historyCard(ctx: ConvCtx): HTMLElement {
  const d = ctx.detail();
  const versions = d.versions;
  const rows = [...versions].reverse().map((v) =>
    h(
      'details',
      { class: 'conv-version', testid: 'version', 'data-number': String(v.number), 'data-status': v.status, open: v === versions[versions.length - 1] },
      h(
        'summary',
        null,
        h('strong', null, versionLabel(v.number)),
        ' ',
        statusBadge(v.status),
        h('span', { class: 'hint' }, ` · ${t('conv.createdBy', { who: v.created_by, at: formatTime(v.created_at) })}`),
        v.hash ? h('span', { class: 'hint mono' }, ` · ${v.hash.slice(0, 12)}…`) : null,
      ),
      articlesList(v),
    ),
  );
  let diffPart: HTMLElement | null = null;
  if (versions.length > 1) {
    const opts = () => versions.map((v) => h('option', { value: String(v.version_id) }, versionLabel(v.number)));
    const from = h('select', { testid: 'diff-from' }, opts());
    const to = h('select', { testid: 'diff-to' }, opts());
    from.value = String(versions[versions.length - 2]?.version_id);
    to.value = String(versions[versions.length - 1]?.version_id);
    const out = h('div', { 'aria-live': 'polite' });
    const show = h('button', { type: 'button', class: 'btn', testid: 'diff-show' }, t('conv.diffShow'));
    const go = () => void run(show, async () => replace(out, diffEl(await conventionDiff(Number(from.value), Number(to.value)))));
    show.addEventListener('click', go);
    diffPart = h('div', { class: 'conv-diff-part' }, h('h3', null, t('conv.diffTitle')), h('div', { class: 'toolbar' }, field(t('conv.diffFrom'), from), field(t('conv.diffTo'), to), h('div', { class: 'actions' }, show)), out);
    go();
  }
  return card(t('conv.historyTitle'), 'history-card', diffPart, rows);
}
