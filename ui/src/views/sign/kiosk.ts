// 签名台: signing at the host's laptop, made for an elderly person: very large type, one step
// per screen, a clear 返回 on each. 1 what to sign (the host chooses), 2 find your name,
// 3 read exactly what will be signed, 4 your PIN, 5 the receipt to write down or photograph.
// The PIN is read from its field at the moment of signing and the field is emptied at once.

import { ApiError, keyList, personSearch, sign, signPreview } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { PersonHit } from '../../bindings/PersonHit';
import type { Receipt } from '../../bindings/Receipt';
import type { SignPreview } from '../../bindings/SignPreview';
import type { SignRequest } from '../../bindings/SignRequest';
import type { StatementView } from '../../bindings/StatementView';
import { fingerprintEl, qrBlock } from '../../components/keyCard';
import { docLines } from '../../components/signaturePanel';
import { debounce, h, replace, type Props } from '../../dom';
import { formatTime } from '../../format';
import { joinList, t } from '../../i18n';
import { clearError, clearNotice, showError } from '../../notify';
import { statementsStep } from './kioskStart';
import { pinInput, takePins } from './pin';

const STEPS = 5;

export function kioskTab(root: HTMLElement, community: CommunitySummary): () => void {
  const stage = h('div', { class: 'kiosk', testid: 'kiosk' });
  let statement: StatementView | null = null;
  let person: PersonHit | null = null;
  let preview: SignPreview | null = null;
  let alive = true;

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
        h('p', { class: 'kiosk-progress' }, t('kiosk.stepOf', { n: step, total: STEPS })),
        heading,
        content,
        h('div', { class: 'kiosk-actions' }, actions),
      ),
    );
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  const docLine = () => (statement ? h('p', { class: 'kiosk-doc-line' }, t('kiosk.signing', { title: statement.title })) : null);
  const request = (): SignRequest | null =>
    statement && person ? { community_id: community.id, person_id: person.person.person_id, subject: { kind: 'statement', statement_id: statement.statement_id } } : null;

  // 1. What to sign.
  function stepDocument(): void {
    statement = null;
    person = null;
    preview = null;
    const chosen = (st: StatementView) => {
      statement = st;
      stepFind();
    };
    frame(1, t('kiosk.step1'), [h('p', { class: 'kiosk-lead' }, t('kiosk.step1Lead')), statementsStep(community, chosen)], []);
  }

  // 2. Find your name: by name or unit number, big buttons.
  function stepFind(): void {
    person = null;
    preview = null;
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
    await loadPreview(null);
  }

  async function loadPreview(note: string | null): Promise<void> {
    const req = request();
    if (!req) return stepFind();
    try {
      preview = await signPreview(req);
      stepPreview(note);
    } catch (e) {
      showError(e);
    }
  }

  // 3. Exactly what will be signed, line by line; or why this person cannot sign now.
  function stepPreview(note: string | null): void {
    const p = preview;
    if (!p) return stepFind();
    const fields = p.document.fields.map((f) => f.name);
    // Without a key the document is bound to no key (a placeholder): that line says nothing.
    const keep = p.lines.map((_, i) => p.key_id !== null || fields[i] !== 'public_key');
    const content = [
      p.blocker ? h('div', { class: 'kiosk-blocker', role: 'alert', testid: 'kiosk-blocker' }, h('p', null, p.blocker), h('p', { class: 'kiosk-blocker-hint' }, t('kiosk.blockerHint'))) : null,
      note ? h('p', { class: 'kiosk-message', role: 'status', testid: 'kiosk-message' }, note) : null,
      h(
        'div',
        { class: 'kiosk-preview', testid: 'kiosk-preview' },
        docLines(p.lines.filter((_, i) => keep[i]), fields.filter((_, i) => keep[i]), 'doc-lines kiosk-lines'),
      ),
      p.fingerprint ? h('div', { class: 'kiosk-fp' }, h('span', { class: 'kiosk-fp-label' }, t('kiosk.fingerprint')), fingerprintEl(p.fingerprint, { big: true, testid: 'kiosk-fingerprint' })) : null,
    ];
    frame(3, p.blocker ? t('kiosk.step3Blocked') : t('kiosk.step3'), content, [back(stepFind), p.blocker ? null : button(t('kiosk.continue'), 'kiosk-continue', stepPin, true)]);
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
    frame(
      4,
      t('kiosk.step4'),
      [h('p', { class: 'kiosk-lead' }, t('kiosk.step4Lead', { name: p.signer_name, title: statement?.title ?? '' })), message, pin],
      [back(() => stepPreview(null)), submit],
    );
    pin.focus();
  }

  // 5. The receipt: a short code to write down, its QR code, the full hash.
  function stepReceipt(r: Receipt): void {
    const title = statement?.title ?? '';
    frame(
      5,
      t('kiosk.step5'),
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
              fact(t('kiosk.receiptDoc'), title),
              fact(t('kiosk.fingerprint'), r.fingerprint),
            ),
          ),
          qrBlock(r.qr_svg, t('kiosk.receiptQr'), 'receipt-qr'),
        ),
        h('p', { class: 'receipt-hash-line' }, t('kiosk.receiptHash'), ' ', h('code', { class: 'mono long-hex', testid: 'receipt-hash' }, r.document_hash)),
      ],
      [button(t('kiosk.done'), 'kiosk-done', stepDocument), button(t('kiosk.next'), 'kiosk-next', stepFind, true)],
    );
  }

  const fact = (label: string, value: string) => h('div', null, h('dt', null, label), h('dd', null, value));

  root.append(stage);
  stepDocument();
  return () => {
    alive = false;
  };
}
