// Public API of @firstsync/pharmacy-events: pure, no I/O. See README.md.
export {
  type AttemptsView,
  applyAttempt,
  attemptsView,
  DEFAULT_KEPT_ATTEMPTS,
  type EndpointAttempts,
  emptyAttemptsView,
  endpointCursor,
  firstUndeliveredOffset,
  nextEndpointAttempts,
} from './attempts';
export { pharmacyEventId } from './event-id';
export { decodeFeedCursor, encodeFeedCursor, type FeedCursor } from './feed-cursor';
export { FOLLOW_UP_ACTIONS, FOLLOW_UP_REASONS, type FollowUp, type FollowUpReason, followUpOf, followUpOfPipeline } from './follow-up';
export { type FallbackCause, fallbackCauseOf, type ProjectionContext, toPharmacyEvents } from './projection';
export { createPharmacyProjector, DEFAULT_PROJECTOR_MEMORY, type PharmacyProjector } from './projector';
export { REASON } from './reasons';
export {
  activeSecrets,
  applyEndpointEvent,
  type EndpointRegistry,
  endpointsOf,
  foldEndpoints,
  nextEndpoint,
  subscribes,
  type WebhookEndpoint,
  type WebhookEndpointSecret,
} from './registry';
