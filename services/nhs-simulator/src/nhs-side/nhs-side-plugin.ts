import { type Clock, systemClock } from '@firstsync/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { type MessageValidator, validateMessageEnvelope } from '../fhir/validate-message';
import { gpRoutes } from './gp-system/gp-routes';
import { meshApiRoutes } from './mesh/mesh-api-routes';
import { nhsAdminRoutes } from './nhs-admin-routes';
import { createNhsSideState, type NhsSideSettings, type NhsSideState } from './nhs-side-state';

export interface NhsSidePluginOptions extends Partial<NhsSideSettings> {
  clock?: Clock;
  /** How the simulated GP systems validate a received message (20009 when invalid). */
  validate?: MessageValidator;
  /** Pass one in to inspect it from a test; created otherwise. */
  state?: NhsSideState;
}

/**
 * The simulated NHS side behind MESH, as one plugin: the MESH API (/messageexchange), a fake PDS for
 * GPPROVIDER_ routing, a GP system per practice with its workflow inbox page (/gp) and the admin
 * API (/admin/nhs). Each part is its own encapsulated context (MESH bodies are raw bytes).
 */
export const nhsSidePlugin: FastifyPluginAsync<NhsSidePluginOptions> = async (app, options) => {
  const clock = options.clock ?? systemClock;
  const state =
    options.state ??
    createNhsSideState(
      { clock, validate: options.validate ?? validateMessageEnvelope, logger: { info: (fields, message) => app.log.info(fields, message) } },
      options,
    );
  app.addHook('onClose', async () => state.scheduler.cancelAll());
  await app.register(meshApiRoutes, { state, clock });
  await app.register(gpRoutes, { state });
  await app.register(nhsAdminRoutes, { state });
};
