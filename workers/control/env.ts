import type { RpcNonces } from "../../durable-objects/rpc-nonces";
import type { RpcEntrypoint } from "../lib/rpc/transports";
import type { SettingsVars } from "../lib/settings";

/** Bindings of the control worker (and the control half of the monolith). */
export interface ControlBindings extends SettingsVars {
	CONTROL_DB: D1Database;
	/** Nonces of accepted signed calls from regions (durable-objects/rpc-nonces.ts). */
	RPC_NONCES?: DurableObjectNamespace<RpcNonces>;
	/** Service bindings to regions, one per region the deployment binds directly: REGION_RPC_<NAME>. */
	[regionRpcBinding: `REGION_RPC_${string}`]: RpcEntrypoint | undefined;
}
