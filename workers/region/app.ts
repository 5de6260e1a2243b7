/**
 * The region worker's HTTP surface: its half of the Web API and the RPC endpoints control and relays
 * call. Two entries: the public one (`<region>.<domain>`, and the gateway over HTTPS), where a
 * gateway identity must be signed; and the RegionRpc entrypoint, which only control is bound to.
 */
import { Hono } from "hono";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { boundGatewayIdentity, signedGatewayIdentity } from "../lib/gateway-identity";
import { siloRoutes } from "../lib/hono";
import { rpcRoutes } from "../lib/rpc/http";
import { regionService, relayService } from "../lib/rpc/services";
import { ruleRoutes } from "./alerts";
import { cronRoutes } from "./crons";
import { discoverRoutes } from "./discover";
import type { RegionAppEnv } from "./env";
import { deadLetterRoutes } from "./ingest";
import { issueRoutes } from "./issues";
import { logRoutes } from "./logs";
import { organizationRoutes } from "./organizations";
import { projectRoutes } from "./projects";
import { releaseRoutes } from "./releases";
import { regionRpcFor, regionRpcTrust, relayRpcFor, relayRpcTrust } from "./rpc";
import { sessionRoutes } from "./sessions";
import { sourceMapRoutes } from "./sourcemaps";
import { statsRoutes } from "./stats";

export const regionRoutes = new Hono<RegionAppEnv>()
	.use("/api/0/*", siloRoutes("region"))
	.route("/", rpcRoutes("region", regionService, regionRpcFor, regionRpcTrust))
	.route("/", rpcRoutes("relay", relayService, relayRpcFor, relayRpcTrust))
	.route("/", organizationRoutes)
	.route("/", projectRoutes)
	.route("/", issueRoutes)
	.route("/", releaseRoutes)
	.route("/", ruleRoutes)
	.route("/", statsRoutes)
	.route("/", sessionRoutes)
	.route("/", discoverRoutes)
	.route("/", logRoutes)
	.route("/", sourceMapRoutes)
	.route("/", cronRoutes)
	.route("/", deadLetterRoutes);

export const regionApp = new Hono<RegionAppEnv>()
	.use("/api/0/*", signedGatewayIdentity(regionRpcTrust))
	.route("/", regionRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);

/** Requests that come over the RegionRpc service binding, from the control worker's gateway. */
export const boundRegionApp = new Hono<RegionAppEnv>()
	.use("/api/0/*", boundGatewayIdentity)
	.route("/", regionRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
