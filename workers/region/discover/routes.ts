/**
 * `GET /api/0/organizations/<org>/events/`: Sentry's Discover/Explore endpoint. One route for every
 * dataset (`?dataset=transactions`, `ourlogs`, …); the capability that owns a dataset answers it
 * (./datasets.ts). An unknown or missing dataset is a 400, as Sentry answers.
 */
import { type Context, Hono } from "hono";
import { ApiError } from "../../lib/errors";
import type { RegionAppEnv } from "../env";
import { organizationAccess } from "../organizations";
import { datasets } from "./datasets";

export type OrganizationAccess = Awaited<ReturnType<typeof organizationAccess>>;
/** Answers one dataset's query; checks the scopes it needs itself. */
export type DatasetHandler = (c: Context<RegionAppEnv>, access: OrganizationAccess) => Promise<Response>;

export const discoverRoutes = new Hono<RegionAppEnv>().get("/api/0/organizations/:organization/events/", async (c) => {
	const access = await organizationAccess(c, c.req.param("organization"));
	const name = c.req.query("dataset") ?? "";
	const handler = Object.hasOwn(datasets, name) ? datasets[name] : undefined;
	if (!handler) throw new ApiError(400, `dataset must be one of: ${Object.keys(datasets).join(", ") || "(none)"}`);
	return handler(c, access);
});
