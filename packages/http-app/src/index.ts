export { CORRELATION_ID_HEADER, correlationIdFrom } from './correlation-id';
export { createHttpApp, type HttpAppSettings } from './create-http-app';
export { type ErrorAnswers, problemJsonAnswers, registerErrorAnswers, registerMethodNotAllowed } from './error-handling';
export { type ReadinessCheck, registerHealthRoutes } from './health';
export { type InstanceListen, instanceListenFromEnv, listenService } from './listen';
export { METRICS_PATH, registerMetrics } from './metrics';
export {
  finishOpenApiDocument,
  type JsonObject,
  type OpenApiFinish,
  type OpenApiSettings,
  registerOpenApiDocument,
  type SchemaRegistry,
} from './openapi-document';
export { httpProblems, ProblemCarryingError, problem, problemForError, sendProblem } from './problems';
export { type RequestLogOptions, registerRequestLog } from './request-log';
export { API_CONTENT_SECURITY_POLICY, apiSecurityHeaders, HSTS, registerSecurityHeaders, type SecurityHeaderPolicy } from './security-headers';
