// 传约: the version in force, fixed by its hash, acknowledged household by household with a
// signature (at the kiosk, or a signed file from the household's own key). Coverage per
// building with the households not yet acknowledged, and the older version any of them accepted.

import type { CoverageReport } from '../../bindings/CoverageReport';
import type { VersionView } from '../../bindings/VersionView';
import { h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { kioskHref } from '../sign/kioskTask';
import { conventionCoverage } from './api';
import { coverageBars } from './charts';
import { card, type ConvCtx } from './card';
import { coverageText, versionLabel } from './labels';

function coverageBody(r: CoverageReport): HTMLElement {
  return h(
    'div',
    null,
    h('p', { class: 'conv-big', testid: 'ack-total', 'data-acknowledged': String(r.total.acknowledged), 'data-households': String(r.total.households) }, t('conv.ackTotal', { text: coverageText(r.total) })),
    coverageBars(
      r.buildings.map((b) => ({ label: b.building, coverage: b.coverage })),
      'ack-chart',
    ),
    h(
      'div',
      { class: 'conv-missing', testid: 'ack-buildings' },
      r.buildings.map((b) =>
        h(
          'details',
          { testid: 'ack-building', 'data-building': b.building },
          h('summary', null, h('strong', null, b.building), ` ${coverageText(b.coverage)} · `, t('conv.missingCount', { n: b.missing.length })),
          b.missing.length
            ? h(
                'ul',
                { class: 'conv-unit-list' },
                b.missing.map((m) =>
                  h('li', { testid: 'ack-missing', 'data-unit': m.unit }, m.unit, m.accepted_version !== null ? h('span', { class: 'warn-text' }, ` ${t('conv.acceptedOlder', { v: versionLabel(m.accepted_version) })}`) : null),
                ),
              )
            : h('p', { class: 'ok-text' }, t('conv.allAcknowledged')),
        ),
      ),
    ),
  );
}

export function acknowledgementsCard(ctx: ConvCtx, v: VersionView): HTMLElement {
  const d = ctx.detail();
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  conventionCoverage(v.version_id).then((r) => replace(body, coverageBody(r)), showError);
  const href = kioskHref({
    subject: { kind: 'acknowledgement', version_id: v.version_id },
    title: t('conv.ackTaskTitle', { title: d.title, v: versionLabel(v.number) }),
    back: `#/conventions/${d.convention_id}`,
  });
  return card(
    t('conv.ackTitle', { v: versionLabel(v.number) }),
    'ack-card',
    h('p', { class: 'hint' }, t('conv.ackHint')),
    h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary btn-big', href, testid: 'ack-kiosk' }, t('conv.ackKiosk'))),
    body,
  );
}
