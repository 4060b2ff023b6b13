import { UNMAPPED } from '@firstsync/outcomes-core';
import { type DisclosedFigures, type Period, periodBuckets, type ScopeRef, type Shown } from '@firstsync/outcomes-store';
import { html, type SafeHtml } from '../http/html';
import { mayLinkTo, type OutcomesAccess } from '../outcomes/access';
import { areaLabel, DELIVERY_LABELS, GROUP_LABELS, LEVEL_LABELS, label, medicineName, servicePathwayLabel } from '../outcomes/labels';
import { outcomesPath } from '../outcomes/request';
import { barChart, columnChart } from './outcomes-charts';

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const NUMBER = new Intl.NumberFormat('en-GB');

const day = (date: string) => DAY.format(new Date(`${date}T00:00:00Z`));
const bucketLabel = (period: Period, start: string) => (period.granularity === 'month' ? MONTH.format(new Date(`${start}T00:00:00Z`)) : day(start));

/** The period as people read it: "Mar 2025 to Feb 2026 (12 months)". The end is exclusive in the data, inclusive here. */
export function periodLabel(period: Period): string {
  const buckets = periodBuckets(period);
  const last = buckets[buckets.length - 1] ?? period.from;
  const count = buckets.length;
  return period.granularity === 'month'
    ? `${bucketLabel(period, period.from)} to ${bucketLabel(period, last)} (${count} month${count === 1 ? '' : 's'})`
    : `weeks of ${day(period.from)} to ${day(last)} (${count} week${count === 1 ? '' : 's'})`;
}

function shown(value: Shown | null): SafeHtml {
  if (value === null) return html`<span class="app-muted">none</span>`;
  if (value === '*') return html`<span data-suppressed="true">*<span class="nhsuk-u-visually-hidden"> (suppressed)</span></span>`;
  return html`${NUMBER.format(value)}`;
}

function change(now: Shown, before: Shown): SafeHtml {
  if (typeof now !== 'number' || typeof before !== 'number' || before === 0) return html`<span class="app-muted">-</span>`;
  const percent = Math.round((1000 * (now - before)) / before) / 10;
  return html`${percent > 0 ? '+' : ''}${percent}%`;
}

function percentOf(value: number | null): SafeHtml {
  return value === null ? html`<span class="app-muted">-</span>` : html`${value}%`;
}

function minutes(value: number | '*' | null): SafeHtml {
  if (value === null) return html`<span class="app-muted">none filed</span>`;
  if (value === '*') return shown('*');
  const hours = Math.floor(value / 60);
  return html`${hours > 0 ? `${NUMBER.format(hours)} h ` : ''}${value % 60} min`;
}

function table(caption: string, testid: string, head: readonly string[], rows: readonly (readonly (SafeHtml | string)[])[], numericFrom = 1): SafeHtml {
  return html`<table class="nhsuk-table app-table--compact app-outcomes-table" data-testid="${testid}">
    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">${caption}</caption>
    <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">${head.map(
      (h, i) => html`<th class="nhsuk-table__header${i >= numericFrom ? ' nhsuk-table__header--numeric' : ''}" scope="col">${h}</th>`,
    )}</tr></thead>
    <tbody class="nhsuk-table__body">
      ${rows.length === 0 ? html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="${head.length}">None in this period.</td></tr>` : ''}
      ${rows.map(
        (cells) =>
          html`<tr class="nhsuk-table__row">${cells.map((c, i) => html`<td class="nhsuk-table__cell${i >= numericFrom ? ' nhsuk-table__cell--numeric' : ''}">${c}</td>`)}</tr>`,
      )}
    </tbody>
  </table>`;
}

function areaLink(access: OutcomesAccess, ref: ScopeRef, period: Period, text = areaLabel(ref)): SafeHtml {
  return mayLinkTo(access, ref) ? html`<a href="${outcomesPath(ref, 'html', period)}">${text}</a>` : html`${text}`;
}

function breadcrumbs(figures: DisclosedFigures, access: OutcomesAccess): SafeHtml {
  if (figures.parents.length === 0) return html``;
  return html`<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
    <ol class="nhsuk-breadcrumb__list">
      ${figures.parents.map((ref) =>
        mayLinkTo(access, ref)
          ? html`<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="${outcomesPath(ref, 'html', figures.period)}">${areaLabel(ref)}</a></li>`
          : html`<li class="nhsuk-breadcrumb__list-item">${areaLabel(ref)}</li>`,
      )}
    </ol>
  </nav>`;
}

export interface PeriodForm {
  readonly granularity: string;
  readonly from: string;
  readonly to: string;
  readonly error?: string;
}

function periodForm(action: string, form: PeriodForm): SafeHtml {
  const option = (value: string, text: string) => html`<option value="${value}"${form.granularity === value ? ' selected' : ''}>${text}</option>`;
  return html`<form method="get" action="${action}" class="app-filter" data-testid="period-form">
    ${form.error ? html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"><h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2><div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#from">${form.error}</a></li></ul></div></div>` : ''}
    <div class="app-filter__fields">
      <div class="nhsuk-form-group app-filter-field"><label class="nhsuk-label" for="granularity">By</label><div class="nhsuk-hint">Week or month</div>
        <select class="nhsuk-select" id="granularity" name="granularity">${option('month', 'Month')}${option('week', 'Week')}</select></div>
      <div class="nhsuk-form-group app-filter-field"><label class="nhsuk-label" for="from">From</label><div class="nhsuk-hint">A 1st of a month, or a Monday</div>
        <input class="nhsuk-input" id="from" name="from" type="date" value="${form.from}"></div>
      <div class="nhsuk-form-group app-filter-field"><label class="nhsuk-label" for="to">Up to</label><div class="nhsuk-hint">Not included</div>
        <input class="nhsuk-input" id="to" name="to" type="date" value="${form.to}"></div>
    </div>
    <div class="app-filter__actions">
      <button class="nhsuk-button app-button--small" type="submit" data-module="nhsuk-button">Show</button>
      <a href="${action}?granularity=month">Last 12 months</a>
      <a href="${action}?granularity=week">Last 13 weeks</a>
    </div>
  </form>`;
}

/** The page when the period asked for is not one: the form again, with what was wrong. */
export function outcomesPeriodErrorPage(title: string, action: string, form: PeriodForm): SafeHtml {
  return html`<h1 class="nhsuk-heading-l">${title}</h1>${periodForm(action, form)}`;
}

const SUPPRESSION_RULE = html`<div class="nhsuk-inset-text" data-testid="suppression-rule">
  <span class="nhsuk-u-visually-hidden">Information: </span>
  <p><strong>How these figures protect patients.</strong> Counts from 1 to 7 are shown as <strong>*</strong>; every
  other count is rounded to the nearest 5 (0 stays 0), as NHS England's published statistics do. Where a total and
  the figures beside it could reveal a hidden count, a second figure in that row or column is hidden too. Totals
  are rounded on their own, so figures may not add up. Rates and changes are worked out from the figures shown, and
  a median is shown only over 8 or more filings. The CSV and JSON downloads hold exactly these figures.</p>
</div>`;

/** One area's outcomes: only disclosed figures reach this page. */
export function outcomesPage(figures: DisclosedFigures, access: OutcomesAccess, form: PeriodForm): SafeHtml {
  const { period, scope } = figures;
  const self: ScopeRef = { level: scope.level, code: scope.level === 'national' ? null : scope.code, name: figures.name };
  const pagePath = outcomesPath(scope, 'html');
  const groups = figures.outcomeGroups;
  const filed = figures.deliveryMix.find((d) => d.result === 'filed')?.count ?? 0;
  const childLevel = figures.children[0]?.level;
  return html`
  ${breadcrumbs(figures, access)}
  <span class="nhsuk-caption-l">${LEVEL_LABELS[scope.level]} outcomes, ${periodLabel(period)}</span>
  <h1 class="nhsuk-heading-l" data-testid="outcomes-heading">${areaLabel(self)}</h1>
  ${scope.level !== 'national' && scope.code === UNMAPPED ? html`<p class="nhsuk-body">Consultations whose registered practice the reference data does not place at this level: counted here, never dropped.</p>` : ''}
  ${periodForm(pagePath, form)}
  <ul class="app-results-bar__actions nhsuk-list" data-testid="downloads">
    <li><a href="${outcomesPath(scope, 'csv', period)}" download data-testid="download-csv">Download these figures (CSV)</a></li>
    <li><a href="${outcomesPath(scope, 'json', period)}" data-testid="download-json">As JSON</a></li>
  </ul>
  ${SUPPRESSION_RULE}

  <ul class="app-counts" data-testid="outcomes-summary">
    <li class="app-count app-count--blue"><div class="app-count__link"><span class="app-count__number" data-testid="total-consultations">${shown(figures.totals.consultations)}</span><span class="app-count__label">consultations</span></div></li>
    <li class="app-count"><div class="app-count__link"><span class="app-count__number">${shown(figures.totals.previous)}</span><span class="app-count__label">previous ${periodBuckets(period).length} ${period.granularity}s</span></div></li>
    <li class="app-count app-count--aqua-green"><div class="app-count__link"><span class="app-count__number" data-testid="change-percent">${percentOf(figures.totals.changePercent)}</span><span class="app-count__label">change on the previous period</span></div></li>
    <li class="app-count app-count--green"><div class="app-count__link"><span class="app-count__number">${shown(filed)}</span><span class="app-count__label">filed in the GP record</span></div></li>
    <li class="app-count app-count--purple"><div class="app-count__link"><span class="app-count__number">${minutes(figures.medianMinutesToFiling)}</span><span class="app-count__label">median, consultation day to filing</span></div></li>
  </ul>

  <h2 class="nhsuk-heading-m">Consultations by ${period.granularity}</h2>
  ${columnChart(
    'series',
    `Consultations by ${period.granularity}, ${periodLabel(period)}`,
    figures.series.map((p) => ({ label: bucketLabel(period, p.start), value: p.consultations })),
  )}
  <details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Consultations by ${period.granularity} as a table</span></summary>
    <div class="nhsuk-details__text">${table(
      `Consultations by ${period.granularity}`,
      'series-table',
      [period.granularity === 'month' ? 'Month' : 'Week of', 'Consultations'],
      figures.series.map((p) => [bucketLabel(period, p.start), shown(p.consultations)]),
    )}</div></details>

  ${
    figures.children.length > 0
      ? html`<h2 class="nhsuk-heading-m">${childLevel ? `${LEVEL_LABELS[childLevel]}s` : 'Areas'} in this ${LEVEL_LABELS[scope.level] === 'England' ? 'country' : LEVEL_LABELS[scope.level]}</h2>
  ${table(
    'Consultations by area, this period and the previous one',
    'children',
    ['Area', 'Consultations', 'Previous period', 'Change'],
    figures.children.map((c) => [areaLink(access, c, period), shown(c.count), shown(c.previous), change(c.count, c.previous)]),
  )}`
      : ''
  }

  <h2 class="nhsuk-heading-m">By service and clinical pathway</h2>
  ${table(
    'Consultations by service and pathway, this period and the previous one',
    'by-service',
    ['Service and pathway', 'Consultations', 'Previous period', 'Change'],
    figures.byServicePathway.map((s) => [servicePathwayLabel(s.service, s.pathway), shown(s.count), shown(s.previous), change(s.count, s.previous)]),
  )}

  <h2 class="nhsuk-heading-m">Outcome mix</h2>
  <div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-one-half">${barChart(
      'outcome-groups',
      'Consultations by outcome: supplied, advice only, referred',
      groups.map((g) => ({ label: GROUP_LABELS[g.group], value: g.count })),
    )}</div>
    <div class="nhsuk-grid-column-one-half">${table(
      'Consultations by outcome',
      'outcome-mix',
      ['Outcome', 'Consultations'],
      [
        ...groups.flatMap((g) => [
          [html`<strong>${GROUP_LABELS[g.group]}</strong>`, html`<strong>${shown(g.count)}</strong>`],
          ...figures.outcomeMix.filter((o) => o.group === g.group).map((o) => [html`<span class="app-indent">${label(o.outcome)}</span>`, shown(o.count)]),
        ]),
      ],
    )}</div>
  </div>

  <h2 class="nhsuk-heading-m">Antibiotic supply rate by clinical pathway</h2>
  <div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-one-half">${barChart(
      'antibiotics',
      'Share of consultations with a PGD antibiotic supplied, by pathway',
      figures.antibioticSupply.map((a) => ({ label: label(a.pathway), value: a.ratePercent })),
      '%',
    )}</div>
    <div class="nhsuk-grid-column-one-half">${table(
      'Antibiotic supply by clinical pathway',
      'antibiotics',
      ['Pathway', 'Consultations', 'With an antibiotic', 'Rate'],
      figures.antibioticSupply.map((a) => [label(a.pathway), shown(a.consultations), shown(a.withAntibiotic), percentOf(a.ratePercent)]),
    )}</div>
  </div>

  <h2 class="nhsuk-heading-m">Medicines supplied most often</h2>
  ${table(
    'Top medicines by consultations in which they were supplied',
    'top-medicines',
    ['Medicine (dm+d code)', 'Consultations', 'Quantity supplied'],
    figures.topMedicines.map((m) => {
      const name = medicineName(m.dmdCode);
      return [
        html`<span class="app-mono">${m.dmdCode}</span>${name ? html` ${name}` : ''}`,
        shown(m.consultations),
        m.quantity
          ? html`${shown(m.quantity.value)} <span class="app-muted">(unit <span class="app-mono">${m.quantity.unitCode}</span>)</span>`
          : html`<span class="app-muted">mixed units</span>`,
      ];
    }),
  )}
  <p class="nhsuk-body-s app-muted">Names are shown for the Pharmacy First PGD antibiotics, from the code list in the repository; other medicines by their dm+d code.</p>

  <h2 class="nhsuk-heading-m">GP record delivery</h2>
  <div class="nhsuk-grid-row">
    <div class="nhsuk-grid-column-one-half">${barChart(
      'delivery',
      'Consultations by GP delivery result',
      figures.deliveryMix.map((d) => ({ label: DELIVERY_LABELS[d.result], value: d.count })),
    )}</div>
    <div class="nhsuk-grid-column-one-half">${table(
      'Consultations by GP delivery result',
      'delivery-mix',
      ['Result', 'Consultations'],
      figures.deliveryMix.map((d) => [DELIVERY_LABELS[d.result], shown(d.count)]),
    )}
    <p class="nhsuk-body-s">Median from the consultation day to filing: <strong data-testid="median-filing">${minutes(figures.medianMinutesToFiling)}</strong>. Facts carry the consultation's date, never its time of day, so this counts from midnight and over-states the wait by the time of day of the consultation.</p></div>
  </div>

  <h2 class="nhsuk-heading-m">Practices with Update Record switched off</h2>
  <p class="nhsuk-body">Practices that answered 20010 (Update Record switched off) to a consultation in this period: their records went by NHSmail instead.</p>
  ${table(
    'Practices with Update Record switched off',
    'switched-off',
    ['Practice', 'Consultations'],
    figures.switchedOffPractices.map((p) => [
      areaLink(access, { level: 'practice', code: p.practiceOds, name: p.name }, period, [p.practiceOds, p.name].filter(Boolean).join(' ')),
      shown(p.count),
    ]),
  )}

  <h2 class="nhsuk-heading-m">Which pharmacies serve which practices' patients</h2>
  ${table(
    'Consultations by pharmacy and registered practice',
    'flows',
    ['Pharmacy', 'Registered practice', 'Consultations'],
    figures.flows.map((f) => [
      areaLink(access, { level: 'pharmacy', code: f.pharmacyOds, name: null }, period, f.pharmacyOds),
      areaLink(access, { level: 'practice', code: f.practiceOds, name: null }, period, f.practiceOds),
      shown(f.count),
    ]),
    2,
  )}`;
}
