/** Entry of the control worker (SILO_MODE=CONTROL): login, users, tokens, org mapping, gateway. */
import { WorkerEntrypoint } from "cloudflare:workers";
import { controlDb } from "../lib/db";
import { splitRegionRpc } from "../lib/rpc/clients";
import { serveRpc } from "../lib/rpc/contract";
import { controlService } from "../lib/rpc/services";
import type { RpcEntrypoint } from "../lib/rpc/transports";
import { settingsOf } from "../lib/settings";
import { controlApp, controlRpcFor } from "./app";
import { runControlCron } from "./cron";
import type { ControlBindings } from "./env";

/** Service-binding RPC for region workers deployed beside control. */
export class ControlRpc extends WorkerEntrypoint<ControlBindings> implements RpcEntrypoint {
	rpc(method: string, input: unknown) {
		return serveRpc(controlService, controlRpcFor(this.env), method, input);
	}
}

export default {
	fetch: controlApp.fetch,
	async scheduled(_controller, env, ctx) {
		const settings = settingsOf(env);
		ctx.waitUntil(runControlCron(controlDb(settings.siloMode, env.CONTROL_DB), splitRegionRpc(env, settings)));
	},
} satisfies ExportedHandler<ControlBindings>;

export { RpcNonces } from "../../durable-objects/rpc-nonces";
