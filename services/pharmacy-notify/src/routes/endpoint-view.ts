import type { WebhookEndpoint } from '@firstsync/pharmacy-events';
import type { z } from 'zod';
import type { endpointSchema } from '../http/schemas';

export type EndpointView = z.output<typeof endpointSchema>;

/** What the owning pharmacy sees of an endpoint: never its secrets, never where delivery started. */
export function endpointView(endpoint: WebhookEndpoint): EndpointView {
  return {
    id: endpoint.endpointId,
    url: endpoint.url,
    eventTypes: [...endpoint.eventTypes],
    ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
    status: endpoint.status,
    ...(endpoint.disabledReason === undefined ? {} : { disabledReason: endpoint.disabledReason }),
    ...(endpoint.disabledBy === undefined ? {} : { disabledBy: endpoint.disabledBy }),
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

/** The endpoint when it exists, is not deleted and belongs to the pharmacy; anything else is the same 404. */
export function ownedEndpoint(endpoint: WebhookEndpoint | undefined, pharmacyOds: string): WebhookEndpoint | undefined {
  return endpoint !== undefined && !endpoint.deleted && endpoint.pharmacyOds === pharmacyOds ? endpoint : undefined;
}
