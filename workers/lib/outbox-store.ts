/** The D1 side of an outbox table: due messages, removal on delivery, rescheduling on failure. */
import { and, asc, eq, lte, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { controlOutbox } from "../../schema/control";
import { regionOutbox } from "../../schema/region";
import type { ControlDb, RegionDb } from "./db";
import type { OutboxStore } from "./outbox";

type ControlOutboxRow = typeof controlOutbox.$inferSelect;
type RegionOutboxRow = typeof regionOutbox.$inferSelect;

/**
 * Messages are delivered in id order per shard: one whose shard has an earlier message waiting for
 * a retry is not due either, even if its own time has come.
 */
const headOfShard = (table: typeof controlOutbox | typeof regionOutbox, now: Date, sameRegion: SQL = sql`1 = 1`) =>
	sql`not exists (select 1 from ${table} as earlier where earlier.shard_identifier = ${table.shardIdentifier} and earlier.id < ${table.id} and earlier.scheduled_for > ${now.getTime()} and ${sameRegion})`;

/** Extra statements to run in the same batch as removing a delivered message. */
type OnDelivered<M> = (message: M) => BatchItem<"sqlite">[];

export function controlOutboxStore(
	db: ControlDb,
	onDelivered: OnDelivered<ControlOutboxRow> = () => [],
	regionName?: string,
): OutboxStore<ControlOutboxRow> {
	const regionFilter: SQL | undefined = regionName ? eq(controlOutbox.regionName, regionName) : undefined;
	return {
		due: (now, limit) =>
			db
				.select()
				.from(controlOutbox)
				.where(
					and(
						lte(controlOutbox.scheduledFor, now),
						regionFilter,
						headOfShard(controlOutbox, now, sql`earlier.region_name = ${controlOutbox.regionName}`),
					),
				)
				.orderBy(asc(controlOutbox.id))
				.limit(limit),
		async delivered(message) {
			await db.batch([db.delete(controlOutbox).where(eq(controlOutbox.id, message.id)), ...onDelivered(message)]);
		},
		async reschedule(message, error, at) {
			await db
				.update(controlOutbox)
				.set({ attempts: sql`${controlOutbox.attempts} + 1`, lastError: error, scheduledFor: at })
				.where(eq(controlOutbox.id, message.id));
		},
	};
}

export function regionOutboxStore(db: RegionDb): OutboxStore<RegionOutboxRow> {
	return {
		due: (now, limit) =>
			db
				.select()
				.from(regionOutbox)
				.where(and(lte(regionOutbox.scheduledFor, now), headOfShard(regionOutbox, now)))
				.orderBy(asc(regionOutbox.id))
				.limit(limit),
		async delivered(message) {
			await db.delete(regionOutbox).where(eq(regionOutbox.id, message.id));
		},
		async reschedule(message, error, at) {
			await db
				.update(regionOutbox)
				.set({ attempts: sql`${regionOutbox.attempts} + 1`, lastError: error, scheduledFor: at })
				.where(eq(regionOutbox.id, message.id));
		},
	};
}
