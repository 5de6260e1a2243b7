/**
 * Trimming to Relay's limits, the first stage of normalization, and message formatting whose output
 * is bounded however many placeholders and however large the params.
 */
import { describe, expect, it } from "vitest";
import { type Json, list, record, text } from "../../../../workers/lib/json";
import { formatMessage, normalizeEvent } from "../../../../workers/region/ingest/normalize";
import { MAX_BREADCRUMBS, MAX_CHARS, MAX_FRAMES, trimEvent, trimString } from "../../../../workers/region/ingest/trim";

const normalize = (raw: Json) =>
	normalizeEvent(raw, { eventId: "a".repeat(32), receivedAt: Date.now(), retentionDays: 90 });

describe("trimEvent", () => {
	it("cuts strings to their field's limit, ending in '...', and never splits a surrogate pair", () => {
		const trimmed = trimEvent({
			logentry: { message: "m".repeat(20_000) },
			culprit: "c".repeat(300),
			exception: { values: [{ type: "T".repeat(1000), value: "v".repeat(9000) }] },
			anything: { nested: "x".repeat(10_000) },
		});
		expect((trimmed.logentry as Json).message).toBe(`${"m".repeat(MAX_CHARS.message - 3)}...`);
		expect(trimmed.culprit).toHaveLength(200);
		const [exception] = (trimmed.exception as { values: Json[] }).values;
		expect(exception?.type).toHaveLength(MAX_CHARS.symbol);
		expect(exception?.value).toHaveLength(MAX_CHARS.message);
		expect(((trimmed.anything as Json).nested as string).length).toBe(MAX_CHARS.message);
		expect(trimString("aaa😀😀xx", 7)).toBe("aaa...");
	});

	it("keeps the last 250 frames of a stack trace and the last 100 breadcrumbs", () => {
		const frames = Array.from({ length: 1000 }, (_, index) => ({ function: `f${index}` }));
		const trimmed = trimEvent({
			exception: [{ stacktrace: { frames } }],
			threads: { values: [{ stacktrace: { frames } }] },
			breadcrumbs: { values: Array.from({ length: 500 }, (_, index) => ({ message: `b${index}` })) },
		});
		const framesOf = (holder: unknown) => list(record(record(holder).stacktrace).frames).map(record);
		const kept = framesOf(list(trimmed.exception)[0]);
		expect(kept).toHaveLength(MAX_FRAMES);
		expect(kept.at(-1)?.function).toBe("f999");
		const threadFrames = framesOf(list(record(trimmed.threads).values)[0]);
		expect(threadFrames).toHaveLength(MAX_FRAMES);
		const crumbs = (trimmed.breadcrumbs as { values: Json[] }).values;
		expect(crumbs).toHaveLength(MAX_BREADCRUMBS);
		expect(crumbs.at(-1)?.message).toBe("b499");
	});

	it("bounds data bags in depth (deeper containers become JSON text) and in bytes", () => {
		let deep: unknown = "bottom";
		for (let depth = 0; depth < 20; depth++) deep = { down: deep };
		const trimmed = trimEvent({
			extra: { deep, wide: Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`k${index}`, index])) },
			breadcrumbs: [{ data: { blob: "d".repeat(100_000) } }],
		});
		expect(JSON.stringify(trimmed.extra).length).toBeLessThan(16_384 + 512);
		let level = (trimmed.extra as Json).deep;
		for (let depth = 0; depth < 5; depth++) level = (level as Json).down;
		expect(typeof level).toBe("string");
		const data = text(record(record(list(trimmed.breadcrumbs)[0]).data).blob) ?? "";
		expect(data.length).toBeLessThan(2048);
	});

	it("keeps a key named __proto__ as a key, not the prototype", () => {
		const raw = JSON.parse('{"extra":{"__proto__":{"polluted":true}},"__proto__":"x"}') as Json;
		const trimmed = trimEvent(raw);
		expect(Object.keys(trimmed)).toContain("__proto__");
		expect(Object.getPrototypeOf(trimmed.extra)).toBe(Object.prototype);
		expect(({} as Json).polluted).toBeUndefined();
	});

	it("runs before normalization: a message of a megabyte is stored as 8192 characters", () => {
		const event = normalize({ message: "%s ".repeat(400_000), logentry: undefined });
		const logentry = event.logentry as { message: string; formatted: string };
		expect(logentry.message).toHaveLength(MAX_CHARS.message);
		expect(logentry.formatted.length).toBeLessThanOrEqual(MAX_CHARS.message);
	});
});

describe("formatMessage", () => {
	it("fills positional and named placeholders as before", () => {
		expect(formatMessage("%s has %d items, {} left", ["cart", 3, 1])).toBe("cart has 3 items, 1 left");
		expect(formatMessage("%(user)s logged in as %(user)s", { user: "ada" })).toBe("ada logged in as ada");
		expect(formatMessage("%s and %s", ["only one"])).toBe("only one and %s");
		expect(formatMessage("%(constructor)s", {})).toBe("%(constructor)s");
	});

	it("stops at 8192 characters however many placeholders meet however large a param", () => {
		// 4096 placeholders × a 100 KB param made 400 MB before.
		const named = formatMessage("%(a)s".repeat(1600), { a: "x".repeat(100_000) });
		expect(named.length).toBeLessThanOrEqual(MAX_CHARS.message);
		const positional = formatMessage(
			"%s".repeat(4096),
			Array.from({ length: 4096 }, () => "y".repeat(1000)),
		);
		expect(positional.length).toBeLessThanOrEqual(MAX_CHARS.message);
	});

	it("does not format a filled-in value again", () => {
		expect(formatMessage("%s %(a)s", ["%(a)s"])).toBe("%(a)s %(a)s");
	});
});
