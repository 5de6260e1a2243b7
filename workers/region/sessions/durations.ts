/**
 * Session durations as a mergeable fixed-bin histogram: bin 0 holds [0, 1 s), bin k holds
 * [2^((k−1)/4), 2^(k/4)) seconds, so each bin is 19 % wide and any set of hourly histograms adds up
 * bin by bin. Percentiles interpolate inside their bin; the exact mean and maximum are kept beside.
 */

const BINS_PER_DOUBLING = 4;
/** 2^24 s is about 194 days; longer durations share the last bin. */
export const LAST_BIN = 24 * BINS_PER_DOUBLING + 1;

export function binOf(seconds: number): number {
	if (seconds < 1) return 0;
	return Math.min(LAST_BIN, Math.floor(Math.log2(seconds) * BINS_PER_DOUBLING) + 1);
}

function boundsOf(bin: number): [number, number] {
	if (bin === 0) return [0, 1];
	return [2 ** ((bin - 1) / BINS_PER_DOUBLING), 2 ** (bin / BINS_PER_DOUBLING)];
}

export type Histogram = Map<number, number>;

export function addHistogram(into: Histogram, bin: number, count: number): void {
	into.set(bin, (into.get(bin) ?? 0) + count);
}

/**
 * The q-quantile (0–1) in seconds, by linear interpolation between order statistics as numpy's
 * default does, each order statistic placed evenly inside its bin; never above `max`.
 */
export function quantileOf(histogram: Histogram, q: number, max: number): number | null {
	const bins = [...histogram.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
	const total = bins.reduce((sum, [, count]) => sum + count, 0);
	if (!total) return null;
	const valueAt = (rank: number) => {
		let before = 0;
		for (const [bin, count] of bins) {
			if (rank < before + count) {
				const [low, high] = boundsOf(bin);
				return Math.min(max, low + ((high - low) * (rank - before + 0.5)) / count);
			}
			before += count;
		}
		return max;
	};
	const rank = q * (total - 1);
	const below = Math.floor(rank);
	const lower = valueAt(below);
	return lower + (valueAt(Math.min(total - 1, below + 1)) - lower) * (rank - below);
}
