/**
 * `check_in` envelope items, whichever way they came (an SDK's envelope, the relay's HTTP check-in
 * route, `sentry-cli monitors run`, or the region's clock): parsed, processed, and counted as
 * exactly one `monitor` outcome. A refused check-in is recorded with its processing errors (why it
 * was dropped), the newest 100 per project. The clock's own messages name no DSN key (key id 0)
 * and count no outcome.
 */
import { and, desc, eq, notInArray } from "drizzle-orm";
import { monitorProcessingErrors } from "../../../schema/region";
import { randomHex } from "../../lib/crypto";
import { type Json, toText } from "../../lib/json";
import { countOutcome, type ItemContext, type ItemHandlers, itemJson, PoisonItem } from "../ingest";
import { cronBatchOf } from "./batch";
import { parseCheckIn, type Refusal } from "./check-in";
import { processCheckIn } from "./process";

/** The key id of the messages the region's clock enqueues: no DSN key has it. */
export const CLOCK_KEY_ID = 0;
const KEPT_PROCESSING_ERRORS = 100;
const MAX_RECORDED_PAYLOAD = 8 * 1024;

function recordRefusal(ctx: ItemContext, slug: string, payload: Json, refusal: Refusal) {
	const { db } = ctx;
	const text = toText(payload);
	const checkIn = text.length <= MAX_RECORDED_PAYLOAD ? payload : { truncated: text.slice(0, MAX_RECORDED_PAYLOAD) };
	ctx.plan.run(
		db.insert(monitorProcessingErrors).values({
			id: randomHex(16),
			organizationId: ctx.organizationId,
			projectId: ctx.projectId,
			monitorSlug: slug,
			checkIn,
			errors: refusal.errors,
			dateCreated: new Date(ctx.receivedAt),
		}),
	);
	const newest = db
		.select({ id: monitorProcessingErrors.id })
		.from(monitorProcessingErrors)
		.where(eq(monitorProcessingErrors.projectId, ctx.projectId))
		.orderBy(desc(monitorProcessingErrors.dateCreated))
		.limit(KEPT_PROCESSING_ERRORS);
	ctx.plan.run(
		db
			.delete(monitorProcessingErrors)
			.where(and(eq(monitorProcessingErrors.projectId, ctx.projectId), notInArray(monitorProcessingErrors.id, newest))),
	);
}

async function storeCheckIn(ctx: ItemContext, payload: Json) {
	const fromClock = ctx.keyId === CLOCK_KEY_ID;
	const parsed = parseCheckIn(payload, fromClock);
	const decision = parsed.ok ? await processCheckIn(ctx, cronBatchOf(ctx), parsed.checkIn) : parsed;
	if (fromClock) return;
	if (decision.outcome === "accepted") return countOutcome(ctx, "accepted", null, "monitor", 1);
	countOutcome(ctx, decision.outcome, decision.reason, "monitor", 1);
	recordRefusal(ctx, parsed.ok ? parsed.checkIn.slug : parsed.slug, payload, decision);
}

export const cronItemHandlers: ItemHandlers = {
	check_in: async (ctx, item) => {
		let payload: Json;
		try {
			payload = itemJson(item);
		} catch (error) {
			if (!(error instanceof PoisonItem)) throw error;
			return countOutcome(ctx, "invalid", "invalid_json", "monitor", 1);
		}
		await storeCheckIn(ctx, payload);
	},
};
