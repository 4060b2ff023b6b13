import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../src/csv/csv-cell';
import { toCsv } from '../src/http/csv';
import { filterQueryString, parseFilterQuery } from '../src/http/filter-params';
import { html } from '../src/http/html';
import { commandFilter } from '../src/operator-actions';
import type { ConsultationView } from '../src/read-model/derive-consultation';

describe('filter query parsing', () => {
  it('parses states, ODS codes, dates as whole UTC days and an id prefix', () => {
    const parsed = parseFilterQuery({
      state: ['dead-lettered', 'parked'],
      pharmacyOds: ' fa123 ',
      practiceOds: 'a81001',
      from: '2025-03-01',
      to: '2025-03-02',
      id: 'ABCDEF12',
      page: '2',
      pageSize: '500',
    });
    expect(parsed.errors).toEqual({});
    expect(parsed.filter).toEqual({
      states: ['dead-lettered', 'parked'],
      pharmacyOds: 'FA123',
      practiceOds: 'A81001',
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-03-03T00:00:00.000Z',
      consultationId: 'abcdef12',
    });
    expect(parsed.page).toEqual({ page: 2, pageSize: 200 });
    expect(filterQueryString(parsed.values, { page: '3' })).toBe(
      '?state=dead-lettered&state=parked&pharmacyOds=FA123&practiceOds=A81001&from=2025-03-01&to=2025-03-02&id=abcdef12&page=3',
    );
  });

  it('reports bad fields by name and ignores repeated scalar keys beyond the first', () => {
    const parsed = parseFilterQuery({
      state: 'exploded',
      practiceOds: '<script>',
      from: 'yesterday',
      id: 'not an id',
      pharmacyOds: ['FA001', 'FA002'] as unknown as string,
    });
    expect(Object.keys(parsed.errors).sort()).toEqual(['from', 'id', 'practiceOds', 'state']);
    expect(parsed.filter.pharmacyOds).toBe('FA001');
  });

  it('maps resendable states to the command filter vocabulary', () => {
    expect(commandFilter({ states: ['retrying', 'dead-lettered', 'delivered'], practiceOds: 'A81001' })).toEqual({
      states: ['failed', 'dead-lettered'],
      practiceOds: 'A81001',
    });
    expect(commandFilter({})).toBeUndefined();
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(undefined)).toBe('');
  });

  it('has a header row and one line per consultation, identifiers only', () => {
    const view: ConsultationView = {
      consultationId: randomUUID(),
      state: 'dead-lettered',
      firstEventAt: '2025-03-03T09:00:00.000Z',
      lastEventAt: '2025-03-03T09:01:00.000Z',
      attempts: 2,
      resendRequested: false,
      eventCount: 4,
      practiceOds: 'A81001',
      lastCode: '422',
    };
    const lines = toCsv([view]).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'consultationId,state,pharmacyOds,practiceOds,service,version,correlationId,receivedAt,lastEventAt,deliveredAt,latencyMs,attempts,lastTransport,lastCode,resendRequested',
    );
    expect(lines[1]).toBe(`${view.consultationId},dead-lettered,,A81001,,,,,2025-03-03T09:01:00.000Z,,,2,,422,false`);
    expect(lines[0]).not.toMatch(/nhs|name|birth|surname/i);
  });
});

describe('html template', () => {
  it('escapes interpolated values, including inside attributes, and nests templates unescaped', () => {
    const message = `<img src=x onerror="alert('x')">`;
    expect(html`<p title="${message}">${message}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;</p>',
    );
    expect(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
  });
});
