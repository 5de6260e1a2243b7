/**
 * Logs through the real relay and consumer in workerd, read back through the Web API in Sentry's
 * shapes: the events dataset as `sentry-cli logs list` asks for it, search, trace-logs, counts per
 * level, attribute keys, outcomes in both categories, and another organization seeing nothing.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { regionDb } from "../../../../workers/lib/db";
import { applyLogRetention, logsStorageOf } from "../../../../workers/region/logs";
import { parseLogQuery } from "../../../../workers/region/logs/query";
import { searchLogs } from "../../../../workers/region/logs/read";
import { api, createTenant, envelopeBody, outcomesOnce, sendEnvelope, type Tenant, waitFor } from "../../tenant";

let tenant: Tenant;
let other: Tenant;
const TRACE = "5b8efff798038103d269b633813fc60c";
const OTHER_TRACE = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";
const now = Date.now() / 1000;

const attribute = (value: unknown, type = typeof value === "number" ? "integer" : "string") => ({ value, type });
const log = (body: string, level: string, extra: Record<string, unknown> = {}) => ({
	timestamp: now - 1,
	trace_id: TRACE,
	level,
	body,
	attributes: { "sentry.environment": attribute("production"), "sentry.release": attribute("web@1") },
	...extra,
});

const sendLogs = (target: Tenant, items: unknown[]) =>
	sendEnvelope(
		target,
		envelopeBody({}, [
			[{ type: "log", item_count: items.length, content_type: "application/vnd.sentry.items.log+json" }, { items }],
		]),
	);

type Table = { data: Record<string, unknown>[]; meta: { fields: Record<string, string>; dataScanned: string } };

async function logsOf(target: Tenant, query: string): Promise<Table> {
	const response = await api(`/api/0/organizations/${target.slug}/events/?${query}`, target.token);
	expect(response.status, await response.clone().text()).toBe(200);
	return (await response.json()) as Table;
}

const CLI_QUERY =
	"dataset=logs&field=sentry.item_id&field=trace&field=severity&field=timestamp&field=message&per_page=100&statsPeriod=90d&sort=-timestamp";

beforeAll(async () => {
	tenant = await createTenant("logs-api");
	other = await createTenant("logs-api-other");
	const sent = await sendLogs(tenant, [
		log("user ann bought 3 items", "info", {
			timestamp: now - 3,
			attributes: {
				"sentry.message.template": attribute("user %s bought %s items"),
				"sentry.message.parameter.0": attribute("ann"),
				"sentry.message.parameter.1": attribute(3),
				cart: attribute("c-1"),
				password: attribute("hunter2"),
			},
		}),
		log("database timeout after 30s", "error", { timestamp: now - 2, span_id: "eee19b7ec3c1b174" }),
		log("cache warm", "warning", { timestamp: now - 1, trace_id: OTHER_TRACE }),
		{ timestamp: now, level: "info", body: "no trace id" },
	]);
	expect(sent.status).toBe(200);
	await waitFor(
		"logs were not stored",
		() => logsOf(tenant, CLI_QUERY),
		(table) => table.data.length === 3,
	);
});

describe("logs through the events API", () => {
	it("answers sentry-cli's query with its fields, newest first, and Sentry's meta", async () => {
		const table = await logsOf(tenant, CLI_QUERY);
		expect(table.data.map((row) => row.message)).toEqual([
			"cache warm",
			"database timeout after 30s",
			"user ann bought 3 items",
		]);
		const [first] = table.data;
		expect(Object.keys(first ?? {})).toEqual(["sentry.item_id", "trace", "severity", "timestamp", "message"]);
		expect(first).toMatchObject({ trace: OTHER_TRACE, severity: "warn" });
		expect(first?.["sentry.item_id"]).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
		expect(first?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
		expect(table.meta.fields).toMatchObject({ timestamp: "date", message: "string" });
		expect(table.meta.dataScanned).toBe("full");
	});

	it("keeps the template, its parameters and typed attributes, and scrubs password-like ones", async () => {
		const table = await logsOf(
			tenant,
			"dataset=ourlogs&field=message.template&field=sentry.message.parameter.1&field=cart&field=password&field=severity_number&field=project.id&query=cart:c-1",
		);
		expect(table.data).toEqual([
			{
				"message.template": "user %s bought %s items",
				"sentry.message.parameter.1": 3,
				cart: "c-1",
				password: "[Filtered]",
				severity_number: 9,
				"project.id": tenant.project.id,
			},
		]);
		expect(table.meta.fields["sentry.message.parameter.1"]).toBe("integer");
	});

	it("filters by level, trace, free text, project, attributes and negation", async () => {
		const messages = async (query: string) =>
			(await logsOf(tenant, `dataset=ourlogs&field=message&query=${encodeURIComponent(query)}`)).data.map(
				(row) => row.message,
			);
		expect(await messages("level:error")).toEqual(["database timeout after 30s"]);
		expect(await messages("severity:[warn,error]")).toEqual(["cache warm", "database timeout after 30s"]);
		expect(await messages(`trace:${OTHER_TRACE}`)).toEqual(["cache warm"]);
		expect(await messages("DATABASE")).toEqual(["database timeout after 30s"]);
		expect(await messages("message:*bought*items")).toEqual(["user ann bought 3 items"]);
		expect(await messages("project:web environment:production !level:info")).toEqual([
			"cache warm",
			"database timeout after 30s",
		]);
		expect(await messages("severity_number:>=17")).toEqual(["database timeout after 30s"]);
		expect(await messages("span_id:eee19b7ec3c1b174")).toEqual(["database timeout after 30s"]);
		expect(await messages("has:cart")).toEqual(["user ann bought 3 items"]);
	});

	it("pages with Sentry's Link cursors", async () => {
		const response = await api(
			`/api/0/organizations/${tenant.slug}/events/?dataset=logs&field=message&per_page=2`,
			tenant.token,
		);
		const link = response.headers.get("link") ?? "";
		expect(link).toContain('rel="next"; results="true"; cursor="0:2:0"');
		const next = await logsOf(tenant, "dataset=logs&field=message&per_page=2&cursor=0:2:0");
		expect(next.data.map((row) => row.message)).toEqual(["user ann bought 3 items"]);
	});

	it("refuses what it cannot answer with Sentry's error shape", async () => {
		for (const [query, status] of [
			["dataset=logs&sort=message", 400],
			["dataset=logs&query=project:nope", 400],
			["dataset=logs&per_page=0", 400],
			["dataset=logs&statsPeriod=forever", 400],
			[`dataset=logs&project=${other.project.id}`, 403],
		] as const) {
			const response = await api(`/api/0/organizations/${tenant.slug}/events/?${query}`, tenant.token);
			expect(response.status, query).toBe(status);
			expect(await response.json(), query).toEqual({ detail: expect.any(String) });
		}
	});

	it("shows another organization none of them", async () => {
		expect((await logsOf(other, CLI_QUERY)).data).toEqual([]);
		const theirs = await api(`/api/0/organizations/${tenant.slug}/events/?dataset=logs`, other.token);
		expect(theirs.status).toBe(404);
	});
});

describe("trace logs, counts and attributes", () => {
	it("lists a trace's logs with the fields Sentry's trace view reads", async () => {
		const response = await api(`/api/0/organizations/${tenant.slug}/trace-logs/?traceId=${TRACE}`, tenant.token);
		const table = (await response.json()) as Table;
		expect(table.data.map((row) => row.message)).toEqual(["database timeout after 30s", "user ann bought 3 items"]);
		expect(Object.keys(table.data[0] ?? {})).toEqual([
			"sentry.item_id",
			"project.id",
			"trace",
			"severity_number",
			"severity",
			"timestamp",
			"tags[sentry.timestamp_precise,number]",
			"message",
		]);
		const bad = await api(`/api/0/organizations/${tenant.slug}/trace-logs/?traceId=nope`, tenant.token);
		expect(bad.status).toBe(400);
		const none = await api(`/api/0/organizations/${tenant.slug}/trace-logs/`, tenant.token);
		expect(((await none.json()) as { detail: string }).detail).toBe("Need to pass at least one traceId");
	});

	it("counts logs per level and hour, and per level for a filtered query", async () => {
		type Series = { timeSeries: { groupBy?: { value: string }[]; values: { value: number }[] }[] };
		const totals = async (query = "") => {
			const response = await api(
				`/api/0/organizations/${tenant.slug}/events-timeseries/?dataset=ourlogs&yAxis=count()&groupBy=severity&statsPeriod=24h&interval=1h${query}`,
				tenant.token,
			);
			expect(response.status).toBe(200);
			const series = (await response.json()) as Series;
			return Object.fromEntries(
				series.timeSeries.map((one) => [
					one.groupBy?.[0]?.value,
					one.values.reduce((sum, value) => sum + value.value, 0),
				]),
			);
		};
		expect(await totals()).toEqual({ info: 1, warn: 1, error: 1 });
		expect(await totals("&query=database")).toEqual({ error: 1 });
	});

	it("lists the attribute keys of recent logs", async () => {
		const response = await api(
			`/api/0/organizations/${tenant.slug}/trace-items/attributes/?itemType=logs&substringMatch=car`,
			tenant.token,
		);
		expect(await response.json()).toEqual([{ key: "cart", name: "cart" }]);
	});

	it("counts accepted and invalid logs in both categories", async () => {
		const totals = await outcomesOnce(tenant, (found) => found["accepted//log_item"] === 3);
		expect(totals["accepted//log_item"]).toBe(3);
		expect(totals["invalid/invalid_log/log_item"]).toBe(1);
		expect(totals["accepted//log_byte"]).toBeGreaterThan(60);
		expect(totals["invalid/invalid_log/log_byte"]).toBe("no trace id".length);
	});
});

describe("retention", () => {
	it("drops rows after the hot window, and the logs are then read from their segment", async () => {
		const db = regionDb("MONOLITH", env.REGION_DB);
		const storage = logsStorageOf({});
		const later = Date.now() + 8 * 86_400_000;
		const result = await applyLogRetention(db, env.EVENTS_BUCKET, storage, later);
		expect(result.rows).toBeGreaterThanOrEqual(3);
		const rows = await env.REGION_DB.prepare("select count(*) as n from log_items where project_id = ?")
			.bind(tenant.project.id)
			.first<{ n: number }>();
		expect(rows?.n).toBe(0);
		const search = {
			organizationId: tenant.organizationId,
			projectIds: [tenant.project.id],
			start: later - 30 * 86_400_000,
			end: later,
			filters: parseLogQuery("level:error").filters,
			sort: "desc" as const,
			offset: 0,
			limit: 10,
		};
		const page = await searchLogs(db, env.EVENTS_BUCKET, storage, search, later);
		expect(page.logs.map((found) => found.body)).toEqual(["database timeout after 30s"]);
		expect(page.logs[0]?.attributes["sentry.environment"]).toBe("production");
	});
});
