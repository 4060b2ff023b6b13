import { decorateApiClient } from '@firstsync/pharmacy-api-keys';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** A validated consultationId, for the request log line only. */
    consultationIdForLog: string | undefined;
    /** The handler already wrote the info line for this request's outcome (the request line goes to debug). */
    outcomeLogged: boolean;
  }
}

export function decorateRequestContext(app: FastifyInstance): void {
  decorateApiClient(app);
  app.decorateRequest('consultationIdForLog', undefined);
  app.decorateRequest('outcomeLogged', false);
}
