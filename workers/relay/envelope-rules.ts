/**
 * Checks on a parsed envelope before anything is forwarded, as Relay makes them: item count and
 * per-type size limits (a log container: at most one, its logs 2 MiB each on average), at most one
 * event or transaction, no internal item types, and the event id
 * the SDK will be answered with.
 */
import { randomHex } from "../lib/crypto";
import type { Envelope, EnvelopeItemHeaders } from "../lib/envelope";
import { jsonNestedDeeperThan, MAX_JSON_DEPTH } from "../lib/json-depth";
import { logCountOf } from "../lib/outcomes";
import { itemLimit, type Limits } from "./limits";

export type RuleResult =
	| { ok: true; eventId: string | undefined }
	/** `reason` is the invalid outcome's reason, as Relay records it. */
	| { ok: false; status: 400 | 413; detail: string; reason: string };

const ATTACHMENT_TYPES: Record<string, string> = {
	"event.attachment": "attachment",
	"event.minidump": "minidump",
	"event.applecrashreport": "apple_crash_report",
	"event.payload": "event_payload",
	"event.breadcrumbs": "breadcrumbs",
	"event.prosperodump": "prosperodump",
	"unreal.context": "unreal_context",
	"unreal.logs": "unreal_logs",
	"event.view_hierarchy": "view_hierarchy",
};
const DISCARD_ITEM_TYPES = new Set([
	"event",
	"transaction",
	"security",
	"form_data",
	"raw_security",
	"nel",
	"unreal_report",
	"user_report",
	"session",
	"sessions",
	"statsd",
	"metric_buckets",
	"client_report",
	"profile",
	"replay_event",
	"replay_recording",
	"replay_video",
	"check_in",
	"log",
	"span",
	"otel_span",
	"otel_traces_data",
	"profile_chunk",
	"integration",
]);

/** Relay's DiscardItemType name of an item: `event`, `attachment:minidump`, `unknown`, … */
export function discardItemType(headers: EnvelopeItemHeaders): string {
	if (headers.type === "attachment") {
		return `attachment:${ATTACHMENT_TYPES[String(headers.attachment_type ?? "event.attachment")] ?? "unknown"}`;
	}
	if (headers.type === "feedback") return "user_report_v2";
	return DISCARD_ITEM_TYPES.has(headers.type) ? headers.type : "unknown";
}

const invalid = (detail: string): RuleResult => ({ ok: false, status: 400, detail, reason: "invalid_envelope" });
/** Relay's Overflow: 413, outcome invalid `too_large:<item type>`. */
const tooLarge = (itemType: string, detail: string): RuleResult => ({
	ok: false,
	status: 413,
	detail,
	reason: `too_large:${itemType}`,
});

/** Item types whose payload is JSON (the relay or the region parses them). */
const JSON_ITEM_TYPES = new Set([
	"event",
	"transaction",
	"feedback",
	"user_report",
	"security",
	"raw_security",
	"session",
	"sessions",
	"client_report",
	"check_in",
	"replay_event",
	"profile",
	"span",
	"log",
]);

const EVENT_LIKE = new Set(["event", "transaction", "feedback", "user_report", "raw_security", "security"]);

/** `9ec79c33-ec99-42ab-8353-589fcb2e04dc` or `9EC79C33…` → 32 lower-case hex, or undefined. */
export function normalizeEventId(value: unknown): string | undefined {
	if (typeof value !== "string") return undefined;
	const hex = value.replace(/-/g, "").toLowerCase();
	return /^[0-9a-f]{32}$/.test(hex) ? hex : undefined;
}

function payloadEventId(envelope: Envelope): string | undefined {
	const item = envelope.items.find(
		(candidate) => candidate.headers.type === "event" || candidate.headers.type === "transaction",
	);
	if (!item) return undefined;
	try {
		return normalizeEventId((JSON.parse(new TextDecoder().decode(item.payload)) as { event_id?: unknown }).event_id);
	} catch {
		return undefined;
	}
}

export function checkEnvelope(envelope: Envelope, limits: Limits): RuleResult {
	const overflowing = envelope.items[limits.maxItemsPerEnvelope];
	if (overflowing) {
		return tooLarge(discardItemType(overflowing.headers), `envelope has more than ${limits.maxItemsPerEnvelope} items`);
	}
	let primaryItems = 0;
	let logContainers = 0;
	for (const item of envelope.items) {
		const { type } = item.headers;
		if (type === "integration") return invalid(`invalid event envelope: item type "${type}" is internal`);
		if (item.payload.byteLength > itemLimit(type, limits)) {
			const itemType = discardItemType(item.headers);
			return tooLarge(
				itemType,
				`envelope exceeded size limits for type '${itemType}' (https://develop.sentry.dev/sdk/envelopes/#size-limits)`,
			);
		}
		if (JSON_ITEM_TYPES.has(type) && jsonNestedDeeperThan(item.payload)) {
			return {
				ok: false,
				status: 400,
				detail: `invalid JSON data: nested deeper than ${MAX_JSON_DEPTH} levels`,
				reason: "invalid_json",
			};
		}
		if (type === "event" || type === "transaction") primaryItems++;
		if (type === "log") {
			// Relay's size limits for containers: the logs within on average, and one container per envelope.
			logContainers++;
			if (logContainers > 1 || item.payload.byteLength / logCountOf(item.headers) > limits.maxLogBytes) {
				return tooLarge(
					"log",
					"envelope exceeded size limits for type 'log' (https://develop.sentry.dev/sdk/envelopes/#size-limits)",
				);
			}
		}
	}
	if (primaryItems > 1) return invalid("invalid event envelope: more than one event or transaction");
	const headerId = envelope.headers.event_id;
	if (headerId !== undefined && normalizeEventId(headerId) === undefined) {
		return invalid("invalid event envelope: invalid event id");
	}
	const eventId =
		normalizeEventId(headerId) ??
		payloadEventId(envelope) ??
		(envelope.items.some((item) => EVENT_LIKE.has(item.headers.type)) ? randomHex(16) : undefined);
	return { ok: true, eventId };
}
