import { z } from 'zod';
import type { Route, TransportKind } from '../transport/port';

const transportKindSchema = z.enum(['fhir-rest', 'mesh', 'nhsmail']);

export const routeEntrySchema = z
  .strictObject({
    transport: transportKindSchema,
    /** A practice can be switched off without forgetting its details (its messages are parked). */
    enabled: z.boolean().default(true),
    fhirBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    nhsmailAddress: z.email().optional(),
    concurrency: z.int().min(1).max(64).optional(),
  })
  .refine((entry) => entry.transport !== 'fhir-rest' || entry.fhirBaseUrl !== undefined, { message: 'fhir-rest needs fhirBaseUrl', path: ['fhirBaseUrl'] })
  .refine((entry) => entry.transport !== 'nhsmail' || entry.nhsmailAddress !== undefined, {
    message: 'nhsmail needs nhsmailAddress',
    path: ['nhsmailAddress'],
  });

export type RouteEntry = z.output<typeof routeEntrySchema>;

/**
 * Why the default route may not name a mailbox: it serves practices nobody has vouched for, so a
 * mailbox on it would be one shared catch-all for every unknown practice's summaries (NHS number,
 * clinical notes). Patient data is only mailed to the address in the practice's own entry (#18).
 */
const NO_SHARED_MAILBOX = "patient data is only mailed to an address in the practice's own entry";

/** The route for practices without an entry: never NHSmail, never a mailbox. */
const defaultRouteSchema = routeEntrySchema
  .refine((entry) => entry.transport !== 'nhsmail', { message: `the default route cannot be nhsmail: ${NO_SHARED_MAILBOX}`, path: ['transport'] })
  .refine((entry) => entry.nhsmailAddress === undefined, { message: `not allowed on the default route: ${NO_SHARED_MAILBOX}`, path: ['nhsmailAddress'] });

/**
 * The practice directory: which transport serves each practice, keyed by practice ODS code, plus a
 * default route for practices without an entry (`null`: unknown practices are parked).
 */
export const practiceDirectorySchema = z.strictObject({
  default: defaultRouteSchema.nullable().optional(),
  practices: z.record(z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code'), routeEntrySchema).default({}),
});

export type PracticeDirectory = z.output<typeof practiceDirectorySchema>;

export type ParkReason = 'held' | 'unknown-practice' | 'transport-disabled' | 'transport-unavailable';

export type RoutingDecision =
  | { readonly kind: 'route'; readonly route: Route }
  | { readonly kind: 'park'; readonly reason: ParkReason; readonly message: string };

export interface RoutingInput {
  readonly directory: PracticeDirectory;
  readonly practiceOds: string;
  /** An operator hold wins over everything else. */
  readonly held: boolean;
  /** Transports this instance has adapters for. */
  readonly available: ReadonlySet<TransportKind>;
  readonly defaultConcurrency: number;
}

/** Pure: which route serves a practice now, or why its messages must wait on `delivery.parked`. */
export function resolveRoute({ directory, practiceOds, held, available, defaultConcurrency }: RoutingInput): RoutingDecision {
  if (held) return { kind: 'park', reason: 'held', message: 'practice held by an operator' };
  const own = directory.practices[practiceOds];
  const entry = own ?? directory.default ?? undefined;
  if (!entry) return { kind: 'park', reason: 'unknown-practice', message: 'practice not in the directory and no default route' };
  const source = own ? 'practice' : 'default';
  if (!entry.enabled) return { kind: 'park', reason: 'transport-disabled', message: `${entry.transport} route for the practice is disabled (${source} route)` };
  if (!available.has(entry.transport))
    return { kind: 'park', reason: 'transport-unavailable', message: `no ${entry.transport} transport in this delivery service yet` };
  return {
    kind: 'route',
    route: {
      practiceOds,
      transport: entry.transport,
      fhirBaseUrl: entry.fhirBaseUrl?.replaceAll('{practiceOds}', practiceOds),
      // Only a practice's own entry names a mailbox: patient data never goes to a shared default one.
      nhsmailAddress: own?.nhsmailAddress,
      concurrency: entry.concurrency ?? defaultConcurrency,
      source,
    },
  };
}

/** The directory from configuration, with the environment's default route where the JSON names none. */
export function withDefaultRoute(directory: PracticeDirectory, fallback: RouteEntry | null): PracticeDirectory {
  return directory.default !== undefined ? directory : { ...directory, default: fallback };
}
