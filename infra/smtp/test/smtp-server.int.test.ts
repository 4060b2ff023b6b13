import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../smtp-server.mjs';

/** Speaks just enough SMTP by hand that the test checks the server, not a client library. */
async function smtpSession(port: number, lines: string[]): Promise<string[]> {
  const socket: Socket = createConnection({ host: '127.0.0.1', port });
  const replies: string[] = [];
  let buffer = '';
  let waiting: (() => void) | null = null;
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    // A reply is complete when its last line has a space after the code ("250 ok", not "250-...").
    const complete = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(buffer);
    if (complete && waiting) {
      replies.push(buffer.trim());
      buffer = '';
      const resolve = waiting;
      waiting = null;
      resolve();
    }
  });
  const reply = () => new Promise<void>((resolve) => (waiting = resolve));
  await reply();
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    await reply();
  }
  socket.end();
  return replies;
}

describe('loopback SMTP sink', () => {
  let server: SmtpServer | undefined;
  let maildir = '';

  afterEach(async () => {
    await stopSmtp(server);
    server = undefined;
    if (maildir) await rm(maildir, { recursive: true, force: true });
  });

  it('accepts a message and stores it as an .eml file with its envelope', async () => {
    maildir = await mkdtemp(path.join(tmpdir(), 'smtp-sink-'));
    server = await startSmtp({ maildir });
    const message = ['From: sender@example.test', 'To: practice@nhs.test', 'Subject: hello', '', 'first line'].join('\r\n');
    const replies = await smtpSession(server.port, [
      'EHLO test.local',
      'MAIL FROM:<sender@example.test>',
      'RCPT TO:<practice@nhs.test>',
      'DATA',
      `${message}\r\n.`,
      'QUIT',
    ]);
    expect(replies[0]).toMatch(/^220 /);
    expect(replies.at(-2)).toMatch(/^250 Message accepted/);
    const mail = await readMaildir(maildir);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.raw).toContain('Subject: hello');
    expect(mail[0]?.raw).toContain('first line');
    expect(mail[0]?.mailFrom).toBe('sender@example.test');
    expect(mail[0]?.rcptTos).toEqual(['practice@nhs.test']);
  });

  it('stops listening once stopped', async () => {
    maildir = await mkdtemp(path.join(tmpdir(), 'smtp-sink-'));
    server = await startSmtp({ maildir });
    const { port } = server;
    await stopSmtp(server);
    const refused = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
