/** Normalization of Sentry logs (pure; run in workerd because it uses the ingest stage's scrubbing and clock helpers). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { levelOf } from "../../../../workers/region/logs/levels";
import {
	canonicalSize,
	type LogContext,
	logItemId,
	MAX_ATTRIBUTES,
	MAX_BODY_CHARS,
	normalizeLog,
} from "../../../../workers/region/logs/normalize";

const receivedAt = Date.parse("2026-06-01T12:00:00Z");
const ctx: LogContext = { receivedAt, sentAt: undefined, retentionDays: 30 };
const TRACE = "5b8efff798038103d269b633813fc60c";
const base = { timestamp: receivedAt / 1000 - 5, trace_id: TRACE, level: "info", body: "hello" };

const stored = (raw: object, context = ctx) => {
	const result = normalizeLog(raw, context);
	if (!result.ok) throw new Error("expected a stored log");
	return result.log;
};

describe("normalizeLog", () => {
	it("keeps what @sentry/node sends for logger.info(fmt`…`), with typed attributes", () => {
		const log = stored({
			...base,
			body: "user ann bought 3 items",
			severity_number: 9,
			attributes: {
				"sentry.message.template": { value: "user %s bought %s items", type: "string" },
				"sentry.message.parameter.0": { value: "ann", type: "string" },
				"sentry.message.parameter.1": { value: 3, type: "integer" },
				total: { value: 9.5, type: "double" },
				ok: { value: true, type: "boolean" },
				archs: { value: ["x64"], type: "array" },
				big: { value: "10", type: "integer" },
				"sentry.trace.parent_span_id": { value: "bd57cb02d9559081", type: "string" },
			},
		});
		expect(log).toMatchObject({
			timestampUs: (receivedAt - 5000) * 1000,
			traceId: TRACE,
			spanId: "bd57cb02d9559081",
			level: "info",
			severityNumber: 9,
			body: "user ann bought 3 items",
		});
		expect(log.attributes).toEqual({
			"sentry.message.template": "user %s bought %s items",
			"sentry.message.parameter.0": "ann",
			"sentry.message.parameter.1": 3,
			total: 9.5,
			ok: true,
			archs: ["x64"],
			big: 10,
			"sentry.trace.parent_span_id": "bd57cb02d9559081",
		});
	});

	it("refuses a log without time, trace id, level or body as invalid_log, with its size", () => {
		for (const missing of ["timestamp", "trace_id", "level", "body"]) {
			const raw: Record<string, unknown> = { ...base };
			delete raw[missing];
			expect(normalizeLog(raw, ctx), missing).toEqual({
				ok: false,
				reason: "invalid_log",
				bytes: missing === "body" ? 0 : 5,
			});
		}
		expect(normalizeLog({ ...base, trace_id: "not-hex" }, ctx).ok).toBe(false);
		expect(normalizeLog("a string", ctx).ok).toBe(false);
	});

	it("moves times as Relay does: clock drift, the future past a minute and the past beyond retention", () => {
		const sentAt = new Date(receivedAt - 2 * 3_600_000).toISOString();
		expect(stored(base, { ...ctx, sentAt }).timestampUs).toBe((receivedAt - 5000 + 2 * 3_600_000) * 1000);
		expect(stored(base, { ...ctx, sentAt: new Date(receivedAt - 60_000).toISOString() }).timestampUs).toBe(
			(receivedAt - 5000) * 1000,
		);
		expect(stored({ ...base, timestamp: receivedAt / 1000 + 7200 }).timestampUs).toBe(receivedAt * 1000);
		// Ahead by less than the 55 minutes a drift must be: Relay leaves it.
		expect(stored({ ...base, timestamp: receivedAt / 1000 + 120 }).timestampUs).toBe((receivedAt + 120_000) * 1000);
		expect(stored({ ...base, timestamp: receivedAt / 1000 - 31 * 86_400 }).timestampUs).toBe(receivedAt * 1000);
		expect(stored({ ...base, timestamp: "2026-06-01T11:59:00Z" }).timestampUs).toBe((receivedAt - 60_000) * 1000);
	});

	it("maps levels and severity numbers both ways", () => {
		expect(stored({ ...base, level: "warning" })).toMatchObject({ level: "warn", severityNumber: 13 });
		expect(stored({ ...base, level: "fatal" }).severityNumber).toBe(21);
		expect(stored({ ...base, level: "error", severity_number: 19 }).severityNumber).toBe(19);
		expect(stored({ ...base, level: "error", severity_number: 99 }).severityNumber).toBe(17);
		expect(levelOf(undefined, 6)).toBe("debug");
		expect(levelOf("verbose")).toBe("info");
	});

	it("bounds the body, values and the number of attributes, and scrubs", () => {
		const attributes = Object.fromEntries(
			Array.from({ length: MAX_ATTRIBUTES + 50 }, (_, index) => [
				`k${index}`,
				{ value: "v".repeat(20_000), type: "string" },
			]),
		);
		const log = stored({ ...base, body: `card 4111111111111111 ${"b".repeat(MAX_BODY_CHARS)}`, attributes });
		expect(log.body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
		expect(log.body.startsWith("card [Filtered] ")).toBe(true);
		expect(Object.keys(log.attributes)).toHaveLength(MAX_ATTRIBUTES);
		expect((log.attributes.k0 as string).length).toBe(8192);
		const secret = stored({
			...base,
			attributes: { api_key: { value: "sk-123", type: "string" }, auth_token: { value: 5, type: "integer" } },
		});
		expect(secret.attributes).toEqual({ api_key: "[Filtered]", auth_token: 5 });
	});

	it("counts bytes as Relay's calculate_size: body, keys and strings, 8 per number, 1 per boolean", () => {
		expect(
			canonicalSize({
				body: "7 bytes",
				attributes: {
					k1: { value: "string value", type: "string" },
					k2: { value: 1, type: "integer" },
					k4: { value: false, type: "boolean" },
				},
			}),
		).toBe(7 + 2 + 12 + 2 + 8 + 2 + 1);
		expect(
			canonicalSize({
				body: "7 bytes",
				attributes: { foo: { value: "ඞ and some more equals 33 bytes", type: "string" } },
			}),
		).toBe(43);
	});

	it("names logs with UUIDs v7 of their time", () => {
		const id = logItemId(Date.parse("2026-06-01T12:00:00Z"));
		expect(id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
		expect(Number.parseInt(id.slice(0, 12), 16)).toBe(Date.parse("2026-06-01T12:00:00Z"));
	});

	it("never throws on arbitrary input", () => {
		fc.assert(fc.property(fc.anything(), (value) => typeof normalizeLog(value, ctx).ok === "boolean"));
		fc.assert(
			fc.property(
				fc.dictionary(fc.string(), fc.anything()),
				(attributes) => normalizeLog({ ...base, attributes }, ctx).ok,
			),
		);
	});
});
