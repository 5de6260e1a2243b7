import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
	attachments,
	deadLetters,
	events,
	groups,
	outcomes,
	releaseSessions,
	transactions,
	userReports,
} from "../../../../schema/region";
import { bytesToBase64 } from "../../../../workers/lib/base64";
import { randomHex } from "../../../../workers/lib/crypto";
import { regionDb } from "../../../../workers/lib/db";
import { type Envelope, serializeEnvelope } from "../../../../workers/lib/envelope";
import { replayDeadLetters } from "../../../../workers/region/ingest/dead-letters";
import { consumeRegionQueue } from "../../../../workers/region/queues";
import { api, createTenant, queueMessage, type Tenant } from "../../tenant";

let tenant: Tenant;
const region = regionDb("MONOLITH", env.REGION_DB);
const encoder = new TextEncoder();

const message = (envelope: Envelope, eventId?: string) => queueMessage(tenant, envelope, eventId);
const item = (type: string, payload: object) => ({
	headers: { type },
	payload: encoder.encode(JSON.stringify(payload)),
});
const errorItem = (value: string, fn = value.replace(/\W/g, "_")) =>
	item("event", {
		exception: {
			values: [{ type: "Error", value, stacktrace: { frames: [{ module: "app", function: fn, in_app: true }] } }],
		},
		user: { id: value },
	});

async function consume(bodies: unknown[], environment = env) {
	const batch = createMessageBatch(
		"ingest-us",
		bodies.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
	);
	const ctx = createExecutionContext();
	await consumeRegionQueue(batch, environment);
	return getQueueResult(batch, ctx);
}

const issueOf = async (hashSource: string) => {
	const rows = await region.select().from(groups).where(eq(groups.projectId, tenant.project.id));
	return rows.find((row) => row.title.endsWith(hashSource));
};

beforeAll(async () => {
	tenant = await createTenant("consumer");
});

describe("the ingest consumer", () => {
	it("stores a batch once: delivering it again changes nothing", async () => {
		const batch = [
			message({ headers: {}, items: [errorItem("same problem", "handler")] }),
			message({ headers: {}, items: [errorItem("same problem", "handler")] }),
			message({ headers: {}, items: [errorItem("other problem", "other")] }),
		];
		const first = await consume(batch);
		expect(first.explicitAcks.length).toBe(3);
		const snapshot = async () => ({
			events: (await region.select().from(events).where(eq(events.projectId, tenant.project.id))).length,
			issues: (await region.select().from(groups).where(eq(groups.projectId, tenant.project.id))).map((g) => [
				g.title,
				g.timesSeen,
			]),
			accepted: (
				await region
					.select()
					.from(outcomes)
					.where(and(eq(outcomes.projectId, tenant.project.id), eq(outcomes.outcome, "accepted")))
			).map((o) => o.quantity),
		});
		const before = await snapshot();
		expect(before.events).toBe(3);
		expect(before.issues).toEqual(
			expect.arrayContaining([
				["Error: same problem", 2],
				["Error: other problem", 1],
			]),
		);
		const again = await consume(batch);
		expect(again.explicitAcks.length).toBe(3);
		expect(await snapshot()).toEqual(before);
	});

	it("does not count an event twice when an SDK sends the same event id again", async () => {
		const eventId = randomHex(16);
		await consume([message({ headers: {}, items: [errorItem("retried send")] }, eventId)]);
		await consume([message({ headers: {}, items: [errorItem("retried send")] }, eventId)]);
		expect((await issueOf("retried send"))?.timesSeen).toBe(1);
	});

	it("stores an event once when one batch carries it twice", async () => {
		const eventId = randomHex(16);
		const twice = message({ headers: {}, items: [errorItem("twice in one batch")] }, eventId);
		await consume([twice, { ...twice, receivedAt: twice.receivedAt + 1 }]);
		expect((await issueOf("twice in one batch"))?.timesSeen).toBe(1);
		expect(await region.select().from(events).where(eq(events.eventId, eventId))).toHaveLength(1);
	});

	it("reopens a resolved issue as regressed when it is seen again", async () => {
		await consume([message({ headers: {}, items: [errorItem("comes back")] })]);
		const issue = await issueOf("comes back");
		await region
			.update(groups)
			.set({ status: "resolved", resolvedAt: new Date() })
			.where(eq(groups.id, issue?.id ?? 0));
		await consume([message({ headers: {}, items: [errorItem("comes back")] })]);
		expect(await issueOf("comes back")).toMatchObject({
			status: "unresolved",
			substatus: "regressed",
			timesSeen: 2,
			resolvedAt: null,
		});
	});

	it("stores transactions, sessions, feedback and counts client reports and unknown items", async () => {
		const eventId = randomHex(16);
		const start = Date.now() / 1000 - 1.5;
		await consume([
			message(
				{
					headers: {},
					items: [
						item("transaction", {
							transaction: "GET /",
							start_timestamp: start,
							timestamp: start + 0.25,
							contexts: { trace: { op: "http.server", status: "ok" } },
						}),
						item("session", {
							sid: crypto.randomUUID(),
							started: new Date().toISOString(),
							init: true,
							status: "crashed",
							attrs: { release: "web@2", environment: "prod" },
						}),
						item("user_report", { event_id: eventId, name: "Ada", email: "ada@example.com", comments: "It broke" }),
						item("client_report", { discarded_events: [{ reason: "queue_overflow", category: "error", quantity: 3 }] }),
						item("mystery", {}),
					],
				},
				eventId,
			),
		]);
		expect(await region.select().from(transactions).where(eq(transactions.eventId, eventId))).toMatchObject([
			{ name: "GET /", durationMs: 250, status: "ok", op: "http.server" },
		]);
		expect(await region.select().from(releaseSessions).where(eq(releaseSessions.release, "web@2"))).toMatchObject([
			{ started: 1, errored: 1, crashed: 1, environment: "prod" },
		]);
		expect(await region.select().from(userReports).where(eq(userReports.eventId, eventId))).toMatchObject([
			{ comments: "It broke" },
		]);
		const counted = await region.select().from(outcomes).where(eq(outcomes.projectId, tenant.project.id));
		expect(counted).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					outcome: "client_discard",
					reason: "queue_overflow",
					category: "error",
					quantity: 3,
				}),
				expect.objectContaining({ outcome: "invalid", reason: "unsupported_item:mystery" }),
			]),
		);
	});

	it("stores an attachment in R2 with its row", async () => {
		const eventId = randomHex(16);
		const bytes = encoder.encode("line 1\nline 2\n");
		await consume([
			message(
				{
					headers: {},
					items: [
						{ headers: { type: "attachment", filename: "app log.txt", content_type: "text/plain" }, payload: bytes },
					],
				},
				eventId,
			),
		]);
		const [row] = await region.select().from(attachments).where(eq(attachments.eventId, eventId));
		expect(row).toMatchObject({
			projectId: tenant.project.id,
			name: "app_log.txt",
			contentType: "text/plain",
			attachmentType: "event.attachment",
			size: bytes.byteLength,
			bodyKey: `${tenant.organizationId}/${tenant.project.id}/attachments/${eventId}/0-app_log.txt`,
		});
		const object = await env.EVENTS_BUCKET.get(row?.bodyKey ?? "");
		expect(await object?.text()).toBe("line 1\nline 2\n");
		expect(object?.httpMetadata?.contentType).toBe("text/plain");
	});

	it("never lets a re-sent event id replace the attachment stored with its event", async () => {
		const eventId = randomHex(16);
		const withAttachment = (text: string) =>
			message(
				{
					headers: {},
					items: [
						errorItem("attached"),
						{ headers: { type: "attachment", filename: "crash.log" }, payload: encoder.encode(text) },
					],
				},
				eventId,
			);
		await consume([withAttachment("the original log")]);
		// Another message (its own receive time) with the same event id, as anyone holding the DSN can send.
		await consume([{ ...withAttachment("a forged log, longer than the original"), receivedAt: Date.now() + 1 }]);

		const rows = await region.select().from(attachments).where(eq(attachments.eventId, eventId));
		expect(rows.map((row) => row.size)).toEqual(["the original log".length]);
		expect(await (await env.EVENTS_BUCKET.get(rows[0]?.bodyKey ?? ""))?.text()).toBe("the original log");
	});

	it("stores a standalone span as a transaction row keyed by its span id", async () => {
		const spanId = randomHex(8);
		const start = Date.now() / 1000 - 2;
		await consume([
			message({
				headers: {},
				items: [
					item("span", {
						span_id: spanId,
						trace_id: "a".repeat(32),
						description: "SELECT * FROM users",
						op: "db.query",
						status: "ok",
						start_timestamp: start,
						timestamp: start + 0.04,
					}),
				],
			}),
		]);
		expect(await region.select().from(transactions).where(eq(transactions.eventId, spanId))).toMatchObject([
			{ name: "SELECT * FROM users", op: "db.query", status: "ok", traceId: "a".repeat(32), durationMs: 40 },
		]);
	});

	it("adds session aggregates to release health, and counts an aggregate with a bad count as invalid", async () => {
		const started = new Date().toISOString();
		const aggregates = (counts: object) =>
			item("sessions", { aggregates: [{ started, ...counts }], attrs: { release: "web@3", environment: "staging" } });
		await consume([message({ headers: {}, items: [aggregates({ exited: 5, errored: 2, crashed: 1 })] })]);
		await consume([message({ headers: {}, items: [aggregates({ exited: "many" })] })]);
		expect(await region.select().from(releaseSessions).where(eq(releaseSessions.release, "web@3"))).toMatchObject([
			{ environment: "staging", started: 8, errored: 3, crashed: 1, abnormal: 0 },
		]);
		const invalid = await region
			.select()
			.from(outcomes)
			.where(and(eq(outcomes.projectId, tenant.project.id), eq(outcomes.reason, "invalid_item")));
		expect(invalid.reduce((sum, row) => sum + row.quantity, 0)).toBe(1);
	});

	it("stores feedback as a user report for the event it names", async () => {
		const associated = randomHex(16);
		const dashed = `${associated.slice(0, 8)}-${associated.slice(8, 12)}-${associated.slice(12, 16)}-${associated.slice(16, 20)}-${associated.slice(20)}`;
		await consume([
			message({
				headers: {},
				items: [
					item("feedback", {
						contexts: {
							feedback: {
								message: "The button does nothing",
								contact_email: "bo@example.com",
								name: "Bo",
								associated_event_id: dashed,
							},
						},
					}),
				],
			}),
		]);
		expect(await region.select().from(userReports).where(eq(userReports.eventId, associated))).toMatchObject([
			{ name: "Bo", email: "bo@example.com", comments: "The button does nothing", projectId: tenant.project.id },
		]);
	});

	it("dead-letters poison messages with their reason, and the replay puts them back", async () => {
		const unparseable = {
			...message({ headers: {}, items: [] }),
			envelope: bytesToBase64(encoder.encode("not an envelope")),
		};
		const foreign = { ...message({ headers: {}, items: [errorItem("x")] }), organizationId: 1 };
		const result = await consume([{ type: "nonsense" }, unparseable, foreign]);
		expect(result.explicitAcks.length).toBe(3);
		const deadline = Date.now() + 5000;
		let letters = await region.select().from(deadLetters);
		while (letters.length < 3 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 25));
			letters = await region.select().from(deadLetters);
		}
		expect(letters.map((letter) => letter.reason).sort()).toEqual([
			"invalid message: Invalid input",
			`project ${tenant.project.id} of organization 1 is not in this region`,
			"unparseable envelope: envelope header is not valid UTF-8 JSON",
		]);
		const waiting = await api("/api/0/internal/dead-letters/", tenant.token);
		expect(waiting.status).toBe(403);
		expect(await replayDeadLetters(env)).toBe(3);
		expect(await region.select().from(deadLetters)).toHaveLength(0);
	});

	it("stores a hostile event normalized alongside the good events of its batch", async () => {
		const [good, hostile, alsoGood] = [randomHex(16), randomHex(16), randomHex(16)];
		const result = await consume([
			message({ headers: {}, items: [errorItem("good before")] }, good),
			message(
				{
					headers: { sent_at: 1e20 },
					items: [item("event", { timestamp: 1e20, message: "hostile", tags: { t: { toString: 1 } } })],
				},
				hostile,
			),
			message({ headers: {}, items: [errorItem("good after")] }, alsoGood),
		]);
		expect(result.explicitAcks.length).toBe(3);
		expect(result.retryMessages).toEqual([]);
		const stored = await region.select().from(events).where(eq(events.projectId, tenant.project.id));
		expect(stored.map((row) => row.eventId)).toEqual(expect.arrayContaining([good, hostile, alsoGood]));
		const body = await env.EVENTS_BUCKET.get(stored.find((row) => row.eventId === hostile)?.bodyKey ?? "");
		expect(await body?.json()).toMatchObject({
			errors: [{ type: "invalid_data", name: "timestamp", value: 1e20 }],
			tags: expect.arrayContaining([["t", '{"toString":1}']]),
		});
	});

	it("dead-letters only the message whose processing fails, with the reason, and stores the rest", async () => {
		// Deep enough to exhaust the stack, small enough for the dead-letter queue's message limit.
		const deep = `{"nested":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
		const poison = message({ headers: {}, items: [{ headers: { type: "event" }, payload: encoder.encode(deep) }] });
		const good = randomHex(16);
		const result = await consume([poison, message({ headers: {}, items: [errorItem("next to poison")] }, good)]);
		expect(result.explicitAcks.length).toBe(2);
		expect(await region.select().from(events).where(eq(events.eventId, good))).toHaveLength(1);
		expect(await region.select().from(events).where(eq(events.eventId, poison.eventId))).toEqual([]);
		const deadline = Date.now() + 5000;
		let letter: typeof deadLetters.$inferSelect | undefined;
		while (!letter && Date.now() < deadline) {
			letter = (await region.select().from(deadLetters)).find((row) => row.message.includes(poison.eventId));
			if (!letter) await new Promise((resolve) => setTimeout(resolve, 25));
		}
		expect(letter?.reason).toMatch(/^event item 0 could not be processed: RangeError: /);
	});

	it("keeps a transaction's duration when its clock drift is corrected", async () => {
		const eventId = randomHex(16);
		const twoHoursAgo = Date.now() - 7_200_000;
		await consume([
			message(
				{
					headers: { sent_at: new Date(twoHoursAgo).toISOString() },
					items: [
						item("transaction", {
							transaction: "GET /drifted",
							start_timestamp: twoHoursAgo / 1000 - 0.25,
							timestamp: twoHoursAgo / 1000,
						}),
					],
				},
				eventId,
			),
		]);
		const [row] = await region.select().from(transactions).where(eq(transactions.eventId, eventId));
		expect(row?.durationMs).toBe(250);
		expect(Math.abs((row?.timestamp.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
	});

	it("deletes an envelope staged in R2 once its message is stored, and keeps a dead-lettered one's", async () => {
		const stage = async (envelope: Envelope) => {
			const body = message(envelope);
			const { envelope: inline, ...rest } = body;
			const envelopeKey = `ingest/${tenant.organizationId}/${tenant.project.id}/${body.eventId}-0000.envelope`;
			await env.EVENTS_BUCKET.put(envelopeKey, serializeEnvelope(envelope));
			return { ...rest, envelopeKey };
		};
		const good = await stage({ headers: {}, items: [errorItem("staged in R2")] });
		const poison = await stage({
			headers: {},
			items: [
				{
					headers: { type: "event" },
					payload: encoder.encode(`{"nested":${"[".repeat(30_000)}${"]".repeat(30_000)}}`),
				},
			],
		});
		const result = await consume([good, poison]);
		expect(result.explicitAcks.length).toBe(2);
		expect(await region.select().from(events).where(eq(events.eventId, good.eventId))).toHaveLength(1);
		expect(await env.EVENTS_BUCKET.head(good.envelopeKey)).toBeNull();
		expect(await env.EVENTS_BUCKET.head(poison.envelopeKey)).not.toBeNull();
	});

	it("retries the whole batch, storing nothing, when D1 fails", async () => {
		const failingDb = new Proxy(env.REGION_DB, {
			get: (target, property) =>
				property === "batch"
					? () => Promise.reject(new Error("D1_ERROR: overloaded"))
					: Reflect.get(target, property, target),
		});
		const eventId = randomHex(16);
		const result = await consume([message({ headers: {}, items: [errorItem("during an outage")] }, eventId)], {
			...env,
			REGION_DB: failingDb,
		});
		expect(result.retryMessages).toEqual([{ msgId: "m0" }]);
		expect(await region.select().from(events).where(eq(events.eventId, eventId))).toEqual([]);
		expect(await issueOf("during an outage")).toBeUndefined();
	});
});
