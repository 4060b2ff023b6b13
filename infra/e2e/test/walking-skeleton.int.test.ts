import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type PipelineEvent, pipelineEventSchema } from '@firstsync/contracts';
import { cloneFixture } from '@firstsync/contracts/fixtures';
import { ensureTopics, resolveTopicNames } from '@firstsync/kafka';
import { type RunningSystem, startSystem } from '@firstsync/system-harness';
import { quietLogger, readTopic, type TopicReader, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The walking skeleton of the foundation issue, as real as `npm start`: every service is its own
// Node process started exactly as the start command starts it, talking to the real broker, with a
// topic prefix and ports of its own so it never meets another test's records or ports.

const DEMO_KEY = 'demo-pharmacy-key-FXA01';

/** pino's numeric level of a JSON log line (0 for anything else a process printed). */
function levelOf(line: string): number {
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === 'number' ? level : 0;
  } catch {
    return 0;
  }
}

describe('walking skeleton: POST -> Kafka -> FHIR message -> simulator', () => {
  const prefix = `t.e2e.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;
  let events: TopicReader<PipelineEvent>;

  beforeAll(async () => {
    await ensureTopics(testKafka('e2e-admin'), quietLogger, { prefix });
    system = await startSystem({ brokers: testBrokers(), topicPrefix: prefix, only: ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery'] });
    events = await readTopic(resolveTopicNames(prefix).pipelineEvents, (record) => pipelineEventSchema.parse(JSON.parse(String(record.value))));
  });

  afterAll(async () => {
    await events?.close();
    await system?.stop();
  });

  it('delivers a consultation to the simulator and records received, mapped and delivered', async () => {
    if (!system) throw new Error('system did not start');
    const consultation = cloneFixture('soreThroat');
    consultation.consultationId = randomUUID();
    consultation.pharmacy.odsCode = 'FXA01';

    const response = await fetch(`${system.url('ingest')}/v1/consultations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(consultation),
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { consultationId: string; version: number; status: string };
    expect(accepted).toMatchObject({ consultationId: consultation.consultationId, version: 1 });

    const mine = (all: readonly PipelineEvent[]) => all.filter((event) => event.consultationId === consultation.consultationId);
    await events.waitFor((all) => ['received', 'mapped', 'delivered'].every((type) => mine(all).some((event) => event.type === type)), 45_000);
    const types = mine(events.values).map((event) => event.type);
    expect(types.indexOf('received')).toBeLessThan(types.indexOf('mapped'));
    expect(types.indexOf('mapped')).toBeLessThan(types.indexOf('delivered'));

    const received = await fetch(`${system.url('nhs-simulator')}/admin/received?consultationId=${consultation.consultationId}`);
    const body = (await received.json()) as { count: number; messages: Array<{ practiceOds: string }> };
    expect(body.count).toBe(1);
    expect(body.messages[0]?.practiceOds).toBe(consultation.patient.registeredPractice.odsCode);

    // What the services logged on the way must not carry the patient's identity or clinical text.
    const secrets = [
      consultation.patient.nhsNumber.replace(/\s/g, ''),
      consultation.patient.name.family,
      consultation.patient.birthDate,
      consultation.notes.clinicalSummary,
    ];
    const logText = system.logs.map((entry) => entry.line).join('\n');
    expect(system.logs.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => logText.includes(secret))).toEqual([]);

    // ...but an on-call engineer can follow it by id through every service at the default level.
    const servicesThatLoggedIt = new Set(
      system.logs.filter((entry) => entry.line.includes(consultation.consultationId) && levelOf(entry.line) >= 30).map((entry) => entry.service),
    );
    expect([...servicesThatLoggedIt].sort()).toEqual(expect.arrayContaining(['delivery', 'fhir-mapper', 'ingest']));
  });

  it('runs every service on the pinned supported Node.js, as each says in its first line', () => {
    if (!system) throw new Error('system did not start');
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { firstsync: { node: string } };
    const runtimes = new Map<string, unknown>();
    for (const entry of system.logs) {
      try {
        const line = JSON.parse(entry.line) as { msg?: unknown; node?: unknown };
        if (line.msg === 'starting') runtimes.set(entry.service, line.node);
      } catch {
        // Not a log line of ours (a process may print other text).
      }
    }
    expect(Object.fromEntries(runtimes)).toEqual({
      delivery: `v${manifest.firstsync.node}`,
      'fhir-mapper': `v${manifest.firstsync.node}`,
      ingest: `v${manifest.firstsync.node}`,
      'nhs-simulator': `v${manifest.firstsync.node}`,
    });
  });

  it('stops every service gracefully (exit 0, not killed after the grace period)', async () => {
    if (!system) throw new Error('system did not start');
    const exits = await system.stop();
    expect(exits.map((exit) => exit.service).sort()).toEqual(['delivery', 'fhir-mapper', 'ingest', 'nhs-simulator']);
    expect(exits.filter((exit) => exit.code !== 0 || exit.signal !== null)).toEqual([]);
  });
});
