export { createLogger, type Logger, type LoggerSettings, loggerOptions, safeUrl } from './logger';
export { isSensitiveKey, REDACT_MAX_DEPTH, REDACT_MAX_ENTRIES, REDACT_PATHS, REDACTED, redactDeep, SENSITIVE_KEYS, scrubText } from './redaction';
export { TRACE_HEADER } from './trace-headers';
