import { randomBytes } from 'node:crypto';

// The processes of a full local firstsync, in start order. Used by `npm start`, the system harness
// (e2e, chaos, security, schemathesis) and the benchmarks so all of them run the same system.
// Every port can be overridden by env.
const env = process.env;
const num = (name: string, fallback: number): number => Number(env[name] ?? fallback);

export type ServiceName = 'nhs-simulator' | 'ingest' | 'fhir-mapper' | 'delivery' | 'dashboard' | 'pharmacy-notify' | 'outcomes';

export interface ServiceSpec {
  name: ServiceName;
  dir: string;
  /** The service's public port (shared by its instances for ingest and dashboard). */
  port: number;
  env: Record<string, string>;
  /** V8 old-space limit in MB (`--max-old-space-size`, with `--max-semi-space-size`), from HEAP_BUDGET_MB. */
  heapMb: number;
  /** Which instance of the service this process is (0 when it runs once). */
  instance: number;
  /** How logs and the harness name the process: the service name, plus `#n` (1-based) when it runs more than once. */
  label: string;
  /** Where this instance alone answers /health/ready: its own PORT, or its INSTANCE_PORT behind a shared port. */
  instancePort: number;
}

/** How many processes of each service run (1 when not named). */
export type Instances = Partial<Record<ServiceName, number>>;

/**
 * Services whose instances share their public port through the kernel's SO_REUSEPORT, as behind a
 * load balancer (REUSE_PORT, and INSTANCE_PORT for each instance's own health port: listenService
 * in @firstsync/http-app). The other services' instances each listen on a port of their own.
 */
export const SHARED_PORT_SERVICES: readonly ServiceName[] = ['ingest', 'dashboard'];

/** The NHS side is a simulation of outside systems, not ours to replicate: always one process. */
const SINGLE_INSTANCE: readonly ServiceName[] = ['nhs-simulator'];

export const SERVICE_NAMES: readonly ServiceName[] = ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery', 'dashboard', 'pharmacy-notify', 'outcomes'];

/**
 * FIRSTSYNC_INSTANCES: `2` (every service but the simulator twice), `ingest=2,delivery=3` (per
 * service), or both (`2,dashboard=1`). Unset or empty: one of each.
 */
export function parseInstances(value: string | undefined): Instances {
  const instances: Instances = {};
  for (const part of (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, count] = part.includes('=') ? part.split('=', 2).map((p) => p.trim()) : [undefined, part];
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`FIRSTSYNC_INSTANCES: ${part} is not a count from 1 to 9`);
    if (name === undefined) {
      for (const service of SERVICE_NAMES) if (!SINGLE_INSTANCE.includes(service)) instances[service] = n;
    } else {
      const service = SERVICE_NAMES.find((s) => s === name);
      if (!service) throw new Error(`FIRSTSYNC_INSTANCES: unknown service ${name}`);
      if (SINGLE_INSTANCE.includes(service) && n !== 1) throw new Error(`FIRSTSYNC_INSTANCES: ${service} always runs once`);
      instances[service] = n;
    }
  }
  return instances;
}

/** Instance i's own port: the public port itself for the first instance of a service that does not share it. */
const instancePortOf = (publicPort: number, instance: number, shared: boolean): number => publicPort + 100 * (shared ? instance + 1 : instance);

/**
 * Each service's V8 old-space budget in MB, passed as `--max-old-space-size` by every launcher:
 * startService (npm start, e2e, chaos, benchmarks), docker-compose.yml and infra/k8s/firstsync.yaml
 * (a unit test keeps the three in step). Without it V8 lets the heap grow far past live data under
 * load. Sized from the live heap measured under the benchmark (after a full GC, both Kafka clients;
 * infra/benchmarks/README.md "Memory"), which is what each service keeps at its default bounds plus
 * 30-40 MB of code and libraries, with about a third on top for the collector. A process's RSS is
 * about its heap plus ~53 MB of the Node binary's pages and 30-60 MB of native memory (sockets, HTTP
 * parsers, Kafka buffers, glibc's heap); 150 MB leaves the heap about 60 MB.
 * - ingest (live 52 / 59 MB with kafkajs / @platformatic/kafka at the benchmark's 1,000/s phase): idempotency store 50k x ~220 B (11 MB) + 5k
 *   timelines x ~1.5 KB (7.5 MB) at their default bounds, plus at most INGEST_MAX_IN_FLIGHT (128) requests.
 * - delivery (live 54 MB with kafkajs, 68 MB with @platformatic/kafka, whose read-ahead holds up to 8
 *   fetches): ~250 B a consultation on the heap (bodies in the spill file) and the batches in hand:
 *   FETCH_BYTES_PER_PARTITION (256 KB, about 18 Update Records) per partition being worked; MESH
 *   uploads awaiting their acks and at most MESH_KEEP_DONE_MAX (2,000) finished ones, ~0.9 KB each.
 * - fhir-mapper (live 36 / 42 MB): nothing kept beyond the batches in hand: MAPPER_FETCH_BYTES_PER_PARTITION
 *   (128 KB, about 100 consultations) per partition, MAPPER_CONCURRENCY (2) at once, each with its Update
 *   Record messages until the batch is sent.
 * - nhs-simulator (live 41 MB): the latest SIMULATOR_KEEP_BODIES (200) bodies plus receipt metadata per message.
 * - pharmacy-notify (live 60 / 75 MB with kafkajs / @platformatic/kafka in the 20,000-event webhook burst): each pharmacy's change feed
 *   (FEED_MAX_EVENTS_PER_PHARMACY, 10,000, and FEED_MAX_EVENTS over all pharmacies, 40,000 x ~0.65 KB),
 *   the projector's PROJECTOR_MAX_CONSULTATIONS (20,000 x ~0.15 KB), the webhook registry, the last attempts per endpoint
 *   and up to WEBHOOK_MAX_CONCURRENT (256) requests in flight.
 * - dashboard: the read model is not bounded by count (about 11 KB a consultation, rebuilt from 90 days of
 *   events at start), so a tight cap would turn growth into a crash loop at start-up; 384 MB holds about
 *   30,000 consultations. The scale-out issue's read store (PostgreSQL) is what bounds it.
 * - outcomes: nothing kept beyond the batches in hand (consultations parsed, small facts out); no
 *   message is built, so less than the mapper.
 */
export const HEAP_BUDGET_MB: Record<ServiceName, number> = {
  'nhs-simulator': 64,
  ingest: 72,
  'fhir-mapper': 64,
  delivery: 96,
  dashboard: 384,
  'pharmacy-notify': 96,
  outcomes: 64,
};

/**
 * V8 young generation: one semi-space at most this many MB (every service). Node 24's default lets
 * the new space grow to 64 MB (two 32 MB semi-spaces) under allocation churn, all of it resident;
 * 8 MB kept it at 16 MB (in a churn test: peak RSS 134 -> 80 MB at the same old-space limit), 4 MB
 * at 8 MB (benchmark, quick: fhir-mapper 167 -> 148, simulator 151 -> 144 MB peak RSS, with no
 * measurable change in CPU per consultation). Smaller is not worth it: 1 MB (what --optimize-for-size
 * sets) saved 5-10 MB of peak RSS but cost 11-18 % more CPU per consultation (paired benchmark runs).
 */
export const SEMI_SPACE_MB = 4;

/**
 * V8 allocation-site pretenuring off (every service). With it, an allocation site whose objects
 * mostly survive a scavenge is switched to allocating straight into the old generation, where its
 * later objects stay until the next full collection, however short their lives; ArrayBuffers (Kafka
 * fetches, HTTP bodies) among them. A heap snapshot of delivery at 18-27 MB of ArrayBuffers found
 * 1.8-1.9 MB of them live. Paired runs (`--only=end-to-end[,webhooks],memory`, kafkajs, without /
 * with): delivery's peak RSS 170 / 157 and 165 / 159 MB; the other services and the CPU per
 * consultation within run-to-run spread. Not accepted in NODE_OPTIONS, so every launcher passes it
 * on the command line with the heap budget.
 */
export const NO_PRETENURING = '--no-allocation-site-pretenuring';

/** The node flags that apply a service's heap budget and collector settings, before the script. */
export const heapFlags = (heapMb: number): string[] => [`--max-old-space-size=${heapMb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, NO_PRETENURING];

/**
 * glibc malloc settings of every service (also docker-compose.yml and the Kubernetes ConfigMap; a
 * unit test keeps the three in step). An operator's own value of any of them still wins.
 * - MALLOC_ARENA_MAX: glibc's default of 8 arenas per core gives Node's threads (libuv pool, V8
 *   workers) arenas of their own, each keeping its freed memory.
 * - MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_: fixed at 32 KB. glibc otherwise raises the mmap
 *   threshold (up to 32 MB) once a large block is freed, after which Kafka fetch responses and HTTP
 *   bodies come from the main heap and stay there; in the benchmark the main heap of delivery and
 *   fhir-mapper held 36-44 MB at peak, 19-22 MB with 128 KB.
 * Peak RSS under the quick benchmark (kafkajs), delivery / fhir-mapper / ingest / simulator:
 * 217 / 181 / 183 / 155 MB without them, 191 / 167 / 170 / 151 MB with 128 KB. 32 KB instead of
 * 128 KB (2026-12-02, paired runs, kafkajs, delivery / fhir-mapper / ingest / simulator /
 * pharmacy-notify): quick 159 / 143 / 154 / 125 / 155 -> 158 / 135 / 152 / 124 / 142 MB; full
 * 187 / 167 / 170 / 142 / 178 -> 185 / 156 / 173 / 140 / 170 MB; CPU per consultation within the
 * noise of the two runs (FHIR REST burst 5.71 -> 5.30 ms, MESH 5.96 -> 7.04 ms).
 */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '32768',
  MALLOC_TRIM_THRESHOLD_: '32768',
};

export interface ServiceTable {
  ports: { ingest: number; dashboard: number; fhirMapper: number; delivery: number; simulator: number; pharmacyNotify: number; outcomes: number };
  urls: { ingest: string; dashboard: string; simulator: string; pharmacyNotify: string };
  /** Every process, in start order (a service's instances one after another). */
  services: ServiceSpec[];
  /** Every port the processes listen on (public and per-instance). */
  allPorts: number[];
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
  /** Processes per service; default FIRSTSYNC_INSTANCES (see parseInstances), else one of each. */
  instances?: Instances;
  /**
   * The dashboard's read store (READ_STORE_URL); READ_STORE_URL of the environment wins. Unset: the
   * read model lives in memory (the tests' default). `npm start` passes an embedded PGlite directory.
   */
  readStore?: string;
  /**
   * Ingest's status store (STATUS_STORE_URL, its own schema `ingest_status`); STATUS_STORE_URL of the
   * environment wins. Unset: bounded timelines in memory (the tests' default). `npm start` passes an
   * embedded PGlite directory, or with several instances the URL of a local PostgreSQL server.
   */
  statusStore?: string;
  /**
   * Heap budgets other than HEAP_BUDGET_MB for a run that needs them: the chaos run's simulator is
   * the ground truth of 20,000 consultations and every webhook, far more than it keeps in normal use.
   */
  heapMb?: Partial<Record<ServiceName, number>>;
}

/**
 * The store URL of one instance (the dashboard's READ_STORE_URL, ingest's STATUS_STORE_URL). An
 * embedded PGlite directory is one process's database, so several instances each get a directory
 * of their own (`-2`, `-3`, ...): only a PostgreSQL server (`postgres://`) is shared by all of them.
 */
export function instanceStoreUrl(url: string, instance: number, count: number): string {
  const pgliteDir = url.startsWith('pglite:') ? url.slice('pglite:'.length) : undefined;
  if (count === 1 || instance === 0 || pgliteDir === undefined || pgliteDir === '' || pgliteDir === 'memory') return url;
  return `${url}-${instance + 1}`;
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
  instances = parseInstances(env.FIRSTSYNC_INSTANCES),
  readStore,
  statusStore,
  heapMb,
}: ServiceTableOptions): ServiceTable {
  const heapOf = (name: ServiceName): number => heapMb?.[name] ?? HEAP_BUDGET_MB[name];
  const dashboardStore = env.READ_STORE_URL ?? readStore;
  const ingestStore = env.STATUS_STORE_URL ?? statusStore;
  const ports = {
    ingest: num('INGEST_PORT', 8080) + portOffset,
    dashboard: num('DASHBOARD_PORT', 8081) + portOffset,
    fhirMapper: num('FHIR_MAPPER_PORT', 8082) + portOffset,
    delivery: num('DELIVERY_PORT', 8083) + portOffset,
    simulator: num('NHS_SIMULATOR_PORT', 8090) + portOffset,
    pharmacyNotify: num('PHARMACY_NOTIFY_PORT', 8084) + portOffset,
    outcomes: num('OUTCOMES_PORT', 8085) + portOffset,
  };
  const common = {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    LOG_LEVEL: logLevel,
    HOST: '127.0.0.1',
    ...Object.fromEntries(Object.entries(MALLOC_ENV).map(([name, value]) => [name, env[name] ?? value])),
  };
  const simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
  const singles: Omit<ServiceSpec, 'instance' | 'label' | 'instancePort'>[] = [
    {
      name: 'nhs-simulator',
      dir: 'services/nhs-simulator',
      port: ports.simulator,
      heapMb: heapOf('nhs-simulator'),
      env: { ...common, PORT: String(ports.simulator) },
    },
    {
      name: 'ingest',
      dir: 'services/ingest',
      port: ports.ingest,
      heapMb: heapOf('ingest'),
      env: { ...common, PORT: String(ports.ingest), INGEST_PUBLIC_URL: `http://127.0.0.1:${ports.ingest}` },
    },
    {
      name: 'fhir-mapper',
      dir: 'services/fhir-mapper',
      port: ports.fhirMapper,
      heapMb: heapOf('fhir-mapper'),
      env: { ...common, PORT: String(ports.fhirMapper) },
    },
    {
      name: 'delivery',
      dir: 'services/delivery',
      port: ports.delivery,
      heapMb: heapOf('delivery'),
      env: { ...common, PORT: String(ports.delivery), ...deliveryRouteEnv(route, simulatorUrl, smtpPort) },
    },
    {
      name: 'dashboard',
      dir: 'services/dashboard',
      port: ports.dashboard,
      heapMb: heapOf('dashboard'),
      env: { ...common, PORT: String(ports.dashboard) },
    },
    {
      name: 'pharmacy-notify',
      dir: 'services/pharmacy-notify',
      port: ports.pharmacyNotify,
      heapMb: heapOf('pharmacy-notify'),
      // Local runs deliver webhooks to the simulated pharmacy system on loopback over plain HTTP,
      // which the service refuses by default (SSRF rules); never set these in production.
      env: { ...common, PORT: String(ports.pharmacyNotify), WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
    },
    {
      name: 'outcomes',
      dir: 'services/outcomes',
      port: ports.outcomes,
      heapMb: heapOf('outcomes'),
      // One fact key secret for every instance, so the parts of a consultation meet. Generated per
      // run like the session secret: a broker started by npm start begins empty, so the keys of an
      // earlier run are gone with it. Set OUTCOMES_FACT_KEY_SECRET to keep facts across runs.
      env: { ...common, PORT: String(ports.outcomes), OUTCOMES_FACT_KEY_SECRET: env.OUTCOMES_FACT_KEY_SECRET ?? randomBytes(32).toString('base64url') },
    },
  ];
  // Signed dashboard cookies must verify at every instance: one secret for all of them.
  const dashboardSecret = env.DASHBOARD_SESSION_SECRET ?? randomBytes(32).toString('base64url');
  const services: ServiceSpec[] = [];
  for (const spec of singles) {
    const count = instances[spec.name] ?? 1;
    const shared = count > 1 && SHARED_PORT_SERVICES.includes(spec.name);
    for (let instance = 0; instance < count; instance += 1) {
      const instancePort = count === 1 ? spec.port : instancePortOf(spec.port, instance, shared);
      const replicaEnv: Record<string, string> =
        count === 1
          ? {}
          : {
              ...(shared ? { REUSE_PORT: 'true', INSTANCE_PORT: String(instancePort) } : { PORT: String(instancePort) }),
              ...(spec.name === 'dashboard' ? { DASHBOARD_SESSION_SECRET: dashboardSecret } : {}),
              // The rate limit's figures are the whole system's: each instance enforces its share.
              ...(spec.name === 'ingest' ? { INGEST_INSTANCES: String(count) } : {}),
            };
      if (spec.name === 'dashboard' && dashboardStore !== undefined) replicaEnv.READ_STORE_URL = instanceStoreUrl(dashboardStore, instance, count);
      if (spec.name === 'ingest' && ingestStore !== undefined) replicaEnv.STATUS_STORE_URL = instanceStoreUrl(ingestStore, instance, count);
      services.push({
        ...spec,
        env: { ...spec.env, ...replicaEnv },
        instance,
        label: count === 1 ? spec.name : `${spec.name}#${instance + 1}`,
        instancePort,
      });
    }
  }
  const allPorts = [...new Set(services.flatMap((spec) => [spec.port, spec.instancePort]))];
  return {
    ports,
    urls: {
      ingest: `http://127.0.0.1:${ports.ingest}`,
      dashboard: `http://127.0.0.1:${ports.dashboard}`,
      simulator: simulatorUrl,
      pharmacyNotify: `http://127.0.0.1:${ports.pharmacyNotify}`,
    },
    services,
    allPorts,
  };
}
