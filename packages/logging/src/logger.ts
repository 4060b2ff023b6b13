import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACTED, REDACT_PATHS, scrubText } from './redaction';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Tests pass a stream to capture lines; production writes JSON to stdout. */
  destination?: DestinationStream;
}

interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err, message: scrubText(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: scrubText(err.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.stack ? { stack: scrubText(err.stack) } : {}),
  };
}

export function loggerOptions(settings: Omit<LoggerSettings, 'destination'>): LoggerOptions {
  return {
    name: settings.service,
    level: settings.level ?? 'info',
    base: { service: settings.service },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: serializeError, error: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      // Free-text messages are scrubbed too: an interpolated error text can carry an NHS number.
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
  };
}

export function createLogger(settings: LoggerSettings): Logger {
  const options = loggerOptions(settings);
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
