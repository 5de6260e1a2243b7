/** Cross-silo calls inside the monolith: the local region and control are called directly. */
import { controlRpcFor } from "../control/app";
import type { ControlBindings } from "../control/env";
import type { RegionRpcResolver } from "../lib/rpc/clients";
import { splitRegionRpc } from "../lib/rpc/clients";
import { directTransport, type RpcClient, rpcClient } from "../lib/rpc/contract";
import { controlService, type RegionService, regionService, relayService } from "../lib/rpc/services";
import { settingsOf } from "../lib/settings";
import type { RegionBindings } from "../region/env";
import { regionRpcFor, relayRpcFor } from "../region/rpc";
import type { RelayBindings } from "../relay/env";

export type MonolithBindings = ControlBindings & RegionBindings & RelayBindings;

/** The local region is called directly; any other region configured is reached as when split. */
export function monolithRegionRpc(env: MonolithBindings): RegionRpcResolver {
	const settings = settingsOf(env);
	const remote = splitRegionRpc(env, settings);
	let local: RpcClient<RegionService> | undefined;
	return (regionName) => {
		if (regionName !== settings.localRegion) return remote(regionName);
		local ??= rpcClient(regionService, directTransport(regionService, regionRpcFor(env)));
		return local;
	};
}

export const monolithControlRpc = (env: MonolithBindings) =>
	rpcClient(controlService, directTransport(controlService, controlRpcFor(env)));

/** The relay routes ask the local region's relay service directly. */
export const monolithRelayRpc = (env: MonolithBindings) =>
	rpcClient(relayService, directTransport(relayService, relayRpcFor(env)));
