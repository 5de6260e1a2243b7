import type { QuotaCounter } from "../../durable-objects/quota-counter";
import type { RpcEntrypoint } from "../lib/rpc/transports";
import type { SettingsVars } from "../lib/settings";

/** Bindings of a relay: the project-config cache and its own region's ingest queue and bucket. */
export interface RelayBindings extends SettingsVars {
	PROJECT_CONFIGS: KVNamespace;
	INGEST_QUEUE: Queue;
	EVENTS_BUCKET: R2Bucket;
	/** One QuotaCounter per organization, hosted by the relay. */
	QUOTA_COUNTER: DurableObjectNamespace<QuotaCounter>;
	/** The region's RelayRpc entrypoint (getProjectConfig only); without it, HTTPS signed with RELAY_RPC_SECRET. */
	REGION_RELAY_RPC?: RpcEntrypoint;
	/** Optional JSON overriding size limits (workers/relay/limits.ts), in bytes. */
	INGEST_LIMITS?: string;
}
