/**
 * Things to stop if a scenario is abandoned at its time cap (its own `finally` may never run):
 * service processes, the bare server. Each registration returns its own removal.
 */
const pending = new Set<() => Promise<void>>();

export function onAbandon(stop: () => Promise<void>): () => void {
  pending.add(stop);
  return () => void pending.delete(stop);
}

export async function stopAbandoned(): Promise<void> {
  const stops = [...pending];
  pending.clear();
  await Promise.allSettled(stops.map((stop) => stop()));
}
