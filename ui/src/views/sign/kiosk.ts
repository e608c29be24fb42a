// 签名台: signing at the host's laptop, made for an elderly person: very large type, one step
// per screen, a clear 返回 on each. 1 what to sign or vote on (the host chooses), 2 find your
// name, (for a vote: 3 your choice, as huge buttons,) then read exactly what will be signed,
// your PIN, and the receipt to write down or photograph. A refused ballot says why, in the
// backend's words, and the next person carries on. The PIN is read from its field at the
// moment of signing and the field is emptied at once.

import { ApiError, keyList, personSearch, sign, signPreview, voteEntries, voteList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { PersonHit } from '../../bindings/PersonHit';
import type { Receipt } from '../../bindings/Receipt';
import type { SignPreview } from '../../bindings/SignPreview';
import type { SignRequest } from '../../bindings/SignRequest';
import type { StatementView } from '../../bindings/StatementView';
import type { VoteEntry } from '../../bindings/VoteEntry';
import type { VoteView } from '../../bindings/VoteView';
import { fingerprintEl, qrBlock } from '../../components/keyCard';
import { docLines } from '../../components/signaturePanel';
import { debounce, h, replace, type Props } from '../../dom';
import { formatTime } from '../../format';
import { joinList, t } from '../../i18n';
import { clearError, clearNotice, showError } from '../../notify';
import { ballotNote, ballotStep, choiceBanner, entryFor, entryStep, labelled, openVotesStep, refusalEl } from '../votes/kioskBallot';
import { choiceLabel } from '../votes/labels';
import { statementsStep } from './kioskStart';
import { readKioskTask, type KioskTask } from './kioskTask';
import { pinInput, takePins } from './pin';

/**
 * `sub` is the route after #/sign/kiosk: ["vote", id] starts on that vote; ["task", code] on a
 * document another screen hands over (a sign-in, minutes, a proposal; see ./kioskTask).
 */
export function kioskTab(root: HTMLElement, community: CommunitySummary, sub: readonly string[] = []): () => void {
  const stage = h('div', { class: 'kiosk', testid: 'kiosk' });
  let statement: StatementView | null = null;
  let vote: VoteView | null = null;
  let choice: string | null = null;
  let proxyFor: PersonHit | null = null;
  // For a vote: the roll entries (homes) this person votes for, when more than one, and the
  // one this ballot is for.
  let entries: VoteEntry[] = [];
  let entry: VoteEntry | null = null;
  let person: PersonHit | null = null;
  let preview: SignPreview | null = null;
  let alive = true;
  const task: KioskTask | null = sub[0] === 'task' ? readKioskTask(sub[1]) : null;
  // A vote has one step more (the choice) before the preview.
  const at = (step: 'preview' | 'pin' | 'receipt') => ({ preview: 3, pin: 4, receipt: 5 })[step] + (vote ? 1 : 0);

  const button = (label: string, testid: string, onclick: () => void, primary = false, props: Props = {}) =>
    h('button', { type: 'button', class: primary ? 'btn btn-primary kiosk-btn' : 'btn kiosk-btn', testid, onclick, ...props }, label);
  const back = (to: () => void) => button(`← ${t('kiosk.back')}`, 'kiosk-back', to);

  /** Shows one step: its number, a heading that takes the focus, the content, the buttons. */
  function frame(step: number, title: string, content: (Node | null)[], actions: (Node | null)[]): void {
    if (!alive) return;
    clearError();
    // The host's messages are not for the next signer.
    if (step > 1) clearNotice();
    const heading = h('h2', { class: 'kiosk-title', tabindex: '-1' }, title);
    replace(
      stage,
      h(
        'section',
        { class: 'kiosk-step', 'data-step': String(step), testid: `kiosk-step-${step}` },
        h('p', { class: 'kiosk-progress' }, t('kiosk.stepOf', { n: step, total: vote ? 6 : 5 })),
        heading,
        content,
        h('div', { class: 'kiosk-actions' }, actions),
      ),
    );
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  const taskTitle = () => statement?.title ?? vote?.title ?? task?.title ?? '';
  const docLine = () =>
    statement || vote || task
      ? h(
          'p',
          { class: 'kiosk-doc-line' },
          t(vote ? 'kiosk.voting' : 'kiosk.signing', { title: taskTitle() }),
          // The manifest posted when the vote opened: compare it with the notice on the wall.
          vote?.manifest_short ? h('span', { class: 'hint', testid: 'kiosk-manifest' }, ' · ', t('kiosk.manifest', { short: vote.manifest_short })) : null,
        )
      : null;
  const request = (): SignRequest | null => {
    if (!person) return null;
    const base = { community_id: community.id, person_id: person.person.person_id };
    if (statement) return { ...base, subject: { kind: 'statement', statement_id: statement.statement_id } };
    if (task) return { ...base, subject: task.subject };
    if (vote && choice !== null) return { ...base, subject: { kind: 'ballot', vote_id: vote.vote_id, choice, proxy_for: proxyFor?.person.person_id ?? entry?.entry_id ?? null } };
    return null;
  };

  // 1. What to sign or vote on.
  function stepDocument(): void {
    // A task from another screen: its screen is where "back" and "done" lead.
    if (task) {
      location.hash = task.back;
      return;
    }
    statement = null;
    vote = null;
    person = null;
    preview = null;
    const chosen = (st: StatementView) => {
      statement = st;
      stepFind();
    };
    const voteOn = (v: VoteView) => {
      vote = v;
      stepFind();
    };
    frame(1, t('kiosk.step1'), [h('p', { class: 'kiosk-lead' }, t('kiosk.step1Lead')), openVotesStep(community, voteOn), h('h3', { class: 'kiosk-section-title' }, t('kiosk.docsTitle')), statementsStep(community, chosen)], []);
  }

  // 2. Find your name: by name or unit number, big buttons.
  function stepFind(): void {
    person = null;
    preview = null;
    choice = null;
    proxyFor = null;
    entries = [];
    entry = null;
    const search = h('input', { type: 'search', class: 'kiosk-input', testid: 'kiosk-search', autocomplete: 'off', placeholder: t('kiosk.searchPlaceholder'), 'aria-label': t('kiosk.step2') });
    const hits = h('div', { class: 'kiosk-hits', 'aria-live': 'polite' });
    // Who has a key, to say so on the buttons before anyone reaches a blocked preview.
    const withKey = keyList({ community_id: community.id }).then(
      (keys) => new Set(keys.filter((k) => k.status === 'active').map((k) => String(k.person_id))),
      () => null,
    );
    let seq = 0;
    const find = async () => {
      const text = search.value.trim();
      const mine = ++seq;
      if (!text) {
        hits.replaceChildren();
        return;
      }
      try {
        const found = await personSearch({ community_id: community.id, search: text });
        const keyed = await withKey;
        if (mine !== seq || !alive) return;
        replace(
          hits,
          found.length
            ? found.slice(0, 12).map((hit) =>
                h(
                  'button',
                  { type: 'button', class: 'kiosk-person', testid: 'kiosk-person', 'data-person': String(hit.person.person_id), onclick: () => void choose(hit) },
                  h('span', { class: 'kiosk-person-name' }, hit.person.name),
                  h('span', { class: 'kiosk-person-units' }, joinList(hit.units)),
                  !keyed || keyed.has(String(hit.person.person_id)) ? null : h('span', { class: 'kiosk-person-note' }, t('kiosk.noKey')),
                ),
              )
            : h('p', { class: 'kiosk-message' }, t('kiosk.nobody')),
        );
      } catch (e) {
        if (mine === seq) showError(e);
      }
    };
    search.addEventListener('input', debounce(() => void find(), 300));
    search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') void find();
    });
    frame(2, t('kiosk.step2'), [docLine(), h('p', { class: 'kiosk-lead' }, t('kiosk.step2Lead')), search, hits], [back(stepDocument)]);
    search.focus();
  }

  async function choose(hit: PersonHit): Promise<void> {
    person = hit;
    if (vote) {
      try {
        entries = await voteEntries({ vote_id: vote.vote_id, person_id: hit.person.person_id });
      } catch (e) {
        showError(e);
        return;
      }
      if (entries.length > 1) return stepEntry();
      return stepBallot();
    }
    await loadPreview(null);
  }

  /** For what this ballot is: a chosen home, or an owner under a proxy; null for one's own. */
  const forWhom = (): string | null => (entry ? entryFor(entry) : proxyFor ? t('kiosk.proxyFor', { owner: proxyFor.person.name, units: joinList(proxyFor.units) }) : null);

  // 3 (votes, a person voting for several homes). 为哪一户投票: one home per line.
  function stepEntry(): void {
    const who = person;
    if (!vote || !who) return stepFind();
    entry = null;
    proxyFor = null;
    const chosen = (e: VoteEntry) => {
      entry = e;
      stepBallot();
    };
    frame(3, t('kiosk.entryTitle'), [docLine(), entryStep(who, entries, chosen)], [back(stepFind)]);
  }

  // 3 (votes). The choice, as huge buttons; or for an owner under a proxy.
  function stepBallot(): void {
    const v = vote;
    const who = person;
    if (!v || !who) return stepFind();
    choice = null;
    const pick = (c: string) => {
      choice = c;
      void loadPreview(null);
    };
    const setProxy = (owner: PersonHit | null) => {
      proxyFor = owner;
      stepBallot();
    };
    const several = entries.length > 1 && entry ? { chosen: entry, change: stepEntry } : null;
    frame(3, t('kiosk.ballotTitle'), [docLine(), ballotStep(community, v, who, proxyFor, pick, setProxy, several)], [back(several ? stepEntry : stepFind)]);
  }

  // A ballot turned away (already voted, not on the roll, outside the window, closed): the
  // backend's reason, in large type; the next person carries on.
  function stepRefused(message: string): void {
    frame(at('preview'), t('kiosk.refusedTitle'), [docLine(), refusalEl(message)], [back(stepBallot), button(t('kiosk.next'), 'kiosk-next', stepFind, true)]);
  }

  async function loadPreview(note: string | null): Promise<void> {
    const req = request();
    if (!req) return stepFind();
    try {
      preview = await signPreview(req);
      stepPreview(note);
    } catch (e) {
      if (vote && e instanceof ApiError && e.code !== 'network') stepRefused(e.message);
      else showError(e);
    }
  }

  // 3. Exactly what will be signed, line by line; or why this person cannot sign now.
  function stepPreview(note: string | null): void {
    const p = preview;
    if (!p) return stepFind();
    const fields = p.document.fields.map((f) => f.name);
    // Without a key the document is bound to no key (a placeholder): that line says nothing.
    const keep = p.lines.map((_, i) => p.key_id !== null || fields[i] !== 'public_key');
    const lines = labelled(p.lines, fields).filter((_, i) => keep[i]);
    const content = [
      p.blocker ? h('div', { class: 'kiosk-blocker', role: 'alert', testid: 'kiosk-blocker' }, h('p', null, p.blocker), h('p', { class: 'kiosk-blocker-hint' }, t('kiosk.blockerHint'))) : null,
      note ? h('p', { class: 'kiosk-message', role: 'status', testid: 'kiosk-message' }, note) : null,
      vote && choice !== null ? choiceBanner(vote, choice, forWhom()) : null,
      h(
        'div',
        { class: 'kiosk-preview', testid: 'kiosk-preview' },
        docLines(lines, fields.filter((_, i) => keep[i]), 'doc-lines kiosk-lines', vote ? ballotNote(vote) : undefined),
      ),
      p.fingerprint ? h('div', { class: 'kiosk-fp' }, h('span', { class: 'kiosk-fp-label' }, t('kiosk.fingerprint')), fingerprintEl(p.fingerprint, { big: true, testid: 'kiosk-fingerprint' })) : null,
    ];
    const blocked = [back(vote ? stepBallot : stepFind), vote ? button(t('kiosk.next'), 'kiosk-next', stepFind, true) : null];
    frame(at('preview'), p.blocker ? t('kiosk.step3Blocked') : t('kiosk.step3'), content, p.blocker ? blocked : [back(vote ? stepBallot : stepFind), button(t('kiosk.continue'), 'kiosk-continue', stepPin, true)]);
  }

  // 4. The PIN. Wrong PIN: say so (with the tries left), empty the field, stay.
  function stepPin(): void {
    const p = preview;
    const req = request();
    if (!p || !req) return stepFind();
    const pin = pinInput({ class: 'pin kiosk-input kiosk-pin', testid: 'kiosk-pin', 'aria-label': t('kiosk.pinLabel') });
    const message = h('div', { class: 'kiosk-message kiosk-error', role: 'alert', testid: 'kiosk-message', hidden: true });
    const submit = button(t('kiosk.sign'), 'kiosk-sign', () => void doSign(), true, { class: 'btn btn-primary kiosk-btn kiosk-sign' });
    const say = (text: string, code: string, hint: string | null = null) => {
      replace(message, h('p', null, text), hint ? h('p', { class: 'kiosk-blocker-hint', testid: 'kiosk-unlock-hint' }, hint) : null);
      message.dataset['code'] = code;
      message.hidden = false;
    };
    const doSign = async () => {
      const [value = ''] = takePins(pin);
      if (!value) {
        say(t('kiosk.pinEmpty'), 'empty');
        pin.focus();
        return;
      }
      submit.disabled = true;
      submit.setAttribute('aria-busy', 'true');
      try {
        const receipt = await sign({ request: req, signed_at: p.signed_at, document_hash: p.document_hash, pin: value });
        stepReceipt(receipt);
      } catch (e) {
        const code = e instanceof ApiError ? e.code : 'unexpected';
        const text = e instanceof Error ? e.message : String(e);
        if (code === 'stale_preview') {
          await loadPreview(t('kiosk.refreshed'));
          return;
        }
        if (code === 'key_locked') {
          say(text, code, t('kiosk.askHost'));
          pin.hidden = true;
          submit.hidden = true;
          return;
        }
        if (vote && code !== 'wrong_pin' && code !== 'try_later' && code !== 'network') {
          stepRefused(text);
          return;
        }
        say(text, code);
        pin.focus();
      } finally {
        submit.disabled = false;
        submit.removeAttribute('aria-busy');
      }
    };
    pin.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        void doSign();
      }
    });
    const lead = vote && choice !== null ? t('kiosk.ballotPinLead', { name: p.signer_name, title: vote.title, choice: choiceLabel(vote.kind, choice) }) : t('kiosk.step4Lead', { name: p.signer_name, title: taskTitle() });
    frame(
      at('pin'),
      t('kiosk.step4'),
      [h('p', { class: 'kiosk-lead' }, lead), message, pin],
      [back(() => stepPreview(null)), submit],
    );
    pin.focus();
  }

  // 5. The receipt: a short code to write down, its QR code, the full hash.
  function stepReceipt(r: Receipt): void {
    const title = taskTitle();
    const picked = vote && choice !== null ? choiceLabel(vote.kind, choice) : null;
    frame(
      at('receipt'),
      vote ? t('kiosk.ballotDone') : t('kiosk.step5'),
      [
        h(
          'div',
          { class: 'kiosk-receipt', testid: 'kiosk-receipt' },
          h(
            'div',
            { class: 'receipt-text' },
            h('p', { class: 'kiosk-lead' }, t('kiosk.receiptLead')),
            h('p', { class: 'receipt-code', testid: 'receipt-code', translate: 'no' }, r.short_code),
            h(
              'dl',
              { class: 'receipt-facts' },
              fact(t('kiosk.receiptSigner'), r.signer_name),
              fact(t('kiosk.receiptTime'), formatTime(r.signed_at)),
              fact(vote ? t('kiosk.receiptVote') : t('kiosk.receiptDoc'), title),
              picked ? fact(t('kiosk.yourChoice'), forWhom() ? `${picked} · ${forWhom()}` : picked) : null,
              fact(t('kiosk.fingerprint'), r.fingerprint),
              r.manifest ? fact(t('kiosk.receiptManifest'), r.manifest) : null,
              r.checkpoint ? fact(t('kiosk.receiptCheckpoint'), `${r.checkpoint.tree_size} / ${r.checkpoint.root_hash_short}`) : null,
            ),
          ),
          qrBlock(r.qr_svg, t('kiosk.receiptQr'), 'receipt-qr'),
        ),
        h('p', { class: 'receipt-hash-line' }, t('kiosk.receiptHash'), ' ', h('code', { class: 'mono long-hex', testid: 'receipt-hash' }, r.document_hash)),
        vote ? h('p', { class: 'hint' }, t('kiosk.receiptBallotHint')) : null,
        r.manifest ? h('p', { class: 'hint', testid: 'receipt-manifest-help' }, t('kiosk.manifestHelp')) : null,
      ],
      [button(t('kiosk.done'), 'kiosk-done', stepDocument), button(t('kiosk.next'), 'kiosk-next', stepFind, true)],
    );
  }

  const fact = (label: string, value: string) => h('div', null, h('dt', null, label), h('dd', null, value));

  root.append(stage);
  // From a vote's page: straight to finding the first voter of that vote.
  if (task) stepFind();
  else if (sub[0] === 'vote' && sub[1]) {
    const wanted = sub[1];
    voteList({ community_id: community.id }).then((votes) => {
      const v = votes.find((x) => String(x.vote_id) === wanted && x.status === 'open');
      if (!v) return stepDocument();
      vote = v;
      stepFind();
    }, (e) => {
      stepDocument();
      showError(e);
    });
  } else stepDocument();
  return () => {
    alive = false;
  };
}
