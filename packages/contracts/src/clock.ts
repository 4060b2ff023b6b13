/** Source of "now", injected so that time-relative rules are deterministic in tests. */
export interface Clock {
  now: () => Date;
}

export const systemClock: Clock = { now: () => new Date() };
