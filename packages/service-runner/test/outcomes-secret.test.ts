import { describe, expect, it } from 'vitest';
import { serviceTable } from '../src/service-table';

describe('the outcomes fact key secret', () => {
  it('is generated once per table and given to every outcomes instance, so the parts of a consultation meet', () => {
    const table = serviceTable({ brokers: 'b:9092', instances: { outcomes: 2 } });
    const secrets = table.services.filter((s) => s.name === 'outcomes').map((s) => s.env.OUTCOMES_FACT_KEY_SECRET);
    expect(secrets).toHaveLength(2);
    expect(secrets[0]?.length).toBeGreaterThanOrEqual(32);
    expect(secrets[1]).toBe(secrets[0]);
    expect(serviceTable({ brokers: 'b:9092' }).services.find((s) => s.name === 'outcomes')?.env.OUTCOMES_FACT_KEY_SECRET).not.toBe(secrets[0]);
  });
});
