import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, validateHeaderName, validateHeaderValue } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ConsultationInput, consultationSchema, type GpMessage, gpMessageSchema } from '@firstsync/contracts';
import { fixtures } from '@firstsync/contracts/fixtures';
import { resolveTopicNames } from '@firstsync/kafka';
import { createMeshClient, gpProviderSurname } from '@firstsync/mesh';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMaildir, type SmtpServer, startSmtp, stopSmtp } from '../../../infra/smtp/smtp-server.mjs';
import { mapConsultationRecord } from '../../fhir-mapper/src/handlers/map-consultation';
import { createFhirRestTransport } from '../src/transport/fhir-rest/fhir-rest-transport';
import { AckTrackingStore, createMeshTransport } from '../src/transport/mesh';
import { createNhsmailTransport } from '../src/transport/nhsmail';
import type { Route, Transport } from '../src/transport/port';

// Issue #18, Build 1: whatever the ingest contract accepts must produce a request every transport
// can send. Consultations are generated with every text and name field drawn from every Unicode
// plane, combining marks, RTL and bidi controls, emoji, control characters and lone surrogates;
// the contract (as it is at run time: it is being made stricter in parallel) decides what is
// accepted; the real mapper builds the GpMessage; the real MESH client, FHIR REST client and
// NHSmail (nodemailer SMTP) transports send it to loopback receivers, which record what arrived.

// ---- hostile text ---------------------------------------------------------------------------
const cp = (from: number, to: number) => fc.integer({ min: from, max: to }).map((code) => String.fromCodePoint(code));
const letters = fc.oneof(
  cp(0x41, 0x5a),
  cp(0x61, 0x7a), // ASCII
  cp(0xc0, 0x17f), // Latin-1 and Extended-A (what PDS holds: Ł, Ø, ß, ...)
  cp(0x1ea0, 0x1ef9), // Vietnamese (ễ)
  cp(0x391, 0x3c9),
  cp(0x410, 0x44f), // Greek, Cyrillic
  cp(0x5d0, 0x5ea),
  cp(0x627, 0x64a), // Hebrew, Arabic (RTL)
  cp(0x905, 0x939),
  cp(0xac00, 0xd7a3),
  cp(0x4e00, 0x9fff), // Devanagari, Hangul, CJK
  cp(0x10400, 0x1044f),
  cp(0x1d400, 0x1d6a5), // plane 1: Deseret, mathematical letters (NFKD -> ASCII)
  cp(0x20000, 0x2a6df),
  cp(0x30000, 0x3134a), // planes 2 and 3: CJK extensions
);
const marks = fc.oneof(cp(0x300, 0x36f), cp(0x1ab0, 0x1abe), cp(0x20d0, 0x20f0), cp(0xfe20, 0xfe2f));
const nameSigns = fc.constantFrom("'", '’', '‘', 'ʼ', '-', '‐', '–', ' ', '\u00a0');
const hostile = fc.oneof(
  cp(0x00, 0x1f),
  fc.constant('\u007f'),
  cp(0x80, 0x9f), // C0, DEL, C1
  fc.constantFrom('\r\n', '\u2028', '\u2029', '\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad'), // breaks, zero-width, format
  cp(0x202a, 0x202e),
  cp(0x2066, 0x2069),
  fc.constantFrom('\u200e', '\u200f', '\u061c'), // bidi controls
  cp(0x1f300, 0x1faff),
  fc.constantFrom('👩‍⚕️', '🏳️‍🌈', '🇬🇧'), // emoji, ZWJ sequences, flags
  cp(0xe0000, 0xe007f),
  cp(0xf0000, 0x10fffd),
  cp(0x40000, 0xdffff), // tags, private use, unassigned planes
  cp(0xd800, 0xdfff),
  fc.constantFrom('\ufffe', '\uffff', '\ufffd'), // lone surrogates, noncharacters
  fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), // anything at all
);
const textOf = (parts: fc.Arbitrary<string>, maxLength: number) => fc.array(parts, { minLength: 1, maxLength }).map((p) => p.join(''));
/** Name-like (mostly accepted by a letters-only rule) or anything (mostly refused). */
const nameText = fc.oneof(
  { weight: 4, arbitrary: textOf(fc.oneof({ weight: 6, arbitrary: letters }, { weight: 2, arbitrary: marks }, { weight: 2, arbitrary: nameSigns }), 24) },
  { weight: 1, arbitrary: textOf(fc.oneof(letters, marks, nameSigns, hostile), 24) },
);
const freeText = textOf(fc.oneof(letters, marks, nameSigns, hostile, fc.constantFrom(' ', '\n', '\t', '.', ',', '&', '"', '<', '>')), 60);

// ---- consultations ------------------------------------------------------------------------
type Json = Record<string, unknown>;
const NAME_FIELDS = new Set(['given', 'family']);
const TEXT_FIELDS = new Set([
  'name',
  'display',
  'reference',
  'clinicalSummary',
  'history',
  'redFlags',
  'adviceGiven',
  'plan',
  'signposting',
  'dosageText',
  'patientInstruction',
  'unit',
]);

/** Every text and name field of a fixture, replaced by hostile text (arrays of given names too). */
function hostileFields(base: ConsultationInput, texts: fc.Arbitrary<string>, names: fc.Arbitrary<string>): fc.Arbitrary<ConsultationInput> {
  const paths: { path: (string | number)[]; name: boolean }[] = [];
  const walk = (value: unknown, at: (string | number)[]) => {
    if (Array.isArray(value)) for (const [i, item] of value.entries()) walk(item, [...at, i]);
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
    else if (typeof value === 'string') {
      const field = [...at].reverse().find((part): part is string => typeof part === 'string') ?? '';
      if (NAME_FIELDS.has(field)) paths.push({ path: at, name: true });
      // A person's `name` is an object (given/family above); a string `name` is a pharmacy's, practice's or medicine's.
      else if (TEXT_FIELDS.has(field)) paths.push({ path: at, name: false });
    }
  };
  walk(base, []);
  return fc.tuple(...paths.map((p) => (p.name ? names : texts))).map((values) => {
    const copy = structuredClone(base) as unknown as Json;
    for (const [i, p] of paths.entries()) setAt(copy, p.path, values[i]);
    return { ...(copy as unknown as ConsultationInput), consultationId: randomUUID(), consentToShareWithGp: true };
  });
}

function setAt(root: Json, at: readonly (string | number)[], value: unknown): void {
  let node: Json = root;
  for (const key of at.slice(0, -1)) node = node[key] as Json;
  const last = at.at(-1);
  if (last === undefined) throw new Error('setAt needs a non-empty path');
  node[last] = value;
}

function getAt(root: unknown, at: readonly PropertyKey[]): unknown {
  return at.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/**
 * The consultation the contract accepts nearest to the generated one: a field the contract refuses
 * is put back to the fixture's value, so every field the contract does accept stays hostile.
 */
function accepted(candidate: ConsultationInput, base: ConsultationInput) {
  let input = structuredClone(candidate) as unknown as Json;
  for (let round = 0; round < 4; round += 1) {
    const parsed = consultationSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    input = structuredClone(input);
    for (const issue of parsed.error.issues) if (issue.path.length > 0) setAt(input, issue.path as (string | number)[], getAt(base, issue.path));
  }
  return null;
}

const arbitraryCase = fc
  .constantFrom(...(Object.keys(fixtures) as (keyof typeof fixtures)[]))
  .chain((name) => hostileFields(fixtures[name], freeText, nameText).map((candidate) => ({ name, candidate })));

/** The real mapper's GpMessage for an accepted consultation (what delivery consumes). */
function mapped(consultation: NonNullable<ReturnType<typeof accepted>>): GpMessage {
  const event = {
    envelope: { schemaVersion: 1, receivedAt: new Date().toISOString(), pharmacyOds: consultation.pharmacy.odsCode, correlationId: randomUUID(), warnings: [] },
    consultation,
  };
  const outcome = mapConsultationRecord(
    {
      topic: 'consultations.v1',
      partition: 0,
      offset: '0',
      timestamp: Date.now(),
      key: consultation.consultationId,
      value: Buffer.from(JSON.stringify(event), 'utf8'),
      headers: {},
    },
    { topics: resolveTopicNames(''), meshMailboxId: 'X26FS001' },
  );
  expect(outcome.kind).toBe('mapped');
  const record = outcome.records.find((r) => r.topic === resolveTopicNames('').gpMessages);
  return gpMessageSchema.parse(JSON.parse(String(record?.value)));
}

// ---- receivers ----------------------------------------------------------------------------
interface Receiver {
  url: string;
  headers: IncomingHttpHeaders[];
  server: Server;
}

async function httpReceiver(answer: { status: number; type: string; body: string }): Promise<Receiver> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers, server };
}

const VISIBLE_ASCII = /^[\x20-\x7e]*$/;
/** What Node's http (and so the MESH client) would refuse, checked on what the receiver got. */
function sendableHeaders(headers: IncomingHttpHeaders): string[] {
  const bad: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value ?? ''];
    try {
      validateHeaderName(name);
      for (const v of values) validateHeaderValue(name, v);
      if (!values.every((v) => VISIBLE_ASCII.test(v))) bad.push(name);
    } catch {
      bad.push(name);
    }
  }
  return bad;
}

describe('whatever the contract accepts, every transport can send (issue #18)', () => {
  let mesh: Receiver;
  let fhir: Receiver;
  let smtp: SmtpServer;
  let maildir: string;
  let transports: { mesh: Transport; fhir: Transport; mail: Transport };

  beforeAll(async () => {
    mesh = await httpReceiver({ status: 202, type: 'application/vnd.mesh.v2+json', body: JSON.stringify({ message_id: '20260101000000000000_ABCDEF' }) });
    fhir = await httpReceiver({
      status: 200,
      type: 'application/fhir+json',
      body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] }),
    });
    maildir = await mkdtemp(path.join(tmpdir(), 'accepted-sendable-'));
    smtp = await startSmtp({ maildir });
    const client = createMeshClient({ baseUrl: mesh.url, credentials: { mailboxId: 'X26FS001', password: 'pw', sharedKey: 'key' }, timeoutMs: 5_000 });
    transports = {
      mesh: createMeshTransport({ client, store: new AckTrackingStore(), dobFormat: 'DDMMYYYY' }),
      fhir: createFhirRestTransport({ requestTimeoutMs: 5_000 }),
      mail: createNhsmailTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, from: 'firstsync@nhs.test', timeoutMs: 5_000 }),
    };
  });

  afterAll(async () => {
    await Promise.all(Object.values(transports ?? {}).map((t) => t.close?.()));
    for (const receiver of [mesh, fhir]) if (receiver) await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    await stopSmtp(smtp);
    if (maildir) await rm(maildir, { recursive: true, force: true });
  });

  it('maps it, uploads it over MESH, posts it over FHIR REST and mails it', async () => {
    const stats = { generated: 0, accepted: 0, nonAsciiFamily: 0, nonAsciiPharmacy: 0, meshSent: 0, meshRefusedSurname: 0 };
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ name, candidate }) => {
        stats.generated += 1;
        const consultation = accepted(candidate, fixtures[name]);
        if (consultation === null) return;
        stats.accepted += 1;
        if (!VISIBLE_ASCII.test(consultation.patient.name.family)) stats.nonAsciiFamily += 1;
        if (!VISIBLE_ASCII.test(consultation.pharmacy.name)) stats.nonAsciiPharmacy += 1;
        const message = mapped(consultation);
        const practice = message.practiceOds;

        // MESH: uploaded with headers Node and MESH take, or (only for a surname with no Latin
        // letter, which PDS cannot hold) refused before anything is sent, naming the field.
        const meshBefore = mesh.headers.length;
        const meshOutcome = await transports.mesh.send(message, { practiceOds: practice, transport: 'mesh', concurrency: 1, source: 'practice' });
        if (gpProviderSurname(consultation.patient.name.family) === null) {
          stats.meshRefusedSurname += 1;
          expect(meshOutcome).toMatchObject({ code: 'invalid-mesh-address', message: expect.stringMatching(/invalid surname/) });
          expect(mesh.headers.length).toBe(meshBefore);
        } else {
          stats.meshSent += 1;
          expect(meshOutcome).toMatchObject({ kind: 'accepted' });
          expect(sendableHeaders(mesh.headers[mesh.headers.length - 1] ?? {})).toEqual([]);
        }

        // FHIR REST: posted and answered.
        const fhirOutcome = await transports.fhir.send(message, {
          practiceOds: practice,
          transport: 'fhir-rest',
          fhirBaseUrl: fhir.url,
          concurrency: 1,
          source: 'practice',
        } satisfies Route);
        expect(fhirOutcome).toMatchObject({ kind: 'delivered' });
        expect(sendableHeaders(fhir.headers[fhir.headers.length - 1] ?? {})).toEqual([]);

        // NHSmail: nodemailer builds the message and the relay takes it.
        const address = `${randomUUID()}@nhs.test`;
        const mailOutcome = await transports.mail.send(message, {
          practiceOds: practice,
          transport: 'nhsmail',
          nhsmailAddress: address,
          concurrency: 1,
          source: 'practice',
        });
        expect(mailOutcome).toMatchObject({ kind: 'delivered' });
        const mail = (await readMaildir(maildir)).find((m) => m.rcptTos.includes(address));
        const head = mail?.raw.split(/\r?\n\r?\n/)[0] ?? '';
        // 7-bit headers (non-ASCII as RFC 2047 words), and exactly one Subject: no header injected.
        expect(head).toMatch(/^[\t\n\r\x20-\x7e]+$/);
        expect(head.match(/^Subject:/gim)).toHaveLength(1);
      }),
      { numRuns: Number(process.env.ACCEPTED_SENDABLE_RUNS ?? 120), endOnFailure: true },
    );
    process.stderr.write(`[accepted-is-sendable] ${JSON.stringify(stats)}\n`);
    // The property is only worth something if hostile names were accepted and sent.
    expect(stats.accepted).toBeGreaterThan(stats.generated / 2);
    expect(stats.nonAsciiFamily).toBeGreaterThan(0);
    expect(stats.nonAsciiPharmacy).toBeGreaterThan(0);
    expect(stats.meshSent).toBeGreaterThan(0);
  }, 300_000);
});
