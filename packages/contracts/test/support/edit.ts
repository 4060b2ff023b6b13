// Builds variants of a fixture for table-driven tests: `{ 'patient.nhsNumber': '...' }` sets a
// value by dotted path (numeric segments index arrays); REMOVE deletes the property.

export const REMOVE = Symbol('remove');
export type Edits = Record<string, unknown>;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function child(container: Container, key: string): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

function assign(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) {
    if (value === REMOVE) container.splice(Number(key), 1);
    else container[Number(key)] = value;
  } else if (value === REMOVE) {
    delete container[key];
  } else {
    container[key] = value;
  }
}

export function edit<T>(base: T, edits: Edits): unknown {
  const copy: unknown = structuredClone(base);
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split('.');
    const last = keys.pop();
    let target: unknown = copy;
    for (const key of keys) {
      if (!isContainer(target)) throw new Error(`edit: ${path} does not exist in the fixture`);
      target = child(target, key);
    }
    if (!isContainer(target) || last === undefined) throw new Error(`edit: ${path} does not exist in the fixture`);
    assign(target, last, value);
  }
  return copy;
}

export function text(length: number, char = 'a'): string {
  return char.repeat(length);
}
