/** The time ranges of Sentry's Web API: `statsPeriod=24h`, `interval=1h`, with Sentry's bounds. */
import { ApiError } from "./errors";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DAY = UNIT_MS.d as number;
/** Sentry's MAX_POINTS: a longer series is refused rather than built (its size is the caller's choice). */
export const MAX_POINTS = 1000;

/** `24h`, `7d`, `30m`, `2w`, `90` (seconds) → milliseconds, as Sentry's parse_stats_period reads them. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([smhdw]?)$/.exec(value ?? fallback);
	const ms = match ? Number(match[1]) * (UNIT_MS[match[2] || "s"] as number) : Number.NaN;
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

/**
 * The range a request asks for, as Sentry reads it: `start` and `end` (ISO 8601) together, else
 * `statsPeriod` back from now (`fallback` without either).
 */
export function requestedRange(
	query: { statsPeriod?: string | undefined; start?: string | undefined; end?: string | undefined },
	fallback: string,
	now = Date.now(),
): { start: number; end: number } {
	if (query.start !== undefined || query.end !== undefined) {
		const start = Date.parse(query.start ?? "");
		const end = Date.parse(query.end ?? "");
		if (Number.isNaN(start) || Number.isNaN(end)) throw new ApiError(400, "start and end must both be ISO 8601 times");
		if (start > end) throw new ApiError(400, "start must be before end");
		return { start, end };
	}
	return { start: now - parsePeriod(query.statsPeriod, fallback), end: now };
}
