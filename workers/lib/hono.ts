/** Hono glue shared by every worker's app: silo markers on routes, how cross-silo calls are made. */
import { createMiddleware } from "hono/factory";
import type { RegionRpcResolver } from "./rpc/clients";
import type { RpcClient } from "./rpc/contract";
import type { RelayService } from "./rpc/services";
import { type SettingsVars, settingsOf } from "./settings";
import { assertSilo, type Silo } from "./silo";

/** Marks the routes below as belonging to `silo` (Sentry's `region_silo_endpoint` / `control_silo_endpoint`). */
export const siloRoutes = (silo: Silo) =>
	createMiddleware<{ Bindings: SettingsVars }>(async (c, next) => {
		assertSilo(settingsOf(c.env).siloMode, silo, `route ${c.req.method} ${c.req.routePath}`);
		await next();
	});

export type RegionRpcVariables = { regionRpc: RegionRpcResolver };

/** How this deployment reaches regions: set once per request by the app that mounts the routes. */
export const withRegionRpc = <B extends SettingsVars>(resolverFor: (env: B) => RegionRpcResolver) =>
	createMiddleware<{ Bindings: B; Variables: RegionRpcVariables }>(async (c, next) => {
		c.set("regionRpc", resolverFor(c.env));
		await next();
	});

export type RelayRpcVariables = { relayRpc: RpcClient<RelayService> };

/** How the relay routes reach their region's relay service: set once per request, as above. */
export const withRelayRpc = <B extends SettingsVars>(clientFor: (env: B) => RpcClient<RelayService>) =>
	createMiddleware<{ Bindings: B; Variables: RelayRpcVariables }>(async (c, next) => {
		c.set("relayRpc", clientFor(c.env));
		await next();
	});
