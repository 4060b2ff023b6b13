import type { FastifyInstance } from 'fastify';
import type { ApiClient } from '../auth/api-keys';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated API key's client (set by the authentication hook on /v1 routes). */
    apiClient: ApiClient | undefined;
    /** A validated consultationId, for the request log line only. */
    consultationIdForLog: string | undefined;
    /** The handler already wrote the info line for this request's outcome (the request line goes to debug). */
    outcomeLogged: boolean;
  }
}

export function decorateRequestContext(app: FastifyInstance): void {
  app.decorateRequest('apiClient', undefined);
  app.decorateRequest('consultationIdForLog', undefined);
  app.decorateRequest('outcomeLogged', false);
}
