/** Cron check-ins from envelopes: the monitor made on its first check-in, each check-in kept. */
import { sql } from "drizzle-orm";
import { monitorCheckIns, monitors } from "../../../schema/region";
import { type Json, text } from "../../lib/json";
import { accepted, type ItemContext, type ItemHandlers, itemJson, PoisonItem } from "../ingest";

function storeCheckIn(ctx: ItemContext, checkIn: Json) {
	const slug = text(checkIn.monitor_slug);
	if (!slug) throw new PoisonItem("check_in item has no monitor_slug");
	const status = text(checkIn.status) ?? "ok";
	const when = new Date(ctx.receivedAt);
	const durationMs =
		typeof checkIn.duration === "number" && Number.isSafeInteger(Math.round(checkIn.duration * 1000))
			? Math.round(checkIn.duration * 1000)
			: null;
	ctx.plan.run(
		ctx.db
			.insert(monitors)
			.values({ organizationId: ctx.organizationId, projectId: ctx.projectId, slug, status, lastCheckIn: when })
			.onConflictDoUpdate({ target: [monitors.projectId, monitors.slug], set: { status, lastCheckIn: when } }),
	);
	ctx.plan.run(
		ctx.db
			.insert(monitorCheckIns)
			.values({
				monitorId: sql`(select id from monitors where project_id = ${ctx.projectId} and slug = ${slug})`,
				checkInId: text(checkIn.check_in_id) ?? ctx.eventId,
				status,
				durationMs,
				environment: text(checkIn.environment) ?? null,
				dateCreated: when,
			})
			.onConflictDoUpdate({
				target: [monitorCheckIns.monitorId, monitorCheckIns.checkInId],
				set: { status, durationMs },
			}),
	);
	accepted(ctx, "monitor");
}

export const cronItemHandlers: ItemHandlers = { check_in: (ctx, item) => storeCheckIn(ctx, itemJson(item)) };
