import { z } from 'zod';

/**
 * Faults an operator or a test injects per practice. Evaluated in this order for each request:
 * latency (always added), hang, outage, status, reject; a request that meets none is processed.
 */
export const practiceFaultsSchema = z.strictObject({
  /** Added before answering every request. */
  latencyMs: z.int().min(0).max(120_000).optional(),
  /** Never answer (the client's timeout decides). */
  hang: z.boolean().optional(),
  /** Answer every request with this status and an error OperationOutcome. */
  status: z.int().min(400).max(599).optional(),
  /**
   * An outage window: fail from `from` (default: at once) until `until`, or for the next N
   * requests, then recover by itself.
   */
  outage: z
    .strictObject({
      from: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      requests: z.int().min(1).max(1_000_000).optional(),
      status: z.int().min(400).max(599).default(503),
    })
    .refine((outage) => outage.until !== undefined || outage.requests !== undefined, 'outage needs until or requests')
    .refine(
      (outage) => outage.from === undefined || outage.until === undefined || Date.parse(outage.from) < Date.parse(outage.until),
      'outage.from must be before outage.until',
    )
    .optional(),
  /** Reject every message permanently, as a GP system that finds it invalid would. */
  reject: z
    .strictObject({
      status: z.union([z.literal(400), z.literal(422)]).default(422),
      diagnostics: z.string().min(1).max(500),
    })
    .optional(),
  /** How duplicates are answered: 200 with an informational `duplicate` issue (default) or 409. */
  duplicateAnswer: z.enum(['ok', 'conflict']).optional(),
});

export type PracticeFaults = z.output<typeof practiceFaultsSchema>;

export interface FaultState {
  readonly faults: PracticeFaults;
  /** Requests still to fail in a request-counted outage. */
  readonly outageRequestsLeft: number;
}

export type FaultAction =
  | { kind: 'process' }
  | { kind: 'hang' }
  | { kind: 'fail'; status: number; diagnostics: string }
  | { kind: 'reject'; status: number; diagnostics: string };

export interface FaultDecision {
  readonly delayMs: number;
  readonly action: FaultAction;
  readonly next: FaultState;
}

export function initialFaultState(faults: PracticeFaults): FaultState {
  return { faults, outageRequestsLeft: faults.outage?.requests ?? 0 };
}

/** Pure: what to do with one request, and the fault state after it. */
export function decideFault(state: FaultState | undefined, now: Date): FaultDecision {
  if (!state) return { delayMs: 0, action: { kind: 'process' }, next: initialFaultState({}) };
  const { faults } = state;
  const delayMs = faults.latencyMs ?? 0;
  if (faults.hang) return { delayMs, action: { kind: 'hang' }, next: state };
  if (faults.outage) {
    const started = faults.outage.from === undefined || now.getTime() >= Date.parse(faults.outage.from);
    const byTime = started && faults.outage.until !== undefined && now.getTime() < Date.parse(faults.outage.until);
    const byCount = started && state.outageRequestsLeft > 0;
    if (byTime || byCount) {
      return {
        delayMs,
        action: { kind: 'fail', status: faults.outage.status, diagnostics: `Simulated outage: HTTP ${faults.outage.status}` },
        next: byCount ? { ...state, outageRequestsLeft: state.outageRequestsLeft - 1 } : state,
      };
    }
  }
  if (faults.status !== undefined)
    return { delayMs, action: { kind: 'fail', status: faults.status, diagnostics: `Simulated fault: HTTP ${faults.status}` }, next: state };
  if (faults.reject) return { delayMs, action: { kind: 'reject', status: faults.reject.status, diagnostics: faults.reject.diagnostics }, next: state };
  return { delayMs, action: { kind: 'process' }, next: state };
}
