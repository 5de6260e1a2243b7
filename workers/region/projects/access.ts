/** A project route's caller and project: the organization's access check, a scope, then the project by slug. */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { projects } from "../../../schema/region";
import { notFound } from "../../lib/errors";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireAnyScope } from "../organizations";

export async function projectAccess(c: Context<RegionAppEnv>, scopes = ["project:read"]) {
	const access = await organizationAccess(c, c.req.param("organization") ?? "");
	requireAnyScope(access.caller, scopes);
	const project = await access.db.query.projects.findFirst({
		where: and(eq(projects.organizationId, access.organization.id), eq(projects.slug, c.req.param("project") ?? "")),
	});
	if (!project) throw notFound();
	return { ...access, project };
}
