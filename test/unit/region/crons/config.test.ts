import { describe, it } from "vitest";
import { parseCheckIn, slugifyMonitorSlug } from "../../../../workers/region/crons/check-in";
import { validateMonitorConfig } from "../../../../workers/region/crons/config";

describe("validateMonitorConfig", () => {
	it("takes the SDKs' shape and the Web API's to the one Sentry stores", ({ expect }) => {
		const fromSdk = validateMonitorConfig({
			schedule: { type: "interval", value: 2, unit: "hour" },
			checkin_margin: 0,
			max_runtime: "15",
			timezone: "America/Los_Angeles",
			failure_issue_threshold: 3,
			owner: "user:someone@example.com",
		});
		expect(fromSdk).toEqual({
			ok: true,
			config: {
				schedule_type: "interval",
				schedule: [2, "hour"],
				checkin_margin: 1,
				max_runtime: 15,
				timezone: "America/Los_Angeles",
				failure_issue_threshold: 3,
				recovery_threshold: null,
			},
		});
		expect(validateMonitorConfig({ schedule_type: "crontab", schedule: " @weekly " })).toMatchObject({
			ok: true,
			config: { schedule_type: "crontab", schedule: "0 0 * * 0", timezone: null },
		});
	});

	it("changes only the keys given", ({ expect }) => {
		const existing = validateMonitorConfig({ schedule: { type: "crontab", value: "0 * * * *" }, max_runtime: 9 });
		if (!existing.ok) throw new Error("valid");
		expect(validateMonitorConfig({ checkin_margin: 4 }, existing.config)).toEqual({
			ok: true,
			config: { ...existing.config, checkin_margin: 4 },
		});
	});

	it("names every field at fault", ({ expect }) => {
		expect(validateMonitorConfig({})).toEqual({ ok: false, errors: { schedule: ["This field is required."] } });
		expect(
			validateMonitorConfig({
				schedule: { type: "interval", value: 1.5, unit: "hour" },
				max_runtime: 40_321,
				recovery_threshold: "many",
				timezone: "Nowhere/Land",
			}),
		).toEqual({
			ok: false,
			errors: {
				schedule: ["Invalid schedule for schedule unit count"],
				max_runtime: ["Ensure this value is less than or equal to 40320."],
				recovery_threshold: ["A valid integer is required."],
				timezone: ['"Nowhere/Land" is not a valid choice.'],
			},
		});
		expect(validateMonitorConfig({ schedule: "0 * * * *" })).toEqual({
			ok: false,
			errors: { schedule_type: ["Missing or invalid schedule type"] },
		});
	});
});

describe("parseCheckIn", () => {
	it("slugifies the slug as Sentry does", ({ expect }) => {
		expect(slugifyMonitorSlug("  My Nightly Job! ")).toBe("my-nightly-job");
		expect(slugifyMonitorSlug("Ünïcode ✓ job")).toBe("unicode-job");
		expect(slugifyMonitorSlug("a".repeat(80))).toHaveLength(50);
	});

	it("reads the all-zero id as the latest in-progress check-in, and seconds as milliseconds", ({ expect }) => {
		expect(
			parseCheckIn(
				{ monitor_slug: "job", status: "ok", check_in_id: "00000000-0000-0000-0000-000000000000", duration: 1.2345 },
				false,
			),
		).toEqual({
			ok: true,
			checkIn: {
				slug: "job",
				guid: "latest",
				status: "ok",
				environment: "production",
				durationMs: 1234,
				monitorConfig: undefined,
				traceId: null,
			},
		});
	});

	it("leaves missed and timeout to the clock", ({ expect }) => {
		expect(parseCheckIn({ monitor_slug: "job", status: "missed" }, false)).toMatchObject({
			ok: false,
			reason: "invalid_check_in",
		});
		expect(parseCheckIn({ monitor_slug: "job", status: "ok" }, true)).toMatchObject({
			ok: false,
			reason: "invalid_check_in",
		});
		expect(
			parseCheckIn({ monitor_slug: "job", status: "missed", clock_tick: 60_000, expected_time: 0 }, true),
		).toMatchObject({
			ok: true,
			checkIn: { status: "missed", clockTick: 60_000, expectedTime: 0 },
		});
	});
});
