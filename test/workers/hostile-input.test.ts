/**
 * Hostile input at the relay: fuzzed envelopes and /store/ bodies, decompression bombs, oversized
 * items, deeply nested JSON, invalid UTF-8, huge headers and a filter pattern made to stall a
 * backtracking matcher. Every case is answered with a 2xx or the right 4xx and `{"detail"}`, never a
 * 5xx; afterwards every stored event reads back as a JSON object (nothing corrupt was stored).
 */
import { env, exports } from "cloudflare:workers";
import { deflateSync, gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, projects } from "../../schema/region";
import { randomHex } from "../../workers/lib/crypto";
import { regionDb } from "../../workers/lib/db";
import { publishProjectConfigs } from "../../workers/region/projects/configs";
import { forgetProjectConfigs } from "../../workers/relay/project-configs";
import { createTenant, envelopeBody, sendEnvelope, storedEvent, type Tenant } from "./tenant";

const region = regionDb("MONOLITH", env.REGION_DB);
let tenant: Tenant;

beforeAll(async () => {
	tenant = await createTenant("hostile");
});

const store = (body: BodyInit, headers: Record<string, string> = {}) =>
	exports.default.fetch(`http://127.0.0.1:8787/api/${tenant.project.id}/store/`, {
		method: "POST",
		headers: {
			"x-sentry-auth": `Sentry sentry_key=${tenant.key.publicKey}, sentry_version=7`,
			"content-type": "application/json",
			...headers,
		},
		body,
	});

/** A 2xx, or a 4xx with a string `detail`: never a 5xx. */
async function expectHandled(response: Response) {
	const text = await response.text();
	expect(response.status, text).toBeLessThan(500);
	if (response.status >= 400) expect(JSON.parse(text)).toEqual({ detail: expect.any(String) });
	return response.status;
}

async function expectRefused(response: Response, status: number, detail: string | RegExp) {
	expect(response.status).toBe(status);
	const body = (await response.json()) as { detail: string };
	expect(body).toEqual({ detail: expect.any(String) });
	if (typeof detail === "string") expect(body.detail).toBe(detail);
	else expect(body.detail).toMatch(detail);
}

const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const eventNamed = (eventId: string, message: string) =>
	envelopeBody({ event_id: eventId }, [[{ type: "event" }, { message }]]);

describe("fuzzed input", () => {
	const itemHeader = fc.record(
		{
			type: fc.constantFrom("event", "transaction", "attachment", "session", "client_report", "check_in", "nope"),
			length: fc.nat(300),
			attachment_type: fc.constantFrom("event.attachment", "event.minidump"),
		},
		{ requiredKeys: ["type"] },
	);
	const payload = fc.oneof(fc.json(), fc.string(), fc.constant('{"message":"fuzz"}'));
	const envelope = fc
		.tuple(
			fc.oneof(fc.json(), fc.constant("{}")),
			fc.array(
				fc.tuple(
					fc.oneof(
						itemHeader.map((header) => JSON.stringify(header)),
						fc.json(),
					),
					payload,
				),
				{
					maxLength: 4,
				},
			),
		)
		.map(([header, items]) => [header, ...items.flat()].join("\n"));

	it("answers fuzzed envelopes, as text or raw bytes, with a 2xx or a 4xx and {detail}", {
		timeout: 60_000,
	}, async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(envelope, fc.uint8Array({ maxLength: 2048 })), async (body) => {
				await expectHandled(await sendEnvelope(tenant, body));
			}),
			{ numRuns: 150 },
		);
	});

	it("answers fuzzed /store/ bodies the same way", { timeout: 60_000 }, async () => {
		const body = fc.oneof(
			fc.json(),
			fc.string(),
			fc
				.dictionary(fc.constantFrom("message", "exception", "tags", "level", "event_id", "extra"), fc.jsonValue())
				.map((event) => JSON.stringify(event)),
		);
		await fc.assert(
			fc.asyncProperty(body, async (text) => {
				expect(await expectHandled(await store(text))).not.toBe(404);
			}),
			{ numRuns: 150 },
		);
	});
});

describe("decompression bombs", () => {
	it.each([
		["gzip", gzipSync],
		["deflate", deflateSync],
	])("an envelope that inflates (%s) past its limit: 413", async (encoding, compress) => {
		const bomb = compress(new Uint8Array(48 * 1024 * 1024));
		const response = await sendEnvelope(tenant, bomb, { headers: { "content-encoding": encoding } });
		await expectRefused(response, 413, "decompressed body exceeded the size limit");
	});

	it("a /store/ body that inflates past its 1 MB limit, by Content-Encoding or as raven's base64 zlib: 413", async () => {
		const zeros = new Uint8Array(8 * 1024 * 1024);
		await expectRefused(
			await store(gzipSync(zeros), { "content-encoding": "gzip" }),
			413,
			"decompressed body exceeded the size limit",
		);
		const raven = Buffer.from(deflateSync(zeros)).toString("base64");
		await expectRefused(await store(raven), 413, "decompressed body exceeded the size limit");
	});

	it("a body that is not what its Content-Encoding says: 400", async () => {
		const response = await sendEnvelope(tenant, "not gzip at all", { headers: { "content-encoding": "gzip" } });
		await expectRefused(response, 400, "invalid gzip body");
	});
});

describe("oversized and malformed items", () => {
	it("an item over its size limit, too many items, a /store/ body over 1 MB, a truncated payload", async () => {
		const big = envelopeBody({}, [[{ type: "event" }, { message: "x".repeat(1024 * 1024 + 1) }]]);
		await expectRefused(await sendEnvelope(tenant, big), 413, /^envelope exceeded size limits for type 'event'/);
		const many = envelopeBody(
			{},
			Array.from({ length: 101 }, () => [{ type: "attachment" }, "x"] as [object, string]),
		);
		await expectRefused(await sendEnvelope(tenant, many), 413, "envelope has more than 100 items");
		await expectRefused(
			await store(JSON.stringify({ message: "x".repeat(1024 * 1024 + 1) })),
			413,
			"request body exceeded the size limit",
		);
		const truncated = `{}\n${JSON.stringify({ type: "attachment", length: 1000 })}\nshort`;
		await expectRefused(await sendEnvelope(tenant, truncated), 400, /payload truncated/);
	});
});

describe("deeply nested JSON (100,000 levels)", () => {
	it("in an event item, a session item, the envelope header, an item header and a /store/ body: 400", async () => {
		const nested = deep(100_000);
		const eventItem = `{}\n{"type":"event"}\n{"extra":${nested}}`;
		await expectRefused(await sendEnvelope(tenant, eventItem), 400, "invalid JSON data: nested deeper than 128 levels");
		// Sessions are capped at 100 KB, so theirs is only 10,000 levels deep.
		const sessionItem = `{}\n{"type":"session"}\n{"attrs":${deep(10_000)}}`;
		await expectRefused(
			await sendEnvelope(tenant, sessionItem),
			400,
			"invalid JSON data: nested deeper than 128 levels",
		);
		const envelopeHeader = `{"x":${nested}}\n{"type":"event"}\n{}`;
		await expectRefused(
			await sendEnvelope(tenant, envelopeHeader),
			400,
			"invalid event envelope: envelope header nested too deeply",
		);
		const itemHeader = `{}\n{"type":"event","x":${nested}}\n{}`;
		await expectRefused(
			await sendEnvelope(tenant, itemHeader),
			400,
			"invalid event envelope: item 0: header nested too deeply",
		);
		await expectRefused(await store(`{"extra":${nested}}`), 400, "invalid JSON data");
	});

	it("nesting within the limit, brackets inside strings included, is stored", async () => {
		const eventId = randomHex(16);
		const body = envelopeBody({ event_id: eventId }, [
			[{ type: "event" }, `{"message":"${"[".repeat(500)}","extra":{"nested":${deep(100)}}}`],
		]);
		expect((await sendEnvelope(tenant, body)).status).toBe(200);
		expect(await storedEvent(tenant, eventId)).toMatchObject({ eventID: eventId });
	});
});

describe("invalid UTF-8 and huge headers", () => {
	const invalidUtf8 = new Uint8Array([0xc3, 0x28, 0xff, 0xfe]);
	const withBytes = (before: string, bytes: Uint8Array, after: string) => {
		const encoder = new TextEncoder();
		return new Uint8Array([...encoder.encode(before), ...bytes, ...encoder.encode(after)]);
	};

	it("in the envelope header, an item header or an event payload: 400", async () => {
		await expectRefused(
			await sendEnvelope(tenant, withBytes('{"x":"', invalidUtf8, '"}\n{"type":"event"}\n{}')),
			400,
			"invalid event envelope: envelope header is not valid UTF-8 JSON",
		);
		await expectRefused(
			await sendEnvelope(tenant, withBytes('{}\n{"type":"event","x":"', invalidUtf8, '"}\n{}')),
			400,
			"invalid event envelope: item 0: header is not valid UTF-8 JSON",
		);
		await expectRefused(
			await sendEnvelope(tenant, withBytes('{}\n{"type":"event"}\n{"message":"', invalidUtf8, '"}')),
			400,
			"invalid JSON data",
		);
	});

	it("bytes beyond ASCII in HTTP headers are refused (auth) or kept as text (user agent)", async () => {
		const garbled = await sendEnvelope(
			tenant,
			"{}\n",
			{ headers: { "x-sentry-auth": "Sentry sentry_key=\u00ff\u00fe\u00c3(" } },
			"",
		);
		await expectRefused(garbled, 400, "bad sentry DSN public key");
		const eventId = randomHex(16);
		const response = await sendEnvelope(tenant, eventNamed(eventId, "odd agent"), {
			headers: { "user-agent": "Mozilla/5.0 \u00ff\u00fe\u00c3(" },
		});
		expect(response.status).toBe(200);
		expect(await storedEvent(tenant, eventId)).toMatchObject({ eventID: eventId });
	});

	it("a 64 KB auth header, DSN in the query, and envelope header: 4xx, or stored when only the header is big", async () => {
		const huge = "k".repeat(64 * 1024);
		await expectRefused(
			await sendEnvelope(tenant, "{}\n", {}, `sentry_key=${huge}&sentry_version=7`),
			400,
			"bad sentry DSN public key",
		);
		await expectRefused(
			await sendEnvelope(tenant, "{}\n", { headers: { "x-sentry-auth": `Sentry sentry_key=${huge}` } }, ""),
			400,
			"bad sentry DSN public key",
		);
		const eventId = randomHex(16);
		const bigHeader = envelopeBody({ event_id: eventId, padding: huge }, [[{ type: "event" }, { message: "big" }]]);
		expect((await sendEnvelope(tenant, bigHeader)).status).toBe(200);
		expect(await storedEvent(tenant, eventId)).toMatchObject({ eventID: eventId });
	});
});

describe("a filter pattern made for catastrophic backtracking", () => {
	afterAll(async () => {
		await region.update(projects).set({ filterSettings: {} }).where(eq(projects.id, tenant.project.id));
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
		forgetProjectConfigs();
	});

	it("is matched against a 900 KB message in linear time: the event is filtered or stored, never stalled", async () => {
		const pattern = `*${"a".repeat(10_000)}b*`;
		await region
			.update(projects)
			.set({ filterSettings: { errorMessages: { patterns: [pattern, `*${"a*".repeat(200)}b`] } } })
			.where(eq(projects.id, tenant.project.id));
		await publishProjectConfigs(region, env.PROJECT_CONFIGS, tenant.project.id);
		forgetProjectConfigs();
		const kept = randomHex(16);
		expect((await sendEnvelope(tenant, eventNamed(kept, "a".repeat(900_000)))).status).toBe(200);
		const filtered = randomHex(16);
		expect((await sendEnvelope(tenant, eventNamed(filtered, `${"a".repeat(900_000)}b`))).status).toBe(200);
		await storedEvent(tenant, kept);
		await expect(storedEvent(tenant, filtered, 500)).rejects.toThrow(/was not stored/);
	});
});

describe("after all of it", () => {
	it("every stored event reads back from R2 as a JSON object with its own id", async () => {
		const sentinel = randomHex(16);
		expect((await sendEnvelope(tenant, eventNamed(sentinel, "sentinel"))).status).toBe(200);
		await storedEvent(tenant, sentinel);
		const rows = await region.select().from(events).where(eq(events.projectId, tenant.project.id));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			const body = await env.EVENTS_BUCKET.get(row.bodyKey);
			const event = (await body?.json()) as Record<string, unknown>;
			expect(event).toMatchObject({ event_id: row.eventId });
		}
	});
});
