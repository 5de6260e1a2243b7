/**
 * Sentry logs as Relay normalizes them (relay-ourlogs, processing/logs): a `log` container's items
 * become stored logs, each kept or refused on its own. A log needs a time, a trace id, a level and a
 * body (else `invalid_log`); its time is corrected for clock drift and, more than a minute in the
 * future or older than the retention, moved to the receive time; severity numbers follow the level;
 * typed attributes keep strings, numbers, booleans and arrays of them; everything is bounded (body,
 * values, number of attributes) and scrubbed with Sentry's default rules. Never throws.
 */
import { type Json, list, record, text } from "../../lib/json";
import { clockDrift, FILTERED, isSensitiveKey, parseTimestamp, scrubString } from "../ingest";
import { type Level, levelOf, severityOfLevel } from "./levels";

export type AttributeValue = string | number | boolean | (string | number | boolean)[];

export interface StoredLog {
	itemId: string;
	timestampUs: number;
	traceId: string;
	spanId: string | undefined;
	level: Level;
	severityNumber: number;
	body: string;
	attributes: Record<string, AttributeValue>;
	/** Relay's canonical size (body, attribute keys and values): what `log_byte` outcomes count. */
	bytes: number;
}

export interface LogContext {
	receivedAt: number;
	/** The envelope's `sent_at`. */
	sentAt: unknown;
	retentionDays: number;
}

export type NormalizedLog = { ok: true; log: StoredLog } | { ok: false; reason: "invalid_log"; bytes: number };

/** Relay's `max_secs_in_future`. */
const MAX_FUTURE_MS = 60_000;
export const MAX_BODY_CHARS = 16_384;
export const MAX_VALUE_CHARS = 8_192;
export const MAX_ATTRIBUTES = 256;
const MAX_KEY_CHARS = 256;
const MAX_ARRAY_ITEMS = 100;
const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;

const encoder = new TextEncoder();
const utf8Length = (value: string) => encoder.encode(value).byteLength;

/** Relay's `calculate_size`: bytes of the body and of attribute keys and strings, 8 per number, 1 per boolean. */
export function canonicalSize(raw: Json): number {
	const valueSize = (value: unknown): number => {
		if (typeof value === "string") return utf8Length(value);
		if (typeof value === "number") return 8;
		if (typeof value === "boolean") return 1;
		if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueSize(item), 0);
		if (typeof value === "object" && value !== null)
			return Object.entries(value).reduce((sum, [key, item]) => sum + utf8Length(key) + valueSize(item), 0);
		return 0;
	};
	let size = typeof raw.body === "string" ? utf8Length(raw.body) : 0;
	for (const [key, attribute] of Object.entries(record(raw.attributes))) {
		size += utf8Length(key) + valueSize(record(attribute).value);
	}
	return size;
}

const bounded = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

function scalar(value: unknown, key: string): string | number | boolean | undefined {
	if (typeof value === "string")
		return isSensitiveKey(key) && value !== "" ? FILTERED : scrubString(bounded(value, MAX_VALUE_CHARS));
	if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
	if (typeof value === "boolean") return value;
	return undefined;
}

/** A typed attribute `{"type": …, "value": …}` as its value; integers sent as strings become numbers. */
function attributeValue(key: string, attribute: unknown): AttributeValue | undefined {
	const { type, value } = record(attribute);
	if (type === "integer" && typeof value === "string" && /^-?\d{1,15}$/.test(value)) return Number(value);
	if (Array.isArray(value)) {
		const items = value.slice(0, MAX_ARRAY_ITEMS).map((item) => scalar(item, key));
		return items.filter((item): item is string | number | boolean => item !== undefined);
	}
	return scalar(value, key);
}

export function normalizeAttributes(raw: unknown): Record<string, AttributeValue> {
	const attributes: Record<string, AttributeValue> = {};
	let count = 0;
	for (const [key, attribute] of Object.entries(record(raw))) {
		if (count >= MAX_ATTRIBUTES) break;
		if (key === "" || key.length > MAX_KEY_CHARS) continue;
		const value = attributeValue(key, attribute);
		if (value === undefined) continue;
		attributes[key] = value;
		count++;
	}
	return attributes;
}

/** A UUID v7 (as Relay names stored logs) of the log's time: 48 bits of milliseconds, then random bits. */
export function logItemId(timestampMs: number): string {
	const random = crypto.getRandomValues(new Uint8Array(10));
	const hex = [...random].map((byte) => byte.toString(16).padStart(2, "0")).join("");
	const time = Math.max(0, Math.floor(timestampMs)).toString(16).padStart(12, "0").slice(-12);
	const variant = ((Number.parseInt(hex.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
	return `${time}7${hex.slice(0, 3)}${variant}${hex.slice(4, 19)}`;
}

/**
 * The log's time in milliseconds, as Relay's EAP time normalization corrects it: a time older than
 * the retention, or more than a minute ahead, counts as the client's clock (so it becomes the receive
 * time when that is 55 minutes or more away); else the envelope's `sent_at` tells the drift.
 */
function logTime(raw: unknown, ctx: LogContext): number | undefined {
	const time = parseTimestamp(raw);
	if (time === undefined) return undefined;
	const outOfBounds = time > ctx.receivedAt + MAX_FUTURE_MS || time < ctx.receivedAt - ctx.retentionDays * 86_400_000;
	return time + clockDrift(outOfBounds ? time / 1000 : ctx.sentAt, ctx.receivedAt);
}

const hexId = (value: unknown, pattern: RegExp) => {
	const id = text(value)?.replace(/-/g, "").toLowerCase();
	return id && pattern.test(id) ? id : undefined;
};

export function normalizeLog(value: unknown, ctx: LogContext): NormalizedLog {
	const raw = record(value);
	const bytes = canonicalSize(raw);
	const timestamp = logTime(raw.timestamp, ctx);
	const traceId = hexId(raw.trace_id, HEX_32);
	const rawSeverity = typeof raw.severity_number === "number" ? raw.severity_number : undefined;
	const level = levelOf(raw.level, rawSeverity);
	if (timestamp === undefined || !traceId || !level || typeof raw.body !== "string") {
		return { ok: false, reason: "invalid_log", bytes };
	}
	const attributes = normalizeAttributes(raw.attributes);
	const severityNumber =
		rawSeverity !== undefined && Number.isInteger(rawSeverity) && rawSeverity >= 1 && rawSeverity <= 24
			? rawSeverity
			: severityOfLevel(level);
	return {
		ok: true,
		log: {
			itemId: logItemId(timestamp),
			timestampUs: Math.round(timestamp * 1000),
			traceId,
			spanId: hexId(raw.span_id, HEX_16) ?? hexId(attributes["sentry.trace.parent_span_id"], HEX_16),
			level,
			severityNumber,
			body: scrubString(bounded(raw.body, MAX_BODY_CHARS)),
			attributes,
			bytes,
		},
	};
}

/** A container's `items`, or undefined when the payload is no container (`{"items": [...]}`). */
export function containerItems(payload: Json): unknown[] | undefined {
	return Array.isArray(payload.items) ? list(payload.items) : undefined;
}
