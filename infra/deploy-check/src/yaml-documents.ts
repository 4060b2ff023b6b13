import { parseAllDocuments } from 'yaml';

/**
 * Every document of a YAML stream as plain data, with merge keys (`<<: *anchor`) applied as
 * Compose and Kubernetes apply them. Throws on the first syntax error, naming the file.
 */
export function yamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((document) => {
    const [error] = document.errors;
    if (error !== undefined) throw new Error(`${source}: ${error.message}`);
    return document.toJS({ maxAliasCount: -1 }) as unknown;
  });
}
