/**
 * A check-in item's payload, validated as Sentry's consumer validates it: the monitor slug
 * slugified (Django's slugify, 50 characters), `check_in_id` a UUID (all zeros: the latest
 * in-progress check-in), `status` one of in_progress, ok and error (missed and timeout only from the
 * region's own clock), `duration` in seconds stored as milliseconds, `environment` (default
 * production) a valid environment name. A refusal carries its outcome reason and processing error.
 */
import type { CheckInStatus } from "../../../schema/region";
import { type Json, record, text } from "../../lib/json";

export const SLUG_MAX_LENGTH = 50;
export const LATEST = "latest";
const MAX_DURATION_MS = 2_147_483_647;
const ENVIRONMENT = /^[^\n\r\f/]{1,64}$/;
const GUID = /^[0-9a-f]{32}$/;

export interface CheckInPayload {
	slug: string;
	/** 32 hex digits, or LATEST for the all-zero id. */
	guid: string;
	status: CheckInStatus;
	environment: string;
	durationMs: number | null;
	monitorConfig: unknown;
	traceId: string | null;
	/** The clock's synthetic check-ins: the tick, and for a miss the time expected. */
	clockTick?: number;
	expectedTime?: number;
}

export interface ProcessingError extends Json {
	type: number;
}

/** Sentry's ProcessingErrorType values. */
export const ERROR_TYPES = {
	CHECKIN_ENVIRONMENT_MISMATCH: 0,
	CHECKIN_FINISHED: 1,
	CHECKIN_INVALID_DURATION: 3,
	CHECKIN_INVALID_GUID: 4,
	CHECKIN_VALIDATION_FAILED: 5,
	MONITOR_DISABLED: 6,
	MONITOR_INVALID_CONFIG: 8,
	MONITOR_INVALID_ENVIRONMENT: 9,
	MONITOR_NOT_FOUND: 11,
	MONITOR_ENVIRONMENT_RATELIMITED: 14,
} as const;

export type Refusal = { outcome: "invalid" | "filtered" | "rate_limited"; reason: string; errors: ProcessingError[] };
export type ParsedCheckIn = { ok: true; checkIn: CheckInPayload } | ({ ok: false; slug: string } & Refusal);

/** `value` without the characters of `chars` at either end (a loop: an anchored `+$` pattern backtracks). */
function trimEnds(value: string, chars: string): string {
	let start = 0;
	let end = value.length;
	while (start < end && chars.includes(value[start] as string)) start++;
	while (end > start && chars.includes(value[end - 1] as string)) end--;
	return value.slice(start, end);
}

/** Django's slugify (ASCII), cut to 50 characters, as Sentry's slugify_monitor_slug. */
export function slugifyMonitorSlug(value: string): string {
	const ascii = value
		.slice(0, 4 * SLUG_MAX_LENGTH)
		.normalize("NFKD")
		.replace(/[^\x20-\x7e]/g, "")
		.toLowerCase()
		.replace(/[^\w\s-]/g, "")
		.replace(/[-\s]+/g, "-");
	return trimEnds(trimEnds(ascii, "-_").slice(0, SLUG_MAX_LENGTH), "-");
}

const validationFailed = (slug: string, field: string, message: string): ParsedCheckIn => ({
	ok: false,
	slug,
	outcome: "invalid",
	reason: "invalid_check_in",
	errors: [{ type: ERROR_TYPES.CHECKIN_VALIDATION_FAILED, errors: { [field]: [message] } }],
});

function guidOf(value: unknown): string | undefined {
	const hex = text(value)?.replace(/-/g, "").toLowerCase();
	if (!hex || !GUID.test(hex)) return undefined;
	return /^0+$/.test(hex) ? LATEST : hex;
}

/** `fromClock`: the region's clock made this check-in, so `missed` and `timeout` are allowed. */
export function parseCheckIn(payload: Json, fromClock: boolean): ParsedCheckIn {
	const slug = slugifyMonitorSlug(text(payload.monitor_slug) ?? "");
	if (!slug) return validationFailed(slug, "monitor_slug", "the monitor slug is empty or invalid");
	const guid = guidOf(payload.check_in_id ?? "0".repeat(32));
	if (!guid)
		return {
			ok: false,
			slug,
			outcome: "invalid",
			reason: "invalid_guid",
			errors: [{ type: ERROR_TYPES.CHECKIN_INVALID_GUID }],
		};
	const status = text(payload.status);
	const allowed = fromClock ? ["missed", "timeout"] : ["in_progress", "ok", "error"];
	if (!status || !allowed.includes(status))
		return validationFailed(slug, "status", `"${String(status).slice(0, 32)}" is not a valid choice.`);
	const duration = payload.duration;
	let durationMs: number | null = null;
	if (duration !== undefined && duration !== null) {
		const ms = typeof duration === "number" ? Math.trunc(duration * 1000) : Number.NaN;
		if (!(ms >= 0 && ms <= MAX_DURATION_MS))
			return validationFailed(slug, "duration", "Ensure this value is a valid duration.");
		durationMs = ms;
	}
	const environment = text(payload.environment) || "production";
	if (!ENVIRONMENT.test(environment) || environment.toLowerCase() === "none") {
		return {
			ok: false,
			slug,
			outcome: "invalid",
			reason: "invalid_monitor_environment",
			errors: [{ type: ERROR_TYPES.MONITOR_INVALID_ENVIRONMENT, reason: "Environment name is invalid" }],
		};
	}
	const traceId = text(record(record(payload.contexts).trace).trace_id)
		?.replace(/-/g, "")
		.toLowerCase();
	const checkIn: CheckInPayload = {
		slug,
		guid,
		status: status as CheckInStatus,
		environment,
		durationMs,
		monitorConfig: payload.monitor_config ?? undefined,
		traceId: traceId && GUID.test(traceId) ? traceId : null,
	};
	if (fromClock) {
		if (typeof payload.clock_tick === "number") checkIn.clockTick = payload.clock_tick;
		if (typeof payload.expected_time === "number") checkIn.expectedTime = payload.expected_time;
	}
	return { ok: true, checkIn };
}
