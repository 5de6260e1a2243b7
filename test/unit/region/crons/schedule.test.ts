import { describe, it } from "vitest";
import { parseCrontab } from "../../../../workers/region/crons/crontab";
import {
	isTimezone,
	nextSchedule,
	previousSchedule,
	type Schedule,
	wallClock,
} from "../../../../workers/region/crons/schedule";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
function cron(schedule: string): Schedule {
	const parsed = parseCrontab(schedule);
	if (!parsed.ok) throw new Error(parsed.error);
	return { type: "crontab", crontab: parsed.crontab };
}
const every = (count: number, unit: "minute" | "hour" | "day" | "week" | "month" | "year"): Schedule => ({
	type: "interval",
	count,
	unit,
});

describe("nextSchedule", () => {
	it("is strictly after the reference and whole minutes, as Sentry's get_next_schedule", ({ expect }) => {
		expect(iso(nextSchedule(cron("0 * * * *"), at("2026-03-10T05:30:20Z"), "UTC"))).toBe("2026-03-10T06:00:00.000Z");
		expect(iso(nextSchedule(cron("30 * * * *"), at("2026-03-10T05:30:00Z"), "UTC"))).toBe("2026-03-10T06:30:00.000Z");
		expect(iso(nextSchedule(cron("* * * * *"), at("2026-03-10T05:30:59Z"), "UTC"))).toBe("2026-03-10T05:31:00.000Z");
	});

	it("reads a crontab in the monitor's time zone", ({ expect }) => {
		// 09:00 in Vienna is 08:00 UTC in winter and 07:00 UTC in summer.
		expect(iso(nextSchedule(cron("0 9 * * *"), at("2026-01-10T12:00:00Z"), "Europe/Vienna"))).toBe(
			"2026-01-11T08:00:00.000Z",
		);
		expect(iso(nextSchedule(cron("0 9 * * *"), at("2026-07-10T12:00:00Z"), "Europe/Vienna"))).toBe(
			"2026-07-11T07:00:00.000Z",
		);
		expect(iso(nextSchedule(cron("0 9 * * *"), at("2026-01-10T12:00:00Z"), "America/Los_Angeles"))).toBe(
			"2026-01-10T17:00:00.000Z",
		);
		expect(iso(nextSchedule(cron("30 0 * * *"), at("2026-01-10T12:00:00Z"), "Asia/Kolkata"))).toBe(
			"2026-01-10T19:00:00.000Z",
		);
	});

	it("skips a wall-clock time that daylight saving skips, and expects a repeated one once", ({ expect }) => {
		// Vienna springs forward on 2026-03-29 at 02:00 → 03:00: no 02:30 that day.
		expect(iso(nextSchedule(cron("30 2 * * *"), at("2026-03-28T12:00:00Z"), "Europe/Vienna"))).toBe(
			"2026-03-30T00:30:00.000Z",
		);
		// It falls back on 2026-10-25 at 03:00 → 02:00: 02:30 happens twice, expected at the first.
		const first = nextSchedule(cron("30 2 * * *"), at("2026-10-24T12:00:00Z"), "Europe/Vienna");
		expect(iso(first)).toBe("2026-10-25T00:30:00.000Z");
		expect(iso(nextSchedule(cron("30 2 * * *"), first as number, "Europe/Vienna"))).toBe("2026-10-26T01:30:00.000Z");
	});

	it("counts an interval from the reference, keeping the wall clock for days and longer", ({ expect }) => {
		expect(iso(nextSchedule(every(5, "minute"), at("2026-03-10T05:30:40Z"), "UTC"))).toBe("2026-03-10T05:35:00.000Z");
		expect(iso(nextSchedule(every(2, "hour"), at("2026-03-10T05:35:00Z"), "UTC"))).toBe("2026-03-10T07:35:00.000Z");
		expect(iso(nextSchedule(every(1, "day"), at("2026-03-28T08:00:00Z"), "Europe/Vienna"))).toBe(
			"2026-03-29T07:00:00.000Z",
		);
		expect(iso(nextSchedule(every(1, "week"), at("2026-03-10T08:00:00Z"), "UTC"))).toBe("2026-03-17T08:00:00.000Z");
		// As dateutil's rrule: from the 31st, a month without one is skipped.
		expect(iso(nextSchedule(every(1, "month"), at("2026-01-31T08:00:00Z"), "UTC"))).toBe("2026-03-31T08:00:00.000Z");
		expect(iso(nextSchedule(every(1, "year"), at("2024-02-29T08:00:00Z"), "UTC"))).toBe("2028-02-29T08:00:00.000Z");
	});
});

describe("previousSchedule", () => {
	it("is the last expected minute strictly before the reference", ({ expect }) => {
		expect(iso(previousSchedule(cron("0 * * * *"), 0, at("2026-03-10T05:01:00Z"), "UTC"))).toBe(
			"2026-03-10T05:00:00.000Z",
		);
		expect(iso(previousSchedule(cron("0 * * * *"), 0, at("2026-03-10T05:00:00Z"), "UTC"))).toBe(
			"2026-03-10T04:00:00.000Z",
		);
		expect(iso(previousSchedule(cron("0 9 * * *"), 0, at("2026-07-11T07:30:00Z"), "Europe/Vienna"))).toBe(
			"2026-07-11T07:00:00.000Z",
		);
	});

	it("counts an interval's steps from when it was last expected", ({ expect }) => {
		const start = at("2026-03-10T05:00:00Z");
		expect(iso(previousSchedule(every(10, "minute"), start, at("2026-03-10T05:31:00Z"), "UTC"))).toBe(
			"2026-03-10T05:30:00.000Z",
		);
		expect(iso(previousSchedule(every(10, "minute"), start, at("2026-03-10T05:30:00Z"), "UTC"))).toBe(
			"2026-03-10T05:20:00.000Z",
		);
		expect(iso(previousSchedule(every(1, "day"), start, at("2026-03-20T04:00:00Z"), "UTC"))).toBe(
			"2026-03-19T05:00:00.000Z",
		);
		expect(iso(previousSchedule(every(1, "month"), start, at("2026-08-01T00:00:00Z"), "UTC"))).toBe(
			"2026-07-10T05:00:00.000Z",
		);
	});
});

describe("time zones", () => {
	it("knows IANA names and refuses others", ({ expect }) => {
		expect(isTimezone("Europe/Vienna")).toBe(true);
		expect(isTimezone("UTC")).toBe(true);
		expect(isTimezone("Mars/Olympus_Mons")).toBe(false);
		expect(isTimezone("x".repeat(100))).toBe(false);
	});

	it("reads the wall clock of an instant", ({ expect }) => {
		expect(iso(wallClock(at("2026-07-11T07:00:30Z"), "Europe/Vienna"))).toBe("2026-07-11T09:00:00.000Z");
	});
});
