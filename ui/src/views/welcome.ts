// Welcome: no community yet (or "新建小区" from the header). Load the demo (then sign in as
// one of its demo operators) or create a community with its first host (signed in at once).

import { communitySetup, demoLoad } from '../api';
import type { ViewContext } from '../view';
import { append, checkbox, field, h } from '../dom';
import { t } from '../i18n';
import { run, showError, showNotice } from '../notify';
import type { SignedIn } from '../bindings/SignedIn';
import { upsertCommunity } from '../store';
import { showRecoveryCode } from '../components/recoveryCode';


export interface WelcomeHooks {
  /** The new community's first host is signed in. */
  signedIn: (s: SignedIn, notice: string) => void;
  /** The demo community exists: sign in there as one of its operators. */
  demoLoaded: (communityId: number) => void;
}

/** "1栋, 2栋\n3栋" -> ["1栋", "2栋", "3栋"]: commas (both widths), 、, semicolons or new lines. */
export function splitNames(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,，、;；\n\r]+/)) {
    const name = part.trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

export function welcomeView(root: HTMLElement, ctx: ViewContext, hooks: WelcomeHooks): void {
  const first = ctx.community === null;

  const demoBtn = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'demo-load' }, t('welcome.demoButton'));
  demoBtn.addEventListener('click', () => {
    void run(demoBtn, async () => {
      const c = await demoLoad();
      upsertCommunity(c, false);
      hooks.demoLoaded(c.id);
      showNotice(t('welcome.demoLoaded', { name: c.name }));
    });
  });
  const demoCard = h(
    'section',
    { class: 'card choice' },
    h('h2', null, t('welcome.demoTitle')),
    h('p', null, t('welcome.demoBody')),
    demoBtn,
  );

  const name = h('input', { type: 'text', testid: 'community-name', required: true, maxlength: '60', autocomplete: 'off' });
  const address = h('input', { type: 'text', testid: 'community-address', maxlength: '120', autocomplete: 'off' });
  const buildings = h('textarea', { testid: 'community-buildings', rows: '3' });
  const parking = checkbox(t('settings.parkingLabel'), { testid: 'community-parking' });
  const hostName = h('input', { type: 'text', testid: 'host-name', required: true, maxlength: '100', autocomplete: 'off' });
  const hostId = h('input', { type: 'text', testid: 'host-id', required: true, maxlength: '32', autocomplete: 'off' });
  const hostPin = h('input', { type: 'password', testid: 'host-pin', required: true, autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'community-create' }, t('welcome.createButton'));
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    field(t('welcome.name'), name),
    field(t('welcome.address'), address),
    field(t('welcome.buildings'), buildings, t('welcome.buildingsHint')),
    parking.row,
    h('p', { class: 'hint' }, t('settings.parkingHint')),
    h('h3', null, t('welcome.hostTitle')),
    h('p', { class: 'hint' }, t('welcome.hostHint')),
    field(t('welcome.hostName'), hostName),
    field(t('welcome.hostId'), hostId),
    field(t('welcome.hostPin'), hostPin, t('welcome.hostPinHint')),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!name.value.trim()) {
      showError(t('welcome.nameMissing'));
      name.focus();
      return;
    }
    void run(submit, async () => {
      const done = await communitySetup({
        community: {
          name: name.value.trim(),
          address: address.value.trim(),
          buildings: splitNames(buildings.value),
          settings: { parking_counts: parking.input.checked },
        },
        host: { name: hostName.value.trim(), id_number: hostId.value.trim(), pin: hostPin.value },
      });
      hostPin.value = '';
      const c = done.community;
      upsertCommunity(c, false);
      location.hash = '#/roll';
      hooks.signedIn(done.signed_in, t('welcome.created', { name: c.name }));
      if (done.recovery_code) showRecoveryCode(done.recovery_code);
    });
  });
  const createCard = h('section', { class: 'card choice' }, h('h2', null, t('welcome.createTitle')), h('p', null, t('welcome.createBody')), form);

  append(root, [
    h(
      'div',
      { class: 'view-head' },
      h('h1', null, first ? t('welcome.title') : t('welcome.titleMore')),
      h('p', { class: 'lead' }, first ? t('welcome.lead') : t('welcome.leadMore')),
    ),
    h('div', { class: 'choices' }, demoCard, createCard),
    first ? h('p', { class: 'hint' }, t('welcome.restoreHint'), ' ', h('a', { href: '#/audit' }, t('welcome.restoreLink'))) : null,
  ]);
  if (first) demoBtn.focus();
  else name.focus();
}
