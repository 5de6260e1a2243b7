/**
 * The ingest spool (INGEST_SPOOL=on, as `npm start` runs): the relay writes a copy of each accepted
 * envelope's message to R2 before its 200; the consumer deletes it once the message is stored, the
 * dead-letter consumer once it is kept; the cron queues again the copies of messages the queue lost,
 * and a message queued twice is stored once. The crash itself is in test/e2e/crash.test.ts.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { events } from "../../../../schema/region";
import { randomHex } from "../../../../workers/lib/crypto";
import { regionDb } from "../../../../workers/lib/db";
import { AFTER_START_CRON, SPOOL_PREFIX } from "../../../../workers/lib/ingest-spool";
import type { IngestEnvelopeMessage } from "../../../../workers/lib/messages";
import { monolithApp } from "../../../../workers/monolith";
import { requeueLostMessages } from "../../../../workers/region/ingest";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { CapturingQueue, runConsumer } from "../../consumers";
import { createTenant, envelopeBody, type Tenant } from "../../tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);

/** What the relay queued for one error event, with the queue replaced by one that keeps the messages. */
async function accept(eventId: string, overrides: Partial<Cloudflare.Env> = {}) {
	const queue = new CapturingQueue();
	const request = new Request(
		`http://127.0.0.1:8787/api/${tenant.project.id}/envelope/?sentry_key=${tenant.key.publicKey}`,
		{
			method: "POST",
			body: envelopeBody({ event_id: eventId }, [
				[{ type: "event" }, { exception: { values: [{ type: "Spooled", value: eventId }] } }],
			]),
		},
	);
	const response = await monolithApp.fetch(request, { ...env, INGEST_QUEUE: queue, ...overrides }, {
		waitUntil: () => {},
		passThroughOnException: () => {},
		props: {},
	} as unknown as ExecutionContext);
	expect(response.status).toBe(200);
	return queue.bodies as IngestEnvelopeMessage[];
}

const copyOf = async (message: IngestEnvelopeMessage | undefined) =>
	(await env.EVENTS_BUCKET.get(message?.spoolKey ?? "none"))?.json<IngestEnvelopeMessage>();
const storedCount = async (eventId: string) =>
	(
		await region
			.select()
			.from(events)
			.where(and(eq(events.projectId, tenant.project.id), eq(events.eventId, eventId)))
	).length;
const consume = (bodies: unknown[], queue = "ingest-us") => runConsumer(consumeRegionQueue, queue, bodies, env);

beforeAll(async () => {
	tenant = await createTenant("spool");
});

describe("the ingest spool", () => {
	it("holds a copy of the message before the 200, which the consumer deletes once it is stored", async () => {
		const eventId = randomHex(16);
		const [message] = await accept(eventId);
		expect(message?.spoolKey).toMatch(new RegExp(`^${SPOOL_PREFIX}${eventId}-`));
		expect(await copyOf(message)).toEqual(message);
		await consume([message]);
		expect(await storedCount(eventId)).toBe(1);
		expect(await env.EVENTS_BUCKET.head(message?.spoolKey ?? "")).toBeNull();
	});

	it("queues a lost message again after a start (at once) and from the cron (after five minutes), and it is stored once", async () => {
		const eventId = randomHex(16);
		const [lost] = await accept(eventId); // its queue is gone: nothing consumes it
		const queue = new CapturingQueue();
		await requeueLostMessages({ ...env, INGEST_QUEUE: queue.binding }, "* * * * *");
		expect(queue.bodies).toEqual([]); // a minute-old copy may still be in the queue
		await requeueLostMessages({ ...env, INGEST_QUEUE: queue.binding }, AFTER_START_CRON);
		expect(queue.bodies).toContainEqual(lost);
		// Queued again while the original was still delivered after all: both copies, stored once.
		await consume([lost, ...queue.bodies]);
		expect(await storedCount(eventId)).toBe(1);
		expect(await env.EVENTS_BUCKET.head(lost?.spoolKey ?? "")).toBeNull();
	});

	it("deletes a dead-lettered message's copy once the dead letter is kept", async () => {
		const [message] = await accept(randomHex(16));
		const poison = { ...message, organizationId: 1 }; // not in this region: dead-lettered
		const dlq = new CapturingQueue();
		await runConsumer(consumeRegionQueue, "ingest-us", [poison], { ...env, INGEST_DLQ: dlq.binding });
		expect(await copyOf(message)).toEqual(message);
		await consume(dlq.bodies, "ingest-us-dlq");
		expect(await env.EVENTS_BUCKET.head(message?.spoolKey ?? "")).toBeNull();
	});

	it("keeps a copy that is no message any more as a dead letter", async () => {
		const key = `${SPOOL_PREFIX}${randomHex(16)}-torn.json`;
		await env.EVENTS_BUCKET.put(key, '{"type":"ingest.envel');
		const dlq = new CapturingQueue();
		await requeueLostMessages(
			{ ...env, INGEST_QUEUE: new CapturingQueue().binding, INGEST_DLQ: dlq.binding },
			AFTER_START_CRON,
		);
		expect(dlq.bodies).toContainEqual({
			type: "dead_letter",
			reason: "unreadable spool copy",
			message: '{"type":"ingest.envel',
		});
		expect(await env.EVENTS_BUCKET.head(key)).toBeNull();
	});

	it("is off unless INGEST_SPOOL is on (Cloudflare's Queues are durable): no copy, no sweep", async () => {
		const [message] = await accept(randomHex(16), { INGEST_SPOOL: "off" });
		expect(message?.spoolKey).toBeUndefined();
	});
});
