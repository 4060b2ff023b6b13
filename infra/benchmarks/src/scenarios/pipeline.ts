import { BENCH_MESH_PRACTICES } from '../payloads/consultation';
import type { ScenarioResult } from '../report/result';
import { peakRssMb } from '../system/memory';
import { type RunningServices, type ServiceName, startServices } from '../system/services';
import { simulatorClient } from '../system/simulator-client';
import { SkipScenario } from '../system/skip';
import type { BenchContext } from './context';
import { endToEndScenario, measureRawPipe } from './end-to-end';
import { recoveryScenario } from './recovery';
import { fhirRestRoute, meshRoute } from './routes';
import { pipelineEnv } from './service-env';

const PIPELINE: readonly ServiceName[] = ['nhs-simulator', 'ingest', 'fhir-mapper', 'delivery'];

const reportedExits = new WeakSet<object>();

function recordPeaks(context: BenchContext, system: RunningServices): void {
  for (const [name, child] of system.processes) {
    // A service that died (e.g. out of its heap budget) explains a stalled pipeline: say so once.
    if ((child.exitCode !== null || child.signalCode !== null) && !reportedExits.has(child)) {
      reportedExits.add(child);
      context.log(
        `  ${name} EXITED (code ${child.exitCode ?? child.signalCode}); last log: ${system
          .tail(name, 5)
          .map((l) => l.slice(0, 400))
          .join(' / ')}`,
      );
    }
    const mb = peakRssMb(child.pid);
    if (mb !== undefined) context.peakRss.set(name, Math.max(mb, context.peakRss.get(name) ?? 0));
  }
}

/** One scenario's failure is reported as skipped with its reason; the next one still runs. */
async function attempt(scenario: string, run: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  const started = Date.now();
  try {
    return await run();
  } catch (err) {
    const reason = err instanceof SkipScenario ? err.message : `failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`  ${scenario} skipped: ${reason}\n`);
    return { scenario, status: 'skipped', seconds: (Date.now() - started) / 1000, reason, metrics: [] };
  }
}

/**
 * End-to-end (FHIR REST, then MESH) and recovery share one running pipeline (simulator, ingest,
 * mapper, delivery): starting four processes costs tens of seconds on two cores, time better spent
 * measuring. Delivery serves the MESH practices over MESH and every other practice over FHIR REST.
 */
export async function pipelineScenarios(context: BenchContext): Promise<void> {
  const started = Date.now();
  // The raw pipe runs first, before any service process competes for the cores.
  const e2eBaseline = await measureRawPipe(context);
  context.log('  starting simulator, ingest, fhir-mapper, delivery...');
  let system: RunningServices;
  try {
    system = await startServices({
      brokers: context.brokers,
      label: 'bench-e2e',
      services: PIPELINE,
      env: pipelineEnv(),
      meshPractices: BENCH_MESH_PRACTICES,
      readyTimeoutMs: 90_000,
      log: context.log,
    });
  } catch (err) {
    if (!(err instanceof SkipScenario)) throw err;
    const seconds = (Date.now() - started) / 1000;
    context.report({ scenario: 'end-to-end', status: 'skipped', seconds, reason: err.message, metrics: [e2eBaseline.metric] });
    context.report({ scenario: 'end-to-end-mesh', status: 'skipped', seconds: 0, reason: err.message, metrics: [] });
    context.report({ scenario: 'recovery', status: 'skipped', seconds: 0, reason: err.message, metrics: [] });
    return;
  }
  const simulator = simulatorClient(system.table.urls.simulator);
  try {
    let p99At50Ms: number | undefined;
    context.report(
      await attempt('end-to-end', async () => {
        const endToEnd = await endToEndScenario(context, system, fhirRestRoute(simulator), e2eBaseline);
        p99At50Ms = endToEnd.p99At50Ms;
        return endToEnd.result;
      }),
    );
    recordPeaks(context, system);
    if (context.signal.aborted) return;
    await simulator.reset().catch(() => undefined);
    const meshPollMs = system.table.services.find((service) => service.name === 'delivery')?.env.MESH_POLL_INTERVAL_MS;
    context.report(
      await attempt('end-to-end-mesh', async () => (await endToEndScenario(context, system, meshRoute(simulator, meshPollMs), e2eBaseline)).result),
    );
    recordPeaks(context, system);
    if (context.signal.aborted) return;
    await simulator.mesh.reset().catch(() => undefined);
    await simulator.reset().catch(() => undefined);
    context.report(await attempt('recovery', () => recoveryScenario(context, system, simulator, p99At50Ms)));
  } finally {
    recordPeaks(context, system);
    await system.stop();
  }
}
