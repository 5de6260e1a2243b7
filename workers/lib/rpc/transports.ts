/** The split-mode transports: a service binding (few regions) or a signed HTTPS request (many). */
import { sha256Hex } from "../crypto";
import { RpcError, type RpcTransport } from "./contract";
import { signRequest } from "./signing";

/** `relay` is the relay's own, narrow service on a region (services.ts). */
export type RpcService = "region" | "control" | "relay";

export const rpcPath = (service: RpcService, method: string) => `/api/0/internal/rpc/${service}/${method}/`;

/** What a worker that serves RPC exposes on its entrypoint for service-binding callers. */
export interface RpcEntrypoint {
	rpc(method: string, input: unknown): Promise<unknown>;
}

export function bindingTransport(binding: RpcEntrypoint): RpcTransport {
	return (method, input) => binding.rpc(method, input);
}

export function httpTransport(options: {
	service: RpcService;
	/** Who serves it: the region's name, or `control`; part of the signature. */
	audience: string;
	address: string;
	secret: string;
	/** How to send the request; the global fetch unless given (tests pass the worker's own fetch). */
	send?: (request: Request) => Promise<Response>;
	timeoutMs?: number;
}): RpcTransport {
	const send = options.send ?? ((request: Request) => fetch(request));
	return async (method, input) => {
		const url = new URL(rpcPath(options.service, method), options.address);
		const body = JSON.stringify(input);
		const signature = await signRequest(
			options.secret,
			{ audience: options.audience, method: "POST", url },
			await sha256Hex(body),
		);
		const response = await send(
			new Request(url, {
				method: "POST",
				headers: { "content-type": "application/json", ...signature },
				body,
				signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
			}),
		);
		const text = await response.text();
		if (!response.ok) throw new RpcError(`${options.service}.${method} failed with ${response.status}: ${text}`);
		return JSON.parse(text) as unknown;
	};
}
