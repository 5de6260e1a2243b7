/** Issues and their events, in Sentry's Web API paths and shapes; every query is scoped by organization. */
import { and, asc, type Column, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { events, groups, groupUsers, projects } from "../../../schema/region";
import { IN_LIST_LIMIT, type RegionDb, slicesOf } from "../../lib/db";
import { notFound } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import { projectIdsOf } from "../../lib/query";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "../organizations";
import { projectAccess } from "../projects";
import { parseIssueQuery } from "./search";
import { serializeEvent, serializeEventSummary, serializeIssue } from "./serializers";

type GroupRow = typeof groups.$inferSelect;
const MAX_LIMIT = 100;
/** Sentry's BULK_MUTATION_LIMIT: a bulk update by query changes at most this many issues. */
const BULK_MUTATION_LIMIT = 1000;

/** `muted` is Sentry's older name for `ignored` (what `sentry-cli issues mute` sends). */
const StatusUpdate = z.object({
	status: z
		.enum(["resolved", "unresolved", "ignored", "muted"])
		.transform((status) => (status === "muted" ? "ignored" : status)),
});

function searchConditions(
	db: RegionDb,
	organizationId: number,
	query: string | undefined,
	projectIds: number[],
): SQL[] {
	const parsed = parseIssueQuery(query);
	const conditions: (SQL | undefined)[] = [eq(groups.organizationId, organizationId)];
	if (projectIds.length) conditions.push(inArray(groups.projectId, projectIds));
	if (parsed.statuses.length) conditions.push(inArray(groups.status, parsed.statuses));
	if (parsed.levels.length) conditions.push(inArray(groups.level, parsed.levels));
	for (const release of parsed.releases) {
		const withRelease = db
			.selectDistinct({ id: events.groupId })
			.from(events)
			.where(and(eq(events.organizationId, organizationId), eq(events.release, release)));
		conditions.push(inArray(groups.id, withRelease));
	}
	for (const term of parsed.text) {
		// instr, not LIKE: the term is literal text (no wildcards), and D1 limits LIKE patterns to 50 bytes.
		const contains = (column: Column) => sql`instr(lower(${column}), lower(${term})) > 0`;
		conditions.push(or(contains(groups.title), contains(groups.culprit)));
	}
	return conditions.filter((condition): condition is SQL => condition !== undefined);
}

async function serializeIssues(db: RegionDb, rows: GroupRow[], organizationSlug: string, publicUrl: URL) {
	if (!rows.length) return [];
	const projectRows = await db
		.select()
		.from(projects)
		.where(inArray(projects.id, [...new Set(rows.map((row) => row.projectId))]));
	const userCounts = await db
		.select({ groupId: groupUsers.groupId, users: count() })
		.from(groupUsers)
		.where(
			inArray(
				groupUsers.groupId,
				rows.map((row) => row.id),
			),
		)
		.groupBy(groupUsers.groupId);
	const usersOf = new Map(userCounts.map((row) => [row.groupId, row.users]));
	const projectOf = new Map(projectRows.map((project) => [project.id, project]));
	return rows.map((row) =>
		serializeIssue(
			row,
			projectOf.get(row.projectId) as (typeof projectRows)[number],
			usersOf.get(row.id) ?? 0,
			publicUrl,
			organizationSlug,
		),
	);
}

async function listIssues(
	c: Context<RegionAppEnv>,
	db: RegionDb,
	organization: { id: number; slug: string },
	projectIds: number[],
) {
	const offset = parseCursor(c.req.query("cursor"));
	const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 25) || 25, 1), MAX_LIMIT);
	const rows = await db
		.select()
		.from(groups)
		.where(and(...searchConditions(db, organization.id, c.req.query("query"), projectIds)))
		.orderBy(desc(groups.lastSeen), desc(groups.id))
		.limit(limit + 1)
		.offset(offset);
	const page = rows.slice(0, limit);
	c.header("Link", linkHeader(new URL(c.req.url), offset, limit, rows.length > limit));
	return c.json(await serializeIssues(db, page, organization.slug, settingsOf(c.env).publicUrl));
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

function statusChange(status: "resolved" | "unresolved" | "ignored") {
	return {
		status,
		substatus:
			status === "ignored" ? ("archived_forever" as const) : status === "unresolved" ? ("ongoing" as const) : null,
		resolvedAt: status === "resolved" ? new Date() : null,
	};
}

async function eventBody(bucket: R2Bucket, key: string): Promise<Record<string, unknown>> {
	const object = await bucket.get(key);
	return object ? ((await object.json()) as Record<string, unknown>) : {};
}

export const issueRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/issues/", async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireScope(caller, "event:read");
		const projectIds = projectIdsOf(c.req.queries("project"));
		return listIssues(c, db, organization, projectIds);
	})
	.get("/api/0/projects/:organization/:project/issues/", async (c) => {
		const { db, organization, project } = await projectAccess(c, EVENT_READ);
		return listIssues(c, db, organization, [project.id]);
	})
	/**
	 * Bulk status change, as Sentry's: the issues named by `id`, or without ids the (at most 1000)
	 * issues matching `query` — by default `is:unresolved`. 204 when nothing matches.
	 */
	.put("/api/0/projects/:organization/:project/issues/", jsonBody(StatusUpdate), async (c) => {
		const { db, organization, project, caller } = await projectAccess(c);
		requireScope(caller, "event:write");
		const ids = (c.req.queries("id") ?? []).map(Number).filter(Number.isSafeInteger);
		const { status } = c.req.valid("json");
		const change = statusChange(status);
		let updated = 0;
		if (ids.length) {
			const scope = and(eq(groups.organizationId, organization.id), eq(groups.projectId, project.id));
			for (const slice of slicesOf(ids, IN_LIST_LIMIT)) {
				const rows = await db
					.update(groups)
					.set(change)
					.where(and(scope, inArray(groups.id, slice)))
					.returning({ id: groups.id });
				updated += rows.length;
			}
		} else {
			const matching = db
				.select({ id: groups.id })
				.from(groups)
				.where(and(...searchConditions(db, organization.id, c.req.query("query"), [project.id])))
				.orderBy(desc(groups.lastSeen), desc(groups.id))
				.limit(BULK_MUTATION_LIMIT);
			const rows = await db
				.update(groups)
				.set(change)
				.where(and(eq(groups.organizationId, organization.id), inArray(groups.id, matching)))
				.returning({ id: groups.id });
			updated = rows.length;
		}
		if (!updated) return c.body(null, 204);
		return c.json({ status, statusDetails: {} });
	})
	.get("/api/0/organizations/:organization/issues/:issue/", async (c) => {
		const { db, group, organization } = await issueAccess(c);
		const [issue] = await serializeIssues(db, [group], organization.slug, settingsOf(c.env).publicUrl);
		return c.json(issue);
	})
	.put("/api/0/organizations/:organization/issues/:issue/", jsonBody(StatusUpdate), async (c) => {
		const { db, group, organization, caller } = await issueAccess(c);
		requireScope(caller, "event:write");
		const [updated] = await db
			.update(groups)
			.set(statusChange(c.req.valid("json").status))
			.where(and(eq(groups.id, group.id), eq(groups.organizationId, organization.id)))
			.returning();
		const [issue] = await serializeIssues(db, updated ? [updated] : [], organization.slug, settingsOf(c.env).publicUrl);
		return c.json(issue);
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
