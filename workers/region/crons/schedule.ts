/**
 * When a monitor is next (or was last) expected, as Sentry's schedule.py computes it: crontab
 * schedules in the monitor's time zone, interval schedules counted from a reference time; results
 * are whole minutes. Time zones come from the runtime's Intl data (no Node built-ins).
 *
 * A wall-clock time that a daylight-saving change skips is not expected that day; one it repeats
 * is expected once, at its first occurrence.
 */
import type { IntervalUnit } from "../../../schema/region";
import { type Crontab, matchingMinute } from "./crontab";

export type Schedule = { type: "crontab"; crontab: Crontab } | { type: "interval"; count: number; unit: IntervalUnit };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timezone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timezone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat("en-US", {
			timeZone: timezone,
			hourCycle: "h23",
			year: "numeric",
			month: "numeric",
			day: "numeric",
			hour: "numeric",
			minute: "numeric",
		});
		formatters.set(timezone, formatter);
	}
	return formatter;
}

/** Whether the runtime knows the IANA time zone (`Europe/Vienna`, `UTC`). */
export function isTimezone(timezone: string): boolean {
	if (timezone.length > 64) return false;
	try {
		formatterOf(timezone);
		return true;
	} catch {
		return false;
	}
}

/** The wall-clock minute in `timezone` at `instant`, as naive epoch milliseconds. */
export function wallClock(instant: number, timezone: string): number {
	if (timezone === "UTC") return floorMinute(instant);
	const parts: Record<string, number> = {};
	for (const { type, value } of formatterOf(timezone).formatToParts(new Date(instant))) parts[type] = Number(value);
	return Date.UTC(
		parts.year as number,
		(parts.month as number) - 1,
		parts.day as number,
		parts.hour as number,
		parts.minute as number,
	);
}

/**
 * The instants whose wall clock in `timezone` reads `naive`, earliest first: none in a gap, two in
 * a repeated hour. Offsets are taken a day either side, which holds for every zone's transitions.
 */
function instantsOf(naive: number, timezone: string): number[] {
	if (timezone === "UTC") return [naive];
	const offsets = new Set([naive - DAY, naive + DAY].map((near) => wallClock(near, timezone) - floorMinute(near)));
	return [...offsets]
		.map((offset) => naive - offset)
		.filter((instant) => wallClock(instant, timezone) === naive)
		.sort((a, b) => a - b);
}

/** The first instant of `naive`, or for a skipped wall-clock time the instant the clocks moved to. */
function instantOf(naive: number, timezone: string): number {
	const [first] = instantsOf(naive, timezone);
	return first ?? naive - (wallClock(naive - DAY, timezone) - floorMinute(naive - DAY));
}

/** The first instant of a matching minute in the direction given, from `from` (inclusive). */
function crontabInstant(crontab: Crontab, from: number, timezone: string, direction: 1 | -1): number | undefined {
	let naive = wallClock(from, timezone);
	for (let attempt = 0; attempt < 1_000; attempt++) {
		const match = matchingMinute(crontab, naive, direction);
		if (match === undefined) return undefined;
		const [first] = instantsOf(match, timezone);
		if (first !== undefined && (direction === 1 ? first >= from : first <= from)) return first;
		naive = match + direction * MINUTE;
	}
	return undefined;
}

function addCalendar(naive: number, unit: "day" | "week" | "month" | "year", count: number): number {
	const date = new Date(naive);
	if (unit === "day" || unit === "week") date.setUTCDate(date.getUTCDate() + count * (unit === "week" ? 7 : 1));
	else {
		// As dateutil's rrule: a day the target month lacks (the 31st) moves on by further steps.
		const day = date.getUTCDate();
		const months = unit === "year" ? 12 * count : count;
		for (let steps = 1; steps <= 48; steps++) {
			const candidate = new Date(naive);
			candidate.setUTCDate(1);
			candidate.setUTCMonth(candidate.getUTCMonth() + months * steps);
			candidate.setUTCDate(day);
			if (candidate.getUTCDate() === day) return candidate.getTime();
		}
	}
	return date.getTime();
}

function intervalAfter(reference: number, count: number, unit: IntervalUnit, timezone: string): number {
	if (unit === "minute") return floorMinute(reference + count * MINUTE);
	if (unit === "hour") return floorMinute(reference + count * HOUR);
	return instantOf(addCalendar(wallClock(reference, timezone), unit, count), timezone);
}

/** The next expected minute strictly after `reference` (Sentry's get_next_schedule). */
export function nextSchedule(schedule: Schedule, reference: number, timezone: string): number | undefined {
	if (schedule.type === "interval") return intervalAfter(reference, schedule.count, schedule.unit, timezone);
	return crontabInstant(schedule.crontab, floorMinute(reference) + MINUTE, timezone, 1);
}

/**
 * The last expected minute strictly before `reference` (Sentry's get_prev_schedule); an interval
 * schedule counts its steps from `start`, when it was last expected.
 */
export function previousSchedule(schedule: Schedule, start: number, reference: number, timezone: string) {
	if (schedule.type === "crontab") {
		return crontabInstant(schedule.crontab, Math.ceil(reference / MINUTE) * MINUTE - MINUTE, timezone, -1);
	}
	const { count, unit } = schedule;
	if (unit === "minute" || unit === "hour") {
		const stepMs = count * (unit === "minute" ? MINUTE : HOUR);
		const steps = Math.max(0, Math.ceil((reference - start) / stepMs) - 1);
		return floorMinute(start + steps * stepMs);
	}
	let expected = start;
	// Days and weeks have one length on the wall clock: jump close to the reference, then walk.
	if (unit === "day" || unit === "week") {
		const stepDays = count * (unit === "week" ? 7 : 1);
		const steps = Math.floor((wallClock(reference, timezone) - wallClock(start, timezone)) / (stepDays * DAY)) - 1;
		if (steps > 0) expected = intervalAfter(start, count * steps, unit, timezone);
	}
	for (let walked = 0; walked < 1_000; walked++) {
		const next = intervalAfter(expected, count, unit, timezone);
		if (next >= reference) break;
		expected = next;
	}
	return floorMinute(expected);
}
