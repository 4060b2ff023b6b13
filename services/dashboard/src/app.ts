import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { type Clock, systemClock } from '@firstsync/contracts';
import { createHttpApp, registerHealthRoutes } from '@firstsync/http-app';
import { createRecordProducer, type KafkaClient, resolveTopicNames, type TopicNames } from '@firstsync/kafka';
import type { Logger } from '@firstsync/logging';
import { createServiceRegistry, observeProducer } from '@firstsync/metrics';
import { createOutcomesAbsorber, type OutcomesAbsorber, type OutcomesStore } from '@firstsync/outcomes-store';
import { memorySessionRepository } from '@firstsync/read-store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeviceCookies } from './auth/device-cookie';
import { hmac } from './auth/hmac';
import { LoginCsrf } from './auth/login-csrf';
import { LoginThrottle } from './auth/login-throttle';
import { type SessionRepositoryOf, SessionStore } from './auth/session-store';
import { isOutcomesUser } from './auth/users';
import type { DashboardConfig } from './config';
import type { DashboardContext } from './http/context';
import { dashboardErrorAnswers } from './http/error-handlers';
import { renderPage } from './http/render';
import { dashboardSecurityHeaders } from './http/security-headers';
import { createGuards, problem, registerSessions, wantsJson } from './http/session-plugin';
import { type CommandPublisher, createCommandPublisher } from './kafka/command-publisher';
import { createEventFeed } from './kafka/event-feed';
import { createWebhookFeed } from './kafka/webhook-feed';
import { LiveUpdates } from './live/live-updates';
import { MessageCache } from './messages/message-cache';
import { PatientIdentities } from './patient-identities';
import { InMemoryReadModel } from './read-model/in-memory-read-model';
import type { ReadModel } from './read-model/read-model';
import { registerActionRoutes } from './routes/action-routes';
import { registerApiRoutes } from './routes/api-routes';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerLiveRoutes } from './routes/live-routes';
import { registerOutcomesRoutes } from './routes/outcomes-routes';
import { registerPageRoutes } from './routes/page-routes';
import { registerWebhookRoutes } from './routes/webhook-routes';
import { registerWorklistRoutes } from './routes/worklist-routes';
import { homeOf } from './views/layout';
import { errorPage } from './views/login-page';
import { WebhookView } from './webhooks/webhook-view';

export interface DashboardDeps {
  config: DashboardConfig;
  logger: Logger;
  kafka: KafkaClient;
  clock?: Clock;
  /** Defaults to the real names under KAFKA_TOPIC_PREFIX. */
  topics?: TopicNames;
  readModel?: ReadModel;
  /** Where sessions live: the read store's, shared by every instance on it (default: this process's memory). */
  sessionRepository?: SessionRepositoryOf;
  /** Tests without a broker record commands here instead of publishing them. */
  publisher?: CommandPublisher;
  /**
   * The outcomes store (issue #17): its figures are the outcomes pages and exports, and the
   * dashboard absorbs outcomes.facts.v1 into it while running. Without it the outcomes routes
   * answer 404.
   */
  outcomes?: OutcomesStore;
  /** Tests use short consumer sessions. */
  consumerSessionTimeoutMs?: number;
  consumerHeartbeatIntervalMs?: number;
}

export interface DashboardRoute {
  method: string;
  url: string;
}

export type DashboardApp = FastifyInstance;

export interface Dashboard {
  app: DashboardApp;
  readModel: ReadModel;
  identities: PatientIdentities;
  messages: MessageCache;
  /** Webhook endpoints and attempts, for the Webhooks page. */
  webhooks: WebhookView;
  sessions: SessionStore;
  /** The outcomes store and, once started, its absorber (tests wait on `catchUp`). */
  outcomes: { store: OutcomesStore; absorber: () => OutcomesAbsorber | undefined } | undefined;
  /** Every route the app registered (filled as the app boots): what the security tests walk. */
  routes: readonly DashboardRoute[];
  /** Connects the producer and starts feeding the read model: from the beginning of the topics, or from a stored model's offsets. */
  start(): Promise<void>;
  stop(): Promise<void>;
  ready(): boolean;
}

const require = createRequire(import.meta.url);
const NHSUK_ROOT = dirname(require.resolve('nhsuk-frontend/package.json'));
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

export function buildDashboard(deps: DashboardDeps): Dashboard {
  const { config, logger, kafka } = deps;
  const clock = deps.clock ?? systemClock;
  const topics = deps.topics ?? resolveTopicNames(config.KAFKA_TOPIC_PREFIX);
  const now = () => clock.now().getTime();
  const readModel = deps.readModel ?? new InMemoryReadModel();
  const identities = new PatientIdentities(config.DASHBOARD_IDENTITIES_MAX);
  const messages = new MessageCache(config.DASHBOARD_MESSAGE_CACHE_MB * 1_048_576);
  const metrics = createServiceRegistry('dashboard');
  const producer = observeProducer(metrics, createRecordProducer(kafka, logger, { sendTimeoutMs: 10_000 }), config.KAFKA_TOPIC_PREFIX);
  const live = new LiveUpdates(readModel, logger);
  // Without DASHBOARD_SESSION_SECRET sessions last as long as the process (main warns).
  const sessionSecret = config.DASHBOARD_SESSION_SECRET ?? randomBytes(32).toString('base64url');
  const loginWindowMs = config.DASHBOARD_LOGIN_WINDOW_MINUTES * 60_000;
  const ctx: DashboardContext = {
    config,
    logger,
    clock,
    readModel,
    identities,
    messages,
    live,
    publisher: deps.publisher ?? createCommandPublisher(producer, topics),
    sessions: new SessionStore(deps.sessionRepository ?? memorySessionRepository(), {
      idleMs: config.DASHBOARD_SESSION_IDLE_MINUTES * 60_000,
      maxMs: config.DASHBOARD_SESSION_MAX_HOURS * 3_600_000,
      maxPerUser: config.DASHBOARD_SESSIONS_PER_USER,
      now,
    }),
    throttle: new LoginThrottle({
      freeFailures: config.DASHBOARD_LOGIN_MAX_FAILURES,
      windowMs: loginWindowMs,
      baseDelayMs: 1_000,
      accountMaxDelayMs: config.DASHBOARD_LOGIN_ACCOUNT_MAX_DELAY_SECONDS * 1000,
      // Below the window, so a client that waits out its delay still finds its failures remembered.
      sourceMaxDelayMs: Math.min(15 * 60_000, loginWindowMs / 2),
      now,
    }),
    // Derived keys, so the cookie-signing secret itself is never used for two purposes.
    loginCsrf: new LoginCsrf(hmac(sessionSecret, 'key', 'login-csrf'), now),
    devices: new DeviceCookies(hmac(sessionSecret, 'key', 'device-cookie')),
  };
  const feed = createEventFeed({
    kafka,
    logger,
    topics,
    readModel,
    identities,
    messages,
    onApplied: (result) => live.notify(result),
    ...(deps.consumerSessionTimeoutMs ? { sessionTimeoutMs: deps.consumerSessionTimeoutMs } : {}),
    ...(deps.consumerHeartbeatIntervalMs ? { heartbeatIntervalMs: deps.consumerHeartbeatIntervalMs } : {}),
  });

  const webhooks = new WebhookView();
  const webhookFeed = createWebhookFeed({
    kafka,
    logger,
    topics,
    view: webhooks,
    ...(deps.consumerSessionTimeoutMs ? { sessionTimeoutMs: deps.consumerSessionTimeoutMs } : {}),
    ...(deps.consumerHeartbeatIntervalMs ? { heartbeatIntervalMs: deps.consumerHeartbeatIntervalMs } : {}),
  });

  const app = createHttpApp({
    logger,
    trustProxy: config.DASHBOARD_TRUST_PROXY,
    bodyLimit: 64 * 1024,
    errors: dashboardErrorAnswers,
    securityHeaders: dashboardSecurityHeaders(config.DASHBOARD_COOKIE_SECURE),
    // Prometheus' own /metrics; /api/metrics stays the JSON the dashboard's pages read.
    metrics,
  });
  const routes: DashboardRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.register(fastifyCookie, { secret: sessionSecret, hook: 'onRequest' });
  app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  // nhsuk-frontend 10 keeps the compiled CSS and its assets (favicons, icons) together in dist/nhsuk.
  app.register(fastifyStatic, { root: join(NHSUK_ROOT, 'dist', 'nhsuk'), prefix: '/assets/nhsuk/', index: false, maxAge: '1h' });
  app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/app/', decorateReply: false, index: false });

  app.register(async (scope) => {
    const forbidden = (request: FastifyRequest, reply: FastifyReply, reason: string) => {
      request.log.warn({ reason, route: request.routeOptions.url }, 'request refused');
      if (wantsJson(request))
        return problem(reply, 403, 'Forbidden', reason === 'cross-origin request' ? 'Cross-origin request refused' : 'Missing or invalid CSRF token');
      return renderPage(request, reply, {
        title: 'Forbidden',
        status: 403,
        body: errorPage('This form has expired', 'For your security the request was refused. Go back, reload the page and try again.'),
      });
    };
    registerSessions(scope, ctx, { secure: config.DASHBOARD_COOKIE_SECURE }, forbidden);
    const guards = createGuards((_request, user) =>
      user.role === 'pharmacy'
        ? renderPageMarkup('You do not have permission', 'Pharmacy accounts see their follow-up worklist only.', {
            href: '/worklist',
            text: 'Go to your worklist',
          })
        : isOutcomesUser(user)
          ? renderPageMarkup('You do not have permission', 'Outcomes accounts see the outcome figures of their own area only.', {
              href: homeOf(user),
              text: 'Go to your outcomes',
            })
          : renderPageMarkup('You do not have permission', 'Only operators can do this. Ask an operator, or sign in with an operator account.'),
    );
    registerHealthRoutes(scope, { kafka: () => feed.running && webhookFeed.running && producer.connected });
    registerAuthRoutes(scope, ctx);
    registerPageRoutes(scope, ctx, guards);
    registerActionRoutes(scope, ctx, guards);
    registerApiRoutes(scope, ctx, guards);
    registerLiveRoutes(scope, ctx, guards);
    registerWorklistRoutes(scope, ctx, guards);
    registerWebhookRoutes(scope, guards, webhooks);
    registerOutcomesRoutes(scope, ctx, guards, deps.outcomes);
  });

  app.addHook('preClose', async () => live.close());

  let started = false;
  let absorber: OutcomesAbsorber | undefined;
  const outcomesStore = deps.outcomes;
  const consumerTimings = {
    ...(deps.consumerSessionTimeoutMs ? { sessionTimeoutMs: deps.consumerSessionTimeoutMs } : {}),
    ...(deps.consumerHeartbeatIntervalMs ? { heartbeatIntervalMs: deps.consumerHeartbeatIntervalMs } : {}),
  };
  return {
    app,
    readModel,
    identities,
    messages,
    webhooks,
    sessions: ctx.sessions,
    outcomes: outcomesStore ? { store: outcomesStore, absorber: () => absorber } : undefined,
    routes,
    async start() {
      await producer.connect();
      await Promise.all([feed.start(), webhookFeed.start()]);
      if (outcomesStore) absorber = await createOutcomesAbsorber({ kafka, logger, store: outcomesStore, topic: topics.outcomesFacts, ...consumerTimings });
      started = true;
    },
    async stop() {
      started = false;
      await app.close();
      await feed.stop().catch((err: unknown) => logger.warn({ err }, 'consumer stop failed'));
      await webhookFeed.stop().catch((err: unknown) => logger.warn({ err }, 'webhook consumer stop failed'));
      await absorber?.stop().catch((err: unknown) => logger.warn({ err }, 'outcomes absorber stop failed'));
      await producer.disconnect().catch((err: unknown) => logger.warn({ err }, 'producer disconnect failed'));
    },
    ready: () => started && feed.running && webhookFeed.running && producer.connected && (absorber?.running ?? true),
  };
}

function renderPageMarkup(title: string, message: string, link?: { href: string; text: string }): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/assets/nhsuk/nhsuk.min.css"></head><body><div class="nhsuk-width-container"><main class="nhsuk-main-wrapper" id="maincontent">${errorPage(title, message, link).value}</main></div></body></html>`;
}
