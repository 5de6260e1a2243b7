/** Issues and their events, in Sentry's Web API paths and shapes; every query is scoped by organization. */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
	events,
	groupActivity,
	groups,
	groupTagValues,
	groupUserStates,
	groupUsers,
	projects,
} from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import { projectIdsOf } from "../../lib/query";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { type Caller, organizationAccess, requireScope } from "../organizations";
import { projectAccess } from "../projects";
import { replicatedMembers } from "../replication";
import { issueOrder, type SearchScope, searchConditions } from "./conditions";
import { parseIssueQuery, parseIssueSort } from "./search";
import {
	serializeActivity,
	serializeEvent,
	serializeEventSummary,
	serializeIssue,
	serializeTagValue,
} from "./serializers";
import {
	type Assignee,
	assigneeOf,
	BULK_MUTATION_LIMIT,
	deleteIssues,
	type GroupRow,
	IssueUpdate,
	updateIssues,
	type Workflow,
} from "./workflow";

const MAX_LIMIT = 100;

/** Members by user id, as serialized actors (for assignees and activity authors). */
async function actorsOf(db: RegionDb, organizationId: number, userIds: (number | null)[]) {
	const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
	const actors = new Map<number, Assignee>();
	for (const slice of slicesOf(ids, IN_LIST_LIMIT)) {
		for (const member of await replicatedMembers(db, organizationId, slice))
			actors.set(member.userId, assigneeOf(member.userId, member.email));
	}
	return actors;
}

async function serializeIssues(
	db: RegionDb,
	rows: GroupRow[],
	organization: { id: number; slug: string },
	caller: Caller,
	publicUrl: URL,
) {
	if (!rows.length) return [];
	const ids = rows.map((row) => row.id);
	const projectRows = await db
		.select()
		.from(projects)
		.where(inArray(projects.id, [...new Set(rows.map((row) => row.projectId))]));
	const userCounts = await db
		.select({ groupId: groupUsers.groupId, users: count() })
		.from(groupUsers)
		.where(inArray(groupUsers.groupId, ids))
		.groupBy(groupUsers.groupId);
	const comments = await db
		.select({ groupId: groupActivity.groupId, notes: count() })
		.from(groupActivity)
		.where(and(inArray(groupActivity.groupId, ids), eq(groupActivity.type, "note")))
		.groupBy(groupActivity.groupId);
	const marks = await db
		.select()
		.from(groupUserStates)
		.where(and(inArray(groupUserStates.groupId, ids), eq(groupUserStates.userId, caller.userId)));
	const assignees = await actorsOf(
		db,
		organization.id,
		rows.map((row) => row.assigneeUserId),
	);
	const usersOf = new Map(userCounts.map((row) => [row.groupId, row.users]));
	const notesOf = new Map(comments.map((row) => [row.groupId, row.notes]));
	const marksOf = new Map(marks.map((row) => [row.groupId, row]));
	const projectOf = new Map(projectRows.map((project) => [project.id, project]));
	return rows.map((row) =>
		serializeIssue(
			row,
			projectOf.get(row.projectId) as (typeof projectRows)[number],
			usersOf.get(row.id) ?? 0,
			publicUrl,
			organization.slug,
			{
				assignedTo:
					row.assigneeUserId === null
						? null
						: (assignees.get(row.assigneeUserId) ?? assigneeOf(row.assigneeUserId, null)),
				isBookmarked: marksOf.get(row.id)?.isBookmarked ?? false,
				hasSeen: marksOf.get(row.id)?.hasSeen ?? false,
				isSubscribed: marksOf.get(row.id)?.isSubscribed ?? false,
				numComments: notesOf.get(row.id) ?? 0,
			},
		),
	);
}

async function listIssues(
	c: Context<RegionAppEnv>,
	db: RegionDb,
	organization: { id: number; slug: string },
	caller: Caller,
	projectIds: number[],
) {
	const offset = parseCursor(c.req.query("cursor"));
	const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 25) || 25, 1), MAX_LIMIT);
	const scope: SearchScope = { db, organizationId: organization.id, projectIds, userId: caller.userId };
	const sort = parseIssueSort(c.req.query("sort"));
	const rows = await db
		.select()
		.from(groups)
		.where(and(...(await searchConditions(scope, parseIssueQuery(c.req.query("query"))))))
		.orderBy(...issueOrder(sort))
		.limit(limit + 1)
		.offset(offset);
	const page = rows.slice(0, limit);
	c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
	return c.json(await serializeIssues(db, page, organization, caller, settingsOf(c.env).publicUrl));
}

/** Reading a project's issues and events needs `event:read`, as Sentry's ProjectEventPermission; `project:read` is not enough. */
const EVENT_READ = ["event:read"];

async function issueAccess(c: Context<RegionAppEnv>) {
	const access = await organizationAccess(c, c.req.param("organization") ?? "");
	requireScope(access.caller, "event:read");
	const id = Number(c.req.param("issue"));
	const group = Number.isSafeInteger(id)
		? await access.db.query.groups.findFirst({
				where: and(eq(groups.id, id), eq(groups.organizationId, access.organization.id)),
			})
		: undefined;
	if (!group) throw notFound();
	return { ...access, group };
}

/**
 * The issues a bulk call names: those of `id` (of the organization and, if given, its projects), or
 * without ids the first BULK_MUTATION_LIMIT matching `query` (by default `is:unresolved`).
 */
async function bulkTargets(c: Context<RegionAppEnv>, scope: SearchScope): Promise<GroupRow[]> {
	const ids = (c.req.queries("id") ?? []).map(Number).filter(Number.isSafeInteger);
	if (ids.length > BULK_MUTATION_LIMIT) throw new ApiError(400, `At most ${BULK_MUTATION_LIMIT} issues at once.`);
	const inScope = [
		eq(groups.organizationId, scope.organizationId),
		scope.projectIds.length ? inArray(groups.projectId, scope.projectIds) : undefined,
	];
	if (ids.length) {
		const rows: GroupRow[] = [];
		for (const slice of slicesOf([...new Set(ids)], IN_LIST_LIMIT))
			rows.push(
				...(await scope.db
					.select()
					.from(groups)
					.where(and(...inScope, inArray(groups.id, slice)))),
			);
		return rows;
	}
	return scope.db
		.select()
		.from(groups)
		.where(and(...(await searchConditions(scope, parseIssueQuery(c.req.query("query"))))))
		.orderBy(...issueOrder("date"))
		.limit(BULK_MUTATION_LIMIT);
}

const workflowOf = (db: RegionDb, organizationId: number, caller: Caller): Workflow => ({
	db,
	organizationId,
	userId: caller.userId,
});

/** Bulk update (Sentry's PUT …/issues/): 204 when nothing matches, else what changed. */
async function bulkUpdate(
	c: Context<RegionAppEnv>,
	access: { db: RegionDb; organization: { id: number }; caller: Caller },
	projectIds: number[],
	update: IssueUpdate,
) {
	const { db, organization, caller } = access;
	requireScope(caller, "event:write");
	const rows = await bulkTargets(c, { db, organizationId: organization.id, projectIds, userId: caller.userId });
	if (!rows.length) return c.body(null, 204);
	return c.json(await updateIssues(workflowOf(db, organization.id, caller), c.env.EVENTS_BUCKET, rows, update));
}

/** Bulk delete (Sentry's DELETE …/issues/): 204, also when nothing matched. */
async function bulkDelete(
	c: Context<RegionAppEnv>,
	access: { db: RegionDb; organization: { id: number }; caller: Caller },
	projectIds: number[],
) {
	const { db, organization, caller } = access;
	requireScope(caller, "event:admin");
	const rows = await bulkTargets(c, { db, organizationId: organization.id, projectIds, userId: caller.userId });
	if (rows.length) await deleteIssues(workflowOf(db, organization.id, caller), c.env.EVENTS_BUCKET, rows);
	return c.body(null, 204);
}

const MAX_COMMENT_LENGTH = 10_000;
/** A comment as Sentry's clients send it (`text`, `mentions`), or as GlitchTip's (`data.text`). */
const NewComment = z
	.object({
		text: z.string().max(MAX_COMMENT_LENGTH).optional(),
		mentions: z.array(z.string().max(100)).max(50).optional(),
		data: z.object({ text: z.string().max(MAX_COMMENT_LENGTH) }).optional(),
	})
	.transform(({ text, mentions, data }) => ({ text: (text ?? data?.text ?? "").trim(), mentions: mentions ?? [] }))
	.refine(({ text }) => text.length > 0, { message: "text: a comment needs text" });

async function serializeActivities(db: RegionDb, organizationId: number, rows: (typeof groupActivity.$inferSelect)[]) {
	const authors = await actorsOf(
		db,
		organizationId,
		rows.map((row) => row.userId),
	);
	return rows.map((row) =>
		serializeActivity(row, row.userId === null ? null : (authors.get(row.userId) ?? assigneeOf(row.userId, null))),
	);
}

/** The caller's own comment on the issue (Sentry lets only its author edit or delete it), else 404. */
async function ownComment(c: Context<RegionAppEnv>) {
	const access = await issueAccess(c);
	requireScope(access.caller, "event:write");
	const id = Number(c.req.param("note"));
	const note = Number.isSafeInteger(id)
		? await access.db.query.groupActivity.findFirst({
				where: and(
					eq(groupActivity.id, id),
					eq(groupActivity.groupId, access.group.id),
					eq(groupActivity.type, "note"),
					eq(groupActivity.userId, access.caller.userId),
				),
			})
		: undefined;
	if (!note) throw notFound();
	return { ...access, note };
}

const TOP_VALUES = 9;
const MAX_TAG_KEYS = 100;

async function eventBody(bucket: R2Bucket, key: string): Promise<Record<string, unknown>> {
	const object = await bucket.get(key);
	return object ? ((await object.json()) as Record<string, unknown>) : {};
}

export const issueRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/issues/", async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireScope(caller, "event:read");
		return listIssues(c, db, organization, caller, projectIdsOf(c.req.queries("project")));
	})
	.put("/api/0/organizations/:organization/issues/", jsonBody(IssueUpdate), async (c) => {
		const access = await organizationAccess(c, c.req.param("organization"));
		return bulkUpdate(c, access, projectIdsOf(c.req.queries("project")), c.req.valid("json"));
	})
	.delete("/api/0/organizations/:organization/issues/", async (c) => {
		const access = await organizationAccess(c, c.req.param("organization"));
		return bulkDelete(c, access, projectIdsOf(c.req.queries("project")));
	})
	.get("/api/0/projects/:organization/:project/issues/", async (c) => {
		const { db, organization, project, caller } = await projectAccess(c, EVENT_READ);
		return listIssues(c, db, organization, caller, [project.id]);
	})
	.put("/api/0/projects/:organization/:project/issues/", jsonBody(IssueUpdate), async (c) => {
		const access = await projectAccess(c);
		return bulkUpdate(c, access, [access.project.id], c.req.valid("json"));
	})
	.delete("/api/0/projects/:organization/:project/issues/", async (c) => {
		const access = await projectAccess(c);
		return bulkDelete(c, access, [access.project.id]);
	})
	.get("/api/0/organizations/:organization/issues/:issue/", async (c) => {
		const { db, group, organization, caller } = await issueAccess(c);
		const [issue] = await serializeIssues(db, [group], organization, caller, settingsOf(c.env).publicUrl);
		return c.json(issue);
	})
	/** One issue's update; answers the issue as it is afterwards (a merge answers the merge, as the bulk call). */
	.put("/api/0/organizations/:organization/issues/:issue/", jsonBody(IssueUpdate), async (c) => {
		const { db, group, organization, caller } = await issueAccess(c);
		requireScope(caller, "event:write");
		const update = c.req.valid("json");
		if (update.merge) throw new ApiError(400, "Merging needs two or more issues: use the bulk update with ids.");
		const flow = workflowOf(db, organization.id, caller);
		const changed = await updateIssues(flow, c.env.EVENTS_BUCKET, [group], update);
		if (update.discard) return c.body(null, 204);
		const updated = await db.query.groups.findFirst({
			where: and(eq(groups.id, group.id), eq(groups.organizationId, organization.id)),
		});
		if (!updated) throw notFound();
		const [issue] = await serializeIssues(db, [updated], organization, caller, settingsOf(c.env).publicUrl);
		return c.json({ ...issue, ...changed });
	})
	.delete("/api/0/organizations/:organization/issues/:issue/", async (c) => {
		const { db, group, organization, caller } = await issueAccess(c);
		requireScope(caller, "event:admin");
		await deleteIssues(workflowOf(db, organization.id, caller), c.env.EVENTS_BUCKET, [group]);
		return c.body(null, 202);
	})
	.get("/api/0/organizations/:organization/issues/:issue/activities/", async (c) => {
		const { db, group, organization } = await issueAccess(c);
		const rows = await db
			.select()
			.from(groupActivity)
			.where(eq(groupActivity.groupId, group.id))
			.orderBy(desc(groupActivity.createdAt), desc(groupActivity.id))
			.limit(MAX_LIMIT);
		return c.json({ activity: await serializeActivities(db, organization.id, rows) });
	})
	.get("/api/0/organizations/:organization/issues/:issue/comments/", async (c) => {
		const { db, group, organization } = await issueAccess(c);
		const offset = parseCursor(c.req.query("cursor"));
		const rows = await db
			.select()
			.from(groupActivity)
			.where(and(eq(groupActivity.groupId, group.id), eq(groupActivity.type, "note")))
			.orderBy(desc(groupActivity.createdAt), desc(groupActivity.id))
			.limit(MAX_LIMIT + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, MAX_LIMIT, rows.length > MAX_LIMIT));
		return c.json(await serializeActivities(db, organization.id, rows.slice(0, MAX_LIMIT)));
	})
	.post("/api/0/organizations/:organization/issues/:issue/comments/", jsonBody(NewComment), async (c) => {
		const { db, group, organization, caller } = await issueAccess(c);
		requireScope(caller, "event:write");
		const [note] = await db
			.insert(groupActivity)
			.values({
				groupId: group.id,
				type: "note",
				eventId: sql`lower(hex(randomblob(16)))`,
				userId: caller.userId,
				data: c.req.valid("json"),
			})
			.returning();
		const [serialized] = await serializeActivities(db, organization.id, note ? [note] : []);
		return c.json(serialized, 201);
	})
	.put("/api/0/organizations/:organization/issues/:issue/comments/:note/", jsonBody(NewComment), async (c) => {
		const { db, note, organization } = await ownComment(c);
		const [edited] = await db
			.update(groupActivity)
			.set({ data: c.req.valid("json") })
			.where(and(eq(groupActivity.id, note.id), eq(groupActivity.groupId, note.groupId)))
			.returning();
		const [serialized] = await serializeActivities(db, organization.id, edited ? [edited] : []);
		return c.json(serialized);
	})
	.delete("/api/0/organizations/:organization/issues/:issue/comments/:note/", async (c) => {
		const { db, note } = await ownComment(c);
		await db.delete(groupActivity).where(and(eq(groupActivity.id, note.id), eq(groupActivity.groupId, note.groupId)));
		return c.body(null, 204);
	})
	/** The issue's tags (Sentry's GroupTagsEndpoint): per key its distinct and total values and the top ones. */
	.get("/api/0/organizations/:organization/issues/:issue/tags/", async (c) => {
		const { db, group } = await issueAccess(c);
		const keys = await db
			.select({
				key: groupTagValues.key,
				uniqueValues: count(),
				totalValues: sql<number>`sum(${groupTagValues.count})`,
			})
			.from(groupTagValues)
			.where(eq(groupTagValues.groupId, group.id))
			.groupBy(groupTagValues.key)
			.orderBy(asc(groupTagValues.key))
			.limit(MAX_TAG_KEYS);
		const tags = [];
		for (const key of keys) {
			const top = await db
				.select()
				.from(groupTagValues)
				.where(and(eq(groupTagValues.groupId, group.id), eq(groupTagValues.key, key.key)))
				.orderBy(desc(groupTagValues.count), asc(groupTagValues.value))
				.limit(TOP_VALUES);
			tags.push({
				key: key.key,
				name: key.key,
				uniqueValues: key.uniqueValues,
				totalValues: Number(key.totalValues),
				topValues: top.map((row) => serializeTagValue(key.key, row)),
			});
		}
		return c.json(tags);
	})
	.get("/api/0/organizations/:organization/issues/:issue/tags/:tagKey/values/", async (c) => {
		const { db, group } = await issueAccess(c);
		const key = c.req.param("tagKey");
		const offset = parseCursor(c.req.query("cursor"));
		const rows = await db
			.select()
			.from(groupTagValues)
			.where(and(eq(groupTagValues.groupId, group.id), eq(groupTagValues.key, key)))
			.orderBy(desc(groupTagValues.count), asc(groupTagValues.value))
			.limit(MAX_LIMIT + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, MAX_LIMIT, rows.length > MAX_LIMIT));
		return c.json(rows.slice(0, MAX_LIMIT).map((row) => serializeTagValue(key, row)));
	})
	.get("/api/0/organizations/:organization/issues/:issue/events/", async (c) => {
		const { db, group, organization } = await issueAccess(c);
		const offset = parseCursor(c.req.query("cursor"));
		const limit = 50;
		const rows = await db
			.select()
			.from(events)
			.where(and(eq(events.groupId, group.id), eq(events.organizationId, organization.id)))
			.orderBy(desc(events.timestamp), desc(events.id))
			.limit(limit + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
		return c.json(rows.slice(0, limit).map(serializeEventSummary));
	})
	/** One event of the issue, in full: `latest`, `oldest`, `recommended` (the latest) or an event id. */
	.get("/api/0/organizations/:organization/issues/:issue/events/:event/", async (c) => {
		const { db, group, organization } = await issueAccess(c);
		const which = (c.req.param("event") ?? "").replace(/-/g, "").toLowerCase();
		const ofIssue = and(eq(events.groupId, group.id), eq(events.organizationId, organization.id));
		const order =
			which === "oldest" ? [asc(events.timestamp), asc(events.id)] : [desc(events.timestamp), desc(events.id)];
		const [row] = await db
			.select()
			.from(events)
			.where(
				which === "latest" || which === "oldest" || which === "recommended"
					? ofIssue
					: and(ofIssue, eq(events.eventId, which)),
			)
			.orderBy(...order)
			.limit(1);
		if (!row) throw notFound();
		return c.json(serializeEvent(row, await eventBody(c.env.EVENTS_BUCKET, row.bodyKey)));
	})
	/** The project's events, most recently received first (what `sentry-cli events list` pages through). */
	.get("/api/0/projects/:organization/:project/events/", async (c) => {
		const { db, project, organization } = await projectAccess(c, EVENT_READ);
		const offset = parseCursor(c.req.query("cursor"));
		const limit = MAX_LIMIT;
		const rows = await db
			.select()
			.from(events)
			.where(and(eq(events.organizationId, organization.id), eq(events.projectId, project.id)))
			.orderBy(desc(events.receivedAt), desc(events.id))
			.limit(limit + 1)
			.offset(offset);
		c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
		return c.json(rows.slice(0, limit).map(serializeEventSummary));
	})
	.get("/api/0/projects/:organization/:project/events/:event/", async (c) => {
		const { db, project, organization } = await projectAccess(c, EVENT_READ);
		const eventId = (c.req.param("event") ?? "").replace(/-/g, "").toLowerCase();
		const row = await db.query.events.findFirst({
			where: and(
				eq(events.organizationId, organization.id),
				eq(events.projectId, project.id),
				eq(events.eventId, eventId),
			),
		});
		if (!row) throw notFound();
		return c.json(serializeEvent(row, await eventBody(c.env.EVENTS_BUCKET, row.bodyKey)));
	});
