/**
 * The hourly row budget: a project past it keeps its further logs in R2 only, the counts say the
 * hour's rows are incomplete, and searches of that hour read the segment, so nothing is missing;
 * a redelivered message stores nothing twice.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { runConsumer } from "../../consumers";
import { api, createTenant, queueMessage, type Tenant } from "../../tenant";

let tenant: Tenant;
const TRACE = "5b8efff798038103d269b633813fc60c";

const logMessage = (bodies: string[]) =>
	queueMessage(tenant, {
		headers: {},
		items: [
			{
				headers: { type: "log", item_count: bodies.length },
				payload: new TextEncoder().encode(
					JSON.stringify({
						items: bodies.map((body, index) => ({
							timestamp: Date.now() / 1000 - 10 + index,
							trace_id: TRACE,
							level: "info",
							body,
						})),
					}),
				),
			},
		],
	});

const count = async (sql: string) =>
	(await env.REGION_DB.prepare(sql).bind(tenant.project.id).first<{ n: number }>())?.n ?? 0;

beforeAll(async () => {
	tenant = await createTenant("logs-budget");
});

describe("the hourly row budget", () => {
	it("holds for a batch whose logs spread over more hours than D1 binds parameters", async () => {
		const spread = await createTenant("logs-budget-spread");
		const hours = Array.from({ length: 120 }, (_, index) => ({
			timestamp: Date.now() / 1000 - index * 3600 - 5,
			trace_id: TRACE,
			level: "debug",
			body: `hour ${index}`,
		}));
		const message = queueMessage(spread, {
			headers: {},
			items: [
				{
					headers: { type: "log", item_count: hours.length },
					payload: new TextEncoder().encode(JSON.stringify({ items: hours })),
				},
			],
		});
		const result = await runConsumer(consumeRegionQueue, "ingest-us", [message], env);
		expect(result.explicitAcks).toEqual(["m0"]);
		const rows = await env.REGION_DB.prepare("select count(*) as n from log_items where project_id = ?")
			.bind(spread.project.id)
			.first<{ n: number }>();
		expect(rows?.n).toBe(120);
	});

	it("keeps logs past it in R2 only, and searches read that hour from the segment", async () => {
		const message = logMessage(["first", "second", "third"]);
		const result = await runConsumer(consumeRegionQueue, "ingest-us", [message], {
			...env,
			LOGS_STORAGE: JSON.stringify({ hotRowsPerHour: 1 }),
		});
		expect(result.explicitAcks).toEqual(["m0"]);
		expect(await count("select count(*) as n from log_items where project_id = ?")).toBe(1);
		expect(await count("select sum(logs) - sum(hot) as n from log_counts where project_id = ?")).toBe(2);
		expect(await count("select count(*) as n from log_segments where project_id = ?")).toBe(1);

		const response = await api(
			`/api/0/organizations/${tenant.slug}/events/?dataset=ourlogs&field=message`,
			tenant.token,
		);
		const table = (await response.json()) as { data: { message: string }[]; meta: { dataScanned: string } };
		expect(table.data.map((row) => row.message)).toEqual(["third", "second", "first"]);
		expect(table.meta.dataScanned).toBe("full");

		await runConsumer(consumeRegionQueue, "ingest-us", [message], env);
		expect(await count("select count(*) as n from log_segments where project_id = ?")).toBe(1);
		expect(await count("select sum(logs) as n from log_counts where project_id = ?")).toBe(3);
	});
});
