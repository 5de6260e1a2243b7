/**
 * Sentry's issue update (api/helpers/group_index/update.py) over a set of an organization's issues:
 * status with its details, the assignee, the caller's own marks (bookmark, seen, subscribed), merge,
 * discard and delete. Every change is written with the activity it records, in one D1 batch.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import {
	events,
	groupActivity,
	groupCounts,
	groupMergedHashes,
	groups,
	groupTagValues,
	groupTombstones,
	groupUserStates,
	groupUsers,
	releaseProjects,
	releases,
} from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { addTagValueCounts } from "../ingest";
import { replicatedMemberByEmail, replicatedMembers } from "../replication";

export type GroupRow = typeof groups.$inferSelect;

/** Sentry's BULK_MUTATION_LIMIT: a bulk update by query changes at most this many issues. */
export const BULK_MUTATION_LIMIT = 1000;
/** The longest ignore Sentry's UI offers is a year; anything longer is refused rather than overflowing dates. */
const MAX_IGNORE_MINUTES = 366 * 24 * 60;

const StatusDetails = z.object({
	inRelease: z.string().min(1).max(250).optional(),
	inNextRelease: z.boolean().optional(),
	ignoreDuration: z.number().int().positive().max(MAX_IGNORE_MINUTES).optional(),
	ignoreCount: z.number().int().positive().max(1_000_000_000).optional(),
	ignoreWindow: z.number().int().positive().max(MAX_IGNORE_MINUTES).optional(),
	ignoreUserCount: z.number().int().positive().optional(),
	ignoreUserWindow: z.number().int().positive().optional(),
});

/** The body of `PUT …/issues/` and `PUT …/issues/{id}/`; unknown fields (`inbox`, `priority` …) are ignored, as Sentry's are not errors. */
export const IssueUpdate = z.object({
	/** `muted` and `archived` are Sentry's other names for `ignored`; `resolvedInNextRelease` resolves with `inNextRelease`. */
	status: z.enum(["resolved", "resolvedInNextRelease", "unresolved", "ignored", "muted", "archived"]).optional(),
	statusDetails: StatusDetails.optional(),
	/** `user:<id>`, `team:<id>`, a user id or e-mail of a member; `""` or null unassigns. */
	assignedTo: z.string().max(320).nullable().optional(),
	isBookmarked: z.boolean().optional(),
	hasSeen: z.boolean().optional(),
	isSubscribed: z.boolean().optional(),
	merge: z.boolean().optional(),
	discard: z.boolean().optional(),
});
export type IssueUpdate = z.infer<typeof IssueUpdate>;

export interface Workflow {
	db: RegionDb;
	organizationId: number;
	userId: number;
}

/** Sentry's serialized actor for an assignee. */
export interface Assignee {
	type: "user";
	id: string;
	name: string;
	email: string;
}

export const assigneeOf = (userId: number, email: string | null | undefined): Assignee => ({
	type: "user",
	id: String(userId),
	name: email ?? String(userId),
	email: email ?? "",
});

const byIds = (ids: number[]) => inArray(groups.id, ids);

/** An activity row per issue in `ids`, each with its own random id (activity of people is never deduplicated). */
function activityRows(
	flow: Workflow,
	ids: number[],
	type: string,
	data: Record<string, unknown>,
): BatchItem<"sqlite">[] {
	return [...slicesOf(ids, IN_LIST_LIMIT)].map((slice) =>
		flow.db.insert(groupActivity).select(
			sql`select null, ${groups.id}, ${type}, lower(hex(randomblob(16))), ${Date.now()}, ${flow.userId}, ${JSON.stringify(data)}
				from ${groups} where ${and(eq(groups.organizationId, flow.organizationId), byIds(slice))}`,
		),
	);
}

function updateRows(flow: Workflow, ids: number[], set: Partial<GroupRow>): BatchItem<"sqlite">[] {
	return [...slicesOf(ids, IN_LIST_LIMIT)].map((slice) =>
		flow.db
			.update(groups)
			.set(set)
			.where(and(eq(groups.organizationId, flow.organizationId), byIds(slice))),
	);
}

/** The most recently created release of the projects (Sentry's `latest`), if any. */
export async function latestRelease(db: RegionDb, organizationId: number, projectIds: number[]) {
	const [row] = await db
		.select({ version: releases.version })
		.from(releases)
		.innerJoin(releaseProjects, eq(releaseProjects.releaseId, releases.id))
		.where(
			and(
				eq(releases.organizationId, organizationId),
				projectIds.length ? inArray(releaseProjects.projectId, projectIds) : undefined,
			),
		)
		.orderBy(desc(releases.createdAt), desc(releases.id))
		.limit(1);
	return row?.version;
}

async function statusChange(flow: Workflow, rows: GroupRow[], update: IssueUpdate) {
	const details = update.statusDetails ?? {};
	const status =
		update.status === "resolvedInNextRelease"
			? "resolved"
			: update.status === "muted" || update.status === "archived"
				? "ignored"
				: (update.status as "resolved" | "unresolved" | "ignored");
	const ids = rows.map((row) => row.id);
	if (status === "resolved") {
		const inNextRelease = update.status === "resolvedInNextRelease" || details.inNextRelease === true;
		let inRelease = details.inRelease;
		if (inRelease === "latest") {
			inRelease = await latestRelease(flow.db, flow.organizationId, [...new Set(rows.map((row) => row.projectId))]);
			if (!inRelease) throw new ApiError(400, "There is no release to resolve the issues in.");
		}
		const statusDetails = inRelease ? { inRelease } : inNextRelease ? { inNextRelease: true } : {};
		const statements = [
			...updateRows(flow, ids, {
				status,
				substatus: null,
				resolvedAt: new Date(),
				statusDetails,
				ignoreUntil: null,
				ignoreUntilTimesSeen: null,
			}),
			...(inRelease || inNextRelease
				? activityRows(flow, ids, "set_resolved_in_release", { version: inRelease ?? "" })
				: activityRows(flow, ids, "set_resolved", {})),
		];
		return { statements, response: { status, statusDetails } };
	}
	if (status === "ignored") {
		const ignoreUntil = details.ignoreDuration ? new Date(Date.now() + details.ignoreDuration * 60_000) : null;
		const statusDetails = {
			...(ignoreUntil ? { ignoreUntil: ignoreUntil.toISOString(), ignoreDuration: details.ignoreDuration } : {}),
			...(details.ignoreCount ? { ignoreCount: details.ignoreCount, ignoreWindow: details.ignoreWindow ?? null } : {}),
		};
		const conditional = ignoreUntil !== null || details.ignoreCount !== undefined;
		const statements = [
			...updateRows(flow, ids, {
				status,
				substatus: conditional ? "archived_until_condition_met" : "archived_forever",
				resolvedAt: null,
				statusDetails,
				ignoreUntil,
				ignoreUntilTimesSeen: null,
			}),
			// The count is reached after `ignoreCount` more events, whatever each issue has seen so far.
			...(details.ignoreCount
				? [...slicesOf(ids, IN_LIST_LIMIT)].map((slice) =>
						flow.db
							.update(groups)
							.set({ ignoreUntilTimesSeen: sql`${groups.timesSeen} + ${details.ignoreCount}` })
							.where(and(eq(groups.organizationId, flow.organizationId), byIds(slice))),
					)
				: []),
			...activityRows(flow, ids, "set_ignored", details),
		];
		return { statements, response: { status, statusDetails } };
	}
	const statements = [
		...updateRows(flow, ids, {
			status,
			substatus: "ongoing",
			resolvedAt: null,
			statusDetails: {},
			ignoreUntil: null,
			ignoreUntilTimesSeen: null,
		}),
		...activityRows(flow, ids, "set_unresolved", {}),
	];
	return { statements, response: { status, statusDetails: {} } };
}

/** The member `assignedTo` names, or null to unassign; another organization's user is not a member (400). */
export async function resolveAssignee(flow: Workflow, assignedTo: string | null | undefined): Promise<Assignee | null> {
	const actor = (assignedTo ?? "").trim();
	if (!actor) return null;
	if (actor.startsWith("team:"))
		throw new ApiError(400, "Unknown actor: teams are not supported here; assign a member.");
	const userId = /^(?:user:)?(\d{1,15})$/.exec(actor)?.[1];
	if (userId !== undefined) {
		const [member] = await replicatedMembers(flow.db, flow.organizationId, [Number(userId)]);
		if (member) return assigneeOf(member.userId, member.email);
	} else if (actor.includes("@")) {
		const member = await replicatedMemberByEmail(flow.db, flow.organizationId, actor);
		if (member) return assigneeOf(member.userId, member.email);
	}
	throw new ApiError(400, "Cannot assign to a user who is not a member of the organization.");
}

function assigneeChange(flow: Workflow, rows: GroupRow[], assignee: Assignee | null): BatchItem<"sqlite">[] {
	const assigneeUserId = assignee ? Number(assignee.id) : null;
	const changed = rows.filter((row) => row.assigneeUserId !== assigneeUserId).map((row) => row.id);
	if (!changed.length) return [];
	return [
		...updateRows(flow, changed, { assigneeUserId }),
		...(assignee
			? activityRows(flow, changed, "assigned", {
					assignee: assignee.id,
					assigneeEmail: assignee.email,
					assigneeType: "user",
				})
			: activityRows(flow, changed, "unassigned", {})),
	];
}

type Mark = "isBookmarked" | "hasSeen" | "isSubscribed";

function markChange(flow: Workflow, ids: number[], marks: Partial<Record<Mark, boolean>>): BatchItem<"sqlite">[] {
	if (!Object.keys(marks).length) return [];
	return ids.map((groupId) =>
		flow.db
			.insert(groupUserStates)
			.values({ groupId, userId: flow.userId, ...marks })
			.onConflictDoUpdate({ target: [groupUserStates.groupId, groupUserStates.userId], set: marks }),
	);
}

/**
 * Merges the issues into the one with the most events (Sentry's merge): their events, users, counts
 * and tag facets move to it, their comments too, their hashes lead to it from now on, and they are
 * gone. All issues must be of one project.
 */
function mergeStatements(flow: Workflow, rows: GroupRow[]) {
	if (rows.length < 2) throw new ApiError(400, "Only a single issue was given; merging needs two or more.");
	if (new Set(rows.map((row) => row.projectId)).size > 1)
		throw new ApiError(400, "Merging across multiple projects is not supported");
	const [parent, ...children] = [...rows].sort((a, b) => b.timesSeen - a.timesSeen || a.id - b.id) as [
		GroupRow,
		...GroupRow[],
	];
	const { db } = flow;
	const statements: BatchItem<"sqlite">[] = [];
	for (const slice of slicesOf(
		children.map((child) => child.id),
		IN_LIST_LIMIT,
	)) {
		statements.push(
			db.update(events).set({ groupId: parent.id }).where(inArray(events.groupId, slice)),
			db
				.insert(groupUsers)
				.select(
					sql`select ${parent.id}, ${groupUsers.userKey} from ${groupUsers} where ${inArray(groupUsers.groupId, slice)}`,
				)
				.onConflictDoNothing(),
			db
				.insert(groupCounts)
				.select(
					sql`select ${parent.id}, ${groupCounts.resolution}, ${groupCounts.bucket}, sum(${groupCounts.count}) from ${groupCounts}
					where ${inArray(groupCounts.groupId, slice)} group by ${groupCounts.resolution}, ${groupCounts.bucket}`,
				)
				.onConflictDoUpdate({
					target: [groupCounts.groupId, groupCounts.resolution, groupCounts.bucket],
					set: { count: sql`${groupCounts.count} + excluded.count` },
				}),
			db
				.insert(groupTagValues)
				.select(
					sql`select ${parent.id}, ${groupTagValues.key}, ${groupTagValues.value}, sum(${groupTagValues.count}),
					min(${groupTagValues.firstSeen}), max(${groupTagValues.lastSeen}) from ${groupTagValues}
					where ${inArray(groupTagValues.groupId, slice)} group by ${groupTagValues.key}, ${groupTagValues.value}`,
				)
				.onConflictDoUpdate(addTagValueCounts),
			db
				.update(groupActivity)
				.set({ groupId: parent.id })
				.where(and(inArray(groupActivity.groupId, slice), eq(groupActivity.type, "note"))),
			db.update(groupMergedHashes).set({ groupId: parent.id }).where(inArray(groupMergedHashes.groupId, slice)),
		);
	}
	statements.push(
		...children.map((child) =>
			db
				.insert(groupMergedHashes)
				.values({ projectId: child.projectId, hash: child.hash, groupId: parent.id })
				.onConflictDoUpdate({
					target: [groupMergedHashes.projectId, groupMergedHashes.hash],
					set: { groupId: parent.id },
				}),
		),
		db
			.update(groups)
			.set({
				timesSeen: parent.timesSeen + children.reduce((sum, child) => sum + child.timesSeen, 0),
				firstSeen: new Date(Math.min(...rows.map((row) => row.firstSeen.getTime()))),
				lastSeen: new Date(Math.max(...rows.map((row) => row.lastSeen.getTime()))),
			})
			.where(and(eq(groups.organizationId, flow.organizationId), eq(groups.id, parent.id))),
		...activityRows(flow, [parent.id], "merge", {
			issues: children.map((child) => ({ id: String(child.id) })),
		}),
		...[
			...slicesOf(
				children.map((child) => child.id),
				IN_LIST_LIMIT,
			),
		].map((slice) => db.delete(groups).where(and(eq(groups.organizationId, flow.organizationId), byIds(slice)))),
	);
	return {
		statements,
		response: { merge: { parent: String(parent.id), children: children.map((child) => String(child.id)) } },
	};
}

/** Event bodies deleted with an issue, at most this many per request (the rest go with retention). */
const MAX_BODIES_DELETED = 10_000;

/**
 * Deletes the issues with their events (and the events' bodies in R2); with `tombstone`, later
 * events with their hashes are discarded at ingest (Sentry's discard), else they open a new issue.
 */
export async function deleteIssues(flow: Workflow, bucket: R2Bucket, rows: GroupRow[], tombstone = false) {
	const ids = rows.map((row) => row.id);
	for (const slice of slicesOf(ids, IN_LIST_LIMIT)) {
		let deleted = 0;
		for (let after = 0; deleted < MAX_BODIES_DELETED; ) {
			const page = await flow.db
				.select({ id: events.id, bodyKey: events.bodyKey })
				.from(events)
				.where(
					and(
						eq(events.organizationId, flow.organizationId),
						inArray(events.groupId, slice),
						sql`${events.id} > ${after}`,
					),
				)
				.orderBy(events.id)
				.limit(1000);
			if (!page.length) break;
			await bucket.delete(page.map((row) => row.bodyKey));
			deleted += page.length;
			after = (page.at(-1) as { id: number }).id;
		}
	}
	const statements: BatchItem<"sqlite">[] = [
		...(tombstone
			? rows.map((row) =>
					flow.db
						.insert(groupTombstones)
						.values({ organizationId: flow.organizationId, projectId: row.projectId, hash: row.hash })
						.onConflictDoNothing(),
				)
			: []),
		...[...slicesOf(ids, IN_LIST_LIMIT)].map((slice) =>
			flow.db.delete(groups).where(and(eq(groups.organizationId, flow.organizationId), byIds(slice))),
		),
	];
	await runBatch(flow.db, statements);
}

async function runBatch(db: RegionDb, statements: BatchItem<"sqlite">[]) {
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
}

/** Applies `update` to `rows` (the caller's organization's issues) and answers Sentry's response of what changed. */
export async function updateIssues(flow: Workflow, bucket: R2Bucket, rows: GroupRow[], update: IssueUpdate) {
	if (update.discard) {
		await deleteIssues(flow, bucket, rows, true);
		return { discard: true };
	}
	if (update.merge) {
		const { statements, response } = mergeStatements(flow, rows);
		await runBatch(flow.db, statements);
		return response;
	}
	const ids = rows.map((row) => row.id);
	const statements: BatchItem<"sqlite">[] = [];
	const response: Record<string, unknown> = {};
	if (update.status) {
		const change = await statusChange(flow, rows, update);
		statements.push(...change.statements);
		Object.assign(response, change.response);
	}
	if (update.assignedTo !== undefined) {
		const assignee = await resolveAssignee(flow, update.assignedTo);
		statements.push(...assigneeChange(flow, rows, assignee));
		response.assignedTo = assignee;
	}
	const marks: Partial<Record<Mark, boolean>> = {};
	for (const mark of ["isBookmarked", "hasSeen", "isSubscribed"] as const) {
		if (update[mark] !== undefined) marks[mark] = update[mark];
	}
	statements.push(...markChange(flow, ids, marks));
	Object.assign(response, marks);
	if (!Object.keys(response).length)
		throw new ApiError(400, "Nothing to change: give status, assignedTo, a mark, merge or discard.");
	await runBatch(flow.db, statements);
	return response;
}
