import type { Logger } from '@firstsync/logging';

export type Stopper = () => Promise<void>;

export interface ServiceProcess {
  /** Registers a step of the shutdown; steps run in reverse order of registration. */
  onShutdown(name: string, stop: Stopper): void;
  shutdown(reason: string, exitCode?: number): Promise<void>;
}

/** Where the signals and last-resort errors come from: the process itself, or a test's stand-in. */
type ProcessEvents = Pick<NodeJS.Process, 'on'>;

/**
 * Logs and never throws: a stopping process whose stdout is gone (EPIPE) must still reach exit().
 * A throw from a log line used to reject the shutdown before any step or exit() ran, and the second
 * signal's warning threw before its exit(1) too: a delivery process whose output pipe had closed
 * was seen still retrying Kafka 87 minutes after its SIGTERM.
 */
function quietly(log: () => void): void {
  try {
    log();
  } catch {
    // Nowhere left to say it.
  }
}

export interface ManageProcessOptions {
  /** A shutdown still running after this exits 1. */
  readonly graceMs?: number;
  /** process.exit, unless a test stands in for it. */
  readonly exit?: (code: number) => void;
  readonly events?: ProcessEvents;
}

/**
 * Wires process signals to an orderly shutdown: stop taking work (HTTP, consumers), finish what is
 * in flight, flush producers (commit offsets), then exit 0. A second signal, or a step that hangs
 * past the grace period, exits 1 at once: an operator pressing Ctrl-C twice means it.
 */
export function manageProcess(
  logger: Logger,
  { graceMs = 25_000, exit = (code: number) => process.exit(code), events = process }: ManageProcessOptions = {},
): ServiceProcess {
  const steps: { name: string; stop: Stopper }[] = [];
  // Operators (and the e2e) confirm from the first line that the process runs on the supported runtime.
  logger.info({ node: process.version, pid: process.pid }, 'starting');
  let shuttingDown: Promise<void> | undefined;

  async function shutdown(reason: string, exitCode = 0): Promise<void> {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      const timer = setTimeout(() => {
        quietly(() => logger.error({ graceMs }, 'shutdown took too long; exiting'));
        exit(1);
      }, graceMs);
      timer.unref();
      quietly(() => logger.info({ reason }, 'shutting down'));
      let failed = false;
      for (const step of [...steps].reverse()) {
        try {
          await step.stop();
        } catch (err) {
          failed = true;
          quietly(() => logger.error({ err, step: step.name }, 'shutdown step failed'));
        }
      }
      clearTimeout(timer);
      quietly(() => logger.info('stopped'));
      exit(failed ? 1 : exitCode);
    })();
    return shuttingDown;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    events.on(signal, () => {
      if (shuttingDown) {
        quietly(() => logger.warn({ signal }, 'second signal; exiting now'));
        exit(1);
      }
      void shutdown(signal);
    });
  }
  events.on('uncaughtException', (err) => {
    quietly(() => logger.fatal({ err }, 'uncaught exception'));
    void shutdown('uncaughtException', 1);
  });
  events.on('unhandledRejection', (err) => {
    quietly(() => logger.fatal({ err }, 'unhandled rejection'));
    void shutdown('unhandledRejection', 1);
  });

  return {
    onShutdown(name, stop) {
      steps.push({ name, stop });
    },
    shutdown,
  };
}
