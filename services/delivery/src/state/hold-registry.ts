/**
 * Which practices an operator has held. Built from `ops.commands.v1` (replayed at start, then
 * followed), so every instance agrees. Each change remembers the command's offset: a message put
 * back on the main path by a release carries that release's offset, and counts as released even on
 * an instance that has not read the release command yet.
 */
export interface HoldRegistry {
  /** True when held, unless `releasedByOffset` is a release issued after the latest hold. */
  isHeld(practiceOds: string, releasedByOffset?: number | null): boolean;
  /** Applies a hold or release at a command offset; older offsets than the known one are ignored. */
  apply(practiceOds: string, held: boolean, commandOffset: number): void;
  held(): string[];
}

export class InMemoryHoldRegistry implements HoldRegistry {
  private readonly states = new Map<string, { held: boolean; offset: number }>();

  isHeld(practiceOds: string, releasedByOffset: number | null = null): boolean {
    const state = this.states.get(practiceOds);
    if (!state?.held) return false;
    return !(releasedByOffset !== null && releasedByOffset > state.offset);
  }

  apply(practiceOds: string, held: boolean, commandOffset: number): void {
    const known = this.states.get(practiceOds);
    if (known && known.offset >= commandOffset) return;
    this.states.set(practiceOds, { held, offset: commandOffset });
  }

  held(): string[] {
    return [...this.states].filter(([, state]) => state.held).map(([ods]) => ods);
  }
}
