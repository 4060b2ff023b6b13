export {
  type ApiClient,
  type ApiKeyEntry,
  type ApiKeyVerifier,
  apiKeyEntrySchema,
  apiKeyListSchema,
  apiKeysEnvSchema,
  apiKeysOf,
  bearerToken,
  createApiKeyVerifier,
  DEMO_API_KEY,
  DEMO_API_KEYS,
  DEMO_PHARMACY_ODS,
  sha256Hex,
} from './api-keys';
export { authenticate, decorateApiClient, MISSING_KEY_DETAIL, unauthorizedProblem } from './authenticate';
export { warnIfDemoApiKey } from './demo-warning';
