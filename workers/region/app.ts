/** The region worker's HTTP surface: its half of the Web API and the RPC endpoint control calls. */
import { Hono } from "hono";
import type { ApiAuth } from "../control/auth";
import { regionDb } from "../lib/db";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { siloRoutes } from "../lib/hono";
import { rpcRoutes } from "../lib/rpc/http";
import { regionService } from "../lib/rpc/services";
import { localRegionOf, settingsOf } from "../lib/settings";
import type { RegionBindings } from "./env";
import { deadLetterRoutes } from "./routes/dead-letters";
import { issueRoutes } from "./routes/issues";
import { organizationRoutes } from "./routes/organizations";
import { projectRoutes } from "./routes/projects";
import { releaseRoutes } from "./routes/releases";
import { ruleRoutes } from "./routes/rules";
import { sourceMapRoutes } from "./routes/sourcemaps";
import { statsRoutes } from "./routes/stats";
import { regionRpcImplementation } from "./rpc";

/** In the monolith the control silo's auth middleware has already run and set `auth`. */
export type RegionAppEnv = {
	Bindings: RegionBindings & { CONTROL_DB?: D1Database };
	Variables: { auth?: ApiAuth | undefined };
};

export function regionRpcFor(env: RegionBindings) {
	const settings = settingsOf(env);
	const region = settings.regions.require(localRegionOf(settings));
	return regionRpcImplementation(regionDb(settings.siloMode, env.REGION_DB), env.PROJECT_CONFIGS, region.snowflake_id);
}

export const regionRoutes = new Hono<RegionAppEnv>()
	.use("/api/0/*", siloRoutes("region"))
	.route("/", rpcRoutes("region", regionService, regionRpcFor))
	.route("/", organizationRoutes)
	.route("/", projectRoutes)
	.route("/", issueRoutes)
	.route("/", releaseRoutes)
	.route("/", ruleRoutes)
	.route("/", statsRoutes)
	.route("/", sourceMapRoutes)
	.route("/", deadLetterRoutes);

export const regionApp = new Hono<RegionAppEnv>()
	.route("/", regionRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
