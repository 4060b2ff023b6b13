import type { Concept } from './concept';

export const ITK_EVENT = {
  updateRecord: { code: 'ITK014M', display: 'ITK Update Record' },
  response: { code: 'ITK008M', display: 'ITK Response' },
} as const satisfies Record<string, Concept>;

/**
 * FA: GP systems treat every Update Record as "for action" whatever is sent (docs/known-spec-pitfalls.md#recipienttype-is-ignored),
 * and a pharmacy consultation does need a person to review and file it.
 */
export const RECIPIENT_TYPE = {
  forAction: { code: 'FA', display: 'For Action' },
  forInformation: { code: 'FI', display: 'For Information' },
} as const satisfies Record<string, Concept>;

// The ITK3 response codes (ITK-ResponseCodes-1) and what each means are in
// @firstsync/consultation-lifecycle: acknowledgements are built and parsed here, but what a code
// means decides the consultation's lifecycle, so delivery and the dashboard read the same table.
