import type { ServerResponse } from 'node:http';
import { type Clock, systemClock } from '@firstsync/contracts';
import { apiSecurityHeaders, createHttpApp, registerHealthRoutes, type SecurityHeaderPolicy } from '@firstsync/http-app';
import type { Logger } from '@firstsync/logging';
import { createServiceRegistry } from '@firstsync/metrics';
import type { FastifyInstance } from 'fastify';
import type { NhsSimulatorConfig } from './config';
import { type MessageValidator, validateMessageEnvelope } from './fhir/validate-message';
import { nhsSidePlugin } from './nhs-side';
import { PharmacySystems, pharmacySystemRoutes } from './pharmacy-system';
import { adminRoutes } from './routes/admin';
import { fhirRoutes } from './routes/fhir';
import { createSimulatorState, type SimulatorState } from './state/simulator-state';

export interface NhsSimulatorDeps {
  config: Pick<NhsSimulatorConfig, 'SIMULATOR_BODY_LIMIT_BYTES'> &
    Partial<Pick<NhsSimulatorConfig, 'SIMULATOR_KEEP_BODIES' | 'SIMULATOR_PHARMACY_KEEP_EVENTS'>>;
  logger: Logger;
  clock?: Clock;
  /** How received messages are validated; the ITK3 envelope checks unless told otherwise. */
  validate?: MessageValidator;
  state?: SimulatorState;
  /** The simulated pharmacy systems receiving webhooks; pass one in to inspect it from a test. */
  pharmacySystems?: PharmacySystems;
}

// The GP systems' inbox pages and the pharmacy systems' page carry their own inline stylesheet and file tasks with a form.
const GP_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const SIMULATOR_HEADERS: SecurityHeaderPolicy = {
  ...apiSecurityHeaders({ https: false }),
  overrideFor: (url) => (url.startsWith('/gp/') || url.startsWith('/pharmacy-system') ? { 'content-security-policy': GP_PAGE_CSP } : undefined),
};

export interface NhsSimulator {
  readonly app: FastifyInstance;
  readonly state: SimulatorState;
  readonly pharmacySystems: PharmacySystems;
}

/**
 * The NHS side in one process, one plugin per capability: the FHIR REST endpoint and its admin API,
 * the MESH side (MESH API, PDS, GP systems, /admin/nhs) in `nhs-side/`, and the pharmacy systems
 * that receive firstsync's webhooks in `pharmacy-system/`.
 */
export function buildNhsSimulator({
  config,
  logger,
  clock = systemClock,
  validate = validateMessageEnvelope,
  state = createSimulatorState(config.SIMULATOR_KEEP_BODIES),
  pharmacySystems = new PharmacySystems({
    now: () => clock.now(),
    ...(config.SIMULATOR_PHARMACY_KEEP_EVENTS === undefined
      ? {}
      : { keepEvents: config.SIMULATOR_PHARMACY_KEEP_EVENTS, rememberIds: config.SIMULATOR_PHARMACY_KEEP_EVENTS * 10 }),
  }),
}: NhsSimulatorDeps): NhsSimulator {
  const app = createHttpApp({
    logger,
    bodyLimit: config.SIMULATOR_BODY_LIMIT_BYTES,
    forceCloseConnections: true,
    securityHeaders: SIMULATOR_HEADERS,
    metrics: createServiceRegistry('nhs-simulator'),
  });
  const hanging = new Set<ServerResponse>();

  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('ignore', 'ignore'));
  app.addHook('onClose', async () => {
    for (const response of hanging) response.destroy();
    hanging.clear();
  });

  registerHealthRoutes(app, {});
  void app.register(fhirRoutes, { state, clock, validate, hanging });
  void app.register(adminRoutes, { state });
  void app.register(nhsSidePlugin, { clock, validate, ...(config.SIMULATOR_KEEP_BODIES === undefined ? {} : { keepBodies: config.SIMULATOR_KEEP_BODIES }) });
  void app.register(pharmacySystemRoutes, { systems: pharmacySystems, hanging });
  return { app, state, pharmacySystems };
}
