/** The NHS simulator's admin API (services/nhs-simulator/src/routes/admin.ts), as the benchmarks use it. */
export interface PracticeCounters {
  requests: number;
  failed: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface Receipt {
  consultationId: string | null;
  practiceOds: string;
  firstReceivedAt: string;
}

/** One Update Record a simulated GP system collected over MESH (GET /admin/nhs/received). */
export interface MeshCollected {
  practiceOds: string;
  bundleIdentifier: string | null;
  /** When MESH put it in the practice's inbox. */
  deliveredAt: string;
  infAckCode: string | null;
  /** When the sender (delivery) acknowledged the infrastructure ack; null until then. */
  infAckCollectedAt: string | null;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`simulator ${what} answered ${response.status}`);
  return response;
}

export function simulatorClient(baseUrl: string) {
  return {
    async counters(practiceOds: string): Promise<PracticeCounters> {
      const response = await expectOk(await fetch(`${baseUrl}/admin/practices/${practiceOds}`), 'practice counters');
      return ((await response.json()) as { counters: PracticeCounters }).counters;
    },
    /** Accepted (first receipts) summed over practices. */
    async acceptedTotal(practices: readonly string[]): Promise<number> {
      const all = await Promise.all(practices.map((ods) => this.counters(ods)));
      return all.reduce((sum, c) => sum + c.accepted, 0);
    },
    async receipts(practiceOds?: string): Promise<Receipt[]> {
      const query = practiceOds === undefined ? '' : `?practiceOds=${encodeURIComponent(practiceOds)}`;
      const response = await expectOk(await fetch(`${baseUrl}/admin/received${query}`), 'received list');
      return ((await response.json()) as { messages: Receipt[] }).messages;
    },
    async setFaults(practiceOds: string, faults: Record<string, unknown>): Promise<void> {
      await expectOk(
        await fetch(`${baseUrl}/admin/practices/${practiceOds}/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(faults),
        }),
        'fault injection',
      );
    },
    async clearFaults(practiceOds: string): Promise<void> {
      await expectOk(await fetch(`${baseUrl}/admin/practices/${practiceOds}/faults`, { method: 'DELETE' }), 'fault removal');
    },
    async reset(): Promise<void> {
      await expectOk(await fetch(`${baseUrl}/admin/reset`, { method: 'POST' }), 'reset');
    },
    /** The simulated NHS side behind MESH (services/nhs-simulator/src/nhs-side/nhs-admin-routes.ts). */
    mesh: {
      /** Update Records the GP systems collected, and infrastructure acks delivery has collected. */
      async counts(): Promise<{ messages: number; infAcksCollected: number }> {
        const response = await expectOk(await fetch(`${baseUrl}/admin/nhs`), 'NHS side overview');
        const { received } = (await response.json()) as { received?: { messages: number; infAcksCollected: number } };
        if (!received) throw new Error('simulator /admin/nhs has no received counts (an older simulator?)');
        return received;
      },
      async collected(): Promise<MeshCollected[]> {
        const response = await expectOk(await fetch(`${baseUrl}/admin/nhs/received`), 'MESH received list');
        return ((await response.json()) as { messages: MeshCollected[] }).messages;
      },
      /** Messages, practices and learnt patients go; the sender mailbox stays. */
      async reset(): Promise<void> {
        await expectOk(await fetch(`${baseUrl}/admin/nhs/reset`, { method: 'POST' }), 'NHS side reset');
      },
    },
  };
}

export type SimulatorClient = ReturnType<typeof simulatorClient>;
