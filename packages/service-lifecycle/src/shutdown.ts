import type { Logger } from '@firstsync/logging';

export type Stopper = () => Promise<void>;

export interface ServiceProcess {
  /** Registers a step of the shutdown; steps run in reverse order of registration. */
  onShutdown(name: string, stop: Stopper): void;
  shutdown(reason: string, exitCode?: number): Promise<void>;
}

/**
 * Wires process signals to an orderly shutdown: stop taking work (HTTP, consumers), finish what is
 * in flight, flush producers (commit offsets), then exit 0. A second signal, or a step that hangs
 * past the grace period, exits 1 at once: an operator pressing Ctrl-C twice means it.
 */
export function manageProcess(logger: Logger, { graceMs = 25_000, exit = (code: number) => process.exit(code) } = {}): ServiceProcess {
  const steps: { name: string; stop: Stopper }[] = [];
  // Operators (and the e2e) confirm from the first line that the process runs on the supported runtime.
  logger.info({ node: process.version, pid: process.pid }, 'starting');
  let shuttingDown: Promise<void> | undefined;

  async function shutdown(reason: string, exitCode = 0): Promise<void> {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      logger.info({ reason }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error({ graceMs }, 'shutdown took too long; exiting');
        exit(1);
      }, graceMs);
      timer.unref();
      let failed = false;
      for (const step of [...steps].reverse()) {
        try {
          await step.stop();
        } catch (err) {
          failed = true;
          logger.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      logger.info('stopped');
      exit(failed ? 1 : exitCode);
    })();
    return shuttingDown;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (shuttingDown) {
        logger.warn({ signal }, 'second signal; exiting now');
        exit(1);
      }
      void shutdown(signal);
    });
  }
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    void shutdown('unhandledRejection', 1);
  });

  return {
    onShutdown(name, stop) {
      steps.push({ name, stop });
    },
    shutdown,
  };
}
