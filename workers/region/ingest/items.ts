/**
 * What every envelope item handler gets and may use: the message's context, the batch's write plan,
 * and outcome accounting. Which handler takes which item type is decided at the top of the region
 * worker (workers/region/items.ts); each capability owns its handlers. An item type without a
 * handler is counted as an invalid outcome, never an error.
 */
import type { RegionDb } from "../../lib/db";
import type { EnvelopeItem } from "../../lib/envelope";
import type { Json } from "../../lib/json";
import { categoryOfItem, type DataCategory, type OutcomeCount } from "../../lib/outcomes";
import type { RegionBindings } from "../env";
import type { SourceFileIndex } from "../sourcemaps";
import type { WritePlan } from "./write-plan";

export interface ItemContext {
	db: RegionDb;
	/** The region's bindings and variables, for handlers with settings of their own (LOGS_STORAGE). */
	env: RegionBindings;
	plan: WritePlan;
	organizationId: number;
	projectId: number;
	keyId: number;
	eventId: string;
	receivedAt: number;
	envelopeHeaders: Json;
	clientIp: string | undefined;
	retentionDays: number;
	/** Events already stored (a retried SDK send): not stored or counted again. */
	knownEventIds: Set<string>;
	/**
	 * An event with this message's event id was stored by an earlier message (an SDK's retry, or
	 * anyone holding the DSN): its attachments are not stored again, so they can never be replaced.
	 */
	eventStoredBefore: boolean;
	/** The project's uploaded source maps, for symbolicating JavaScript events. */
	sourceFiles: SourceFileIndex;
}

/** Adds what one item stores to the batch's write plan; throws PoisonItem for an item that can never be stored. */
export type ItemHandler = (ctx: ItemContext, item: EnvelopeItem, index: number) => void | Promise<void>;
export type ItemHandlers = Partial<Record<string, ItemHandler>>;

/** The item is invalid: it is dropped with an `invalid` outcome, and the rest of its envelope is stored. */
export class PoisonItem extends Error {}

const decoder = new TextDecoder();

/** The item's payload as a JSON object, or PoisonItem. */
export function itemJson(item: EnvelopeItem): Json {
	let value: unknown;
	try {
		value = JSON.parse(decoder.decode(item.payload));
	} catch {
		throw new PoisonItem(`${item.headers.type} item is not valid JSON`);
	}
	if (typeof value !== "object" || value === null || Array.isArray(value))
		throw new PoisonItem(`${item.headers.type} item is not a JSON object`);
	return value as Json;
}

export function countOutcome(
	ctx: ItemContext,
	outcome: OutcomeCount["outcome"],
	reason: string | null,
	category: DataCategory,
	quantity: number,
) {
	const { organizationId, projectId, keyId, receivedAt } = ctx;
	ctx.plan.count({ organizationId, projectId, keyId, timestamp: receivedAt, outcome, reason, category, quantity });
}

export function accepted(ctx: ItemContext, category: DataCategory | undefined, quantity = 1) {
	if (category) countOutcome(ctx, "accepted", null, category, quantity);
}

export async function handleItem(
	handlers: ItemHandlers,
	ctx: ItemContext,
	item: EnvelopeItem,
	index: number,
): Promise<void> {
	const type = item.headers.type;
	const handler = handlers[type];
	if (handler) return handler(ctx, item, index);
	countOutcome(ctx, "invalid", `unsupported_item:${type}`.slice(0, 64), categoryOfItem(type) ?? "default", 1);
}
