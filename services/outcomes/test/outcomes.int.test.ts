import { randomUUID } from 'node:crypto';
import {
  type ConsultationEvent,
  type ConsultationInput,
  consultationSchema,
  createPipelineEvent,
  type OutcomeFact,
  type OutcomeFactRecord,
  outcomeFactRecordSchema,
  type PipelineEvent,
} from '@firstsync/contracts';
import { cloneFixture, type FixtureName, randomTestNhsNumber } from '@firstsync/contracts/fixtures';
import { createRecordProducer, HEADER, type KafkaClient, type RecordProducer, SCHEMA, type TopicNames } from '@firstsync/kafka';
import { projectFacts } from '@firstsync/outcomes-core';
import { capturingLogger, isolatedTopics, leakedSecrets, quietLogger, readTopic, testBrokers, testKafka } from '@firstsync/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOutcomes, type OutcomesService } from '../src/app';
import { loadOutcomesConfig } from '../src/config';
import { factKeyFunction } from '../src/fact-key';

const SECRET = `int-test-secret-${randomUUID()}`;
const factKeyOf = factKeyFunction(SECRET);

/** A fixture as a fresh consultation: its own id and NHS number, an hour ago. */
function consultationOf(name: FixtureName, edit: (c: ConsultationInput) => void = () => {}): ConsultationEvent {
  const input = cloneFixture(name);
  input.consultationId = randomUUID();
  input.patient.nhsNumber = randomTestNhsNumber();
  input.startedAt = new Date(Date.now() - 3_600_000).toISOString();
  input.endedAt = new Date(Date.now() - 3_000_000).toISOString();
  edit(input);
  const consultation = consultationSchema.parse(input);
  return {
    envelope: { schemaVersion: 1, receivedAt: new Date().toISOString(), pharmacyOds: consultation.pharmacy.odsCode, correlationId: randomUUID(), warnings: [] },
    consultation,
  };
}

function pipeline(event: ConsultationEvent, type: PipelineEvent['type'], fields: Partial<PipelineEvent> = {}): PipelineEvent {
  const { consultation } = event;
  return createPipelineEvent({
    type,
    source: 'delivery',
    consultationId: consultation.consultationId,
    version: consultation.version,
    correlationId: event.envelope.correlationId,
    pharmacyOds: consultation.pharmacy.odsCode,
    practiceOds: consultation.patient.registeredPractice.odsCode,
    service: consultation.service,
    ...fields,
  });
}

/** Every identifying or free-text value of a consultation, and the ids that link to it, as sent. */
function rawValues(event: ConsultationEvent): string[] {
  const { consultation: c, envelope } = event;
  return [
    c.consultationId,
    envelope.correlationId,
    c.patient.nhsNumber,
    c.patient.birthDate,
    c.patient.name.family,
    ...c.patient.name.given,
    ...(c.patient.postcode ? [c.patient.postcode] : []),
    ...(c.patient.registeredPractice.name ? [c.patient.registeredPractice.name] : []),
    c.pharmacy.name,
    c.clinician.name.family,
    ...c.clinician.name.given,
    ...(c.clinician.gphcNumber ? [c.clinician.gphcNumber] : []),
    ...Object.values(c.notes).filter((v): v is string => typeof v === 'string'),
    ...c.presentingComplaints.map((p) => p.display),
    ...c.medicinesSupplied.flatMap((m) => [m.name, m.dosageText, m.patientInstruction, m.quantity.unit]),
    ...(c.referral?.reference ? [c.referral.reference] : []),
    c.startedAt,
  ];
}

describe('outcomes: consultations and pipeline events in, de-identified facts out, through the real broker', () => {
  let kafka: KafkaClient;
  let topics: TopicNames;
  let service: OutcomesService;
  let producer: RecordProducer;
  const { logger, lines } = capturingLogger('outcomes');

  beforeAll(async () => {
    const isolated = await isolatedTopics('outcomes');
    topics = isolated.topics;
    kafka = testKafka('outcomes');
    const config = loadOutcomesConfig({
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_PREFIX: isolated.prefix,
      OUTCOMES_FACT_KEY_SECRET: SECRET,
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    });
    service = buildOutcomes({ config, logger, kafka });
    await service.start();
    producer = createRecordProducer(testKafka('outcomes-test'), quietLogger);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
  });

  it('projects each consultation once, with its delivery result as it evolves, and nothing that identifies anyone', async () => {
    const uti = consultationOf('uncomplicatedUti');
    const sinusitis = consultationOf('sinusitis');
    const amended = consultationOf('sinusitis', (c) => {
      c.consultationId = sinusitis.consultation.consultationId;
      c.patient.nhsNumber = sinusitis.consultation.patient.nhsNumber;
      c.version = 2;
      c.outcome = 'referred-to-gp';
    });
    const refused = consultationOf('consentRefused');
    const bite = consultationOf('infectedInsectBite');
    const inputs = [uti, sinusitis, amended, refused, bite];

    const events = [
      pipeline(uti, 'received', { source: 'ingest' }),
      pipeline(uti, 'mapped', { source: 'fhir-mapper' }),
      pipeline(uti, 'sent', { transport: 'fhir-rest' }),
      pipeline(uti, 'delivered', { transport: 'fhir-rest', code: '201' }),
      pipeline(sinusitis, 'mapped', { source: 'fhir-mapper' }),
      pipeline(sinusitis, 'bus-ack', { transport: 'mesh', code: '30001', details: { positive: true } }),
      pipeline(sinusitis, 'delivered', { transport: 'mesh', code: '30001', details: { acknowledged: true } }),
      pipeline(amended, 'received', { source: 'ingest' }),
      pipeline(amended, 'needs-fallback', { transport: 'mesh', code: '20010' }),
      pipeline(amended, 'fallback-sent', { transport: 'nhsmail', code: '250', details: { cause: '20010' } }),
      pipeline(refused, 'not-shared', { source: 'fhir-mapper' }),
      pipeline(bite, 'mapped', { source: 'fhir-mapper' }),
      pipeline(bite, 'practice-held', { consultationId: undefined, actor: 'operator' }),
    ];

    await producer.send([
      ...inputs.map((event) => ({
        topic: topics.consultations,
        key: event.consultation.consultationId,
        value: JSON.stringify(event),
        headers: { [HEADER.consultationId]: event.consultation.consultationId, [HEADER.correlationId]: event.envelope.correlationId },
      })),
      { topic: topics.consultations, key: randomUUID(), value: '{"patient":{"name":"Jane Example"' },
      ...events.map((event) => ({
        topic: topics.pipelineEvents,
        key: event.consultationId ?? event.practiceOds ?? null,
        value: JSON.stringify(event),
        headers: { [HEADER.schema]: SCHEMA.pipelineEvent },
      })),
    ]);

    const reader = await readTopic(topics.outcomesFacts, (record) => ({
      key: record.key,
      headers: record.headers,
      raw: String(record.value),
      fact: outcomeFactRecordSchema.parse(JSON.parse(String(record.value))) as OutcomeFactRecord,
    }));
    const byKey = (facts: readonly OutcomeFact[], event: ConsultationEvent) => facts.find((f) => f.factKey === factKeyOf(event.consultation.consultationId));
    try {
      // Until every fact has its final result (records arrive partition by partition).
      await reader.waitFor((values) => {
        const facts = projectFacts(values.map((v) => v.fact));
        return facts.length === 4 && byKey(facts, amended)?.delivery.result === 'fallback-email' && byKey(facts, uti)?.delivery.result === 'filed';
      });
      const values = reader.values;
      const facts = projectFacts(values.map((v) => v.fact));

      expect(byKey(facts, uti)).toMatchObject({
        version: 1,
        service: 'pharmacy-first',
        pathway: 'uncomplicated-uti',
        outcome: 'medicine-supplied',
        medicines: [{ dmdCode: '24549911000001107', antibiotic: true }],
        sharedWithGp: true,
        delivery: { result: 'filed', route: 'fhir-rest', code: '201' },
      });
      expect(byKey(facts, uti)?.delivery.filedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      // The amendment replaced the consultation part (one fact, version 2) and has a delivery of its own.
      expect(byKey(facts, amended)).toMatchObject({
        version: 2,
        outcome: 'referred-to-gp',
        delivery: { result: 'fallback-email', route: 'nhsmail', code: '20010' },
      });
      expect(values.filter((v) => v.key === `${factKeyOf(sinusitis.consultation.consultationId)}/consultation`)).toHaveLength(2);
      expect(byKey(facts, refused)?.delivery.result).toBe('not-shared');
      expect(byKey(facts, bite)?.delivery.result).toBe('pending');

      for (const value of values) {
        expect(value.headers).toEqual({ [HEADER.schema]: SCHEMA.outcomeFact, [HEADER.producedBy]: 'outcomes' });
        expect(value.key).toMatch(/^[0-9a-f]{64}\/(consultation|delivery\/\d+)$/);
      }
      // No identifier, free text, id or time of any input in any fact's key, headers or value.
      const everything = values.map((v) => `${v.key} ${JSON.stringify(v.headers)} ${v.raw}`).join('\n');
      const leaked = [...inputs.flatMap(rawValues), ...events.map((e) => e.eventId), ...events.map((e) => e.at)].filter((raw) => everything.includes(raw));
      expect(leaked).toEqual([]);
      expect(lines.some((line) => line.includes('unreadable record; no fact'))).toBe(true);
      expect(leakedSecrets(lines, ['Jane Example', SECRET, ...inputs.flatMap(rawValues).filter((raw) => raw.length > 8)])).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});
