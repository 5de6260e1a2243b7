/**
 * `log` items from envelopes (SDK logs, and OTLP/HTTP logs the relay turned into them): each log is
 * normalized on its own, so a bad one is an `invalid` outcome and the rest are stored. What a batch
 * accepted is stored once per project (./store.ts): rows, an R2 segment, counts.
 */
import type { EnvelopeItem } from "../../lib/envelope";
import { logCountOf } from "../../lib/outcomes";
import { countOutcome, type ItemContext, type ItemHandlers, itemJson, PoisonItem } from "../ingest";
import { logsStorageOf } from "./config";
import { containerItems, normalizeLog } from "./normalize";
import { type CollectedLog, planLogs } from "./store";

function invalid(ctx: ItemContext, reason: string, logs: number, bytes: number) {
	countOutcome(ctx, "invalid", reason, "log_item", logs);
	countOutcome(ctx, "invalid", reason, "log_byte", bytes);
}

function storeLogs(ctx: ItemContext, item: EnvelopeItem) {
	let payload: ReturnType<typeof itemJson>;
	try {
		payload = itemJson(item);
	} catch (error) {
		if (!(error instanceof PoisonItem)) throw error;
		return invalid(ctx, "invalid_json", logCountOf(item.headers), item.payload.byteLength);
	}
	const items = containerItems(payload);
	const declared = item.headers.item_count;
	// Relay's ItemContainer refuses a container whose `item_count` is not what it holds.
	if (!items || (declared !== undefined && declared !== items.length)) {
		return invalid(ctx, "invalid_json", logCountOf(item.headers), item.payload.byteLength);
	}
	const logContext = {
		receivedAt: ctx.receivedAt,
		sentAt: ctx.envelopeHeaders.sent_at,
		retentionDays: logsStorageOf(ctx.env).retentionDays,
	};
	let acceptedLogs = 0;
	let acceptedBytes = 0;
	for (const raw of items) {
		const result = normalizeLog(raw, logContext);
		if (!result.ok) {
			invalid(ctx, result.reason, 1, result.bytes);
			continue;
		}
		const collected: CollectedLog = { organizationId: ctx.organizationId, projectId: ctx.projectId, log: result.log };
		ctx.plan.collect("logs", collected, (all: CollectedLog[], plan) => planLogs(ctx, plan, all));
		acceptedLogs++;
		acceptedBytes += result.log.bytes;
	}
	if (acceptedLogs) {
		countOutcome(ctx, "accepted", null, "log_item", acceptedLogs);
		countOutcome(ctx, "accepted", null, "log_byte", acceptedBytes);
	}
}

export const logItemHandlers: ItemHandlers = { log: storeLogs };
