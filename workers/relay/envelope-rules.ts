/**
 * Checks on a parsed envelope before anything is forwarded, as Relay makes them: item count and
 * per-type size limits, at most one event or transaction, no internal item types, and the event id
 * the SDK will be answered with.
 */
import { randomHex } from "../lib/crypto";
import type { Envelope } from "../lib/envelope";
import { itemLimit, type Limits } from "./limits";

export type RuleResult = { ok: true; eventId: string | undefined } | { ok: false; detail: string };

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
	if (envelope.items.length > limits.maxItemsPerEnvelope) {
		return { ok: false, detail: `envelope has more than ${limits.maxItemsPerEnvelope} items` };
	}
	let primaryItems = 0;
	for (const item of envelope.items) {
		const { type } = item.headers;
		if (type === "integration") return { ok: false, detail: `invalid event envelope: item type "${type}" is internal` };
		if (item.payload.byteLength > itemLimit(type, limits)) {
			return {
				ok: false,
				detail: `envelope exceeded size limits for type '${type}' (https://develop.sentry.dev/sdk/envelopes/#size-limits)`,
			};
		}
		if (type === "event" || type === "transaction") primaryItems++;
	}
	if (primaryItems > 1) return { ok: false, detail: "invalid event envelope: more than one event or transaction" };
	const headerId = envelope.headers.event_id;
	if (headerId !== undefined && normalizeEventId(headerId) === undefined) {
		return { ok: false, detail: "invalid event envelope: invalid event id" };
	}
	const eventId =
		normalizeEventId(headerId) ??
		payloadEventId(envelope) ??
		(envelope.items.some((item) => EVENT_LIKE.has(item.headers.type)) ? randomHex(16) : undefined);
	return { ok: true, eventId };
}
