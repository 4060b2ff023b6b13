import { describe, expect, it } from 'vitest';
import { endToEndLatencies, latencies } from '../src/load/latency';
import type { SentConsultation } from '../src/load/paced-poster';
import type { Receipt } from '../src/system/simulator-client';

const sent = (consultationId: string, sentAtMs: number, status: number): SentConsultation => ({ consultationId, practiceOds: 'A81001', sentAtMs, status });
const receipt = (consultationId: string | null, at: string): Receipt => ({ consultationId, practiceOds: 'A81001', firstReceivedAt: at });

describe('endToEndLatencies', () => {
  it('measures from the POST to the first receipt of each accepted consultation', () => {
    const t0 = Date.parse('2026-11-23T10:00:00.000Z');
    const result = endToEndLatencies(
      [sent('a', t0, 202), sent('b', t0 + 10, 202)],
      [receipt('a', '2026-11-23T10:00:00.040Z'), receipt('b', '2026-11-23T10:00:00.100Z')],
    );
    expect(result).toEqual({ latenciesMs: [40, 90], missing: 0 });
  });

  it('counts accepted consultations that never arrived as missing', () => {
    const result = endToEndLatencies([sent('a', 0, 202), sent('b', 0, 202)], [receipt('a', '1970-01-01T00:00:00.005Z')]);
    expect(result).toEqual({ latenciesMs: [5], missing: 1 });
  });

  it('ignores consultations ingest did not accept and receipts without a consultation id', () => {
    const result = endToEndLatencies(
      [sent('a', 0, 503), sent('b', 0, 202)],
      [receipt('a', '1970-01-01T00:00:00.005Z'), receipt(null, '1970-01-01T00:00:00.005Z')],
    );
    expect(result).toEqual({ latenciesMs: [], missing: 1 });
  });
});

describe('latencies', () => {
  it('measures to any route milestone given as arrival times by consultation', () => {
    const arrivals = new Map([['a', 2_500]]);
    expect(latencies([sent('a', 500, 202), sent('b', 0, 202), sent('c', 0, 429)], arrivals)).toEqual({ latenciesMs: [2_000], missing: 1 });
  });
});
