import { randomUUID } from 'node:crypto';
import { createPipelineEvent, type PipelineEvent } from '@firstsync/contracts';
import { createKafkaClient, createRecordProducer, type OutgoingRecord, pipelineEventRecord, type RecordProducer, resolveTopicNames } from '@firstsync/kafka';
import { createLogger } from '@firstsync/logging';
import { apiKeysJson, registerWebhookEndpoint, type TestPharmacy } from '@firstsync/system-harness';
import type { Metric, ScenarioResult } from '../report/result';
import { ratePerSecond, summarise } from '../stats/percentile';
import { cpuSeconds, peakRssMb } from '../system/memory';
import { startServices } from '../system/services';
import { waitForCount } from '../system/wait';
import { startWebhookReceiver, type WebhookReceiver } from '../system/webhook-receiver';
import { type BenchContext, boundedWait, size, timeLeft } from './context';
import { pharmacyNotifyEnv } from './service-env';

const PHARMACY_COUNT = 5;
const CHUNK = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PHARMACIES: readonly TestPharmacy[] = Array.from({ length: PHARMACY_COUNT }, (_, i) => ({
  ods: `FBW0${i + 1}`,
  key: `bench-webhooks-key-${i + 1}-${randomUUID().slice(0, 8)}`,
  name: `bench-webhooks-pharmacy-${i + 1}`,
}));

/** Each consultation gives two pharmacy events: `received` -> accepted, FHIR `delivered` -> delivered. */
const WEBHOOK_TYPE: Readonly<Record<string, string>> = { received: 'consultation.accepted', delivered: 'consultation.delivered' };

function pipelineEvents(consultationId: string, pharmacyOds: string): PipelineEvent[] {
  const common = { consultationId, version: 1, pharmacyOds, practiceOds: 'A81001', correlationId: randomUUID() };
  return [
    createPipelineEvent({ type: 'received', source: 'ingest', ...common }),
    createPipelineEvent({ type: 'delivered', source: 'delivery', ...common, transport: 'fhir-rest', attempt: 1, code: '201', durationMs: 5 }),
  ];
}

interface Produced {
  /** `${consultationId}|${webhook type}` -> when its pipeline event was handed to the producer (epoch ms). */
  readonly sentAt: Map<string, number>;
  readonly events: number;
}

/** Produces `consultations` x 2 pipeline events, in chunks (as fast as the broker acknowledges, or paced). */
async function produce(
  producer: RecordProducer,
  topics: ReturnType<typeof resolveTopicNames>,
  consultations: number,
  options: { perSecond?: number; signal: AbortSignal },
): Promise<Produced> {
  const sentAt = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const started = Date.now();
  const chunk = options.perSecond === undefined ? CHUNK : Math.max(1, Math.round(options.perSecond / 2 / 50));
  for (let i = 0; i < consultations && !options.signal.aborted; i += chunk) {
    if (options.perSecond !== undefined) {
      // Open loop: the i-th consultation is due at i / (rate / 2) seconds, whatever the service does.
      const dueAt = started + (i * 2 * 1000) / options.perSecond;
      if (dueAt > Date.now()) await sleep(dueAt - Date.now());
    }
    const records: OutgoingRecord[] = [];
    const now = Date.now();
    for (let j = i; j < Math.min(consultations, i + chunk); j += 1) {
      const consultationId = randomUUID();
      const pharmacy = PHARMACIES[j % PHARMACIES.length] as TestPharmacy;
      for (const event of pipelineEvents(consultationId, pharmacy.ods)) {
        records.push(pipelineEventRecord(topics, event));
        sentAt.set(`${consultationId}|${WEBHOOK_TYPE[event.type]}`, now);
      }
    }
    const sent = producer.send(records);
    // A burst waits for each acknowledgement (the producer batches what queues meanwhile); a paced run does not.
    if (options.perSecond === undefined) await sent;
    else sends.push(sent);
  }
  await Promise.all(sends);
  return { sentAt, events: sentAt.size };
}

function latencies(produced: Produced, receiver: WebhookReceiver): number[] {
  const samples: number[] = [];
  for (const [key, at] of receiver.arrivals) {
    const sent = produced.sentAt.get(key);
    if (sent !== undefined) samples.push(at - sent);
  }
  return samples;
}

/**
 * Webhook fan-out: pharmacy-notify alone, fed pipeline events straight onto pipeline.events.v1,
 * delivering to one endpoint per pharmacy on a loopback receiver that answers 204. Measures events
 * delivered per second from a burst (first produce to last receipt), latency from pipeline event
 * to receipt at a fixed offered rate, CPU per delivered event and peak RSS of the service.
 */
export async function webhooksScenario(context: BenchContext): Promise<ScenarioResult> {
  const started = Date.now();
  const receiver = await startWebhookReceiver();
  const logger = createLogger({ service: 'bench-webhooks', level: 'silent' });
  let producer: RecordProducer | undefined;
  const system = await startServices({
    brokers: context.brokers,
    label: 'bench-webhooks',
    services: ['pharmacy-notify'],
    env: pharmacyNotifyEnv(apiKeysJson(PHARMACIES)),
    log: context.log,
  }).catch(async (err: unknown) => {
    await receiver.close();
    throw err;
  });
  try {
    const notifyUrl = system.table.urls.pharmacyNotify;
    const pid = system.processes.get('pharmacy-notify')?.pid;
    for (const pharmacy of PHARMACIES) await registerWebhookEndpoint(notifyUrl, pharmacy.key, { url: `${receiver.url}/p/${pharmacy.ods}` });
    const topics = resolveTopicNames(system.topicPrefix);
    producer = createRecordProducer(createKafkaClient({ brokers: context.brokers, clientId: 'bench-webhooks' }, logger), logger);
    await producer.connect();
    const metrics: Metric[] = [];
    const notes: string[] = [
      `${PHARMACY_COUNT} pharmacies with one endpoint each on a loopback receiver answering 204; 2 webhook events per consultation (accepted, delivered); no target in the issue for these`,
    ];

    // Warm-up: consumer groups joined, the endpoints' loops running, JIT warm.
    const warm = await produce(producer, topics, size(context, 100, 25), { signal: context.signal });
    await waitForCount('webhooks warm-up', async () => receiver.distinct(), warm.events, boundedWait(context, 60_000), context.signal);
    receiver.reset();

    // Latency at a fixed offered rate (well under capacity): pipeline event produced -> webhook received.
    const rate = size(context, 200, 100);
    const pacedMs = size(context, 15_000, 5_000);
    const paced = await produce(producer, topics, Math.round(((rate / 2) * pacedMs) / 1000), { perSecond: rate, signal: context.signal });
    const pacedArrived = await waitForCount(
      `webhooks at ${rate}/s`,
      async () => receiver.distinct(),
      paced.events,
      boundedWait(context, 60_000),
      context.signal,
    );
    const pacedLatency = summarise(latencies(paced, receiver));
    const latencyNote = `${pacedArrived.reached}/${paced.events} received; no target in the issue`;
    metrics.push(
      { name: `webhook latency p50 at ${rate} events/s`, value: pacedLatency.p50, unit: 'ms', note: latencyNote },
      {
        name: `webhook latency p99 at ${rate} events/s`,
        value: pacedLatency.p99,
        unit: 'ms',
        note: `pipeline event produced -> webhook received; max ${Math.round(pacedLatency.max ?? 0)} ms`,
      },
    );
    receiver.reset();

    // Burst: a backlog of N events as fast as the broker takes them; rate from first produce to last receipt.
    const consultations = size(context, 10_000, 1_000);
    if (timeLeft(context) < 20_000) notes.push('burst not run: the step ran out of time');
    else {
      const cpuBefore = cpuSeconds(pid);
      const burstStarted = Date.now();
      const burst = await produce(producer, topics, consultations, { signal: context.signal });
      const arrived = await waitForCount(
        'webhooks burst',
        async () => receiver.distinct(),
        burst.events,
        boundedWait(context, size(context, 120_000, 60_000)),
        context.signal,
      );
      const cpuAfter = cpuSeconds(pid);
      const perSecond = ratePerSecond(arrived.reached, burstStarted, arrived.lastGrowthAtMs);
      const burstLatency = summarise(latencies(burst, receiver));
      metrics.push({
        name: 'webhook events delivered per second (burst)',
        value: perSecond,
        unit: 'events/s',
        note: `${arrived.reached}/${burst.events} in ${((arrived.lastGrowthAtMs - burstStarted) / 1000).toFixed(1)} s${arrived.timedOut ? ' (wait ended)' : ''}; no target in the issue`,
      });
      metrics.push({
        name: 'webhook latency p99 (burst backlog)',
        value: burstLatency.p99,
        unit: 'ms',
        note: `p50 ${Math.round(burstLatency.p50 ?? 0)} ms: queueing behind the backlog`,
      });
      if (cpuBefore !== undefined && cpuAfter !== undefined && arrived.reached > 0)
        metrics.push({
          name: 'pharmacy-notify CPU per delivered event (burst)',
          value: ((cpuAfter - cpuBefore) * 1000) / arrived.reached,
          unit: 'ms',
          note: `${(cpuAfter - cpuBefore).toFixed(1)} CPU-s: projection, feed, signing, the request and its attempt record; no target in the issue`,
        });
    }
    const rss = peakRssMb(pid);
    if (rss !== undefined) context.peakRss.set('pharmacy-notify', Math.max(rss, context.peakRss.get('pharmacy-notify') ?? 0));
    metrics.push({ name: 'pharmacy-notify peak RSS', value: rss, unit: 'MB', note: 'VmHWM after the run; no target in the issue' });
    const { duplicates, unsigned, wrongPharmacy, unreadable } = receiver.counts;
    if (duplicates + unsigned + wrongPharmacy + unreadable > 0)
      notes.push(`receiver saw ${duplicates} duplicate deliveries, ${unsigned} unsigned, ${wrongPharmacy} for another pharmacy, ${unreadable} unreadable`);
    notes.push(`receiver requests ${receiver.counts.requests} in all`);
    return { scenario: 'webhooks', status: 'ok', seconds: (Date.now() - started) / 1000, metrics, notes };
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await system.stop();
    await receiver.close();
  }
}
