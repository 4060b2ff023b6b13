import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');
const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; firstsync: { node: string } };
const pinned = manifest.firstsync.node;

// One runtime everywhere: the version the two commands fetch is the one containers and docs name.
describe('the pinned Node.js runtime', () => {
  it('is a supported LTS line that engines admits', () => {
    const [major] = pinned.split('.').map(Number);
    expect(major).toBeGreaterThanOrEqual(24);
    // Up to 26 only even lines became LTS; from 27 every line does (the Release WG's 2026 schedule).
    expect(major !== undefined && (major % 2 === 0 || major >= 27), `Node.js ${major} is not an LTS line`).toBe(true);
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines.node);
    expect(floor, 'engines.node is a >= floor').not.toBeNull();
    expect(Number(floor?.[1])).toBe(major);
  });

  it.each(['docker-compose.yml', 'Dockerfile', 'infra/k8s/firstsync.yaml', 'infra/k8s/README.md'])('%s builds on node:<pinned>', (path) => {
    const images = [...read(path).matchAll(/node:(\d+[\w.-]*)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const tag of images) expect(tag).toBe(`${pinned}-bookworm-slim`);
  });

  it('README names it', () => {
    expect(read('README.md')).toContain(`Node.js ${pinned}`);
  });

  it('is what `npm test` runs this suite on', () => {
    expect(process.versions.node).toBe(pinned);
  });
});
