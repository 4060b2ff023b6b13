import { randomUUID } from 'node:crypto';
import { resolveTopicNames } from '@firstsync/kafka';
import { apiKeysJson, describeExitFaults, followPipeline, PHARMACIES, type PipelineFollower, type RunningSystem, startSystem } from '@firstsync/system-harness';
import { registeredDashboardRoutes } from '../../test/support/dashboard-routes';
import { sameOriginRedirect } from './dashboard-attacks';
import { fuzzDashboardRoutes, hostileNext, loginFlood, wrongPasswordBurst } from './dashboard-driver';
import {
  batchRateCheck,
  type Check,
  type Counts,
  countExchanges,
  deliveryCheck,
  type IngestOutcome,
  ingestChecks,
  nextChecks,
  reachedGp,
  serverErrorChecks,
  type Trails,
} from './figures';
import { seededRandom } from './fuzz-text';
import { batchAttacks, type Consultation, freshConsultations, fuzzAttacks, type NameField, nameAttacks, probeAttacks } from './ingest-attacks';
import { fireBatches, fireIngestAttacks, fuzzIngestRoutes, type IngestDriverOptions } from './ingest-driver';
import { NAME_CASES, type NameCase, type NameKind } from './names';
import { Recorder } from './recorder';

export interface HostileOptions {
  readonly brokers: string;
  /** Short form (npm test): fewer fuzz values per route and fewer next values. */
  readonly short: boolean;
  readonly fuzzCount: number;
  readonly names?: readonly NameCase[];
  readonly nameFields?: readonly NameField[];
  /** Full batches of 100 sent back to back by a key of their own. */
  readonly batches: number;
  readonly loginFlood: number;
  readonly wrongPasswords: number;
  readonly settleTimeoutMs: number;
  readonly seed: number;
  readonly log?: (msg: string) => void;
  /** Gets the stop function of the system, so a CLI can clean up on Ctrl-C. */
  readonly onCleanup?: (stop: () => Promise<void>) => void;
}

export interface NameFigure {
  readonly label: string;
  readonly kind: NameKind;
  /** Per name field: refused (status), accepted and delivered, or accepted and NOT delivered. */
  readonly fields: readonly { field: string; outcome: string }[];
}

export interface HostileReport {
  readonly seed: number;
  readonly ingest: Counts;
  readonly dashboard: Counts;
  readonly consultations: { carried: number; accepted: number; refused: Record<string, number>; delivered: number };
  readonly names: readonly NameFigure[];
  readonly checks: readonly Check[];
  readonly elapsedMs: number;
}

/** Production's default rate limit for each pharmacy key (services/ingest/src/config.ts). */
const RATE_LIMIT = { perSecond: 20, burst: 40 };
// The practices the MESH route's directory knows (packages/service-runner/src/service-table.ts).
const PRACTICES = ['A81001', 'A81002', 'A81003'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function practicesFileOnArrival(simulator: string): Promise<void> {
  for (const ods of PRACTICES) {
    const response = await fetch(`${simulator}/admin/nhs/practices/${ods}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ autoFile: true }),
    });
    if (!response.ok) throw new Error(`simulator refused the behaviour of ${ods}: ${response.status}`);
  }
}

async function waitForDelivery(trails: Trails, outcomes: readonly IngestOutcome[], timeoutMs: number): Promise<void> {
  const accepted = outcomes.flatMap((o) => o.items).filter((i) => i.status >= 200 && i.status < 300);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && accepted.some((i) => !reachedGp(trails, i.consultationId))) await sleep(1_000);
}

function nameFigures(outcomes: readonly IngestOutcome[], trails: Trails, names: readonly NameCase[]): NameFigure[] {
  return names.map((name) => ({
    label: name.label,
    kind: name.kind,
    fields: outcomes
      .filter((o) => o.attack.group === 'unusual names' && o.attack.label.startsWith(`${name.label} in `))
      .map((o) => {
        const item = o.items[0];
        const accepted = item !== undefined && item.status >= 200 && item.status < 300;
        const outcome = !accepted ? `refused ${item?.status ?? '?'}` : reachedGp(trails, item.consultationId) ? 'delivered' : 'NOT DELIVERED';
        return { field: o.attack.label.slice(name.label.length + 4), outcome };
      }),
  }));
}

/**
 * The hostile-input run: the whole system as processes (delivery over MESH to the simulated NHS
 * side, as `npm start` runs it), the probe's attacks and a fuzzed set fired at ingest and the
 * dashboard over real HTTP, then every accepted consultation followed to the GP.
 */
export async function runHostile(options: HostileOptions): Promise<HostileReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const random = seededRandom(options.seed);
  const prefix = `t.hostile.${randomUUID().slice(0, 8)}.`;
  let system: RunningSystem | undefined;
  let pipeline: PipelineFollower | undefined;
  try {
    system = await startSystem({
      brokers: options.brokers,
      topicPrefix: prefix,
      route: 'mesh',
      parallelStart: true,
      keepLogs: false,
      env: {
        ingest: {
          INGEST_API_KEYS: apiKeysJson(),
          INGEST_RATE_LIMIT_PER_SECOND: String(RATE_LIMIT.perSecond),
          INGEST_RATE_LIMIT_BURST: String(RATE_LIMIT.burst),
          INGEST_CONSUMER_SESSION_TIMEOUT_MS: '10000',
          INGEST_CONSUMER_HEARTBEAT_MS: '1000',
        },
        delivery: { KAFKA_SESSION_TIMEOUT_MS: '10000', KAFKA_HEARTBEAT_INTERVAL_MS: '1000' },
        // Behind a proxy (as deployed), so the run can act from several client addresses.
        dashboard: { DASHBOARD_TRUST_PROXY: 'true' },
      },
    });
    const running = system;
    options.onCleanup?.(async () => void (await running.stop()));
    log(`system up in ${((Date.now() - started) / 1000).toFixed(1)} s (delivery over MESH)`);
    await practicesFileOnArrival(system.url('nhs-simulator'));
    pipeline = await followPipeline(options.brokers, resolveTopicNames(prefix));

    const recorder = new Recorder();
    const pool: Consultation[] = [];
    const next = (): Consultation => {
      if (pool.length === 0) pool.push(...freshConsultations(50, PHARMACIES.a.ods, PRACTICES, random));
      const consultation = pool.pop();
      if (!consultation) throw new Error('no consultation generated');
      return consultation;
    };
    const nextForBatch = () => {
      const c = next();
      return { ...c, pharmacy: { ...c.pharmacy, odsCode: PHARMACIES.b.ods } };
    };
    const driver: IngestDriverOptions = {
      url: system.url('ingest'),
      keys: { main: PHARMACIES.a.key, batch: PHARMACIES.b.key },
      perSecond: RATE_LIMIT.perSecond * 0.9,
      concurrency: 4,
    };

    const attacks = [
      ...probeAttacks(next, PHARMACIES.b.ods),
      ...nameAttacks(next, options.names ?? NAME_CASES, options.nameFields),
      ...fuzzAttacks(next, options.fuzzCount, random),
    ];
    log(`ingest: ${attacks.length} attacks at ${driver.perSecond} requests/s`);
    const outcomes = await fireIngestAttacks(recorder, attacks, driver);
    const batches = await fireBatches(recorder, batchAttacks(nextForBatch, options.batches), driver);
    await fuzzIngestRoutes(recorder, driver, options.short);

    log('dashboard: route fuzz, hostile next values, wrong-password burst, sign-in page flood');
    const dashboard = { url: system.url('dashboard'), short: options.short };
    await fuzzDashboardRoutes(recorder, { ...dashboard, routes: await registeredDashboardRoutes() });
    await hostileNext(recorder, dashboard);
    const flood = await loginFlood(recorder, { ...dashboard, requests: options.loginFlood, concurrency: 16 });
    const burst = await wrongPasswordBurst(recorder, { ...dashboard, attempts: options.wrongPasswords, maxWaitMs: 30_000 });

    const all = [...outcomes, ...batches.outcomes];
    log(`waiting up to ${options.settleTimeoutMs / 1000} s for accepted consultations to reach the GP`);
    await waitForDelivery(pipeline.trails, all, options.settleTimeoutMs);
    const items = all.flatMap((o) => o.items);
    const refused: Record<string, number> = {};
    for (const item of items) if (item.status < 200 || item.status >= 300) refused[item.status] = (refused[item.status] ?? 0) + 1;
    const accepted = items.filter((i) => i.status >= 200 && i.status < 300);
    const checks: Check[] = [
      ...serverErrorChecks(recorder.exchanges),
      ...ingestChecks(recorder.exchanges, all),
      deliveryCheck(all, pipeline.trails),
      batchRateCheck(batches.outcomes, RATE_LIMIT, batches.elapsedMs),
      nextChecks(recorder.exchanges, (location) => sameOriginRedirect(location, dashboard.url)),
      burst,
      flood,
    ];
    // A hostile request that kills a service is the worst answer of all.
    await running.stop();
    const exitFaults = describeExitFaults(running.exits);
    checks.push({
      name: 'no service crashed or stopped uncleanly',
      result: exitFaults === '' ? 'pass' : 'fail',
      detail: exitFaults === '' ? `${running.exits.length} clean stops` : exitFaults,
    });
    return {
      seed: options.seed,
      ingest: countExchanges(recorder.exchanges, 'ingest'),
      dashboard: countExchanges(recorder.exchanges, 'dashboard'),
      consultations: {
        carried: items.length,
        accepted: accepted.length,
        refused,
        delivered: accepted.filter((i) => reachedGp(pipeline?.trails ?? new Map(), i.consultationId)).length,
      },
      names: nameFigures(outcomes, pipeline.trails, options.names ?? NAME_CASES),
      checks,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await pipeline?.stop().catch(() => undefined);
    await system?.stop();
  }
}
