// Kubernetes resource quantities (memory) as bytes: `384Mi`, `1Gi`, `500M`, `268435456`.
const SUFFIX: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

export function bytesOf(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity.trim());
  const factor = SUFFIX[match?.[2] ?? ''];
  if (match?.[1] === undefined || factor === undefined) throw new Error(`not a memory quantity: ${quantity}`);
  return Number(match[1]) * factor;
}

/** In MiB, the unit the benchmarks' "MB" figures are in (VmHWM kB / 1024). */
export const mebibytesOf = (quantity: string | number): number => bytesOf(quantity) / 2 ** 20;
