#!/usr/bin/env node
// `npm start`: installs what is missing, brings up a Kafka broker (KAFKA_BROKERS, else Docker, else a
// local JVM broker), a loopback SMTP sink (the NHSmail fallback's relay), every service and the NHS
// simulator (delivery sends over MESH to it), prints the URLs and runs in the foreground.
// Ctrl-C stops everything, broker included (not a broker passed in KAFKA_BROKERS).
// KAFKA_LOCAL_BROKERS=3 runs a 3-node local KRaft cluster (ports 9092-9094, controllers 9095-9097)
// instead of the single broker, and the topics are created with RF 3 / min.insync.replicas 2.
// FIRSTSYNC_INSTANCES=2 runs two processes of every service but the NHS simulator (or per service:
// FIRSTSYNC_INSTANCES=ingest=2,delivery=3): ingest and dashboard instances share their public port
// (SO_REUSEPORT), the others get ports of their own (+100 per instance); log lines are tagged
// ingest#1, ingest#2, ...; Ctrl-C stops every instance.
// The dashboard's read model and ingest's status timelines are kept in embedded PGlite directories
// (.data/read-store, .data/ingest-status; one per instance) unless READ_STORE_URL / STATUS_STORE_URL
// name another store. With several instances of a service (FIRSTSYNC_INSTANCES) a local PostgreSQL
// server is started instead (infra/postgres-local, Debian's package, installed when missing; port
// POSTGRES_LOCAL_PORT, default 55432) and every dashboard and ingest instance shares it, each service
// in its own schema (read_model, ingest_status); Ctrl-C stops it too.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSmtp, stopSmtp } from '../smtp/smtp-server.mjs';
import { ensureDebianPackages, ensureNodeDependencies } from './lib/dependencies.mjs';
import { runOnPinnedRuntime } from './lib/runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Everything below, and every process it starts, runs on the pinned supported Node.js.
await runOnPinnedRuntime(root);
ensureNodeDependencies(root);
// The NHSmail fallback's loopback SMTP sink runs on Debian's python3-aiosmtpd.
ensureDebianPackages(['python3-aiosmtpd']);
const { acquireBroker } = await import('../kafka-local/broker-selection.mjs');
// The service table and process control are the typed @firstsync/service-runner package, loaded
// through tsx now that node_modules exists.
const { tsImport } = await import('tsx/esm/api');
const { parseInstances, serviceTable, startService, stopAll, waitReady } = await tsImport('../../packages/service-runner/src/index.ts', import.meta.url);

const children = [];
let broker;
let smtp;
let postgres;
const SMTP_PORT = Number(process.env.SMTP_PORT ?? 2525);
const maildir = resolve(root, '.data', 'mail');
let stopping = false;

/**
 * An embedded PGlite store under .data/<name> (the dashboard's read model, ingest's status
 * timelines). A broker started here begins empty, so the store of a previous run (events that are
 * gone, offsets past the new topics' ends) is removed first; with KAFKA_BROKERS it is kept and the
 * service resumes from its stored offsets.
 */
function embeddedStoreUrl(acquired, name, what) {
  const dir = resolve(root, '.data', name);
  if (acquired.kind !== 'external') {
    // Several instances each have a directory of their own: <name>, <name>-2, ...; the dashboard keeps
    // its outcomes store beside its read store (<name>-outcomes, <name>-2-outcomes: OUTCOMES_STORE_URL).
    for (const entry of existsSync(dirname(dir)) ? readdirSync(dirname(dir)) : []) {
      if (new RegExp(`^${name}(-\\d+)?(-outcomes)?$`).test(entry)) rmSync(resolve(dirname(dir), entry), { recursive: true, force: true });
    }
  }
  process.stderr.write(`[start] ${what}: embedded PGlite in ${dir}\n`);
  return `pglite:${dir}`;
}

/**
 * Where the dashboard's read model and ingest's status timelines live. Replicas must share them, and
 * a PGlite directory is one process's, so several instances get a local PostgreSQL server (empty at
 * every start, like a broker started here). READ_STORE_URL / STATUS_STORE_URL of the environment win.
 */
async function storeUrls(acquired) {
  const fromEnv = { readStore: process.env.READ_STORE_URL, statusStore: process.env.STATUS_STORE_URL };
  const replicated = Object.values(parseInstances(process.env.FIRSTSYNC_INSTANCES)).some((count) => count > 1);
  if (replicated && (!fromEnv.readStore || !fromEnv.statusStore)) {
    const { startLocalPostgres } = await import('../postgres-local/postgres-local.mjs');
    postgres = await startLocalPostgres({ port: Number(process.env.POSTGRES_LOCAL_PORT ?? 55432) });
    process.stderr.write(`[start] PostgreSQL at 127.0.0.1:${postgres.port}, shared by every dashboard and ingest instance\n`);
    return { readStore: fromEnv.readStore ?? postgres.url, statusStore: fromEnv.statusStore ?? postgres.url };
  }
  return {
    readStore: fromEnv.readStore ?? embeddedStoreUrl(acquired, 'read-store', 'dashboard read store'),
    statusStore: fromEnv.statusStore ?? embeddedStoreUrl(acquired, 'ingest-status', 'ingest status store'),
  };
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\n[start] stopping services...\n');
  // Reverse start order: the services that call others (delivery polling the simulated MESH) stop
  // before what they call, so a clean stop logs no connection errors.
  for (const child of [...children].reverse()) await stopAll([child]);
  if (smtp) {
    process.stderr.write('[start] stopping the SMTP sink...\n');
    await stopSmtp(smtp);
  }
  if (postgres) {
    process.stderr.write('[start] stopping PostgreSQL...\n');
    const { stopLocalPostgres } = await import('../postgres-local/postgres-local.mjs');
    await stopLocalPostgres({ port: postgres.port }).catch((err) => process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`));
  }
  if (broker && broker.kind !== 'external') {
    process.stderr.write('[start] stopping the Kafka broker...\n');
    await broker.release();
  }
  process.stderr.write('[start] stopped\n');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  broker = await acquireBroker({ port: Number(process.env.KAFKA_LOCAL_PORT ?? 9092), brokers: Number(process.env.KAFKA_LOCAL_BROKERS ?? 1) });
  process.stderr.write(`[start] Kafka at ${broker.brokers} (${broker.kind})\n`);
  smtp = await startSmtp({ port: SMTP_PORT, maildir });
  process.stderr.write(`[start] SMTP sink at ${smtp.host}:${smtp.port} (mail in ${maildir})\n`);
  const table = serviceTable({ brokers: broker.brokers, route: 'mesh', smtpPort: smtp.port, ...(await storeUrls(broker)) });
  for (const service of table.services) {
    const child = startService(root, service);
    children.push(child);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`[start] ${service.label} exited (${signal ?? code}); stopping everything\n`);
        void shutdown(1);
      }
    });
    await waitReady(service, { child });
  }
  // The demo pharmacy's system (simulated) receives its signed webhooks: accepted, delivered, rejected...
  const { connectSimulatedPharmacySystem } = await tsImport('../system-harness/src/pharmacy-webhooks.ts', import.meta.url);
  const demoEndpoint = await connectSimulatedPharmacySystem({
    notifyUrl: table.urls.pharmacyNotify,
    simulatorUrl: table.urls.simulator,
    pharmacy: { ods: 'FXA01', key: 'demo-pharmacy-key-FXA01' },
  });
  process.stderr.write(`[start] webhook endpoint ${demoEndpoint.endpointId} of pharmacy FXA01 -> the simulated pharmacy system\n`);
  const replicated = table.services.filter((service) => service.instance > 0).map((service) => service.name);
  if (replicated.length > 0) {
    const counts = [...new Set(replicated)].map((name) => `${name} x${table.services.filter((service) => service.name === name).length}`);
    process.stderr.write(`[start] replicas: ${counts.join(', ')} (ingest and dashboard instances share their port)\n`);
  }
  process.stdout.write(`
firstsync is running:
  ingest API        ${table.urls.ingest}      (OpenAPI UI: ${table.urls.ingest}/docs)
  ops dashboard     ${table.urls.dashboard}   (operator / operator-demo-password; pharmacy staff worklist: pharmacy / pharmacy-demo-password)
  pharmacy events   ${table.urls.pharmacyNotify}   (webhooks and change feed, same API key; OpenAPI: ${table.urls.pharmacyNotify}/docs/json)
  pharmacy system   ${table.urls.simulator}/pharmacy-system   (the demo pharmacy's signed webhooks as its system received them)
  NHS simulator     ${table.urls.simulator}   (received messages: ${table.urls.simulator}/admin/received)
  GP inbox          ${table.urls.simulator}/gp   (messages arrive over MESH; file them there)
  NHSmail fallback  smtp://${smtp.host}:${smtp.port}   (mail folder: ${maildir})
  Kafka             ${broker.brokers}

Send the demo consultation:
  curl -i -X POST ${table.urls.ingest}/v1/consultations \\
    -H 'Authorization: Bearer demo-pharmacy-key-FXA01' -H 'Content-Type: application/json' \\
    --data @infra/demo/consultation.json

Press Ctrl-C to stop everything.
`);
} catch (err) {
  process.stderr.write(`[start] ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
}
