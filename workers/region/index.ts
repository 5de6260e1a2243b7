/** Entry of a region worker (SILO_MODE=REGION): one region's API, queue consumers and RPC. */
import { WorkerEntrypoint } from "cloudflare:workers";
import { regionDb } from "../lib/db";
import { splitControlRpc } from "../lib/rpc/clients";
import { serveRpc } from "../lib/rpc/contract";
import { regionService, relayService } from "../lib/rpc/services";
import type { RpcEntrypoint } from "../lib/rpc/transports";
import { settingsOf } from "../lib/settings";
import { boundRegionApp, regionApp } from "./app";
import { runMonitorClock } from "./crons";
import type { RegionBindings } from "./env";
import { requeueLostMessages } from "./ingest";
import { applyLogRetention, logsStorageOf } from "./logs";
import { consumeRegionQueue } from "./queues";
import { applyRetention } from "./retention";
import { drainRegionOutbox, regionRpcFor, relayRpcFor } from "./rpc";

/** For a control worker deployed beside this region: RPC, and the API gateway's forwarded requests. */
export class RegionRpc extends WorkerEntrypoint<RegionBindings> implements RpcEntrypoint {
	rpc(method: string, input: unknown) {
		return serveRpc(regionService, regionRpcFor(this.env), method, input);
	}

	override fetch(request: Request) {
		return boundRegionApp.fetch(request, this.env, this.ctx);
	}
}

/** For this region's relays: their one question (project configs), and nothing else. */
export class RelayRpc extends WorkerEntrypoint<RegionBindings> implements RpcEntrypoint {
	rpc(method: string, input: unknown) {
		return serveRpc(relayService, relayRpcFor(this.env), method, input);
	}
}

export default {
	fetch: regionApp.fetch,
	queue: (batch, env) => consumeRegionQueue(batch, env),
	async scheduled(controller, env, ctx) {
		const settings = settingsOf(env);
		const db = regionDb(settings.siloMode, env.REGION_DB);
		ctx.waitUntil(
			Promise.all([
				drainRegionOutbox(db, splitControlRpc(env, settings)),
				applyRetention(db, env.EVENTS_BUCKET),
				applyLogRetention(db, env.EVENTS_BUCKET, logsStorageOf(env)),
				runMonitorClock(db, env.INGEST_QUEUE),
				requeueLostMessages(env, controller.cron),
			]),
		);
	},
} satisfies ExportedHandler<RegionBindings>;

export { RpcNonces } from "../../durable-objects/rpc-nonces";
