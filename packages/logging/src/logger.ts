import pino, { type Bindings, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACT_PATHS, REDACTED, redactDeep, scrubText } from './redaction';

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

type Serializers = Readonly<Record<string, unknown>>;

function serializersOf(logger: Logger): Serializers | undefined {
  const found: unknown = (logger as unknown as Record<symbol, unknown>)[pino.symbols.serializersSym];
  return typeof found === 'object' && found !== null ? (found as Serializers) : undefined;
}

/** The message pino would take from an error when the call gives none (see pino's write()). */
function implicitErrorMessage(obj: unknown): string | undefined {
  if (obj instanceof Error) return obj.message;
  if (typeof obj !== 'object' || obj === null) return undefined;
  const { err, msg } = obj as { err?: unknown; msg?: unknown };
  return msg === undefined && err instanceof Error ? err.message : undefined;
}

/**
 * Every argument of a log call is made safe before pino sees it: strings are scrubbed (an
 * interpolated error text can carry an NHS number) and objects lose sensitive keys at any depth.
 */
function safeArgs(args: unknown[], serializers: Serializers | undefined): unknown[] {
  const safe = args.map((arg, index) => {
    if (typeof arg === 'string') return scrubText(arg);
    if (typeof arg !== 'object' || arg === null || arg instanceof Error) return arg;
    let redacted: object | string;
    try {
      redacted = redactDeep(arg, index === 0 ? serializers : undefined);
    } catch {
      // A throwing getter must neither break the caller nor let the object through unchecked.
      redacted = REDACTED;
    }
    return index === 0 && typeof redacted === 'string' ? { fields: redacted } : redacted;
  });
  // pino uses an error's own message as the line's msg when none is given: scrub that too.
  if (safe.length === 1 && typeof safe[0] === 'object') {
    const message = implicitErrorMessage(safe[0]);
    if (message !== undefined) safe.push(scrubText(message));
  }
  return safe;
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  hostname?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Query strings are where a search for a patient lands (`?nhsNumber=...&surname=...`): values are
 * censored, names kept so the line still says what was asked. The path is scrubbed like free text.
 */
export function safeUrl(url: string): string {
  const at = url.indexOf('?');
  const path = scrubText(at < 0 ? url : url.slice(0, at));
  if (at < 0) return path;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => `${scrubText(decodeURIComponentSafe(pair.split('=')[0] ?? ''))}=${REDACTED}`);
  return `${path}?${names.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Fastify logs `{ req }` on every request; this replaces its serializer, whose url keeps the query. */
function serializeRequest(req: RequestLike): Record<string, string | undefined> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? safeUrl(req.url) : undefined,
    host: req.host ?? req.hostname,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

export function loggerOptions(settings: Omit<LoggerSettings, 'destination'>): LoggerOptions {
  return {
    name: settings.service,
    level: settings.level ?? 'info',
    base: { service: settings.service },
    // Top-level keys only: pino applies these after serializers at almost no cost. Nested keys are
    // censored by redactDeep in logMethod (pino's wildcard paths cost ~0.2 ms per line).
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: {
      logMethod(args, method) {
        method.apply(this, safeArgs(args, serializersOf(this)) as typeof args);
      },
    },
  };
}

/** Child bindings (Fastify's per-request child, component loggers) are redacted like log objects. */
function redactChildBindings(logger: Logger): void {
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings: Bindings, options?: Parameters<Logger['child']>[1]) {
    const redacted = redactDeep(bindings);
    return child.call(this, typeof redacted === 'string' ? { bindings: redacted } : redacted, options);
  } as Logger['child'];
}

export function createLogger(settings: LoggerSettings): Logger {
  const options = loggerOptions(settings);
  const logger = settings.destination ? pino(options, settings.destination) : pino(options);
  // An own property of the root: children are created with Object.create(parent), so they inherit it.
  redactChildBindings(logger);
  return logger;
}
