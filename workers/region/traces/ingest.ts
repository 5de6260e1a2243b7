/** Transactions and standalone spans from envelopes: one row each, with duration and status. */
import { transactions } from "../../../schema/region";
import { type Json, record, text } from "../../lib/json";
import { accepted, type ItemContext, type ItemHandlers, itemJson, normalizeEvent } from "../ingest";

function storeTransaction(ctx: ItemContext, raw: Json, eventId: string) {
	const event = normalizeEvent(raw, {
		eventId,
		receivedAt: ctx.receivedAt,
		sentAt: ctx.envelopeHeaders.sent_at,
		clientIp: ctx.clientIp,
		retentionDays: ctx.retentionDays,
		type: "transaction",
	});
	const trace = record(record(raw.contexts).trace);
	const end = (event.timestamp as number) * 1000;
	// Normalization moved start_timestamp with the timestamp, so clock corrections keep the duration.
	const start = typeof event.start_timestamp === "number" ? event.start_timestamp * 1000 : end;
	ctx.plan.run(
		ctx.db
			.insert(transactions)
			.values({
				organizationId: ctx.organizationId,
				projectId: ctx.projectId,
				eventId,
				name: text(raw.transaction) ?? text(raw.description) ?? "<unlabeled transaction>",
				op: text(trace.op) ?? text(raw.op) ?? null,
				status: text(trace.status) ?? text(raw.status) ?? null,
				traceId: text(trace.trace_id) ?? text(raw.trace_id) ?? null,
				startTimestamp: new Date(start),
				timestamp: new Date(end),
				durationMs: Math.max(0, Math.round(end - start)),
				release: (event.release as string | null) ?? null,
				environment: (event.environment as string | null) ?? null,
			})
			.onConflictDoNothing(),
	);
	accepted(ctx, raw.type === "span" ? "span" : "transaction");
}

export const traceItemHandlers: ItemHandlers = {
	transaction: (ctx, item) => storeTransaction(ctx, itemJson(item), ctx.eventId),
	span: (ctx, item, index) => {
		const span = itemJson(item);
		return storeTransaction(ctx, { ...span, type: "span" }, text(span.span_id) ?? `${ctx.eventId}:${index}`);
	},
};
