import { discloseCount, discloseTable, SUPPRESSED } from '@firstsync/outcomes-core';
import { type DisclosedFigures, OUTCOME_GROUPS, type OutcomeFigures, type Shown } from './port';

/** A median is shown only over a group at least this large (outcomes-core README). */
export const MEDIAN_MIN_GROUP = 8;

interface Column {
  readonly cells: readonly Shown[];
  readonly total: Shown;
}

/** One column of counts that sums to a total shown beside it: primary and complementary suppression. */
function column(counts: readonly number[]): Column {
  const table = discloseTable({ rows: counts.map((_, i) => String(i)), columns: ['count'], counts: counts.map((n) => [n]) });
  return { cells: table.cells.map((row) => row[0] ?? SUPPRESSED), total: table.totals?.grand ?? SUPPRESSED };
}

const percent = (part: Shown, whole: Shown): number | null =>
  typeof part === 'number' && typeof whole === 'number' && whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;

const changePercent = (now: Shown, before: Shown): number | null =>
  typeof now === 'number' && typeof before === 'number' && before > 0 ? Math.round((1000 * (now - before)) / before) / 10 : null;

/** The headline total: hidden if any table beside it had to hide it (so no table's suppression is undone by the headline). */
function headline(total: number, grands: readonly Shown[]): Shown {
  return grands.some((g) => g === SUPPRESSED) ? SUPPRESSED : discloseCount(total);
}

/**
 * The publishable form of figures: the only shape a page, API answer or export may show.
 * - Each list that sums to the period's total (series, service/pathway, outcome mix, delivery mix,
 *   children, each period on its own) is disclosed as a table with its total, so complementary
 *   suppression keeps a hidden count from following from the total and the figures beside it.
 * - The outcome mix is a groups x outcomes table (group totals are shown), antibiotic supply a
 *   pathways x (with, without) table (per-pathway consultations are its row totals).
 * - Top medicines, practices switched off and pharmacy-to-practice flows show no totals: primary
 *   rule only (0, `*` for 1-7, else to the nearest 5); a medicine's quantity is rounded to 5 and
 *   hidden with its consultations.
 * - Rates and changes are computed from the shown figures; the median only over 8+ filings.
 */
export function discloseFigures(figures: OutcomeFigures): DisclosedFigures {
  const series = column(figures.series.map((p) => p.consultations));
  const services = column(figures.byServicePathway.map((r) => r.count));
  const servicesBefore = column(figures.byServicePathway.map((r) => r.previous));
  const delivery = column(figures.deliveryMix.map((r) => r.count));
  const children = column(figures.children.map((c) => c.count));
  const childrenBefore = column(figures.children.map((c) => c.previous));

  const outcomes = figures.outcomeMix;
  const outcomeTable = discloseTable({
    rows: [...OUTCOME_GROUPS],
    columns: outcomes.map((o) => o.outcome),
    counts: OUTCOME_GROUPS.map((group) => outcomes.map((o) => (o.group === group ? o.count : 0))),
  });
  const outcomeShown = (i: number): Shown => {
    const group = outcomes[i]?.group;
    const row = group === undefined ? -1 : OUTCOME_GROUPS.indexOf(group);
    return outcomeTable.cells[row]?.[i] ?? SUPPRESSED;
  };

  const antibiotics = figures.antibioticSupply;
  const antibioticTable = discloseTable({
    rows: antibiotics.map((a) => a.pathway),
    columns: ['with', 'without'],
    counts: antibiotics.map((a) => [a.withAntibiotic, a.consultations - a.withAntibiotic]),
  });

  const consultations = headline(figures.totals.consultations, [series.total, services.total, delivery.total, children.total, outcomeTable.totals?.grand ?? 0]);
  const previous = headline(figures.totals.previous, [servicesBefore.total, childrenBefore.total]);

  const at = (c: Column, i: number): Shown => c.cells[i] ?? SUPPRESSED;

  return {
    scope: figures.scope,
    name: figures.name,
    parents: figures.parents,
    period: figures.period,
    previousPeriod: figures.previousPeriod,
    totals: { consultations, previous, changePercent: changePercent(consultations, previous) },
    series: figures.series.map((p, i) => ({ start: p.start, consultations: at(series, i) })),
    byServicePathway: figures.byServicePathway.map((r, i) => ({
      service: r.service,
      pathway: r.pathway,
      count: at(services, i),
      previous: at(servicesBefore, i),
    })),
    outcomeMix: outcomes.map((o, i) => ({ outcome: o.outcome, group: o.group, count: outcomeShown(i) })),
    outcomeGroups: OUTCOME_GROUPS.map((group, r) => ({ group, count: outcomeTable.totals?.rows[r] ?? SUPPRESSED })),
    antibioticSupply: antibiotics.map((a, r) => {
      const shownConsultations = antibioticTable.totals?.rows[r] ?? SUPPRESSED;
      const withAntibiotic = antibioticTable.cells[r]?.[0] ?? SUPPRESSED;
      return { pathway: a.pathway, consultations: shownConsultations, withAntibiotic, ratePercent: percent(withAntibiotic, shownConsultations) };
    }),
    topMedicines: figures.topMedicines.map((m) => {
      const shown = discloseCount(m.consultations);
      const quantity =
        m.quantity === null ? null : { value: shown === SUPPRESSED ? SUPPRESSED : discloseCount(Math.round(m.quantity.value)), unitCode: m.quantity.unitCode };
      return { dmdCode: m.dmdCode, consultations: shown, quantity };
    }),
    deliveryMix: figures.deliveryMix.map((r, i) => ({ result: r.result, count: at(delivery, i) })),
    medianMinutesToFiling:
      figures.medianMinutesToFiling === null ? null : figures.filings < MEDIAN_MIN_GROUP ? SUPPRESSED : Math.round(figures.medianMinutesToFiling),
    switchedOffPractices: figures.switchedOffPractices.map((p) => ({ practiceOds: p.practiceOds, name: p.name, count: discloseCount(p.count) })),
    flows: figures.flows.map((f) => ({ pharmacyOds: f.pharmacyOds, practiceOds: f.practiceOds, count: discloseCount(f.count) })),
    children: figures.children.map((c, i) => ({ level: c.level, code: c.code, name: c.name, count: at(children, i), previous: at(childrenBefore, i) })),
  };
}
