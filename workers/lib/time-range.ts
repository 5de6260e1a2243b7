/** The time ranges of Sentry's Web API: `statsPeriod=24h`, `interval=1h`. */
import { ApiError } from "./errors";

const HOUR = 3_600_000;

/** `24h`, `7d`, `1h` → milliseconds. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([hd])$/.exec(value ?? fallback);
	if (!match) throw new ApiError(400, `invalid period "${value}"`);
	return Number(match[1]) * (match[2] === "d" ? 24 * HOUR : HOUR);
}
