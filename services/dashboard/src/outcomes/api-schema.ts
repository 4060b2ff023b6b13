import { DELIVERY_RESULTS } from '@firstsync/outcomes-core';
import { type DisclosedFigures, OUTCOME_GROUPS, SCOPE_LEVELS } from '@firstsync/outcomes-store';
import { z } from 'zod';

// The JSON the outcomes API answers: DisclosedFigures of @firstsync/outcomes-store, as a zod
// schema, so the OpenAPI document (contracts/outcomes-openapi.json) is generated from it and tests
// check every answer against it.

const date = z.iso.date();
/** A count after disclosure control: 0, a multiple of 5, or `*` (1-7, or hidden to protect another). */
const shown = z.union([z.int().min(0), z.literal('*')]).describe('A count after disclosure control: 0, a multiple of 5, or "*" (suppressed)');
const level = z.enum(SCOPE_LEVELS);
const areaLevel = z.enum(
  SCOPE_LEVELS.filter((l) => l !== 'national') as [Exclude<(typeof SCOPE_LEVELS)[number], 'national'>, ...Exclude<(typeof SCOPE_LEVELS)[number], 'national'>[]],
);
const scope = z.union([z.strictObject({ level: z.literal('national') }), z.strictObject({ level: areaLevel, code: z.string() })]);
const scopeRef = z.strictObject({ level, code: z.string().nullable(), name: z.string().nullable() });
const period = z
  .strictObject({ granularity: z.enum(['week', 'month']), from: date, to: date })
  .describe('Weeks (Monday to Monday) or months (1st to 1st); from inclusive, to exclusive');
const percent = z.number().nullable();

export const disclosedFiguresSchema = z
  .strictObject({
    scope,
    name: z.string().nullable(),
    parents: z.array(scopeRef).describe('Breadcrumbs from national down to (not including) the scope'),
    period,
    previousPeriod: period,
    totals: z.strictObject({ consultations: shown, previous: shown, changePercent: percent }),
    series: z.array(z.strictObject({ start: date, consultations: shown })),
    byServicePathway: z.array(z.strictObject({ service: z.string(), pathway: z.string().nullable(), count: shown, previous: shown })),
    outcomeMix: z.array(z.strictObject({ outcome: z.string(), group: z.enum(OUTCOME_GROUPS), count: shown })),
    outcomeGroups: z.array(z.strictObject({ group: z.enum(OUTCOME_GROUPS), count: shown })),
    antibioticSupply: z.array(z.strictObject({ pathway: z.string(), consultations: shown, withAntibiotic: shown, ratePercent: percent })),
    topMedicines: z.array(
      z.strictObject({
        dmdCode: z.string(),
        consultations: shown,
        quantity: z.strictObject({ value: shown, unitCode: z.string() }).nullable(),
      }),
    ),
    deliveryMix: z.array(z.strictObject({ result: z.enum(DELIVERY_RESULTS), count: shown })),
    medianMinutesToFiling: z
      .union([z.int().min(0), z.literal('*')])
      .nullable()
      .describe('Minutes from the start of the consultation day to filing; "*" over fewer than 8 filings; null when none was filed'),
    switchedOffPractices: z.array(z.strictObject({ practiceOds: z.string(), name: z.string().nullable(), count: shown })),
    flows: z.array(z.strictObject({ pharmacyOds: z.string(), practiceOds: z.string(), count: shown })),
    children: z.array(scopeRef.extend({ count: shown, previous: shown })),
  })
  .describe('Outcome figures of one area and period after disclosure control: nothing else leaves the dashboard.');

// The schema describes exactly what discloseFigures returns: a drift in either fails type-checking.
type Parsed = z.output<typeof disclosedFiguresSchema>;
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
export const SCHEMA_MATCHES: [Parsed extends DisclosedFigures ? true : false, DisclosedFigures extends DeepReadonly<Parsed> ? true : false] = [true, true];

export const outcomesQuerySchema = z.strictObject({
  granularity: z.enum(['week', 'month']).default('month').describe('Buckets of the series'),
  from: date.optional().describe('First day (a Monday for weeks, the 1st for months); with `to`. Neither: the last 12 months or 13 weeks'),
  to: date.optional().describe('Day after the last (a Monday or the 1st)'),
});
