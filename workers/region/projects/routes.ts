/** Projects and DSN keys of an organization (`/api/0/organizations/<org>/projects/`, `/api/0/projects/<org>/<project>/…`). */
import { and, asc, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { projectKeys, projects } from "../../../schema/region";
import { notFound } from "../../lib/errors";
import { projectConfigKvKey } from "../../lib/project-config";
import { QuotaSchema } from "../../lib/quotas";
import { slugFromName, slugSchema } from "../../lib/rpc/services";
import { localRegionOf, settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "../organizations";
import { projectAccess } from "./access";
import { MISSING_CONFIG_TTL_SECONDS, publishProjectConfigs } from "./configs";
import {
	applyFilterOptions,
	changeFilter,
	FilterChangeSchema,
	FilterOptionsSchema,
	isFilterId,
	listFilters,
} from "./inbound-filters";
import { createProject, createProjectKey } from "./projects";
import { serializeKey, serializeProject, serializeProjectDetails } from "./serializers";

/** The project `<org>/<project>` of the URL, if the caller has one of `scopes`. */
const NewProject = z.object({
	name: z.string().trim().min(1).max(64),
	slug: slugSchema.optional(),
	platform: z.string().max(64).nullable().optional(),
});
const ProjectUpdate = z.object({
	name: z.string().trim().min(1).max(64).optional(),
	platform: z.string().max(64).nullable().optional(),
	allowedDomains: z.array(z.string().min(1).max(255)).min(1).optional(),
	/** Faultline's extension: the project's quotas, in Relay's project-config shape. */
	quotas: z.array(QuotaSchema).max(20).optional(),
	/** Sentry's project options; only the inbound-filter globs (`filters:*`) are kept, others are ignored. */
	options: FilterOptionsSchema.optional(),
});
const KeyChange = z.object({
	name: z.string().trim().min(1).max(64).optional(),
	isActive: z.boolean().optional(),
	rateLimit: z
		.object({ count: z.number().int().positive(), window: z.number().int().positive() })
		.nullable()
		.optional(),
});

async function keyOf(c: Context<RegionAppEnv>) {
	const access = await projectAccess(c);
	requireScope(access.caller, "project:write");
	const key = await access.db.query.projectKeys.findFirst({
		where: and(eq(projectKeys.projectId, access.project.id), eq(projectKeys.publicKey, c.req.param("key") ?? "")),
	});
	if (!key) throw notFound();
	return { ...access, key };
}

const serializeKeyFor = (c: Context<RegionAppEnv>, key: typeof projectKeys.$inferSelect) => {
	const settings = settingsOf(c.env);
	return serializeKey(key, localRegionOf(settings), settings.publicUrl);
};

export const projectRoutes = new Hono<RegionAppEnv>()
	.post("/api/0/teams/:organization/:team/projects/", jsonBody(NewProject), async (c) => {
		const { db, organization, caller } = await organizationAccess(c, c.req.param("organization"));
		requireScope(caller, "project:write");
		const body = c.req.valid("json");
		const settings = settingsOf(c.env);
		const region = settings.regions.require(localRegionOf(settings));
		const project = await createProject(db, region.snowflake_id, {
			organizationId: organization.id,
			slug: body.slug ?? slugSchema.parse(slugFromName(body.name)),
			name: body.name,
			platform: body.platform ?? null,
		});
		await createProjectKey(db, { organizationId: organization.id, projectId: project.id });
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		return c.json(serializeProject(project, organization), 201);
	})
	.put("/api/0/projects/:organization/:project/", jsonBody(ProjectUpdate), async (c) => {
		const { db, project, organization, caller } = await projectAccess(c);
		requireScope(caller, "project:write");
		const { options, ...fields } = c.req.valid("json");
		const changes = options
			? { ...fields, filterSettings: applyFilterOptions(project.filterSettings, options) }
			: fields;
		const [updated] = Object.keys(changes).length
			? await db
					.update(projects)
					.set(changes)
					.where(and(eq(projects.id, project.id), eq(projects.organizationId, organization.id)))
					.returning()
			: [project];
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		return c.json(serializeProjectDetails(updated ?? project, organization));
	})
	.post("/api/0/projects/:organization/:project/keys/", jsonBody(KeyChange.pick({ name: true })), async (c) => {
		const { db, project, organization, caller } = await projectAccess(c);
		requireScope(caller, "project:write");
		const { name } = c.req.valid("json");
		const key = await createProjectKey(db, {
			organizationId: organization.id,
			projectId: project.id,
			...(name ? { label: name } : {}),
		});
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		return c.json(serializeKeyFor(c, key), 201);
	})
	.put("/api/0/projects/:organization/:project/keys/:key/", jsonBody(KeyChange), async (c) => {
		const { db, project, key } = await keyOf(c);
		const { name, isActive, rateLimit } = c.req.valid("json");
		const [updated] = await db
			.update(projectKeys)
			.set({
				...(name ? { label: name } : {}),
				...(isActive === undefined ? {} : { status: isActive ? ("active" as const) : ("disabled" as const) }),
				...(rateLimit === undefined
					? {}
					: { rateLimitCount: rateLimit?.count ?? null, rateLimitWindow: rateLimit?.window ?? null }),
			})
			.where(eq(projectKeys.id, key.id))
			.returning();
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		return c.json(serializeKeyFor(c, updated ?? key));
	})
	.delete("/api/0/projects/:organization/:project/keys/:key/", async (c) => {
		const { db, project, key } = await keyOf(c);
		await db.delete(projectKeys).where(eq(projectKeys.id, key.id));
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		await c.env.PROJECT_CONFIGS.put(projectConfigKvKey(key.publicKey), JSON.stringify({ disabled: true }), {
			expirationTtl: MISSING_CONFIG_TTL_SECONDS,
		});
		return c.body(null, 204);
	})
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
		return c.json(serializeProjectDetails(project, organization));
	})
	.get("/api/0/projects/:organization/:project/filters/", async (c) => {
		const { project } = await projectAccess(c);
		return c.json(listFilters(project.filterSettings));
	})
	.put("/api/0/projects/:organization/:project/filters/:filterId/", jsonBody(FilterChangeSchema), async (c) => {
		const { db, project, organization, caller } = await projectAccess(c);
		requireScope(caller, "project:write");
		const filterId = c.req.param("filterId");
		if (!isFilterId(filterId)) throw notFound();
		await db
			.update(projects)
			.set({ filterSettings: changeFilter(project.filterSettings, filterId, c.req.valid("json")) })
			.where(and(eq(projects.id, project.id), eq(projects.organizationId, organization.id)));
		await publishProjectConfigs(db, c.env.PROJECT_CONFIGS, project.id);
		return c.body(null, 201);
	})
	.get("/api/0/projects/:organization/:project/keys/", async (c) => {
		const { db, project, organization } = await projectAccess(c);
		const keys = await db
			.select()
			.from(projectKeys)
			.where(and(eq(projectKeys.organizationId, organization.id), eq(projectKeys.projectId, project.id)))
			.orderBy(asc(projectKeys.id));
		return c.json(keys.map((key) => serializeKeyFor(c, key)));
	});
