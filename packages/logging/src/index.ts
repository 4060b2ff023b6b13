export { createLogger, loggerOptions, safeUrl, type Logger, type LoggerSettings } from './logger';
export { isSensitiveKey, REDACT_MAX_DEPTH, REDACT_MAX_ENTRIES, REDACT_PATHS, REDACTED, redactDeep, scrubText, SENSITIVE_KEYS } from './redaction';
