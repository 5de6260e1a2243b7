/**
 * Event normalization (Relay's relay-event-normalization, the parts Sentry users see): trimming to
 * Relay's limits (trim.ts) before anything else, event id, timestamps with clock-drift correction
 * and clamping, platform, level, logentry formatting, exception values and frames, tags, release,
 * environment, user and `{{auto}}` IP, sdk, request.
 * Problems are recorded in `errors`, as Sentry shows them, never thrown.
 */
import { type Json, list, record, text, toText } from "../../lib/json";
import { MAX_CHARS, trimEvent, trimString } from "./trim";

export interface NormalizeContext {
	eventId: string;
	receivedAt: number;
	/** The envelope's `sent_at`, for clock-drift correction. */
	sentAt?: unknown;
	clientIp?: string | undefined;
	retentionDays: number;
	/** `transaction` events default to level info. */
	type?: "event" | "transaction";
}

const KNOWN_PLATFORMS = new Set([
	"as3",
	"c",
	"cfml",
	"cocoa",
	"csharp",
	"elixir",
	"go",
	"groovy",
	"haskell",
	"java",
	"javascript",
	"native",
	"node",
	"objc",
	"other",
	"perl",
	"php",
	"python",
	"ruby",
]);
const LEVELS: Record<string, string> = {
	debug: "debug",
	info: "info",
	log: "info",
	warning: "warning",
	warn: "warning",
	error: "error",
	fatal: "fatal",
	critical: "fatal",
};
/** Relay's `max_secs_in_future`: later timestamps are moved to the receive time. */
const MAX_FUTURE_MS = 60_000;
/** Relay's MINIMUM_CLOCK_DRIFT: smaller gaps between `sent_at` and receipt are network latency, not drift. */
const MINIMUM_CLOCK_DRIFT_MS = 55 * 60_000;
/** The range of a JavaScript Date (±100,000,000 days around 1970); anything outside is not a time. */
const MAX_DATE_MS = 8.64e15;
const MAX_TAG_LENGTH = 200;

/** Seconds (number), or an RFC 3339 string, to milliseconds; undefined unless a representable time. */
export function parseTimestamp(value: unknown): number | undefined {
	let ms: number | undefined;
	if (typeof value === "number") ms = value * 1000;
	else if (typeof value === "string" && value.trim() !== "") {
		const numeric = Number(value);
		ms = Number.isFinite(numeric)
			? numeric * 1000
			: Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
	}
	return ms !== undefined && Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

const isoTime = (ms: number) => new Date(Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms))).toISOString();

/**
 * How far to move every timestamp of an item, as Relay's ClockDriftProcessor: by the gap between
 * the envelope's `sent_at` and its receipt, when that gap is at least 55 minutes.
 */
export function clockDrift(sentAt: unknown, receivedAt: number): number {
	const sent = parseTimestamp(sentAt);
	return sent !== undefined && Math.abs(receivedAt - sent) >= MINIMUM_CLOCK_DRIFT_MS ? receivedAt - sent : 0;
}
const PLACEHOLDER = /%[sdif]|\{\}|%\((\w+)\)s/g;

/**
 * `%s`-style and `{}`-style placeholders filled from a list of params, `%(name)s` from an object of
 * them, as Sentry formats logentry. The result is at most Relay's 8192 characters and formatting
 * stops there: a message of many placeholders and a large param (0.5 MB in) once made hundreds of
 * megabytes. Each param is turned into text once; a filled-in value is not formatted again.
 */
export function formatMessage(message: string, params: unknown): string {
	const values = Array.isArray(params) ? params : [];
	const named = Array.isArray(params) ? {} : record(params);
	const namedText = new Map<string, string>();
	let next = 0;
	let out = "";
	let copied = 0;
	for (const match of message.matchAll(PLACEHOLDER)) {
		if (out.length >= MAX_CHARS.message) break;
		const name = match[1];
		let value: string | undefined;
		if (name === undefined) value = next < values.length ? toText(values[next++]) : undefined;
		else if (Object.hasOwn(named, name)) {
			value = namedText.get(name) ?? toText(named[name]).slice(0, MAX_CHARS.message);
			namedText.set(name, value);
		}
		out += message.slice(copied, match.index) + (value ?? match[0]).slice(0, MAX_CHARS.message);
		copied = match.index + match[0].length;
	}
	return trimString(out + message.slice(copied, copied + MAX_CHARS.message), MAX_CHARS.message);
}

/**
 * The event's `timestamp` and `start_timestamp`, corrected as Relay corrects them: an unreadable
 * value is dropped (`invalid_data`); both are moved by the clock drift; then, if the timestamp is
 * more than a minute in the future or older than the retention, both are moved so that it becomes
 * the receive time — a transaction keeps its duration. Every correction is recorded in `errors`.
 */
function normalizeTimestamps(raw: Json, ctx: NormalizeContext, errors: Json[]) {
	const read = (name: "timestamp" | "start_timestamp") => {
		const value = parseTimestamp(raw[name]);
		if (value === undefined && raw[name] !== undefined && raw[name] !== null)
			errors.push({ type: "invalid_data", name, value: raw[name] });
		return value;
	};
	let timestamp = read("timestamp");
	let start = read("start_timestamp");
	const drift = clockDrift(ctx.sentAt, ctx.receivedAt);
	if (drift) {
		errors.push({
			type: "clock_drift",
			name: "timestamp",
			sdk_time: isoTime(ctx.receivedAt - drift),
			server_time: isoTime(ctx.receivedAt),
		});
	}
	timestamp = timestamp === undefined ? ctx.receivedAt : timestamp + drift;
	if (start !== undefined) start += drift;
	const tooFar =
		timestamp > ctx.receivedAt + MAX_FUTURE_MS
			? "future_timestamp"
			: timestamp < ctx.receivedAt - ctx.retentionDays * 86_400_000
				? "past_timestamp"
				: undefined;
	if (tooFar) {
		errors.push({ type: tooFar, name: "timestamp", value: isoTime(timestamp) });
		if (start !== undefined) start += ctx.receivedAt - timestamp;
		timestamp = ctx.receivedAt;
	}
	return { timestamp, start: start !== undefined && Math.abs(start) <= MAX_DATE_MS ? start : undefined };
}

function normalizeFrame(value: unknown): Json {
	const frame = record(value);
	const out: Json = {};
	for (const field of [
		"filename",
		"abs_path",
		"module",
		"function",
		"package",
		"platform",
		"context_line",
		"instruction_addr",
	]) {
		if (text(frame[field]) !== undefined) out[field] = frame[field];
	}
	for (const field of ["lineno", "colno"]) if (typeof frame[field] === "number") out[field] = frame[field];
	for (const field of ["pre_context", "post_context"])
		if (Array.isArray(frame[field])) out[field] = list(frame[field]).map(toText);
	if (typeof frame.in_app === "boolean") out.in_app = frame.in_app;
	if (frame.vars !== undefined) out.vars = frame.vars;
	if (out.filename === undefined && typeof out.abs_path === "string") {
		try {
			out.filename = new URL(out.abs_path).pathname;
		} catch {
			out.filename = out.abs_path;
		}
	}
	return out;
}

function normalizeStacktrace(value: unknown): Json | undefined {
	const frames = list(record(value).frames);
	return frames.length ? { frames: frames.map(normalizeFrame) } : undefined;
}

function normalizeException(value: unknown): Json {
	const exception = record(value);
	let type = text(exception.type);
	let exceptionValue =
		text(exception.value) ?? (exception.value === undefined ? undefined : JSON.stringify(exception.value));
	const split = !type && exceptionValue ? /^(\w[\w.$]*): (.*)$/s.exec(exceptionValue) : null;
	if (split) [type, exceptionValue] = [split[1], split[2]];
	const out: Json = { type: type ?? "Error", value: exceptionValue ?? "" };
	if (text(exception.module)) out.module = exception.module;
	if (exception.mechanism !== undefined) out.mechanism = exception.mechanism;
	const stacktrace = normalizeStacktrace(exception.stacktrace);
	if (stacktrace) out.stacktrace = stacktrace;
	if (exception.raw_stacktrace !== undefined) out.raw_stacktrace = exception.raw_stacktrace;
	return out;
}

function normalizeTags(value: unknown): [string, string][] {
	const pairs = Array.isArray(value) ? value : Object.entries(record(value));
	const tags: [string, string][] = [];
	for (const pair of pairs) {
		if (!Array.isArray(pair) || pair.length < 2 || pair[1] === null || pair[1] === undefined) continue;
		const key = toText(pair[0]).trim().slice(0, MAX_TAG_LENGTH);
		const tagValue = toText(pair[1]).trim().slice(0, MAX_TAG_LENGTH);
		if (key && tagValue && !tagValue.includes("\n")) tags.push([key, tagValue]);
	}
	return tags;
}

const cleanName = (value: unknown) => {
	const name = text(value)?.trim();
	return name && !/[\n\r/]/.test(name) && name.length <= 200 ? name : undefined;
};

function normalizeRequest(value: unknown): Json | undefined {
	const request = record(value);
	if (!Object.keys(request).length) return undefined;
	const headers = Array.isArray(request.headers) ? request.headers : Object.entries(record(request.headers));
	return {
		...request,
		headers: headers.filter((pair) => Array.isArray(pair) && pair.length === 2).map(([k, v]) => [toText(k), toText(v)]),
	};
}

export function normalizeEvent(input: Json, ctx: NormalizeContext): Json {
	// Trimming first: every stage after it (here and in the consumer) reads strings and lists of bounded size.
	const raw = trimEvent(input);
	const errors: Json[] = list(raw.errors).map(record);
	const isTransaction = ctx.type === "transaction";
	const platform = text(raw.platform);
	const level = LEVELS[text(raw.level)?.toLowerCase() ?? ""] ?? (isTransaction ? "info" : "error");
	const timestamps = normalizeTimestamps(raw, ctx, errors);
	const event: Json = {
		...raw,
		event_id: ctx.eventId,
		timestamp: timestamps.timestamp / 1000,
		received: ctx.receivedAt / 1000,
		platform: platform && KNOWN_PLATFORMS.has(platform) ? platform : "other",
		level,
		fingerprint: list(raw.fingerprint).length ? list(raw.fingerprint).map(toText) : ["{{ default }}"],
		tags: normalizeTags(raw.tags),
	};
	if (timestamps.start === undefined) delete event.start_timestamp;
	else event.start_timestamp = timestamps.start / 1000;
	const release = cleanName(raw.release);
	const environment = cleanName(raw.environment);
	event.release = release ?? null;
	event.environment = environment ?? null;

	const logentry = record(raw.logentry);
	const message =
		text(logentry.message) ?? text(logentry.formatted) ?? text(raw.message) ?? text(record(raw.message).message);
	if (message !== undefined) {
		const params = logentry.params ?? record(raw.message).params;
		event.logentry = {
			message,
			formatted: text(logentry.formatted) ?? formatMessage(message, params),
			...(params ? { params } : {}),
		};
	}
	delete event.message;

	const exceptionValues = Array.isArray(raw.exception) ? raw.exception : list(record(raw.exception).values);
	if (exceptionValues.length) event.exception = { values: exceptionValues.map(normalizeException) };
	const stacktrace = normalizeStacktrace(raw.stacktrace);
	if (stacktrace) event.stacktrace = stacktrace;

	const breadcrumbs = Array.isArray(raw.breadcrumbs) ? raw.breadcrumbs : list(record(raw.breadcrumbs).values);
	if (breadcrumbs.length) event.breadcrumbs = { values: breadcrumbs.map(record) };

	const user = { ...record(raw.user) };
	if (user.ip_address === "{{auto}}") user.ip_address = ctx.clientIp ?? null;
	if (Object.keys(user).length) event.user = user;
	const request = normalizeRequest(raw.request);
	if (request) event.request = request;

	for (const [key, tagValue] of [
		["level", level],
		["environment", environment],
		["release", release],
	] as const) {
		if (tagValue && !(event.tags as [string, string][]).some(([existing]) => existing === key)) {
			(event.tags as [string, string][]).push([key, tagValue]);
		}
	}
	if (errors.length) event.errors = errors;
	return event;
}
