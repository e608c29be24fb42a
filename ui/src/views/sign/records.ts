// 签名记录: every signature of the community (or of one statement), re-verified on the spot.

import { statementList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import { signaturePanel, type SignaturePanel } from '../../components/signaturePanel';
import { field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError } from '../../notify';

export function recordsTab(root: HTMLElement, community: CommunitySummary): void {
  const subject = h('select', { testid: 'signature-subject' }, h('option', { value: '' }, t('sig.allSubjects')));
  const slot = h('div');
  const reverify = h('button', { type: 'button', class: 'btn', testid: 'signature-reverify' }, t('sig.reverify'));
  let panel: SignaturePanel | null = null;

  const mount = () => {
    panel = signaturePanel(community, subject.value || null);
    replace(slot, panel.el);
  };
  subject.addEventListener('change', mount);
  reverify.addEventListener('click', () => void run(reverify, async () => panel?.refresh()));

  statementList({ community_id: community.id }).then((list) => {
    for (const st of list) subject.appendChild(h('option', { value: st.subject }, t('sig.quoted', { title: st.title })));
  }, showError);

  root.append(
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('sig.title')),
      h('p', { class: 'hint' }, t('sig.intro')),
      h('div', { class: 'toolbar' }, field(t('sig.subject'), subject), reverify),
      slot,
    ),
  );
  mount();
}
