/**
 * Fault injection: the real bindings wrapped so that they fail or hang, at the relay (queue, R2,
 * QuotaCounter, KV, the region) and in the ingest consumer (D1, R2). For each fault the client gets a
 * retryable answer (503 with Retry-After) or the event is stored; the retry then stores it exactly once.
 * docs/reliability.md has the matrix.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { events, groups, projectKeys } from "../../schema/region";
import { randomHex } from "../../workers/lib/crypto";
import { regionDb } from "../../workers/lib/db";
import { type Envelope, serializeEnvelope } from "../../workers/lib/envelope";
import type { IngestEnvelopeMessage } from "../../workers/lib/messages";
import { projectConfigKvKey } from "../../workers/lib/project-config";
import { monolithApp } from "../../workers/monolith";
import { publishProjectConfigs } from "../../workers/region/projects/configs";
import { consumeRegionQueue } from "../../workers/region/queues";
import { forgetProjectConfigs } from "../../workers/relay/project-configs";
import { QUOTA_CALL_TIMEOUT_MS } from "../../workers/relay/quota-check";
import { CapturingQueue, overloadedD1, runConsumer } from "./consumers";
import { createTenant, envelopeBody, queueMessage, storedEvent, type Tenant } from "./tenant";

const region = regionDb("MONOLITH", env.REGION_DB);
const encoder = new TextEncoder();
let tenant: Tenant;

const never = () => new Promise<never>(() => {});
const failing = (what: string) => () => Promise.reject(new Error(`${what} failed: internal error`));

/** A binding with some methods replaced; the rest are the real binding's. */
function faulty<T extends object>(binding: T, replaced: Record<string, unknown>): T {
	return new Proxy(binding, {
		get: (target, property) => {
			if (property in replaced) return replaced[property as string];
			const value = Reflect.get(target, property, target);
			return typeof value === "function" ? value.bind(target) : value;
		},
	});
}

const errorEnvelope = (eventId: string, attachmentBytes = 0) => {
	const body = envelopeBody({ event_id: eventId }, [
		[{ type: "event" }, { exception: { values: [{ type: "FaultError", value: `fault ${eventId}` }] } }],
	]);
	if (!attachmentBytes) return body;
	return `${body}\n${JSON.stringify({ type: "attachment", filename: "big.txt" })}\n${"a".repeat(attachmentBytes)}`;
};

/** The relay's answer to an envelope, with some bindings replaced by faulty ones. */
function send(body: string, overrides: Partial<Cloudflare.Env> = {}, owner = tenant) {
	const request = new Request(
		`http://127.0.0.1:8787/api/${owner.project.id}/envelope/?sentry_key=${owner.key.publicKey}`,
		{
			method: "POST",
			body,
		},
	);
	return monolithApp.fetch(request, { ...env, ...overrides }, {
		waitUntil: () => {},
		passThroughOnException: () => {},
		props: {},
	} as unknown as ExecutionContext);
}

async function expectRetryLater(response: Response, detail: string) {
	expect(response.status).toBe(503);
	expect(response.headers.get("retry-after")).toBe("60");
	expect(await response.json()).toEqual({ detail });
}

const storedRows = (eventId: string) =>
	region
		.select()
		.from(events)
		.where(and(eq(events.projectId, tenant.project.id), eq(events.eventId, eventId)));

/** The client's retry, once the fault is gone: accepted, then stored exactly once. */
async function retryStoresOnce(eventId: string, body: string) {
	expect((await send(body)).status).toBe(200);
	await storedEvent(tenant, eventId);
	expect(await storedRows(eventId)).toHaveLength(1);
}

beforeAll(async () => {
	tenant = await createTenant("faults");
});

describe("faults at the relay", () => {
	it("a queue that refuses the message: 503, and the retry is stored once", async () => {
		const eventId = randomHex(16);
		const body = errorEnvelope(eventId);
		const queue = faulty(env.INGEST_QUEUE, { send: failing("queue send"), sendBatch: failing("queue send") });
		await expectRetryLater(await send(body, { INGEST_QUEUE: queue }), "failed to queue envelope");
		expect(await storedRows(eventId)).toEqual([]);
		await retryStoresOnce(eventId, body);
	});

	it("a queue that never answers: 503 once the send times out, never 200", { timeout: 30_000 }, async () => {
		const eventId = randomHex(16);
		const body = errorEnvelope(eventId);
		const queue = faulty(env.INGEST_QUEUE, { send: never, sendBatch: never });
		await expectRetryLater(await send(body, { INGEST_QUEUE: queue }), "failed to queue envelope");
		await retryStoresOnce(eventId, body);
	});

	it("R2 refusing the spool's copy (spooling on, as under npm start): 503, nothing queued, and the retry is stored once", async () => {
		const eventId = randomHex(16);
		const body = errorEnvelope(eventId);
		const queue = new CapturingQueue();
		const bucket = faulty(env.EVENTS_BUCKET, { put: failing("R2 put") });
		await expectRetryLater(
			await send(body, { EVENTS_BUCKET: bucket, INGEST_QUEUE: queue.binding }),
			"failed to queue envelope",
		);
		expect(queue.bodies).toEqual([]);
		await retryStoresOnce(eventId, body);
	});

	it("R2 refusing a large envelope's spill: 503, nothing staged, and the retry is stored once", async () => {
		const eventId = randomHex(16);
		const body = errorEnvelope(eventId, 200 * 1024);
		const bucket = faulty(env.EVENTS_BUCKET, { put: failing("R2 put") });
		await expectRetryLater(await send(body, { EVENTS_BUCKET: bucket }), "failed to queue envelope");
		await retryStoresOnce(eventId, body);
		const staged = await env.EVENTS_BUCKET.list({
			prefix: `ingest/${tenant.organizationId}/${tenant.project.id}/${eventId}`,
		});
		expect(staged.objects).toEqual([]);
	});

	describe("a QuotaCounter that errors or hangs fails open, as Relay does: the event is stored", () => {
		let limited: Tenant;
		beforeAll(async () => {
			limited = await createTenant("faults-quota");
			await region
				.update(projectKeys)
				.set({ rateLimitCount: 1000, rateLimitWindow: 60 })
				.where(eq(projectKeys.id, limited.key.id));
			await publishProjectConfigs(region, env.PROJECT_CONFIGS, limited.project.id);
			forgetProjectConfigs();
		});
		const counterThatAnswers = (lease: () => Promise<never>) => {
			let calls = 0;
			const namespace = faulty(env.QUOTA_COUNTER, {
				get: () => ({
					lease: () => {
						calls++;
						return lease();
					},
				}),
			});
			return { namespace, calls: () => calls };
		};

		it.each([
			["errors", failing("QuotaCounter")],
			["never answers", never],
		])("when it %s", { timeout: QUOTA_CALL_TIMEOUT_MS * 5 }, async (_, lease) => {
			const eventId = randomHex(16);
			const counter = counterThatAnswers(lease);
			const response = await send(errorEnvelope(eventId), { QUOTA_COUNTER: counter.namespace }, limited);
			expect(counter.calls()).toBe(1);
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ id: eventId });
			await storedEvent(limited, eventId);
		});
	});

	it("KV failing: the relay asks the region, which still answers", async () => {
		forgetProjectConfigs();
		const eventId = randomHex(16);
		const kv = faulty(env.PROJECT_CONFIGS, { get: failing("KV GET"), put: failing("KV PUT") });
		expect((await send(errorEnvelope(eventId), { PROJECT_CONFIGS: kv })).status).toBe(200);
		await storedEvent(tenant, eventId);
	});

	it("a KV miss: the region answers and writes the config back to KV", async () => {
		forgetProjectConfigs();
		await env.PROJECT_CONFIGS.delete(projectConfigKvKey(tenant.key.publicKey));
		const eventId = randomHex(16);
		expect((await send(errorEnvelope(eventId))).status).toBe(200);
		expect(await env.PROJECT_CONFIGS.get(projectConfigKvKey(tenant.key.publicKey), "json")).toMatchObject({
			projectId: tenant.project.id,
		});
		await storedEvent(tenant, eventId);
	});

	it("KV failing and the region's D1 overloaded: 503, and the retry is stored once", async () => {
		forgetProjectConfigs();
		const eventId = randomHex(16);
		const body = errorEnvelope(eventId);
		const kv = faulty(env.PROJECT_CONFIGS, { get: failing("KV GET") });
		const response = await send(body, { PROJECT_CONFIGS: kv, REGION_DB: overloadedD1(env.REGION_DB) });
		await expectRetryLater(response, "project config unavailable");
		await retryStoresOnce(eventId, body);
	});
});

describe("faults in the ingest consumer", () => {
	const message = (value: string, eventId?: string) => queueMessage(tenant, envelopeOf(value), eventId);
	const envelopeOf = (value: string): Envelope => ({
		headers: {},
		items: [
			{
				headers: { type: "event" },
				payload: encoder.encode(JSON.stringify({ exception: { values: [{ type: "ConsumerFault", value }] } })),
			},
		],
	});
	const consume = (bodies: unknown[], overrides: Partial<Cloudflare.Env> = {}) =>
		runConsumer(consumeRegionQueue, "ingest-us", bodies, { ...env, ...overrides });
	const issue = async (value: string) =>
		(await region.select().from(groups).where(eq(groups.projectId, tenant.project.id))).filter(
			(group) => group.title === `ConsumerFault: ${value}`,
		);

	/** The redelivered batch stores each event exactly once, with one issue seen once per event. */
	async function redeliveryStoresOnce(batch: IngestEnvelopeMessage[], value: string) {
		const result = await consume(batch);
		expect(result.explicitAcks).toHaveLength(batch.length);
		for (const { eventId } of batch) expect(await storedRows(eventId)).toHaveLength(1);
		expect((await issue(value)).map((group) => group.timesSeen)).toEqual([batch.length]);
	}

	it("D1 overloaded: the batch is retried with nothing written, and its redelivery is stored once", async () => {
		const batch = [message("d1 overloaded"), message("d1 overloaded")];
		// Its first read fails, so the consumer throws and the runtime retries the whole batch (a write
		// that fails retries each message: consumer.test.ts).
		await expect(consume(batch, { REGION_DB: overloadedD1(env.REGION_DB) })).rejects.toThrow(/Failed query/);
		for (const { eventId } of batch) expect(await storedRows(eventId)).toEqual([]);
		await redeliveryStoresOnce(batch, "d1 overloaded");
	});

	it("R2 refusing the event body: the batch is retried with nothing in D1, and its redelivery is stored once", async () => {
		const batch = [message("r2 put fails")];
		const bucket = faulty(env.EVENTS_BUCKET, { put: failing("R2 put") });
		const result = await consume(batch, { EVENTS_BUCKET: bucket });
		expect(result.retryMessages).toEqual([{ msgId: "m0" }]);
		expect(await storedRows(batch[0]?.eventId ?? "")).toEqual([]);
		expect(await issue("r2 put fails")).toEqual([]);
		await redeliveryStoresOnce(batch, "r2 put fails");
	});

	it("R2 failing to read a staged envelope: that message is retried on its own, the rest of its batch stored", async () => {
		const inline = message("r2 get fails");
		const { envelope: _, ...rest } = inline;
		const envelopeKey = `ingest/${tenant.organizationId}/${tenant.project.id}/${inline.eventId}-0000.envelope`;
		await env.EVENTS_BUCKET.put(envelopeKey, serializeEnvelope(envelopeOf("r2 get fails")));
		const staged = { ...rest, envelopeKey };
		const neighbour = message("next to a failed read");
		const bucket = faulty(env.EVENTS_BUCKET, { get: failing("R2 get") });
		const result = await consume([staged, neighbour], { EVENTS_BUCKET: bucket });
		expect(result.retryMessages).toEqual([{ msgId: "m0" }]);
		expect(result.explicitAcks).toEqual(["m1"]);
		expect(await storedRows(neighbour.eventId)).toHaveLength(1);
		expect(await storedRows(inline.eventId)).toEqual([]);
		expect(await env.EVENTS_BUCKET.head(envelopeKey)).not.toBeNull();
		await redeliveryStoresOnce([staged as IngestEnvelopeMessage], "r2 get fails");
		expect(await env.EVENTS_BUCKET.head(envelopeKey)).toBeNull();
	});
});
