/** Sentry's log levels and their OpenTelemetry severity numbers. */
import { text } from "../../lib/json";
export const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type Level = (typeof LEVELS)[number];

/** OpenTelemetry's severity numbers: each level's range starts at these (1-4 trace … 21-24 fatal). */
const SEVERITY_BASE: Record<Level, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };
const LEVEL_ALIASES: Record<string, Level> = {
	warning: "warn",
	information: "info",
	log: "info",
	critical: "fatal",
	err: "error",
};

export function levelOf(value: unknown, severityNumber?: number): Level | undefined {
	const name = text(value)?.trim().toLowerCase();
	if (name && (LEVELS as readonly string[]).includes(name)) return name as Level;
	if (name && LEVEL_ALIASES[name]) return LEVEL_ALIASES[name];
	if (severityNumber !== undefined && severityNumber >= 1 && severityNumber <= 24)
		return LEVELS[Math.floor((severityNumber - 1) / 4)];
	return name === undefined ? undefined : "info";
}

export const severityOfLevel = (level: Level) => SEVERITY_BASE[level];
