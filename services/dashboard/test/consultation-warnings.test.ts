import { randomUUID } from 'node:crypto';
import { defined } from '@firstsync/testkit/defined';
import { describe, expect, it } from 'vitest';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import { consultationFragment } from '../src/views/consultation-page';
import { event } from './support/events';

// Ingest's 202 warnings (docs/consultation-contract.md#plausibility-rules) reach the dashboard as
// codes on the received event; the consultation page lists them for the latest version.

async function detailOf(events: ReturnType<typeof event>[], id: string) {
  const model = new InMemoryReadModel();
  for (const e of events) await model.apply(e);
  return defined(await model.get(id), 'consultation detail');
}

describe('consultation page: warnings at ingest', () => {
  it('lists the latest version’s warning codes with their titles', async () => {
    const id = randomUUID();
    const detail = await detailOf(
      [
        event('received', 0, { consultationId: id, version: 1, details: { warnings: 1, warningCodes: 'blood-pressure-severe' } }),
        event('received', 10, { consultationId: id, version: 2, details: { warnings: 2, warningCodes: 'temperature-extreme,pathway-age-ineligible' } }),
      ],
      id,
    );
    expect(detail.view.warningCodes).toEqual(['temperature-extreme', 'pathway-age-ineligible']);
    const page = String(consultationFragment(detail, false, 'csrf'));
    expect(page).toContain('data-warning-code="temperature-extreme"');
    expect(page).toContain('Temperature 35.0 or lower, or 39.1 or higher (NEWS2)');
    expect(page).toContain('data-warning-code="pathway-age-ineligible"');
    expect(page).not.toContain('data-warning-code="blood-pressure-severe"');
  });

  it('says None when the consultation was accepted without warnings', async () => {
    const id = randomUUID();
    const detail = await detailOf([event('received', 0, { consultationId: id, version: 1, details: { warnings: 0, warningCodes: '' } })], id);
    expect(detail.view.warningCodes ?? []).toEqual([]);
    expect(String(consultationFragment(detail, false, 'csrf'))).not.toContain('data-testid="warnings"');
  });
});
