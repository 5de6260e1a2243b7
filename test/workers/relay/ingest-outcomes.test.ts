/**
 * What the relay refuses, and the invalid outcomes it records for it (read back through the
 * stats API), with the default limits and with smaller ones configured through INGEST_LIMITS.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { randomHex } from "../../../workers/lib/crypto";
import { monolithApp } from "../../../workers/monolith";
import { forgetProjectConfigs } from "../../../workers/relay/project-configs";
import { api, createTenant, envelopeBody, outcomesOnce, sendEnvelope, type Tenant } from "../tenant";

let tenant: Tenant;

beforeAll(async () => {
	tenant = await createTenant("refusals");
});

/** Sends `body`, expects the refusal, and returns how much the outcome `key` grew by. */
async function refusedWith(
	send: () => Promise<Response>,
	status: number,
	detail: string | RegExp,
	key: string,
	expected: number,
) {
	const before = (await outcomesOnce(tenant, () => true))[key] ?? 0;
	const response = await send();
	expect(response.status).toBe(status);
	expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
	const after = await outcomesOnce(tenant, (totals) => (totals[key] ?? 0) >= before + expected);
	return (after[key] ?? 0) - before;
}

const event = (payload: string | object) => envelopeBody({}, [[{ type: "event" }, payload]]);

describe("invalid outcomes", () => {
	it("counts an event from a disallowed origin as invalid `cors`", async () => {
		const changed = await api("/api/0/projects/refusals/web/", tenant.token, {
			method: "PUT",
			body: JSON.stringify({ allowedDomains: ["app.example.com"] }),
		});
		expect(changed.status).toBe(200);
		forgetProjectConfigs();
		const grew = await refusedWith(
			() => sendEnvelope(tenant, event({ message: "hi" }), { headers: { origin: "https://evil.test" } }),
			403,
			"event submission rejected with_reason: Cors",
			"invalid/cors/error",
			1,
		);
		expect(grew).toBe(1);
		await api("/api/0/projects/refusals/web/", tenant.token, {
			method: "PUT",
			body: JSON.stringify({ allowedDomains: ["*"] }),
		});
		forgetProjectConfigs();
	});

	it("counts an envelope breaking the rules as invalid `invalid_envelope`, every item", async () => {
		const twoEvents = envelopeBody({}, [
			[{ type: "event" }, { message: "one" }],
			[{ type: "event" }, { message: "two" }],
		]);
		const grew = await refusedWith(
			() => sendEnvelope(tenant, twoEvents),
			400,
			"invalid event envelope: more than one event or transaction",
			"invalid/invalid_envelope/error",
			2,
		);
		expect(grew).toBe(2);
	});

	it("counts an event that is not JSON as invalid `invalid_json`", async () => {
		const grew = await refusedWith(
			() => sendEnvelope(tenant, event("{not json")),
			400,
			"invalid JSON data",
			"invalid/invalid_json/error",
			1,
		);
		expect(grew).toBe(1);
	});

	it("answers 413 to an item over its size limit and counts it as invalid `too_large:<type>`", async () => {
		const grew = await refusedWith(
			() => sendEnvelope(tenant, event({ message: "x".repeat(1024 * 1024) })),
			413,
			"envelope exceeded size limits for type 'event' (https://develop.sentry.dev/sdk/envelopes/#size-limits)",
			"invalid/too_large:event/error",
			1,
		);
		expect(grew).toBe(1);
	});
});

/** The relay with INGEST_LIMITS set (a fresh `env` object, so the limits are parsed anew). */
const sendWithLimits = (limits: object, body: string) =>
	monolithApp.fetch(
		new Request(`http://127.0.0.1:8787/api/${tenant.project.id}/envelope/?sentry_key=${tenant.key.publicKey}`, {
			method: "POST",
			body,
		}),
		{ ...env, INGEST_LIMITS: JSON.stringify(limits) },
		{ waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext,
	);

/** A JSON object of exactly `bytes` bytes. */
const jsonOf = (bytes: number) => JSON.stringify({ x: "a".repeat(bytes - 8) });

describe("configured limits (INGEST_LIMITS)", () => {
	it.each([
		["event", "maxEventBytes", "event", "error"],
		["transaction", "maxEventBytes", "transaction", "transaction"],
		["feedback", "maxEventBytes", "user_report_v2", "feedback"],
		["attachment", "maxAttachmentBytes", "attachment:attachment", "attachment"],
		["check_in", "maxCheckInBytes", "check_in", "monitor"],
		["span", "maxSpanBytes", "span", "span"],
		["session", "maxSessionBytes", "session", "session"],
		["client_report", "maxClientReportBytes", "client_report", undefined],
		["raw_security", "maxSecurityReportBytes", "raw_security", "security"],
	])("a %s over %s → 413, at the limit accepted", async (type, field, discardType, category) => {
		const limits = { [field]: 256 };
		const atLimit = await sendWithLimits(limits, envelopeBody({}, [[{ type }, jsonOf(256)]]));
		expect(atLimit.status).toBe(200);
		const key = `invalid/too_large:${discardType}/${category}`;
		const before = (await outcomesOnce(tenant, () => true))[key] ?? 0;
		const over = await sendWithLimits(limits, envelopeBody({}, [[{ type }, jsonOf(257)]]));
		expect(over.status).toBe(413);
		expect(await over.json()).toEqual({
			detail: `envelope exceeded size limits for type '${discardType}' (https://develop.sentry.dev/sdk/envelopes/#size-limits)`,
		});
		if (category) {
			const quantity = category === "attachment" ? 257 : 1;
			const after = await outcomesOnce(tenant, (totals) => (totals[key] ?? 0) >= before + quantity);
			expect((after[key] ?? 0) - before).toBe(quantity);
		}
	});

	it("refuses more items than maxItemsPerEnvelope with 413", async () => {
		const attachments = (count: number) =>
			envelopeBody(
				{},
				Array.from({ length: count }, (_, index): [object, string] => [
					{ type: "attachment", filename: `${index}.txt` },
					"data",
				]),
			);
		expect((await sendWithLimits({ maxItemsPerEnvelope: 3 }, attachments(3))).status).toBe(200);
		const over = await sendWithLimits({ maxItemsPerEnvelope: 3 }, attachments(4));
		expect(over.status).toBe(413);
		expect(await over.json()).toEqual({ detail: "envelope has more than 3 items" });
	});

	it("still answers a body over maxRequestBytes with 413", async () => {
		const response = await sendWithLimits({ maxRequestBytes: 1024 }, event({ message: "x".repeat(2048) }));
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({ detail: expect.any(String) });
	});

	it("leaves other limits alone", async () => {
		const eventId = randomHex(16);
		const response = await sendWithLimits(
			{ maxAttachmentBytes: 16 },
			envelopeBody({ event_id: eventId }, [[{ type: "event" }, jsonOf(4096)]]),
		);
		expect(await response.json()).toEqual({ id: eventId });
	});
});
