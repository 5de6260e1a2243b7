/**
 * One poison message in a batch of 50 (from another organization's DSN, say) never costs the other
 * 49: a message whose rows D1 refuses, or whose source map lookup fails or never answers, is retried
 * on its own while the others are stored; the most expensive events we could build are stored beside them.
 */
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { events } from "../../../../schema/region";
import { worstEvents } from "../../../../scripts/bench/worst-events";
import { randomHex } from "../../../../workers/lib/crypto";
import { regionDb } from "../../../../workers/lib/db";
import { type Envelope, serializeEnvelope } from "../../../../workers/lib/envelope";
import type { IngestEnvelopeMessage } from "../../../../workers/lib/messages";
import { MESSAGE_BUDGET_MS } from "../../../../workers/region/ingest/consumer";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { refusingD1, runConsumer } from "../../consumers";
import { createTenant, queueMessage, type Tenant } from "../../tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);
const encoder = new TextEncoder();

const envelopeOf = (event: object): Envelope => ({
	headers: {},
	items: [{ headers: { type: "event" }, payload: encoder.encode(JSON.stringify(event)) }],
});
const good = (index: number) =>
	queueMessage(tenant, envelopeOf({ exception: { values: [{ type: "Neighbour", value: `number ${index}` }] } }));

/** 49 ordinary messages with the poison at a place in the middle; what the batch left stored and retried. */
async function batchWith(poison: IngestEnvelopeMessage, environment: Partial<Cloudflare.Env> = {}) {
	const neighbours = Array.from({ length: 49 }, (_, index) => good(index));
	const batch = [...neighbours.slice(0, 20), poison, ...neighbours.slice(20)];
	const result = await runConsumer(consumeRegionQueue, "ingest-us", batch, { ...env, ...environment });
	const ids = batch.map(({ eventId }) => eventId);
	const stored = await region
		.select({ eventId: events.eventId })
		.from(events)
		.where(and(eq(events.projectId, tenant.project.id), inArray(events.eventId, ids)));
	const storedIds = new Set(stored.map((row) => row.eventId));
	return {
		result,
		neighboursStored: neighbours.filter(({ eventId }) => storedIds.has(eventId)).length,
		poisonStored: storedIds.has(poison.eventId),
	};
}

beforeAll(async () => {
	tenant = await createTenant("isolation");
});

describe("one poison message in a batch of 50", () => {
	it("whose rows D1 refuses: it alone is retried, the other 49 are stored", async () => {
		const release = `poison-${randomHex(4)}`;
		const poison = queueMessage(tenant, envelopeOf({ release, message: "D1 will not take my rows" }));
		const { result, neighboursStored, poisonStored } = await batchWith(poison, {
			REGION_DB: refusingD1(env.REGION_DB, release),
		});
		expect(neighboursStored).toBe(49);
		expect(poisonStored).toBe(false);
		expect(result.retryMessages).toEqual([{ msgId: "m20" }]);
		expect(result.explicitAcks).toHaveLength(49);
	});

	/** A JavaScript event whose one frame is looked up by a debug ID of its own. */
	const symbolicated = (debugId: string) => {
		const path = "https://app.example/static/app.min.js";
		return queueMessage(
			tenant,
			envelopeOf({
				platform: "javascript",
				exception: { values: [{ type: "Error", stacktrace: { frames: [{ abs_path: path, lineno: 1, colno: 2 }] } }] },
				debug_meta: { images: [{ type: "sourcemap", code_file: path, debug_id: debugId }] },
			}),
		);
	};

	it("whose source map lookup fails: it alone is retried, the other 49 are stored", async () => {
		const debugId = crypto.randomUUID();
		const { result, neighboursStored, poisonStored } = await batchWith(symbolicated(debugId), {
			REGION_DB: refusingD1(env.REGION_DB, debugId),
		});
		expect(neighboursStored).toBe(49);
		expect(poisonStored).toBe(false);
		expect(result.retryMessages).toEqual([{ msgId: "m20" }]);
	});

	it("whose source map lookup never answers: once its budget is spent it alone is retried, the other 49 are stored", async () => {
		const debugId = crypto.randomUUID();
		const realSetTimeout = setTimeout;
		vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
		try {
			const running = batchWith(symbolicated(debugId), {
				REGION_DB: refusingD1(env.REGION_DB, debugId, () => new Promise<never>(() => {})),
			});
			let settled = false;
			running.finally(() => {
				settled = true;
			});
			// The budget's clock is the fake one: move it on whenever the consumer waits.
			while (!settled) {
				await vi.advanceTimersByTimeAsync(MESSAGE_BUDGET_MS);
				await new Promise((resolve) => realSetTimeout(resolve, 20));
			}
			const { result, neighboursStored, poisonStored } = await running;
			expect(neighboursStored).toBe(49);
			expect(poisonStored).toBe(false);
			expect(result.retryMessages).toEqual([{ msgId: "m20" }]);
		} finally {
			vi.useRealTimers();
		}
	});

	it.each(Object.entries(worstEvents()))(
		"%s, the most expensive event we could build that way: stored with the other 49",
		async (_, event) => {
			const envelope = serializeEnvelope(envelopeOf(event));
			const poison = queueMessage(tenant, { headers: {}, items: [] });
			const { envelope: _inline, ...rest } = poison;
			const envelopeKey = `ingest/${tenant.organizationId}/${tenant.project.id}/${poison.eventId}-0000.envelope`;
			await env.EVENTS_BUCKET.put(envelopeKey, envelope);
			const { result, neighboursStored, poisonStored } = await batchWith({ ...rest, envelopeKey });
			expect(envelope.byteLength).toBeGreaterThan(900_000);
			expect(neighboursStored).toBe(49);
			expect(poisonStored).toBe(true);
			expect(result.explicitAcks).toHaveLength(50);
		},
	);
});
