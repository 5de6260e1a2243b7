/** The time ranges of Sentry's Web API: `statsPeriod=24h`, `interval=1h`. */
import { ApiError } from "./errors";

const HOUR = 3_600_000;

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR };

/** `24h`, `7d`, `30m`, `2w` → milliseconds. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([smhdw])$/.exec(value ?? fallback);
	if (!match) throw new ApiError(400, `invalid period "${value}"`);
	return Number(match[1]) * (UNITS[match[2] as string] as number);
}
