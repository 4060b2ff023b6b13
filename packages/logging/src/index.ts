export { createLogger, loggerOptions, type Logger, type LoggerSettings } from './logger';
export { REDACT_PATHS, REDACTED, scrubText } from './redaction';
