/**
 * Five-field crontab schedules as Sentry accepts them (minute, hour, day of month, month, day of
 * week; ranges `a-b`, steps `*\/n` `a-b/n` `a/n`, lists, month and weekday names, Sunday as 0 or 7,
 * the `@hourly` `@daily` `@weekly` `@monthly` `@yearly` `@annually` aliases), and the search for the
 * next or previous matching minute. Day of month and day of week combine as in Vixie cron: when both
 * are restricted (neither starts with `*`) either may match, else both must.
 *
 * Parsing is linear in the input: it is split on whitespace and commas and each term is matched by
 * one anchored pattern without nested repetition. Times here are "naive" wall-clock minutes: epoch
 * milliseconds read as UTC fields (schedule.ts converts them to and from a time zone).
 */

export interface Crontab {
	minutes: boolean[];
	hours: boolean[];
	days: boolean[];
	months: boolean[];
	weekdays: boolean[];
	/** Vixie cron's rule: both day fields restricted means either may match. */
	eitherDay: boolean;
}

export const CRONTAB_ALIASES: Record<string, string> = {
	"@yearly": "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly": "0 0 1 * *",
	"@weekly": "0 0 * * 0",
	"@daily": "0 0 * * *",
	"@hourly": "0 * * * *",
};

const MAX_SCHEDULE_LENGTH = 256;
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface Field {
	name: string;
	min: number;
	max: number;
	names?: string[];
	/** The first name's value (months count from 1). */
	namesFrom?: number;
}
const FIELDS: Field[] = [
	{ name: "minute", min: 0, max: 59 },
	{ name: "hour", min: 0, max: 23 },
	{ name: "day of month", min: 1, max: 31 },
	{ name: "month", min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
	{ name: "day of week", min: 0, max: 7, names: WEEKDAY_NAMES, namesFrom: 0 },
];
const TERM = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/([0-9]+))?$/;

export type CrontabResult = { ok: true; schedule: string; crontab: Crontab } | { ok: false; error: string };

/** `0 * * * *` with whitespace normalized and aliases expanded: the form Sentry stores. */
export function normalizeCrontab(input: string): string | undefined {
	if (input.length > MAX_SCHEDULE_LENGTH) return undefined;
	const schedule = input.trim().split(/\s+/).join(" ");
	return schedule.startsWith("@") ? CRONTAB_ALIASES[schedule.toLowerCase()] : schedule;
}

function fieldValue(token: string, field: Field): number | undefined {
	if (/^[0-9]+$/.test(token)) return Number(token);
	const index = field.names?.indexOf(token) ?? -1;
	return index >= 0 ? index + (field.namesFrom ?? 0) : undefined;
}

function parseField(text: string, field: Field): boolean[] | string {
	const allowed = new Array<boolean>(field.max + 1).fill(false);
	for (const term of text.toLowerCase().split(",")) {
		const match = TERM.exec(term);
		if (!match) return `invalid ${field.name} "${term}"`;
		const [, range = "", stepText] = match;
		const step = stepText === undefined ? 1 : Number(stepText);
		if (!(step >= 1 && step <= field.max)) return `invalid step in ${field.name} "${term}"`;
		let from = field.min;
		let to = field.max;
		if (range !== "*") {
			const [low = "", high] = range.split("-");
			const start = fieldValue(low, field);
			const end = high === undefined ? (stepText === undefined ? start : field.max) : fieldValue(high, field);
			if (start === undefined || end === undefined || start < field.min || end > field.max || start > end) {
				return `invalid ${field.name} "${term}"`;
			}
			from = start;
			to = end;
		}
		for (let value = from; value <= to; value += step) allowed[value] = true;
	}
	return allowed;
}

/** Parses a crontab (or alias); the error names the field at fault. */
export function parseCrontab(input: string): CrontabResult {
	const schedule = normalizeCrontab(input);
	if (!schedule) return { ok: false, error: "Schedule was not parseable" };
	const parts = schedule.split(" ");
	if (parts.length !== 5) return { ok: false, error: "Only 5 field crontab syntax is supported" };
	const fields: boolean[][] = [];
	for (const [index, field] of FIELDS.entries()) {
		const parsed = parseField(parts[index] as string, field);
		if (typeof parsed === "string") return { ok: false, error: `Schedule is invalid: ${parsed}` };
		fields.push(parsed);
	}
	const [minutes, hours, days, months, weekdays] = fields as [boolean[], boolean[], boolean[], boolean[], boolean[]];
	if (weekdays[7]) weekdays[0] = true;
	const eitherDay = !(parts[2] as string).startsWith("*") && !(parts[4] as string).startsWith("*");
	const crontab = { minutes, hours, days, months, weekdays, eitherDay };
	// A schedule that never matches (the 30th of February) is refused, as Sentry refuses it.
	if (matchingMinute(crontab, Date.UTC(2000, 0, 1), 1) === undefined) {
		return { ok: false, error: "Schedule is invalid: it never matches" };
	}
	return { ok: true, schedule, crontab };
}

function dayMatches(crontab: Crontab, date: Date): boolean {
	const ofMonth = crontab.days[date.getUTCDate()] === true;
	const ofWeek = crontab.weekdays[date.getUTCDay()] === true;
	return crontab.eitherDay ? ofMonth || ofWeek : ofMonth && ofWeek;
}

/** Enough steps to cross eight years of a schedule that matches once a leap year. */
const MAX_STEPS = 20_000;

/**
 * The first naive minute at or after `from` (direction 1), or at or before it (-1), that the
 * crontab matches; undefined if none within the search bound. Each step skips to the next (or
 * previous) month, day, hour or minute boundary, so a search takes at most a few hundred steps.
 */
export function matchingMinute(crontab: Crontab, from: number, direction: 1 | -1): number | undefined {
	const date = new Date(Math.floor(from / 60_000) * 60_000);
	const forward = direction === 1;
	for (let step = 0; step < MAX_STEPS; step++) {
		if (!crontab.months[date.getUTCMonth() + 1]) {
			if (forward) date.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
			else date.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth(), 0);
			date.setUTCHours(forward ? 0 : 23, forward ? 0 : 59);
		} else if (!dayMatches(crontab, date)) {
			date.setUTCDate(date.getUTCDate() + direction);
			date.setUTCHours(forward ? 0 : 23, forward ? 0 : 59);
		} else if (!crontab.hours[date.getUTCHours()]) {
			date.setUTCHours(date.getUTCHours() + direction, forward ? 0 : 59);
		} else if (!crontab.minutes[date.getUTCMinutes()]) {
			date.setUTCMinutes(date.getUTCMinutes() + direction);
		} else {
			return date.getTime();
		}
	}
	return undefined;
}
