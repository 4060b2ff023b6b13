// The ingest benchmark's limit: a bare Fastify route that validates the same zod schema and answers
// 202 without Kafka, logging, auth hashing or idempotency. Run as its own process (like ingest) so
// the load generator never shares its event loop. Prints "listening <port>" when ready.
import { createConsultationSchema } from '@firstsync/contracts';
import Fastify from 'fastify';

const schema = createConsultationSchema();
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });

app.post('/v1/consultations', async (request, reply) => {
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send({ title: 'Invalid consultation', status: 400 });
  return reply.code(202).send({ consultationId: parsed.data.consultationId, version: parsed.data.version, status: 'accepted' });
});

const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${new URL(address).port}\n`);
const close = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
