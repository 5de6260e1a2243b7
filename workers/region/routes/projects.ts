/** Projects and DSN keys of an organization (`/api/0/organizations/<org>/projects/`, `/api/0/projects/<org>/<project>/…`). */
import { and, asc, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { projectKeys, projects } from "../../../schema/region";
import { notFound } from "../../lib/errors";
import { localRegionOf, settingsOf } from "../../lib/settings";
import { organizationAccess, requireScope } from "../access";
import type { RegionAppEnv } from "../app";
import { serializeKey, serializeProject } from "../serializers";

/** The project `<org>/<project>` of the URL, if the caller may read it. */
export async function projectAccess(c: Context<RegionAppEnv>) {
	const access = await organizationAccess(c, c.req.param("organization") ?? "");
	requireScope(access.caller, "project:read");
	const project = await access.db.query.projects.findFirst({
		where: and(eq(projects.organizationId, access.organization.id), eq(projects.slug, c.req.param("project") ?? "")),
	});
	if (!project) throw notFound();
	return { ...access, project };
}

export const projectRoutes = new Hono<RegionAppEnv>()
	.get("/api/0/organizations/:organization/projects/", async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireScope(caller, "project:read");
		const rows = await db
			.select()
			.from(projects)
			.where(and(eq(projects.organizationId, organization.id), eq(projects.status, "active")))
			.orderBy(asc(projects.slug));
		return c.json(rows.map((project) => serializeProject(project, organization)));
	})
	.get("/api/0/projects/:organization/:project/", async (c) => {
		const { project, organization } = await projectAccess(c);
		return c.json(serializeProject(project, organization));
	})
	.get("/api/0/projects/:organization/:project/keys/", async (c) => {
		const { db, project, organization } = await projectAccess(c);
		const keys = await db
			.select()
			.from(projectKeys)
			.where(and(eq(projectKeys.organizationId, organization.id), eq(projectKeys.projectId, project.id)))
			.orderBy(asc(projectKeys.id));
		const settings = settingsOf(c.env);
		return c.json(keys.map((key) => serializeKey(key, localRegionOf(settings), settings.publicUrl)));
	});
