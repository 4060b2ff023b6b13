import { describe, expect, it } from 'vitest';
import { bothRoutesDeliveryEnv, meshPracticesDirectory } from '../src/system/mesh-directory';

describe('meshPracticesDirectory', () => {
  it('routes the named practices over MESH and leaves every other practice to the default FHIR REST route', () => {
    expect(JSON.parse(meshPracticesDirectory(['A81002', 'C84017']))).toEqual({
      practices: {
        A81002: { transport: 'mesh', nhsmailAddress: 'a81002.practice@nhs.test' },
        C84017: { transport: 'mesh', nhsmailAddress: 'c84017.practice@nhs.test' },
      },
    });
  });
});

describe('bothRoutesDeliveryEnv', () => {
  const fhirRest = { KAFKA_BROKERS: 'b:9092', DEFAULT_FHIR_BASE_URL: 'http://127.0.0.1:8090/fhir', MESH_BASE_URL: 'http://127.0.0.1:8090' };
  const mesh = {
    KAFKA_BROKERS: 'b:9092',
    MESH_URL: 'http://127.0.0.1:8090',
    MESH_MAILBOX_ID: 'X26FS001',
    PRACTICE_DIRECTORY: '{"default":{"transport":"mesh"}}',
  };

  it('keeps the FHIR REST default and the MESH settings, with its own directory', () => {
    const env = bothRoutesDeliveryEnv(fhirRest, mesh, ['A81002']);
    expect(env).toMatchObject({
      DEFAULT_FHIR_BASE_URL: 'http://127.0.0.1:8090/fhir',
      MESH_URL: 'http://127.0.0.1:8090',
      MESH_MAILBOX_ID: 'X26FS001',
      KAFKA_BROKERS: 'b:9092',
    });
    expect(JSON.parse(env.PRACTICE_DIRECTORY ?? '')).toEqual({ practices: { A81002: { transport: 'mesh', nhsmailAddress: 'a81002.practice@nhs.test' } } });
  });

  it('refuses tables that lack either route', () => {
    expect(() => bothRoutesDeliveryEnv({ KAFKA_BROKERS: 'b:9092' }, mesh, ['A81002'])).toThrow(/DEFAULT_FHIR_BASE_URL/);
    expect(() => bothRoutesDeliveryEnv(fhirRest, { KAFKA_BROKERS: 'b:9092' }, ['A81002'])).toThrow(/MESH_URL/);
  });
});
