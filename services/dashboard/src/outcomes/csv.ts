import type { DisclosedFigures, Shown } from '@firstsync/outcomes-store';
import { csvCell } from '../csv/csv-cell';
import { medicineName } from './labels';

/**
 * The outcomes export as one tidy CSV: a row per figure, so an analyst's tool can filter and pivot
 * without knowing the page's layout. Every value is a disclosed figure (`*` where suppressed) or a
 * rate computed from disclosed figures; names are the reference files' (areas) or our code lists'
 * (PGD antibiotics), never anything about a patient.
 */
export const OUTCOMES_CSV_COLUMNS = ['level', 'code', 'granularity', 'from', 'to', 'measure', 'category', 'subcategory', 'value'] as const;

/** What each `measure` holds (documented in the OpenAPI description and the README). */
export const OUTCOMES_CSV_MEASURES: Readonly<Record<string, string>> = {
  consultations: 'consultations in the period (category: current or previous period)',
  change_percent: 'change against the previous period, from the shown totals',
  consultations_by_period: 'consultations per week or month (category: its first day)',
  consultations_by_service: 'consultations by service (category) and clinical pathway (subcategory)',
  consultations_by_service_previous: 'the same in the previous period',
  outcome: 'consultations by outcome group (category) and outcome (subcategory)',
  outcome_group: 'consultations by outcome group',
  antibiotic_consultations: 'consultations per clinical pathway (category)',
  antibiotic_supplied: 'of those, consultations with a PGD antibiotic supplied',
  antibiotic_rate_percent: 'antibiotic supply rate, from the shown figures',
  medicine_consultations: 'consultations in which the medicine (category: dm+d code; subcategory: name where known) was supplied',
  medicine_quantity: 'total quantity supplied (subcategory: unit of measure, SNOMED CT code)',
  gp_delivery: 'consultations by GP delivery result (category)',
  median_minutes_to_filing: 'median minutes from the start of the consultation day to filing ("*" under 8 filings)',
  update_record_switched_off: 'consultations of practices with Update Record switched off (category: practice, subcategory: name)',
  pharmacy_to_practice: 'consultations by pharmacy (category) and registered practice (subcategory)',
  area_consultations: 'consultations by the next area down (category: code, subcategory: level)',
  area_consultations_previous: 'the same in the previous period',
};

type Row = readonly [measure: string, category: string, subcategory: string, value: Shown | number | null];

function rowsOf(f: DisclosedFigures): Row[] {
  const rows: Row[] = [
    ['consultations', 'current', '', f.totals.consultations],
    ['consultations', 'previous', '', f.totals.previous],
    ['change_percent', '', '', f.totals.changePercent],
  ];
  for (const p of f.series) rows.push(['consultations_by_period', p.start, '', p.consultations]);
  for (const s of f.byServicePathway) {
    rows.push(['consultations_by_service', s.service, s.pathway ?? '', s.count]);
    rows.push(['consultations_by_service_previous', s.service, s.pathway ?? '', s.previous]);
  }
  for (const g of f.outcomeGroups) rows.push(['outcome_group', g.group, '', g.count]);
  for (const o of f.outcomeMix) rows.push(['outcome', o.group, o.outcome, o.count]);
  for (const a of f.antibioticSupply) {
    rows.push(['antibiotic_consultations', a.pathway, '', a.consultations]);
    rows.push(['antibiotic_supplied', a.pathway, '', a.withAntibiotic]);
    rows.push(['antibiotic_rate_percent', a.pathway, '', a.ratePercent]);
  }
  for (const m of f.topMedicines) {
    rows.push(['medicine_consultations', m.dmdCode, medicineName(m.dmdCode) ?? '', m.consultations]);
    if (m.quantity) rows.push(['medicine_quantity', m.dmdCode, m.quantity.unitCode, m.quantity.value]);
  }
  for (const d of f.deliveryMix) rows.push(['gp_delivery', d.result, '', d.count]);
  rows.push(['median_minutes_to_filing', '', '', f.medianMinutesToFiling]);
  for (const p of f.switchedOffPractices) rows.push(['update_record_switched_off', p.practiceOds, p.name ?? '', p.count]);
  for (const flow of f.flows) rows.push(['pharmacy_to_practice', flow.pharmacyOds, flow.practiceOds, flow.count]);
  for (const c of f.children) {
    rows.push(['area_consultations', c.code ?? '', c.level, c.count]);
    rows.push(['area_consultations_previous', c.code ?? '', c.level, c.previous]);
  }
  return rows;
}

// Numbers are ours and go as they are (a negative change must stay a number); text goes through
// csvCell, whose formula guard covers names from the reference files.
const cell = (value: string | number | null): string => (typeof value === 'number' ? String(value) : csvCell(value));

export function outcomesCsv(figures: DisclosedFigures): string {
  const { scope, period } = figures;
  const head = [scope.level, scope.level === 'national' ? '' : scope.code, period.granularity, period.from, period.to];
  const lines = [OUTCOMES_CSV_COLUMNS.join(',')];
  for (const row of rowsOf(figures)) lines.push([...head, ...row].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
