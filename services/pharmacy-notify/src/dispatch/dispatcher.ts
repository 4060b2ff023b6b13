import type { GroupSession, KafkaClient, TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import type { WebhookObserver } from '@firstsync/metrics';
import type { PharmacyFeed } from '../feed/feed-store';
import type { AttemptsReader, EndpointRegistry } from '../registry/endpoint-registry';
import type { DispatchConfig } from './config';
import { type LoopDeps, type LoopEnd, runEndpointLoop } from './endpoint-loop';
import { createLimiter, sleep } from './limiter';
import { createOwnership } from './ownership';
import { createWebhookSender } from './send-webhook';

export interface DispatcherDeps {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  readonly topics: Pick<TopicNames, 'pharmacyEvents'>;
  readonly feed: PharmacyFeed;
  readonly endpoints: EndpointRegistry;
  readonly attempts: AttemptsReader;
  readonly config: DispatchConfig;
  /** Prefixes the owners' consumer group id (the topic prefix, so test namespaces do not share owners). */
  readonly groupIdPrefix?: string;
  /** Consumer-group liveness (KAFKA_SESSION_TIMEOUT_MS / KAFKA_HEARTBEAT_INTERVAL_MS); the client's defaults when absent. */
  readonly session?: GroupSession;
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly observer?: WebhookObserver;
}

export interface Dispatcher {
  start(): Promise<void>;
  /** Aborts every wait and request in flight, then leaves the owners' group. */
  stop(): Promise<void>;
  /** Endpoints with a running loop on this instance (health, tests). */
  running(): string[];
}

/** After a loop threw (a bug, a secret that no longer decrypts), wait this long before starting it again. */
const CRASH_RESTART_MS = 5_000;

interface Loop {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/**
 * Runs one delivery loop per enabled endpoint whose pharmacy this instance owns, and keeps that set
 * right as the registry, the feed and the group assignment change.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const logger = deps.logger.child({ component: 'webhook-dispatcher' });
  const loops = new Map<string, Loop>();
  /**
   * Endpoints whose loop ended on its own (schedule exhausted, or crashed), with the registry
   * version it ended on: not restarted until the registry shows a change (the `disabled` event
   * arriving, an `enabled` one, an update), so a lagging view cannot start a second round.
   */
  const parked = new Map<string, string>();
  const waiters = new Map<string, Set<() => void>>();
  const sender = createWebhookSender({ policy: deps.config.urlPolicy, timeoutMs: deps.config.timeoutMs, maxResponseBytes: deps.config.maxResponseBytes });
  const loopDeps: LoopDeps = {
    feed: deps.feed,
    endpoints: deps.endpoints,
    attempts: deps.attempts,
    sender,
    limiter: createLimiter(deps.config.maxConcurrent),
    config: deps.config,
    logger,
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? Math.random,
    cursors: new Map(),
    ...(deps.observer ? { observer: deps.observer } : {}),
    appended: (pharmacyOds) => {
      let wake: () => void = () => undefined;
      let woken = false;
      const onAppend = () => {
        woken = true;
        wake();
      };
      const set = waiters.get(pharmacyOds) ?? new Set();
      waiters.set(pharmacyOds, set);
      set.add(onAppend);
      const cancel = () => {
        set.delete(onAppend);
        if (set.size === 0 && waiters.get(pharmacyOds) === set) waiters.delete(pharmacyOds);
      };
      return {
        cancel,
        wait: (signal) =>
          new Promise<void>((resolve) => {
            const finish = () => {
              signal.removeEventListener('abort', finish);
              cancel();
              resolve();
            };
            if (woken || signal.aborted) return finish();
            wake = finish;
            signal.addEventListener('abort', finish, { once: true });
          }),
      };
    },
  };
  let stopping = false;
  let ownership: ReturnType<typeof createOwnership> | undefined;
  const unsubscribe: Array<() => void> = [];

  function versionOf(endpointId: string): string {
    const endpoint = deps.endpoints.get(endpointId);
    return endpoint ? `${endpoint.status}|${endpoint.updatedAt}|${endpoint.deleted}` : 'gone';
  }

  function wanted(): Set<string> {
    const ids = new Set<string>();
    if (stopping || !ownership) return ids;
    for (const endpoint of deps.endpoints.all()) {
      if (endpoint.deleted || endpoint.status !== 'enabled') continue;
      const partition = deps.feed.partitionOf(endpoint.pharmacyOds);
      // A pharmacy with no events yet has nothing to send: its loop starts with its first event.
      if (partition === undefined || !ownership.owns(partition)) continue;
      const parkedAt = parked.get(endpoint.endpointId);
      if (parkedAt !== undefined && parkedAt === versionOf(endpoint.endpointId)) continue;
      parked.delete(endpoint.endpointId);
      ids.add(endpoint.endpointId);
    }
    return ids;
  }

  function startLoop(endpointId: string): void {
    const controller = new AbortController();
    // A loop that ends by disabling its endpoint ('exhausted', 'fell-behind') needs no parking: the
    // disable is in the registry before the loop returns, so the endpoint is no longer wanted, and
    // its owner's enable (which may already have happened by now) restarts it. Parking it here at the
    // registry's current version would park an endpoint enabled in the meantime for good.
    const done = runEndpointLoop(loopDeps, endpointId, controller.signal)
      .then((end: LoopEnd) => logger.debug({ endpointId, end }, 'webhook loop ended'))
      .catch(async (err: unknown) => {
        logger.error({ err, endpointId }, 'webhook loop failed; restarting it shortly');
        parked.set(endpointId, versionOf(endpointId));
        if (await sleep(CRASH_RESTART_MS, controller.signal)) parked.delete(endpointId);
      })
      .finally(() => {
        if (loops.get(endpointId)?.controller === controller) loops.delete(endpointId);
        // Whatever ended it (a registry change, exhaustion, a crash), look again at what should run.
        if (!stopping) scheduleReconcile();
      });
    loops.set(endpointId, { controller, done });
  }

  function reconcile(): void {
    const target = wanted();
    for (const [endpointId, loop] of loops) if (!target.has(endpointId)) loop.controller.abort();
    for (const endpointId of target) if (!loops.has(endpointId)) startLoop(endpointId);
  }

  let scheduled: NodeJS.Immediate | undefined;
  /** Coalesces bursts (a feed catching up appends thousands of events): one pass over the registry per turn. */
  function scheduleReconcile(): void {
    if (scheduled || stopping) return;
    scheduled = setImmediate(() => {
      scheduled = undefined;
      reconcile();
    });
  }

  return {
    running: () => [...loops.keys()],
    async start() {
      stopping = false;
      unsubscribe.push(deps.endpoints.onChange(() => scheduleReconcile()));
      unsubscribe.push(
        deps.feed.onAppend((pharmacyOds) => {
          for (const wake of [...(waiters.get(pharmacyOds) ?? [])]) wake();
          // A pharmacy's first event gives it a partition, which may make its endpoints ours.
          scheduleReconcile();
        }),
      );
      ownership = createOwnership(deps.kafka, logger, {
        groupId: `${deps.groupIdPrefix ?? ''}pharmacy-notify.webhook-owners`,
        topic: deps.topics.pharmacyEvents,
        onChange: scheduleReconcile,
        ...(deps.session === undefined ? {} : { session: deps.session }),
      });
      await ownership.start();
      reconcile();
    },
    async stop() {
      stopping = true;
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      for (const off of unsubscribe.splice(0)) off();
      for (const loop of loops.values()) loop.controller.abort();
      await Promise.all([...loops.values()].map((loop) => loop.done));
      await ownership?.stop();
      ownership = undefined;
      await sender.close();
    },
  };
}
