/**
 * Picks the transport to another silo when silos are split: a service binding named after the
 * region if the worker has one (`REGION_RPC_<NAME>`, `CONTROL_RPC`), else a signed request to the
 * address in SENTRY_REGION_CONFIG. Lookup is by name, O(1), whatever the number of regions.
 */

import type { Settings } from "../settings";
import { type RpcClient, type RpcTransport, rpcClient } from "./contract";
import { type ControlService, controlService, type RegionService, regionService } from "./services";
import { bindingTransport, httpTransport, type RpcEntrypoint } from "./transports";

export const regionRpcBindingName = (regionName: string) => `REGION_RPC_${regionName.toUpperCase().replace(/-/g, "_")}`;
export const relayBindingName = (regionName: string) => `RELAY_${regionName.toUpperCase().replace(/-/g, "_")}`;

const bindingNamed = <T>(env: object, name: string) => (env as Record<string, T | undefined>)[name];

function requireSecret(settings: Settings): string {
	if (!settings.rpcSharedSecret) throw new Error("RPC_SHARED_SECRET is required for cross-silo HTTP calls");
	return settings.rpcSharedSecret;
}

/** How this deployment reaches each region's RPC service. */
export type RegionRpcResolver = (regionName: string) => RpcClient<RegionService>;

export function splitRegionRpc(env: object, settings: Settings): RegionRpcResolver {
	const clients = new Map<string, RpcClient<RegionService>>();
	return (regionName) => {
		let client = clients.get(regionName);
		if (!client) {
			const binding = bindingNamed<RpcEntrypoint>(env, regionRpcBindingName(regionName));
			const transport: RpcTransport = binding
				? bindingTransport(binding)
				: httpTransport({
						service: "region",
						address: settings.regions.require(regionName).address,
						secret: requireSecret(settings),
					});
			client = rpcClient(regionService, transport);
			clients.set(regionName, client);
		}
		return client;
	};
}

export function splitControlRpc(
	env: { CONTROL_RPC?: RpcEntrypoint; CONTROL_ADDRESS?: string },
	settings: Settings,
): RpcClient<ControlService> {
	const transport = env.CONTROL_RPC
		? bindingTransport(env.CONTROL_RPC)
		: httpTransport({
				service: "control",
				address: env.CONTROL_ADDRESS ?? settings.publicUrl.href,
				secret: requireSecret(settings),
			});
	return rpcClient(controlService, transport);
}

/**
 * Sends an HTTP request to a region's worker as it is (the API gateway's forwarding): over the
 * region's service binding if bound, else to the region's address.
 */
export function forwardToRegion(
	env: object,
	settings: Settings,
	regionName: string,
	request: Request,
): Promise<Response> {
	const binding = bindingNamed<Fetcher>(env, regionRpcBindingName(regionName));
	if (binding) return binding.fetch(request);
	const url = new URL(request.url);
	const target = new URL(url.pathname + url.search, settings.regions.require(regionName).address);
	return fetch(new Request(target, request));
}

/** A region's relay when deployed beside control (`RELAY_<NAME>`), for ingest hosts that reach control. */
export const relayOf = (env: object, regionName: string) => bindingNamed<Fetcher>(env, relayBindingName(regionName));
