/** The time ranges of Sentry's Web API: `statsPeriod=24h`, `interval=1h`. */
import { ApiError } from "./errors";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `7d`, `30m`, `2w`, `90` (seconds) → milliseconds, as Sentry's parse_stats_period reads them. */
export function parsePeriod(value: string | undefined, fallback: string): number {
	const match = /^(\d+)([smhdw]?)$/.exec(value ?? fallback);
	if (!match) throw new ApiError(400, `invalid period "${value}"`);
	return Number(match[1]) * (UNIT_MS[match[2] || "s"] as number);
}
