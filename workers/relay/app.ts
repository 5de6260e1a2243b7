/** The relay's HTTP surface: the Sentry ingest protocol. */
import { Hono } from "hono";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { type RelayRpcVariables, withRelayRpc } from "../lib/hono";
import { relayRegionRpc } from "../lib/rpc/clients";
import { localRegionOf, settingsOf } from "../lib/settings";
import type { RelayBindings } from "./env";
import { isolateQuotaLeases } from "./quota-check";
import { cronRoutes } from "./routes/cron";
import { ingestRoutes } from "./routes/ingest";

export type RelayAppEnv = { Bindings: RelayBindings; Variables: RelayRpcVariables };

/**
 * Relay's liveness endpoint, as load balancers in front of Sentry's Relay probe it, and this
 * isolate's count of QuotaCounter calls (a number only; `npm run bench:quota` reads it).
 */
const health = new Hono<RelayAppEnv>()
	.get("/api/relay/healthcheck/live/", (c) => c.json({ is_healthy: true }))
	.get("/api/relay/stats/", (c) => c.json({ quotaCounterCalls: isolateQuotaLeases.calls }));

export const relayRoutes = new Hono<RelayAppEnv>().route("/", health).route("/", ingestRoutes).route("/", cronRoutes);

/** The relay when deployed on its own: it asks its region for project configs over the relay service. */
export const relayApp = new Hono<RelayAppEnv>()
	.use(
		"*",
		withRelayRpc((env: RelayBindings) => {
			const settings = settingsOf(env);
			return relayRegionRpc(env, settings, localRegionOf(settings));
		}),
	)
	.route("/", relayRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);
