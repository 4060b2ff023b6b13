// The processes of a full local firstsync, in start order. Used by `npm start`, the system harness
// (e2e, chaos, security, schemathesis) and the benchmarks so all of them run the same system.
// Every port can be overridden by env.
const env = process.env;
const num = (name: string, fallback: number): number => Number(env[name] ?? fallback);

export type ServiceName = 'nhs-simulator' | 'ingest' | 'fhir-mapper' | 'delivery' | 'dashboard';

export interface ServiceSpec {
  name: ServiceName;
  dir: string;
  port: number;
  env: Record<string, string>;
}

export interface ServiceTable {
  ports: { ingest: number; dashboard: number; fhirMapper: number; delivery: number; simulator: number };
  urls: { ingest: string; dashboard: string; simulator: string };
  services: ServiceSpec[];
}

/**
 * Delivery's route: 'fhir-rest' (default; the e2e tests, chaos runs and benchmarks rely on it) or
 * 'mesh' (`npm start`): MESH to the simulator, with the NHSmail fallback on the loopback SMTP sink.
 */
export type DeliveryRoute = 'fhir-rest' | 'mesh';

export interface ServiceTableOptions {
  brokers: string;
  topicPrefix?: string;
  portOffset?: number;
  logLevel?: string;
  route?: DeliveryRoute;
  /** The loopback SMTP sink's port for the NHSmail fallback (route 'mesh'); 2525 by default. */
  smtpPort?: number;
}

// The demo practices' shared NHSmail mailboxes: where the fallback summary goes when MESH gives up.
// A practice missing here gets no mail at all: its fallback waits for an operator (parked, with the
// reason), since patient data is only mailed to a practice's own address (issue #18).
const DEMO_PRACTICES = ['A81001', 'A81002', 'A81003'];

function deliveryRouteEnv(route: DeliveryRoute, simulatorUrl: string, smtpPort: number): Record<string, string> {
  if (route === 'fhir-rest') return { DEFAULT_FHIR_BASE_URL: `${simulatorUrl}/fhir`, MESH_BASE_URL: `${simulatorUrl}` };
  if (route !== 'mesh') throw new Error(`serviceTable: unknown route ${route}`);
  const nhsmailAddress = (ods: string): string => `${ods.toLowerCase()}.practice@nhs.test`;
  const directory = {
    default: { transport: 'mesh' },
    practices: Object.fromEntries(DEMO_PRACTICES.map((ods) => [ods, { transport: 'mesh', nhsmailAddress: nhsmailAddress(ods) }])),
  };
  return {
    // Values the simulator's MESH knows from the start (services/nhs-simulator/src/nhs-side/nhs-side-state.ts).
    MESH_URL: simulatorUrl,
    MESH_MAILBOX_ID: 'X26FS001',
    MESH_MAILBOX_PASSWORD: 'firstsync-simulator-password',
    MESH_SHARED_KEY: 'firstsync-simulator-shared-key',
    MESH_POLL_INTERVAL_MS: '2000',
    PRACTICE_DIRECTORY: JSON.stringify(directory),
    NHSMAIL_SMTP_HOST: '127.0.0.1',
    NHSMAIL_SMTP_PORT: String(smtpPort),
    NHSMAIL_SMTP_REQUIRE_TLS: 'false',
  };
}

export function serviceTable({
  brokers,
  topicPrefix = '',
  portOffset = 0,
  logLevel = env.LOG_LEVEL ?? 'info',
  route = 'fhir-rest',
  smtpPort = 2525,
}: ServiceTableOptions): ServiceTable {
  const ports = {
    ingest: num('INGEST_PORT', 8080) + portOffset,
    dashboard: num('DASHBOARD_PORT', 8081) + portOffset,
    fhirMapper: num('FHIR_MAPPER_PORT', 8082) + portOffset,
    delivery: num('DELIVERY_PORT', 8083) + portOffset,
    simulator: num('NHS_SIMULATOR_PORT', 8090) + portOffset,
  };
  const common = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: logLevel, HOST: '127.0.0.1' };
  const simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
  return {
    ports,
    urls: {
      ingest: `http://127.0.0.1:${ports.ingest}`,
      dashboard: `http://127.0.0.1:${ports.dashboard}`,
      simulator: simulatorUrl,
    },
    services: [
      { name: 'nhs-simulator', dir: 'services/nhs-simulator', port: ports.simulator, env: { ...common, PORT: String(ports.simulator) } },
      {
        name: 'ingest',
        dir: 'services/ingest',
        port: ports.ingest,
        env: { ...common, PORT: String(ports.ingest), INGEST_PUBLIC_URL: `http://127.0.0.1:${ports.ingest}` },
      },
      { name: 'fhir-mapper', dir: 'services/fhir-mapper', port: ports.fhirMapper, env: { ...common, PORT: String(ports.fhirMapper) } },
      {
        name: 'delivery',
        dir: 'services/delivery',
        port: ports.delivery,
        env: { ...common, PORT: String(ports.delivery), ...deliveryRouteEnv(route, simulatorUrl, smtpPort) },
      },
      { name: 'dashboard', dir: 'services/dashboard', port: ports.dashboard, env: { ...common, PORT: String(ports.dashboard) } },
    ],
  };
}
