import { ITK_RESPONSE } from '@firstsync/consultation-lifecycle';
import { PHARMACY_EVENT_TYPES, type PharmacyEvent, type PharmacyEventType, type PipelineEvent } from '@firstsync/contracts';
import { createPharmacyProjector } from '@firstsync/pharmacy-events';

/** The component name the pharmacy event schema is registered under (app.ts) and the webhooks refer to. */
export const PHARMACY_EVENT_COMPONENT = 'PharmacyEvent';

export const OPENAPI_INFO = {
  title: 'firstsync pharmacy notifications API',
  version: '1.0.0',
  description: [
    "What happened to your pharmacy's consultations after firstsync accepted them: accepted, delivered, rejected by",
    'the practice (with its ITK3 code and reason), an NHSmail fallback sent instead (and why), needs attention,',
    'replaced by an amendment. Ids, states, codes and times only: never patient data.',
    '',
    'Authentication: `Authorization: Bearer <API key>`, the same key as the ingest API. Each key sees only its own',
    "pharmacy's endpoints and events; another pharmacy's endpoint is answered 404.",
    '',
    '**Webhooks** (see `webhooks`): register up to 10 https endpoints. Each request is signed per the Standard Webhooks',
    'specification (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over',
    '`{webhook-id}.{webhook-timestamp}.{body}` with the `whsec_` secret), so any Standard Webhooks library verifies it.',
    'During a secret rotation overlap the signature header carries one signature per valid secret. Delivery is at',
    "least once (deduplicate on `webhook-id`, the event's `eventId`), in order per endpoint, retried with exponential",
    'backoff and jitter for more than 24 hours; an endpoint that keeps failing is disabled with the reason shown, and',
    'enabling it again resumes where delivery stopped. Answer 2xx quickly; redirects are not followed.',
    '',
    '**Change feed**: `GET /v1/events` returns the same events in order with a resumable cursor (long poll with',
    '`waitSeconds`), for systems that cannot receive webhooks or that catch up after downtime.',
    '',
    'Errors are RFC 9457 `application/problem+json` with `errors[]` giving each field path and message.',
  ].join('\n'),
};

const EXAMPLE_IDS = {
  consultationId: '3f0c1f3e-8b7a-4c1e-9d2a-5b6e7f8a9b0c',
  pharmacyOds: 'FXA01',
  practiceOds: 'A81001',
} as const;

const SUMMARIES: Record<PharmacyEventType, string> = {
  'consultation.accepted': 'Accepted by firstsync',
  'consultation.delivered': "In the practice's GP system (ITK3 business acknowledgement, or the FHIR endpoint's 2xx)",
  'consultation.rejected': 'Refused by the GP system, with its ITK3 code and reason (here: the patient is no longer registered there)',
  'consultation.fallback-sent': 'Sent by NHSmail instead, and why (here: Update Record is switched off at the practice)',
  'consultation.needs-attention': 'Could not be delivered; firstsync operators are on it',
  'consultation.replaced': 'Superseded by an amendment',
};

/**
 * The examples are what the real projection makes of a scripted consultation's pipeline events, so
 * they cannot drift from what receivers get: accepted, filed, an amendment, a rejection, a fallback
 * because Update Record is switched off, and a dead letter.
 */
function exampleEvents(): Map<PharmacyEventType, PharmacyEvent> {
  const projector = createPharmacyProjector();
  const start = Date.parse('2026-03-02T09:15:00.000Z');
  const story: Array<Omit<PipelineEvent, 'eventId' | 'at' | 'source' | keyof typeof EXAMPLE_IDS>> = [
    { type: 'received', version: 1 },
    { type: 'bus-ack', version: 1, transport: 'mesh', code: ITK_RESPONSE.patientKnown.code, details: { positive: true } },
    { type: 'received', version: 2 },
    { type: 'bus-ack', version: 2, transport: 'mesh', code: ITK_RESPONSE.patientLeft.code, details: { positive: false } },
    { type: 'inf-ack', version: 2, transport: 'mesh', code: ITK_RESPONSE.recipientNotSupported.code, details: { positive: false } },
    { type: 'fallback-sent', version: 2, transport: 'nhsmail', code: '250', details: { cause: ITK_RESPONSE.recipientNotSupported.code } },
    { type: 'dead-lettered', version: 2, transport: 'mesh', code: 'retries-exhausted' },
  ];
  const examples = new Map<PharmacyEventType, PharmacyEvent>();
  story.forEach((fields, index) => {
    const at = new Date(start + index * 7 * 60_000).toISOString();
    const eventId = `7a1d5e2c-0b3f-4c6d-8e9a-${index.toString().padStart(12, '0')}`;
    for (const event of projector.project({ eventId, at, source: 'delivery', ...EXAMPLE_IDS, ...fields })) {
      if (!examples.has(event.type)) examples.set(event.type, event);
    }
  });
  return examples;
}

/** One PII-free example per event type, as a receiver gets it. */
function examples(): Record<PharmacyEventType, { summary: string; value: PharmacyEvent }> {
  const events = exampleEvents();
  return Object.fromEntries(
    PHARMACY_EVENT_TYPES.map((type) => {
      const value = events.get(type);
      if (!value) throw new Error(`the example story has no ${type} event`);
      return [type, { summary: SUMMARIES[type], value }];
    }),
  ) as Record<PharmacyEventType, { summary: string; value: PharmacyEvent }>;
}

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: "The event's eventId: the same on every retry; deduplicate on it", schema: { type: 'string', format: 'uuid' } },
  { name: 'webhook-timestamp', description: 'Unix seconds when this attempt was sent; refuse ones far from your clock', schema: { type: 'string' } },
  {
    name: 'webhook-signature',
    description: 'Space-separated `v1,<base64 HMAC-SHA256>` signatures, one per valid secret (two during a rotation overlap)',
    schema: { type: 'string' },
  },
];

/** The OpenAPI 3.1 `webhooks`: one per event type, each a POST of the PharmacyEvent with its signature headers. */
export function webhooksSection(): Record<string, unknown> {
  const byType = examples();
  return Object.fromEntries(
    PHARMACY_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: byType[type].summary,
          description: 'POSTed to each enabled endpoint of the pharmacy that subscribed to this type, signed per Standard Webhooks.',
          tags: ['webhooks'],
          parameters: SIGNATURE_HEADERS.map((header) => ({ in: 'header', required: true, ...header })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: `#/components/schemas/${PHARMACY_EVENT_COMPONENT}` },
                examples: { [type]: { summary: byType[type].summary, value: byType[type].value } },
              },
            },
          },
          responses: {
            '2XX': { description: 'Received: the event counts as delivered' },
            default: { description: 'Anything else (or no answer within the timeout) is retried with backoff' },
          },
        },
      },
    ]),
  );
}
