import { describe, expect, it } from 'vitest';
import { InMemoryReadModel } from '../src/read-model/in-memory-read-model';
import { practicesPage } from '../src/views/practices-page';
import { at, journey } from './support/events';

// Issue #15: delivery's routing decisions, with their reason, on the practices page.
describe('practice routes on the practices page', () => {
  const until = at(7 * 24 * 3600);

  function healthAfter(...events: ReturnType<typeof journey>) {
    const model = new InMemoryReadModel();
    for (const e of events) model.applySync(e);
    return model;
  }

  it('shows NHSmail until the end of the period after a 20010, then the probe', async () => {
    const learnt = journey('00000000-0000-4000-8000-000000000001', [
      ['received', 0],
      ['needs-fallback', 5, { code: '20010', transport: 'mesh', details: { acknowledged: true, nhsmailUntil: until } }],
    ]);
    const decided = journey('00000000-0000-4000-8000-000000000002', [
      ['received', 10],
      [
        'route-decided',
        11,
        {
          code: 'switched-off',
          transport: 'mesh',
          message: 'practice answered 20010 (Update Record switched off)',
          details: { route: 'nhsmail', nhsmailUntil: until },
        },
      ],
    ]);
    const model = healthAfter(...learnt, ...decided);
    const [practice] = await model.practiceHealth();
    expect(practice?.route).toMatchObject({ code: 'switched-off', nhsmailUntil: until });
    const page = practicesPage(await model.practiceHealth(), false, 'csrf').toString();
    expect(page).toContain('data-route="switched-off"');
    expect(page).toContain('answered 20010: Update Record switched off');
    expect(page).toContain(`datetime="${until}"`);

    const probe = journey('00000000-0000-4000-8000-000000000003', [['route-decided', 20, { code: 'probe', transport: 'mesh', details: { route: 'mesh' } }]]);
    for (const e of probe) model.applySync(e);
    expect((await model.practiceHealth())[0]?.route).toMatchObject({ code: 'probe' });
    expect(practicesPage(await model.practiceHealth(), false, 'csrf').toString()).toContain('probed again after the NHSmail period');
  });

  it('a practice without routing decisions is routed as configured', async () => {
    const model = healthAfter(
      ...journey(
        '00000000-0000-4000-8000-000000000004',
        [
          ['received', 0],
          ['delivered', 3, { code: '200' }],
        ],
        'B82002',
      ),
    );
    expect((await model.practiceHealth())[0]?.route).toBeUndefined();
    expect(practicesPage(await model.practiceHealth(), false, 'csrf').toString()).toContain('As configured');
  });
});
