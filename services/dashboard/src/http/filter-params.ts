import { type ConsultationState, isConsultationState } from '@firstsync/consultation-lifecycle';
import type { ConsultationFilter, PageRequest } from '../read-model/filter';

/** Query-string form of a filter, as the list page, the CSV export and the API take it. */
export interface FilterQuery {
  state?: string | string[];
  pharmacyOds?: string;
  practiceOds?: string;
  service?: string;
  /** YYYY-MM-DD (UTC day, inclusive) or an ISO instant. */
  from?: string;
  /** YYYY-MM-DD (UTC day, inclusive) or an ISO instant (exclusive). */
  to?: string;
  id?: string;
  page?: string;
  pageSize?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ODS = /^[A-Z0-9]{3,12}$/;

export interface ParsedFilter {
  filter: ConsultationFilter;
  page: PageRequest;
  /** Field -> message, for the form's error summary. */
  errors: Record<string, string>;
  /** The values as typed, to refill the form. */
  values: Required<Omit<FilterQuery, 'state' | 'page' | 'pageSize'>> & { states: ConsultationState[] };
}

function parseInstant(text: string, endOfDay: boolean): string | undefined {
  if (DAY.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(start)) return undefined;
    return new Date(endOfDay ? start + 86_400_000 : start).toISOString();
  }
  const instant = Date.parse(text);
  return Number.isNaN(instant) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? undefined : new Date(instant).toISOString();
}

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** A query string may repeat any key; scalar fields take the first value, bounded in length. */
function first(value: unknown, max = 64): string {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v.slice(0, max) : '';
}

export function parseFilterQuery(input: FilterQuery, defaultPageSize = 25): ParsedFilter {
  const query = {
    state: input.state,
    pharmacyOds: first(input.pharmacyOds),
    practiceOds: first(input.practiceOds),
    service: first(input.service),
    from: first(input.from),
    to: first(input.to),
    id: first(input.id),
    page: first(input.page, 8),
    pageSize: first(input.pageSize, 8),
  };
  const errors: Record<string, string> = {};
  const filter: ConsultationFilter = {};
  const stateInput: unknown[] = Array.isArray(query.state) ? query.state : [query.state];
  const rawStates = stateInput
    .flatMap((s) => (typeof s === 'string' ? s.slice(0, 400).split(',') : []))
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20);
  const states = rawStates.filter(isConsultationState);
  if (states.length !== rawStates.length) errors.state = 'Choose a state from the list';
  if (states.length > 0) filter.states = states;
  const pharmacyOds = (query.pharmacyOds ?? '').trim().toUpperCase();
  if (pharmacyOds) {
    if (ODS.test(pharmacyOds)) filter.pharmacyOds = pharmacyOds;
    else errors.pharmacyOds = 'Enter a pharmacy ODS code, like FA123';
  }
  const practiceOds = (query.practiceOds ?? '').trim().toUpperCase();
  if (practiceOds) {
    if (ODS.test(practiceOds)) filter.practiceOds = practiceOds;
    else errors.practiceOds = 'Enter a practice ODS code, like A81001';
  }
  const service = (query.service ?? '').trim();
  if (service) filter.service = service;
  const fromText = (query.from ?? '').trim();
  if (fromText) {
    const from = parseInstant(fromText, false);
    if (from) filter.from = from;
    else errors.from = 'Enter the from date as YYYY-MM-DD';
  }
  const toText = (query.to ?? '').trim();
  if (toText) {
    const to = parseInstant(toText, true);
    if (to) filter.to = to;
    else errors.to = 'Enter the to date as YYYY-MM-DD';
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.to = 'The to date must be on or after the from date';
  const id = (query.id ?? '').trim().toLowerCase();
  if (id) {
    if (/^[0-9a-f-]{1,36}$/.test(id)) filter.consultationId = id;
    else errors.id = 'Enter the consultation id, or its first characters';
  }
  return {
    filter,
    page: { page: positive(query.page, 1), pageSize: Math.min(positive(query.pageSize, defaultPageSize), 200) },
    errors,
    values: { states, pharmacyOds, practiceOds, service, from: fromText, to: toText, id },
  };
}

/** The query string that reproduces a filter's form values (for pagination and export links). */
export function filterQueryString(values: ParsedFilter['values'], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const state of values.states) params.append('state', state);
  for (const key of ['pharmacyOds', 'practiceOds', 'service', 'from', 'to', 'id'] as const) if (values[key]) params.set(key, values[key]);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
