// The shell: header (name, community, the signed-in operator, language), left nav, and the
// router that mounts one view into <main>. Before anything else `session_state` decides what
// shows: the welcome screen on the first run, the sign-in screen when nobody is signed in, the
// app otherwise. Any `sign_in_required` answer comes back to the sign-in screen, and after
// signing in to the same route.

import { may, setMatrix } from './access';
import { accessMatrix, sessionSignOut, sessionState } from './api';
import { AREAS, type AreaDef } from './areas';
import type { SessionState } from './bindings/SessionState';
import type { SignedIn } from './bindings/SignedIn';
import { h, replace } from './dom';
import { joinList, htmlLang, roleLabel, t } from './i18n';
import { bannerSlot, clearError, clearNotice, showError, showNotice } from './notify';
import { getLang, getSavedCommunity, setLang } from './prefs';
import { clearSession, getOperator, lastCallAt, onSessionChange, setOperator, setSignedIn, setSignInRequiredHandler } from './session';
import { currentCommunity, getInfo, idKey, reload, selectCommunity, subscribe } from './store';
import { signInView } from './views/signin';
import { welcomeView } from './views/welcome';

let root: HTMLElement;
const headerEl = h('header', { class: 'topbar' });
const navEl = h('nav', { class: 'sidenav' });
const viewEl = h('div', { class: 'view' });
const mainEl = h('main', { class: 'main', id: 'main', tabindex: '-1' });
let cleanup: (() => void) | null = null;
let mountedKey = '';
/** What the window shows: the first-run welcome, the sign-in screen, or the app itself. */
type Gate = 'loading' | 'welcome' | 'signin' | 'app';
let gate: Gate = 'loading';
let state: SessionState | null = null;
let idleTimer: number | undefined;

interface Route {
  area: AreaDef | null;
  id: string;
  sub: string[];
}

function parseRoute(): Route {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const id = parts[0] ?? AREAS[0]?.id ?? '';
  return { area: AREAS.find((a) => a.id === id) ?? null, id, sub: parts.slice(1) };
}

export function navigate(path: string): void {
  const target = `#/${path}`;
  if (location.hash === target) mountView(true);
  else location.hash = target;
}

function renderHeader(): void {
  const current = currentCommunity();
  const op = gate === 'app' ? getOperator() : null;
  const where = op && current ? h('div', { class: 'topbar-community', testid: 'community-current' }, current.name) : null;
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-quiet lang-toggle',
      testid: 'lang-toggle',
      lang: getLang() === 'zh' ? 'en' : 'zh-CN',
      title: t('header.langTitle'),
      onclick: () => {
        setLang(getLang() === 'zh' ? 'en' : 'zh');
        clearNotice();
        renderAll();
      },
    },
    t('header.langOther'),
  );
  const who = op
    ? h(
        'div',
        { class: 'topbar-operator', testid: 'operator' },
        h('span', { class: 'sr-only' }, t('header.signedInAs')),
        h('strong', { testid: 'operator-name' }, op.name),
        op.roles.length ? h('span', { class: 'operator-roles', testid: 'operator-roles' }, joinList(op.roles.map(roleLabel))) : null,
      )
    : null;
  const switchBtn = op
    ? h('button', { type: 'button', class: 'btn btn-quiet', testid: 'operator-switch', onclick: () => void signOut(false) }, t('header.switch'))
    : null;
  const outBtn = op
    ? h('button', { type: 'button', class: 'btn btn-quiet', testid: 'sign-out', onclick: () => void signOut(true) }, t('header.signOut'))
    : null;
  const newLink = op && may('community_setup') ? h('a', { class: 'btn btn-quiet', href: '#/new', testid: 'community-new' }, t('header.newCommunity')) : null;
  replace(
    headerEl,
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'seal', 'aria-hidden': 'true' }, '议'), h('span', { class: 'brand-name' }, t('app.name'))),
    where,
    newLink,
    h('div', { class: 'topbar-spacer' }),
    who,
    switchBtn,
    outBtn,
    toggle,
  );
}

function renderNav(): void {
  const route = parseRoute();
  const info = getInfo();
  navEl.hidden = gate !== 'app';
  replace(
    navEl,
    h(
      'ul',
      null,
      AREAS.map((a) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: `#/${a.id}`, testid: a.testid, 'aria-current': route.id === a.id ? 'page' : null },
            h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, a.icon),
            h('span', null, t(a.label)),
          ),
        ),
      ),
    ),
    info ? h('p', { class: 'nav-foot' }, t('nav.version', { v: info.version })) : null,
  );
  navEl.setAttribute('aria-label', t('nav.label'));
}

/** Mounts the view of the current route (again when `force`). */
function mountView(force = false): void {
  if (gate !== 'app') {
    mountGate();
    return;
  }
  const route = parseRoute();
  const community = currentCommunity();
  const showWelcome = route.id === 'new' || (!community && (route.area?.needsCommunity ?? true));
  // Areas that do not depend on the community (audit) stay mounted when it changes.
  const needs = showWelcome || (route.area?.needsCommunity ?? true);
  const key = `${showWelcome ? 'welcome' : route.id}|${route.sub.join('/')}|${needs && community ? idKey(community.id) : ''}|${getLang()}`;
  if (!force && key === mountedKey) return;
  mountedKey = key;
  cleanup?.();
  cleanup = null;
  clearError();
  renderNav();
  viewEl.replaceChildren();
  if (showWelcome) {
    welcomeView(viewEl, { community, sub: route.sub }, { signedIn: (s, notice) => void enter(s, notice), demoLoaded: (id) => void toDemo(id) });
    return;
  }
  const area = route.area ?? AREAS[0];
  if (!area) return;
  cleanup = area.view(viewEl, { community, sub: route.sub }) ?? null;
}

/** The welcome or sign-in screen, in place of the app. */
function mountGate(message: unknown = null): void {
  mountedKey = '';
  cleanup?.();
  cleanup = null;
  renderNav();
  viewEl.replaceChildren();
  if (gate === 'welcome') {
    welcomeView(viewEl, { community: null, sub: [] }, { signedIn: (s, notice) => void enter(s, notice), demoLoaded: (id) => void toDemo(id) });
  } else if (gate === 'signin' && state) {
    const saved = getSavedCommunity();
    signInView(viewEl, { communities: state.communities, preferred: saved === null ? null : Number(saved), done: (s) => void enter(s) });
    if (state.first_run) {
      // Only the demo is here: its PINs are public, so the first real community is still set up
      // from the welcome screen, without signing in.
      const toWelcome = h('button', { type: 'button', class: 'btn', testid: 'signin-first-community' }, t('signin.firstCommunity'));
      toWelcome.addEventListener('click', () => {
        gate = 'welcome';
        mountGate();
      });
      viewEl.append(h('p', { class: 'hint signin-first' }, toWelcome));
    }
  } else {
    viewEl.append(h('p', { class: 'loading' }, t('common.loading')));
  }
  if (message) showError(message);
}

function renderAll(): void {
  document.documentElement.lang = htmlLang();
  document.title = t('app.title');
  renderHeader();
  replace(mainEl, bannerSlot(), viewEl);
  mountView(true);
}

/** Signed in (sign-in, first host, host claim): into the app at the route the person was on. */
async function enter(s: SignedIn, notice?: string): Promise<void> {
  setSignedIn(s);
  try {
    setMatrix(await accessMatrix());
    await reload();
  } catch (e) {
    showError(e);
  }
  selectCommunity(idKey(s.operator.community_id));
  gate = 'app';
  if (location.hash === '#/new' || location.hash === '' || location.hash === '#/') location.hash = '#/roll';
  renderAll();
  const welcome = notice ?? t('signin.done', { name: s.operator.name });
  // This start upgraded the database: say where the verified copy made first is.
  const up = getInfo()?.upgraded;
  showNotice(up ? `${welcome} ${t('app.upgraded', { from: up.from_migration, to: up.to_migration, path: up.backup })}` : welcome);
}

/** Nobody signed in: the welcome screen while no community has a host who can sign in, else the
 * sign-in screen (which offers the welcome screen while only the demo is here). */
function gateFor(s: SessionState): 'welcome' | 'signin' {
  return s.communities.some((c) => c.has_host) ? 'signin' : 'welcome';
}

/** Shows the sign-in screen (with the server's message), keeping the route to come back to. */
async function toSignIn(message: unknown, community: number | null = null): Promise<void> {
  clearSession();
  gate = 'loading';
  try {
    state = await sessionState();
  } catch (e) {
    showError(e);
    return;
  }
  if (community !== null) selectCommunity(idKey(community));
  gate = gateFor(state);
  if (community !== null) {
    // The demo (or a new community) was just made: start the sign-in there.
    try {
      await reload();
      selectCommunity(idKey(community));
    } catch {
      /* the list is re-read after sign-in anyway */
    }
  }
  renderHeader();
  replace(mainEl, bannerSlot(), viewEl);
  mountGate(message);
}

/** The demo was loaded (from the welcome screen or 新建小区): sign in there as one of its operators. */
async function toDemo(community: number): Promise<void> {
  if (getOperator()) await sessionSignOut().catch(() => undefined);
  await toSignIn(null, community);
}

/** 退出登录 (`finally`) or 切换操作人: ends the session, then the sign-in screen. */
async function signOut(finally_: boolean): Promise<void> {
  try {
    await sessionSignOut();
  } catch {
    /* the session ends here anyway */
  }
  await toSignIn(null);
  if (finally_) showNotice(t('header.signedOut'));
}

/** Mirrors the server's idle end: nobody called for `idle_minutes` → the sign-in screen. */
function watchIdle(): void {
  window.clearInterval(idleTimer);
  idleTimer = window.setInterval(() => {
    const op = getOperator();
    if (!op || gate !== 'app') return;
    if (Date.now() - lastCallAt() > op.idle_minutes * 60_000) void toSignIn(t('header.idleOut', { minutes: op.idle_minutes }));
  }, 15_000);
}

async function boot(): Promise<void> {
  try {
    state = await sessionState();
    setOperator(state.operator);
    setMatrix(await accessMatrix());
    await reload();
    const op = state.operator;
    if (op) {
      selectCommunity(idKey(op.community_id));
      gate = 'app';
    } else {
      gate = gateFor(state);
    }
    renderAll();
  } catch (e) {
    renderHeader();
    renderNav();
    const retry = h('button', { type: 'button', class: 'btn btn-primary', testid: 'boot-retry', onclick: () => void boot() }, t('boot.retry'));
    replace(viewEl, h('section', { class: 'card' }, h('h1', null, t('boot.failedTitle')), h('p', null, t('boot.failedBody')), retry));
    showError(e);
  }
}

export function startApp(el: HTMLElement): void {
  root = el;
  document.documentElement.lang = htmlLang();
  document.title = t('app.title');
  replace(root, headerEl, h('div', { class: 'body' }, navEl, mainEl));
  replace(mainEl, bannerSlot(), viewEl);
  replace(viewEl, h('p', { class: 'loading' }, t('common.loading')));
  subscribe((switched) => {
    renderHeader();
    if (switched && gate === 'app') mountView();
  });
  let parties = '';
  onSessionChange(() => {
    const now = getOperator()?.parties.join(',') ?? '';
    const changed = now !== parties;
    parties = now;
    if (gate !== 'app') return;
    renderHeader();
    // Offices changed (the host named themself registrar, say): show what they may do now.
    if (changed) mountView(true);
  });
  setSignInRequiredHandler((err) => {
    if (gate === 'app') void toSignIn(err);
  });
  watchIdle();
  window.addEventListener('hashchange', () => {
    mountView();
    // Keyboard and screen-reader users continue in the new content, not in the old nav spot.
    mainEl.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
  void boot();
}
