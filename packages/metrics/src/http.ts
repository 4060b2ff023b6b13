import { Histogram, type Registry } from 'prom-client';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface HttpRequestObservation {
  readonly method: string;
  /** The route template (`/consultations/:id`), never the URL: a URL carries ids, and each would make a series. */
  readonly route: string | undefined;
  readonly statusCode: number;
  readonly seconds: number;
}

/** `firstsync_http_request_duration_seconds{method,route,status_code}`: bounded labels only. */
export function httpRequestMetrics(registry: Registry): (observation: HttpRequestObservation) => void {
  const duration = new Histogram({
    name: 'firstsync_http_request_duration_seconds',
    help: 'HTTP requests served, by route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return ({ method, route, statusCode, seconds }) => {
    duration.observe(
      {
        // A client may send any method name; unknown ones would each become a series.
        method: METHODS.has(method) ? method : 'OTHER',
        route: route ?? '(unmatched)',
        status_code: String(statusCode),
      },
      seconds,
    );
  };
}
