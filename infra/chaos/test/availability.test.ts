import { describe, expect, it } from 'vitest';
import { ingestAvailability } from '../src/availability';

describe('ingest availability', () => {
  it('counts 2xx, 503 and 429 as answered and no answer or other statuses as failed, leaving batch items out', () => {
    const a = ingestAvailability({ '202': 90, '207': 4, '503': 3, '429': 1, network: 1, '502': 1, 'item-503': 7 });
    expect(a).toEqual({ requests: 100, answered: 98, failed: 2, share: 0.98, failedBy: { network: 1, '502': 1 } });
  });

  it('is whole when nothing was sent', () => {
    expect(ingestAvailability({}).share).toBe(1);
  });
});
