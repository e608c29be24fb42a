// The areas of the app, in nav order. Adding an area is one line here (and its view file).
// An area is listed only once it works.

import type { Key } from './i18n';
import type { View } from './view';
import { auditView } from './views/audit';
import { consentView } from './views/consent';
import { conventionsView } from './views/conventions';
import { mattersView } from './views/matters';
import { meetingsView } from './views/meetings';
import { rollView } from './views/roll';
import { signView } from './views/sign';
import { votesView } from './views/votes';


export interface AreaDef {
  id: string;
  label: Key;
  testid: string;
  /** A single character shown as the nav icon (no icon font: nothing loads from the network). */
  icon: string;
  /** Without a community the welcome screen is shown instead. */
  needsCommunity: boolean;
  view: View;
}

export const AREAS: readonly AreaDef[] = [
  { id: 'roll', label: 'nav.roll', testid: 'nav-roll', icon: '册', needsCommunity: true, view: rollView },
  { id: 'matters', label: 'nav.matters', testid: 'nav-matters', icon: '议', needsCommunity: true, view: mattersView },
  { id: 'meetings', label: 'nav.meetings', testid: 'nav-meetings', icon: '会', needsCommunity: true, view: meetingsView },
  { id: 'votes', label: 'nav.votes', testid: 'nav-votes', icon: '决', needsCommunity: true, view: votesView },
  { id: 'consent', label: 'nav.consent', testid: 'nav-consent', icon: '商', needsCommunity: true, view: consentView },
  { id: 'conventions', label: 'nav.conventions', testid: 'nav-conventions', icon: '约', needsCommunity: true, view: conventionsView },
  { id: 'sign', label: 'nav.sign', testid: 'nav-sign', icon: '签', needsCommunity: true, view: signView },
  { id: 'audit', label: 'nav.audit', testid: 'nav-audit', icon: '验', needsCommunity: false, view: auditView },
];
