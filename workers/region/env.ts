import type { RpcNonces } from "../../durable-objects/rpc-nonces";
import type { ApiAuth } from "../control/auth";
import type { GatewayIdentityVariables } from "../lib/gateway-identity";
import type { RpcEntrypoint } from "../lib/rpc/transports";
import type { SettingsVars } from "../lib/settings";

/** Bindings of a region worker (and the region half of the monolith): only this region's storage. */
export interface RegionBindings extends SettingsVars {
	REGION_DB: D1Database;
	EVENTS_BUCKET: R2Bucket;
	PROJECT_CONFIGS: KVNamespace;
	/** This region's ingest queue: the consumer reads it; dead-letter replay writes back to it. */
	INGEST_QUEUE: Queue;
	INGEST_DLQ: Queue;
	/** Stored error events, for alert rules (`postprocess-<region>`). */
	POSTPROCESS_QUEUE: Queue;
	/** Alert deliveries to run (`alerts-<region>`). */
	ALERTS_QUEUE: Queue;
	/** Cloudflare's `send_email` binding for e-mail alerts; without it e-mail actions fail. */
	ALERT_EMAIL?: SendEmail;
	/** Service binding to the control worker when deployed beside it; else CONTROL_ADDRESS over HTTPS. */
	CONTROL_RPC?: RpcEntrypoint;
	CONTROL_ADDRESS?: string;
	/** Nonces of accepted signed calls and gateway identities (durable-objects/rpc-nonces.ts). */
	RPC_NONCES?: DurableObjectNamespace<RpcNonces>;
	/** How logs are kept (JSON, workers/region/logs/config.ts). */
	LOGS_STORAGE?: string;
}

/**
 * In the monolith the control silo's auth middleware has already run and set `auth`; split, the
 * app's entry has set `gatewayIdentity` for a request the gateway forwarded (lib/gateway-identity.ts).
 */
export type RegionAppEnv = {
	Bindings: RegionBindings & { CONTROL_DB?: D1Database };
	Variables: { auth?: ApiAuth | undefined } & GatewayIdentityVariables;
};
