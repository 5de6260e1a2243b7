/** The time ranges of Sentry's Web API: `statsPeriod=24h`, `interval=1h`, with Sentry's bounds. */
import { ApiError } from "./errors";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Sentry's MAX_POINTS: a longer series is refused rather than built (its size is the caller's choice). */
export const MAX_POINTS = 1000;

/** `24h`, `7d`, `1h` → milliseconds. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([hd])$/.exec(value ?? fallback);
	const ms = match ? Number(match[1]) * (match[2] === "d" ? DAY : HOUR) : Number.NaN;
	if (!Number.isSafeInteger(ms) || ms <= 0) throw new ApiError(400, `invalid period "${value}"`);
	return ms;
}

/**
 * The buckets of a series ending now: `statsPeriod` (default 24h) in `interval`s (default 1h) that
 * divide a day, at most MAX_POINTS of them, as Sentry's stats endpoints check.
 */
export function seriesRange(query: { statsPeriod?: string | undefined; interval?: string | undefined }, now: number) {
	const interval = parsePeriod(query.interval, "1h");
	if (DAY % interval !== 0) throw new ApiError(400, "The interval should divide one day without a remainder.");
	const period = parsePeriod(query.statsPeriod, "24h");
	const points = Math.ceil(period / interval);
	if (points > MAX_POINTS)
		throw new ApiError(
			400,
			"Your interval and date range would create too many results. Use a larger interval, or a smaller date range.",
		);
	const end = Math.ceil(now / interval) * interval;
	return { start: end - points * interval, end, interval, points };
}
