/**
 * `GET /api/0/organizations/<org>/`: the organization's details, served by the region that holds it
 * (control forwards the call here), in Sentry's shape with the caller's effective scopes as `access`.
 */
import { Hono } from "hono";
import { organizationJson } from "../../lib/organization-json";
import { localRegionOf, settingsOf } from "../../lib/settings";
import type { RegionAppEnv } from "../env";
import { organizationAccess, requireScope } from "./access";

export const organizationRoutes = new Hono<RegionAppEnv>().get("/api/0/organizations/:organization/", async (c) => {
	const { organization, caller } = await organizationAccess(c, c.req.param("organization"));
	requireScope(caller, "org:read");
	const settings = settingsOf(c.env);
	return c.json({
		...organizationJson({ ...organization, regionName: localRegionOf(settings) }, settings.publicUrl),
		access: caller.scopes,
	});
});
