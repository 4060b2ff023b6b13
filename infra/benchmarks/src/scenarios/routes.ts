import { fhirRestArrivals } from '../load/latency';
import { meshArrivals } from '../load/mesh-arrivals';
import { BENCH_MESH_PRACTICES, BENCH_PRACTICES } from '../payloads/consultation';
import type { SimulatorClient } from '../system/simulator-client';
import type { RouteUnderTest } from './end-to-end';

/** FHIR REST: POST -> first receipt at the simulator's $process-message endpoint. */
export function fhirRestRoute(simulator: SimulatorClient): RouteUnderTest {
  return {
    scenario: 'end-to-end',
    practices: BENCH_PRACTICES,
    milestones: [
      {
        label: 'FHIR REST receipt',
        latencyName: 'end-to-end',
        count: () => simulator.acceptedTotal(BENCH_PRACTICES),
        arrivals: async () => fhirRestArrivals(await simulator.receipts()),
      },
    ],
    reset: () => simulator.reset(),
    burst: [10_000, 1_000],
    phases: [
      { rate: 50, ms: [10_000, 3_000] },
      { rate: 200, ms: [10_000, 3_000] },
      { rate: 1_000, ms: [4_000, 2_000] },
    ],
    // The MESH route and recovery follow.
    reserveMs: 60_000,
    notes: [`practices ${BENCH_PRACTICES.join(', ')} round robin; latency from POST start to the simulator's firstReceivedAt`],
  };
}

/**
 * MESH: POST -> the message is in the practice's inbox at the simulated MESH, and -> delivery has
 * collected the GP system's infrastructure ack (20013) from its own inbox. Delivery acknowledges an
 * ack in MESH only after its inf-ack event is in Kafka, so the second is "inf-ack recorded".
 */
export function meshRoute(simulator: SimulatorClient, pollIntervalMs: string | undefined): RouteUnderTest {
  const arrivals = async (sent: Parameters<typeof meshArrivals>[0]) => meshArrivals(sent, await simulator.mesh.collected());
  return {
    scenario: 'end-to-end-mesh',
    practices: BENCH_MESH_PRACTICES,
    milestones: [
      {
        label: 'MESH inbox',
        latencyName: 'POST -> MESH inbox',
        count: async () => (await simulator.mesh.counts()).messages,
        arrivals: async (sent) => (await arrivals(sent)).inbox,
      },
      {
        label: 'inf ack collected by delivery',
        latencyName: 'POST -> inf ack collected',
        count: async () => (await simulator.mesh.counts()).infAcksCollected,
        arrivals: async (sent) => (await arrivals(sent)).infAck,
      },
    ],
    reset: () => simulator.mesh.reset(),
    // Fewer than FHIR REST: the acks come back through delivery's inbox poller, which takes longer.
    burst: [5_000, 1_000],
    phases: [
      { rate: 50, ms: [10_000, 3_000] },
      { rate: 200, ms: [10_000, 3_000] },
    ],
    // Recovery follows.
    reserveMs: 60_000,
    notes: [
      `practices ${BENCH_MESH_PRACTICES.join(', ')} over MESH in the same delivery process (every other practice on FHIR REST); one fixture patient, so the simulated PDS routes every message to the first practice's mailbox`,
      `MESH inbox: when the simulated MESH put the message in the practice's inbox; inf ack collected: when delivery acknowledged the GP system's 20013 in its own inbox, after writing the inf-ack event to Kafka (delivery polls every ${pollIntervalMs ?? '?'} ms, MESH_POLL_INTERVAL_MS of the shared service table)`,
    ],
  };
}
