/**
 * Logs past their time, run by the minute cron: rows older than the hot window, segments (object
 * and index row) and counts older than the retention, each in bounded chunks per project so one
 * run stays within a Worker's limits; the next run continues.
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { logCounts, logItems, logSegments, projects } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import type { LogsStorage } from "./config";

const DAY_MS = 86_400_000;
const ROW_CHUNK = 5_000;
const SEGMENT_CHUNK = 500;

export interface LogRetentionResult {
	rows: number;
	segments: number;
	counts: number;
}

export async function applyLogRetention(
	db: RegionDb,
	bucket: R2Bucket,
	storage: LogsStorage,
	now = Date.now(),
): Promise<LogRetentionResult> {
	const result: LogRetentionResult = { rows: 0, segments: 0, counts: 0 };
	const hotCutoffUs = (now - storage.hotDays * DAY_MS) * 1000;
	const cutoff = now - storage.retentionDays * DAY_MS;
	const projectRows = await db.select({ id: projects.id, organizationId: projects.organizationId }).from(projects);
	for (const { id, organizationId } of projectRows) {
		const deleted = await db.all<{ id: number }>(
			sql`delete from ${logItems} where id in (select id from ${logItems}
			where organization_id = ${organizationId} and project_id = ${id} and timestamp_us < ${hotCutoffUs}
			limit ${ROW_CHUNK}) returning id`,
		);
		result.rows += deleted.length;
		const old = await db
			.select({ id: logSegments.id, key: logSegments.key })
			.from(logSegments)
			.where(
				and(
					eq(logSegments.organizationId, organizationId),
					eq(logSegments.projectId, id),
					lt(logSegments.endUs, cutoff * 1000),
				),
			)
			.limit(SEGMENT_CHUNK);
		if (old.length) {
			await bucket.delete(old.map((segment) => segment.key));
			await db.delete(logSegments).where(
				inArray(
					logSegments.id,
					old.map((segment) => segment.id),
				),
			);
			result.segments += old.length;
		}
		const counts = await db
			.delete(logCounts)
			.where(
				and(
					eq(logCounts.organizationId, organizationId),
					eq(logCounts.projectId, id),
					lt(logCounts.hour, new Date(cutoff)),
				),
			)
			.returning({ hour: logCounts.hour });
		result.counts += counts.length;
	}
	return result;
}
