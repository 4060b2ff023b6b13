import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ConsultationEvent, createAcceptanceGate, createConsultationSchema, outcomeFactRecordSchema, type PipelineEvent } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { HEADER, type IncomingRecord, resolveTopicNames, SCHEMA } from '@firstsync/kafka';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_FACT_KEY_SECRET, loadOutcomesConfig } from '../src/config';
import { factKeyFunction } from '../src/fact-key';
import { factRecord, projectRecord } from '../src/handlers/project-facts';

const topics = resolveTopicNames('t.');
const factKeyOf = factKeyFunction('a-test-secret-of-at-least-32-characters!');
const context = { topics, factKeyOf };
const schema = createConsultationSchema({ now: () => FIXTURE_NOW });

function record(topic: string, value: unknown, key: string | null = null): IncomingRecord {
  return { topic, partition: 0, offset: '0', key, value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), headers: {}, timestamp: 0 };
}

const consultation = schema.parse(fixtures.uncomplicatedUti);
const event: ConsultationEvent = {
  envelope: { schemaVersion: 1, receivedAt: '2026-03-10T10:00:00Z', pharmacyOds: consultation.pharmacy.odsCode, correlationId: 'corr-1', warnings: [] },
  consultation,
};

describe('fact keys', () => {
  it('are a keyed hash of the consultation id: stable, case-blind, secret-dependent, never the id', () => {
    const id = consultation.consultationId;
    expect(factKeyOf(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(factKeyOf(id.toUpperCase())).toBe(factKeyOf(id));
    expect(factKeyFunction('another-secret-of-at-least-32-characters')(id)).not.toBe(factKeyOf(id));
    expect(factKeyOf(id)).not.toContain(id.replaceAll('-', ''));
  });
});

describe('projectRecord', () => {
  it('turns a consultation into its consultation part, under its fact key', () => {
    const projected = projectRecord(record(topics.consultations, event, consultation.consultationId), context);
    expect(projected).toMatchObject({
      kind: 'fact',
      fact: { part: 'consultation', factKey: factKeyOf(consultation.consultationId), pathway: 'uncomplicated-uti' },
    });
  });

  it('turns a deciding pipeline event into the delivery part of its version, under the same fact key', () => {
    const pipeline: PipelineEvent = {
      eventId: randomUUID(),
      type: 'delivered',
      at: '2026-03-10T10:30:00Z',
      source: 'delivery',
      consultationId: consultation.consultationId,
      version: 1,
      transport: 'fhir-rest',
      code: '201',
    };
    const projected = projectRecord(record(topics.pipelineEvents, pipeline), context);
    expect(projected).toMatchObject({ kind: 'fact', fact: { part: 'delivery', factKey: factKeyOf(consultation.consultationId), result: 'filed' } });
  });

  it('counts only the first submission of an id and version, as the mapper maps only it (a second, refused 409, can follow on the partition)', () => {
    const gate = createAcceptanceGate();
    const first = gate.batch();
    expect(projectRecord(record(topics.consultations, event, consultation.consultationId), context, first).kind).toBe('fact');
    first.commit();
    // Same id and version, other content: ingest answered 409; it must not replace the first's part.
    const other: ConsultationEvent = { ...event, consultation: { ...consultation, outcome: 'referred-to-gp' } };
    const second = gate.batch();
    expect(projectRecord(record(topics.consultations, other, consultation.consultationId), context, second).kind).toBe('refused');
    // An amendment (a higher version) is counted: it replaces the first's part under the same key.
    const amended: ConsultationEvent = { ...event, consultation: { ...consultation, version: 2, outcome: 'referred-to-gp' } };
    expect(projectRecord(record(topics.consultations, amended, consultation.consultationId), context, second)).toMatchObject({
      kind: 'fact',
      fact: { part: 'consultation', version: 2 },
    });
  });

  it('says nothing of practice events and unreadable records', () => {
    const held: PipelineEvent = { eventId: randomUUID(), type: 'practice-held', at: '2026-03-10T10:30:00Z', source: 'dashboard', practiceOds: 'A81001' };
    expect(projectRecord(record(topics.pipelineEvents, held), context)).toEqual({ kind: 'none' });
    expect(projectRecord(record(topics.consultations, '{"patient":"Jane Example'), context)).toEqual({ kind: 'unreadable' });
    expect(projectRecord(record(topics.pipelineEvents, { type: 'nonsense' }), context)).toEqual({ kind: 'unreadable' });
  });

  it('writes the part under its own key with only the schema and producer headers', () => {
    const projected = projectRecord(record(topics.consultations, event), context);
    if (projected.kind !== 'fact') throw new Error('expected a fact');
    const out = factRecord(projected.fact, topics);
    expect(out.topic).toBe(topics.outcomesFacts);
    expect(out.key).toBe(`${factKeyOf(consultation.consultationId)}/consultation`);
    expect(out.headers).toEqual({ [HEADER.schema]: SCHEMA.outcomeFact, [HEADER.producedBy]: 'outcomes' });
    expect(outcomeFactRecordSchema.parse(JSON.parse(String(out.value)))).toEqual(projected.fact);
  });
});

describe('configuration', () => {
  it('takes the fact key secret from the environment or its file, and refuses a short one without echoing it', () => {
    expect(loadOutcomesConfig({}).OUTCOMES_FACT_KEY_SECRET).toBeUndefined();
    expect(DEVELOPMENT_FACT_KEY_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(() => loadOutcomesConfig({ OUTCOMES_FACT_KEY_SECRET: 'short-secret' })).toThrow(/OUTCOMES_FACT_KEY_SECRET: must be at least 32/);
    expect(() => loadOutcomesConfig({ OUTCOMES_FACT_KEY_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(loadOutcomesConfig({}).PORT).toBe(8085);
  });

  it('never starts tracing: a trace context on a fact would link it to the consultation', () => {
    for (const file of ['main.ts', 'app.ts', 'handlers/project-facts.ts']) {
      expect(readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8')).not.toMatch(/@firstsync\/tracing|startTracing|startServiceTracing/);
    }
  });
});
