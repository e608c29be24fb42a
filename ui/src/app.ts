// The shell: header (name, community switcher, operator, language), left nav, and the router
// that mounts one view into <main>.

import { AREAS, type AreaDef } from './areas';
import { h, replace, uid } from './dom';
import { htmlLang, t } from './i18n';
import { bannerSlot, clearError, clearNotice, showError } from './notify';
import { getActor, getLang, setActor, setLang } from './prefs';
import { currentCommunity, getCommunities, getInfo, idKey, reload, selectCommunity, subscribe } from './store';
import { welcomeView } from './views/welcome';

let root: HTMLElement;
const headerEl = h('header', { class: 'topbar' });
const navEl = h('nav', { class: 'sidenav' });
const viewEl = h('div', { class: 'view' });
const mainEl = h('main', { class: 'main', id: 'main', tabindex: '-1' });
let cleanup: (() => void) | null = null;
let mountedKey = '';

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
  const communities = getCommunities();
  const current = currentCommunity();
  let where: HTMLElement | null = null;
  if (communities.length > 1 && current) {
    const select = h('select', {
      id: uid('community'),
      testid: 'community-switch',
      onchange: () => selectCommunity(select.value),
    });
    for (const c of communities) {
      select.appendChild(h('option', { value: idKey(c.id), selected: idKey(c.id) === idKey(current.id) }, c.name));
    }
    where = h('div', { class: 'topbar-field' }, h('label', { for: select.id }, t('header.community')), select);
  } else if (current) {
    where = h('div', { class: 'topbar-community', testid: 'community-current' }, current.name);
  }
  const actor = h('input', {
    id: uid('actor'),
    testid: 'actor',
    type: 'text',
    value: getActor(),
    autocomplete: 'name',
    maxlength: '40',
    onchange: () => {
      setActor(actor.value);
      actor.value = getActor();
    },
  });
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
  replace(
    headerEl,
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'seal', 'aria-hidden': 'true' }, '议'), h('span', { class: 'brand-name' }, t('app.name'))),
    where,
    communities.length > 0 ? h('a', { class: 'btn btn-quiet', href: '#/new', testid: 'community-new' }, t('header.newCommunity')) : null,
    h('div', { class: 'topbar-spacer' }),
    h('div', { class: 'topbar-field' }, h('label', { for: actor.id }, t('header.actor')), actor),
    toggle,
  );
}

function renderNav(): void {
  const route = parseRoute();
  const info = getInfo();
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
    welcomeView(viewEl, { community, sub: route.sub });
    return;
  }
  const area = route.area ?? AREAS[0];
  if (!area) return;
  cleanup = area.view(viewEl, { community, sub: route.sub }) ?? null;
}

function renderAll(): void {
  document.documentElement.lang = htmlLang();
  document.title = t('app.title');
  renderHeader();
  replace(mainEl, bannerSlot(), viewEl);
  mountView(true);
}

async function boot(): Promise<void> {
  try {
    await reload();
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
    if (switched) mountView();
  });
  window.addEventListener('hashchange', () => {
    mountView();
    // Keyboard and screen-reader users continue in the new content, not in the old nav spot.
    mainEl.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
  void boot();
}
