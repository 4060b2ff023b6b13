import type { AddressInfo } from 'node:net';
import { createMeshClient, gpProviderAddress, type MeshClient, WORKFLOW } from '@firstsync/mesh';
import { capturingLogger } from '@firstsync/testkit';
import { defined } from '@firstsync/testkit/defined';
import { buildNhsSimulator, type NhsSimulator } from '../src';
import type { MessageValidator } from '../src/fhir/validate-message';
import { NHS_SIDE_DEFAULTS } from '../src/nhs-side';

export const PRACTICE = 'A81001';
export const SENDER = defined(NHS_SIDE_DEFAULTS.mailboxes[0], 'a default simulator mailbox');
export const PATIENT = { nhsNumber: '9000000009', birthDate: '1955-01-09', surname: 'Mowers' };
export const ADDRESS = gpProviderAddress(PATIENT);

/** A minimal ITK3 Update Record message: header (with SenderReference), document Bundle, patient, practice. */
export function updateRecordMessage(ids: { bundle: string; header?: string; document?: string; practiceOds?: string }) {
  const header = ids.header ?? `mh-${ids.bundle}`;
  return {
    resourceType: 'Bundle',
    type: 'message',
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: ids.bundle },
    entry: [
      {
        fullUrl: `urn:uuid:${header}`,
        resource: {
          resourceType: 'MessageHeader',
          id: header,
          extension: [
            {
              url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-ITK-MessageHandling-2',
              extension: [{ url: 'SenderReference', valueString: `sr-${ids.bundle}` }],
            },
          ],
          sender: { reference: 'urn:uuid:org-pharmacy' },
          focus: [{ reference: 'urn:uuid:doc-1' }],
        },
      },
      {
        fullUrl: 'urn:uuid:org-pharmacy',
        resource: {
          resourceType: 'Organization',
          id: 'org-pharmacy',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'FVR79' }],
        },
      },
      {
        fullUrl: 'urn:uuid:doc-1',
        resource: {
          resourceType: 'Bundle',
          type: 'document',
          identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: ids.document ?? `doc-${ids.bundle}` },
          entry: [
            { fullUrl: 'urn:uuid:comp-1', resource: { resourceType: 'Composition', title: 'Pharmacy First consultation', date: '2026-11-23T09:00:00Z' } },
            {
              fullUrl: 'urn:uuid:pat-1',
              resource: {
                resourceType: 'Patient',
                name: [{ use: 'official', family: PATIENT.surname, given: ['Harold'] }],
                birthDate: PATIENT.birthDate,
                identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: PATIENT.nhsNumber }],
                generalPractitioner: [{ reference: 'urn:uuid:gp-1' }],
              },
            },
            {
              fullUrl: 'urn:uuid:gp-1',
              resource: {
                resourceType: 'Organization',
                identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ids.practiceOds ?? PRACTICE }],
              },
            },
          ],
        },
      },
    ],
  };
}

/** GET /admin/nhs/practices/:ods */
export interface PracticeView {
  practiceOds: string;
  mailboxId: string;
  tasks: { taskId: string; bundleIdentifier: string | null; messageHeaderId: string | null; status: string; filedAt: string | null; replaces: string | null }[];
  receipts: { meshMessageId: string; bundleIdentifier: string | null; infAckCode: string | null; busAckCode: string | null; taskId: string | null }[];
  acks: { code: string; kind: string; meshMessageId: string; inReplyTo: string; to: string }[];
}

export interface Rig {
  simulator: NhsSimulator;
  baseUrl: string;
  client: MeshClient;
  lines: string[];
  admin(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  practice(ods?: string): Promise<PracticeView>;
  send(message: unknown, options?: { to?: string; localId?: string }): Promise<string>;
  /** Polls the sender inbox until `count` messages wait there (10 s at most), then returns their ids. */
  waitForInbox(count: number, workflowFilter?: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The simulator in-process on a real loopback port, with a MESH client for the default sender. */
export async function startRig(options: { chunkSizeBytes?: number; validate?: MessageValidator; keepBodies?: number } = {}): Promise<Rig> {
  const { logger, lines } = capturingLogger('nhs-simulator');
  const config = { SIMULATOR_BODY_LIMIT_BYTES: 1_000_000, ...(options.keepBodies === undefined ? {} : { SIMULATOR_KEEP_BODIES: options.keepBodies }) };
  const simulator = buildNhsSimulator({ config, logger, ...(options.validate ? { validate: options.validate } : {}) });
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = simulator.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = createMeshClient({
    baseUrl,
    credentials: { mailboxId: SENDER.mailboxId, password: SENDER.password, sharedKey: NHS_SIDE_DEFAULTS.sharedKey },
    timeoutMs: 5_000,
    ...(options.chunkSizeBytes ? { chunkSizeBytes: options.chunkSizeBytes } : {}),
  });
  const rig: Rig = {
    simulator,
    baseUrl,
    client,
    lines,
    async admin(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    async practice(ods = PRACTICE) {
      const { status, json } = await rig.admin('GET', `/admin/nhs/practices/${ods}`);
      if (status !== 200) throw new Error(`practice ${ods}: ${status}`);
      return json as PracticeView;
    },
    async send(message, sendOptions = {}) {
      const result = await client.send({
        to: sendOptions.to ?? ADDRESS,
        workflowId: WORKFLOW.updateRecord,
        body: JSON.stringify(message),
        localId: sendOptions.localId ?? 'FVR79',
        subject: 'Pharmacy First consultation, version 1',
      });
      return result.messageId;
    },
    async waitForInbox(count, workflowFilter) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const ids = await client.listInbox(workflowFilter ? { workflowFilter } : {});
        if (ids.length >= count) return ids;
        if (Date.now() > deadline) throw new Error(`inbox has ${ids.length} of ${count} expected messages`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      client.close();
      await simulator.app.close();
    },
  };
  return rig;
}

/** Registers the test patient at the practice (strict PDS, as Spine). */
export async function registerPatient(rig: Rig, patient = PATIENT, practiceOds = PRACTICE) {
  await rig.admin('PUT', '/admin/nhs/pds/mode', { mode: 'strict' });
  const response = await rig.admin('POST', '/admin/nhs/pds/patients', { ...patient, practiceOds });
  if (response.status !== 201) throw new Error(`patient registration failed: ${response.status}`);
}
