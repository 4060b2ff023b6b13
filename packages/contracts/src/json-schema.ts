import { z } from 'zod';

export interface ToJsonSchemaOptions {
  /**
   * 'input' describes what a client may send (defaults optional): use it for request bodies.
   * 'output' describes what a parse returns (defaults filled in): use it for events we emit.
   */
  io?: 'input' | 'output';
}

/**
 * JSON Schema (draft 2020-12) for a contract schema, for the committed artefacts in /contracts.
 * Cross-field rules and checksums (Mod 11) cannot be expressed and are omitted by zod; the zod
 * schema stays the authority. Throws if a schema has a part JSON Schema cannot represent.
 */
export function toJsonSchema(schema: z.core.$ZodType, options: ToJsonSchemaOptions = {}): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io: options.io ?? 'input', unrepresentable: 'throw' });
}
