// The processes of a full local firstsync, in start order. Used by `npm start`, the e2e tests and
// the benchmarks so all three run the same system. Every port can be overridden by env.
const env = process.env;
const num = (name, fallback) => Number(env[name] ?? fallback);

export function serviceTable({ brokers, topicPrefix = '', portOffset = 0, logLevel = env.LOG_LEVEL ?? 'info' } = {}) {
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
      { name: 'ingest', dir: 'services/ingest', port: ports.ingest, env: { ...common, PORT: String(ports.ingest), INGEST_PUBLIC_URL: `http://127.0.0.1:${ports.ingest}` } },
      { name: 'fhir-mapper', dir: 'services/fhir-mapper', port: ports.fhirMapper, env: { ...common, PORT: String(ports.fhirMapper) } },
      { name: 'delivery', dir: 'services/delivery', port: ports.delivery, env: { ...common, PORT: String(ports.delivery), DEFAULT_FHIR_BASE_URL: `${simulatorUrl}/fhir`, MESH_BASE_URL: `${simulatorUrl}` } },
      { name: 'dashboard', dir: 'services/dashboard', port: ports.dashboard, env: { ...common, PORT: String(ports.dashboard) } },
    ],
  };
}
