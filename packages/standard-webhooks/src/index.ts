export { type AddressKind, classifyAddress, parseAddress } from './ip-address';
export { DEFAULT_RETRY_SCHEDULE_MS, maxAttempts, nextDelay, parseRetrySchedule, RETRY_JITTER } from './retry';
export { BLOCKED_TARGET_CODE, BlockedTargetError, isBlockedTargetError, type Resolver, safeLookup } from './safe-lookup';
export { DEVELOPMENT_SECRET_KEY_BASE64, decryptSecret, type EncryptedSecret, encryptSecret, parseSecretKey } from './secret-box';
export { generateSecret, isWebhookSecret, SECRET_PREFIX, type SignInput, signature, signHeaders, type WebhookHeaders } from './signing';
export {
  addressProblem,
  checkWebhookUrl,
  isBlockedAddress,
  parseAllowedCidrs,
  STRICT_TARGET_POLICY,
  type UrlCheck,
  type WebhookTargetPolicy,
} from './target-policy';
