/** The control worker's HTTP surface. */
import { Hono } from "hono";
import { controlDb } from "../lib/db";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { siloRoutes } from "../lib/hono";
import { rpcRoutes } from "../lib/rpc/http";
import { controlService } from "../lib/rpc/services";
import { settingsOf } from "../lib/settings";
import { apiAuth, type ControlAppEnv } from "./auth";
import type { ControlBindings } from "./env";
import { controlRpcImplementation } from "./rpc";

export const controlRpcFor = (env: ControlBindings) =>
	controlRpcImplementation(controlDb(settingsOf(env).siloMode, env.CONTROL_DB));

/** `GET /api/0/`: the API index, as sentry-cli's `info` reads it. */
const apiIndex = new Hono<ControlAppEnv>().get("/api/0/", (c) => {
	const auth = c.get("auth");
	return c.json({
		version: "0",
		auth: auth ? { scopes: auth.scopes } : null,
		user: auth
			? { id: String(auth.user.id), name: auth.user.name, username: auth.user.email, email: auth.user.email }
			: null,
	});
});

export const controlRoutes = new Hono<ControlAppEnv>()
	.use("/api/0/*", siloRoutes("control"))
	.route("/", apiIndex)
	.route("/", rpcRoutes("control", controlService, controlRpcFor));

export const controlApp = new Hono<ControlAppEnv>()
	.use("/api/0/*", apiAuth())
	.route("/", controlRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
