import { randomUUID } from 'node:crypto';
import { apiKeysJson, type GeneratedConsultation, generateConsultations, PHARMACIES, type RunningSystem, startSystem } from '@firstsync/system-harness';
import { testBrokers } from '@firstsync/testkit';

export { PHARMACIES };

export interface IngestProcess {
  readonly system: RunningSystem;
  readonly url: string;
  /** Every line the process wrote so far (stdout and stderr). */
  logText(): string;
  stop(): Promise<void>;
}

/** The real ingest process (as `npm start` runs it) on its own topic namespace, keys for two pharmacies. */
export async function startIngestProcess(label: string, env: Record<string, string> = {}): Promise<IngestProcess> {
  const system = await startSystem({
    brokers: testBrokers(),
    topicPrefix: `t.${label}.${randomUUID().slice(0, 8)}.`,
    only: ['ingest'],
    logLevel: 'debug',
    env: {
      ingest: {
        INGEST_API_KEYS: apiKeysJson(),
        INGEST_CONSUMER_SESSION_TIMEOUT_MS: '10000',
        INGEST_CONSUMER_HEARTBEAT_MS: '1000',
        ...env,
      },
    },
  });
  return {
    system,
    url: system.url('ingest'),
    logText: () => system.logs.map((l) => l.line).join('\n'),
    stop: async () => void (await system.stop()),
  };
}

/** A valid consultation of `pharmacyOds` with a fresh id (from the shared fixtures). */
export function consultationFor(pharmacyOds: string): GeneratedConsultation {
  const [one] = generateConsultations({ count: 1, pharmacyOds, practices: ['A81001'], poisonPractices: [], poisonRatio: 0 });
  if (!one) throw new Error('no consultation generated');
  return one;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
export const jsonHeaders = (key: string) => ({ ...bearer(key), 'content-type': 'application/json' });
