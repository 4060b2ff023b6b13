import type { RequestLogOptions } from '@firstsync/http-app';

/**
 * The request line's ids (client, consultation). Docs requests, and requests whose handler already
 * logged the outcome at info (an accepted consultation), are logged at debug: every info line costs
 * serialisation and redaction, and at saturation two lines per acceptance were the largest item in
 * ingest's own profile.
 */
export const ingestRequestLog: RequestLogOptions = {
  quiet: (request) => request.outcomeLogged || request.routeOptions.url?.startsWith('/docs') === true,
  fields: (request) => ({
    ...(request.apiClient ? { client: request.apiClient.name, pharmacyOds: request.apiClient.pharmacyOds } : {}),
    ...(request.consultationIdForLog ? { consultationId: request.consultationIdForLog } : {}),
  }),
};
