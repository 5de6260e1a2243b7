/**
 * Retention: the cron trigger deletes what is older than each project's `event_retention_days` —
 * events with their R2 bodies, attachments with theirs, transactions, and issues no longer seen
 * (their remaining events' bodies first, so the cascade orphans nothing) — and envelopes the relay
 * staged in R2 whose queue message can no longer arrive. All in bounded chunks, so one run never
 * outgrows a Worker's limits; the next run continues. Issue event counters are kept only as long
 * as the longest alert interval needs them; release health prunes itself (workers/region/sessions).
 */
import { and, eq, inArray, lt, notExists, sql } from "drizzle-orm";
import {
	attachments,
	deadLetters,
	events,
	groupCounts,
	groups,
	ingestedMessages,
	projects,
	transactions,
} from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { INTERVALS } from "../alerts";
import { pruneProjectSessions, pruneSessions } from "../sessions";

const CHUNK = 500;
const DAY = 86_400_000;
/** Redelivered queue messages arrive within days; remembering them for a week is plenty. */
const DEDUPE_WINDOW_MS = 7 * DAY;
/** A queue keeps a message at most 14 days: a staged envelope older than that has no message left. */
const STAGED_ENVELOPE_MAX_AGE_MS = 14 * DAY;
/** Chunk uploads are assembled within minutes (docs/sourcemaps.md); a day-old chunk was abandoned. */
const ABANDONED_CHUNK_AGE_MS = DAY;
/** R2 listing pages (1,000 keys each) looked at per project and run. */
const STAGED_PAGES = 10;

export interface RetentionResult {
	events: number;
	attachments: number;
	transactions: number;
	issues: number;
	stagedEnvelopes: number;
	/** Source map upload chunks never assembled into a bundle. */
	abandonedChunks: number;
}

/** Where the relay stages a project's envelopes too large for a queue message (workers/relay/ingest.ts). */
export const stagedEnvelopePrefix = (organizationId: number, projectId: number) =>
	`ingest/${organizationId}/${projectId}/`;

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

/**
 * Issues not seen since the cutoff: first the bodies and rows of their events (a chunk per run),
 * then the issues left without events — deleting an issue cascades to its event rows, which would
 * leave their bodies in R2 for ever.
 */
async function deleteStaleIssues(db: RegionDb, bucket: R2Bucket, projectId: number, cutoff: Date) {
	const stale = and(eq(groups.projectId, projectId), lt(groups.lastSeen, cutoff));
	const staleIds = db.select({ id: groups.id }).from(groups).where(stale);
	const eventsOfStale = await db
		.select({ id: events.id, bodyKey: events.bodyKey })
		.from(events)
		.where(and(eq(events.projectId, projectId), inArray(events.groupId, staleIds)))
		.limit(CHUNK);
	const deletedEvents = await deleteRows(eventsOfStale, bucket, (ids) =>
		db.delete(events).where(inArray(events.id, ids)),
	);
	const deletedIssues = await db
		.delete(groups)
		.where(and(stale, notExists(db.select({ id: events.id }).from(events).where(eq(events.groupId, groups.id)))))
		.returning({ id: groups.id });
	return { events: deletedEvents, issues: deletedIssues.length };
}

/**
 * Staged envelopes older than any queue message, except those a dead letter still points at (its
 * replay needs them). The consumer deletes each once its message is stored; these are the rest.
 */
async function deleteStagedEnvelopes(db: RegionDb, bucket: R2Bucket, prefix: string, now: number) {
	const cutoff = now - STAGED_ENVELOPE_MAX_AGE_MS;
	const old: string[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < STAGED_PAGES && old.length < CHUNK; page++) {
		const listing = await bucket.list({ prefix, cursor });
		for (const object of listing.objects) if (object.uploaded.getTime() < cutoff) old.push(object.key);
		if (!listing.truncated) break;
		cursor = listing.cursor;
	}
	if (!old.length) return 0;
	const letters = await db
		.select({ message: deadLetters.message })
		.from(deadLetters)
		// instr, not LIKE: D1 limits LIKE patterns to 50 bytes.
		.where(sql`instr(${deadLetters.message}, ${`"envelopeKey":"${prefix}`}) > 0`);
	const awaitingReplay = new Set(
		letters.map((letter) => (JSON.parse(letter.message) as { envelopeKey?: string }).envelopeKey),
	);
	const deletable = old.filter((key) => !awaitingReplay.has(key)).slice(0, CHUNK);
	if (deletable.length) await bucket.delete(deletable);
	return deletable.length;
}

/** Chunks of source map uploads that stopped before the bundle was assembled (assembly deletes the rest). */
async function deleteAbandonedChunks(bucket: R2Bucket, now: number) {
	const old: string[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < STAGED_PAGES && old.length < CHUNK; page++) {
		const listing = await bucket.list({ prefix: "chunks/", cursor });
		for (const object of listing.objects)
			if (object.uploaded.getTime() < now - ABANDONED_CHUNK_AGE_MS) old.push(object.key);
		if (!listing.truncated) break;
		cursor = listing.cursor;
	}
	const deletable = old.slice(0, CHUNK);
	if (deletable.length) await bucket.delete(deletable);
	return deletable.length;
}

export async function applyRetention(db: RegionDb, bucket: R2Bucket, now = Date.now()): Promise<RetentionResult> {
	const result: RetentionResult = {
		events: 0,
		attachments: 0,
		transactions: 0,
		issues: 0,
		stagedEnvelopes: 0,
		abandonedChunks: await deleteAbandonedChunks(bucket, now),
	};
	const projectRows = await db
		.select({ id: projects.id, organizationId: projects.organizationId, days: projects.eventRetentionDays })
		.from(projects);
	for (const project of projectRows) {
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
		await pruneProjectSessions(db, project.id, cutoff);
		const stale = await deleteStaleIssues(db, bucket, project.id, cutoff);
		result.events += stale.events;
		result.issues += stale.issues;
		result.stagedEnvelopes += await deleteStagedEnvelopes(
			db,
			bucket,
			stagedEnvelopePrefix(project.organizationId, project.id),
			now,
		);
	}
	await db.delete(ingestedMessages).where(lt(ingestedMessages.createdAt, new Date(now - DEDUPE_WINDOW_MS)));
	await pruneGroupCounts(db, now);
	await pruneSessions(db, now);
	return result;
}

/** Minute counters serve intervals up to an hour, hour counters up to 30 days (workers/region/alerts/rules.ts). */
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
