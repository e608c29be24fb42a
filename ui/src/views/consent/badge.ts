// The status badge of a change-of-use request, shared by the list and the detail page (its own
// module, so the two pages do not import each other).

import type { ConsentStatus } from '../../bindings/ConsentStatus';
import { h } from '../../dom';
import { t } from '../../i18n';

export function statusBadge(s: ConsentStatus): HTMLElement {
  return h('span', { class: `badge consent-${s}`, testid: 'consent-status', 'data-status': s }, t(`consent.status.${s}`));
}
