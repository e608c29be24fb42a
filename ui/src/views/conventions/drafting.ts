// 定约: a draft's articles (numbered 第N条 in order; for meeting conduct rules an optional limit
// per article), residents' suggestions, the review record, and freezing the reviewed text.

import type { ArticleInput } from '../../bindings/ArticleInput';
import type { ArticleRule } from '../../bindings/ArticleRule';
import type { ConductParam } from '../../bindings/ConductParam';
import type { VersionView } from '../../bindings/VersionView';
import { confirmDialog } from '../../components/dialog';
import { hashBlock } from '../../components/report';
import { field, h, replace, uid } from '../../dom';
import { formatTime } from '../../format';
import { t, type Key } from '../../i18n';
import { getLang } from '../../prefs';
import { showError } from '../../notify';
import { articlesSave, conventionFreeze, conventionReview, conventionSuggest } from './api';
import { card, type ConvCtx } from './card';
import { PARAMS, versionLabel } from './labels';

const DIGITS = '零一二三四五六七八九';

/** 第N条 / Art. N, as the backend writes it, for rows not saved yet. */
export function articleLabel(n: number): string {
  if (getLang() === 'en') return `Art. ${n}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const num = n < 10 ? DIGITS[n] : `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
  return `第${num}条`;
}

interface Row {
  text: HTMLTextAreaElement;
  param: HTMLSelectElement | null;
  value: HTMLInputElement | null;
}

function articlesEditor(ctx: ConvCtx, v: VersionView): HTMLElement {
  const conduct = ctx.detail().kind === 'meeting_conduct';
  let rows: Row[] = [];
  const listEl = h('ol', { class: 'conv-article-edit', testid: 'article-editor' });
  const makeRow = (a: ArticleInput): Row => {
    const text = h('textarea', { rows: '2', testid: 'article-text', 'aria-label': t('conv.articleText') }, a.text);
    text.value = a.text;
    if (!conduct) return { text, param: null, value: null };
    const param = h('select', { testid: 'article-rule-param' }, h('option', { value: '' }, t('conv.ruleNone')), PARAMS.map((p) => h('option', { value: p }, t(`conv.param.${p}` as Key))));
    param.value = a.rule?.param ?? '';
    const value = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', testid: 'article-rule-value', value: a.rule ? String(a.rule.value) : '' });
    return { text, param, value };
  };
  const current = (): ArticleInput[] =>
    rows.map((r) => {
      const p = r.param?.value ?? '';
      const n = Number(r.value?.value ?? '');
      const rule: ArticleRule | null = p && Number.isInteger(n) && n > 0 ? { param: p as ConductParam, value: n } : null;
      return { text: r.text.value.trim(), rule };
    });
  const draw = () => {
    replace(
      listEl,
      rows.map((r, i) => {
        const move = (to: number) => {
          const [x] = rows.splice(i, 1);
          if (x) rows.splice(to, 0, x);
          draw();
        };
        const up = h('button', { type: 'button', class: 'btn btn-small', testid: 'article-up', disabled: i === 0, 'aria-label': t('conv.moveUp') }, '↑');
        up.addEventListener('click', () => move(i - 1));
        const down = h('button', { type: 'button', class: 'btn btn-small', testid: 'article-down', disabled: i === rows.length - 1, 'aria-label': t('conv.moveDown') }, '↓');
        down.addEventListener('click', () => move(i + 1));
        const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', testid: 'article-remove' }, t('conv.remove'));
        remove.addEventListener('click', () => {
          rows.splice(i, 1);
          draw();
        });
        if (r.param) {
          const id = uid('rule');
          r.param.id = id;
        }
        return h(
          'li',
          { class: 'conv-article-row', testid: 'article-row' },
          h('span', { class: 'conv-article-label' }, articleLabel(i + 1)),
          h(
            'div',
            { class: 'conv-article-body' },
            r.text,
            r.param && r.value ? h('div', { class: 'toolbar conv-rule' }, field(t('conv.ruleParam'), r.param), field(t('conv.ruleValue'), r.value)) : null,
          ),
          h('div', { class: 'conv-article-tools' }, up, down, remove),
        );
      }),
    );
  };
  rows = v.articles.map((a) => makeRow({ text: a.text, rule: a.rule }));
  if (!rows.length) rows.push(makeRow({ text: '', rule: null }));
  draw();
  const add = h('button', { type: 'button', class: 'btn', testid: 'article-add' }, t('conv.addArticle'));
  add.addEventListener('click', () => {
    rows.push(makeRow({ text: '', rule: null }));
    draw();
    rows[rows.length - 1]?.text.focus();
  });
  const save = h('button', { type: 'button', class: 'btn btn-primary', testid: 'articles-save' }, t('conv.saveArticles'));
  save.addEventListener('click', () => {
    const articles = current().filter((a) => a.text);
    void ctx.act(save, () => articlesSave({ version_id: v.version_id, articles }), t('conv.articlesSaved'));
  });
  return card(
    t('conv.articlesTitle', { v: versionLabel(v.number) }),
    'articles-card',
    h('p', { class: 'hint' }, conduct ? t('conv.articlesHintConduct') : t('conv.articlesHint')),
    listEl,
    h('div', { class: 'actions' }, add, save),
    h('p', { class: 'hint' }, t('conv.textHash'), ' ', h('code', { class: 'mono', testid: 'draft-text-hash' }, v.text_hash.slice(0, 16))),
  );
}

function reviewsCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const reviewer = h('input', { type: 'text', testid: 'review-reviewer' });
  const organisation = h('input', { type: 'text', testid: 'review-organisation', placeholder: t('conv.reviewOrgPlaceholder') });
  const comments = h('textarea', { rows: '3', testid: 'review-comments' });
  const group = uid('approve');
  const yes = h('input', { type: 'radio', name: group, value: 'yes', testid: 'review-approve', checked: true });
  const no = h('input', { type: 'radio', name: group, value: 'no', testid: 'review-reject' });
  const submit = h('button', { type: 'button', class: 'btn btn-primary', testid: 'review-record' }, t('conv.reviewRecord'));
  submit.addEventListener('click', () => {
    if (!reviewer.value.trim()) {
      showError(t('conv.reviewNoReviewer'));
      reviewer.focus();
      return;
    }
    void ctx.act(
      submit,
      () => conventionReview({ version_id: v.version_id, reviewer: reviewer.value.trim(), organisation: organisation.value.trim(), comments: comments.value.trim(), approved: yes.checked }),
      t('conv.reviewRecorded'),
    );
  });
  const list = v.reviews.length
    ? h(
        'ul',
        { class: 'conv-records', testid: 'review-list' },
        v.reviews.map((r) =>
          h(
            'li',
            { testid: 'review-item', 'data-approved': String(r.approved), 'data-current': String(r.current) },
            h('span', { class: r.approved ? 'badge conv-ok' : 'badge badge-bad' }, r.approved ? t('conv.approved') : t('conv.rejected')),
            ' ',
            h('strong', null, r.reviewer),
            r.organisation ? ` · ${r.organisation}` : '',
            h('span', { class: 'hint' }, ` · ${formatTime(r.reviewed_at)}`),
            r.current ? null : h('span', { class: 'warn-text' }, ` · ${t('conv.reviewStale')}`),
            r.comments ? h('p', null, r.comments) : null,
          ),
        ),
      )
    : h('p', { class: 'empty' }, t('conv.noReviews'));
  const freeze = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'conv-freeze' }, t('conv.freeze'));
  freeze.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('conv.freezeTitle'), paragraphs: [t('conv.freezeBody1'), t('conv.freezeBody2')], confirmLabel: t('conv.freeze'), testid: 'freeze-confirm' });
    if (ok) void ctx.act(freeze, () => conventionFreeze(v.version_id), t('conv.frozen'));
  });
  return card(
    t('conv.reviewsTitle'),
    'reviews-card',
    h('p', { class: 'hint' }, t('conv.reviewsHint')),
    list,
    h('div', { class: 'toolbar' }, field(t('conv.reviewer'), reviewer), field(t('conv.organisation'), organisation)),
    field(t('conv.comments'), comments),
    h('div', { class: 'radio-row' }, h('label', { class: 'check' }, yes, h('span', null, t('conv.approve'))), h('label', { class: 'check' }, no, h('span', null, t('conv.reject')))),
    h('div', { class: 'actions' }, submit),
    h('hr'),
    h('p', null, t('conv.freezeHint')),
    h('div', { class: 'actions' }, freeze),
  );
}

export function draftCards(ctx: ConvCtx, v: VersionView): HTMLElement[] {
  return [articlesEditor(ctx, v), reviewsCard(ctx, v)];
}

/** The frozen text's hash, as a block to copy. */
export function frozenHash(v: VersionView): HTMLElement | null {
  return v.hash ? h('div', null, h('p', { class: 'hint' }, t('conv.hashIntro')), hashBlock(v.hash, 'conv-hash')) : null;
}

export function suggestionsCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const d = ctx.detail();
  const article = h('select', { testid: 'suggest-article' }, h('option', { value: '' }, t('conv.suggestGeneral')), v.articles.map((a) => h('option', { value: String(a.number) }, `${a.label} ${a.text.slice(0, 18)}${a.text.length > 18 ? '…' : ''}`)));
  const author = h('input', { type: 'text', testid: 'suggest-author', placeholder: t('conv.suggestAuthorPlaceholder') });
  const text = h('textarea', { rows: '3', testid: 'suggest-text' });
  const submit = h('button', { type: 'button', class: 'btn', testid: 'suggest-add' }, t('conv.suggestAdd'));
  submit.addEventListener('click', () => {
    if (!text.value.trim()) {
      showError(t('conv.suggestNoText'));
      text.focus();
      return;
    }
    void ctx.act(
      submit,
      () => conventionSuggest({ convention_id: d.convention_id, article: article.value ? Number(article.value) : null, author: author.value.trim() || t('conv.anonymous'), person_id: null, text: text.value.trim() }),
      t('conv.suggestAdded'),
    );
  });
  const list = d.suggestions.length
    ? h(
        'ul',
        { class: 'conv-records', testid: 'suggestion-list' },
        d.suggestions.map((s) =>
          h(
            'li',
            { testid: 'suggestion-item' },
            h('strong', null, s.author),
            ' · ',
            s.article === null ? t('conv.suggestGeneral') : articleLabel(s.article),
            h('span', { class: 'hint' }, ` · ${versionLabel(s.version_number)} · ${formatTime(s.created_at)}`),
            h('p', null, s.text),
          ),
        ),
      )
    : h('p', { class: 'empty' }, t('conv.noSuggestions'));
  return card(
    t('conv.suggestionsTitle', { n: d.suggestions.length }),
    'suggestions-card',
    h('p', { class: 'hint' }, t('conv.suggestionsHint')),
    list,
    h('div', { class: 'toolbar' }, field(t('conv.suggestArticle'), article), field(t('conv.suggestAuthor'), author)),
    field(t('conv.suggestText'), text),
    h('div', { class: 'actions' }, submit),
  );
}
