import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// Cycles that exist today and are still to be taken apart; a listed cycle that disappears never
// fails the test, a new one always does. The dashboard's views use http/'s html helpers while
// http/ and live/ render views (issue #13, HTTP foundation).
const TOLERATED = new Set(['services/dashboard/src: http <-> live <-> views']);

const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The imported file's path parts under `src`, or null when the import leaves `src`. */
function targetParts(src: string, from: string, specifier: string): string[] | null {
  const target = resolve(dirname(from), specifier);
  const parts = relative(src, target).split(sep);
  if (parts[0] === '..') return null;
  // A folder import means its index.ts, so the folder counts as the one imported.
  const isFolder = existsSync(target) && statSync(target).isDirectory();
  return isFolder ? [...parts, 'index.ts'] : parts;
}

/** For every folder under `src`: which of its sub-folders import which (key "parent|from|to"), and the files that do. */
function siblingEdges(src: string): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const from = relative(src, file).split(sep);
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const specifier = match[1];
      const to = specifier === undefined ? null : targetParts(src, file, specifier);
      if (to === null) continue;
      let depth = 0;
      while (depth < from.length - 1 && depth < to.length - 1 && from[depth] === to[depth]) depth += 1;
      // Only a folder importing a different folder of the same parent; files beside them are wiring.
      if (depth >= from.length - 1 || depth >= to.length - 1) continue;
      const key = [from.slice(0, depth).join('/'), from[depth], to[depth]].join('|');
      edges.set(key, [...(edges.get(key) ?? []), relative(src, file)]);
    }
  }
  return edges;
}

interface FolderCycle {
  /** "parent/a <-> b" */
  readonly name: string;
  /** Its folders as "parent|folder", the way siblingEdges keys them. */
  readonly members: ReadonlySet<string>;
}

/** Groups of sibling folders that reach each other through imports. */
function folderCycles(edges: Map<string, string[]>): FolderCycle[] {
  const next = new Map<string, Set<string>>();
  for (const key of edges.keys()) {
    const [parent, from, to] = key.split('|');
    next.set(`${parent}|${from}`, (next.get(`${parent}|${from}`) ?? new Set()).add(`${parent}|${to}`));
  }
  const reach = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [start];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const after of next.get(node) ?? []) {
        if (seen.has(after)) continue;
        seen.add(after);
        stack.push(after);
      }
    }
    return seen;
  };
  const groups = new Map<string, FolderCycle>();
  for (const node of next.keys()) {
    const group = [...reach(node)].filter((other) => reach(other).has(node)).sort();
    if (group.length < 2) continue;
    const [parent = ''] = node.split('|');
    const names = group.map((member) => member.slice(member.indexOf('|') + 1));
    const name = `${parent === '' ? '' : `${parent}/`}${names.join(' <-> ')}`;
    groups.set(name, { name, members: new Set(group) });
  }
  return [...groups.values()];
}

const sourceRoots = ['services', 'packages'].flatMap((kind) =>
  readdirSync(join(root, kind))
    .map((name) => `${kind}/${name}/src`)
    .filter((path) => existsSync(join(root, path))),
);

// Folders that import each other cannot be understood, tested or moved one at a time; the layout
// keeps each capability's internals behind its own folder (e.g. MESH acks inside transport/mesh/).
describe('sibling folders under src/ do not import each other', () => {
  it.each(sourceRoots)('%s', (path) => {
    const edges = siblingEdges(join(root, path));
    const cycles = folderCycles(edges).filter((cycle) => !TOLERATED.has(`${path}: ${cycle.name}`));
    const evidence = [...edges.entries()]
      .filter(([key]) => {
        const [parent, from, to] = key.split('|');
        return cycles.some((cycle) => cycle.members.has(`${parent}|${from}`) && cycle.members.has(`${parent}|${to}`));
      })
      .map(([key, files]) => `${key.split('|').slice(1).join(' -> ')} in ${[...new Set(files)].join(', ')}`);
    expect(
      cycles.map((cycle) => `${path}: ${cycle.name}`),
      `imports that close the cycle:\n${evidence.join('\n')}`,
    ).toEqual([]);
  });
});
