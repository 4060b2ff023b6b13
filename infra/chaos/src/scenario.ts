import { randomUUID } from 'node:crypto';
import { resolveTopicNames } from '@firstsync/kafka';
import {
  type Accounting,
  accountFor,
  apiKeysJson,
  collectDeadLetters,
  type DeadLetterCollector,
  exitFault,
  generateConsultations,
  gpReceipts,
  kafkaLocal,
  type LogLine,
  PHARMACIES,
  type ProcessExit,
  type RunningSystem,
  type ServiceName,
  type SubmitReport,
  startSystem,
  submitConsultations,
} from '@firstsync/system-harness';
import { type ChaosStep, chaosPlan, describeStep } from './chaos-plan';
import { clearFaults, setFaults } from './simulator-faults';

export interface ChaosOptions {
  count: number;
  /** Spread the sending over this long (default: as fast as ingest takes them). */
  durationMs?: number;
  /** An existing broker (the test broker): no broker restart possible. */
  brokers?: string;
  /** Port of a broker of the run's own, restarted once in the middle (full form). */
  ownBrokerPort?: number;
  /** Skip the broker restart even with a broker of the run's own. */
  noBrokerRestart?: boolean;
  kill?: readonly ServiceName[];
  killsPerService?: number;
  poisonRatio?: number;
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
  readonly logs: readonly LogLine[];
}

const HEALTHY_PRACTICES = ['A81001', 'A81002', 'A81003', 'Y02345', 'B82005', 'B82006'];
const POISON_PRACTICES = ['Y99901', 'Y99902'];
const REJECTION = 'Simulated GP system rejection: message fails local business rules';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Environment that makes the services behave under chaos within minutes instead of hours. */
function serviceEnv(): Partial<Record<ServiceName, Record<string, string>>> {
  return {
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
    const broker = await kafkaLocal.startLocalBroker({ port: options.ownBrokerPort });
    brokers = broker.brokers;
    ownBroker = true;
    options.onCleanup?.(async () => void (await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort ?? 0 })));
    log(`own broker on ${brokers} (ready in ${broker.startSeconds} s)`);
  }
  const prefix = `t.chaos.${randomUUID().slice(0, 8)}.`;
  const topics = resolveTopicNames(prefix);
  const consultations = generateConsultations({
    count: options.count,
    pharmacyOds: PHARMACIES.a.ods,
    practices: HEALTHY_PRACTICES,
    poisonPractices: POISON_PRACTICES,
    poisonRatio: options.poisonRatio ?? 0.05,
  });
  const plan = chaosPlan({
    kill: options.kill ?? ['ingest', 'fhir-mapper', 'delivery', 'dashboard'],
    killsPerService: options.killsPerService ?? 1,
    restartBroker: ownBroker && options.noBrokerRestart !== true,
    practices: HEALTHY_PRACTICES,
    random: Math.random,
  });
  const events: ChaosEvent[] = [];
  let system: RunningSystem | undefined;
  let deadLetters: DeadLetterCollector | undefined;
  try {
    system = await startSystem({
      brokers,
      topicPrefix: prefix,
      env: serviceEnv(),
      logLevel: 'info',
      parallelStart: true,
      keepLogs: options.keepLogs ?? true,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    const running = system;
    options.onCleanup?.(async () => void (await running.stop()));
    const simulator = running.url('nhs-simulator');
    log(`system up in ${(since() / 1000).toFixed(1)} s on prefix ${prefix}`);
    for (const practice of POISON_PRACTICES) await setFaults(simulator, practice, { reject: { status: 422, diagnostics: REJECTION } });

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
    const perform = (step: ChaosStep): Promise<void> => {
      if (step.kind === 'kill') return serial(step.service, () => record(describeStep(step), () => running.restart(step.service, 'SIGKILL')));
      if (step.kind === 'restart-broker') {
        return serial('broker', () =>
          record(describeStep(step), async () => {
            await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort ?? 0 });
            await kafkaLocal.startLocalBroker({ port: options.ownBrokerPort ?? 0, keepData: true });
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
        log(`${exit.service} crashed (${exit.signal ?? exit.code}); restarting it`);
        void serial(exit.service, () =>
          record(`restart ${exit.service} after its crash`, () => (running.running.includes(exit.service) ? Promise.resolve() : running.start(exit.service))),
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
    const submit = await submitConsultations(consultations, {
      baseUrl: () => running.url('ingest'),
      apiKey: PHARMACIES.a.key,
      concurrency: options.concurrency ?? 8,
      batchSize: options.batchSize ?? 1,
      giveUpAfterMs: options.giveUpAfterMs ?? 180_000,
      ...(options.durationMs ? { spreadOverMs: options.durationMs } : {}),
      onAccepted: (accepted) => {
        acceptedSoFar = accepted;
        due();
      },
    });
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
    clearInterval(supervise);
    // Stopped here rather than only in `finally`, so how each service ended is part of the report.
    await running.stop();
    return {
      count: options.count,
      submit: { ...submit, accepted: submit.accepted.size, refused: submit.refused.size },
      accounting,
      events,
      unexpectedExits: running.unexpectedExits.map((e) => ({ service: e.service, code: e.code, signal: e.signal })),
      exits: running.exits,
      sendingMs,
      settleMs,
      settled,
      logs: running.logs,
    };
  } finally {
    await deadLetters?.stop().catch(() => undefined);
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
    `HTTP answers                ${JSON.stringify(report.submit.statuses)} in ${report.submit.requests} requests`,
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
    `process exits               ${report.exits.length} (planned kills ${report.exits.filter((e) => e.cause === 'planned-kill').length}, faults ${report.exits.filter((e) => exitFault(e) !== undefined).length})`,
    'faults:',
    ...[...report.events]
      .sort((x, y) => x.atMs - y.atMs)
      .map((e) => `  ${(e.atMs / 1000).toFixed(1).padStart(7)} s  ${e.what} (${(e.tookMs / 1000).toFixed(1)} s)`),
  ];
  return lines.join('\n');
}
