/**
 * `GET /api/0/organizations/<org>/sessions/`: Sentry's sessions API (fields, groupBy, project,
 * environment, statsPeriod or start/end, interval, query, orderBy, per_page and cursor), read from
 * the organization's release health (docs/release-health.md).
 */
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { projects } from "../../../schema/region";
import { IN_LIST_LIMIT } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "../organizations";
import { DURATION_FIELDS, MAX_CELLS, parseSessionsQuery } from "./query";
import { sessionsAnswer } from "./results";
import { emptyGroup, readSessions, slotsOf } from "./store";

const MAX_PER_PAGE = 100;

export const sessionRoutes = new Hono<RegionAppEnv>().get("/api/0/organizations/:organization/sessions/", async (c) => {
	const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
	requireScope(caller, "org:read");
	const url = new URL(c.req.url);
	const query = parseSessionsQuery(url.searchParams);

	const active = await db
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.organizationId, organization.id), eq(projects.status, "active")));
	if (!active.length) throw new ApiError(400, "No projects available");
	const asked = url.searchParams.getAll("project").map(Number);
	const all = !asked.length || asked.includes(-1);
	if (!all && asked.some((id) => !active.some((project) => project.id === id)))
		throw new ApiError(403, "You do not have permission to perform this action.");
	if (!all && asked.length > IN_LIST_LIMIT) throw new ApiError(400, "Too many projects");

	const groups = await readSessions(db, {
		organizationId: organization.id,
		projectIds: all ? undefined : asked,
		environments: url.searchParams.getAll("environment").slice(0, IN_LIST_LIMIT),
		filter: query.filter,
		start: query.start,
		end: query.end,
		interval: query.interval,
		dimensions: query.dimensions,
		read: {
			users: query.fields.some((field) => field.endsWith("(user)")),
			userSeries: query.include.series,
			durations: query.fields.some((field) => (DURATION_FIELDS as readonly string[]).includes(field)),
		},
	});
	const slots = slotsOf(query);
	const maxGroups = Math.max(1, Math.floor(MAX_CELLS / slots));
	// Without per_page all groups up to Sentry's cell limit; with it, pages of at most 100.
	const perPage = Number(url.searchParams.get("per_page"));
	const asPages = url.searchParams.has("per_page") && Number.isSafeInteger(perPage) && perPage > 0;
	const limit = Math.min(asPages ? Math.min(perPage, MAX_PER_PAGE) : maxGroups, maxGroups);
	const offset = parseCursor(url.searchParams.get("cursor") ?? undefined);
	c.header("Link", linkHeader(url, offset, limit, offset + limit < groups.length));
	return c.json(sessionsAnswer(query, groups, { offset, limit }, emptyGroup({}, slots)));
});
