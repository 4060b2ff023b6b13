import { describe, expect, it } from 'vitest';
import { offsetWatch, partitionKey } from '../src/offset-watch';

const ends = (entries: [number, bigint][]) => new Map(entries.map(([partition, end]) => [partitionKey('t', partition), end]));

describe('offset watch', () => {
  it('resolves once every partition reached its end offset', async () => {
    const watch = offsetWatch();
    let done = false;
    const wait = watch.waitFor(
      ends([
        [0, 3n],
        [2, 1n],
      ]),
    );
    void wait.promise.then(() => {
      done = true;
    });
    watch.observe('t', 0, '2');
    await Promise.resolve();
    expect(done).toBe(false);
    watch.observe('t', 2, '0');
    await wait.promise;
    expect(done).toBe(true);
  });

  it('resolves at once when nothing is to be read, or everything was read already', async () => {
    const watch = offsetWatch();
    await expect(watch.waitFor(new Map()).promise).resolves.toBeUndefined();
    watch.observe('t', 0, '4');
    await expect(watch.waitFor(ends([[0, 5n]])).promise).resolves.toBeUndefined();
  });
});
