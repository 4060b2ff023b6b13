import { parseMeshAuthorization, verifyMeshToken } from '@firstsync/mesh';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NhsSideState } from '../nhs-side-state';
import { meshError } from './mesh-errors';

/**
 * Checks the NHSMESH token the way MESH does: the mailbox in the URL must be the token's, the
 * HMAC must match its password and the shared secret, and a nonce/count pair is accepted once.
 * Returns the mailbox id, or null after answering 400/403.
 */
export async function authenticate(state: NhsSideState, request: FastifyRequest<{ Params: { mailbox: string } }>, reply: FastifyReply): Promise<string | null> {
  const token = parseMeshAuthorization(request.headers.authorization);
  if (!token) {
    await reply
      .code(400)
      .type('application/vnd.mesh.v2+json')
      .send(meshError('AUTH', '400', 'Error reading from Authorization header'));
    return null;
  }
  const mailboxId = request.params.mailbox.toUpperCase();
  const mailbox = state.mesh.mailbox(mailboxId);
  const valid =
    mailbox !== undefined &&
    token.mailboxId.toUpperCase() === mailboxId &&
    verifyMeshToken(token, { mailboxId: token.mailboxId, password: mailbox.password, sharedKey: state.settings.sharedKey }) &&
    state.mesh.useNonce(`${mailboxId}:${token.nonce}:${token.nonceCount}`);
  if (!valid) {
    await reply
      .code(403)
      .type('application/vnd.mesh.v2+json')
      .send(meshError('AUTH', '403', 'Invalid Authentication Token'));
    return null;
  }
  return mailboxId;
}
