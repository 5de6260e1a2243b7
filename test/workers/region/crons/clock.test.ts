/**
 * The clock and incidents (workerd, local D1): missed check-ins backdated to when they were
 * expected, intervals counted from the last check-in, time-outs and late finishes, time zones,
 * failure and recovery thresholds opening and resolving one `cron` issue that alert rules fire on,
 * muted and disabled monitors.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { alertRuleFires, groupActivity, groups } from "../../../../schema/region";
import { randomHex } from "../../../../workers/lib/crypto";
import { consumePostProcessBatch } from "../../../../workers/region/alerts";
import { FIRST_SEEN, WEBHOOK_ACTION } from "../../../../workers/region/alerts/rules";
import { tickMonitorClock } from "../../../../workers/region/crons";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { CapturingQueue, runConsumer } from "../../consumers";
import { api, createTenant, type Tenant } from "../../tenant";
import { at, hourly, monitorState, region, sendCheckIns, sendCheckInsWith, slugsOf, statuses, tick } from "./helpers";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const base = Math.floor(Date.now() / HOUR) * HOUR - 12 * HOUR;
let tenant: Tenant;

beforeAll(async () => {
	tenant = await createTenant("crons-clock");
});

const issuesOf = (slug: string) =>
	region
		.select()
		.from(groups)
		.where(and(eq(groups.projectId, tenant.project.id), eq(groups.type, "cron")))
		.then((rows) => rows.filter((row) => row.title === `Monitor failure: ${slug}`));

describe("the clock", () => {
	it("records a missed check-in backdated to when it was expected, once, and expects the next one", async () => {
		await sendCheckIns(tenant, base + 5 * MINUTE, {
			monitor_slug: "hourly-miss",
			status: "ok",
			monitor_config: hourly(),
		});
		expect((await tick(base + HOUR)).messages).toHaveLength(0);
		const late = await tick(base + HOUR + MINUTE + 20_000);
		expect(late.missed).toBe(1);
		expect(await tick(base + HOUR + MINUTE + 40_000)).toMatchObject({ missed: 0 });
		const state = await monitorState(tenant, "hourly-miss");
		expect(state?.checkIns.map(({ status, dateAdded, expectedTime }) => ({ status, dateAdded, expectedTime }))).toEqual(
			[
				{ status: "ok", dateAdded: new Date(base + 5 * MINUTE), expectedTime: null },
				{ status: "missed", dateAdded: new Date(base + HOUR), expectedTime: new Date(base + HOUR) },
			],
		);
		expect(state?.environments[0]).toMatchObject({
			lastCheckIn: new Date(base + 5 * MINUTE),
			nextCheckIn: new Date(base + 2 * HOUR),
			nextCheckInLatest: new Date(base + 2 * HOUR + MINUTE),
		});
		// Redelivering the tick's messages changes nothing.
		await runConsumer(consumeRegionQueue, "ingest-us", late.messages, env);
		expect(await statuses(tenant, "hourly-miss")).toEqual(["ok", "missed"]);
	});

	it("counts an interval schedule from the last check-in", async () => {
		const config = { schedule: { type: "interval", value: 30, unit: "minute" }, checkin_margin: 2 };
		await sendCheckIns(tenant, base + 7 * MINUTE + 30_000, {
			monitor_slug: "every-30",
			status: "ok",
			monitor_config: config,
		});
		const [environment] = (await monitorState(tenant, "every-30"))?.environments ?? [];
		expect(environment?.nextCheckIn).toEqual(new Date(base + 37 * MINUTE));
		await tick(base + 39 * MINUTE);
		const state = await monitorState(tenant, "every-30");
		expect(state?.checkIns.at(-1)).toMatchObject({ status: "missed", dateAdded: new Date(base + 37 * MINUTE) });
		expect(state?.environments[0]?.nextCheckIn).toEqual(new Date(base + 67 * MINUTE));
	});

	it("times out an in-progress check-in past max_runtime; a late ok keeps the timeout and records the duration", async () => {
		const id = randomHex(16);
		await sendCheckIns(tenant, base + 30_000, {
			check_in_id: id,
			monitor_slug: "slow",
			status: "in_progress",
			monitor_config: hourly({ max_runtime: 10 }),
		});
		expect((await tick(base + 9 * MINUTE)).timedOut).toBe(0);
		expect((await tick(base + 10 * MINUTE)).timedOut).toBe(1);
		expect((await monitorState(tenant, "slow"))?.checkIns).toMatchObject([{ status: "timeout", timeoutAt: null }]);
		await sendCheckIns(tenant, base + 12 * MINUTE, {
			check_in_id: id,
			monitor_slug: "slow",
			status: "ok",
			duration: 690,
		});
		expect((await monitorState(tenant, "slow"))?.checkIns).toMatchObject([{ status: "timeout", durationMs: 690_000 }]);
		expect(await tick(base + 11 * MINUTE)).toMatchObject({ timedOut: 0 });
	});

	it("expects a crontab in the monitor's time zone", async () => {
		const config = { schedule: { type: "crontab", value: "0 9 * * *" }, timezone: "Europe/Vienna" };
		await sendCheckIns(tenant, at("2026-01-10T12:00:00Z"), {
			monitor_slug: "vienna",
			status: "ok",
			monitor_config: config,
		});
		expect((await monitorState(tenant, "vienna"))?.environments[0]?.nextCheckIn).toEqual(
			new Date("2026-01-11T08:00:00Z"),
		);
		await sendCheckIns(tenant, at("2026-07-10T12:00:00Z"), { monitor_slug: "vienna", status: "ok" });
		expect((await monitorState(tenant, "vienna"))?.environments[0]?.nextCheckIn).toEqual(
			new Date("2026-07-11T07:00:00Z"),
		);
	});
});

describe("incidents", () => {
	it("opens one cron issue after two failures, adds to it, and resolves it after two ok check-ins", async () => {
		const slug = "thresholds";
		const config = hourly({ failure_issue_threshold: 2, recovery_threshold: 2 });
		const send = (hours: number, status: string) =>
			sendCheckIns(tenant, base + hours * HOUR + MINUTE, { monitor_slug: slug, status, monitor_config: config });
		await send(0, "ok");
		await send(1, "error");
		expect(await issuesOf(slug)).toHaveLength(0);
		await send(2, "error");
		const [opened] = await issuesOf(slug);
		expect(opened).toMatchObject({ status: "unresolved", type: "cron", timesSeen: 1, level: "error" });
		const issue = (await (
			await api(`/api/0/organizations/${tenant.slug}/issues/${opened?.id}/`, tenant.token)
		).json()) as Record<string, unknown>;
		expect(issue).toMatchObject({
			title: `Monitor failure: ${slug}`,
			issueType: "monitor_check_in_failure",
			issueCategory: "cron",
		});
		const event = (await (
			await api(`/api/0/organizations/${tenant.slug}/issues/${opened?.id}/events/latest/`, tenant.token)
		).json()) as {
			tags: { key: string; value: string }[];
			environment: string;
			contexts: { monitor: Record<string, unknown> };
		};
		expect(event.tags).toContainEqual({ key: "monitor.slug", value: slug });
		expect(event.environment).toBe("production");
		expect(event.contexts.monitor).toMatchObject({
			slug,
			failure_reason: "2 error check-ins detected",
			last_successful_check_in: new Date(base + MINUTE).toISOString(),
		});
		await send(3, "error");
		expect((await issuesOf(slug))[0]?.timesSeen).toBe(2);
		await send(4, "ok");
		expect((await issuesOf(slug))[0]?.status).toBe("unresolved");
		await send(5, "ok");
		const [resolved] = await issuesOf(slug);
		expect(resolved?.status).toBe("resolved");
		const activity = await region
			.select()
			.from(groupActivity)
			.where(eq(groupActivity.groupId, resolved?.id ?? 0));
		expect(activity.map((row) => row.type).sort()).toEqual(["first_seen", "set_resolved"]);
		expect((await monitorState(tenant, slug))?.environments[0]?.status).toBe("ok");
		// A later incident is a new issue.
		await send(6, "error");
		await send(7, "error");
		expect((await issuesOf(slug)).map((row) => row.status).sort()).toEqual(["resolved", "unresolved"]);
	});

	it("counts missed check-ins toward the threshold, and existing alert rules fire on the issue", async () => {
		const slug = "missed-alert";
		const rule = await api(`/api/0/projects/${tenant.slug}/web/rules/`, tenant.token, {
			method: "POST",
			body: JSON.stringify({
				name: "new cron issue",
				actionMatch: "all",
				frequency: 5,
				conditions: [{ id: FIRST_SEEN }],
				actions: [{ id: WEBHOOK_ACTION, service: "webhooks", url: `${inject("webhookReceiver")}/cron-hook/` }],
			}),
		});
		expect(rule.status).toBe(200);
		const ruleId = Number(((await rule.json()) as { id: string }).id);
		const postprocess = new CapturingQueue();
		const environment = {
			...env,
			POSTPROCESS_QUEUE: postprocess as unknown as Queue,
			ALERTS_QUEUE: new CapturingQueue() as unknown as Queue,
		};
		const start = base + 20 * MINUTE;
		await sendCheckInsWith(environment)(tenant, start, { monitor_slug: slug, status: "ok", monitor_config: hourly() });
		await tick(start + HOUR, undefined, environment);
		expect(await issuesOf(slug)).toHaveLength(1);
		await runConsumer(consumePostProcessBatch, "postprocess-us", postprocess.bodies, environment);
		const fires = await region.select().from(alertRuleFires).where(eq(alertRuleFires.ruleId, ruleId));
		expect(fires.map((fire) => fire.groupId)).toContain((await issuesOf(slug))[0]?.id);
		const deleted = await api(`/api/0/projects/${tenant.slug}/web/rules/${ruleId}/`, tenant.token, {
			method: "DELETE",
		});
		expect(deleted.status).toBe(202);
	});

	it("records a muted monitor's failures but opens no issue", async () => {
		const slug = "muted";
		await sendCheckIns(tenant, base, { monitor_slug: slug, status: "ok", monitor_config: hourly() });
		const muted = await api(`/api/0/organizations/${tenant.slug}/monitors/${slug}/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({ isMuted: true }),
		});
		expect(muted.status).toBe(200);
		await sendCheckIns(tenant, base + HOUR, { monitor_slug: slug, status: "error" });
		expect(await statuses(tenant, slug)).toEqual(["ok", "error"]);
		expect(await issuesOf(slug)).toHaveLength(0);
	});

	it("never expects a disabled monitor and filters its check-ins", async () => {
		const slug = "disabled";
		await sendCheckIns(tenant, base, { monitor_slug: slug, status: "ok", monitor_config: hourly() });
		const disabled = await api(`/api/0/organizations/${tenant.slug}/monitors/${slug}/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({ status: "disabled" }),
		});
		expect(disabled.status).toBe(200);
		const [environment] = (await monitorState(tenant, slug))?.environments ?? [];
		expect(environment?.nextCheckInLatest).toBeNull();
		const queue = new CapturingQueue();
		await tickMonitorClock(region, queue as unknown as Queue, base + 5 * HOUR);
		expect(slugsOf(queue.bodies)).not.toContain(slug);
		await sendCheckIns(tenant, base + HOUR, { monitor_slug: slug, status: "ok" });
		expect(await statuses(tenant, slug)).toEqual(["ok"]);
	});
});
