import { describe, expect, it } from "vitest";
import { matchingMinute, normalizeCrontab, parseCrontab } from "../../../../workers/region/crons/crontab";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function crontab(schedule: string) {
	const parsed = parseCrontab(schedule);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.crontab;
}
const next = (schedule: string, from: string) => iso(matchingMinute(crontab(schedule), at(from), 1));
const previous = (schedule: string, from: string) => iso(matchingMinute(crontab(schedule), at(from), -1));

describe("parseCrontab", () => {
	it("normalizes whitespace and expands the aliases as Sentry stores them", ({ expect }) => {
		expect(normalizeCrontab("  0   *\t* * *  ")).toBe("0 * * * *");
		expect(parseCrontab("@hourly")).toMatchObject({ ok: true, schedule: "0 * * * *" });
		expect(parseCrontab("@daily")).toMatchObject({ ok: true, schedule: "0 0 * * *" });
		expect(parseCrontab("@weekly")).toMatchObject({ ok: true, schedule: "0 0 * * 0" });
		expect(parseCrontab("@monthly")).toMatchObject({ ok: true, schedule: "0 0 1 * *" });
		expect(parseCrontab("@yearly")).toMatchObject({ ok: true, schedule: "0 0 1 1 *" });
		expect(parseCrontab("@annually")).toMatchObject({ ok: true, schedule: "0 0 1 1 *" });
	});

	it.each([
		["@reboot", "Schedule was not parseable"],
		["* * * *", "Only 5 field crontab syntax is supported"],
		["0 * * * * *", "Only 5 field crontab syntax is supported"],
		["60 * * * *", 'Schedule is invalid: invalid minute "60"'],
		["* 24 * * *", 'Schedule is invalid: invalid hour "24"'],
		["* * 0 * *", 'Schedule is invalid: invalid day of month "0"'],
		["* * * 13 *", 'Schedule is invalid: invalid month "13"'],
		["* * * * 8", 'Schedule is invalid: invalid day of week "8"'],
		["5-3 * * * *", 'Schedule is invalid: invalid minute "5-3"'],
		["*/0 * * * *", 'Schedule is invalid: invalid step in minute "*/0"'],
		["* * * foo *", 'Schedule is invalid: invalid month "foo"'],
		["* * L * *", 'Schedule is invalid: invalid day of month "l"'],
		["0 0 30 2 *", "Schedule is invalid: it never matches"],
		["1,,2 * * * *", 'Schedule is invalid: invalid minute ""'],
	])("refuses %s: %s", (schedule, error) => {
		expect(parseCrontab(schedule)).toEqual({ ok: false, error });
	});

	it("refuses schedules longer than 256 characters without parsing them", ({ expect }) => {
		expect(parseCrontab(`${"1,".repeat(200)}2 * * * *`)).toEqual({ ok: false, error: "Schedule was not parseable" });
	});
});

describe("matchingMinute", () => {
	it("finds the next minute of ranges, steps, lists and names", ({ expect }) => {
		expect(next("*/15 * * * *", "2026-03-10T10:07:00Z")).toBe("2026-03-10T10:15:00.000Z");
		expect(next("5/20 * * * *", "2026-03-10T10:26:00Z")).toBe("2026-03-10T10:45:00.000Z");
		expect(next("0 9-17/4 * * *", "2026-03-10T14:00:00Z")).toBe("2026-03-10T17:00:00.000Z");
		expect(next("30 8 * * mon-fri", "2026-03-13T09:00:00Z")).toBe("2026-03-16T08:30:00.000Z");
		expect(next("0 0 1 jan,JUL *", "2026-02-01T00:00:00Z")).toBe("2026-07-01T00:00:00.000Z");
		expect(next("0 12 * * 7", "2026-03-10T00:00:00Z")).toBe("2026-03-15T12:00:00.000Z");
		expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
	});

	it("matches either day field when both are restricted, as Vixie cron", ({ expect }) => {
		// The 13th or any Friday: Friday the 6th comes first.
		expect(next("0 0 13 * fri", "2026-03-01T00:00:00Z")).toBe("2026-03-06T00:00:00.000Z");
		// `*/2` counts as unrestricted: odd days that are also Fridays.
		expect(next("0 0 */2 * fri", "2026-03-01T00:00:00Z")).toBe("2026-03-13T00:00:00.000Z");
	});

	it("includes the minute it starts from and searches backwards too", ({ expect }) => {
		expect(next("0 * * * *", "2026-03-10T10:00:00Z")).toBe("2026-03-10T10:00:00.000Z");
		expect(previous("0 * * * *", "2026-03-10T10:59:00Z")).toBe("2026-03-10T10:00:00.000Z");
		expect(previous("0 0 1 * *", "2026-03-10T10:59:00Z")).toBe("2026-03-01T00:00:00.000Z");
		expect(previous("30 8 * * mon-fri", "2026-03-16T08:00:00Z")).toBe("2026-03-13T08:30:00.000Z");
	});
});
