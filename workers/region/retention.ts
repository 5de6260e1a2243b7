/**
 * Retention: the cron trigger deletes what is older than each project's `event_retention_days` —
 * events with their R2 bodies, attachments with theirs, transactions, and issues no longer seen —
 * in bounded chunks, so one run never outgrows a Worker's limits; the next run continues. Issue
 * event counters are kept only as long as the longest alert interval needs them.
 */
import { and, eq, inArray, lt } from "drizzle-orm";
import {
	attachments,
	events,
	groupCounts,
	groups,
	ingestedMessages,
	projects,
	transactions,
} from "../../schema/region";
import type { RegionDb } from "../lib/db";
import { INTERVALS } from "./alert-rules";

const CHUNK = 500;
const DAY = 86_400_000;
/** Redelivered queue messages arrive within days; remembering them for a week is plenty. */
const DEDUPE_WINDOW_MS = 7 * DAY;

export interface RetentionResult {
	events: number;
	attachments: number;
	transactions: number;
	issues: number;
}

async function deleteRows<T extends { id: number; bodyKey: string | null }>(
	rows: T[],
	bucket: R2Bucket,
	remove: (ids: number[]) => Promise<unknown>,
): Promise<number> {
	if (!rows.length) return 0;
	const keys = rows.map((row) => row.bodyKey).filter((key): key is string => key !== null);
	if (keys.length) await bucket.delete(keys);
	await remove(rows.map((row) => row.id));
	return rows.length;
}

export async function applyRetention(db: RegionDb, bucket: R2Bucket, now = Date.now()): Promise<RetentionResult> {
	const result: RetentionResult = { events: 0, attachments: 0, transactions: 0, issues: 0 };
	for (const project of await db.select({ id: projects.id, days: projects.eventRetentionDays }).from(projects)) {
		const cutoff = new Date(now - project.days * DAY);
		const oldEvents = await db
			.select({ id: events.id, bodyKey: events.bodyKey })
			.from(events)
			.where(and(eq(events.projectId, project.id), lt(events.receivedAt, cutoff)))
			.limit(CHUNK);
		result.events += await deleteRows(oldEvents, bucket, (ids) => db.delete(events).where(inArray(events.id, ids)));
		const oldAttachments = await db
			.select({ id: attachments.id, bodyKey: attachments.bodyKey })
			.from(attachments)
			.where(and(eq(attachments.projectId, project.id), lt(attachments.createdAt, cutoff)))
			.limit(CHUNK);
		result.attachments += await deleteRows(oldAttachments, bucket, (ids) =>
			db.delete(attachments).where(inArray(attachments.id, ids)),
		);
		const oldTransactions = await db
			.select({ id: transactions.id, bodyKey: transactions.bodyKey })
			.from(transactions)
			.where(and(eq(transactions.projectId, project.id), lt(transactions.timestamp, cutoff)))
			.limit(CHUNK);
		result.transactions += await deleteRows(oldTransactions, bucket, (ids) =>
			db.delete(transactions).where(inArray(transactions.id, ids)),
		);
		const staleIssues = await db
			.delete(groups)
			.where(and(eq(groups.projectId, project.id), lt(groups.lastSeen, cutoff)))
			.returning({ id: groups.id });
		result.issues += staleIssues.length;
	}
	await db.delete(ingestedMessages).where(lt(ingestedMessages.createdAt, new Date(now - DEDUPE_WINDOW_MS)));
	await pruneGroupCounts(db, now);
	return result;
}

/** Minute counters serve intervals up to an hour, hour counters up to 30 days (workers/region/alert-rules.ts). */
async function pruneGroupCounts(db: RegionDb, now: number) {
	const HOUR = 3_600_000;
	await db
		.delete(groupCounts)
		.where(and(eq(groupCounts.resolution, "minute"), lt(groupCounts.bucket, new Date(now - INTERVALS["1h"] - HOUR))));
	await db
		.delete(groupCounts)
		.where(
			and(eq(groupCounts.resolution, "hour"), lt(groupCounts.bucket, new Date(now - INTERVALS["30d"] - 2 * HOUR))),
		);
}
