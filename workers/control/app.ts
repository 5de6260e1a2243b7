/** The control worker's HTTP surface. */
import { Hono } from "hono";
import { controlDb } from "../lib/db";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { siloRoutes, withRegionRpc } from "../lib/hono";
import { CONTROL_AUDIENCE, splitRegionRpc } from "../lib/rpc/clients";
import { type RpcTrust, rpcRoutes } from "../lib/rpc/http";
import { nonceLedger } from "../lib/rpc/nonces";
import { controlService } from "../lib/rpc/services";
import { settingsOf } from "../lib/settings";
import { apiAuth, type ControlAppEnv } from "./auth";
import type { ControlBindings } from "./env";
import { gatewayRoutes, ingestToRelay, organizationHostGuard, regionHostToRegion } from "./gateway";
import { apiTokenRoutes } from "./routes/api-tokens";
import { inviteRoutes } from "./routes/invites";
import { loginRoutes } from "./routes/login";
import { memberRoutes } from "./routes/members";
import { organizationRoutes } from "./routes/organizations";
import { controlRpcImplementation } from "./rpc";
import { serializeUser } from "./serializers";
import { uiRoutes } from "./ui/routes";

export const controlRpcFor = (env: ControlBindings) =>
	controlRpcImplementation(controlDb(settingsOf(env).siloMode, env.CONTROL_DB));

/** Regions sign their calls to control with RPC_SHARED_SECRET, for the audience `control`. */
const controlRpcTrust = (env: ControlBindings): RpcTrust => ({
	secret: settingsOf(env).rpcSharedSecret,
	audience: CONTROL_AUDIENCE,
	nonces: nonceLedger(env.RPC_NONCES),
});

/** `GET /api/0/`: the API index, as sentry-cli's `info` reads it. */
const apiIndex = new Hono<ControlAppEnv>().get("/api/0/", (c) => {
	const auth = c.get("auth");
	return c.json({
		version: "0",
		auth: auth ? { scopes: auth.scopes } : null,
		user: auth ? serializeUser(auth.user, auth.user) : null,
	});
});

export const controlRoutes = new Hono<ControlAppEnv>()
	.use("/api/0/*", siloRoutes("control"))
	.use("/auth/*", siloRoutes("control"))
	.route("/", apiIndex)
	.route("/", loginRoutes)
	.route("/", organizationRoutes)
	.route("/", memberRoutes)
	.route("/", inviteRoutes)
	.route("/", apiTokenRoutes)
	.route("/", rpcRoutes("control", controlService, controlRpcFor, controlRpcTrust));

/** The control worker when split: its own routes, then the gateway to the regions. */
export const controlApp = new Hono<ControlAppEnv>()
	.use("*", ingestToRelay)
	.use("*", regionHostToRegion)
	.use(
		"*",
		withRegionRpc((env) => splitRegionRpc(env, settingsOf(env))),
	)
	.use("/api/0/*", organizationHostGuard)
	.use("/api/0/*", apiAuth())
	.route("/", controlRoutes)
	.route("/", gatewayRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);

// The web UI reads through the app above, as any API client would.
controlApp.route(
	"/",
	uiRoutes((request, env, ctx) => controlApp.fetch(request, env, ctx)),
);
