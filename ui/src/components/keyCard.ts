// How a key is shown to people who compare it: the fingerprint in groups of four (to read
// aloud) and the QR code the backend renders. The QR arrives as SVG markup from our own backend;
// it is parsed as XML and its nodes imported, never assigned through innerHTML.

import type { KeyView } from '../bindings/KeyView';
import { h } from '../dom';
import { joinList, t } from '../i18n';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The backend's SVG markup as a node (scripts and event attributes dropped); null if unusable. */
export function svgNode(markup: string): SVGSVGElement | null {
  if (!markup.trim()) return null;
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (doc.getElementsByTagName('parsererror').length > 0 || root.namespaceURI !== SVG_NS || root.localName !== 'svg') return null;
  for (const el of Array.from(root.querySelectorAll('script, foreignObject'))) el.remove();
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.toLowerCase().startsWith('on') || /href$/i.test(attr.name)) el.removeAttribute(attr.name);
    }
  }
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

/** A QR code in a frame; `label` says what it encodes (for screen readers and as a caption). */
export function qrBlock(markup: string, label: string, testid?: string): HTMLElement | null {
  const svg = svgNode(markup);
  if (!svg) return null;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  return h('figure', { class: 'qr', testid }, svg, h('figcaption', { class: 'hint' }, label));
}

/** "8DED 2ADB B4EC BB89" as separate groups; the text content keeps the spaces. */
export function fingerprintEl(fingerprint: string, opts: { big?: boolean; testid?: string } = {}): HTMLElement {
  const groups = fingerprint.split(/\s+/).filter(Boolean);
  const children: (HTMLElement | string)[] = [];
  groups.forEach((g, i) => {
    if (i > 0) children.push(' ');
    children.push(h('span', { class: 'fp-group' }, g));
  });
  return h('code', { class: opts.big ? 'fp fp-big' : 'fp', testid: opts.testid, translate: 'no' }, children);
}

/**
 * The fingerprint of a pasted public key, computed here only as a preview before enrolment
 * (the same rule as the backend: SHA-256 of the 32 key bytes, first 8 bytes, upper-case hex in
 * groups of four). Null when the text is not 64 hex digits or this page cannot hash.
 */
export async function previewFingerprint(text: string): Promise<string | null> {
  // A proof of possession line carries the key first: yishi-key-proof:v1:<key>:<time>:<signature>.
  const proof = /^yishi-key-proof:v1:([0-9a-fA-F]{64}):\d+:[0-9a-fA-F]{128}$/.exec(text.trim());
  const hex = proof ? (proof[1] ?? '') : text.trim().replace(/^yishi-key:v1:/i, '').replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  const upper = Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return upper.match(/.{4}/g)?.join(' ') ?? null;
}

/** The key as people compare it: holder, the fingerprint large, and its QR code. */
export function keyCard(key: KeyView): HTMLElement {
  return h(
    'div',
    { class: 'key-card', testid: 'key-card', 'data-key': String(key.key_id) },
    h(
      'div',
      { class: 'key-card-text' },
      h('p', { class: 'key-card-holder' }, key.person_name, key.units.length ? h('span', { class: 'muted' }, ` · ${joinList(key.units)}`) : null),
      h('p', { class: 'key-card-label' }, t('keys.fingerprintLabel')),
      fingerprintEl(key.fingerprint, { big: true, testid: 'key-fingerprint' }),
      h('p', { class: 'hint' }, t('keys.fingerprintRead')),
      h('p', { class: 'hint key-public-line' }, t('keys.publicKey'), ' ', h('code', { class: 'mono key-public', testid: 'key-public' }, key.public_key)),
    ),
    qrBlock(key.qr_svg, t('keys.qrCaption')),
  );
}
