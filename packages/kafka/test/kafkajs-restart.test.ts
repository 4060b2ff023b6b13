import { capturingLogger } from '@firstsync/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crashRestarts, restartDelayMs } from '../src/adapters/kafkajs-restart';

describe('restarting a kafkajs consumer after a crash kafkajs does not restart from', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(rerun: () => Promise<void> = async () => undefined) {
    const state = { wanted: true, reruns: 0 };
    const restarts = crashRestarts({
      logger: capturingLogger().logger,
      groupId: 'g',
      wanted: () => state.wanted,
      rerun: () => {
        state.reruns += 1;
        return rerun();
      },
    });
    return { state, restarts };
  }

  it('waits 1 s, 2 s, 4 s, ... at most 10 s between restarts in a row', () => {
    expect([1, 2, 3, 4, 5, 9].map(restartDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('reruns the consumer after the delay, once however often the crash is reported meanwhile', async () => {
    const { state, restarts } = setup();
    restarts.crashed();
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(999);
    expect(state.reruns).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.reruns).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.reruns).toBe(1);
  });

  it('backs off while crashes follow each other, and starts over once the consumer joined its group', async () => {
    const { state, restarts } = setup();
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(1_000);
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(state.reruns).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.reruns).toBe(2);
    restarts.joined();
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reruns).toBe(3);
  });

  it('does not restart a consumer that was stopped, before or after the crash', async () => {
    const { state, restarts } = setup();
    restarts.crashed();
    restarts.cancel();
    await vi.advanceTimersByTimeAsync(10_000);
    state.wanted = false;
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.reruns).toBe(0);
  });

  it('tries again when the rerun itself fails', async () => {
    const { state, restarts } = setup(async () => {
      throw new Error('refused');
    });
    restarts.crashed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.reruns).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.reruns).toBe(2);
  });
});
