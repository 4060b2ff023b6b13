import { randomUUID } from 'node:crypto';
import { resolveTopicNames } from '@firstsync/kafka';
import {
  type Accounting,
  accountFor,
  apiKeysJson,
  collectDeadLetters,
  type DeadLetterCollector,
  exitFault,
  followPharmacyFeed,
  generateConsultations,
  gpReceipts,
  kafkaLocal,
  type LogLine,
  PHARMACIES,
  type PharmacyFeedFollower,
  type ProcessExit,
  type RunningSystem,
  type ServiceName,
  type SubmitReport,
  setReceiverBehaviour,
  startSystem,
  submitConsultations,
} from '@firstsync/system-harness';
import { formatAvailability, type IngestAvailability, ingestAvailability } from './availability';
import { type ChaosStep, chaosPlan, describeStep } from './chaos-plan';
import { clearFaults, setFaults } from './simulator-faults';
import { formatWebhookAccounting, type WebhookAccounting } from './webhook-accounting';
import { connectReceivers, type EndpointStatus } from './webhook-receivers';

export interface ChaosOptions {
  count: number;
  /** Spread the sending over this long (default: as fast as ingest takes them). */
  durationMs?: number;
  /** An existing broker (the test broker): no broker restart possible. */
  brokers?: string;
  /** Port of a broker of the run's own, restarted once in the middle (full form). */
  ownBrokerPort?: number;
  /** Nodes of that own broker: 1 (default) or a local KRaft cluster (3) on ownBrokerPort .. +5. */
  ownBrokerCount?: number;
  /** Skip the broker restart even with a broker of the run's own. */
  noBrokerRestart?: boolean;
  /** With a cluster of the run's own (3+ nodes): how long the one SIGKILLed node stays down (default a minute). */
  brokerDownMs?: number;
  /**
   * Processes of every service but the simulated NHS side (default 1). With 2+, kills take single
   * instances, every service is rolled and delivery's group rebalances mid-burst (see chaosPlan).
   */
  instances?: number;
  /** The dashboard's read store and ingest's status store (see run-store.ts); unset: in memory. */
  stores?: { readStore?: string; statusStore?: string };
  kill?: readonly ServiceName[];
  killsPerService?: number;
  poisonRatio?: number;
  /** Share of the consultations sent by pharmacy b (its own API key and webhook receiver); default 0.1. */
  pharmacyBShare?: number;
  settleTimeoutMs?: number;
  concurrency?: number;
  batchSize?: number;
  /** Give up on a consultation ingest does not accept for this long. */
  giveUpAfterMs?: number;
  keepLogs?: boolean;
  log?: (msg: string) => void;
  onLine?: (line: LogLine) => void;
  /** Gets the stop functions of what the run started, so a CLI can clean up on Ctrl-C. */
  onCleanup?: (stop: () => Promise<void>) => void;
}

export interface ChaosEvent {
  readonly atMs: number;
  readonly what: string;
  readonly tookMs: number;
}

export interface ChaosReport {
  readonly count: number;
  readonly submit: Omit<SubmitReport, 'accepted' | 'refused'> & { accepted: number; refused: number };
  readonly accounting: Accounting;
  readonly events: readonly ChaosEvent[];
  /** How ingest answered while the faults ran. */
  readonly availability: IngestAvailability;
  /** Instances per service and broker nodes of the run. */
  readonly shape: { readonly instances: number; readonly brokerNodes: number | null };
  /** Crashes nobody asked for (each was restarted, as an orchestrator would). */
  readonly unexpectedExits: readonly { service: string; code: number | null; signal: string | null }[];
  /**
   * Every service process exit of the run, the final stop included: the plan's SIGKILLs are
   * expected, anything else (a crash, a wrong signal, an unclean stop) is a fault (see exitFault).
   */
  readonly exits: readonly ProcessExit[];
  readonly sendingMs: number;
  /** From the last acceptance until every consultation was delivered or dead-lettered (includes faults still running then). */
  readonly settleMs: number | null;
  readonly settled: boolean;
  /** Every pharmacy event against what each pharmacy's webhook receiver got. */
  readonly webhooks: WebhookAccounting;
  /** From the GP side settling until every expected webhook event had arrived; null if it never did. */
  readonly webhookSettleMs: number | null;
  /** Each endpoint's status at the end (a disabled one explains losses). */
  readonly endpoints: readonly EndpointStatus[];
  readonly logs: readonly LogLine[];
}

export const HEALTHY_PRACTICES = ['A81001', 'A81002', 'A81003', 'Y02345', 'B82005', 'B82006'];
export const POISON_PRACTICES = ['Y99901', 'Y99902'];
export const REJECTION = 'Simulated GP system rejection: message fails local business rules';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Environment that makes the services behave under chaos within minutes instead of hours. */
export function serviceEnv(count: number): Partial<Record<ServiceName, Record<string, string>>> {
  return {
    // Every webhook event of the run kept by the simulated pharmacy systems (a consultation makes
    // two or three), so each one can be judged.
    'nhs-simulator': { SIMULATOR_PHARMACY_KEEP_EVENTS: String(Math.max(10_000, count * 4)) },
    ingest: {
      INGEST_API_KEYS: apiKeysJson(),
      INGEST_RATE_LIMIT_PER_SECOND: '100000',
      INGEST_RATE_LIMIT_BURST: '100000',
      INGEST_CONSUMER_SESSION_TIMEOUT_MS: '10000',
      INGEST_CONSUMER_HEARTBEAT_MS: '1000',
      INGEST_KAFKA_SEND_TIMEOUT_MS: '5000',
    },
    delivery: {
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      // Short tiers and many attempts: transient faults must end in delivery, not in the dead letters.
      RETRY_DELAYS_MS: '1000,2000,4000,5000,5000',
      RETRY_MAX_ATTEMPTS: '200',
      FHIR_REQUEST_TIMEOUT_MS: '2000',
      BREAKER_COOL_DOWN_MS: '2000',
      FALLBACK_MARGIN_MS: '0',
    },
    'pharmacy-notify': {
      // The whole run is two pharmacies' national-scale volume within minutes: each pharmacy's feed
      // must hold all of it (the default window, 10,000 events, is weeks of one real pharmacy), or a
      // slowed endpoint falls behind it and is disabled by design (a 20,000 run showed it).
      FEED_MAX_EVENTS_PER_PHARMACY: String(Math.max(10_000, count * 4)),
      // ... and so must the bound over all pharmacies (one pharmacy may hold all of it); the heap
      // to match is PHARMACY_NOTIFY_CHAOS_HEAP_MB.
      FEED_MAX_EVENTS: String(Math.max(40_000, count * 4)),
      // The same key list as ingest: pharmacies register their endpoints with their own keys.
      INGEST_API_KEYS: apiKeysJson(),
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      // A hung receiver costs a second per attempt, not ten; the retries start at 50 ms (a flaky
      // receiver fails every event's first delivery) and span ~60 s, well past the 8 s hang and a
      // restart, so no endpoint is disabled by a fault that ends.
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_RETRY_SCHEDULE_MS: ['0,50,100,200,400,800,1000', ...Array.from({ length: 30 }, () => '2000')].join(','),
    },
  };
}

/**
 * Webhooks still arriving after the GP side settled are a drain, not a loss: the tool waits while
 * any arrives within this long of the previous one...
 */
export const WEBHOOK_STALL_MS = 60_000;
/** ... and at most this long after the GP side settled (a webhook later than that is reported lost). */
export const WEBHOOK_SETTLE_LIMIT_MS = 15 * 60_000;

/** N processes of every service but the simulated NHS side, which keeps what the GP received in one memory. */
/**
 * The simulator's heap in chaos and soak runs: it is the ground truth of every consultation and
 * webhook of the run (20,000 and more), far more than its budget for normal use holds; at 64 MB
 * a loaded 20,000 run ran it out of heap.
 */
export const SIMULATOR_HEAP_MB = 512;

/**
 * pharmacy-notify's heap in chaos runs, whose feed keeps every event of the run (above): ~0.65 KB an
 * event (measured), 80,000 events for 20,000 consultations, beyond its 96 MB budget for normal use.
 */
export const PHARMACY_NOTIFY_CHAOS_HEAP_MB = 256;

export function replicated(instances: number): Partial<Record<ServiceName, number>> {
  const services: readonly ServiceName[] = ['ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify'];
  return Object.fromEntries(services.map((name) => [name, instances]));
}

/** Pharmacy b sends this share; pharmacy a the rest. */
function splitCount(count: number, share: number): { a: number; b: number } {
  const b = count > 1 ? Math.max(1, Math.round(count * share)) : 0;
  return { a: count - b, b };
}

function mergeSubmits(reports: readonly SubmitReport[]): SubmitReport {
  const statuses: Record<string, number> = {};
  for (const report of reports) for (const [status, n] of Object.entries(report.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return {
    accepted: new Set(reports.flatMap((r) => [...r.accepted])),
    refused: new Map(reports.flatMap((r) => [...r.refused])),
    gaveUp: reports.flatMap((r) => r.gaveUp),
    requests: reports.reduce((n, r) => n + r.requests, 0),
    statuses,
    replays: reports.reduce((n, r) => n + r.replays, 0),
  };
}

/**
 * The chaos run: the real services as processes on a fresh topic namespace, consultations sent to
 * ingest while services are SIGKILLed and restarted, the broker restarted (own broker only) and the
 * GP side failing, then every accepted consultation accounted for.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const since = () => Date.now() - started;
  let ownBroker = false;
  let brokers = options.brokers;
  if (!brokers) {
    if (options.ownBrokerPort === undefined) throw new Error('give brokers or ownBrokerPort');
    const broker = await kafkaLocal.startLocalBroker({ port: options.ownBrokerPort, brokers: options.ownBrokerCount ?? 1 });
    brokers = broker.brokers;
    ownBroker = true;
    options.onCleanup?.(async () => void (await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort ?? 0 })));
    log(`own broker on ${brokers} (ready in ${broker.startSeconds} s)`);
  }
  const prefix = `t.chaos.${randomUUID().slice(0, 8)}.`;
  const topics = resolveTopicNames(prefix);
  const split = splitCount(options.count, options.pharmacyBShare ?? 0.1);
  const generate = (count: number, pharmacyOds: string) =>
    generateConsultations({
      count,
      pharmacyOds,
      practices: HEALTHY_PRACTICES,
      poisonPractices: POISON_PRACTICES,
      poisonRatio: options.poisonRatio ?? 0.05,
    });
  const bySender = [
    { pharmacy: PHARMACIES.a, consultations: generate(split.a, PHARMACIES.a.ods) },
    { pharmacy: PHARMACIES.b, consultations: generate(split.b, PHARMACIES.b.ods) },
  ];
  const consultations = bySender.flatMap((sender) => sender.consultations);
  const instances = Math.max(1, options.instances ?? 1);
  const brokerNodes = ownBroker ? (options.ownBrokerCount ?? 1) : null;
  const plan = chaosPlan({
    kill: options.kill ?? ['ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify'],
    killsPerService: options.killsPerService ?? 1,
    restartBroker: ownBroker && options.noBrokerRestart !== true,
    instances,
    brokerNodes: brokerNodes ?? 1,
    ...(options.brokerDownMs !== undefined ? { brokerDownMs: options.brokerDownMs } : {}),
    rollingRestart: instances > 1,
    rebalance: instances > 1,
    practices: HEALTHY_PRACTICES,
    receivers: { flaky: PHARMACIES.a.ods, hang: PHARMACIES.b.ods },
    random: Math.random,
  });
  const events: ChaosEvent[] = [];
  let system: RunningSystem | undefined;
  let deadLetters: DeadLetterCollector | undefined;
  let feed: PharmacyFeedFollower | undefined;
  try {
    system = await startSystem({
      brokers,
      topicPrefix: prefix,
      env: serviceEnv(options.count),
      logLevel: 'info',
      parallelStart: true,
      instances: replicated(instances),
      ...(options.stores ? { stores: options.stores } : {}),
      heapMb: { 'nhs-simulator': SIMULATOR_HEAP_MB, 'pharmacy-notify': PHARMACY_NOTIFY_CHAOS_HEAP_MB },
      keepLogs: options.keepLogs ?? true,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    const running = system;
    options.onCleanup?.(async () => void (await running.stop()));
    const simulator = running.url('nhs-simulator');
    log(`system up in ${(since() / 1000).toFixed(1)} s on prefix ${prefix}`);
    for (const practice of POISON_PRACTICES) await setFaults(simulator, practice, { reject: { status: 422, diagnostics: REJECTION } });
    // Each pharmacy's system receives its webhooks, registered before it sends anything (so every
    // event of the run is due to it); the feed is audited from the start.
    feed = await followPharmacyFeed(brokers, topics);
    const pharmacies = bySender.map((sender) => sender.pharmacy);
    const receivers = await connectReceivers({ notifyUrl: running.url('pharmacy-notify'), simulatorUrl: simulator, pharmacies, feed });
    log(`webhook endpoints registered for ${pharmacies.map((p) => p.ods).join(', ')}`);

    // Actions on one process run one at a time (a kill, its restart, a crash recovery never
    // overlap); different processes and the GP side are independent, so faults land when planned.
    const lanes = new Map<string, Promise<unknown>>();
    const serial = <T>(lane: string, action: () => Promise<T>): Promise<T> => {
      const next = (lanes.get(lane) ?? Promise.resolve()).then(action, action);
      lanes.set(
        lane,
        next.catch(() => undefined),
      );
      return next;
    };
    const record = async (what: string, action: () => Promise<void>) => {
      const at = since();
      await action();
      events.push({ atMs: at, what, tookMs: since() - at });
      log(`${(at / 1000).toFixed(1)} s: ${what} (${((since() - at) / 1000).toFixed(1)} s)`);
    };
    const faultClears: Promise<void>[] = [];
    const receiverClears: (() => Promise<void>)[] = [];
    const perform = (step: ChaosStep): Promise<void> => {
      // One lane per service: a kill, a roll and a rebalance of the same service never overlap, so
      // with two instances one of them is always serving.
      if (step.kind === 'kill') return serial(step.service, () => record(describeStep(step), () => running.restart(step.service, 'SIGKILL', step.instance)));
      if (step.kind === 'rolling-restart') {
        return serial(step.service, () =>
          record(describeStep(step), async () => {
            for (let i = 0; i < running.instances(step.service); i += 1) await running.restart(step.service, 'SIGTERM', i);
          }),
        );
      }
      if (step.kind === 'rebalance') {
        return serial(step.service, () =>
          record(describeStep(step), async () => {
            await running.kill(step.service, 'SIGTERM', step.instance);
            await sleep(step.forMs);
            await running.start(step.service, step.instance);
          }),
        );
      }
      if (step.kind === 'broker-node-down') {
        return serial('broker', () =>
          record(describeStep(step), async () => {
            const port = options.ownBrokerPort ?? 0;
            await kafkaLocal.stopLocalNode({ port, node: step.node, signal: 'SIGKILL' });
            await sleep(step.forMs);
            await kafkaLocal.startLocalNode({ port, node: step.node });
          }),
        );
      }
      if (step.kind === 'restart-broker') {
        return serial('broker', () =>
          record(describeStep(step), async () => {
            await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort ?? 0 });
            await kafkaLocal.startLocalBroker({ port: options.ownBrokerPort ?? 0, brokers: options.ownBrokerCount ?? 1, keepData: true });
          }),
        );
      }
      if (step.kind === 'receiver') {
        return serial(`receiver-${step.pharmacy}`, () =>
          record(describeStep(step), async () => {
            await setReceiverBehaviour(simulator, step.pharmacy, { mode: step.mode });
            const accept = () => setReceiverBehaviour(simulator, step.pharmacy, { mode: 'accept' });
            // A receiver faulty without a time limit accepts again once sending has ended.
            if (step.forMs > 0) faultClears.push(sleep(step.forMs).then(accept));
            else receiverClears.push(accept);
          }),
        );
      }
      return serial(`practice-${step.practice}`, () =>
        record(describeStep(step), async () => {
          const fault =
            step.fault === 'outage' ? { outage: { requests: 40, status: 503 } } : step.fault === 'hang' ? ({ hang: true } as const) : { status: 503 };
          await setFaults(simulator, step.practice, fault);
          if (step.forMs > 0) faultClears.push(sleep(step.forMs).then(() => clearFaults(simulator, step.practice)));
        }),
      );
    };
    const inFlight: Promise<void>[] = [];

    // An orchestrator restarts what crashes; the crash itself is reported.
    let seenExits = 0;
    const supervise = setInterval(() => {
      for (; seenExits < running.unexpectedExits.length; seenExits += 1) {
        const exit = running.unexpectedExits[seenExits];
        if (!exit) continue;
        const instance = exit.instance ?? 0;
        log(`${exit.service} instance ${instance} crashed (${exit.signal ?? exit.code}); restarting it`);
        void serial(exit.service, () =>
          record(`restart ${exit.service} instance ${instance} after its crash`, () =>
            running.isRunning(exit.service, instance) ? Promise.resolve() : running.start(exit.service, instance),
          ),
        ).catch((err: unknown) => log(`restart of ${exit.service} failed: ${String(err)}`));
      }
    }, 250);

    const pending = [...plan];
    let acceptedSoFar = 0;
    const due = () => {
      while (pending.length > 0 && (pending[0]?.at ?? 1) * options.count <= acceptedSoFar) {
        const step = pending.shift();
        if (step) inFlight.push(perform(step).catch((err: unknown) => log(`step failed: ${describeStep(step)}: ${String(err)}`)));
      }
    };
    due();
    const sendingStarted = Date.now();
    // Both pharmacies send side by side over the same time, each with its own key.
    const acceptedBy = bySender.map(() => 0);
    const submits = await Promise.all(
      bySender.map((sender, index) =>
        submitConsultations(sender.consultations, {
          baseUrl: () => running.url('ingest'),
          apiKey: sender.pharmacy.key,
          concurrency: Math.max(1, Math.round(((options.concurrency ?? 8) * sender.consultations.length) / Math.max(1, consultations.length))),
          batchSize: options.batchSize ?? 1,
          giveUpAfterMs: options.giveUpAfterMs ?? 180_000,
          ...(options.durationMs ? { spreadOverMs: options.durationMs } : {}),
          onAccepted: (accepted) => {
            acceptedBy[index] = accepted;
            acceptedSoFar = acceptedBy.reduce((a, b) => a + b, 0);
            due();
          },
        }),
      ),
    );
    const submit = mergeSubmits(submits);
    const sendingEnded = Date.now();
    const sendingMs = sendingEnded - sendingStarted;
    log(
      `sent: ${submit.accepted.size} accepted of ${options.count} in ${(sendingMs / 1000).toFixed(1)} s (${submit.requests} requests, statuses ${JSON.stringify(submit.statuses)})`,
    );
    // Whatever the plan still holds (sending outran it) happens now, so every planned fault happens.
    acceptedSoFar = Number.POSITIVE_INFINITY;
    due();
    await Promise.all(inFlight);
    await Promise.all(faultClears);
    for (const practice of HEALTHY_PRACTICES) await clearFaults(simulator, practice);
    for (const accept of receiverClears) await accept();

    deadLetters = await collectDeadLetters(brokers, topics);
    const poisoned = new Set(consultations.filter((c) => c.poisoned && submit.accepted.has(c.consultationId)).map((c) => c.consultationId));
    const settleDeadline = Date.now() + (options.settleTimeoutMs ?? 180_000);
    let accounting = accountFor({ accepted: submit.accepted, poisoned, received: [], deadLetters: [] });
    let settled = false;
    while (Date.now() < settleDeadline) {
      accounting = accountFor({ accepted: submit.accepted, poisoned, received: await gpReceipts(simulator), deadLetters: deadLetters.letters });
      if (accounting.lost.length === 0) {
        settled = true;
        break;
      }
      await sleep(1_000);
    }
    const settleMs = settled ? Date.now() - sendingEnded : null;
    // A little longer, so late duplicates on the wire (a retry racing a success) are counted too.
    await sleep(2_000);
    accounting = accountFor({ accepted: submit.accepted, poisoned, received: await gpReceipts(simulator), deadLetters: deadLetters.letters });

    // Webhooks: every pharmacy event in the feed at its own pharmacy's system. The GP side has
    // settled, so the last outcomes are being projected and delivered; wait for them too.
    const acceptedByPharmacy = new Map(
      bySender.map((s) => [s.pharmacy.ods, new Set(s.consultations.map((c) => c.consultationId).filter((id) => submit.accepted.has(id)))]),
    );
    const webhookOutcome = await receivers.settle({
      accepted: acceptedByPharmacy,
      deadline: Math.max(settleDeadline, Date.now() + 60_000),
      stallMs: WEBHOOK_STALL_MS,
      lastDeadline: Date.now() + WEBHOOK_SETTLE_LIMIT_MS,
    });
    const w = webhookOutcome.webhooks;
    log(`webhooks: ${w.delivered}/${w.expected} delivered${webhookOutcome.settleMs === null ? ' (did not settle)' : ''}`);
    clearInterval(supervise);
    // Stopped here rather than only in `finally`, so how each service ended is part of the report.
    await running.stop();
    return {
      count: options.count,
      submit: { ...submit, accepted: submit.accepted.size, refused: submit.refused.size },
      accounting,
      events,
      availability: ingestAvailability(submit.statuses),
      shape: { instances, brokerNodes },
      unexpectedExits: running.unexpectedExits.map((e) => ({ service: e.service, code: e.code, signal: e.signal })),
      exits: running.exits,
      sendingMs,
      settleMs,
      settled,
      webhooks: webhookOutcome.webhooks,
      webhookSettleMs: webhookOutcome.settleMs,
      endpoints: webhookOutcome.endpoints,
      logs: running.logs,
    };
  } finally {
    await deadLetters?.stop().catch(() => undefined);
    await feed?.stop().catch(() => undefined);
    await system?.stop();
    if (ownBroker && options.ownBrokerPort !== undefined) await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort });
  }
}

/** The figures of a run as text (for the CLI and the test output). */
export function formatReport(report: ChaosReport): string {
  const a = report.accounting;
  const lines = [
    `consultations sent          ${report.count}`,
    `accepted by ingest          ${report.submit.accepted} (refused ${report.submit.refused}, gave up ${report.submit.gaveUp.length}, idempotent replays ${report.submit.replays})`,
    `shape                       ${report.shape.instances} instance(s) per service, ${report.shape.brokerNodes === null ? 'an existing broker' : `${report.shape.brokerNodes} broker node(s) of its own`}`,
    `HTTP answers                ${JSON.stringify(report.submit.statuses)} in ${report.submit.requests} requests`,
    `ingest availability         ${formatAvailability(report.availability)}`,
    `delivered exactly once      ${a.deliveredOnce}`,
    `dead-lettered with reason   ${a.deadLettered - a.deadLetteredWithoutReason.length} (without reason ${a.deadLetteredWithoutReason.length}; reasons ${JSON.stringify(a.reasons)})`,
    `LOST                        ${a.lost.length}`,
    `several messages per id     ${a.deliveredAsSeveralMessages.length}`,
    `duplicates on the wire      ${a.duplicatesOnWire} (deduplicated by the GP side)`,
    `poisoned but delivered      ${a.poisonedDelivered.length}`,
    `healthy but dead-lettered   ${a.deadLetteredNotPoisoned.size}`,
    `delivered and dead-lettered ${a.deliveredAndDeadLettered.length}`,
    `settled, never acknowledged ${a.settledButNotAccepted}`,
    `sending took                ${(report.sendingMs / 1000).toFixed(1)} s`,
    `time to settle              ${report.settleMs === null ? 'DID NOT SETTLE' : `${(report.settleMs / 1000).toFixed(1)} s after the last acceptance`}`,
    `unexpected crashes          ${report.unexpectedExits.length === 0 ? 'none' : JSON.stringify(report.unexpectedExits)}`,
    ...formatWebhookAccounting(report.webhooks),
    `webhooks settled            ${report.webhookSettleMs === null ? 'DID NOT SETTLE' : `${(report.webhookSettleMs / 1000).toFixed(1)} s after the GP side`}`,
    `webhook endpoints at end    ${report.endpoints.map((e) => `${e.ods} ${e.status}${e.disabledReason ? ` (${e.disabledReason})` : ''}`).join(', ')}`,
    `process exits               ${report.exits.length} (planned kills ${report.exits.filter((e) => e.cause === 'planned-kill').length}, faults ${report.exits.filter((e) => exitFault(e) !== undefined).length})`,
    'faults:',
    ...[...report.events]
      .sort((x, y) => x.atMs - y.atMs)
      .map((e) => `  ${(e.atMs / 1000).toFixed(1).padStart(7)} s  ${e.what} (${(e.tookMs / 1000).toFixed(1)} s)`),
  ];
  return lines.join('\n');
}
