// The sign-in screen: the community (when there are several), then the person (large buttons,
// recent operators of this laptop first), then their own PIN. A community without a host who
// can sign in offers 设置主持人 (host_claim). On the demo community a clearly marked box lists
// the demo operators' PINs so a visitor can try every office.

import { demoOperators, hostClaim, hostRecover, sessionSignIn, signInList } from '../api';
import { showRecoveryCode } from '../components/recoveryCode';
import type { DemoOperator } from '../bindings/DemoOperator';
import type { SetupCommunity } from '../bindings/SetupCommunity';
import type { SignedIn } from '../bindings/SignedIn';
import type { SignInCandidate } from '../bindings/SignInCandidate';
import { field, h, replace, uid } from '../dom';
import { joinList, roleLabel, t } from '../i18n';
import { run, showError } from '../notify';
import { recentOperators } from '../session';

export interface SignInOptions {
  communities: readonly SetupCommunity[];
  /** The community to start with (the last one worked on). */
  preferred: number | null;
  /** Called once the person is signed in (the token is not kept yet). */
  done: (s: SignedIn) => void;
}

export function signInView(root: HTMLElement, opts: SignInOptions): void {
  const list = opts.communities;
  let community: SetupCommunity | null = list.find((c) => c.id === opts.preferred && c.has_host) ?? list.find((c) => c.has_host) ?? list[0] ?? null;
  const body = h('div', { class: 'signin-body' });

  let picker: HTMLElement | null = null;
  if (list.length > 1) {
    const select = h('select', { id: uid('community'), testid: 'signin-community', class: 'signin-select' });
    for (const c of list) select.appendChild(h('option', { value: String(c.id), selected: c.id === community?.id }, c.name));
    select.addEventListener('change', () => {
      community = list.find((c) => String(c.id) === select.value) ?? null;
      void show();
    });
    picker = field(t('signin.community'), select);
  }

  root.replaceChildren(
    h(
      'section',
      { class: 'card signin', testid: 'signin' },
      h('h1', null, t('signin.title')),
      list.length === 1 && community ? h('p', { class: 'signin-community', testid: 'signin-community-name' }, community.name) : null,
      picker,
      body,
    ),
  );

  async function show(): Promise<void> {
    if (!community) {
      replace(body, h('p', null, t('signin.noOne')));
      return;
    }
    if (!community.has_host) {
      claimForm(body, community, opts.done);
      return;
    }
    const c = community;
    replace(body, h('p', { class: 'loading' }, t('common.loading')));
    try {
      const [people, demo] = await Promise.all([signInList(c.id), demoOperators(c.id)]);
      if (community !== c) return;
      choosePerson(body, c, people, demo, opts.done);
    } catch (e) {
      replace(body);
      showError(e);
    }
  }
  void show();
}

function candidateButton(p: SignInCandidate, onPick: () => void): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: 'signin-person', testid: `signin-person-${p.person_id}`, 'data-name': p.name, onclick: onPick },
    h('span', { class: 'signin-name' }, p.name),
    h('span', { class: 'signin-roles' }, joinList(p.roles.map(roleLabel))),
  );
}

function choosePerson(
  body: HTMLElement,
  c: SetupCommunity,
  people: readonly SignInCandidate[],
  demo: readonly DemoOperator[],
  done: (s: SignedIn) => void,
): void {
  if (people.length === 0) {
    replace(body, h('p', { class: 'warning' }, t('signin.noOne')));
    return;
  }
  const pick = (p: SignInCandidate) => pinStep(body, c, p, () => choosePerson(body, c, people, demo, done), done);
  const recentIds = recentOperators(c.id).map((r) => r.person_id);
  const recent = recentIds.map((id) => people.find((p) => p.person_id === id)).filter((p): p is SignInCandidate => p !== undefined);
  const others = people.filter((p) => !recentIds.includes(p.person_id));
  const group = (title: string, ps: readonly SignInCandidate[], testid: string) =>
    ps.length ? h('div', { class: 'signin-group', testid }, h('h2', null, title), h('div', { class: 'signin-people' }, ps.map((p) => candidateButton(p, () => pick(p))))) : null;
  const demoBox = demo.length
    ? h(
        'aside',
        { class: 'demo-box', testid: 'demo-operators', 'aria-label': t('signin.demoTitle') },
        h('h2', null, t('signin.demoTitle')),
        h('p', null, t('signin.demoBody')),
        h(
          'table',
          { class: 'table' },
          h(
            'tbody',
            null,
            demo.map((d) =>
              h('tr', { 'data-role': d.role }, h('td', null, d.name), h('td', null, roleLabel(d.role)), h('td', { class: 'mono', testid: `demo-pin-${d.role}` }, d.pin)),
            ),
          ),
        ),
      )
    : null;
  const lost = h('button', { type: 'button', class: 'btn btn-quiet', testid: 'signin-recover' }, t('signin.recoverLink'));
  lost.addEventListener('click', () => recoverForm(body, c, () => choosePerson(body, c, people, demo, done), done));
  replace(
    body,
    h('p', { class: 'lead' }, t('signin.lead')),
    group(t('signin.recent'), recent, 'signin-recent'),
    group(recent.length ? t('signin.everyone') : t('signin.whoTitle'), others, 'signin-everyone'),
    demoBox,
    h('p', { class: 'hint' }, lost),
  );
  body.querySelector<HTMLButtonElement>('.signin-person')?.focus();
}

function pinStep(body: HTMLElement, c: SetupCommunity, p: SignInCandidate, back: () => void, done: (s: SignedIn) => void): void {
  const pin = h('input', { type: 'password', id: uid('pin'), testid: 'signin-pin', class: 'pin signin-pin', autocomplete: 'current-password', maxlength: '64' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'signin-submit' }, t('signin.submit'));
  const other = h('button', { type: 'button', class: 'btn btn-quiet', testid: 'signin-other', onclick: back }, t('signin.other'));
  const form = h(
    'form',
    { class: 'form signin-form', novalidate: true },
    h('p', { class: 'signin-chosen', testid: 'signin-chosen' }, h('span', { class: 'signin-name' }, p.name), h('span', { class: 'signin-roles' }, joinList(p.roles.map(roleLabel)))),
    field(t('signin.pinFor', { name: p.name }), pin, t('signin.pinHint')),
    h('div', { class: 'actions' }, submit, other),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!pin.value) {
      showError(t('signin.pinMissing'));
      pin.focus();
      return;
    }
    void run(submit, async () => {
      try {
        const s = await sessionSignIn({ community_id: c.id, person_id: p.person_id, pin: pin.value });
        done(s);
      } finally {
        pin.value = '';
        pin.focus();
      }
    });
  });
  replace(body, form);
  pin.focus();
}

function claimForm(body: HTMLElement, c: SetupCommunity, done: (s: SignedIn) => void): void {
  const name = h('input', { type: 'text', testid: 'claim-name', maxlength: '100', autocomplete: 'off' });
  const idNumber = h('input', { type: 'text', testid: 'claim-id', maxlength: '32', autocomplete: 'off' });
  const pin = h('input', { type: 'password', testid: 'claim-pin', autocomplete: 'new-password', maxlength: '64' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'claim-submit' }, t('signin.claim'));
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h2', null, t('signin.claimTitle', { name: c.name })),
    h('p', { class: 'warning' }, t('signin.noHost')),
    h('p', { class: 'hint' }, t('welcome.hostHint')),
    field(t('welcome.hostName'), name),
    field(t('welcome.hostId'), idNumber),
    field(t('welcome.hostPin'), pin, t('welcome.hostPinHint')),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(submit, async () => {
      try {
        const r = await hostClaim({ community_id: c.id, host: { name: name.value.trim(), id_number: idNumber.value.trim(), pin: pin.value } });
        done(r.signed_in);
        if (r.recovery_code) showRecoveryCode(r.recovery_code);
      } finally {
        pin.value = '';
      }
    });
  });
  replace(body, form);
  name.focus();
}

/** Every host's key lost or locked: a new host named with the database's recovery code. */
function recoverForm(body: HTMLElement, c: SetupCommunity, back: () => void, done: (s: SignedIn) => void): void {
  const code = h('input', { type: 'text', testid: 'recover-code', maxlength: '40', autocomplete: 'off', spellcheck: 'false' });
  const name = h('input', { type: 'text', testid: 'recover-name', maxlength: '100', autocomplete: 'off' });
  const idNumber = h('input', { type: 'text', testid: 'recover-id', maxlength: '32', autocomplete: 'off' });
  const pin = h('input', { type: 'password', testid: 'recover-pin', autocomplete: 'new-password', maxlength: '64' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'recover-submit' }, t('signin.recoverSubmit'));
  const cancel = h('button', { type: 'button', class: 'btn', testid: 'recover-back' }, t('signin.back'));
  cancel.addEventListener('click', back);
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h2', null, t('signin.recoverTitle', { name: c.name })),
    h('p', { class: 'hint' }, t('signin.recoverBody')),
    field(t('signin.recoverCode'), code),
    field(t('welcome.hostName'), name),
    field(t('welcome.hostId'), idNumber),
    field(t('welcome.hostPin'), pin, t('welcome.hostPinHint')),
    h('div', { class: 'actions' }, submit, cancel),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(submit, async () => {
      try {
        const r = await hostRecover({
          community_id: c.id,
          recovery_code: code.value.trim(),
          host: { name: name.value.trim(), id_number: idNumber.value.trim(), pin: pin.value },
        });
        done(r.signed_in);
      } finally {
        pin.value = '';
      }
    });
  });
  replace(body, form);
  code.focus();
}
