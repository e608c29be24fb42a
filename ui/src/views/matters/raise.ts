// 说事: raising a matter: what, in which category (the same categories as votes: they decide
// the rule a vote on it will need), which buildings, and who raised it.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterCategory } from '../../bindings/MatterCategory';
import { checkbox, field, h } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { matterRaise } from '../meetings/api';
import { CATEGORIES } from '../votes/labels';

export function raiseView(root: HTMLElement, community: CommunitySummary): void {
  const title = h('input', { type: 'text', testid: 'matter-title', maxlength: '200' });
  const description = h('textarea', { testid: 'matter-description', rows: '5' });
  const category = h('select', { testid: 'matter-category' }, h('option', { value: '' }, t('matter.chooseCategory')), CATEGORIES.map(([id, key]) => h('option', { value: id }, t(key))));
  const raisedBy = h('input', { type: 'text', testid: 'matter-raised-by', maxlength: '60', autocomplete: 'off' });
  const boxes = community.buildings.map((b) => ({ b, ...checkbox(b, { testid: 'matter-building', value: b }) }));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'matter-raise' }, t('matter.raise'));
  const form = h(
    'form',
    { class: 'form card' },
    field(t('matter.fieldTitle'), title, t('matter.fieldTitleHint')),
    field(t('matter.fieldDescription'), description),
    field(t('matter.fieldCategory'), category, t('matter.fieldCategoryHint')),
    h('fieldset', { class: 'fieldset' }, h('legend', null, t('matter.fieldBuildings')), h('p', { class: 'hint' }, t('matter.fieldBuildingsHint')), h('div', { class: 'check-grid' }, boxes.map((x) => x.row))),
    field(t('matter.fieldRaisedBy'), raisedBy, t('matter.fieldRaisedByHint')),
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/matters' }, t('common.cancel'))),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const problem: [string, HTMLElement] | null = !title.value.trim()
      ? [t('matter.noTitle'), title]
      : !category.value
        ? [t('matter.noCategory'), category]
        : !raisedBy.value.trim()
          ? [t('matter.noRaisedBy'), raisedBy]
          : null;
    if (problem) {
      showError(problem[0]);
      problem[1].focus();
      return;
    }
    void run(submit, async () => {
      const m = await matterRaise({
        community_id: community.id,
        title: title.value.trim(),
        description: description.value.trim(),
        category: category.value as MatterCategory,
        buildings: boxes.filter((x) => x.input.checked).map((x) => x.b),
        raised_by: raisedBy.value.trim(),
      });
      showNotice(t('matter.raised', { title: m.summary.title }));
      location.hash = `#/matters/${m.summary.matter_id}`;
    });
  });
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/matters', class: 'back-link' }, `← ${t('matter.all')}`), h('h1', null, t('matter.newHeading')), h('p', { class: 'lead' }, t('matter.newLead'))), form);
  if (!community.buildings.length) showError(t('matter.noBuildings'));
  title.focus();
}
