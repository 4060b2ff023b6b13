import type { Clock } from '@firstsync/contracts';
import { candidateBirthDates, MESH_V2_JSON, MEX, parseChunkRange, parseGpProviderAddress } from '@firstsync/mesh';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { messageFacts } from '../../fhir/message-facts';
import type { NhsSideState } from '../nhs-side-state';
import { authenticate } from './mesh-auth';
import { meshError } from './mesh-errors';
import { type StoredMessage, workflowFilter } from './mesh-store';
import { postReport } from './reports';
import { routeRecipient } from './routing';

export interface MeshApiOptions {
  state: NhsSideState;
  clock: Clock;
}

type MailboxParams = { Params: { mailbox: string } };
type MessageParams = { Params: { mailbox: string; messageId: string } };
type ChunkParams = { Params: { mailbox: string; messageId: string; chunk: string } };

const header = (headers: Record<string, unknown>, name: string): string | null => {
  const value = headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

function fail(reply: FastifyReply, status: number, event: string, code: string, msg: string, messageId?: string) {
  return reply
    .code(status)
    .type(MESH_V2_JSON)
    .send(meshError(event, code, msg, messageId));
}

/**
 * The MESH API v2 surface (handshake, outbox with chunks, inbox, download with chunks, acknowledge,
 * endpoint lookup) over the simulator's mailboxes, with GPPROVIDER_ routing through the fake PDS.
 * Routing failures are accepted (202) and reported later in the sender's inbox, as real MESH does.
 */
export const meshApiRoutes: FastifyPluginAsync<MeshApiOptions> = async (app, { state, clock }) => {
  // MESH bodies are opaque bytes whatever their Content-Type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return fail(reply, status, 'TRANSFER', String(status), status === 413 ? 'Message too large' : status === 500 ? 'Internal error' : 'Bad request');
  });

  /** Learn mode: register an unknown patient at the practice the payload names (demo convenience). */
  function learnPatient(to: string, body: Buffer): void {
    if (state.pds.mode !== 'learn-from-payload') return;
    const address = parseGpProviderAddress(to.toUpperCase());
    if (!address || state.pds.find(address.nhsNumber)) return;
    const birthDate = candidateBirthDates(address.dobDigits)[0];
    let practiceOds: string | null = null;
    try {
      practiceOds = messageFacts(JSON.parse(body.toString('utf8'))).practiceOds;
    } catch {
      practiceOds = null;
    }
    if (!birthDate || !practiceOds || !/^[A-Z0-9]{3,10}$/.test(practiceOds)) return;
    state.gp.ensure(practiceOds);
    state.pds.register({ nhsNumber: address.nhsNumber, birthDate, surname: address.surname, practiceOds });
  }

  function complete(message: StoredMessage): void {
    const now = clock.now();
    if (message.routeFailure) {
      message.status = 'undeliverable';
      const failure = message.routeFailure;
      // Reports arrive after the send call returned, never in its response (docs/known-spec-pitfalls.md#routing-errors-arrive-later-as-reports).
      state.scheduler.later(0, () => postReport(state.mesh, message, { code: failure.code, event: 'SEND', description: failure.description }, now));
      return;
    }
    message.status = 'accepted';
    message.deliveredAt = now.toISOString();
    state.gp.delivered(message);
  }

  const handshake = async (request: import('fastify').FastifyRequest<MailboxParams>, reply: FastifyReply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    return reply.code(200).type(MESH_V2_JSON).send({ mailbox_id: mailbox });
  };
  app.get<MailboxParams>('/messageexchange/:mailbox', handshake);
  app.post<MailboxParams>('/messageexchange/:mailbox', handshake);

  // Per-message routes log at warn: Fastify's two lines per request (method, URL, port) cost more
  // than the work and say less than the one id-only line the outbox and the GP systems write.
  const quiet = { logLevel: 'warn' } as const;

  app.post<MailboxParams>('/messageexchange/:mailbox/outbox', quiet, async (request, reply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    const headers = request.headers as Record<string, unknown>;
    const to = header(headers, MEX.to);
    const workflowId = header(headers, MEX.workflowId);
    if (!to) return fail(reply, 400, 'SEND', '08', 'TO_DTS missing');
    if (!workflowId) return fail(reply, 400, 'SEND', '11', 'Workflow ID missing');
    const rangeHeader = header(headers, MEX.chunkRange);
    const range = rangeHeader === null ? { chunk: 1, total: 1 } : parseChunkRange(rangeHeader);
    if (range?.chunk !== 1) return fail(reply, 417, 'SEND', 'InvalidHeaderChunks', 'Invalid chunk values sent in mex-Chunk-Range header');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (body.length === 0) return fail(reply, 417, 'COLLECT', '02', 'Data file is missing or inaccessible.');

    if (range.total === 1) learnPatient(to, body);
    const decision = routeRecipient(to, workflowId, {
      findPatient: (nhsNumber) => state.pds.find(nhsNumber),
      practiceMailboxes: (ods, workflow) => state.gp.mailboxesFor(ods, workflow),
      mailboxExists: (id) => state.mesh.mailbox(id) !== undefined,
    });
    if (decision.kind === 'reject') return fail(reply, decision.status, decision.event, decision.code, decision.description);
    if (decision.kind === 'deliver' && decision.practiceOds !== null) {
      const status = state.gp.takeSendError(decision.practiceOds);
      if (status !== null) return fail(reply, status, 'SEND', 'SIMULATED', 'Simulated MESH failure');
    }
    const message = state.mesh.create(
      {
        type: 'DATA',
        from: mailbox,
        to: decision.kind === 'deliver' ? decision.mailboxId : mailbox,
        workflowId,
        localId: header(headers, MEX.localId),
        subject: header(headers, MEX.subject),
        contentType: header(headers, MEX.contentType) ?? header(headers, 'content-type'),
        fileName: header(headers, MEX.fileName),
        totalChunks: range.total,
        firstChunk: body,
        routeFailure: decision.kind === 'report' ? { code: decision.code, description: decision.description } : null,
      },
      clock.now(),
    );
    app.log.info({ meshMessageId: message.messageId, workflowId, chunks: range.total, routed: decision.kind }, 'simulated MESH: message sent');
    if (range.total === 1) complete(message);
    return reply.code(202).type(MESH_V2_JSON).send({ message_id: message.messageId });
  });

  app.post<ChunkParams>('/messageexchange/:mailbox/outbox/:messageId/:chunk', async (request, reply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    const message = state.mesh.get(request.params.messageId);
    if (!message) return fail(reply, 404, 'SEND', '20', 'Message does not exist');
    if (message.from !== mailbox) return fail(reply, 403, 'SEND', '403', 'Not the sender of this message');
    if (message.status !== 'uploading') return fail(reply, 423, 'SEND', '423', 'Message is not uploading', message.messageId);
    const n = Number(request.params.chunk);
    const range = parseChunkRange(header(request.headers as Record<string, unknown>, MEX.chunkRange) ?? undefined);
    if (!range || range.chunk !== n || range.total !== message.totalChunks || n !== message.chunks.length + 1) {
      return fail(reply, 417, 'SEND', 'InvalidHeaderChunks', 'Invalid chunk values sent in mex-Chunk-Range header', message.messageId);
    }
    state.mesh.appendChunk(message, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
    if (n === message.totalChunks) complete(message);
    return reply.code(202).send();
  });

  app.get<MailboxParams & { Querystring: { workflow_filter?: string; max_results?: string; continue_from?: string } }>(
    '/messageexchange/:mailbox/inbox',
    // Senders poll every few seconds; two info lines per poll would bury everything else.
    { logLevel: 'warn' },
    async (request, reply) => {
      const mailbox = await authenticate(state, request, reply);
      if (!mailbox) return reply;
      const { workflow_filter, max_results, continue_from } = request.query;
      const max = Math.min(Math.max(Number(max_results ?? 500) || 500, 1), 5000);
      let waiting = state.mesh.inbox(mailbox, workflowFilter(workflow_filter)).map((m) => m.messageId);
      const total = waiting.length;
      if (continue_from) {
        const at = waiting.indexOf(continue_from);
        waiting = at >= 0 ? waiting.slice(at + 1) : waiting;
      }
      const page = waiting.slice(0, max);
      const query = (extra: Record<string, string>) => {
        const q = new URLSearchParams({ ...(workflow_filter ? { workflow_filter } : {}), ...(max_results ? { max_results } : {}), ...extra });
        return q.size > 0 ? `?${q}` : '';
      };
      const links: Record<string, string> = { self: `/messageexchange/${mailbox}/inbox${query({})}` };
      const last = page.at(-1);
      if (waiting.length > page.length && last !== undefined) links.next = `/messageexchange/${mailbox}/inbox${query({ continue_from: last })}`;
      return reply.code(200).type(MESH_V2_JSON).send({ messages: page, approx_inbox_count: total, links });
    },
  );

  async function download(mailbox: string, messageId: string, chunk: number, reply: FastifyReply) {
    const message = state.mesh.get(messageId);
    if (!message) return fail(reply, 404, 'RECEIVE', '20', 'Message does not exist');
    if (message.to !== mailbox) return fail(reply, 403, 'RECEIVE', '403', 'Not the recipient of this message');
    if ((message.status !== 'accepted' && message.status !== 'acknowledged') || message.bodyReleased)
      return fail(reply, 410, 'RECEIVE', '410', 'Message no longer available for download', message.messageId);
    const headers: Record<string, string> = {
      [MEX.messageId]: message.messageId,
      [MEX.messageType]: message.type,
      [MEX.from]: message.from,
      [MEX.to]: message.to,
      [MEX.workflowId]: message.workflowId,
      [MEX.version]: '1.0',
    };
    if (message.localId) headers[MEX.localId] = message.localId;
    if (message.subject) headers[MEX.subject] = message.subject;
    if (message.fileName) headers[MEX.fileName] = message.fileName;
    if (message.contentType) headers[MEX.contentType] = message.contentType;
    if (message.report) {
      Object.assign(headers, {
        [MEX.statusCode]: message.report.statusCode,
        [MEX.statusEvent]: message.report.statusEvent,
        [MEX.statusDescription]: message.report.statusDescription,
        [MEX.statusSuccess]: 'ERROR',
        [MEX.linkedMessageId]: message.report.linkedMessageId,
      });
      return reply.code(200).headers(headers).send();
    }
    if (chunk < 1 || chunk > message.totalChunks) return fail(reply, 404, 'RECEIVE', '20', 'Chunk does not exist', message.messageId);
    Object.assign(headers, {
      [MEX.chunkRange]: `${chunk}:${message.totalChunks}`,
      [MEX.statusCode]: '00',
      [MEX.statusEvent]: 'TRANSFER',
      [MEX.statusDescription]: 'Transferred to recipient mailbox',
      [MEX.statusSuccess]: 'SUCCESS',
    });
    const body = message.chunks[chunk - 1] ?? Buffer.alloc(0);
    return reply
      .code(chunk < message.totalChunks ? 206 : 200)
      .headers(headers)
      .type(message.totalChunks > 1 ? 'application/octet-stream' : (message.contentType ?? 'application/octet-stream'))
      .send(body);
  }

  app.get<MessageParams>('/messageexchange/:mailbox/inbox/:messageId', quiet, async (request, reply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    return download(mailbox, request.params.messageId, 1, reply);
  });

  app.get<ChunkParams>('/messageexchange/:mailbox/inbox/:messageId/:chunk', async (request, reply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    const chunk = Number(request.params.chunk);
    if (!Number.isInteger(chunk)) return fail(reply, 404, 'RECEIVE', '20', 'Chunk does not exist');
    return download(mailbox, request.params.messageId, chunk, reply);
  });

  app.put<MessageParams>('/messageexchange/:mailbox/inbox/:messageId/status/acknowledged', quiet, async (request, reply) => {
    const mailbox = await authenticate(state, request, reply);
    if (!mailbox) return reply;
    const message = state.mesh.get(request.params.messageId);
    if (!message) return fail(reply, 404, 'RECEIVE', '20', 'Message does not exist');
    if (message.to !== mailbox) return fail(reply, 403, 'RECEIVE', '403', 'Not the recipient of this message');
    state.mesh.acknowledge(message, clock.now());
    return reply.code(200).send();
  });

  app.get<{ Params: { ods: string; workflow: string } }>('/messageexchange/endpointlookup/:ods/:workflow', async (request, reply) => {
    const ods = request.params.ods.toUpperCase();
    const practice = state.gp.get(ods);
    let ids = practice ? state.gp.mailboxesFor(ods, request.params.workflow) : state.mesh.lookup(ods, request.params.workflow).map((m) => m.mailboxId);
    // Learn mode creates a practice with the default set-up on its first message (learnPatient), so
    // an unknown practice is answered as that practice will be: one mailbox for Update Record.
    if (!practice && ids.length === 0 && state.pds.mode === 'learn-from-payload') ids = state.gp.newPracticeMailboxesFor(ods, request.params.workflow);
    const results = ids.map((id) => ({ mailbox_id: id, mailbox_name: state.mesh.mailbox(id)?.name ?? `GP practice ${ods}` }));
    return reply.code(200).type(MESH_V2_JSON).send({ results });
  });
};
