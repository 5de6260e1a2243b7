/** The D1 side of an outbox table: claiming due messages, removal on delivery, rescheduling on failure. */
import { and, asc, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { controlOutbox } from "../../schema/control";
import { regionOutbox } from "../../schema/region";
import type { ControlDb, RegionDb } from "./db";
import { OUTBOX_LEASE_MS, type OutboxStore } from "./outbox";

type ControlOutboxRow = typeof controlOutbox.$inferSelect;
type RegionOutboxRow = typeof regionOutbox.$inferSelect;

/**
 * Messages are delivered in id order per shard: one whose shard has an earlier message waiting for
 * a retry, or claimed by a drain, is not due either, even if its own time has come.
 */
const headOfShard = (table: typeof controlOutbox | typeof regionOutbox, now: Date, sameRegion: SQL = sql`1 = 1`) =>
	sql`not exists (select 1 from ${table} as earlier where earlier.shard_identifier = ${table.shardIdentifier} and earlier.id < ${table.id} and earlier.scheduled_for > ${now.getTime()} and ${sameRegion})`;

/**
 * Claiming is one UPDATE that both picks the due messages (the IN subquery, evaluated once before any
 * row changes) and moves them a lease into the future: two drains can never claim the same message
 * (SQLite runs a statement alone), and while one is claimed the later messages of its shard are not due.
 */
const leaseUntil = (now: Date) => new Date(now.getTime() + OUTBOX_LEASE_MS);
const byId = <M extends { id: number }>(messages: M[]) => messages.sort((a, b) => a.id - b.id);

/** Extra statements to run in the same batch as removing a delivered message. */
type OnDelivered<M> = (message: M) => BatchItem<"sqlite">[];

export function controlOutboxStore(
	db: ControlDb,
	onDelivered: OnDelivered<ControlOutboxRow> = () => [],
	regionName?: string,
): OutboxStore<ControlOutboxRow> {
	const regionFilter: SQL | undefined = regionName ? eq(controlOutbox.regionName, regionName) : undefined;
	return {
		claim: async (now, limit) => {
			const due = db
				.select({ id: controlOutbox.id })
				.from(controlOutbox)
				.where(
					and(
						lte(controlOutbox.scheduledFor, now),
						regionFilter,
						headOfShard(controlOutbox, now, sql`earlier.region_name = ${controlOutbox.regionName}`),
					),
				)
				.orderBy(asc(controlOutbox.id))
				.limit(limit);
			const claimed = await db
				.update(controlOutbox)
				.set({ scheduledFor: leaseUntil(now) })
				.where(and(inArray(controlOutbox.id, due), lte(controlOutbox.scheduledFor, now)))
				.returning();
			return byId(claimed);
		},
		async release(message, now) {
			await db.update(controlOutbox).set({ scheduledFor: now }).where(eq(controlOutbox.id, message.id));
		},
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
		claim: async (now, limit) => {
			const due = db
				.select({ id: regionOutbox.id })
				.from(regionOutbox)
				.where(and(lte(regionOutbox.scheduledFor, now), headOfShard(regionOutbox, now)))
				.orderBy(asc(regionOutbox.id))
				.limit(limit);
			const claimed = await db
				.update(regionOutbox)
				.set({ scheduledFor: leaseUntil(now) })
				.where(and(inArray(regionOutbox.id, due), lte(regionOutbox.scheduledFor, now)))
				.returning();
			return byId(claimed);
		},
		async release(message, now) {
			await db.update(regionOutbox).set({ scheduledFor: now }).where(eq(regionOutbox.id, message.id));
		},
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
