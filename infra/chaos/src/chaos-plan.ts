import type { ServiceName } from '@firstsync/system-harness';

/** How a simulated pharmacy system answers webhooks (its admin API; see nhs-simulator pharmacy-system). */
export type ReceiverMode = 'accept' | 'flaky' | 'hang';

/** One thing the chaos driver does once the given share of consultations has been accepted. */
export type ChaosStep =
  /** SIGKILL one instance of the service (its others keep serving) and start it again. */
  | { readonly at: number; readonly kind: 'kill'; readonly service: ServiceName; readonly instance: number }
  | { readonly at: number; readonly kind: 'restart-broker' }
  /** SIGKILL one node of a local cluster and keep it down for `forMs` (the other nodes keep serving). */
  | { readonly at: number; readonly kind: 'broker-node-down'; readonly node: number; readonly forMs: number }
  /** An upgrade: every instance of the service in turn SIGTERMed and started again, the next only once it is ready. */
  | { readonly at: number; readonly kind: 'rolling-restart'; readonly service: ServiceName; readonly instances: number }
  /**
   * A consumer-group rebalance mid-burst: one instance leaves the group in an orderly way (SIGTERM),
   * its partitions move to the others, and it joins again after `forMs` (a second rebalance).
   */
  | { readonly at: number; readonly kind: 'rebalance'; readonly service: ServiceName; readonly instance: number; readonly forMs: number }
  /** A GP-side fault on one practice, cleared again after `forMs` (an outage of N requests clears itself). */
  | { readonly at: number; readonly kind: 'fault'; readonly practice: string; readonly fault: 'outage' | 'hang' | 'status-503'; readonly forMs: number }
  /** A pharmacy system's webhook receiver misbehaves, and accepts again after `forMs` (0: once sending has ended). */
  | { readonly at: number; readonly kind: 'receiver'; readonly pharmacy: string; readonly mode: Exclude<ReceiverMode, 'accept'>; readonly forMs: number };

export interface PlanOptions {
  /** Services to SIGKILL (and restart) and how often each. */
  kill: readonly ServiceName[];
  killsPerService: number;
  restartBroker: boolean;
  /** Instances per service (default 1): kills pick one of them at random. */
  instances?: number;
  /** Nodes of the run's own cluster (default 1): with 3 or more, one node goes down instead of a whole-broker restart. */
  brokerNodes?: number;
  /** How long that node stays down (default a minute). */
  brokerDownMs?: number;
  /** Roll every killed service once, one instance at a time (needs 2+ instances to keep serving). */
  rollingRestart?: boolean;
  /** Make delivery's consumer group rebalance mid-burst (needs 2+ instances). */
  rebalance?: boolean;
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
  const instances = Math.max(1, options.instances ?? 1);
  // One random draw per choice only where there is a choice, so the single-instance plan is as before.
  const pick = (n: number) => (n > 1 ? Math.min(n - 1, Math.floor(random() * n)) : 0);
  for (const service of options.kill) {
    for (let i = 0; i < options.killsPerService; i += 1) steps.push({ at: 0.1 + random() * 0.8, kind: 'kill', service, instance: pick(instances) });
  }
  const nodes = options.brokerNodes ?? 1;
  if (options.restartBroker && nodes >= 3) {
    steps.push({ at: 0.3 + random() * 0.2, kind: 'broker-node-down', node: 1 + pick(nodes), forMs: options.brokerDownMs ?? 60_000 });
  } else if (options.restartBroker) steps.push({ at: 0.4 + random() * 0.2, kind: 'restart-broker' });
  if (options.rollingRestart && instances > 1) {
    // Spread over the run, one service after another, so every roll happens while traffic flows.
    options.kill.forEach((service, i) => {
      steps.push({ at: 0.15 + (0.6 * i) / Math.max(1, options.kill.length), kind: 'rolling-restart', service, instances });
    });
  }
  if (options.rebalance && instances > 1) steps.push({ at: 0.55, kind: 'rebalance', service: 'delivery', instance: pick(instances), forMs: 5_000 });
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
      return step.instance === 0 ? `SIGKILL ${step.service} and restart it` : `SIGKILL ${step.service} instance ${step.instance} and restart it`;
    case 'restart-broker':
      return 'restart the Kafka broker';
    case 'broker-node-down':
      return `Kafka node ${step.node}: SIGKILL, kept down ${step.forMs / 1000} s, started again`;
    case 'rolling-restart':
      return `rolling restart of ${step.service} (${step.instances} instances, one at a time, each waited for ready)`;
    case 'rebalance':
      return `rebalance ${step.service}'s consumer group: instance ${step.instance} leaves (SIGTERM) and rejoins after ${step.forMs / 1000} s`;
    case 'fault':
      return `GP practice ${step.practice}: ${step.fault === 'outage' ? '503 for its next 40 requests' : `${step.fault} for ${step.forMs / 1000} s`}`;
    case 'receiver':
      return `pharmacy ${step.pharmacy} webhook receiver: ${step.mode === 'flaky' ? 'fails the first delivery of every event' : 'hangs'} ${step.forMs > 0 ? `for ${step.forMs / 1000} s` : 'until sending ends'}`;
  }
}
