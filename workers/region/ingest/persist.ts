/**
 * Turning a batch's planned events and outcome tallies into statements: one upsert per issue
 * (times_seen, first/last seen; a resolved issue that sees an event again is reopened as regressed),
 * the issue's activity (first seen, regression) and per-minute/hour event counts for alert rules,
 * events inserted idempotently by (project, event_id) and pointed at their issue, distinct users,
 * the releases events name (created as Sentry creates them on first sight), and outcome counters
 * added per hour.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import {
	events,
	groupActivity,
	groupCounts,
	groupMergedHashes,
	groups,
	groupTagValues,
	groupTombstones,
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

/** Upsert target and merge of two counts of one (issue, tag key, value): sums, earliest first, latest last seen. */
export const addTagValueCounts = {
	target: [groupTagValues.groupId, groupTagValues.key, groupTagValues.value],
	set: {
		count: sql`${groupTagValues.count} + excluded.count`,
		firstSeen: sql`min(${groupTagValues.firstSeen}, excluded.first_seen)`,
		lastSeen: sql`max(${groupTagValues.lastSeen}, excluded.last_seen)`,
	},
};

/** Tag facets kept per issue: this many tags of an event, this many values of a key (later new values are not counted). */
export const TAG_FACET_LIMITS = { tagsPerEvent: 50, valuesPerKey: 1000, keyLength: 32, valueLength: 200 };

/**
 * The hash the issue of `event` is kept under: its own, unless an issue with it was merged into
 * another (group_merged_hashes), whose hash it then takes.
 */
const issueHashOf = (event: PlannedEvent) =>
	sql`coalesce((select merged_into.hash from ${groupMergedHashes} join ${groups} merged_into on merged_into.id = ${groupMergedHashes.groupId}
	where ${groupMergedHashes.projectId} = ${event.projectId} and ${groupMergedHashes.hash} = ${event.grouping.hash}), ${event.grouping.hash})`;
const groupIdOf = (event: PlannedEvent) =>
	sql`(select id from ${groups} where ${groups.projectId} = ${event.projectId} and ${groups.hash} = ${issueHashOf(event)})`;

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
			sql`select null, id, ${type}, ${event.eventId}, ${event.receivedAt}, null, '{}' from ${groups}
			where ${groups.projectId} = ${event.projectId} and ${groups.hash} = ${issueHashOf(event)} and ${state}`,
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

/**
 * Adds the issue's events to its tag facets: per (key, value) the count and first/last seen, at
 * most `tagsPerEvent` tags of each event, keys and values trimmed, and a key's new values counted
 * only while it has fewer than `valuesPerKey` (its existing values keep counting).
 */
function planTagFacets(db: RegionDb, plan: WritePlan, issueEvents: PlannedEvent[]): void {
	const { tagsPerEvent, valuesPerKey, keyLength, valueLength } = TAG_FACET_LIMITS;
	const facets = new Map<string, { key: string; value: string; count: number; firstSeen: number; lastSeen: number }>();
	for (const event of issueEvents) {
		const tags = Array.isArray(event.event.tags) ? (event.event.tags as [string, string][]) : [];
		for (const [rawKey, rawValue] of tags.slice(0, tagsPerEvent)) {
			const key = String(rawKey).slice(0, keyLength);
			const value = String(rawValue).slice(0, valueLength);
			const id = JSON.stringify([key, value]);
			const facet = facets.get(id) ?? { key, value, count: 0, firstSeen: event.timestamp, lastSeen: event.timestamp };
			facet.count += 1;
			facet.firstSeen = Math.min(facet.firstSeen, event.timestamp);
			facet.lastSeen = Math.max(facet.lastSeen, event.timestamp);
			facets.set(id, facet);
		}
	}
	const groupId = groupIdOf(issueEvents[0] as PlannedEvent);
	for (const { key, value, count, firstSeen, lastSeen } of facets.values()) {
		const known = sql`select 1 from ${groupTagValues} where ${groupTagValues.groupId} = ${groupId} and ${groupTagValues.key} = ${key}`;
		plan.run(
			db
				.insert(groupTagValues)
				.select(
					sql`select ${groupId}, ${key}, ${value}, ${count}, ${firstSeen}, ${lastSeen}
					where exists (${known} and ${groupTagValues.value} = ${value})
						or (select count(*) from (${known} limit ${valuesPerKey})) < ${valuesPerKey}`,
				)
				.onConflictDoUpdate(addTagValueCounts),
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

/** An ignored issue's condition is met by the batch: its ignore duration passed, or its count was reached. */
const ignoreEnds = sql`(${groups.status} = 'ignored' and ((${groups.ignoreUntil} is not null and excluded.last_seen > ${groups.ignoreUntil})
	or (${groups.ignoreUntilTimesSeen} is not null and ${groups.timesSeen} + excluded.times_seen >= ${groups.ignoreUntilTimesSeen})))`;

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
					hash: issueHashOf(first),
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
						status: sql`case when ${groups.status} = 'resolved' or ${ignoreEnds} then 'unresolved' else ${groups.status} end`,
						substatus: sql`case when ${groups.status} = 'resolved' then 'regressed' when ${ignoreEnds} or ${groups.substatus} = 'new' then 'ongoing' else ${groups.substatus} end`,
						statusDetails: sql`case when ${groups.status} = 'resolved' or ${ignoreEnds} then '{}' else ${groups.statusDetails} end`,
						resolvedAt: sql`case when ${groups.status} = 'resolved' then null else ${groups.resolvedAt} end`,
					},
				}),
		);
		plan.run(activityIf(db, first, "first_seen", sql`${groups.timesSeen} = ${sorted.length}`));
		planGroupCounts(db, plan, sorted);
		planTagFacets(db, plan, sorted);
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

/** `<project>:<hash>` of the events' hashes that a discarded issue left a tombstone for. */
export async function discardedHashes(db: RegionDb, planned: PlannedEvent[]): Promise<Set<string>> {
	const found = new Set<string>();
	const pairs = [...new Map(planned.map((event) => [`${event.projectId}:${event.grouping.hash}`, event])).values()];
	for (const slice of slicesOf(pairs, IN_LIST_LIMIT / 2)) {
		const rows = await db
			.select({ projectId: groupTombstones.projectId, hash: groupTombstones.hash })
			.from(groupTombstones)
			.where(
				or(
					...slice.map((event) =>
						and(eq(groupTombstones.projectId, event.projectId), eq(groupTombstones.hash, event.grouping.hash)),
					),
				),
			);
		for (const row of rows) found.add(`${row.projectId}:${row.hash}`);
	}
	return found;
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
