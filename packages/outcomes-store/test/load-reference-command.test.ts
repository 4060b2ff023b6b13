import { describe, expect, it } from 'vitest';
import { formatDiff, parseLoadReferenceArgs } from '../src/load-reference-command';

describe('outcomes:load-reference arguments and output', () => {
  it('takes both files or neither, a store, a schema and a date', () => {
    expect(parseLoadReferenceArgs([])).toEqual({ epcn: null, epraccur: null, store: null, schema: null, asOf: null });
    expect(parseLoadReferenceArgs(['--epcn', 'a.csv', '--epraccur', 'b.csv', '--store', 'pglite:', '--as-of', '2025-04-01'])).toEqual({
      epcn: 'a.csv',
      epraccur: 'b.csv',
      store: 'pglite:',
      schema: null,
      asOf: '2025-04-01',
    });
    expect(() => parseLoadReferenceArgs(['--epcn', 'a.csv'])).toThrow(/give both files/);
    expect(() => parseLoadReferenceArgs(['--store'])).toThrow(/^usage:/);
    expect(() => parseLoadReferenceArgs(['--as-of', 'April'])).toThrow(/--as-of must be a date/);
    expect(() => parseLoadReferenceArgs(['--drop', 'x'])).toThrow(/^usage:/);
  });

  it('lists what changed by code, long lists cut at 50', () => {
    const added = Array.from({ length: 52 }, (_, i) => `A${String(i).padStart(5, '0')}`);
    const lines = formatDiff(
      { practicesAdded: added, practicesRemoved: [], movedPcn: [{ practiceOds: 'A81003', from: 'U90002', to: 'U90001' }], movedSubIcb: [], movedIcb: [] },
      '2025-04-01',
    );
    expect(lines[0]).toBe('practices added: 52');
    expect(lines).toContain('  ... and 2 more');
    expect(lines).toContain('practices removed: none');
    expect(lines).toContain('  A81003: U90002 -> U90001');
    expect(lines).toContain('practices in another ICB on 2025-04-01: none');
  });
});
