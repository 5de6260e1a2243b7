/** `/api/0/organizations/`: the caller's organizations across all regions, and creating one in a chosen region. */
import { and, asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { organizationMappings, organizationMemberMappings } from "../../../schema/control";
import { controlDb } from "../../lib/db";
import { ApiError } from "../../lib/errors";
import { isReservedSlug } from "../../lib/organization-hosts";
import { slugFromName } from "../../lib/rpc/services";
import { settingsOf } from "../../lib/settings";
import { jsonBody } from "../../lib/validation";
import { authenticated, type ControlAppEnv, requireAuth } from "../auth";
import { createOrganization, drainControlOutbox, findOrganizationMapping } from "../organizations";
import { serializeOrganization } from "../serializers";

const NewOrganization = z.object({
	name: z.string().trim().min(1).max(64),
	slug: z.string().optional(),
	region: z.string().optional(),
});

export const organizationRoutes = new Hono<ControlAppEnv>()
	.get("/api/0/organizations/", async (c) => {
		const { user } = requireAuth(c.get("auth"));
		const settings = settingsOf(c.env);
		const rows = await controlDb(settings.siloMode, c.env.CONTROL_DB)
			.select({ mapping: organizationMappings })
			.from(organizationMemberMappings)
			.innerJoin(
				organizationMappings,
				eq(organizationMappings.organizationId, organizationMemberMappings.organizationId),
			)
			.where(and(eq(organizationMemberMappings.userId, user.id), eq(organizationMappings.status, "active")))
			.orderBy(asc(organizationMappings.slug));
		return c.json(rows.map(({ mapping }) => serializeOrganization(mapping, settings.publicUrl)));
	})
	.post("/api/0/organizations/", authenticated(), jsonBody(NewOrganization), async (c) => {
		const { user } = requireAuth(c.get("auth"));
		const settings = settingsOf(c.env);
		const db = controlDb(settings.siloMode, c.env.CONTROL_DB);
		const body = c.req.valid("json");
		const slug = body.slug ?? slugFromName(body.name);
		if (isReservedSlug(slug, settings.regions)) {
			throw new ApiError(400, `The slug "${slug}" is reserved: it names a region or a service host`);
		}
		const mapping = await createOrganization(db, settings, {
			name: body.name,
			slug,
			regionName: body.region ?? settings.monolithRegion,
			ownerUserId: user.id,
		}).catch((error: unknown) => {
			if (error instanceof z.ZodError) throw new ApiError(400, `Invalid slug: ${z.prettifyError(error)}`);
			throw error;
		});
		// Provision in the region now; if the region is unreachable the cron drain finishes later.
		await drainControlOutbox(db, c.get("regionRpc"), mapping.regionName);
		const current = (await findOrganizationMapping(db, mapping.slug)) ?? mapping;
		return c.json(serializeOrganization(current, settings.publicUrl), 201);
	});
