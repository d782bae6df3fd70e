// Order statistics over timing samples. Medians and high percentiles, not
// means: a GC pause or a JIT tier-up lands in a few runs and would drag a mean.

export interface Stats {
  readonly runs: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** The raw samples in run order, for the JSON file. */
  readonly samples: readonly number[];
}

/** Nearest-rank percentile, so every reported figure is a run that happened. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: samples.length, median, p95: percentile(sorted, 95), min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

export function median(samples: readonly number[]): number {
  return summarise(samples).median;
}
