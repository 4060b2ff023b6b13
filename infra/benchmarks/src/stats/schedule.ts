/**
 * When each request of a fixed-rate run is due, in ms after the start. Open-loop: a request is
 * sent at its slot whether or not earlier ones were answered, so a slow system shows up as latency
 * (not as a quietly lower offered rate, the coordinated-omission trap).
 */
export function sendSchedule(ratePerSecond: number, durationMs: number): number[] {
  if (!(ratePerSecond > 0) || !(durationMs > 0)) return [];
  const count = Math.floor((ratePerSecond * durationMs) / 1000);
  const gap = 1000 / ratePerSecond;
  return Array.from({ length: count }, (_, i) => i * gap);
}
