import type { ServiceName } from '@firstsync/system-harness';

/** How a simulated pharmacy system answers webhooks (its admin API; see nhs-simulator pharmacy-system). */
export type ReceiverMode = 'accept' | 'flaky' | 'hang';

/** One thing the chaos driver does once the given share of consultations has been accepted. */
export type ChaosStep =
  | { readonly at: number; readonly kind: 'kill'; readonly service: ServiceName }
  | { readonly at: number; readonly kind: 'restart-broker' }
  /** A GP-side fault on one practice, cleared again after `forMs` (an outage of N requests clears itself). */
  | { readonly at: number; readonly kind: 'fault'; readonly practice: string; readonly fault: 'outage' | 'hang' | 'status-503'; readonly forMs: number }
  /** A pharmacy system's webhook receiver misbehaves, and accepts again after `forMs` (0: once sending has ended). */
  | { readonly at: number; readonly kind: 'receiver'; readonly pharmacy: string; readonly mode: Exclude<ReceiverMode, 'accept'>; readonly forMs: number };

export interface PlanOptions {
  /** Services to SIGKILL (and restart) and how often each. */
  kill: readonly ServiceName[];
  killsPerService: number;
  restartBroker: boolean;
  /** Practices that accept messages; faults come and go on them (the first is never faulted). */
  practices: readonly string[];
  /**
   * Pharmacies whose webhook receivers misbehave: `flaky` fails the first delivery of every event
   * for the whole run (each needs a retry), `hang` stops answering for a while mid-run (the
   * sender's timeout fires, retries back off) and then accepts again.
   */
  receivers?: { readonly flaky?: string; readonly hang?: string };
  random: () => number;
}

/** How long the hanging receiver hangs: several request timeouts and retries, well inside the retry schedule. */
export const RECEIVER_HANG_MS = 8_000;

/**
 * Pure: when each fault happens, as shares (0..1) of accepted consultations, so a run of 300 and
 * a run of 20,000 see the same story. Kills land at random moments in the middle 80% of the run;
 * the broker restarts near the middle; GP-side faults start and stop on their own practices.
 */
export function chaosPlan(options: PlanOptions): ChaosStep[] {
  const { random } = options;
  const steps: ChaosStep[] = [];
  for (const service of options.kill) {
    for (let i = 0; i < options.killsPerService; i += 1) steps.push({ at: 0.1 + random() * 0.8, kind: 'kill', service });
  }
  if (options.restartBroker) steps.push({ at: 0.4 + random() * 0.2, kind: 'restart-broker' });
  const [, outage, hang, flaky] = options.practices;
  if (outage) steps.push({ at: 0, kind: 'fault', practice: outage, fault: 'outage', forMs: 0 });
  if (hang) steps.push({ at: 0.2, kind: 'fault', practice: hang, fault: 'hang', forMs: 8_000 });
  if (flaky) steps.push({ at: 0.5, kind: 'fault', practice: flaky, fault: 'status-503', forMs: 8_000 });
  const receivers = options.receivers ?? {};
  if (receivers.flaky) steps.push({ at: 0, kind: 'receiver', pharmacy: receivers.flaky, mode: 'flaky', forMs: 0 });
  if (receivers.hang) steps.push({ at: 0.3, kind: 'receiver', pharmacy: receivers.hang, mode: 'hang', forMs: RECEIVER_HANG_MS });
  return steps.sort((a, b) => a.at - b.at);
}

export function describeStep(step: ChaosStep): string {
  switch (step.kind) {
    case 'kill':
      return `SIGKILL ${step.service} and restart it`;
    case 'restart-broker':
      return 'restart the Kafka broker';
    case 'fault':
      return `GP practice ${step.practice}: ${step.fault === 'outage' ? '503 for its next 40 requests' : `${step.fault} for ${step.forMs / 1000} s`}`;
    case 'receiver':
      return `pharmacy ${step.pharmacy} webhook receiver: ${step.mode === 'flaky' ? 'fails the first delivery of every event' : 'hangs'} ${step.forMs > 0 ? `for ${step.forMs / 1000} s` : 'until sending ends'}`;
  }
}
