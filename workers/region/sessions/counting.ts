/**
 * Sentry's session counting, as Relay extracts it (relay-event-schema's `SessionLike`, relay-server's
 * sessions metrics extraction), read from untrusted SDK payloads. A `session` update contributes
 * flags: started (`init`), errored (any error or a non-healthy final status), crashed, abnormal,
 * and exited with a duration; the consumer counts each flag at most once per session id. A
 * `sessions` aggregate contributes counts. Both land in the hour and day the session started.
 * Sessions without a valid release, or with a start or timestamp outside [received − 5 days,
 * received + 60 s] after clock-drift correction, are dropped without an outcome, as Relay drops them;
 * payloads of the wrong shape throw InvalidSession (an invalid item).
 */
import { type Json, list, record, text, toText } from "../../lib/json";
import { environmentNameSchema, releaseVersionSchema } from "../../lib/release-names";

/** The payload is not a session of Sentry's protocol. */
export class InvalidSession extends Error {}

export const STARTED = 1;
export const ERRORED = 2;
export const CRASHED = 4;
export const ABNORMAL = 8;
/** An exited session whose duration is counted. */
export const EXITED = 16;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Relay's `max_session_secs_in_past`. */
export const MAX_SESSION_AGE_MS = 5 * DAY;
/** Relay's `max_secs_in_future`. */
const MAX_FUTURE_MS = 60_000;
/** Aggregate entries read from one `sessions` item; more makes the item invalid (bounded cost per item). */
export const MAX_AGGREGATES = 100;
const MAX_COUNT = 0xffff_ffff;

const STATUSES = new Set(["ok", "exited", "crashed", "abnormal", "errored", "unhandled"]);
const ERROR_STATUSES = new Set(["crashed", "abnormal", "errored", "unhandled"]);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NIL_UUID = /^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$/;

/** Where a session's counts go: its release and environment ("" for none), and the hour it started. */
export interface SessionKey {
	release: string;
	environment: string;
	/** Start of the hour the session started in (ms). */
	bucket: number;
}

export interface SessionUpdate {
	key: SessionKey;
	/** 32 lower-case hex digits; undefined when the SDK sent none (then nothing can dedupe it). */
	sid: string | undefined;
	started: number;
	flags: number;
	/** `did`, unless absent or the nil UUID. */
	did: string | undefined;
	/** Seconds, for an exited session. */
	duration: number | undefined;
}

export interface SessionAggregate {
	key: SessionKey;
	did: string | undefined;
	/** Sessions started, errored (crashed and abnormal included), crashed, abnormal. */
	started: number;
	errored: number;
	crashed: number;
	abnormal: number;
}

export interface SessionClock {
	receivedAt: number;
	/** How far to move the SDK's timestamps (workers/region/ingest clockDrift). */
	drift: number;
	/** Seconds or RFC 3339 to milliseconds, undefined when unreadable (workers/region/ingest parseTimestamp). */
	parseTime: (value: unknown) => number | undefined;
}

export const hourOf = (time: number) => Math.floor(time / HOUR) * HOUR;
export const dayOf = (time: number) => Math.floor(time / DAY) * DAY;

/** Milliseconds from seconds or RFC 3339; InvalidSession when present but unreadable. */
function timeOf(value: unknown, what: string, clock: SessionClock): number | undefined {
	if (value === undefined || value === null) return undefined;
	const time = clock.parseTime(value);
	if (time === undefined) throw new InvalidSession(`${what} is not a timestamp: ${toText(value).slice(0, 50)}`);
	return time;
}

function countOf(value: unknown, what: string): number {
	if (value === undefined || value === null) return 0;
	if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_COUNT) return value;
	throw new InvalidSession(`${what} is not a count: ${toText(value).slice(0, 50)}`);
}

function didOf(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== "string") throw new InvalidSession("did is not a string");
	return value === "" || NIL_UUID.test(value) ? undefined : value;
}

const inWindow = (time: number, clock: SessionClock) =>
	time >= clock.receivedAt - MAX_SESSION_AGE_MS && time <= clock.receivedAt + MAX_FUTURE_MS;

/** The release and environment of `attrs`, or undefined when the release is missing or invalid. */
function attributesOf(attrs: unknown): { release: string; environment: string } | undefined {
	if (typeof attrs !== "object" || attrs === null || Array.isArray(attrs))
		throw new InvalidSession("attrs is not an object");
	const { release, environment } = attrs as Json;
	const version = releaseVersionSchema.safeParse(release);
	if (!version.success) return undefined;
	const name = environmentNameSchema.safeParse(environment);
	return { release: version.data, environment: name.success ? name.data : "" };
}

/** A `session` item's update, or undefined when Relay would drop it. */
export function readSessionUpdate(payload: Json, clock: SessionClock): SessionUpdate | undefined {
	const startedAt = timeOf(payload.started, "started", clock);
	if (startedAt === undefined) throw new InvalidSession("session has no started time");
	const started = startedAt + clock.drift;
	const sentTime = timeOf(payload.timestamp, "timestamp", clock);
	const timestamp = Math.max(sentTime === undefined ? clock.receivedAt : sentTime + clock.drift, started);
	const sid = payload.sid === undefined || payload.sid === null ? undefined : text(payload.sid);
	if (sid !== undefined && !UUID.test(sid)) throw new InvalidSession("sid is not a UUID");
	if (payload.sid !== undefined && payload.sid !== null && sid === undefined)
		throw new InvalidSession("sid is not a string");
	const status = payload.status === undefined || payload.status === null ? "ok" : text(payload.status);
	if (status === undefined) throw new InvalidSession("status is not a string");
	const errors = countOf(payload.errors, "errors");
	const did = didOf(payload.did);
	const attributes = attributesOf(payload.attrs);
	if (!attributes || !STATUSES.has(status) || !inWindow(started, clock) || !inWindow(timestamp, clock))
		return undefined;

	const duration = typeof payload.duration === "number" ? payload.duration : undefined;
	const countsDuration = status === "exited" && duration !== undefined && Number.isFinite(duration) && duration >= 0;
	const flags =
		(payload.init === true ? STARTED : 0) |
		(errors > 0 || ERROR_STATUSES.has(status) ? ERRORED : 0) |
		(status === "crashed" ? CRASHED : 0) |
		(status === "abnormal" ? ABNORMAL : 0) |
		(countsDuration ? EXITED : 0);
	return {
		key: { ...attributes, bucket: hourOf(started) },
		sid: sid?.replaceAll("-", "").toLowerCase(),
		started,
		flags,
		did,
		duration: countsDuration ? duration : undefined,
	};
}

/** A `sessions` item's aggregates that Relay would keep (none when it would drop the item). */
export function readSessionAggregates(payload: Json, clock: SessionClock): SessionAggregate[] {
	const entries = list(payload.aggregates);
	if (payload.aggregates !== undefined && !Array.isArray(payload.aggregates))
		throw new InvalidSession("aggregates is not a list");
	if (entries.length > MAX_AGGREGATES) throw new InvalidSession(`more than ${MAX_AGGREGATES} session aggregates`);
	const parsed = entries.map((value) => {
		const entry = record(value);
		const startedAt = timeOf(entry.started, "started", clock);
		if (startedAt === undefined) throw new InvalidSession("session aggregate has no started time");
		const exited = countOf(entry.exited, "exited");
		const errored = countOf(entry.errored, "errored");
		const abnormal = countOf(entry.abnormal, "abnormal");
		const unhandled = countOf(entry.unhandled, "unhandled");
		const crashed = countOf(entry.crashed, "crashed");
		return {
			started: startedAt + clock.drift,
			did: didOf(entry.did),
			counts: {
				started: exited + errored + abnormal + unhandled + crashed,
				errored: errored + abnormal + unhandled + crashed,
				crashed,
				abnormal,
			},
		};
	});
	const attributes = attributesOf(payload.attrs);
	if (!attributes) return [];
	return parsed
		.filter((entry) => inWindow(entry.started, clock) && entry.counts.started > 0)
		.map((entry) => ({ key: { ...attributes, bucket: hourOf(entry.started) }, did: entry.did, ...entry.counts }));
}

/** The user's flags as the user masks keep them (a user is errored when any of their sessions is). */
export function userFlagsOfAggregate(aggregate: SessionAggregate): number {
	return (
		(aggregate.errored > 0 ? ERRORED : 0) |
		(aggregate.crashed > 0 ? CRASHED : 0) |
		(aggregate.abnormal > 0 ? ABNORMAL : 0)
	);
}

const encoder = new TextEncoder();
const HASH_BITS = 2 ** 52;

/**
 * A user's key: 52 bits of SHA-256 over the project and `did`, so the raw id (often an e-mail) is not
 * stored, and hashes are uniform for sampling (docs/release-health.md).
 */
export async function userHash(projectId: number, did: string): Promise<number> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${projectId}:${did}`)));
	let value = 0;
	for (const byte of digest.subarray(0, 7)) value = value * 256 + byte;
	return value % HASH_BITS;
}
