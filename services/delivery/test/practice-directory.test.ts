import { describe, expect, it } from 'vitest';
import { deliveryConfigSchema, loadDeliveryConfig } from '../src/config';
import { directoryFromConfig } from '../src/routing/directory-config';
import { resolveRoute } from '../src/routing/practice-directory';

const available = new Set(['fhir-rest'] as const);
const route = (directory: ReturnType<typeof directoryFromConfig>, practiceOds: string, held = false) =>
  resolveRoute({ directory, practiceOds, held, available, defaultConcurrency: 4 });

describe('practice directory from configuration', () => {
  const json = JSON.stringify({
    practices: {
      A11111: { transport: 'fhir-rest', fhirBaseUrl: 'http://gp.example/fhir/{practiceOds}', concurrency: 2 },
      B22222: { transport: 'fhir-rest', fhirBaseUrl: 'http://gp.example/fhir', enabled: false },
      C33333: { transport: 'mesh' },
    },
  });

  it('routes a listed practice with its own settings, filling in the practice code', () => {
    expect(route(directoryFromConfig({ PRACTICE_DIRECTORY: json }), 'A11111')).toEqual({
      kind: 'route',
      route: {
        practiceOds: 'A11111',
        transport: 'fhir-rest',
        fhirBaseUrl: 'http://gp.example/fhir/A11111',
        nhsmailAddress: undefined,
        concurrency: 2,
        source: 'practice',
      },
    });
  });

  it('parks unknown practices when there is no default route', () => {
    expect(route(directoryFromConfig({ PRACTICE_DIRECTORY: json }), 'Z99999')).toMatchObject({ kind: 'park', reason: 'unknown-practice' });
  });

  it('sends unknown practices over FHIR REST to DEFAULT_FHIR_BASE_URL when set', () => {
    const directory = directoryFromConfig({ PRACTICE_DIRECTORY: json, DEFAULT_FHIR_BASE_URL: 'http://sim.local/fhir' });
    expect(route(directory, 'Z99999')).toMatchObject({
      kind: 'route',
      route: { transport: 'fhir-rest', fhirBaseUrl: 'http://sim.local/fhir', source: 'default', concurrency: 4 },
    });
  });

  it('lets the JSON say "park unknown practices" even when DEFAULT_FHIR_BASE_URL is set', () => {
    const directory = directoryFromConfig({ PRACTICE_DIRECTORY: JSON.stringify({ default: null }), DEFAULT_FHIR_BASE_URL: 'http://sim.local/fhir' });
    expect(route(directory, 'Z99999')).toMatchObject({ kind: 'park', reason: 'unknown-practice' });
  });

  it('parks disabled routes, held practices and transports this instance lacks', () => {
    const directory = directoryFromConfig({ PRACTICE_DIRECTORY: json });
    expect(route(directory, 'B22222')).toMatchObject({ kind: 'park', reason: 'transport-disabled' });
    expect(route(directory, 'C33333')).toMatchObject({ kind: 'park', reason: 'transport-unavailable' });
    expect(route(directory, 'A11111', true)).toMatchObject({ kind: 'park', reason: 'held' });
  });

  it('names the variable and the rule on bad input, never the text', () => {
    expect(() => directoryFromConfig({ PRACTICE_DIRECTORY: '{"practices": nope' })).toThrow('PRACTICE_DIRECTORY: not valid JSON');
    expect(() => directoryFromConfig({ PRACTICE_DIRECTORY: JSON.stringify({ practices: { A11111: { transport: 'fhir-rest' } } }) })).toThrow(
      /PRACTICE_DIRECTORY: practices\.A11111\.fhirBaseUrl/,
    );
  });
});

describe('no catch-all mailbox for patient data (issue #18)', () => {
  // What the demo configuration had: every unknown practice's fallback summary to one shared mailbox.
  const catchAll = JSON.stringify({
    default: { transport: 'mesh', nhsmailAddress: 'unlisted.practice@nhs.test' },
    practices: { A81001: { transport: 'mesh', nhsmailAddress: 'a81001.practice@nhs.test' } },
  });

  it('start-up refuses a mailbox on the default route, saying why', () => {
    expect(() => loadDeliveryConfig({ PRACTICE_DIRECTORY: catchAll })).toThrow(
      /PRACTICE_DIRECTORY: default\.nhsmailAddress: not allowed on the default route: patient data is only mailed to an address in the practice's own entry/,
    );
  });

  it('start-up refuses an NHSmail default route (every unknown practice mailed to one address)', () => {
    const nhsmailDefault = JSON.stringify({ default: { transport: 'nhsmail', nhsmailAddress: 'everyone@nhs.test' } });
    expect(() => directoryFromConfig({ PRACTICE_DIRECTORY: nhsmailDefault })).toThrow(/default\.transport: the default route cannot be nhsmail/);
  });

  it("still takes a practice's own mailbox, and a default route without one", () => {
    const directory = directoryFromConfig({
      PRACTICE_DIRECTORY: JSON.stringify({
        default: { transport: 'mesh' },
        practices: { A81001: { transport: 'mesh', nhsmailAddress: 'a81001.practice@nhs.test' } },
      }),
    });
    const mesh = new Set(['mesh'] as const);
    expect(resolveRoute({ directory, practiceOds: 'A81001', held: false, available: mesh, defaultConcurrency: 4 })).toMatchObject({
      kind: 'route',
      route: { nhsmailAddress: 'a81001.practice@nhs.test', source: 'practice' },
    });
    expect(resolveRoute({ directory, practiceOds: 'Z99999', held: false, available: mesh, defaultConcurrency: 4 })).toMatchObject({
      kind: 'route',
      route: { nhsmailAddress: undefined, source: 'default' },
    });
  });
});

describe('delivery configuration', () => {
  it('refuses a bad practice directory at load time, naming the variable', () => {
    expect(() => loadDeliveryConfig({ PRACTICE_DIRECTORY: JSON.stringify({ practices: { A11111: { transport: 'carrier-pigeon' } } }) })).toThrow(
      /PRACTICE_DIRECTORY/,
    );
  });

  it('needs one delay per retry tier', () => {
    expect(deliveryConfigSchema.parse({ RETRY_DELAYS_MS: '10, 20,30,40,50' }).RETRY_DELAYS_MS).toEqual([10, 20, 30, 40, 50]);
    expect(deliveryConfigSchema.safeParse({ RETRY_DELAYS_MS: '10,20' }).success).toBe(false);
    expect(deliveryConfigSchema.parse({}).RETRY_DELAYS_MS).toEqual([30_000, 120_000, 600_000, 3_600_000, 14_400_000]);
  });
});
