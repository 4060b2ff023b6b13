import { randomUUID } from 'node:crypto';
import type { PharmacyState } from '@firstsync/consultation-lifecycle';
import { resolveTopicNames } from '@firstsync/kafka';
import {
  type Accounting,
  accountFor,
  collectDeadLetters,
  type DeadLetterCollector,
  generateConsultations,
  gpReceipts,
  kafkaLocal,
  type LogLine,
  PHARMACIES,
  type RunningSystem,
  type ServiceName,
  startSystem,
  submitConsultations,
} from '@firstsync/system-harness';
import { type IngestAvailability, ingestAvailability } from './availability';
import { followLifecycles, type LifecycleFollower } from './pipeline-lifecycles';
import { type RssSample, type RssTrend, rssMb, rssTrends } from './rss';
import { HEALTHY_PRACTICES, POISON_PRACTICES, REJECTION, replicated, SIMULATOR_HEAP_MB, serviceEnv } from './scenario';
import { setFaults } from './simulator-faults';

import { judgeStatuses, type StatusAnswer, type StatusTruth } from './status-truth';

export interface SoakOptions {
  ratePerSecond: number;
  durationMs: number;
  /** An existing broker, or a broker (cluster) of the run's own on ownBrokerPort. */
  brokers?: string;
  ownBrokerPort?: number;
  ownBrokerCount?: number;
  instances: number;
  /** The dashboard's read store and ingest's status store (see run-store.ts); unset: in memory. */
  stores?: { readStore?: string; statusStore?: string };
  sampleEveryMs: number;
  /** RSS before this (from the start of sending) is warm-up and not judged. */
  warmUpMs: number;
  settleTimeoutMs: number;
  log?: (msg: string) => void;
  onLine?: (line: LogLine) => void;
  onCleanup?: (stop: () => Promise<void>) => void;
}

export interface SoakReport {
  readonly offered: number;
  readonly accepted: number;
  readonly gaveUp: number;
  readonly sendingMs: number;
  readonly availability: IngestAvailability;
  readonly accounting: Accounting;
  readonly settled: boolean;
  readonly truth: StatusTruth;
  readonly readMs: number;
  readonly rss: readonly RssSample[];
  readonly trends: readonly RssTrend[];
}

const SERVICES: readonly ServiceName[] = ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sampleRss(system: RunningSystem, atS: number): Promise<RssSample[]> {
  const samples: RssSample[] = [];
  for (const service of SERVICES) {
    for (let i = 0; i < system.instances(service); i += 1) {
      const pid = system.pid(service, i);
      const mb = pid === undefined ? undefined : await rssMb(pid);
      if (mb !== undefined) samples.push({ atS, process: `${service}[${i}]`, mb });
    }
  }
  return samples;
}

/** Every consultation's status as its pharmacy reads it through ingest's public port. */
async function readStatuses(baseUrl: string, apiKey: string, ids: readonly string[], concurrency = 16): Promise<StatusAnswer[]> {
  const answers: StatusAnswer[] = [];
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        // A 503 (the status view is behind, or starting) says when to ask again: a pharmacy system would.
        const read = () => fetch(`${baseUrl}/v1/consultations/${id}`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(15_000) });
        let response = await read();
        for (const until = Date.now() + 120_000; response.status === 503 && Date.now() < until; response = await read()) {
          await response.body?.cancel();
          await sleep(Math.max(1, Number(response.headers.get('retry-after') ?? 1)) * 1000);
        }
        const body = response.ok ? ((await response.json()) as { state?: PharmacyState; timeline?: unknown[] }) : undefined;
        if (!response.ok) await response.body?.cancel();
        answers.push({ consultationId: id, httpStatus: response.status, state: body?.state ?? null, timelineLength: body?.timeline?.length ?? 0 });
      } catch {
        answers.push({ consultationId: id, httpStatus: 'network', state: null, timelineLength: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return answers;
}

/**
 * The soak: the real services (N instances each) offered a steady rate for a long time, RSS of
 * every process sampled throughout, then every consultation's status read back through ingest and
 * judged against the pipeline events and where it really ended.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  let brokers = options.brokers;
  let ownBroker = false;
  if (!brokers) {
    if (options.ownBrokerPort === undefined) throw new Error('give brokers or ownBrokerPort');
    const port = options.ownBrokerPort;
    brokers = (await kafkaLocal.startLocalBroker({ port, brokers: options.ownBrokerCount ?? 1 })).brokers;
    ownBroker = true;
    options.onCleanup?.(async () => void (await kafkaLocal.stopLocalBroker({ port })));
    log(`own broker on ${brokers}`);
  }
  const prefix = `t.soak.${randomUUID().slice(0, 8)}.`;
  const topics = resolveTopicNames(prefix);
  const count = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const pharmacy = PHARMACIES.a;
  const consultations = generateConsultations({
    count,
    pharmacyOds: pharmacy.ods,
    practices: HEALTHY_PRACTICES,
    poisonPractices: POISON_PRACTICES,
    poisonRatio: 0.02,
  });
  let system: RunningSystem | undefined;
  let deadLetters: DeadLetterCollector | undefined;
  let lifecycles: LifecycleFollower | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const running = await startSystem({
      brokers,
      topicPrefix: prefix,
      // pharmacy-notify at its default feed bounds: the soak registers no webhook endpoint, and
      // its question is whether memory stays flat with the settings a deployment runs.
      env: { ...serviceEnv(count), 'pharmacy-notify': soakPharmacyNotifyEnv(serviceEnv(count)) },
      instances: replicated(options.instances),
      ...(options.stores ? { stores: options.stores } : {}),
      heapMb: { 'nhs-simulator': SIMULATOR_HEAP_MB },
      parallelStart: true,
      keepLogs: false,
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    system = running;
    options.onCleanup?.(async () => void (await running.stop()));
    const simulator = running.url('nhs-simulator');
    for (const practice of POISON_PRACTICES) await setFaults(simulator, practice, { reject: { status: 422, diagnostics: REJECTION } });
    lifecycles = await followLifecycles(brokers, topics);
    deadLetters = await collectDeadLetters(brokers, topics);
    log(`system up on prefix ${prefix}; offering ${options.ratePerSecond}/s for ${options.durationMs / 1000} s (${count} consultations)`);

    const started = Date.now();
    const rss: RssSample[] = [];
    const sample = async () => rss.push(...(await sampleRss(running, Math.round((Date.now() - started) / 1000))));
    await sample();
    sampler = setInterval(() => void sample(), options.sampleEveryMs);
    let lastLogged = 0;
    const submit = await submitConsultations(consultations, {
      baseUrl: () => running.url('ingest'),
      apiKey: pharmacy.key,
      // Requests in flight at once: the offered rate must not depend on ingest's latency (32 capped a
      // loaded run at ~73/s with ~0.4 s answers); many pharmacy systems send independently.
      concurrency: Math.max(32, Math.ceil(options.ratePerSecond * 2)),
      batchSize: 1,
      giveUpAfterMs: 120_000,
      spreadOverMs: options.durationMs,
      onAccepted: (accepted) => {
        if (Date.now() - lastLogged < 30_000) return;
        lastLogged = Date.now();
        log(`${Math.round((Date.now() - started) / 1000)} s: ${accepted} accepted`);
      },
    });
    const sendingMs = Date.now() - started;
    await sample();
    clearInterval(sampler);
    log(`sent: ${submit.accepted.size} of ${count} accepted in ${(sendingMs / 1000).toFixed(1)} s`);

    const poisoned = new Set(consultations.filter((c) => c.poisoned && submit.accepted.has(c.consultationId)).map((c) => c.consultationId));
    const deadline = Date.now() + options.settleTimeoutMs;
    let accounting = accountFor({ accepted: submit.accepted, poisoned, received: [], deadLetters: [] });
    let settled = false;
    while (Date.now() < deadline) {
      accounting = accountFor({ accepted: submit.accepted, poisoned, received: await gpReceipts(simulator), deadLetters: deadLetters.letters });
      if (accounting.lost.length === 0) {
        settled = true;
        break;
      }
      await sleep(2_000);
    }
    // The last outcome events reach ingest's status view a moment after the GP side has them.
    await sleep(5_000);
    const received = await gpReceipts(simulator);
    accounting = accountFor({ accepted: submit.accepted, poisoned, received, deadLetters: deadLetters.letters });
    log(`settled: ${settled}; reading ${submit.accepted.size} statuses back through ingest`);
    const readStarted = Date.now();
    const answers = await readStatuses(running.url('ingest'), pharmacy.key, [...submit.accepted]);
    const readMs = Date.now() - readStarted;
    const truth = judgeStatuses({
      answers,
      events: lifecycles.events,
      atGp: new Set(received.flatMap((r) => (r.consultationId === null ? [] : [r.consultationId]))),
      deadLettered: new Set(deadLetters.letters.map((l) => l.consultationId)),
    });
    await running.stop();
    return {
      offered: count,
      accepted: submit.accepted.size,
      gaveUp: submit.gaveUp.length,
      sendingMs,
      availability: ingestAvailability(submit.statuses),
      accounting,
      settled,
      truth,
      readMs,
      rss,
      trends: rssTrends(rss, options.warmUpMs / 1000),
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await lifecycles?.stop().catch(() => undefined);
    await deadLetters?.stop().catch(() => undefined);
    await system?.stop();
    if (ownBroker && options.ownBrokerPort !== undefined) await kafkaLocal.stopLocalBroker({ port: options.ownBrokerPort });
  }
}

/** The chaos run's pharmacy-notify settings without its feed bounds (the run-sized ones). */
function soakPharmacyNotifyEnv(env: ReturnType<typeof serviceEnv>): Record<string, string> {
  const { FEED_MAX_EVENTS: _total, FEED_MAX_EVENTS_PER_PHARMACY: _perPharmacy, ...rest } = env['pharmacy-notify'] ?? {};
  return rest;
}
