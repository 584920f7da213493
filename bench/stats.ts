export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** "min / median / p90 / max" of a sample, in whole units. */
export function summarise(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return [0, 0.5, 0.9, 1].map((q) => Math.round(quantile(sorted, q))).join(' / ');
}
