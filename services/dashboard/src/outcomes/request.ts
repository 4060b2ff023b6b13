import { gpPracticeOdsCodeSchema, icbCodeSchema, pcnCodeSchema, pharmacyOdsCodeSchema, subIcbCodeSchema } from '@firstsync/contracts';
import { UNMAPPED } from '@firstsync/outcomes-core';
import { type AreaLevel, type Granularity, type Period, parsePeriod, type Scope, trailingPeriod } from '@firstsync/outcomes-store';
import type { z } from 'zod';

/** The query string of every outcomes page, API answer and export. */
export interface OutcomesQuery {
  granularity?: unknown;
  from?: unknown;
  to?: unknown;
}

export type OutcomesFormat = 'html' | 'json' | 'csv';

/** How many weeks or months a page shows when the query names no period: a year of months, a quarter of weeks. */
export const DEFAULT_BUCKETS: Readonly<Record<Granularity, number>> = { month: 12, week: 13 };

const AREA_CODES: Readonly<Record<AreaLevel, z.ZodType<string>>> = {
  icb: icbCodeSchema,
  'sub-icb': subIcbCodeSchema,
  pcn: pcnCodeSchema,
  practice: gpPracticeOdsCodeSchema,
  pharmacy: pharmacyOdsCodeSchema,
};
/** The levels where consultations the reference data cannot place are counted under `unmapped`. */
const UNMAPPED_LEVELS: readonly AreaLevel[] = ['icb', 'sub-icb', 'pcn'];

const isAreaLevel = (level: string): level is AreaLevel => Object.hasOwn(AREA_CODES, level);

/**
 * The scope a path names (`national`, or a level and an ODS code), with the export format its
 * last segment's suffix asks for; undefined when it names no area (the caller answers 404).
 */
export function scopeOfPath(level: string, code: string | undefined, suffixes: boolean): { scope: Scope; format: OutcomesFormat } | undefined {
  const last = code ?? level;
  const format: OutcomesFormat = suffixes ? (last.endsWith('.csv') ? 'csv' : 'json') : 'html';
  const bare = suffixes && last.endsWith('.csv') ? last.slice(0, -'.csv'.length) : last;
  if (code === undefined) return bare === 'national' ? { scope: { level: 'national' }, format } : undefined;
  if (!isAreaLevel(level)) return undefined;
  if (bare === UNMAPPED && UNMAPPED_LEVELS.includes(level)) return { scope: { level, code: UNMAPPED }, format };
  return AREA_CODES[level].safeParse(bare).success ? { scope: { level, code: bare }, format } : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The period a query asks for: `granularity` (month by default) and `from`/`to` (both or neither;
 * neither: the last DEFAULT_BUCKETS weeks or months up to this one). Errors say which rule was
 * broken, never echo the input.
 */
export function periodOfQuery(query: OutcomesQuery, today: string): Period | { error: string } {
  // A parameter given twice (an array) is refused rather than one of its values guessed.
  if ([query.granularity, query.from, query.to].some((value) => value !== undefined && typeof value !== 'string'))
    return { error: 'granularity, from and to may each be given once' };
  const granularity = text(query.granularity) ?? 'month';
  const from = text(query.from);
  const to = text(query.to);
  if (from === undefined && to === undefined) {
    if (granularity !== 'week' && granularity !== 'month') return { error: "granularity must be 'week' or 'month'" };
    return trailingPeriod(granularity, today, DEFAULT_BUCKETS[granularity]);
  }
  return parsePeriod({ granularity, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
}

/** The path of a scope's page (`/outcomes/...`) or export (`/api/outcomes/...`, `.csv` for CSV). */
export function outcomesPath(scope: Scope | { level: Scope['level']; code: string | null }, kind: OutcomesFormat, period?: Period): string {
  const code = 'code' in scope ? scope.code : null;
  const base = `${kind === 'html' ? '/outcomes' : '/api/outcomes'}/${scope.level === 'national' || code === null ? 'national' : `${scope.level}/${code}`}${kind === 'csv' ? '.csv' : ''}`;
  return period ? `${base}?${new URLSearchParams({ granularity: period.granularity, from: period.from, to: period.to }).toString()}` : base;
}
