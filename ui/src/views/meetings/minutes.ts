// Minutes (会议记录). The secretary writes the substance and the decision per item (also during
// the meeting); the skeleton (agenda, attendance, speakers and their times, votes) comes from the
// meeting itself. Finalising fixes the text by its hash; then those who must sign sign it at the
// kiosk, corrections are signed addenda, publication is due within 3 days, and a print-ready
// copy carries the hash and the signatures' fingerprints.

import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { MinutesView } from '../../bindings/MinutesView';
import { confirmDialog } from '../../components/dialog';
import { field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { joinList, t } from '../../i18n';
import { run, showError } from '../../notify';
import { getLang } from '../../prefs';
import { kioskHref } from '../sign/kioskTask';
import { addendumAdd, itemNotes, minutesDraft, minutesExport, minutesFinalize, minutesPublish } from './api';
import type { MeetingCtx, Panel } from './panel';
import { openPrintable } from './print';
import { sigList, sigRefEl } from './sig';

const today = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

export function minutesPanel(ctx: MeetingCtx): Panel {
  const notesEl = h('div');
  const draftEl = h('div');
  const finalEl = h('div');
  const notesForms = new Map<string, HTMLElement>();

  const preview = h('button', { type: 'button', class: 'btn', testid: 'minutes-preview' }, t('minutes.preview'));
  preview.addEventListener('click', () =>
    void run(preview, async () => {
      const text = await minutesDraft(ctx.detail().summary.meeting_id);
      replace(draftEl, h('h3', null, t('minutes.draftTitle')), h('pre', { class: 'minutes-text', testid: 'minutes-draft' }, text));
    }),
  );
  const finalize = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'minutes-finalize' }, t('minutes.finalize'));
  finalize.addEventListener('click', () => {
    void confirmDialog({ title: t('minutes.finalizeTitle'), paragraphs: [t('minutes.finalizeBody1'), t('minutes.finalizeBody2')], confirmLabel: t('minutes.finalize'), testid: 'finalize-confirm' }).then((ok) => {
      if (ok) void ctx.act(finalize, () => minutesFinalize(ctx.detail().summary.meeting_id), t('minutes.finalized'));
    });
  });
  const draftActions = h('div', { class: 'actions' }, preview, finalize);

  function notesForm(d: MeetingDetail, itemId: number): HTMLElement {
    const item = d.agenda.find((i) => String(i.item_id) === String(itemId));
    const notes = h('textarea', { rows: '4', testid: 'item-notes', value: item?.notes ?? '' });
    const decision = h('textarea', { rows: '2', testid: 'item-decision', value: item?.decision ?? '' });
    const save = h('button', { type: 'submit', class: 'btn', testid: 'item-notes-save' }, t('minutes.saveNotes'));
    const f = h('form', { class: 'form notes-form', testid: 'notes-form', 'data-item': String(itemId) }, h('h3', null, `${item?.position ?? ''}. ${item?.title ?? ''}`), field(t('minutes.notes'), notes, t('minutes.notesHint')), field(t('minutes.decision'), decision, t('minutes.decisionHint')), h('div', { class: 'actions' }, save));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void ctx.act(save, () => itemNotes({ item_id: itemId, notes: notes.value.trim(), decision: decision.value.trim() }), t('minutes.notesSaved'));
    });
    return f;
  }

  function finalView(d: MeetingDetail, m: MinutesView): HTMLElement {
    const back = `#/meetings/${d.summary.meeting_id}`;
    const signHref = kioskHref({ subject: { kind: 'minutes', minutes_id: m.minutes_id }, title: t('minutes.kioskTitle', { title: d.summary.title }), back });
    const exportBtn = h('button', { type: 'button', class: 'btn btn-primary', testid: 'minutes-export' }, t('minutes.export'));
    exportBtn.addEventListener('click', () => void run(exportBtn, async () => openPrintable(await minutesExport(m.minutes_id), t('minutes.exportTitle'), 'minutes-print')));
    const publishOn = h('input', { type: 'date', testid: 'publish-on', value: today() });
    const publish = h('button', { type: 'button', class: 'btn', testid: 'minutes-publish' }, t('minutes.publish'));
    publish.addEventListener('click', () => void ctx.act(publish, () => minutesPublish({ minutes_id: m.minutes_id, on: publishOn.value || null }), t('minutes.published')));
    const addText = h('textarea', { rows: '3', testid: 'addendum-text' });
    const addBtn = h('button', { type: 'button', class: 'btn', testid: 'addendum-add' }, t('minutes.addendumAdd'));
    addBtn.addEventListener('click', () => {
      if (!addText.value.trim()) {
        showError(t('minutes.addendumEmpty'));
        addText.focus();
        return;
      }
      void ctx.act(addBtn, () => addendumAdd({ minutes_id: m.minutes_id, text: addText.value.trim() }), t('minutes.addendumAdded')).then((after) => {
        if (after) addText.value = '';
      });
    });
    const pub = m.publication;
    return h(
      'div',
      { testid: 'minutes-final', 'data-complete': String(m.complete) },
      h('p', { class: m.complete ? 'ok-box' : 'warning', testid: 'minutes-status' }, m.complete ? t('minutes.complete') : t('minutes.incomplete', { names: joinList(m.missing.map((p) => p.name)) })),
      h('p', { class: 'hint' }, t('minutes.finalMeta', { at: formatTime(m.finalized_at), by: m.finalized_by })),
      h('p', null, t('minutes.hash'), ' ', h('code', { class: 'mono long-hex', testid: 'minutes-hash' }, m.text_hash)),
      h('pre', { class: 'minutes-text', testid: 'minutes-text' }, m.text),
      h('h3', null, t('minutes.signers')),
      h('p', { class: 'hint' }, t('minutes.requiredHint', { names: joinList(m.required.map((p) => p.name)) })),
      h(
        'ul',
        { class: 'party-list', testid: 'minutes-signers' },
        m.required.map((p) => {
          const sig = m.signatures.find((s) => String(s.person_id) === String(p.person_id));
          return h('li', { testid: 'minutes-signer', 'data-signed': String(!!sig), 'data-name': p.name }, h('strong', null, p.name), ' ', sig ? sigRefEl(sig) : h('span', { class: 'warn-text' }, t('minutes.notSigned')));
        }),
        m.signatures.filter((s) => !m.required.some((p) => String(p.person_id) === String(s.person_id))).map((s) => h('li', null, sigRefEl(s))),
      ),
      m.missing.length ? h('a', { class: 'btn btn-primary btn-big', testid: 'minutes-kiosk', href: signHref }, t('minutes.signAtKiosk')) : null,
      h('h3', null, t('minutes.publication')),
      h(
        'div',
        { testid: 'minutes-publication' },
        m.published_on
          ? h('p', { class: pub && !pub.ok ? 'warning' : 'ok-box' }, t('minutes.publishedOn', { on: m.published_on, by: m.publish_by }), pub && !pub.ok ? h('span', null, ' ', getLang() === 'en' ? pub.message_en : pub.message_zh) : null)
          : h('p', { class: m.publication_overdue ? 'warning' : 'hint', testid: 'publish-by' }, t(m.publication_overdue ? 'minutes.overdue' : 'minutes.publishBy', { by: m.publish_by })),
        m.published_on ? null : h('div', { class: 'inline-form' }, field(t('minutes.publishOn'), publishOn), publish),
      ),
      h('div', { class: 'actions' }, exportBtn),
      h('h3', null, t('minutes.addenda')),
      m.addenda.length
        ? h(
            'ol',
            { class: 'plain-list', testid: 'addenda' },
            m.addenda.map((a) =>
              h(
                'li',
                { testid: 'addendum' },
                h('p', { class: 'pre' }, a.text),
                h('p', { class: 'hint' }, formatTime(a.created_at), ' · ', a.created_by, ' · ', h('code', { class: 'mono' }, a.text_hash.slice(0, 16))),
                a.signatures.length ? sigList(a.signatures) : h('p', { class: 'warn-text' }, t('minutes.addendumUnsigned')),
                h('a', { class: 'btn', testid: 'addendum-kiosk', href: kioskHref({ subject: { kind: 'addendum', addendum_id: a.addendum_id }, title: t('minutes.addendumKioskTitle', { title: d.summary.title }), back }) }, t('minutes.addendumSign')),
              ),
            ),
          )
        : h('p', { class: 'hint' }, t('minutes.noAddenda')),
      h('details', { class: 'help' }, h('summary', null, t('minutes.addendumNew')), h('p', { class: 'hint' }, t('minutes.addendumHint')), addText, h('div', { class: 'actions' }, addBtn)),
    );
  }

  const update = (d: MeetingDetail) => {
    const m = d.minutes;
    const writable = !m && (d.summary.status === 'running' || d.summary.status === 'ended');
    notesEl.hidden = !writable;
    draftActions.hidden = !(!m && d.summary.status === 'ended');
    if (writable) {
      for (const item of d.agenda) {
        const key = String(item.item_id);
        if (!notesForms.has(key)) notesForms.set(key, notesForm(d, item.item_id));
      }
      const forms = d.agenda.map((i) => notesForms.get(String(i.item_id))).filter((x): x is HTMLElement => !!x);
      if (forms.length !== notesEl.children.length || forms.some((f, i) => notesEl.children[i] !== f)) replace(notesEl, forms);
    }
    if (m) {
      replace(draftEl);
      replace(finalEl, finalView(d, m));
    } else replace(finalEl, d.summary.status === 'ended' ? h('p', { class: 'hint' }, t('minutes.notYet')) : null);
  };

  return {
    el: h('section', { class: 'card', testid: 'minutes-card' }, h('h2', null, t('minutes.title')), notesEl, draftActions, draftEl, finalEl),
    update,
  };
}
