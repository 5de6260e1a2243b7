/**
 * Turning a batch's planned events and outcome tallies into statements: one upsert per issue
 * (times_seen, first/last seen; a resolved issue that sees an event again is reopened as regressed),
 * the issue's activity (first seen, regression) and per-minute/hour event counts for alert rules,
 * events inserted idempotently by (project, event_id) and pointed at their issue, distinct users,
 * the releases events name (created as Sentry creates them on first sight), and outcome counters
 * added per hour.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import {
	events,
	groupActivity,
	groupCounts,
	groups,
	groupUsers,
	outcomes,
	releaseProjects,
	releases,
} from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { releaseVersionSchema } from "../releases";
import type { PlannedEvent, WritePlan } from "./write-plan";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const groupIdOf = (event: PlannedEvent) =>
	sql`(select id from ${groups} where ${groups.projectId} = ${event.projectId} and ${groups.hash} = ${event.grouping.hash})`;

/**
 * An activity row for the issue of `event` if the issue is in the given state. Run before the
 * upsert to see the state the batch found (resolved: a regression); after it, `times_seen` equal
 * to the batch's own events means the batch created the issue (times_seen only grows).
 */
const activityIf = (
	db: RegionDb,
	event: PlannedEvent,
	type: "first_seen" | "set_regression",
	state: ReturnType<typeof sql>,
) =>
	db
		.insert(groupActivity)
		.select(
			sql`select null, id, ${type}, ${event.eventId}, ${event.receivedAt} from ${groups}
			where ${groups.projectId} = ${event.projectId} and ${groups.hash} = ${event.grouping.hash} and ${state}`,
		)
		.onConflictDoNothing();

/** Adds the issue's events to its per-minute and per-hour counters (by time received). */
function planGroupCounts(db: RegionDb, plan: WritePlan, issueEvents: PlannedEvent[]): void {
	const counts = new Map<string, { resolution: "minute" | "hour"; bucket: number; count: number }>();
	for (const event of issueEvents) {
		for (const [resolution, size] of [
			["minute", MINUTE],
			["hour", HOUR],
		] as const) {
			const bucket = Math.floor(event.receivedAt / size) * size;
			const entry = counts.get(`${resolution}:${bucket}`) ?? { resolution, bucket, count: 0 };
			entry.count += 1;
			counts.set(`${resolution}:${bucket}`, entry);
		}
	}
	const first = issueEvents[0] as PlannedEvent;
	for (const { resolution, bucket, count } of counts.values()) {
		plan.run(
			db
				.insert(groupCounts)
				.values({ groupId: groupIdOf(first), resolution, bucket: new Date(bucket), count })
				.onConflictDoUpdate({
					target: [groupCounts.groupId, groupCounts.resolution, groupCounts.bucket],
					set: { count: sql`${groupCounts.count} + excluded.count` },
				}),
		);
	}
}

/** Creates the release and its project's link, as Sentry creates a release on first sight, unless they exist. */
export function planReleaseSeen(
	db: RegionDb,
	plan: WritePlan,
	organizationId: number,
	projectId: number,
	version: string,
): void {
	plan.run(db.insert(releases).values({ organizationId, version }).onConflictDoNothing());
	plan.run(
		db
			.insert(releaseProjects)
			.select(
				sql`select ${organizationId}, id, ${projectId} from ${releases}
				where ${releases.organizationId} = ${organizationId} and ${releases.version} = ${version}`,
			)
			.onConflictDoNothing(),
	);
}

/** The release each event names, and its project's link to it, unless they exist already. */
function planReleases(db: RegionDb, plan: WritePlan): void {
	const seen = new Set<string>();
	for (const { organizationId, projectId, event } of plan.events) {
		const version = releaseVersionSchema.safeParse(event.release);
		if (!version.success || seen.has(`${projectId}:${version.data}`)) continue;
		seen.add(`${projectId}:${version.data}`);
		planReleaseSeen(db, plan, organizationId, projectId, version.data);
	}
}

export function planIssuesAndEvents(db: RegionDb, plan: WritePlan): void {
	planReleases(db, plan);
	const byIssue = new Map<string, PlannedEvent[]>();
	for (const event of plan.events) {
		const key = `${event.projectId}:${event.grouping.hash}`;
		byIssue.set(key, [...(byIssue.get(key) ?? []), event]);
	}
	for (const issueEvents of byIssue.values()) {
		const sorted = [...issueEvents].sort((a, b) => a.timestamp - b.timestamp);
		const first = sorted[0] as PlannedEvent;
		const latest = sorted.at(-1) as PlannedEvent;
		plan.run(activityIf(db, first, "set_regression", sql`${groups.status} = 'resolved'`));
		plan.run(
			db
				.insert(groups)
				.values({
					organizationId: first.organizationId,
					projectId: first.projectId,
					shortId: sql`(select coalesce(max(${groups.shortId}), 0) + 1 from ${groups} where ${groups.projectId} = ${first.projectId})`,
					hash: first.grouping.hash,
					title: latest.grouping.title,
					culprit: latest.grouping.culprit,
					type: latest.grouping.type,
					level: String(latest.event.level),
					platform: String(latest.event.platform),
					metadata: latest.grouping.metadata,
					status: "unresolved",
					substatus: "new",
					timesSeen: sorted.length,
					firstSeen: new Date(first.timestamp),
					lastSeen: new Date(latest.timestamp),
					firstRelease: (first.event.release as string | null) ?? null,
				})
				.onConflictDoUpdate({
					target: [groups.projectId, groups.hash],
					set: {
						timesSeen: sql`${groups.timesSeen} + excluded.times_seen`,
						lastSeen: sql`max(${groups.lastSeen}, excluded.last_seen)`,
						firstSeen: sql`min(${groups.firstSeen}, excluded.first_seen)`,
						title: sql`excluded.title`,
						culprit: sql`excluded.culprit`,
						level: sql`excluded.level`,
						status: sql`case when ${groups.status} = 'resolved' then 'unresolved' else ${groups.status} end`,
						substatus: sql`case when ${groups.status} = 'resolved' then 'regressed' when ${groups.substatus} = 'new' then 'ongoing' else ${groups.substatus} end`,
						resolvedAt: sql`case when ${groups.status} = 'resolved' then null else ${groups.resolvedAt} end`,
					},
				}),
		);
		plan.run(activityIf(db, first, "first_seen", sql`${groups.timesSeen} = ${sorted.length}`));
		planGroupCounts(db, plan, sorted);
		for (const event of sorted) {
			plan.run(
				db
					.insert(events)
					.values({
						organizationId: event.organizationId,
						projectId: event.projectId,
						groupId: groupIdOf(event),
						eventId: event.eventId,
						timestamp: new Date(event.timestamp),
						receivedAt: new Date(event.receivedAt),
						level: String(event.event.level),
						platform: String(event.event.platform),
						title: event.grouping.title,
						message: String((event.event.logentry as { formatted?: string } | undefined)?.formatted ?? ""),
						culprit: event.grouping.culprit,
						release: (event.event.release as string | null) ?? null,
						environment: (event.event.environment as string | null) ?? null,
						userKey: event.userKey ?? null,
						tags: event.event.tags as [string, string][],
						bodyKey: event.bodyKey,
					})
					.onConflictDoNothing(),
			);
			if (event.userKey) {
				plan.run(
					db
						.insert(groupUsers)
						.values({ groupId: groupIdOf(event), userKey: event.userKey })
						.onConflictDoNothing(),
				);
			}
		}
	}
}

export function planOutcomes(db: RegionDb, plan: WritePlan): void {
	const totals = new Map<string, (typeof plan.outcomes)[number] & { bucket: number }>();
	for (const tally of plan.outcomes) {
		const bucket = Math.floor(tally.timestamp / HOUR) * HOUR;
		const key = [
			tally.organizationId,
			tally.projectId,
			tally.keyId,
			bucket,
			tally.outcome,
			tally.reason ?? "",
			tally.category,
		].join("|");
		const total = totals.get(key) ?? { ...tally, bucket, quantity: 0 };
		total.quantity += tally.quantity;
		totals.set(key, total);
	}
	for (const total of totals.values()) {
		plan.run(
			db
				.insert(outcomes)
				.values({
					organizationId: total.organizationId,
					projectId: total.projectId,
					keyId: total.keyId,
					bucket: new Date(total.bucket),
					outcome: total.outcome,
					reason: total.reason ?? "",
					category: total.category,
					quantity: total.quantity,
				})
				.onConflictDoUpdate({
					target: [
						outcomes.organizationId,
						outcomes.projectId,
						outcomes.keyId,
						outcomes.bucket,
						outcomes.outcome,
						outcomes.reason,
						outcomes.category,
					],
					set: { quantity: sql`${outcomes.quantity} + excluded.quantity` },
				}),
		);
	}
}

/** Event ids of the batch that a project already has (an SDK that sent the same event twice). */
export async function storedEventIds(db: RegionDb, projectId: number, eventIds: string[]): Promise<Set<string>> {
	const found = new Set<string>();
	for (const slice of slicesOf(eventIds, IN_LIST_LIMIT)) {
		const rows = await db
			.select({ eventId: events.eventId })
			.from(events)
			.where(and(eq(events.projectId, projectId), inArray(events.eventId, slice)));
		for (const row of rows) found.add(row.eventId);
	}
	return found;
}
