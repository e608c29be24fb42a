// What the secretary enters while voting is open: a paper ballot (against the voter, with a
// photo or scan and two witnesses signing: 唱票 and 计票), and a written proxy (委托书).
// Only the scan's SHA-256 is kept; the file itself stays with the paper records.

import { ApiError, paperBallot, proxyAdd, voteEntries } from '../../api';
import { bytesToBase64 } from '../../b64';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { PaperMark } from '../../bindings/PaperMark';
import type { ProxySigners } from '../../bindings/ProxySigners';
import type { ProxyView } from '../../bindings/ProxyView';
import type { VoteEntry } from '../../bindings/VoteEntry';
import type { VoteView } from '../../bindings/VoteView';
import { openDialog } from '../../components/dialog';
import { personPicker } from '../../components/personPicker';
import { checkbox, field, h, replace, uid } from '../../dom';
import { joinList, t, type Key } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { fromLocalInput, toLocalInput } from './create';
import { choiceLabel } from './labels';
import { activeKeys, signerField } from './signers';

const MAX_SCAN = 20 * 1024 * 1024;

/** A file chooser for a scan or photo; `read()` gives its bytes as base64, or null if none. */
function scanInput(testid: string, label: string): { el: HTMLElement; read: () => Promise<string | null> } {
  const input = h('input', { type: 'file', id: uid('scan'), class: 'file-input', testid, accept: 'image/*,.pdf' });
  const name = h('span', { class: 'file-name' }, t('import.noFile'));
  input.addEventListener('change', () => (name.textContent = input.files?.[0]?.name ?? t('import.noFile')));
  return {
    el: h('div', null, h('p', { class: 'file-label' }, label), h('div', { class: 'file-row' }, input, h('label', { for: input.id, class: 'btn' }, t('entry.pickScan')), name)),
    read: async () => {
      const file = input.files?.[0];
      if (!file) return null;
      if (file.size > MAX_SCAN) throw new Error(t('entry.scanTooBig'));
      return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    },
  };
}

type MarkId = 'agree' | 'oppose' | 'abstain' | 'approvals' | 'blank' | 'illegible' | 'identity_failed';
const MARKS: readonly [MarkId, Key][] = [
  ['agree', 'ballot.agree'],
  ['oppose', 'ballot.oppose'],
  ['abstain', 'ballot.abstain'],
  ['approvals', 'entry.markApprovals'],
  ['blank', 'entry.markBlank'],
  ['illegible', 'entry.markIllegible'],
  ['identity_failed', 'entry.markIdentity'],
];

export function openPaperDialog(community: CommunitySummary, v: VoteView, onDone: () => void): void {
  const d = openDialog({ title: t('entry.paperTitle', { title: v.title }), testid: 'paper-dialog', wide: true });
  // 为哪一户投票: shown only when the chosen person votes for several homes (roll entries).
  let entries: VoteEntry[] = [];
  const entryGroup = uid('entry');
  const entryBox = h('fieldset', { class: 'approval', testid: 'paper-entries', hidden: true });
  const chosenEntry = (): number | null => {
    const picked = entryBox.querySelector<HTMLInputElement>('input:checked');
    return picked ? Number(picked.value) : null;
  };
  let entrySeq = 0;
  const voter = personPicker(community, t('entry.voter'), 'paper-person', (hit) => {
    const mine = ++entrySeq;
    entries = [];
    entryBox.hidden = true;
    entryBox.replaceChildren();
    voteEntries({ vote_id: v.vote_id, person_id: hit.person.person_id }).then((found) => {
      if (mine !== entrySeq) return;
      entries = found;
      if (found.length < 2) return;
      replace(
        entryBox,
        h('legend', null, t('entry.forWhich')),
        found.map((e) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'radio', name: entryGroup, value: String(e.entry_id), testid: 'paper-entry' }),
            h('span', null, h('strong', null, joinList(e.units)), ` · ${e.name} · ${t(e.how === 'proxy' ? 'kiosk.entryProxy' : e.co_owned ? 'kiosk.entryShared' : 'kiosk.entryOwn')}`, e.voted ? ` · ${t('kiosk.entryVoted')}` : ''),
          ),
        ),
      );
      entryBox.hidden = false;
    }, showError);
  });
  const election = v.kind.kind === 'election' ? v.kind : null;
  const group = uid('mark');
  const offered = MARKS.filter(([id]) => (election ? !['agree', 'oppose', 'abstain'].includes(id) : id !== 'approvals'));
  const radios = offered.map(([id, key]) => {
    const input = h('input', { type: 'radio', name: group, value: id, testid: `paper-mark-${id}`, checked: id === offered[0]?.[0] });
    return { id, input, row: h('label', { class: 'check' }, input, h('span', null, t(key))) };
  });
  const boxes = (election?.candidates ?? []).map((name, i) => ({ i, ...checkbox(name, { testid: 'paper-candidate', value: String(i) }) }));
  const limit = () => {
    const n = boxes.filter((b) => b.input.checked).length;
    for (const b of boxes) b.input.disabled = !b.input.checked && n >= (election?.max_approvals ?? 0);
  };
  for (const b of boxes) b.input.addEventListener('change', limit);
  const scan = scanInput('paper-scan', t('entry.paperScan'));
  const w1 = signerField(activeKeys(community), { legend: t('entry.witness1'), hint: t('entry.witnessHint'), none: t('entry.noWitness'), testid: 'witness1' });
  const w2 = signerField(activeKeys(community), { legend: t('entry.witness2'), hint: t('entry.witnessHint'), none: t('entry.noWitness'), testid: 'witness2', preselect: 1 });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'paper-submit' }, t('entry.paperSubmit'));
  const form = h(
    'form',
    { class: 'form', id: uid('paper') },
    h('p', { class: 'hint' }, t('entry.paperIntro')),
    voter.el,
    entryBox,
    h('fieldset', { class: 'approval' }, h('legend', null, t('entry.mark')), radios.map((r) => r.row), election ? h('div', { class: 'mode-part' }, h('p', { class: 'hint' }, t('entry.approvalsHint', { k: election.max_approvals })), boxes.map((b) => b.row)) : null, h('p', { class: 'hint' }, t('entry.markHint'))),
    scan.el,
    w1.el,
    w2.el,
  );
  const mark = (): PaperMark => {
    const id = radios.find((r) => r.input.checked)?.id ?? 'abstain';
    if (id === 'approvals') return { kind: 'approvals', candidates: boxes.filter((b) => b.input.checked).map((b) => b.i) };
    // The backend takes a blank or illegible ballot as "abstain", which an election refuses; in
    // an election it is a ballot that takes part and approves nobody.
    if (election && (id === 'blank' || id === 'illegible')) return { kind: 'approvals', candidates: [] };
    return { kind: id };
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const who = voter.chosen();
    if (!who) {
      showError(t('entry.noVoter'));
      voter.focus();
      return;
    }
    const entryId = chosenEntry();
    if (entries.length > 1 && entryId === null) {
      showError(t('entry.forWhichNeeded'));
      return;
    }
    const m = mark();
    const witnesses = [w1.take(), w2.take()] as const;
    void run(submit, async () => {
      const scanB64 = await scan.read();
      if (!scanB64 && m.kind !== 'identity_failed') throw new Error(t('entry.noScan'));
      const [a, b] = witnesses;
      if (!a || !b) throw new Error(t('entry.noWitness'));
      const picked = radios.find((r) => r.input.checked)?.id ?? 'abstain';
      const label = m.kind === 'approvals' && picked === 'approvals' ? choiceLabel(v.kind, `approve:${m.candidates.join(',')}`) : t(MARKS.find(([id]) => id === picked)?.[1] ?? 'entry.markBlank');
      let line: string;
      try {
        const r = await paperBallot({ vote_id: v.vote_id, person_id: who.person.person_id, ...(entryId === null ? {} : { entry_id: entryId }), mark: m, scan_base64: scanB64 ?? '', witnesses: [a, b] });
        const forEntry = entries.find((e) => e.entry_id === entryId);
        line = t('entry.paperDone', { who: joinList(forEntry?.units ?? who.units), mark: label, code: r.short_code });
      } catch (e) {
        // Identity not confirmed: the backend records the refusal and says so.
        if (!(m.kind === 'identity_failed' && e instanceof ApiError && e.code === 'invalid_input')) throw e;
        line = t('entry.paperRefused', { who: joinList(who.units), reason: e.message });
      }
      onDone();
      replace(d.body, h('p', { class: 'result-ok', testid: 'paper-result', role: 'status' }, line));
      const next = h('button', { type: 'button', class: 'btn btn-primary', testid: 'paper-next', onclick: () => (d.close(), openPaperDialog(community, v, onDone)) }, t('entry.paperNext'));
      replace(d.footer, h('button', { type: 'button', class: 'btn', testid: 'paper-close', onclick: () => d.close() }, t('common.close')), next);
      next.focus();
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
  voter.focus();
}

export function openProxyDialog(community: CommunitySummary, v: VoteView, onDone: (list: ProxyView[]) => void): void {
  const d = openDialog({ title: t('entry.proxyTitle', { title: v.title }), testid: 'proxy-dialog', wide: true });
  const owner = personPicker(community, t('entry.owner'), 'proxy-owner');
  const proxy = personPicker(community, t('entry.proxy'), 'proxy-person');
  const scan = scanInput('proxy-scan', t('entry.proxyScan'));
  const scope = h('input', { type: 'text', testid: 'proxy-scope', maxlength: '200', value: t('entry.scopeDefault', { title: v.title }) });
  const expires = h('input', { type: 'datetime-local', testid: 'proxy-expires', value: toLocalInput(new Date(v.closes_at)) });
  const limit = v.settings.proxy_limit;
  // Who signs the registration (yishi/proxy/v1): two officers of the vote, or the owner with
  // their own key. Each types their own PIN.
  const group = uid('proxy-signers');
  const byOfficers = h('input', { type: 'radio', name: group, value: 'officers', testid: 'proxy-by-officers', checked: true });
  const byOwner = h('input', { type: 'radio', name: group, value: 'owner', testid: 'proxy-by-owner' });
  const keys = activeKeys(community);
  const o1 = signerField(keys, { legend: t('entry.proxyOfficer1'), hint: t('entry.proxyOfficerHint'), none: t('entry.noProxySigner'), testid: 'proxy-officer1' });
  const o2 = signerField(keys, { legend: t('entry.proxyOfficer2'), hint: t('entry.proxyOfficerHint'), none: t('entry.noProxySigner'), testid: 'proxy-officer2', preselect: 1 });
  const ownerSigns = signerField(keys, { legend: t('entry.proxyOwnerSigns'), hint: t('entry.proxyOwnerHint'), none: t('entry.noProxySigner'), testid: 'proxy-owner-key' });
  const officersPart = h('div', { testid: 'proxy-officers' }, o1.el, o2.el);
  const ownerPart = h('div', { testid: 'proxy-owner-signs', hidden: true }, ownerSigns.el);
  const showSigners = () => {
    officersPart.hidden = !byOfficers.checked;
    ownerPart.hidden = !byOwner.checked;
  };
  byOfficers.addEventListener('change', showSigners);
  byOwner.addEventListener('change', showSigners);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'proxy-submit' }, t('entry.proxySubmit'));
  const form = h(
    'form',
    { class: 'form', id: uid('proxy') },
    h('p', { class: 'hint' }, t('entry.proxyIntro')),
    h('p', { class: 'hint' }, limit === null ? t('entry.proxyNoLimit') : t('entry.proxyLimit', { n: limit })),
    owner.el,
    proxy.el,
    scan.el,
    h('div', { class: 'toolbar' }, field(t('entry.scope'), scope), field(t('entry.expires'), expires)),
    h(
      'fieldset',
      { class: 'approval' },
      h('legend', null, t('entry.proxySigners')),
      h('label', { class: 'check' }, byOfficers, h('span', null, t('entry.proxyByOfficers'))),
      h('label', { class: 'check' }, byOwner, h('span', null, t('entry.proxyByOwner'))),
      h('p', { class: 'hint' }, t('entry.proxySignersHint')),
    ),
    officersPart,
    ownerPart,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const o = owner.chosen();
    const p = proxy.chosen();
    const until = fromLocalInput(expires.value);
    if (!o || !p) {
      showError(t('entry.noParties'));
      (o ? proxy : owner).focus();
      return;
    }
    if (!until || !scope.value.trim()) {
      showError(t('entry.noScope'));
      return;
    }
    const owned = byOwner.checked;
    const approvals = owned ? [ownerSigns.take()] : [o1.take(), o2.take()];
    void run(submit, async () => {
      const scanB64 = await scan.read();
      if (!scanB64) throw new Error(t('entry.noScan'));
      const [a, b] = approvals;
      let signers: ProxySigners;
      if (owned) {
        if (!a) throw new Error(t('entry.noProxySigner'));
        signers = { kind: 'owner', key: a };
      } else {
        if (!a || !b) throw new Error(t('entry.noProxySigner'));
        signers = { kind: 'officers', officers: [a, b] };
      }
      const list = await proxyAdd({ vote_id: v.vote_id, owner_id: o.person.person_id, proxy_id: p.person.person_id, scan_base64: scanB64, scope: scope.value.trim(), expires_at: until, signers });
      d.close();
      showNotice(t('entry.proxyDone', { owner: o.person.name, proxy: p.person.name }));
      onDone(list);
    });
  });
  d.body.append(form);
  submit.setAttribute('form', form.id);
  d.footer.append(h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('common.cancel')), submit);
  owner.focus();
}
