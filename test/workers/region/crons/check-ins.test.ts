/**
 * The check-in state machine through the real ingest consumer (workerd, local D1): upserts from
 * monitor_config, in_progress → ok|error, zero-id updates, finished check-ins, durations, rate
 * limits, environments and refusals recorded as processing errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { randomHex } from "../../../../workers/lib/crypto";
import { createTenant, outcomesOnce, type Tenant } from "../../tenant";
import { hourly, json, monitorState, sendCheckIns, statuses } from "./helpers";

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** An hour boundary a few hours ago: check-ins stay inside the API's default 14 days. */
const base = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
let tenant: Tenant;

beforeAll(async () => {
	tenant = await createTenant("crons-check-ins");
});

describe("check-ins", () => {
	it("makes the monitor from monitor_config, then goes in_progress → ok with the duration in ms", async () => {
		const id = randomHex(16);
		await sendCheckIns(tenant, base + 5 * MINUTE, {
			check_in_id: id,
			monitor_slug: "Nightly Backup!",
			status: "in_progress",
			monitor_config: hourly({ checkin_margin: 5, max_runtime: 10 }),
		});
		await sendCheckIns(tenant, base + 7 * MINUTE, {
			check_in_id: id,
			monitor_slug: "nightly-backup",
			status: "ok",
			duration: 2.5,
		});
		const state = await monitorState(tenant, "nightly-backup");
		expect(state?.monitor).toMatchObject({
			name: "nightly-backup",
			status: "active",
			config: { schedule: "0 * * * *", checkin_margin: 5, max_runtime: 10 },
		});
		expect(state?.environments).toMatchObject([
			{
				environment: "production",
				status: "ok",
				nextCheckIn: new Date(base + HOUR),
				nextCheckInLatest: new Date(base + HOUR + 5 * MINUTE),
			},
		]);
		expect(state?.checkIns).toMatchObject([{ guid: id, status: "ok", durationMs: 2500, timeoutAt: null }]);
	});

	it("ignores an in_progress that arrives after the ok, and refuses a second finish", async () => {
		const id = randomHex(16);
		await sendCheckIns(tenant, base, {
			check_in_id: id,
			monitor_slug: "late-start",
			status: "ok",
			monitor_config: hourly(),
		});
		await sendCheckIns(tenant, base + 1000, { check_in_id: id, monitor_slug: "late-start", status: "in_progress" });
		expect(await statuses(tenant, "late-start")).toEqual(["ok"]);
		await sendCheckIns(tenant, base + 2000, { check_in_id: id, monitor_slug: "late-start", status: "error" });
		expect(await statuses(tenant, "late-start")).toEqual(["ok"]);
		const errors = await json<{ errors: { type: number }[]; checkin: { payload: { status: string } } }[]>(
			tenant,
			`/api/0/organizations/${tenant.slug}/processing-errors/`,
		);
		expect(errors[0]).toMatchObject({ errors: [{ type: 1 }], checkin: { payload: { status: "error" } } });
	});

	it("with an all-zero check_in_id, finishes the latest in-progress check-in (or starts a new one)", async () => {
		const zero = "00000000-0000-0000-0000-000000000000";
		const running = randomHex(16);
		await sendCheckIns(tenant, base, {
			check_in_id: running,
			monitor_slug: "zero-id",
			status: "in_progress",
			monitor_config: hourly(),
		});
		await sendCheckIns(tenant, base + 90_000, { check_in_id: zero, monitor_slug: "zero-id", status: "ok" });
		const state = await monitorState(tenant, "zero-id");
		expect(state?.checkIns).toMatchObject([{ guid: running, status: "ok", durationMs: 90_000 }]);
		await sendCheckIns(tenant, base + HOUR, { check_in_id: zero, monitor_slug: "zero-id", status: "error" });
		const after = await monitorState(tenant, "zero-id");
		expect(after?.checkIns.map((checkIn) => checkIn.status)).toEqual(["ok", "error"]);
		expect(after?.checkIns[1]?.guid).toMatch(/^[0-9a-f]{32}$/);
		expect(after?.checkIns[1]?.guid).not.toBe(running);
	});

	it("dates a finished check-in sent alone back by its duration, and pairs in one batch as if sent apart", async () => {
		const id = randomHex(16);
		await sendCheckIns(
			tenant,
			base + 10 * MINUTE,
			{ check_in_id: id, monitor_slug: "one-batch", status: "in_progress", monitor_config: hourly() },
			{ check_in_id: id, monitor_slug: "one-batch", status: "ok", duration: 60 },
		);
		await sendCheckIns(tenant, base + 20 * MINUTE, { monitor_slug: "one-batch", status: "ok", duration: 120 });
		const state = await monitorState(tenant, "one-batch");
		expect(state?.checkIns).toMatchObject([
			{ guid: id, status: "ok", durationMs: 60_000, dateAdded: new Date(base + 10 * MINUTE) },
			{ status: "ok", durationMs: 120_000, dateAdded: new Date(base + 18 * MINUTE) },
		]);
	});

	it("keeps environments apart, production by default", async () => {
		await sendCheckIns(tenant, base, { monitor_slug: "envs", status: "ok", monitor_config: hourly() });
		await sendCheckIns(tenant, base, { monitor_slug: "envs", status: "error", environment: "staging" });
		const state = await monitorState(tenant, "envs");
		expect(
			Object.fromEntries(state?.environments.map((environment) => [environment.environment, environment.status]) ?? []),
		).toEqual({
			production: "ok",
			staging: "error",
		});
	});

	it("creates nothing from an invalid monitor_config and records why", async () => {
		await sendCheckIns(tenant, base, {
			monitor_slug: "broken",
			status: "ok",
			monitor_config: { schedule: { type: "crontab", value: "61 * * * *" }, timezone: "Mars/Base" },
		});
		await sendCheckIns(tenant, base, { monitor_slug: "unknown", status: "ok" });
		expect(await monitorState(tenant, "broken")).toBeUndefined();
		expect(await monitorState(tenant, "unknown")).toBeUndefined();
		const errors = await json<{ errors: Record<string, unknown>[]; checkin: { payload: { monitor_slug: string } } }[]>(
			tenant,
			`/api/0/organizations/${tenant.slug}/processing-errors/?project=${tenant.project.id}`,
		);
		const bySlug = Object.fromEntries(errors.map((error) => [error.checkin.payload.monitor_slug, error.errors]));
		expect(bySlug.broken).toEqual([
			{
				type: 8,
				errors: {
					schedule: ['Schedule is invalid: invalid minute "61"'],
					timezone: ['"Mars/Base" is not a valid choice.'],
				},
			},
			{ type: 11 },
		]);
		expect(bySlug.unknown).toEqual([{ type: 11 }]);
	});

	it("counts every check-in as one monitor outcome: 6 a minute per environment, the rest rate limited", async () => {
		const slug = "chatty";
		await sendCheckIns(
			tenant,
			base + 30_000,
			...Array.from({ length: 8 }, () => ({ monitor_slug: slug, status: "ok", monitor_config: hourly() })),
		);
		await sendCheckIns(tenant, base + 30_000, { monitor_slug: slug, status: "ok", environment: "other" });
		await sendCheckIns(tenant, base + MINUTE + 1_000, { monitor_slug: slug, status: "ok" });
		expect((await monitorState(tenant, slug))?.checkIns).toHaveLength(8);
		const totals = await outcomesOnce(tenant, (found) => (found["rate_limited/rate_limited/monitor"] ?? 0) >= 2);
		expect(totals["rate_limited/rate_limited/monitor"]).toBe(2);
		expect(totals["invalid/invalid_monitor/monitor"]).toBe(2);
		expect(totals["invalid/checkin_finished/monitor"]).toBe(1);
	});

	it("refuses check-ins with a bad id, status, duration or environment, storing nothing", async () => {
		await sendCheckIns(tenant, base, { monitor_slug: "strict", status: "ok", monitor_config: hourly() });
		await sendCheckIns(
			tenant,
			base + MINUTE,
			{ monitor_slug: "strict", status: "ok", check_in_id: "not-a-uuid" },
			{ monitor_slug: "strict", status: "missed" },
			{ monitor_slug: "strict", status: "ok", duration: -1 },
			{ monitor_slug: "strict", status: "ok", environment: "a/b" },
			{ monitor_slug: "", status: "ok" },
		);
		expect(await statuses(tenant, "strict")).toEqual(["ok"]);
		const totals = await outcomesOnce(tenant, (found) => (found["invalid/invalid_guid/monitor"] ?? 0) >= 1);
		expect(totals["invalid/invalid_guid/monitor"]).toBe(1);
		expect(totals["invalid/invalid_check_in/monitor"]).toBe(3);
		expect(totals["invalid/invalid_monitor_environment/monitor"]).toBe(1);
	});
});
