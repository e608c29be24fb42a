// The kiosk's first step, for the host: choose what people will sign, or write a new statement
// (title and text). Under each statement: how many have signed, and the signatures themselves.

import { statementCreate, statementList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { StatementView } from '../../bindings/StatementView';
import { signaturePanel } from '../../components/signaturePanel';
import { field, h, replace } from '../../dom';
import { formatCount, formatTime } from '../../format';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';

function statementCard(community: CommunitySummary, st: StatementView, choose: (st: StatementView) => void): HTMLElement {
  return h(
    'article',
    { class: 'kiosk-doc', testid: 'kiosk-doc', 'data-statement': String(st.statement_id) },
    h('h3', { class: 'kiosk-doc-title' }, st.title),
    h('p', { class: 'kiosk-doc-body' }, st.body),
    h('p', { class: 'hint' }, t('kiosk.docMeta', { at: formatTime(st.created_at), by: st.created_by, n: formatCount(st.signatures) })),
    h(
      'div',
      { class: 'kiosk-actions' },
      h('button', { type: 'button', class: 'btn btn-primary kiosk-btn', testid: 'kiosk-choose', onclick: () => choose(st) }, t('kiosk.choose')),
    ),
    signaturePanel(community, st.subject, { count: st.signatures }).el,
  );
}

/** Step 1's content: the statements (each can be chosen) and the form for a new one. */
export function statementsStep(community: CommunitySummary, choose: (st: StatementView) => void): HTMLElement {
  const listEl = h('div', { class: 'kiosk-docs', testid: 'kiosk-docs', 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  const title = h('input', { type: 'text', testid: 'statement-title', maxlength: '200' });
  const body = h('textarea', { testid: 'statement-body', rows: '5' });
  const create = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'statement-create' }, t('kiosk.create'));
  const form = h('form', { class: 'form' }, field(t('kiosk.newTitle'), title), field(t('kiosk.newBody'), body, t('kiosk.newBodyHint')), h('div', { class: 'actions' }, create));
  const newDoc = h('details', { class: 'help kiosk-new', testid: 'statement-new' }, h('summary', null, t('kiosk.newDoc')), h('p', { class: 'hint' }, t('kiosk.newIntro')), form);

  const load = async () => {
    const found = await statementList({ community_id: community.id });
    // The backend lists the newest first: the one just written is usually the one to sign.
    newDoc.open = newDoc.open || found.length === 0;
    replace(listEl, found.length ? found.map((st) => statementCard(community, st, choose)) : h('p', { class: 'empty', testid: 'kiosk-no-docs' }, t('kiosk.noDocs')));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!title.value.trim() || !body.value.trim()) {
      showError(t('kiosk.newMissing'));
      (title.value.trim() ? body : title).focus();
      return;
    }
    void run(create, async () => {
      const st = await statementCreate({ community_id: community.id, title: title.value.trim(), body: body.value.trim() });
      title.value = '';
      body.value = '';
      newDoc.open = false;
      showNotice(t('kiosk.created', { title: st.title }));
      await load();
    });
  });

  load().catch(showError);
  return h('div', { class: 'kiosk-start' }, newDoc, listEl);
}
