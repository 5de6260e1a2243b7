/**
 * Picks the transport to another silo when silos are split: a service binding named after the
 * region if the worker has one (`REGION_RPC_<NAME>`, `CONTROL_RPC`), else a signed request to the
 * address in SENTRY_REGION_CONFIG. Lookup is by name, O(1), whatever the number of regions.
 */

import { sha256Hex } from "../crypto";
import { GATEWAY_IDENTITY_HEADER } from "../gateway-identity";
import type { Settings } from "../settings";
import { type RpcClient, type RpcTransport, rpcClient } from "./contract";
import {
	type ControlService,
	controlService,
	type RegionService,
	type RelayService,
	regionService,
	relayService,
} from "./services";
import { signRequest } from "./signing";
import { bindingTransport, httpTransport, type RpcEntrypoint } from "./transports";

export const regionRpcBindingName = (regionName: string) => `REGION_RPC_${regionName.toUpperCase().replace(/-/g, "_")}`;
export const relayBindingName = (regionName: string) => `RELAY_${regionName.toUpperCase().replace(/-/g, "_")}`;
export const regionWorkerBindingName = (regionName: string) => `REGION_${regionName.toUpperCase().replace(/-/g, "_")}`;

const bindingNamed = <T>(env: object, name: string) => (env as Record<string, T | undefined>)[name];

/** Who signed calls are for (workers/lib/rpc/signing.ts): a region, or the control silo. */
export const regionAudience = (regionName: string) => `region:${regionName}`;
export const CONTROL_AUDIENCE = "control";

function requireSecret(secret: string | undefined, name = "RPC_SHARED_SECRET"): string {
	if (!secret) throw new Error(`${name} is required for cross-silo HTTP calls`);
	return secret;
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
						audience: regionAudience(regionName),
						address: settings.regions.require(regionName).address,
						secret: requireSecret(settings.rpcSharedSecret),
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
				audience: CONTROL_AUDIENCE,
				address: env.CONTROL_ADDRESS ?? settings.publicUrl.href,
				secret: requireSecret(settings.rpcSharedSecret),
			});
	return rpcClient(controlService, transport);
}

/**
 * A relay's client of its region's relay service: the `REGION_RELAY_RPC` binding (the region's
 * RelayRpc entrypoint) if bound, else HTTPS signed with RELAY_RPC_SECRET.
 */
export function relayRegionRpc(
	env: { REGION_RELAY_RPC?: RpcEntrypoint },
	settings: Settings,
	regionName: string,
): RpcClient<RelayService> {
	const transport = env.REGION_RELAY_RPC
		? bindingTransport(env.REGION_RELAY_RPC)
		: httpTransport({
				service: "relay",
				audience: regionAudience(regionName),
				address: settings.regions.require(regionName).address,
				secret: requireSecret(settings.relayRpcSecret, "RELAY_RPC_SECRET"),
			});
	return rpcClient(relayService, transport);
}

/** A request the API gateway forwards: the client's, with credentials and hop-by-hop headers removed. */
export interface ForwardedRequest {
	method: string;
	url: URL;
	headers: Headers;
	body: ArrayBuffer | undefined;
}

/** The request the gateway sends to a region's address: signed for that region, with everything it carries. */
export async function signedRegionRequest(
	settings: Settings,
	regionName: string,
	request: ForwardedRequest,
	identity: string,
): Promise<Request> {
	const url = new URL(request.url.pathname + request.url.search, settings.regions.require(regionName).address);
	const headers = new Headers(request.headers);
	headers.set(GATEWAY_IDENTITY_HEADER, identity);
	const signature = await signRequest(
		requireSecret(settings.rpcSharedSecret),
		{ audience: regionAudience(regionName), method: request.method, url, identity },
		await sha256Hex(request.body ?? new ArrayBuffer(0)),
	);
	for (const [name, value] of Object.entries(signature)) headers.set(name, value);
	return new Request(url, { method: request.method, headers, body: request.body });
}

/**
 * Sends a request the API gateway forwards to a region's worker, with the caller's identity: over
 * the region's service binding if bound (only control is bound to it: no signature), else to the
 * region's address, signed (workers/lib/gateway-identity.ts).
 */
export async function forwardToRegion(
	env: object,
	settings: Settings,
	regionName: string,
	request: ForwardedRequest,
	identity: string,
): Promise<Response> {
	const binding = bindingNamed<Fetcher>(env, regionRpcBindingName(regionName));
	if (!binding) return fetch(await signedRegionRequest(settings, regionName, request, identity));
	const headers = new Headers(request.headers);
	headers.set(GATEWAY_IDENTITY_HEADER, identity);
	return binding.fetch(new Request(request.url, { method: request.method, headers, body: request.body }));
}

/** A region's relay when deployed beside control (`RELAY_<NAME>`), for ingest hosts that reach control. */
export const relayOf = (env: object, regionName: string) => bindingNamed<Fetcher>(env, relayBindingName(regionName));
/** A region's public HTTP surface when deployed beside control (`REGION_<NAME>`), for region hosts that reach control. */
export const regionWorkerOf = (env: object, regionName: string) =>
	bindingNamed<Fetcher>(env, regionWorkerBindingName(regionName));
