/**
 * Monitor configurations, validated as Sentry's ConfigValidator validates them, from both shapes
 * clients send: the SDKs' `monitor_config` (`schedule: {type, value, unit}`) and the Web API's
 * (`schedule_type` with `schedule` a crontab or `[count, unit]`). Only the keys given change an
 * existing configuration. Defaults (margin 1 minute, runtime 30 minutes, UTC) apply where the
 * stored value is null, as in Sentry.
 */
import { INTERVAL_UNITS, type IntervalUnit, type MonitorConfig } from "../../../schema/region";
import { type Json, record } from "../../lib/json";
import { parseCrontab } from "./crontab";
import { isTimezone, type Schedule } from "./schedule";

export const DEFAULT_CHECKIN_MARGIN = 1;
export const DEFAULT_MAX_RUNTIME = 30;
/** Sentry's MAX_MARGIN and MAX_TIMEOUT (28 days, in minutes) and MAX_THRESHOLD. */
const MAX_MINUTES = 40_320;
const MAX_THRESHOLD = 720;

export type ConfigErrors = Record<string, string[]>;
export type ConfigResult = { ok: true; config: MonitorConfig } | { ok: false; errors: ConfigErrors };

const EMPTY: MonitorConfig = {
	schedule_type: "crontab",
	schedule: "",
	checkin_margin: null,
	max_runtime: null,
	timezone: null,
	failure_issue_threshold: null,
	recovery_threshold: null,
};

/** A whole number in [min, max], null for null or "" (Sentry's EmptyIntegerField), else an error. */
function optionalInteger(value: unknown, min: number, max: number): number | null | string {
	if (value === null || value === "") return null;
	const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
	if (typeof number !== "number" || !Number.isInteger(number)) return "A valid integer is required.";
	if (number < min) return `Ensure this value is greater than or equal to ${min}.`;
	if (number > max) return `Ensure this value is less than or equal to ${max}.`;
	return number;
}

function scheduleOf(input: Json, existingType: MonitorConfig["schedule_type"] | undefined) {
	let schedule = input.schedule;
	let type = input.schedule_type ?? existingType;
	const alternative = record(schedule);
	if (typeof alternative.type === "string") {
		type = alternative.type;
		schedule = type === "interval" ? [alternative.value, alternative.unit] : alternative.value;
	}
	if (type !== "crontab" && type !== "interval")
		return { field: "schedule_type", error: "Missing or invalid schedule type" };
	if (type === "interval") {
		if (!Array.isArray(schedule) || schedule.length !== 2)
			return { field: "schedule", error: "Invalid schedule for 'interval' type" };
		const [count, unit] = schedule;
		if (typeof count !== "number" || !Number.isInteger(count))
			return { field: "schedule", error: "Invalid schedule for schedule unit count" };
		if (count <= 0 || count > 1_000_000) return { field: "schedule", error: "Interval must be greater than zero" };
		if (!INTERVAL_UNITS.includes(unit as IntervalUnit))
			return { field: "schedule", error: "Invalid schedule for schedule unit name" };
		return { type, schedule: [count, unit as IntervalUnit] as [number, IntervalUnit] };
	}
	if (typeof schedule !== "string") return { field: "schedule", error: "Invalid schedule for 'crontab' type" };
	const parsed = parseCrontab(schedule);
	if (!parsed.ok) return { field: "schedule", error: parsed.error };
	return { type, schedule: parsed.schedule };
}

/**
 * The configuration `input` describes, merged over `existing` (only the keys it has), or the
 * errors per field. Without `existing` a schedule is required.
 */
export function validateMonitorConfig(input: unknown, existing?: MonitorConfig): ConfigResult {
	const given = record(input);
	const errors: ConfigErrors = {};
	const config: MonitorConfig = { ...EMPTY, ...existing };
	if ("schedule" in given || "schedule_type" in given || !existing) {
		if (given.schedule === undefined || given.schedule === null) errors.schedule = ["This field is required."];
		else {
			const result = scheduleOf(given, existing?.schedule_type);
			if ("error" in result) errors[result.field as string] = [result.error as string];
			else Object.assign(config, { schedule_type: result.type, schedule: result.schedule });
		}
	}
	const integers = [
		// Sentry turns a margin of 0 into 1 (older SDKs send 0).
		["checkin_margin", 0, MAX_MINUTES],
		["max_runtime", 1, MAX_MINUTES],
		["failure_issue_threshold", 1, MAX_THRESHOLD],
		["recovery_threshold", 1, MAX_THRESHOLD],
	] as const;
	for (const [field, min, max] of integers) {
		if (!(field in given)) continue;
		const value = optionalInteger(given[field], min, max);
		if (typeof value === "string") errors[field] = [value];
		else config[field] = field === "checkin_margin" && value === 0 ? 1 : value;
	}
	if ("timezone" in given) {
		const timezone = given.timezone;
		if (timezone === null || timezone === "") config.timezone = null;
		else if (typeof timezone === "string" && isTimezone(timezone)) config.timezone = timezone;
		else errors.timezone = [`"${String(timezone).slice(0, 64)}" is not a valid choice.`];
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, config };
}

/** The schedule of a stored (so valid) configuration. */
export function scheduleOfConfig(config: MonitorConfig): Schedule {
	if (config.schedule_type === "interval" && Array.isArray(config.schedule)) {
		const [count, unit] = config.schedule;
		return { type: "interval", count, unit };
	}
	const parsed = parseCrontab(String(config.schedule));
	if (!parsed.ok) throw new Error(`stored schedule "${String(config.schedule)}" does not parse`);
	return { type: "crontab", crontab: parsed.crontab };
}

export const timezoneOf = (config: MonitorConfig) => config.timezone ?? "UTC";
export const marginOf = (config: MonitorConfig) => config.checkin_margin ?? DEFAULT_CHECKIN_MARGIN;
export const maxRuntimeOf = (config: MonitorConfig) => config.max_runtime ?? DEFAULT_MAX_RUNTIME;
export const failureThresholdOf = (config: MonitorConfig) => config.failure_issue_threshold || 1;
export const recoveryThresholdOf = (config: MonitorConfig) => config.recovery_threshold || 1;
