import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linkHeader, parseCursor } from "../../../../workers/lib/pagination";
import { groupEvent, parameterize } from "../../../../workers/region/ingest/grouping";
import { formatMessage, normalizeEvent } from "../../../../workers/region/ingest/normalize";
import { FILTERED, scrubEvent, scrubString } from "../../../../workers/region/ingest/scrub";
import { parseIssueQuery, shortId } from "../../../../workers/region/issues/search";

const NOW = Date.UTC(2026, 10, 24, 12);
const ctx = { eventId: "a".repeat(32), receivedAt: NOW, retentionDays: 90 };

describe("normalizeEvent", () => {
	it("fills Sentry's defaults and lets the envelope's event id win", () => {
		const event = normalizeEvent({ event_id: "b".repeat(32), message: "hi", platform: "brainfuck" }, ctx);
		expect(event).toMatchObject({
			event_id: "a".repeat(32),
			level: "error",
			platform: "other",
			fingerprint: ["{{ default }}"],
			timestamp: NOW / 1000,
			logentry: { message: "hi", formatted: "hi" },
		});
	});

	it("corrects clock drift from sent_at and clamps future and too-old timestamps, recording why", () => {
		const drifted = normalizeEvent(
			{ timestamp: (NOW - 3_600_000) / 1000 },
			{ ...ctx, sentAt: new Date(NOW - 3_600_000).toISOString() },
		);
		expect(drifted.timestamp).toBe(NOW / 1000);
		expect(drifted.errors).toMatchObject([{ type: "clock_drift" }]);
		expect(normalizeEvent({ timestamp: (NOW + 3_600_000) / 1000 }, ctx)).toMatchObject({
			timestamp: NOW / 1000,
			errors: [{ type: "future_timestamp" }],
		});
		expect(normalizeEvent({ timestamp: "2020-01-01T00:00:00Z" }, ctx)).toMatchObject({
			timestamp: NOW / 1000,
			errors: [{ type: "past_timestamp" }],
		});
		expect(normalizeEvent({ timestamp: "2026-11-24T11:00:00Z" }, ctx).timestamp).toBe((NOW - 3_600_000) / 1000);
	});

	it("corrects drift only from 55 minutes on, as Relay, and moves start_timestamp with the timestamp", () => {
		const sentAt = (minutesBehind: number) => new Date(NOW - minutesBehind * 60_000).toISOString();
		const transaction = { timestamp: (NOW - 10_800_000) / 1000, start_timestamp: (NOW - 10_802_000) / 1000 };
		const latency = normalizeEvent(transaction, { ...ctx, sentAt: sentAt(54) });
		expect(latency).toMatchObject(transaction);
		expect(latency.errors).toBeUndefined();
		const drifted = normalizeEvent(transaction, { ...ctx, sentAt: sentAt(120) });
		expect(drifted.timestamp).toBe((NOW - 3_600_000) / 1000);
		expect((drifted.timestamp as number) - (drifted.start_timestamp as number)).toBeCloseTo(2, 6);
		const future = normalizeEvent({ timestamp: NOW / 1000 + 600, start_timestamp: NOW / 1000 + 597 }, ctx);
		expect(future).toMatchObject({ timestamp: NOW / 1000, start_timestamp: NOW / 1000 - 3 });
		expect(future.errors).toMatchObject([{ type: "future_timestamp" }]);
	});

	it("never throws: unreadable times are dropped and recorded, hostile values become text", () => {
		const hostile = { toString: 1, valueOf: 1 };
		const event = normalizeEvent(
			{
				timestamp: 1e20,
				start_timestamp: "not a time",
				tags: [
					["k", hostile],
					[hostile, "v"],
				],
				fingerprint: [hostile],
				logentry: { message: "%s and %(x)s", params: [hostile] },
				exception: { values: [{ value: hostile, stacktrace: { frames: [{ pre_context: [hostile] }] } }] },
				request: { headers: [["h", hostile]] },
			},
			{ ...ctx, sentAt: 1e20 },
		);
		expect(event.timestamp).toBe(NOW / 1000);
		expect(event.start_timestamp).toBeUndefined();
		expect(event.errors).toEqual([
			{ type: "invalid_data", name: "timestamp", value: 1e20 },
			{ type: "invalid_data", name: "start_timestamp", value: "not a time" },
		]);
		expect(event.fingerprint).toEqual(['{"toString":1,"valueOf":1}']);
		const drifted = normalizeEvent({ timestamp: 8.6e12 }, { ...ctx, sentAt: -8.6e12 });
		expect(drifted.timestamp).toBe(NOW / 1000);
		expect(drifted.errors).toMatchObject([{ type: "clock_drift" }, { type: "future_timestamp" }]);
	});

	it("normalizes, scrubs and groups any JSON object without throwing", async () => {
		const keys = [
			...["timestamp", "start_timestamp", "message", "logentry", "params", "formatted", "exception", "values"],
			...["stacktrace", "frames", "function", "module", "in_app", "tags", "fingerprint", "user", "request"],
			...["headers", "cookies", "breadcrumbs", "level", "platform", "threads", "toString", "valueOf", "culprit"],
		];
		const value = fc.oneof(
			fc.string(),
			fc.double(),
			fc.integer(),
			fc.boolean(),
			fc.constant(null),
			fc.constantFrom(1e20, -1e20, "9999999-01-01", "{{auto}}"),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.object({ key: fc.constantFrom(...keys), values: [value], maxDepth: 5, maxKeys: 6 }),
				fc.oneof(fc.constant(undefined), value),
				async (raw, sentAt) => {
					const event = scrubEvent(normalizeEvent(raw, { ...ctx, sentAt }));
					const grouping = await groupEvent(event);
					expect(grouping.hash).toMatch(/^[0-9a-f]{32}$/);
					expect(Number.isFinite(new Date((event.timestamp as number) * 1000).getTime())).toBe(true);
				},
			),
			{ numRuns: 300 },
		);
	});

	it("formats logentry params, normalizes levels, tags, user IP and exception values", () => {
		const event = normalizeEvent(
			{
				logentry: { message: "took %s ms for %s", params: [35, "x"] },
				level: "warn",
				tags: { a: "1", bad: "x\ny" },
				user: { ip_address: "{{auto}}" },
				exception: [{ value: "ValueError: nope" }],
				release: "bad/release",
			},
			{ ...ctx, clientIp: "203.0.113.9" },
		);
		expect(event.logentry).toEqual({ message: "took %s ms for %s", formatted: "took 35 ms for x", params: [35, "x"] });
		expect(event.level).toBe("warning");
		expect(event.tags).toEqual([
			["a", "1"],
			["level", "warning"],
		]);
		expect(event.user).toEqual({ ip_address: "203.0.113.9" });
		expect(event.exception).toEqual({ values: [{ type: "ValueError", value: "nope" }] });
		expect(event.release).toBeNull();
		expect(formatMessage("%(name)s!", { name: "Ada" })).toBe("Ada!");
	});
});

describe("scrubEvent", () => {
	it("filters password-like keys, auth headers and cookies, and secrets inside strings", () => {
		const event = scrubEvent({
			extra: { password: "hunter2", nested: { api_key: "k" }, note: "card 4111 1111 1111 1111 ok" },
			request: {
				headers: [
					["Authorization", "Bearer abc"],
					["User-Agent", "curl"],
					["Cookie", "sessionid=1"],
				],
				cookies: { sessionid: "s", theme: "dark" },
				url: "https://user:pw@example.com/",
			},
			exception: { values: [{ stacktrace: { frames: [{ filename: "/home/ada/app.py" }] } }] },
			debug_meta: { images: [{ password: "kept" }] },
		});
		expect(event.extra).toEqual({ password: FILTERED, nested: { api_key: FILTERED }, note: `card ${FILTERED} ok` });
		const request = event.request as { headers: string[][]; cookies: string[][]; url: string };
		expect(request.headers).toEqual([
			["Authorization", FILTERED],
			["User-Agent", "curl"],
			["Cookie", FILTERED],
		]);
		expect(request.cookies).toEqual([["theme", "dark"]]);
		expect(request.url).toBe(`https://user:${FILTERED}@example.com/`);
		expect(event.debug_meta).toEqual({ images: [{ password: "kept" }] });
		expect(JSON.stringify(event.exception)).toContain("/home/ada/app.py");
	});

	it("never leaves a valid card number in any string", () => {
		const cards = ["4111111111111111", "5500 0000 0000 0004", "3400-000000-00009"];
		fc.assert(
			fc.property(fc.constantFrom(...cards), fc.string(), fc.string(), (card, before, after) => {
				expect(scrubString(`${before} ${card} ${after}`).replace(/\D/g, "")).not.toContain(card.replace(/\D/g, ""));
			}),
		);
		expect(scrubString("order 1234567890123 shipped")).toBe("order 1234567890123 shipped");
	});
});

const frame = (fn: string, lineno: number, inApp = true) => ({
	module: "app.views",
	function: fn,
	lineno,
	in_app: inApp,
});
const errorEvent = (value: string, frames: object[]) => ({
	exception: { values: [{ type: "ValueError", value, stacktrace: { frames } }] },
	fingerprint: ["{{ default }}"],
});

describe("groupEvent", () => {
	it("groups by in-app frames, ignoring line numbers and the exception value", async () => {
		const a = await groupEvent(errorEvent("id 1 missing", [frame("lib", 1, false), frame("handler", 10)]));
		const b = await groupEvent(errorEvent("id 2 missing", [frame("lib", 99, false), frame("handler", 42)]));
		const c = await groupEvent(errorEvent("id 1 missing", [frame("other", 10)]));
		expect(a.hash).toBe(b.hash);
		expect(a.hash).not.toBe(c.hash);
		expect(a.title).toBe("ValueError: id 1 missing");
		expect(a.culprit).toBe("app.views in handler");
	});

	it("falls back to type and value, then to the message template", async () => {
		const noStack = (value: string) => ({ exception: { values: [{ type: "KeyError", value }] } });
		expect((await groupEvent(noStack("a"))).hash).not.toBe((await groupEvent(noStack("b"))).hash);
		const message = (formatted: string, template: string) => ({ logentry: { message: template, formatted } });
		const first = await groupEvent(message("user 1 left", "user %s left"));
		expect(first.hash).toBe((await groupEvent(message("user 2 left", "user %s left"))).hash);
		expect(first.title).toBe("user 1 left");
		expect(parameterize("took 35 ms at 0xff for 9ec79c33-ec99-42ab-8353-589fcb2e04dc")).toBe(
			"took <int> ms at <hex> for <uuid>",
		);
	});

	it("treats a message's synthetic exception as the message: named and grouped by its text", async () => {
		const stack = { frames: [frame("run", 1)] };
		const message = (text: string) => ({
			logentry: { message: text, formatted: text },
			exception: { values: [{ type: "Error", value: text, stacktrace: stack }] },
		});
		const first = await groupEvent(message("cache warmed"));
		expect(first.title).toBe("cache warmed");
		expect(first.hash).not.toBe((await groupEvent(message("cache cold"))).hash);
		expect(first.hash).not.toBe((await groupEvent(errorEvent("boom", [frame("run", 1)]))).hash);
	});

	it("builds the culprit as Sentry's get_culprit: explicit, transaction, frame by platform, request URL", async () => {
		const stack = (frames: object[]) => ({
			exception: { values: [{ type: "E", value: "v", stacktrace: { frames } }] },
		});
		const inApp = { module: "app.views", function: "handler", in_app: true };
		const library = { filename: "lib/http.py", function: "send", in_app: false };
		expect((await groupEvent({ ...stack([inApp]), culprit: "mine", transaction: "/t" })).culprit).toBe("mine");
		expect((await groupEvent({ ...stack([inApp]), transaction: "/users/:id" })).culprit).toBe("/users/:id");
		expect((await groupEvent(stack([inApp, library]))).culprit).toBe("app.views in handler");
		expect((await groupEvent(stack([library]))).culprit).toBe("lib/http.py in send");
		expect(
			(await groupEvent({ ...stack([{ filename: "app.js", function: "onClick" }]), platform: "javascript" })).culprit,
		).toBe("onClick(app.js)");
		expect((await groupEvent({ ...stack([{ function: "-[View draw]" }]), platform: "cocoa" })).culprit).toBe(
			"-[View draw]",
		);
		// A frame that names no place gives no culprit, never "? in ?".
		const anonymous = await groupEvent({ ...stack([{ lineno: 3 }]), request: { url: "https://example.com/a" } });
		expect(anonymous.culprit).toBe("https://example.com/a");
		expect((await groupEvent(stack([{ lineno: 3, in_app: true }]))).culprit).toBe("");
		const synthetic = { type: "E", value: "v", mechanism: { synthetic: true }, stacktrace: { frames: [inApp] } };
		expect((await groupEvent({ exception: { values: [synthetic] } })).culprit).toBe("");
	});

	it("groups a message with a top-level or thread stack trace by its in-app frames, as Sentry", async () => {
		const frames = [frame("lib", 1, false), frame("report", 7)];
		const topLevel = (text: string) => ({ logentry: { message: text }, stacktrace: { frames } });
		const first = await groupEvent(topLevel("disk 91% full"));
		expect(first.components).toEqual(["app.views:report"]);
		expect(first.title).toBe("disk 91% full");
		expect((await groupEvent(topLevel("disk 95% full"))).hash).toBe(first.hash);
		const inThread = (text: string, threadFrames: object[]) => ({
			logentry: { message: text },
			threads: { values: [{ id: 1, current: true, stacktrace: { frames: threadFrames } }, { id: 2 }] },
		});
		expect((await groupEvent(inThread("anything", frames))).hash).toBe(first.hash);
		expect((await groupEvent(inThread("other", [frame("elsewhere", 1)]))).hash).not.toBe(first.hash);
		const twoStacks = {
			logentry: { message: "two threads" },
			threads: { values: [{ stacktrace: { frames } }, { stacktrace: { frames } }] },
		};
		expect((await groupEvent(twoStacks)).components).toEqual(["two threads"]);
	});

	it("uses a custom fingerprint, expanding {{ default }}", async () => {
		const base = errorEvent("x", [frame("handler", 1)]);
		const custom = await groupEvent({ ...base, fingerprint: ["database-down"] });
		const alsoCustom = await groupEvent({ ...errorEvent("y", [frame("other", 1)]), fingerprint: ["database-down"] });
		expect(custom.hash).toBe(alsoCustom.hash);
		const withDefault = await groupEvent({ ...base, fingerprint: ["{{ default }}", "tenant-a"] });
		expect(withDefault.components).toEqual([...(await groupEvent(base)).components, "fingerprint:tenant-a"]);
	});
});

describe("issue search", () => {
	it("parses Sentry's query syntax", () => {
		expect(parseIssueQuery('is:resolved level:error release:"1.0 beta" timeout')).toEqual([
			{ kind: "status", values: ["resolved"], negated: false },
			{ kind: "level", values: ["error"], negated: false },
			{ kind: "tag", key: "release", values: ["1.0 beta"], negated: false },
			{ kind: "text", value: "timeout", negated: false },
		]);
		expect(parseIssueQuery(undefined)).toEqual([{ kind: "status", values: ["unresolved"], negated: false }]);
	});

	it("pages with Sentry's cursors and Link header", () => {
		expect(parseCursor("0:50:0")).toBe(50);
		expect(parseCursor("garbage")).toBe(0);
		const link = linkHeader(new URL("http://x/api/0/issues/?query=a"), 25, 25, true);
		expect(link).toContain('rel="previous"; results="true"; cursor="0:0:1"');
		expect(link).toContain('rel="next"; results="true"; cursor="0:50:0"');
		expect(shortId("web", 1)).toBe("WEB-1");
		expect(shortId("web", 33)).toBe("WEB-11");
	});
});
