/** Sentry's monitor Web API on Faultline: shapes, validation, paging, check-ins, stats, changes and deletion. */
import { beforeAll, describe, expect, it } from "vitest";
import { api, createTenant, type Tenant } from "../../tenant";
import { hourly, json, sendCheckIns } from "./helpers";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
let tenant: Tenant;
const monitorsPath = () => `/api/0/organizations/${tenant.slug}/monitors/`;
const send = (path: string, method: string, body?: unknown) =>
	api(path, tenant.token, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

beforeAll(async () => {
	tenant = await createTenant("crons-api");
});

describe("/api/0/organizations/<org>/monitors/", () => {
	it("creates a monitor in Sentry's shape and refuses bad ones with {detail}", async () => {
		const created = await send(monitorsPath(), "POST", {
			project: "web",
			name: "Daily Report",
			config: { schedule_type: "crontab", schedule: "@daily", checkin_margin: 10, timezone: "Europe/Vienna" },
		});
		expect(created.status).toBe(201);
		expect(await created.json()).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
			name: "Daily Report",
			slug: "daily-report",
			status: "active",
			isMuted: false,
			type: "cron_job",
			config: {
				schedule_type: "crontab",
				schedule: "0 0 * * *",
				checkin_margin: 10,
				max_runtime: null,
				timezone: "Europe/Vienna",
				failure_issue_threshold: null,
				recovery_threshold: null,
			},
			dateCreated: expect.any(String),
			project: { id: String(tenant.project.id), slug: "web", name: "Web", platform: "javascript" },
			environments: [],
		});
		const again = await send(monitorsPath(), "POST", { project: "web", name: "Daily Report", config: hourly() });
		expect(await again.json()).toEqual({ detail: 'The slug "daily-report" is already in use.' });
		const invalid = await send(monitorsPath(), "POST", {
			project: "web",
			name: "Bad",
			config: { schedule_type: "interval", schedule: [0, "fortnight"], max_runtime: 0 },
		});
		expect(invalid.status).toBe(400);
		expect(await invalid.json()).toEqual({
			detail:
				"config.schedule: Interval must be greater than zero; config.max_runtime: Ensure this value is greater than or equal to 1.",
		});
		expect((await send(monitorsPath(), "POST", { project: "nope", name: "x", config: hourly() })).status).toBe(400);
	});

	it("lists monitors by name with Link paging, environments and their next expected check-ins", async () => {
		await sendCheckIns(tenant, base + 5 * MINUTE, { monitor_slug: "alpha", status: "ok", monitor_config: hourly() });
		await sendCheckIns(tenant, base + 6 * MINUTE, {
			monitor_slug: "beta",
			status: "error",
			monitor_config: hourly(),
			environment: "staging",
		});
		const response = await api(`${monitorsPath()}?per_page=2`, tenant.token);
		expect(response.headers.get("link")).toContain('rel="next"; results="true"');
		const page = (await response.json()) as { slug: string; environments: Record<string, unknown>[] }[];
		expect(page.map((monitor) => monitor.slug)).toEqual(["alpha", "beta"]);
		expect(page[0]?.environments).toEqual([
			{
				name: "production",
				status: "ok",
				isMuted: false,
				dateCreated: expect.any(String),
				lastCheckIn: new Date(base + 5 * MINUTE).toISOString(),
				nextCheckIn: new Date(base + HOUR).toISOString(),
				nextCheckInLatest: new Date(base + HOUR + MINUTE).toISOString(),
				activeIncident: null,
			},
		]);
		expect(page[1]?.environments[0]).toMatchObject({
			name: "staging",
			status: "error",
			activeIncident: { issueId: expect.any(String) },
		});
		const staging = await json<{ slug: string }[]>(tenant, `${monitorsPath()}?environment=staging`);
		expect(staging.map((monitor) => monitor.slug)).toEqual(["beta"]);
		const searched = await json<{ slug: string }[]>(tenant, `${monitorsPath()}?query=ALP`);
		expect(searched.map((monitor) => monitor.slug)).toEqual(["alpha"]);
	});

	it("gives a monitor's check-ins newest first, by environment and period, and stats per bucket", async () => {
		const slug = "history";
		await sendCheckIns(tenant, base + MINUTE, {
			monitor_slug: slug,
			status: "ok",
			duration: 2,
			monitor_config: hourly(),
		});
		await sendCheckIns(tenant, base + HOUR + MINUTE, { monitor_slug: slug, status: "error", duration: 4 });
		await sendCheckIns(tenant, base + HOUR + 2 * MINUTE, { monitor_slug: slug, status: "ok", environment: "dev" });
		const all = await json<
			{ status: string; environment: string; duration: number; expectedTime: string | null; monitorConfig: object }[]
		>(tenant, `${monitorsPath()}${slug}/checkins/`);
		expect(all.map(({ status, environment }) => `${environment}:${status}`)).toEqual([
			"dev:ok",
			"production:error",
			"production:ok",
		]);
		expect(all[1]).toMatchObject({
			duration: 4000,
			expectedTime: new Date(base + HOUR).toISOString(),
			monitorConfig: { schedule: "0 * * * *" },
		});
		const production = await json<unknown[]>(tenant, `${monitorsPath()}${slug}/checkins/?environment=production`);
		expect(production).toHaveLength(2);
		const start = new Date(base + 30 * MINUTE).toISOString();
		const end = new Date(base + 2 * HOUR).toISOString();
		expect(await json<unknown[]>(tenant, `${monitorsPath()}${slug}/checkins/?start=${start}&end=${end}`)).toHaveLength(
			2,
		);
		const since = base / 1000;
		const stats = await json<{ ts: number; ok: number; error: number; missed: number; duration: number }[]>(
			tenant,
			`${monitorsPath()}${slug}/stats/?since=${since}&until=${since + 7200 - 1}&resolution=1h`,
		);
		expect(stats).toEqual([
			{ ts: since, ok: 1, error: 0, missed: 0, timeout: 0, duration: 2000 },
			{ ts: since + 3600, ok: 1, error: 1, missed: 0, timeout: 0, duration: 4000 },
		]);
		expect((await api(`${monitorsPath()}${slug}/stats/?resolution=1s`, tenant.token)).status).toBe(400);
	});

	it("changes a monitor (partial config) and deletes an environment, then the monitor", async () => {
		await sendCheckIns(tenant, base, {
			monitor_slug: "gamma",
			status: "ok",
			monitor_config: hourly({ max_runtime: 5 }),
		});
		await sendCheckIns(tenant, base, { monitor_slug: "gamma", status: "ok", environment: "dev" });
		const changed = await send(`${monitorsPath()}gamma/`, "PUT", { name: "Gamma", config: { checkin_margin: 3 } });
		expect(changed.status).toBe(200);
		expect(await changed.json()).toMatchObject({
			name: "Gamma",
			slug: "gamma",
			config: { schedule: "0 * * * *", max_runtime: 5, checkin_margin: 3 },
		});
		expect((await send(`${monitorsPath()}gamma/`, "PUT", { config: { schedule: "every day" } })).status).toBe(400);
		expect((await send(`${monitorsPath()}gamma/?environment=dev`, "DELETE")).status).toBe(202);
		const remaining = await json<{ environments: { name: string }[] }>(tenant, `${monitorsPath()}gamma/`);
		expect(remaining.environments.map((environment) => environment.name)).toEqual(["production"]);
		expect((await send(`${monitorsPath()}gamma/`, "DELETE")).status).toBe(202);
		expect((await api(`${monitorsPath()}gamma/`, tenant.token)).status).toBe(404);
	});
});
