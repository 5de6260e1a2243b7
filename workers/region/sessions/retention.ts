/**
 * Keeping release health bounded, from the minute cron: session states are forgotten once no
 * update of their session can be accepted any more (5 days after it started); an organization's
 * day with more than USERS_PER_ORGANIZATION_DAY users is sampled one level further (half of its
 * hashes dropped; reads scale the rest back up); counters, histograms and users go with the
 * project's retention. Every delete is chunked, so one run stays within a Worker's limits.
 */
import { and, count, eq, gt, gte, lt, notExists, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import {
	releaseSessions,
	sessionDurations,
	sessionStates,
	sessionUserLevels,
	sessionUsers,
} from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { dayOf, HOUR, MAX_SESSION_AGE_MS } from "./counting";

const CHUNK = 500;
/** Rows of distinct users an organization keeps per day before sampling them (docs/release-health.md). */
export const USERS_PER_ORGANIZATION_DAY = 10_000;

/** Deletes at most CHUNK rows of `table` matching `where` (the next run deletes more). */
async function deleteChunk(db: RegionDb, table: SQLiteTable, where: ReturnType<typeof sql>): Promise<void> {
	await db.delete(table).where(sql`rowid in (select rowid from ${table} where ${where} limit ${CHUNK})`);
}

/** Raises the sampling level of crowded recent days, and drops the rows their level no longer keeps. */
async function sampleUsers(db: RegionDb, now: number, cap: number): Promise<void> {
	const recent = new Date(dayOf(now - MAX_SESSION_AGE_MS));
	const level = sql<number>`coalesce(${sessionUserLevels.level}, 0)`;
	const crowded = await db
		.select({ organizationId: sessionUsers.organizationId, day: sessionUsers.day, level })
		.from(sessionUsers)
		.leftJoin(
			sessionUserLevels,
			and(
				eq(sessionUserLevels.organizationId, sessionUsers.organizationId),
				eq(sessionUserLevels.day, sessionUsers.day),
			),
		)
		.where(and(gte(sessionUsers.day, recent), sql`${sessionUsers.userHash} % (1 << ${level}) = 0`))
		.groupBy(sessionUsers.organizationId, sessionUsers.day)
		.having(gt(count(), cap));
	for (const day of crowded) {
		await db
			.insert(sessionUserLevels)
			.values({ organizationId: day.organizationId, day: day.day, level: Number(day.level) + 1 })
			.onConflictDoUpdate({
				target: [sessionUserLevels.organizationId, sessionUserLevels.day],
				set: { level: sql`max(${sessionUserLevels.level}, excluded.level)` },
			});
	}
	const sampled = await db.select().from(sessionUserLevels).where(gte(sessionUserLevels.day, recent));
	for (const { organizationId, day, level: kept } of sampled) {
		await deleteChunk(
			db,
			sessionUsers,
			sql`${sessionUsers.organizationId} = ${organizationId} and ${sessionUsers.day} = ${day.getTime()}
				and ${sessionUsers.userHash} % ${2 ** kept} != 0`,
		);
	}
}

export async function pruneSessions(db: RegionDb, now: number, cap = USERS_PER_ORGANIZATION_DAY): Promise<void> {
	// The oldest states by rowid (about the order sessions started), an hour beyond the 5 days.
	await db.delete(sessionStates).where(
		sql`rowid in (select rowid from (select rowid, ${sessionStates.started} as started from ${sessionStates}
			order by rowid limit ${CHUNK}) where started < ${now - MAX_SESSION_AGE_MS - HOUR})`,
	);
	await sampleUsers(db, now, cap);
	// A level matters while its day has users; days past retention have none left.
	const usersOfDay = db
		.select({ one: sql`1` })
		.from(sessionUsers)
		.where(
			and(
				eq(sessionUsers.organizationId, sessionUserLevels.organizationId),
				eq(sessionUsers.day, sessionUserLevels.day),
			),
		);
	await db
		.delete(sessionUserLevels)
		.where(and(lt(sessionUserLevels.day, new Date(dayOf(now - MAX_SESSION_AGE_MS))), notExists(usersOfDay)));
}

/** A project's release health older than `cutoff` (its event retention). */
export async function pruneProjectSessions(db: RegionDb, projectId: number, cutoff: Date): Promise<void> {
	for (const [table, time] of [
		[releaseSessions, releaseSessions.bucket],
		[sessionDurations, sessionDurations.bucket],
		[sessionUsers, sessionUsers.day],
	] as const) {
		await deleteChunk(db, table, sql`${table.projectId} = ${projectId} and ${time} < ${cutoff.getTime()}`);
	}
}
