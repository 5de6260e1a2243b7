/**
 * The monolith (SILO_MODE=MONOLITH): relay, region and control in one worker, the same code as the
 * split deployment. Cross-silo calls to the local region and to control are direct calls.
 */
import { Hono } from "hono";
import { controlRoutes } from "../control/app";
import { apiAuth, type ControlAppEnv } from "../control/auth";
import { runControlCron } from "../control/cron";
import { organizationHostGuard } from "../control/gateway";
import { uiRoutes } from "../control/ui/routes";
import { controlDb, regionDb } from "../lib/db";
import { errorResponse, notFoundResponse } from "../lib/errors";
import { withRegionRpc, withRelayRpc } from "../lib/hono";
import { settingsOf } from "../lib/settings";
import { regionRoutes } from "../region/app";
import { runMonitorClock } from "../region/crons";
import { requeueLostMessages } from "../region/ingest";
import { applyLogRetention, logsStorageOf } from "../region/logs";
import { consumeRegionQueue } from "../region/queues";
import { applyRetention } from "../region/retention";
import { drainRegionOutbox } from "../region/rpc";
import { relayRoutes } from "../relay/app";
import { type MonolithBindings, monolithControlRpc, monolithRegionRpc, monolithRelayRpc } from "./rpc";

/** Bearer-token auth runs first, for every Web API route of both silos. */
export const monolithApp = new Hono<ControlAppEnv & { Bindings: MonolithBindings }>()
	.use("*", withRegionRpc(monolithRegionRpc))
	.use("*", withRelayRpc(monolithRelayRpc))
	.use("/api/0/*", organizationHostGuard)
	.use("/api/0/*", apiAuth())
	.route("/", relayRoutes)
	.route("/", regionRoutes)
	.route("/", controlRoutes)
	.notFound(notFoundResponse)
	.onError(errorResponse);

// The web UI reads through the monolith's own Web API, so region data comes from the region routes in-process.
monolithApp.route(
	"/",
	uiRoutes((request, env, ctx) => monolithApp.fetch(request, env as MonolithBindings, ctx)),
);

export default {
	fetch: monolithApp.fetch,
	queue: (batch, env) => consumeRegionQueue(batch, env),
	async scheduled(controller, env, ctx) {
		const { siloMode } = settingsOf(env);
		const region = regionDb(siloMode, env.REGION_DB);
		ctx.waitUntil(
			Promise.all([
				runControlCron(controlDb(siloMode, env.CONTROL_DB), monolithRegionRpc(env)),
				drainRegionOutbox(region, monolithControlRpc(env)),
				applyRetention(region, env.EVENTS_BUCKET),
				applyLogRetention(region, env.EVENTS_BUCKET, logsStorageOf(env)),
				runMonitorClock(region, env.INGEST_QUEUE),
				requeueLostMessages(env, controller.cron),
			]),
		);
	},
} satisfies ExportedHandler<MonolithBindings>;

// Entrypoints for workers that bind to the monolith's silos over service bindings.
export { QuotaCounter } from "../../durable-objects/quota-counter";
export { RpcNonces } from "../../durable-objects/rpc-nonces";
export { ControlRpc } from "../control";
export { RegionRpc, RelayRpc } from "../region";
