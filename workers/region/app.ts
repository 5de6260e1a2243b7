/** The region worker's HTTP surface: its half of the Web API and the RPC endpoint control calls. */
import { Hono } from "hono";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { siloRoutes } from "../lib/hono";
import { rpcRoutes } from "../lib/rpc/http";
import { regionService } from "../lib/rpc/services";
import { ruleRoutes } from "./alerts";
import { discoverRoutes } from "./discover";
import type { RegionAppEnv } from "./env";
import { deadLetterRoutes } from "./ingest";
import { issueRoutes } from "./issues";
import { logRoutes } from "./logs";
import { organizationRoutes } from "./organizations";
import { projectRoutes } from "./projects";
import { releaseRoutes } from "./releases";
import { regionRpcFor } from "./rpc";
import { sourceMapRoutes } from "./sourcemaps";
import { statsRoutes } from "./stats";

export const regionRoutes = new Hono<RegionAppEnv>()
	.use("/api/0/*", siloRoutes("region"))
	.route("/", rpcRoutes("region", regionService, regionRpcFor))
	.route("/", organizationRoutes)
	.route("/", projectRoutes)
	.route("/", issueRoutes)
	.route("/", releaseRoutes)
	.route("/", ruleRoutes)
	.route("/", statsRoutes)
	.route("/", discoverRoutes)
	.route("/", logRoutes)
	.route("/", sourceMapRoutes)
	.route("/", deadLetterRoutes);

export const regionApp = new Hono<RegionAppEnv>()
	.route("/", regionRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
