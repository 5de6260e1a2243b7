/**
 * Sentry's session counting rules on the pure readers: what each update and aggregate contributes,
 * what Relay drops, and how the flags of a session's updates add up to count it once.
 */
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../../../workers/region/ingest/normalize";
import {
	ABNORMAL,
	CRASHED,
	DAY,
	ERRORED,
	EXITED,
	HOUR,
	InvalidSession,
	readSessionAggregates,
	readSessionUpdate,
	STARTED,
	userFlagsOfAggregate,
	userHash,
} from "../../../../workers/region/sessions/counting";

const NOW = Date.UTC(2026, 10, 24, 12, 30);
const clock = { receivedAt: NOW, drift: 0, parseTime: parseTimestamp };
const started = new Date(NOW - 20 * 60_000).toISOString();
const attrs = { release: "app@1.0.0", environment: "production" };
const sid = "7c7b6585-f53d-4f4b-a4e0-f6b8a4e7f7e1";
const read = (fields: Record<string, unknown>) => readSessionUpdate({ sid, started, attrs, ...fields }, clock);
const flagsOf = (fields: Record<string, unknown>) => read(fields)?.flags;

/** What the consumer stores for a session's updates in order: each counts only the flags not yet counted. */
function countOnce(updates: number[]) {
	let stored = 0;
	const counted = { started: 0, errored: 0, crashed: 0, abnormal: 0, exited: 0 };
	for (const flags of updates) {
		const fresh = flags & ~stored;
		stored |= flags;
		counted.started += fresh & STARTED ? 1 : 0;
		counted.errored += fresh & ERRORED ? 1 : 0;
		counted.crashed += fresh & CRASHED ? 1 : 0;
		counted.abnormal += fresh & ABNORMAL ? 1 : 0;
		counted.exited += fresh & EXITED ? 1 : 0;
	}
	return counted;
}

describe("a session update", () => {
	it("starts on init, errors on errors or an error status, ends crashed, abnormal or exited", () => {
		expect(flagsOf({ init: true, status: "ok" })).toBe(STARTED);
		expect(flagsOf({ status: "ok", errors: 2 })).toBe(ERRORED);
		expect(flagsOf({ status: "errored" })).toBe(ERRORED);
		expect(flagsOf({ status: "unhandled" })).toBe(ERRORED);
		expect(flagsOf({ status: "crashed" })).toBe(ERRORED | CRASHED);
		expect(flagsOf({ status: "abnormal" })).toBe(ERRORED | ABNORMAL);
		expect(flagsOf({ status: "exited", duration: 12.5 })).toBe(EXITED);
		expect(flagsOf({ status: "exited" })).toBe(0);
		expect(flagsOf({ status: "exited", errors: 1, duration: 3 })).toBe(ERRORED | EXITED);
		expect(read({ status: "exited", duration: 12.5 })?.duration).toBe(12.5);
	});

	it("ok → errored → crashed counts once, as started, errored and crashed; repeated and redelivered updates add nothing", () => {
		const ok = flagsOf({ init: true }) as number;
		const errored = flagsOf({ status: "errored", errors: 1 }) as number;
		const crash = flagsOf({ status: "crashed", errors: 2 }) as number;
		expect(countOnce([ok, errored, crash, crash, ok, errored])).toEqual({
			started: 1,
			errored: 1,
			crashed: 1,
			abnormal: 0,
			exited: 0,
		});
	});

	it("an exited session counts as healthy with its duration, once", () => {
		const exited = flagsOf({ status: "exited", duration: 4 }) as number;
		expect(countOnce([flagsOf({ init: true }) as number, exited, exited])).toEqual({
			started: 1,
			errored: 0,
			crashed: 0,
			abnormal: 0,
			exited: 1,
		});
	});

	it("lands in the hour it started, with its sid normalized and a nil did dropped", () => {
		const update = read({ did: "00000000-0000-0000-0000-000000000000", started: "2026-11-24T12:10:00Z" });
		expect(update?.key).toEqual({
			release: "app@1.0.0",
			environment: "production",
			bucket: Date.UTC(2026, 10, 24, 12),
		});
		expect(update?.sid).toBe("7c7b6585f53d4f4ba4e0f6b8a4e7f7e1");
		expect(update?.did).toBeUndefined();
		expect(read({ did: "ada" })?.did).toBe("ada");
	});

	it("is dropped, as Relay drops it, without a valid release, outside [received − 5 days, + 60 s], or of an unknown status", () => {
		expect(read({ attrs: { environment: "production" } })).toBeUndefined();
		expect(read({ attrs: { release: "latest" } })).toBeUndefined();
		expect(read({ started: new Date(NOW - 5 * DAY - 1000).toISOString() })).toBeUndefined();
		expect(read({ started: new Date(NOW + 61_000).toISOString() })).toBeUndefined();
		expect(read({ timestamp: new Date(NOW + 120_000).toISOString() })).toBeUndefined();
		expect(read({ status: "bogus" })).toBeUndefined();
		expect(read({ attrs: { release: "app@1", environment: "a/b" } })?.key.environment).toBe("");
	});

	it("moves its times by the clock drift before judging them", () => {
		const drifted = readSessionUpdate(
			{ sid, started: new Date(NOW - 6 * DAY).toISOString(), attrs },
			{ ...clock, drift: 2 * DAY },
		);
		expect(drifted?.started).toBe(NOW - 4 * DAY);
	});

	it("is an invalid item when its shape is wrong", () => {
		expect(() => read({ started: undefined })).toThrow(InvalidSession);
		expect(() => read({ started: "yesterday" })).toThrow(InvalidSession);
		expect(() => read({ sid: "not-a-uuid" })).toThrow(InvalidSession);
		expect(() => read({ errors: -1 })).toThrow(InvalidSession);
		expect(() => read({ did: 42 })).toThrow(InvalidSession);
		expect(() => read({ attrs: "app@1" })).toThrow(InvalidSession);
	});
});

describe("session aggregates", () => {
	it("count every status into started, errored (fatal included), crashed and abnormal", () => {
		const [aggregate] = readSessionAggregates(
			{ attrs, aggregates: [{ started, exited: 5, errored: 2, crashed: 1, abnormal: 1, unhandled: 1 }] },
			clock,
		);
		expect(aggregate).toMatchObject({ started: 10, errored: 5, crashed: 1, abnormal: 1 });
		expect(userFlagsOfAggregate(aggregate as NonNullable<typeof aggregate>)).toBe(ERRORED | CRASHED | ABNORMAL);
	});

	it("keep only the entries inside the time window, and nothing without a release", () => {
		const old = new Date(NOW - 6 * DAY).toISOString();
		const entries = readSessionAggregates(
			{
				attrs,
				aggregates: [
					{ started: old, exited: 3 },
					{ started, did: "ada", exited: 1 },
					{ started, exited: 0 },
				],
			},
			clock,
		);
		expect(entries).toEqual([
			{
				key: { ...attrs, bucket: Math.floor((NOW - 20 * 60_000) / HOUR) * HOUR },
				did: "ada",
				started: 1,
				errored: 0,
				crashed: 0,
				abnormal: 0,
			},
		]);
		expect(readSessionAggregates({ attrs: {}, aggregates: [{ started, exited: 1 }] }, clock)).toEqual([]);
	});

	it("are an invalid item with a bad count or more than 100 entries", () => {
		expect(() => readSessionAggregates({ attrs, aggregates: [{ started, exited: "many" }] }, clock)).toThrow(
			InvalidSession,
		);
		const many = Array.from({ length: 101 }, () => ({ started, exited: 1 }));
		expect(() => readSessionAggregates({ attrs, aggregates: many }, clock)).toThrow(InvalidSession);
	});
});

describe("user hashes", () => {
	it("are 52-bit integers, stable per project and did, different across projects", async () => {
		const hash = await userHash(1, "ada@example.com");
		expect(Number.isSafeInteger(hash) && hash >= 0 && hash < 2 ** 52).toBe(true);
		expect(await userHash(1, "ada@example.com")).toBe(hash);
		expect(await userHash(2, "ada@example.com")).not.toBe(hash);
	});
});
