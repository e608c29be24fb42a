// 结束投票: the backend recounts from the frozen roll and the ballots exactly as `yishi verify`
// would, and the host, the secretary and a counter or scrutineer (three different people, the
// manifest's officers) each sign the result with their own key and PIN.

import { ApiError, voteClose } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { VoteDetail } from '../../bindings/VoteDetail';
import type { VoteView } from '../../bindings/VoteView';
import { openDialog } from '../../components/dialog';
import { h } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { countingKeys, hostKeyList, secretaryKeys, signerField } from './signers';

export function openCloseDialog(community: CommunitySummary, v: VoteView, onDone: (d: VoteDetail) => void): void {
  const d = openDialog({ title: t('close.title', { title: v.title }), testid: 'close-dialog' });
  const host = signerField(hostKeyList(community), { legend: t('close.hostLegend'), hint: t('close.hostHint'), none: t('close.noHost'), testid: 'close-host' });
  const secretary = signerField(secretaryKeys(community), { legend: t('close.secretaryLegend'), hint: t('close.secretaryHint'), none: t('close.noSecretary'), testid: 'close-secretary' });
  const officer = signerField(countingKeys(community), { legend: t('close.officerLegend'), hint: t('close.officerHint'), none: t('close.noOfficer'), testid: 'close-officer' });
  const early = Date.parse(v.closes_at) > Date.now();
  const pinHint = h('p', { class: 'warning', testid: 'close-pin-hint', role: 'note', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'close-submit' }, t('close.submit'));
  const form = h(
    'form',
    { class: 'form', id: `close-${String(v.vote_id)}` },
    h('p', null, t('close.intro')),
    early ? h('p', { class: 'warning', testid: 'close-early', role: 'note' }, t('close.early', { at: formatTime(v.closes_at) })) : null,
    host.el,
    secretary.el,
    officer.el,
    pinHint,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const h1 = host.take();
    const s1 = secretary.take();
    // Optional here: a vote opened before manifests closes without it; the backend says when
    // it is needed.
    const o1 = officer.take();
    if (!h1 || !s1) {
      showError(!h1 ? t('close.noHost') : t('close.noSecretary'));
      return;
    }
    if (!h1.host_pin || !s1.host_pin || (o1 && !o1.host_pin)) {
      showError(t('close.pinsMissing'));
      return;
    }
    pinHint.hidden = true;
    void run(submit, async () => {
      try {
        const result = await voteClose({ vote_id: v.vote_id, host: h1, secretary: s1, ...(o1 ? { officer: o1 } : {}) });
        d.close();
        showNotice(t('close.done', { title: v.title }));
        onDone(result);
      } catch (e) {
        // Whose PIN failed is in the message only as "PIN 不正确": both type theirs again.
        if (e instanceof ApiError && (e.code === 'wrong_pin' || e.code === 'key_locked')) {
          pinHint.textContent = e.code === 'wrong_pin' ? t('close.wrongPin') : t('close.locked');
          pinHint.hidden = false;
        }
        throw e;
      }
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
}
