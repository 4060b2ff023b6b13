import { describe, expect, it } from 'vitest';
import { consultationEventSchema, consultationSchema, problemSchema, toJsonSchema } from '../src/index';

interface ObjectSchema {
  $schema?: string;
  required?: string[];
  properties?: Record<string, ObjectSchema & { default?: unknown; pattern?: string }>;
  additionalProperties?: unknown;
}

describe('toJsonSchema', () => {
  it('generates draft 2020-12 for the request body (input: defaults optional)', () => {
    const schema = toJsonSchema(consultationSchema, { io: 'input' }) as ObjectSchema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['consultationId', 'service', 'startedAt', 'pharmacy', 'clinician', 'patient', 'notes', 'outcome', 'consentToShareWithGp']),
    );
    expect(schema.required).not.toContain('version');
    expect(schema.properties?.version?.default).toBe(1);
    // The input pattern allows the spaced NHS number form.
    expect(schema.properties?.patient?.properties?.nhsNumber?.pattern).toBe('^ *(?:[0-9] *){10}$');
  });

  it('generates the event schema as output (defaults present, so required)', () => {
    const schema = toJsonSchema(consultationEventSchema, { io: 'output' }) as ObjectSchema;
    expect(schema.properties?.consultation?.required).toContain('version');
    expect(schema.properties?.envelope?.required).toEqual(expect.arrayContaining(['schemaVersion', 'receivedAt', 'pharmacyOds', 'correlationId', 'warnings']));
  });

  it('generates the problem schema', () => {
    const schema = toJsonSchema(problemSchema) as ObjectSchema;
    expect(schema.required).toEqual(['type', 'title', 'status']);
  });
});
