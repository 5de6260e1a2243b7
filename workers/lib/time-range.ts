/** The time ranges of Sentry's Web API: `statsPeriod=24h` (or `start`/`end`), `interval=1h`. */
import { ApiError } from "./errors";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `10m`, `24h`, `7d`, `2w` → milliseconds. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([smhdw])$/.exec(value ?? fallback);
	if (!match) throw new ApiError(400, `invalid period "${value}"`);
	return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
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
