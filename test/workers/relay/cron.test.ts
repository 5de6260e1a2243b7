/**
 * The relay's HTTP check-in route as cron lines and scripts use it (`curl …/cron/<slug>/<key>/`):
 * GET with the query, POST with a JSON body that may carry monitor_config, the key in the path or
 * the usual places; 202 with no body, never 429; the check-in reaches the same processor.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { forgetProjectConfigs } from "../../../workers/relay/project-configs";
import { api, createTenant, outcomesOnce, type Tenant, waitFor } from "../tenant";

let tenant: Tenant;
const cron = (path: string, init: RequestInit = {}) =>
	exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/cron/${path}`, init);

interface CheckInJson {
	id: string;
	status: string;
	duration: number | null;
	environment: string;
}
const checkInsOf = (slug: string, count: number) =>
	waitFor(
		`${count} check-ins of ${slug}`,
		async () => {
			const response = await api(`/api/0/organizations/${tenant.slug}/monitors/${slug}/checkins/`, tenant.token);
			return response.status === 200 ? ((await response.json()) as CheckInJson[]) : [];
		},
		(found) => found.length >= count,
	);

beforeAll(async () => {
	tenant = await createTenant("cron-route");
});

describe("/api/<project>/cron/<monitor_slug>/", () => {
	it("upserts from a POSTed monitor_config, then takes GET check-ins, answering 202 with no body", async () => {
		const key = tenant.key.publicKey;
		const created = await cron(`nightly/${key}/`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ status: "ok", monitor_config: { schedule: { type: "crontab", value: "@daily" } } }),
		});
		expect(created.status).toBe(202);
		expect(await created.text()).toBe("");
		const id = "5e3c8f1c-6a4b-4c1f-9d2e-1f2a3b4c5d6e";
		expect((await cron(`nightly/${key}/?status=in_progress&check_in_id=${id}&environment=prod`)).status).toBe(202);
		await checkInsOf("nightly", 2);
		expect((await cron(`nightly/${key}?status=error&check_in_id=${id}&environment=prod&duration=1.5`)).status).toBe(
			202,
		);
		await waitFor(
			"the error check-in",
			() => checkInsOf("nightly", 2),
			(found) => found.some((checkIn) => checkIn.status === "error"),
		);
		const checkIns = await checkInsOf("nightly", 2);
		expect(checkIns).toContainEqual(
			expect.objectContaining({ id, status: "error", duration: 1500, environment: "prod" }),
		);
		expect(checkIns).toContainEqual(expect.objectContaining({ status: "ok", environment: "production" }));
	});

	it("takes the key from the query or X-Sentry-Auth when the path has none", async () => {
		const key = tenant.key.publicKey;
		const upsert = { status: "ok", monitor_config: { schedule: { type: "interval", value: 1, unit: "hour" } } };
		const posted = await cron(`keyless/?sentry_key=${key}`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(upsert),
		});
		expect(posted.status).toBe(202);
		const viaHeader = await cron("keyless/?status=ok", {
			headers: { "x-sentry-auth": `Sentry sentry_key=${key}, sentry_version=7` },
		});
		expect(viaHeader.status).toBe(202);
		expect(await checkInsOf("keyless", 2)).toHaveLength(2);
	});

	it("refuses what other ingest routes refuse, with Sentry's detail", async () => {
		const key = tenant.key.publicKey;
		const missing = await cron("nightly/?status=ok");
		expect(missing.status).toBe(401);
		expect(await missing.json()).toEqual({ detail: "missing authorization information" });
		expect((await cron("nightly/not-a-key/?status=ok")).status).toBe(400);
		expect((await cron(`nightly/${"0".repeat(32)}/?status=ok`)).status).toBe(403);
		const noStatus = await cron(`nightly/${key}/`);
		expect(noStatus.status).toBe(400);
		expect(await noStatus.json()).toEqual({ detail: "missing field `status`" });
		expect((await cron(`nightly/${key}/?status=ok&check_in_id=nope`)).status).toBe(400);
		expect((await cron(`nightly/${key}/?status=ok&duration=soon`)).status).toBe(400);
		const badJson = await cron(`nightly/${key}/`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: "[1]",
		});
		expect(badJson.status).toBe(400);
	});

	it("never answers 429: a check-in over quota is counted as rate limited", async () => {
		const quota = await api(`/api/0/projects/${tenant.slug}/web/`, tenant.token, {
			method: "PUT",
			body: JSON.stringify({
				quotas: [{ categories: ["monitor"], scope: "project", limit: 0, reasonCode: "no_crons" }],
			}),
		});
		expect(quota.status).toBe(200);
		forgetProjectConfigs();
		const limited = await cron(`nightly/${tenant.key.publicKey}/?status=ok`);
		expect(limited.status).toBe(202);
		const totals = await outcomesOnce(tenant, (found) => (found["rate_limited/no_crons/monitor"] ?? 0) >= 1);
		expect(totals["rate_limited/no_crons/monitor"]).toBe(1);
	});
});
