import type { FastifyInstance } from 'fastify';
import { renderPage } from '../http/render';
import type { Guard } from '../http/session-plugin';
import { webhooksPage } from '../views/webhooks-page';
import type { WebhookView } from '../webhooks/webhook-view';

/** Ops: every pharmacy's webhook endpoints and recent attempts (page and JSON). */
export function registerWebhookRoutes(app: FastifyInstance, guards: { signedIn: Guard }, view: WebhookView): void {
  const opts = { preHandler: guards.signedIn };
  app.get('/webhooks', opts, async (request, reply) =>
    renderPage(request, reply, { title: 'Webhooks', active: 'webhooks', body: webhooksPage(view.summaries()) }),
  );
  app.get('/api/webhooks', opts, async () => ({ endpoints: view.summaries() }));
}
