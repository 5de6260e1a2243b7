/** The relay's HTTP surface: the Sentry ingest protocol. */
import { Hono } from "hono";
import { errorResponse, notFoundResponse } from "../lib/errors";
import type { RelayBindings } from "./env";

export type RelayAppEnv = { Bindings: RelayBindings };

/** Relay's liveness endpoint, as load balancers in front of Sentry's Relay probe it. */
const health = new Hono<RelayAppEnv>().get("/api/relay/healthcheck/live/", (c) => c.json({ is_healthy: true }));

export const relayRoutes = new Hono<RelayAppEnv>().route("/", health);

export const relayApp = new Hono<RelayAppEnv>()
	.route("/", relayRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
