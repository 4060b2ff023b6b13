/** Timers the simulated NHS side sets (ack delays, expiry); all cancelled when the app closes. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  later(delayMs: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, delayMs);
    this.timers.add(timer);
  }

  get pending(): number {
    return this.timers.size;
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
