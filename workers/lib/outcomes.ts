/**
 * Outcomes (Sentry's `outcomes` topic): every item the ingest pipeline receives ends in exactly one
 * of them, counted per organization, project, key, data category and hour. Reasons reuse Relay's
 * strings verbatim.
 */
import { z } from "zod";

export const OUTCOMES = ["accepted", "filtered", "rate_limited", "invalid", "abuse", "client_discard"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DATA_CATEGORIES = [
	"default",
	"error",
	"transaction",
	"security",
	"attachment",
	"session",
	"profile",
	"replay",
	"feedback",
	"monitor",
	"span",
	"log_item",
	"log_byte",
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** The data category an envelope item counts against; client reports count against none. */
export function categoryOfItem(type: string): DataCategory | undefined {
	switch (type) {
		case "event":
		case "unreal_report":
			return "error";
		case "transaction":
			return "transaction";
		case "security":
		case "raw_security":
			return "security";
		case "attachment":
			return "attachment";
		case "session":
		case "sessions":
			return "session";
		case "user_report":
		case "feedback":
			return "feedback";
		case "check_in":
			return "monitor";
		case "span":
		case "otel_span":
			return "span";
		case "profile":
		case "profile_chunk":
			return "profile";
		case "replay_event":
		case "replay_recording":
		case "replay_video":
			return "replay";
		case "log":
			return "log_item";
		case "client_report":
			return undefined;
		default:
			return "default";
	}
}

/** How much of its category an item is: attachments count their bytes (at least 1, as Relay), others 1. */
export function quantityOfItem(category: DataCategory, payload: Uint8Array): number {
	return category === "attachment" ? Math.max(1, payload.byteLength) : 1;
}

/** The logs a `log` container says it holds (its `item_count` header; 1 without a usable one). */
export function logCountOf(headers: Record<string, unknown>): number {
	const count = headers.item_count;
	return typeof count === "number" && Number.isSafeInteger(count) && count > 0 ? count : 1;
}

/**
 * Everything an item counts for, as Relay's `Item::quantities`: one category for most items, and for
 * a log container its logs (`log_item`, by `item_count`) and its bytes (`log_byte`).
 */
export function quantitiesOfItem(item: {
	headers: { type: string } & Record<string, unknown>;
	payload: Uint8Array;
}): [DataCategory, number][] {
	const category = categoryOfItem(item.headers.type);
	if (!category) return [];
	if (category === "log_item")
		return [
			["log_item", logCountOf(item.headers)],
			["log_byte", item.payload.byteLength],
		];
	return [[category, quantityOfItem(category, item.payload)]];
}

export const OutcomeCountSchema = z.object({
	outcome: z.enum(OUTCOMES),
	reason: z.string().nullable(),
	category: z.enum(DATA_CATEGORIES),
	quantity: z.number().int().nonnegative(),
});
export type OutcomeCount = z.infer<typeof OutcomeCountSchema>;
