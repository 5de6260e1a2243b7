/**
 * The benchmarks' consumer worker: runs the real ingest consumer on the queue messages posted to it,
 * in batches of 50 as the queue delivers them, and answers the D1 rows its batches wrote. Alert and
 * dead-letter queues are stubs; everything else is the region's own storage.
 */
import type { RegionBindings } from "../../workers/region/env";
import { consumeIngestBatch } from "../../workers/region/ingest";
import { itemHandlers } from "../../workers/region/items";

const BATCH = 50;
const noQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue;

/** D1 with every batch's rows_written added up. */
function countingD1(db: D1Database, counter: { rowsWritten: number }): D1Database {
	return new Proxy(db, {
		get(target, property) {
			if (property === "batch")
				return async (statements: D1PreparedStatement[]) => {
					const results = await target.batch(statements);
					for (const result of results) counter.rowsWritten += result.meta.rows_written ?? 0;
					return results;
				};
			const value = Reflect.get(target, property, target);
			return typeof value === "function" ? value.bind(target) : value;
		},
	});
}

export default {
	async fetch(request: Request, env: RegionBindings): Promise<Response> {
		const bodies = (await request.json()) as unknown[];
		const counter = { rowsWritten: 0 };
		const bindings = {
			...env,
			REGION_DB: countingD1(env.REGION_DB, counter),
			POSTPROCESS_QUEUE: noQueue,
			INGEST_DLQ: noQueue,
		};
		for (let start = 0; start < bodies.length; start += BATCH) {
			const messages = bodies.slice(start, start + BATCH).map((body, index) => ({
				id: `m${start + index}`,
				timestamp: new Date(),
				attempts: 1,
				body,
				ack() {},
				retry() {},
			}));
			const batch = { queue: "ingest-us", messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>;
			await consumeIngestBatch(batch, bindings, itemHandlers);
		}
		return Response.json({ rowsWritten: counter.rowsWritten });
	},
};
