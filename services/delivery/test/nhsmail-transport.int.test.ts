import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConsultationSchema, type GpMessage } from '@firstsync/contracts';
import { FIXTURE_NOW, fixtures } from '@firstsync/contracts/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../../../infra/smtp/smtp-server.mjs';
import { createNhsmailTransport, FALLBACK_SENT, NO_NHSMAIL_ADDRESS } from '../src/transport/nhsmail';
import type { Route } from '../src/transport/port';
import { builtGpMessage } from './support/messages';

/** A real Update Record message, built from a contract fixture the way the mapper does. */
function realGpMessage(version = 1): GpMessage {
  const consultation = createConsultationSchema({ now: () => FIXTURE_NOW }).parse({ ...fixtures.uncomplicatedUti, consultationId: randomUUID(), version });
  return builtGpMessage(consultation, { builtAt: '2026-03-10T17:00:00+00:00', senderMeshMailbox: 'FIRSTSYNC01' });
}

const route = (nhsmailAddress?: string): Route => ({ practiceOds: 'A81001', transport: 'nhsmail', nhsmailAddress, concurrency: 1, source: 'practice' });

/** The decoded body of the first MIME part with this Content-Type (base64 or quoted-printable). */
function mimePart(raw: string, contentType: string): Buffer | null {
  const start = raw.search(new RegExp(`Content-Type: ${contentType.replace('/', '\\/')}`, 'i'));
  if (start < 0) return null;
  const part = raw.slice(start);
  const headerEnd = part.search(/\r?\n\r?\n/);
  const encoding = /Content-Transfer-Encoding: *([\w-]+)/i.exec(part.slice(0, headerEnd))?.[1]?.toLowerCase();
  const body = part.slice(headerEnd).trimStart();
  const end = body.search(/\r?\n--/);
  const text = body.slice(0, end < 0 ? undefined : end);
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const unfolded = text.replace(/=\r?\n/g, '');
    return Buffer.from(
      unfolded.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  return Buffer.from(text, 'utf8');
}

describe('NHSmail transport over a real loopback SMTP server', () => {
  let smtp: SmtpServer;
  let maildir: string;

  beforeAll(async () => {
    maildir = await mkdtemp(path.join(tmpdir(), 'nhsmail-'));
    smtp = await startSmtp({ maildir });
  });

  afterAll(async () => {
    await stopSmtp(smtp);
    await rm(maildir, { recursive: true, force: true });
  });

  const transport = () =>
    createNhsmailTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, from: 'firstsync@nhs.test', timeoutMs: 5_000 });

  it('mails a readable summary with a PDF to the practice mailbox', async () => {
    const message = realGpMessage();
    const address = `practice-${randomUUID().slice(0, 8)}@nhs.test`;
    const nhsmail = transport();
    const outcome = await nhsmail.send(message, route(address));
    await nhsmail.close?.();

    expect(outcome).toMatchObject({ kind: 'delivered', code: FALLBACK_SENT });
    const mail = (await readMaildir(maildir)).filter((m) => m.rcptTos.includes(address));
    expect(mail).toHaveLength(1);
    const raw = mail[0]?.raw ?? '';
    // Long header lines are folded (RFC 5322): unfold before reading them.
    const headers = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
    expect(subject).toContain(`ref ${message.consultationId}`);
    // The subject carries no patient identifiers; the body and PDF do.
    expect(subject).not.toContain(message.meshRouting.nhsNumber);
    expect(subject.toUpperCase()).not.toContain(message.meshRouting.surname.toUpperCase());
    expect(headers).toMatch(new RegExp(`^X-Firstsync-Consultation-Id: ${message.consultationId}$`, 'im'));
    const html = mimePart(raw, 'text/html')?.toString('utf8') ?? '';
    expect(html).toContain(message.meshRouting.surname.toUpperCase());
    expect(html).toContain('Patient');
    const pdf = mimePart(raw, 'application/pdf');
    expect(pdf?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a practice without an NHSmail address is not sent anything', async () => {
    const before = (await readMaildir(maildir)).length;
    const outcome = await transport().send(realGpMessage(), route(undefined));
    expect(outcome).toMatchObject({ kind: 'message-fault', code: NO_NHSMAIL_ADDRESS });
    expect(await readMaildir(maildir)).toHaveLength(before);
  });

  it('never mails an address that is not the practice’s own (a default route’s shared mailbox)', async () => {
    const before = (await readMaildir(maildir)).length;
    const outcome = await transport().send(realGpMessage(), { ...route('unlisted.practice@nhs.test'), source: 'default' });
    expect(outcome).toMatchObject({
      kind: 'message-fault',
      code: NO_NHSMAIL_ADDRESS,
      message: expect.stringContaining('no known NHSmail address for practice A81001'),
    });
    expect(await readMaildir(maildir)).toHaveLength(before);
  });

  it('a relay that is down is a retryable failure', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const down = createNhsmailTransport({ host: '127.0.0.1', port, secure: false, requireTls: false, from: 'firstsync@nhs.test', timeoutMs: 2_000 });
    const outcome = await down.send(realGpMessage(), route('practice@nhs.test'));
    expect(outcome).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED' });
  });
});
