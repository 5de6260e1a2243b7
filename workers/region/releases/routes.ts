/**
 * Sentry's release API (`/api/0/organizations/<org>/releases/…`, `/api/0/projects/<org>/<project>/releases/`)
 * with deploys, as `sentry-cli releases` uses it, and the (always empty) repository list its
 * `set-commits` asks for.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { releaseCommits, releaseDeploys, releaseProjects, releases } from "../../../schema/region";
import type { RegionDb } from "../../lib/db";
import { ApiError, notFound } from "../../lib/errors";
import { linkHeader, parseCursor } from "../../lib/pagination";
import { projectIdsOf } from "../../lib/query";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { type Caller, organizationAccess, requireAnyScope } from "../organizations";
import { projectAccess } from "../projects";
import { healthOptionsOf } from "../sessions";
import {
	applyReleaseChange,
	linkReleaseProjects,
	NewDeploySchema,
	NewReleaseSchema,
	previousReleaseWithCommits,
	projectsNamed,
	ReleaseChangeSchema,
	serializeCommit,
	serializeDeploy,
	serializeReleases,
} from "./releases";

/** Sentry's OrganizationReleasePermission. */
const READ_SCOPES = ["project:read", "project:write", "project:admin", "project:releases"];
const WRITE_SCOPES = ["project:write", "project:admin", "project:releases"];
const MAX_PER_PAGE = 100;

async function releaseAccess(c: Context<RegionAppEnv>, scopes: string[]) {
	const access = await organizationAccess(c, c.req.param("organization") ?? "");
	requireAnyScope(access.caller, scopes);
	const release = await access.db.query.releases.findFirst({
		where: and(eq(releases.organizationId, access.organization.id), eq(releases.version, c.req.param("version") ?? "")),
	});
	if (!release) throw notFound();
	return { ...access, release };
}

async function serializeRelease(db: RegionDb, release: typeof releases.$inferSelect, params?: URLSearchParams) {
	const [serialized] = await serializeReleases(
		db,
		release.organizationId,
		[release],
		params && healthOptionsOf(params),
	);
	return serialized;
}

/**
 * One page of the organization's releases, newest first, optionally of some projects and with
 * `query` in the version (case-insensitive, as Sentry); open ones unless `status=archived`.
 */
async function listReleases(c: Context<RegionAppEnv>, db: RegionDb, organizationId: number, projectIds: number[]) {
	const status = c.req.query("status") || "open";
	if (status !== "open" && status !== "archived") throw new ApiError(400, "invalid value for status");
	const offset = parseCursor(c.req.query("cursor"));
	const limit = Math.min(Math.max(Number(c.req.query("per_page") ?? MAX_PER_PAGE) || MAX_PER_PAGE, 1), MAX_PER_PAGE);
	const query = c.req.query("query");
	const conditions = [eq(releases.organizationId, organizationId), eq(releases.status, status)];
	if (query) conditions.push(sql`instr(lower(${releases.version}), lower(${query})) > 0`);
	if (projectIds.length) {
		const ofProjects = db
			.select({ id: releaseProjects.releaseId })
			.from(releaseProjects)
			.where(and(eq(releaseProjects.organizationId, organizationId), inArray(releaseProjects.projectId, projectIds)));
		conditions.push(inArray(releases.id, ofProjects));
	}
	const rows = await db
		.select()
		.from(releases)
		.where(and(...conditions))
		.orderBy(desc(releases.createdAt), desc(releases.id))
		.limit(limit + 1)
		.offset(offset);
	const url = new URL(c.req.url);
	const health = healthOptionsOf(url.searchParams);
	c.header("Link", linkHeader(url, offset, limit, rows.length > limit));
	return c.json(await serializeReleases(db, organizationId, rows.slice(0, limit), health));
}

const requireWrite = (caller: Caller) => requireAnyScope(caller, WRITE_SCOPES);

export const releaseRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/releases/", async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireAnyScope(caller, READ_SCOPES);
		const projectIds = projectIdsOf(c.req.queries("project"));
		return listReleases(c, db, organization.id, projectIds);
	})
	.get("/api/0/projects/:organization/:project/releases/", async (c) => {
		const { db, organization, project } = await projectAccess(c, READ_SCOPES);
		return listReleases(c, db, organization.id, [project.id]);
	})
	/** Creates the release (201), or adds the projects to an existing one of that version (208), as Sentry does. */
	.post("/api/0/organizations/:organization/releases/", jsonBody(NewReleaseSchema), async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireWrite(caller);
		const { version, projects: projectNames, ...change } = c.req.valid("json");
		const projectList = await projectsNamed(db, organization.id, projectNames);
		const [created] = await db
			.insert(releases)
			.values({ organizationId: organization.id, version })
			.onConflictDoNothing()
			.returning();
		const release =
			created ??
			(await db.query.releases.findFirst({
				where: and(eq(releases.organizationId, organization.id), eq(releases.version, version)),
			}));
		if (!release) throw notFound();
		await linkReleaseProjects(db, release, projectList);
		await applyReleaseChange(db, release, change);
		const current = (await db.query.releases.findFirst({ where: eq(releases.id, release.id) })) ?? release;
		return c.json(await serializeRelease(db, current), created ? 201 : 208);
	})
	.get("/api/0/organizations/:organization/releases/:version/", async (c) => {
		const { db, release } = await releaseAccess(c, READ_SCOPES);
		return c.json(await serializeRelease(db, release, new URL(c.req.url).searchParams));
	})
	/** Updates `ref`, `url`, `dateReleased` (what `releases finalize` sets), `status`, `refs` and `commits`. */
	.put("/api/0/organizations/:organization/releases/:version/", jsonBody(ReleaseChangeSchema), async (c) => {
		const { db, release } = await releaseAccess(c, WRITE_SCOPES);
		await applyReleaseChange(db, release, c.req.valid("json"));
		const current = (await db.query.releases.findFirst({ where: eq(releases.id, release.id) })) ?? release;
		return c.json(await serializeRelease(db, current));
	})
	.delete("/api/0/organizations/:organization/releases/:version/", async (c) => {
		const { db, release } = await releaseAccess(c, WRITE_SCOPES);
		await db
			.delete(releases)
			.where(and(eq(releases.id, release.id), eq(releases.organizationId, release.organizationId)));
		return c.body(null, 204);
	})
	.get("/api/0/organizations/:organization/releases/:version/commits/", async (c) => {
		const { db, release } = await releaseAccess(c, READ_SCOPES);
		const rows = await db
			.select()
			.from(releaseCommits)
			.where(and(eq(releaseCommits.releaseId, release.id), eq(releaseCommits.organizationId, release.organizationId)))
			.orderBy(asc(releaseCommits.position));
		return c.json(rows.map(serializeCommit));
	})
	/** The previous release with commits, or `{}` when there is none (where `set-commits` starts its git log). */
	.get("/api/0/organizations/:organization/releases/:version/previous-with-commits/", async (c) => {
		const { db, release } = await releaseAccess(c, READ_SCOPES);
		const previous = await previousReleaseWithCommits(db, release);
		return c.json(previous ? await serializeRelease(db, previous) : {});
	})
	.get("/api/0/organizations/:organization/releases/:version/deploys/", async (c) => {
		const { db, release } = await releaseAccess(c, READ_SCOPES);
		const rows = await db
			.select()
			.from(releaseDeploys)
			.where(and(eq(releaseDeploys.releaseId, release.id), eq(releaseDeploys.organizationId, release.organizationId)))
			.orderBy(desc(releaseDeploys.dateFinished), desc(releaseDeploys.id));
		return c.json(rows.map(serializeDeploy));
	})
	/** Records a deploy of the release; `dateFinished` defaults to now, as in Sentry. */
	.post("/api/0/organizations/:organization/releases/:version/deploys/", jsonBody(NewDeploySchema), async (c) => {
		const { db, release } = await releaseAccess(c, WRITE_SCOPES);
		const { environment, name, url, dateStarted, dateFinished } = c.req.valid("json");
		const [deploy] = await db
			.insert(releaseDeploys)
			.values({
				organizationId: release.organizationId,
				releaseId: release.id,
				environment,
				name: name ?? null,
				url: url ?? null,
				dateStarted: dateStarted ?? null,
				dateFinished: dateFinished ?? new Date(),
			})
			.returning();
		if (!deploy) throw notFound();
		return c.json(serializeDeploy(deploy), 201);
	})
	/** Faultline has no repository integrations, so an organization's repositories are always none. */
	.get("/api/0/organizations/:organization/repos/", async (c) => {
		const { caller } = await organizationAccess(c, c.req.param("organization"));
		requireAnyScope(caller, ["org:read"]);
		return c.json([]);
	});
